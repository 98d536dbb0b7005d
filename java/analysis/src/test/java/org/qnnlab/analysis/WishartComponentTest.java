package org.qnnlab.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Boundary;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.StateVector;
import org.qnnlab.sim.kernel.KernelTestSupport;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.kernel.ScalarKernel;

/**
 * The orbit component of {@link Wishart#component} and the gradient theory: the orbit space's dimension against the
 * rank of states the circuit actually reaches, the restricted algebra, the Haar moments on a full component against
 * sampling (every kernel), the exact Haar gradient variance against the Lie-algebraic formula (an independent
 * derivation) and against sampling, and the normal law.
 */
class WishartComponentTest {

    private static final Simulator SCALAR = new Simulator(new ScalarKernel());

    /**
     * The rank of the states {@code U(θ)|ψ⟩} at {@code count} random θ: the orbit spans its invariant space, so this
     * rank is {@code dim K}, computed without the Krylov iteration (eigenvalues of the real embedding of the Gram
     * matrix, each eigenvalue twice).
     */
    private static int reachedRank(Circuit c, int count) {
        int d = 1 << c.numQubits();
        List<double[]> states = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            try (StateVector psi = StateVector.zero(c.numQubits())) {
                SCALAR.apply(c, Circuit.randomAngles(c.numParameters(), 100 + s), new double[0], psi);
                states.add(psi.amplitudes());
            }
        }
        DMatrixRMaj g = new DMatrixRMaj(2 * count, 2 * count);
        for (int a = 0; a < count; a++) {
            for (int b = 0; b < count; b++) {
                double re = 0;
                double im = 0;
                double[] x = states.get(a);
                double[] y = states.get(b);
                for (int i = 0; i < d; i++) {
                    re += x[2 * i] * y[2 * i] + x[2 * i + 1] * y[2 * i + 1];
                    im += x[2 * i] * y[2 * i + 1] - x[2 * i + 1] * y[2 * i];
                }
                g.set(a, b, re);
                g.set(a + count, b + count, re);
                g.set(a, b + count, -im);
                g.set(a + count, b, im);
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(2 * count, false, true);
        assertTrue(eig.decompose(g));
        int rank = 0;
        for (int i = 0; i < 2 * count; i++) {
            rank += eig.getEigenvalue(i).getReal() > 1e-8 * count ? 1 : 0;
        }
        return rank / 2;
    }

    @Test
    void orbitDimensionIsTheRankOfReachedStates() {
        for (Circuit c : List.of(Ansatz.hea(3, 6), Ansatz.hvaXxz(4, 12, Boundary.OPEN),
                Ansatz.hvaXxz(6, 20, Boundary.PERIODIC), Ansatz.hvaTfim(4, 12, Boundary.OPEN),
                Ansatz.hvaTfim(5, 12, Boundary.PERIODIC))) {
            Wishart.Component comp = Wishart.component(c, LieDecomposition.of(c), Observable.parse("X0"), 0, SCALAR);
            assertEquals(reachedRank(c, 40), comp.dimension(), c.toString());
        }
    }

    @Test
    void orbitTheoryAloneEqualsTheComponentsTheoryAndBasisSpansTheAlgebra() {
        for (Circuit c : List.of(Ansatz.hvaXxz(4, 12, Boundary.PERIODIC), Ansatz.hvaTfim(4, 8, Boundary.OPEN))) {
            LieDecomposition algebra = LieDecomposition.of(c);
            for (String o : List.of("Z0*Z1", "X0", "Z0 + 0.5*X1*X2")) {
                Wishart.FullAlgebra a = Wishart.component(c, algebra, Observable.parse(o), 0, SCALAR).theory();
                Wishart.FullAlgebra b = Wishart.orbitTheory(c, Observable.parse(o), SCALAR);
                assertEquals(a, b, c + " " + o);
            }
            // the closure-order basis is orthonormal and spans the centre and every ideal
            List<Observable> basis = algebra.basis();
            assertEquals(algebra.dimension(), basis.size());
            List<Observable> parts = new java.util.ArrayList<>(algebra.centre());
            for (int j = 0; j < algebra.idealDimensions().size(); j++) {
                parts.addAll(algebra.ideal(j));
            }
            for (Observable p : parts) {
                assertEquals(1.0, LieDecompositionTest.projection(basis, p), 1e-9, c.toString());
            }
        }
    }

    @Test
    void fullAlgebraAndSmallAlgebrasAreTold() {
        Circuit hea = Ansatz.hea(3, 6);
        Wishart.Component h = Wishart.component(hea, LieDecomposition.of(hea), Observable.parse("Z0"), 5, SCALAR);
        assertEquals(8, h.dimension());
        assertEquals(63, h.restrictedSpecialDimension(), "su(8)");
        assertTrue(h.full());
        assertEquals(Wishart.fullAlgebra(Observable.parse("Z0"), 3).haarVariance(), h.theory().haarVariance(), 1e-14,
                "on the whole space the component theory is the full-algebra theory");
        Circuit tfim = Ansatz.hvaTfim(4, 8, Boundary.OPEN);
        Wishart.Component t = Wishart.component(tfim, LieDecomposition.of(tfim), Observable.parse("X0"), 0, SCALAR);
        assertFalse(t.full(), "the TFIM HVA's algebra is far smaller than su(dim K)");
        assertTrue(t.algebraDimension() < t.dimension() * t.dimension() - 1);
    }

    /**
     * hva-xxz at n = 4 from singlets: the orbit component is full, so ℓ on it has the Haar moments of d = dim K, and
     * ∂_kℓ in the middle of the circuit the Haar gradient variance with the restricted generator; on every kernel.
     */
    @ParameterizedTest
    @EnumSource(KernelType.class)
    void fullComponentHasTheHaarMomentsOnIt(KernelType type) {
        Simulator sim = new Simulator(KernelTestSupport.requireOrSkip(type, 1));
        Circuit c = Ansatz.hvaXxz(4, Wishart.deepLayers("hva-xxz", 4), Boundary.OPEN);
        Observable o = Observable.parse("Z0*Z1 + 0.5*Z1*Z2");
        int k = c.numParameters() / 2;
        Wishart.Prediction p = Wishart.predictComponent(c, LieDecomposition.of(c), o, k, sim);
        assertTrue(p.hasLaw());
        GradientStatistics.Sample s = GradientStatistics.sample(sim, c, o, k, 1500, 11, 2);
        Wishart.Analysis a = Wishart.analyze(p, s.losses(), s.gradients());
        assertEquals(p.theory().haarMean(), a.losses().mean(), 4 * a.losses().meanError());
        assertEquals(p.theory().haarVariance(), a.losses().variance(), 4 * a.losses().varianceError());
        assertEquals(p.gradientVariance(), a.gradients().variance(), 4 * a.gradients().varianceError());
        assertTrue(a.loss().lawIsExact() || a.loss().paperKsStatistic() > 0);
    }

    /**
     * The exact Haar gradient variance of a Pauli rotation, derived here with the Weingarten formula, against the
     * Lie-algebraic formula for su(2^n) (Ragone et al., computed from the algebra's Casimir) and against sampling at
     * the middle parameter of a deep HEA.
     */
    @Test
    void haarGradientVarianceMatchesTheLieAlgebraicFormulaAndSampling() {
        int n = 3;
        Circuit c = Ansatz.hea(n, Wishart.deepLayers("hea", n));
        for (String text : List.of("Z0", "Z0*Z1 + 0.5*X2", "0.3*Z0 + Y1*X2")) {
            Observable o = Observable.parse(text);
            int k = c.numParameters() / 2;
            double haar = Wishart.predictFullAlgebra(c, o, k).gradientVariance();
            LieAlgebraicVariance.Result lie = LieAlgebraicVariance.of(c, o, SCALAR);
            assertEquals(lie.gradientVariances().get(k), haar, 1e-12 * haar, text);
            GradientStatistics.Sample s = GradientStatistics.sample(SCALAR, c, o, k, 3000, 5, 2);
            assertEquals(haar, s.gradient().variance(), 4 * s.gradient().varianceError(), text);
        }
        // a Pauli on the full space: (d Tr Õ² − (Tr Õ)²)/(2(d² − 1)(d + 1)) = d²/(2(d² − 1)(d + 1)) for Z0
        double d = 8;
        assertEquals(d * d / (2 * (d * d - 1) * (d + 1)),
                Wishart.fullAlgebra(Observable.parse("Z0"), n).haarGradientVariancePauli(), 1e-15);
    }

    @Test
    void normalLawAndCriterion() {
        Distributions.Normal z = new Distributions.Normal(1, 4);
        assertEquals(0.5, z.cdf(1), 1e-15);
        assertEquals(0.8413447460685429, z.cdf(3), 1e-12, "Φ(1)");
        assertEquals(1 / Math.sqrt(8 * Math.PI), z.density(1), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> new Distributions.Normal(0, 0));
        assertEquals(6.0 / 8, Wishart.gaussianCriterion(Wishart.fullAlgebra(Observable.parse("Z0"), 4)), 1e-15,
                "a Pauli string on 4 qubits: r = 8");
        assertEquals(6.0, Wishart.gaussianCriterion(Wishart.fullAlgebra(Wishart.zeroProjector(4), 4)), 1e-15,
                "rank one: r = 1 at every n, never Gaussian");
    }
}
