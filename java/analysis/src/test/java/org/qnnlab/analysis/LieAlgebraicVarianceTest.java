package org.qnnlab.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Boundary;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Hamiltonians;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.kernel.KernelTestSupport;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.kernel.ScalarKernel;
import org.qnnlab.train.AdjointGradient;

class LieAlgebraicVarianceTest {

    private static Simulator simulator(KernelType type) {
        return new Simulator(KernelTestSupport.requireOrSkip(type, 1));
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void fullAlgebraGivesTheHaarVariance(KernelType type) {
        for (int n : new int[] {2, 3}) {
            int d = 1 << n;
            // HEA from |0…0>, deep enough to be universal: g = su(d), a single simple ideal
            LieAlgebraicVariance.Result r = LieAlgebraicVariance.of(Ansatz.hea(n, 2 * n), obs("Z0"), simulator(type));
            assertEquals(d * d - 1, r.dimension());
            assertEquals(1, r.ideals().size());
            LieAlgebraicVariance.Ideal ideal = r.ideals().get(0);
            assertEquals(1 - 1.0 / d, ideal.statePurity(), 1e-12); // Tr((ρ − I/d)²) for a pure state
            assertEquals(d, ideal.observablePurity(), 1e-12); // Tr(Z0²)
            assertEquals(1.0 / (d + 1), r.variance(), 1e-12); // the Haar value
            assertEquals(1.0 / (d + 1), r.singleIdealVariance(), 1e-12);
            assertEquals(0, r.mean(), 1e-12);
            // a middle parameter's generator is a Pauli string; the Casimir of su(d) is 2d
            assertEquals((double) d * d / (2.0 * (d - 1) * (d + 1) * (d + 1)),
                    r.gradientVariances().get(r.gradientVariances().size() / 2), 1e-12);
        }
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void independentQubitsAddTheirBlochSphereVariances(KernelType type) {
        // RX/RZ layers without entanglers: g = su(2) ⊕ su(2); each qubit's ⟨Z⟩ is uniform on [−1, 1] (variance 1/3)
        Circuit c = new Circuit(2);
        for (int l = 0; l < 3; l++) {
            for (int q = 0; q < 2; q++) {
                c.rx(c.newParameter(), q).rz(c.newParameter(), q);
            }
        }
        LieAlgebraicVariance.Result r = LieAlgebraicVariance.of(c, obs("Z0 + 0.5*Z1"), simulator(type));
        assertEquals(List.of(3, 3), r.ideals().stream().map(LieAlgebraicVariance.Ideal::dimension).toList());
        assertEquals(1.0 / 3 + 0.25 / 3, r.variance(), 1e-12);
        // P_{g_j}(ρ) = Tr((Z_j/4)²) = 1/4 on each qubit
        assertEquals(0.25, r.ideals().get(0).statePurity(), 1e-12);
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void centreGivesAConstantLoss(KernelType type) {
        // rz on |0>: g = span{Z0} is all centre; ℓ = ⟨Z0 + 0.5⟩ = 1.5 for every θ
        Circuit c = new Circuit(1);
        c.rz(c.newParameter(), 0);
        LieAlgebraicVariance.Result r = LieAlgebraicVariance.of(c, obs("Z0 + 0.5"), simulator(type));
        assertEquals(1, r.centreDimension());
        assertEquals(List.of(), r.ideals());
        assertEquals(0, r.variance(), 0);
        assertEquals(1.5, r.mean(), 1e-12);
        // X0 is outside g, but ρ = |0><0| = (I + Z0)/2 is in it: the theorem applies, ⟨X0⟩ = 0 for every θ
        LieAlgebraicVariance.Result x = LieAlgebraicVariance.of(c, obs("X0"), simulator(type));
        assertEquals(1, x.observableOutside(), 1e-12);
        assertEquals(0, x.stateOutside(), 1e-12);
        assertEquals(0, x.mean(), 1e-12);
    }

    @Test
    void refusesWhenNeitherStateNorObservableIsInTheAlgebra() {
        Circuit c = new Circuit(1).h(0);
        c.rz(c.newParameter(), 0);
        Simulator sim = new Simulator(new ScalarKernel());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LieAlgebraicVariance.of(c, obs("X0"), sim));
        assertTrue(e.getMessage().contains("neither the observable (1.00 of its norm outside the algebra) nor the "
                + "state (1.00 outside)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LieAlgebraicVariance.of(c, obs("Z3"), sim));
        assertTrue(e.getMessage().contains("acts on qubit 3 but the circuit has 1 qubit"), e.getMessage());
    }

    /**
     * The TFIM HVA from |+>^n at 40 layers, O = −Σ Z_iZ_j − Σ X_i (a sum of the generators, so O ∈ ig): the
     * prediction against the sampled variance and mean of ℓ over uniform θ. The open chain's algebra is one simple
     * ideal plus a centre; the periodic chain's splits into su(2) ideals, and there the single-ideal formula is off.
     */
    @ParameterizedTest
    @EnumSource(KernelType.class)
    void deepTfimHvaMatchesSampling(KernelType type) {
        Simulator sim = simulator(type);
        int n = 4;
        for (Boundary b : Boundary.values()) {
            Circuit c = Ansatz.hvaTfim(n, 40, b);
            Observable o = Hamiltonians.tfim(n, 1, b);
            LieAlgebraicVariance.Result r = LieAlgebraicVariance.of(c, o, sim);
            Moments m = sample(sim, c, o, 4000, 11);
            System.out.printf(Locale.ROOT, "TFIM HVA n=%d %s, 40 layers, O=H_TFIM [%s]: dim %d (centre %d, ideals %s); "
                    + "Var theory %.5f (single-ideal %.5f), sampled %.5f ± %.5f; "
                    + "mean theory %.5f, sampled %.5f ± %.5f%n",
                    n, b, type, r.dimension(), r.centreDimension(),
                    r.ideals().stream().map(LieAlgebraicVariance.Ideal::dimension).toList(), r.variance(),
                    r.singleIdealVariance(), m.variance, m.varianceError, r.mean(), m.mean, m.meanError);
            assertEquals(0, r.observableOutside(), LieAlgebraicVariance.IN_ALGEBRA_TOLERANCE);
            assertEquals(r.variance(), m.variance, 4 * m.varianceError);
            assertEquals(r.mean(), m.mean, 4 * m.meanError);
            for (int k : new int[] {40, 41}) {
                Moments g = sampleGradient(sim, c, o, k, 2000, 7);
                double predicted = r.gradientVariances().get(k);
                System.out.printf(Locale.ROOT, "  Var ∂_%d ℓ theory %.5f, sampled %.5f ± %.5f; mean %.5f ± %.5f%n", k,
                        predicted, g.variance, g.varianceError, g.mean, g.meanError);
                assertEquals(predicted, g.variance, 4 * g.varianceError);
                assertEquals(0, g.mean, 4 * g.meanError);
            }
            if (b == Boundary.PERIODIC) {
                assertTrue(Math.abs(r.singleIdealVariance() - m.variance) > 4 * m.varianceError,
                        "the single-ideal formula should be off for the periodic chain");
            }
        }
    }

    private record Moments(double mean, double meanError, double variance, double varianceError) {
    }

    /** Sample mean and variance of ℓ over uniform θ. */
    private static Moments sample(Simulator sim, Circuit c, Observable o, int count, long seed) {
        double[] v = new double[count];
        for (int i = 0; i < count; i++) {
            v[i] = sim.expectation(c, c.randomParameters(seed + i), new double[0], o);
        }
        return moments(v);
    }

    /** Sample mean and variance of ∂_kℓ over uniform θ (adjoint gradient). */
    private static Moments sampleGradient(Simulator sim, Circuit c, Observable o, int k, int count, long seed) {
        AdjointGradient adjoint = new AdjointGradient(sim);
        double[] v = new double[count];
        for (int i = 0; i < count; i++) {
            v[i] = adjoint.gradient(c, c.randomParameters(seed + i), new double[0], o).gradient()[k];
        }
        return moments(v);
    }

    /** Mean and unbiased variance with standard errors (SE of s² from the fourth central moment). */
    private static Moments moments(double[] v) {
        int count = v.length;
        double mean = 0;
        for (double x : v) {
            mean += x / count;
        }
        double m2 = 0;
        double m4 = 0;
        for (double x : v) {
            double dx = (x - mean) * (x - mean);
            m2 += dx / count;
            m4 += dx * dx / count;
        }
        double s2 = m2 * count / (count - 1);
        return new Moments(mean, Math.sqrt(s2 / count), s2, Math.sqrt((m4 - m2 * m2) / count));
    }

    private static Observable obs(String s) {
        return Observable.parse(s);
    }

    @Test
    void aDecompositionServesSeveralObservablesOfOneCircuit() {
        Simulator sim = new Simulator(new ScalarKernel());
        Circuit c = Ansatz.hvaTfim(4, 3, Boundary.PERIODIC);
        LieDecomposition algebra = LieDecomposition.of(c);
        for (Observable o : List.of(Hamiltonians.tfim(4, 1.0, Boundary.PERIODIC),
                Observable.parse("X0 + X1 + X2 + X3"))) {
            LieAlgebraicVariance.Result once = LieAlgebraicVariance.of(c, algebra, o, sim);
            LieAlgebraicVariance.Result fresh = LieAlgebraicVariance.of(c, o, sim);
            assertEquals(fresh.variance(), once.variance(), 0);
            assertEquals(fresh.gradientVariances(), once.gradientVariances());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LieAlgebraicVariance.of(
                Ansatz.hvaTfim(5, 3, Boundary.PERIODIC), algebra, Observable.parse("X0"), sim));
        assertTrue(e.getMessage().contains("the algebra acts on 4 qubits, the circuit on 5"), e.getMessage());
    }
}
