package org.qnnlab.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Encodings;
import org.qnnlab.sim.Gates;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Simulator;
import org.qnnlab.train.Gradient;
import org.qnnlab.train.ParameterShiftGradient;
import org.qnnlab.train.QnnModel;
import org.qnnlab.sim.Rng;
import org.qnnlab.train.data.Dataset;
import org.qnnlab.train.data.Datasets;

class TangentKernelTest {

    private static final Simulator SIM = Simulator.create();

    /** RX angle encoding of {@code features} inputs on {@code n} qubits, then a default HEA with {@code layers}. */
    private static QnnModel model(int n, int features, int layers, String observable, double gamma) {
        Circuit enc = Encodings.angle(new Circuit(n).declareInputs(features), features, Gates.RX, 1.0);
        return QnnModel.of(enc, Ansatz.hea(n, layers), Observable.parse(observable), gamma);
    }

    /** θ uniform in [0, 2π) from a seeded generator. */
    private static double[] randomTheta(int m, long seed) {
        Rng rng = new Rng(seed);
        double[] th = new double[m];
        for (int k = 0; k < m; k++) {
            th[k] = 2 * Math.PI * rng.nextDouble();
        }
        return th;
    }

    /** 6 samples of 3 features in [0, π] labelled by a smooth teacher with values in [−0.8, 0.8]. */
    private static Dataset smallRegression() {
        return Datasets.labelled("teacher", 6, 3, 0, Math.PI,
                x -> 0.8 * Math.sin(x[0] - x[1]) * Math.cos(x[2]), new Rng(11));
    }

    @Test
    void kernelIsJJTransposeFromParameterShiftGradients() {
        QnnModel m = model(3, 3, 2, "0.7*Z0*Z1 + X2", 2.0); // γ ≠ 1: the kernel sees the scaled observable
        Dataset data = smallRegression();
        double[][] xs = data.x();
        double[] theta = randomTheta(m.numParameters(), 5);
        double[][] k = TangentKernel.kernel(SIM, m, theta, xs, 2);

        ParameterShiftGradient shift = new ParameterShiftGradient(SIM);
        double[][] j = new double[xs.length][];
        for (int i = 0; i < xs.length; i++) {
            Gradient g = shift.gradient(m.circuit(), theta, xs[i], m.scaledObservable());
            j[i] = g.gradient();
        }
        double max = 0;
        for (int a = 0; a < xs.length; a++) {
            for (int b = 0; b < xs.length; b++) {
                double expected = 0;
                for (int p = 0; p < m.numParameters(); p++) {
                    expected += j[a][p] * j[b][p];
                }
                assertEquals(expected, k[a][b], 1e-9, "K[" + a + "][" + b + "]");
                assertEquals(k[a][b], k[b][a], 0.0, "exact symmetry");
                max = Math.max(max, Math.abs(k[a][b]));
            }
        }
        assertTrue(max > 0.1, "a non-trivial kernel, max |K| = " + max);
        double[] ev = Spectra.symmetricEigenvalues(k);
        assertTrue(ev[0] >= -1e-12 * ev[ev.length - 1], "PSD: smallest eigenvalue " + ev[0]);
        // sample-parallel evaluation is bit-identical for any thread count
        double[][] k1 = TangentKernel.kernel(SIM, m, theta, xs, 1);
        for (int a = 0; a < xs.length; a++) {
            assertArrayEquals(k1[a], k[a], 0.0);
        }
    }

    @Test
    void tinyLearningRateTracksTheFrozenKernel() {
        QnnModel m = model(3, 3, 2, "Z0", 1.0);
        Dataset data = smallRegression();
        double[] theta0 = randomTheta(m.numParameters(), 7);
        double eta = 1e-4;
        TangentKernel.Result res = TangentKernel.train(SIM, m, data, theta0, eta, 5, 1, 2);
        List<TangentKernel.Step> s = res.steps();
        assertEquals(6, s.size());
        double r0 = s.get(0).residualNorm();
        assertEquals(r0, s.get(0).frozenResidualNorm(), 1e-12 * r0, "same start");
        assertEquals(0.0, s.get(0).drift(), 0.0, "no drift at step 0");
        for (int t = 1; t <= 5; t++) {
            TangentKernel.Step st = s.get(t);
            assertEquals(t, st.step());
            double actualDrop = r0 - st.residualNorm();
            double frozenDrop = r0 - st.frozenResidualNorm();
            System.out.printf("tiny eta: t=%d ‖r‖=%.12f frozen=%.12f drop %.3e vs %.3e drift %.3e%n", t,
                    st.residualNorm(), st.frozenResidualNorm(), actualDrop, frozenDrop, st.drift());
            assertTrue(frozenDrop > 0, "the frozen kernel predicts a decrease");
            // the decrease itself (first order in η) matches kernel regression to O(η·‖K‖·t)
            assertEquals(frozenDrop, actualDrop, 1e-2 * frozenDrop, "residual decrease at step " + t);
            assertTrue(Math.abs(st.residualNorm() - st.frozenResidualNorm()) < 5e-6 * r0, "relative difference");
            assertTrue(st.drift() > s.get(t - 1).drift(), "drift grows at step " + t);
            assertTrue(st.drift() < 1e-2, "drift stays small at tiny η: " + st.drift());
            assertEquals(0.5 * st.residualNorm() * st.residualNorm(), st.loss(), 1e-15);
        }
    }

    @Test
    void recordsTheScheduleAndTakesPlainGradientSteps() {
        QnnModel m = model(2, 2, 1, "Z0 + 0.5*X1", 1.0);
        Dataset data = Datasets.parity(2, 0, null);
        double[] theta0 = randomTheta(m.numParameters(), 3);
        double eta = 0.05;
        List<Integer> progress = new ArrayList<>();
        TangentKernel.Result res = TangentKernel.train(SIM, m, data, theta0, eta, 7, 3, 1, progress::add);
        assertEquals(List.of(0, 3, 6, 7), res.steps().stream().map(TangentKernel.Step::step).toList());
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), progress);
        assertEquals(eta, res.learningRate());

        // step 0: the kernel and its spectrum at θ0
        double[][] k0 = TangentKernel.kernel(SIM, m, theta0, data.x(), 1);
        assertArrayEquals(Spectra.symmetricEigenvalues(k0), res.steps().get(0).eigenvalues(), 1e-12);

        // one step is θ − η·Jᵀr
        TangentKernel.Result one = TangentKernel.train(SIM, m, data, theta0, eta, 1, 1, 1);
        var jac = m.jacobian(SIM, theta0, data.x(), 1);
        double[] expected = theta0.clone();
        for (int k = 0; k < expected.length; k++) {
            for (int i = 0; i < data.size(); i++) {
                expected[k] -= eta * jac.rows()[i][k] * (jac.values()[i] - data.target(i));
            }
        }
        assertArrayEquals(expected, one.finalTheta(), 1e-14);
        assertEquals(List.of(0, 1), one.steps().stream().map(TangentKernel.Step::step).toList());
        assertEquals(TangentKernel.NONE, one.fit().betterFit(), "one point t ≥ 1 cannot be fitted");
        assertTrue(Double.isNaN(one.fit().powerLawExponent()));
        double[] f1 = m.values(SIM, one.finalTheta(), data.x(), 1);
        double r2 = 0;
        for (int i = 0; i < f1.length; i++) {
            r2 += (f1[i] - data.target(i)) * (f1[i] - data.target(i));
        }
        assertEquals(Math.sqrt(r2), one.last().residualNorm(), 1e-14);
    }

    /**
     * The headline of You, Chakrabarti, Chen and Wu (ICML 2023). Parity of 2 bits has targets y = ±1 and the model
     * can represent it exactly (RX(π·bit) encodes the bits; two HEA layers can make the CNOT that puts the parity on
     * qubit 0). With the Pauli observable Z0 and γ = 1, |f| ≤ 1, so fitting y = ±1 means driving ⟨Z0⟩ to an
     * eigenvalue: the state must approach an eigenstate of Z0, where every ∂_k f vanishes (f is extremal), so the
     * tangent kernel collapses with the residual. Near a target, with ε = 1 − |f|, ‖∇f‖² ∝ ε and dε/dt ∝ −ε², so
     * ε ∝ 1/t: sublinear, power-law convergence with α ≈ 1, far slower than the frozen kernel predicts. With γ = 3
     * (> max|y|) the targets ±1 are interior values ⟨Z0⟩ = ±1/3 where the gradient is non-zero; the kernel stays
     * non-degenerate and the residual decays exponentially (linear convergence), as kernel regression would.
     *
     * <p>The runs use the same η·γ², so ηK(θ) is the same at the same θ (K scales with γ²): the difference is the type
     * of convergence, not a larger step.
     */
    @Test
    void scaledObservableRestoresExponentialConvergence() {
        Dataset data = Datasets.parity(2, 0, null);
        QnnModel pauli = model(2, 2, 2, "Z0", 1.0);
        QnnModel scaled = model(2, 2, 2, "Z0", 3.0);
        double[] theta0 = randomTheta(pauli.numParameters(), 2);
        double etaGammaSquared = 0.2;
        int steps = 150;
        TangentKernel.Result r1 = TangentKernel.train(SIM, pauli, data, theta0, etaGammaSquared, steps, 5, 2);
        TangentKernel.Result r3 = TangentKernel.train(SIM, scaled, data, theta0, etaGammaSquared / 9, steps, 5, 2);
        print("gamma=1", r1);
        print("gamma=3", r3);
        double res1 = r1.last().residualNorm();
        double res3 = r3.last().residualNorm();
        assertTrue(res3 < 0.01 * res1, "γ=3 residual " + res3 + " vs γ=1 " + res1);
        assertEquals(TangentKernel.POWER_LAW, r1.fit().betterFit(), r1.fit().toString());
        assertEquals(TangentKernel.EXPONENTIAL, r3.fit().betterFit(), r3.fit().toString());
        assertTrue(r3.fit().exponentialR2() > r1.fit().exponentialR2(), r3.fit() + " vs " + r1.fit());
        assertTrue(r1.fit().powerLawR2() > 0.98, r1.fit().toString());
        assertTrue(r3.fit().exponentialR2() > 0.98, r3.fit().toString());
        assertEquals(1.0, r1.fit().powerLawExponent(), 0.25, "ε ∝ 1/t near the targets");
        // the Pauli model's kernel collapses (drift → 1, λ_max → 0); the scaled model's stays non-degenerate
        double[] ev1 = r1.last().eigenvalues();
        double[] ev1At0 = r1.steps().get(0).eigenvalues();
        assertTrue(ev1[ev1.length - 1] < 0.05 * ev1At0[ev1At0.length - 1], "γ=1 kernel collapses");
        assertTrue(r1.last().drift() > 0.9, "γ=1 drift " + r1.last().drift());
        // ... so the Pauli model deviates from kernel regression with K(θ0), which would have converged exponentially
        assertTrue(res1 > 1e3 * r1.last().frozenResidualNorm(), "γ=1 actual " + res1 + " vs frozen "
                + r1.last().frozenResidualNorm());
        // The model only spans 2 of the 4 functions of the bits, for every θ: the CZs map X0, Y0, Z0 to X0Z1, Y0Z1,
        // Z0, so every Pauli term of U†Z0U acts non-trivially on qubit 0, and on the basis-state inputs only the Z
        // parts survive: f = γ(u·(−1)^b0 + w·(−1)^(b0+b1)). So K has rank 2 at every θ; the parity residual lies in
        // that span, where the scaled model's kernel stays non-degenerate at the solution while the Pauli model's
        // collapses.
        for (TangentKernel.Result r : List.of(r1, r3)) {
            for (TangentKernel.Step st : List.of(r.steps().get(0), r.last())) {
                double[] ev = st.eigenvalues();
                assertEquals(0, ev[1], 1e-12 * ev[3], "two symmetry zeros " + Arrays.toString(ev));
            }
        }
        double[] ev3 = r3.last().eigenvalues();
        assertTrue(ev3[2] > 0.1 * ev3[3], "γ=3 kernel non-degenerate on the span: " + Arrays.toString(ev3));
        assertTrue(ev3[ev3.length - 1] > 0.3 * r3.steps().get(0).eigenvalues()[ev3.length - 1], "no collapse");
    }

    private static void print(String label, TangentKernel.Result r) {
        double[] ev0 = r.steps().get(0).eigenvalues();
        double[] evT = r.last().eigenvalues();
        TangentKernel.Fit f = r.fit();
        System.out.printf("%s (eta %.4f): ‖r(0)‖=%.4f ‖r(%d)‖=%.3e frozen-kernel ‖r‖=%.3e drift=%.3f%n"
                + "  spectrum K(0) %s%n  spectrum K(T) %s%n"
                + "  power law α=%.4f R²=%.5f; exponential λ=%.5f/step R²=%.5f; better: %s%n",
                label, r.learningRate(), r.steps().get(0).residualNorm(), r.last().step(), r.last().residualNorm(),
                r.last().frozenResidualNorm(), r.last().drift(), Arrays.toString(ev0), Arrays.toString(evT),
                f.powerLawExponent(), f.powerLawR2(), f.exponentialRate(), f.exponentialR2(), f.betterFit());
    }

    @Test
    void argumentsAreValidated() {
        QnnModel m = model(2, 2, 1, "Z0", 1.0);
        Dataset data = Datasets.parity(2, 0, null);
        double[] th = new double[m.numParameters()];
        for (double eta : new double[] {0, -0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TangentKernel.train(SIM, m, data, th, eta, 10, 1, 1));
            assertTrue(e.getMessage().contains("learning rate " + eta) && e.getMessage().contains("> 0"),
                    e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TangentKernel.train(SIM, m, data, th, 0.1, 0, 1, 1));
        assertTrue(e.getMessage().contains("steps 0") && e.getMessage().contains("1 or more"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TangentKernel.train(SIM, m, data, th, 0.1, 5, 0, 1));
        assertTrue(e.getMessage().contains("recordEvery 0") && e.getMessage().contains("1 or more"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TangentKernel.train(SIM, m, data, th, 0.1, 5, 1, 0));
        assertTrue(e.getMessage().contains("threads 0"), e.getMessage());
        Dataset three = Datasets.parity(3, 0, null);
        e = assertThrows(IllegalArgumentException.class, () -> TangentKernel.train(SIM, m, three, th, 0.1, 5, 1, 1));
        assertTrue(e.getMessage().contains("3 features") && e.getMessage().contains("exactly 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> TangentKernel.train(SIM, m, data, new double[3], 0.1, 5, 1, 1));
        assertTrue(e.getMessage().contains("theta0 has 3 entries"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> TangentKernel.kernel(SIM, m, th, new double[][] {{1, 2, 3}}, 1));
        assertTrue(e.getMessage().contains("3 features"), e.getMessage());
    }
}
