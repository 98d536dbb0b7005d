package org.qnnlab.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
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
 * Loss and gradient variances against values computed here independently (dense quadrature with the shift rule,
 * losses read off the Born probabilities), sampling within stated standard errors, and both decay fits; every test
 * that simulates runs on every kernel.
 */
class GradientStatisticsTest {

    private static final String[] COSTS = {"local", "global", "global-z"};

    /** Sampled values on one kernel against the scalar kernel's: costs have norm ≤ 1, kernels differ by rounding. */
    private static final double ACROSS_KERNELS = 1e-12;

    private static Simulator simulator(KernelType type) {
        return new Simulator(KernelTestSupport.requireOrSkip(type, 1)); // ≤ 7 qubits: samples run in parallel
    }

    @Test
    void costObservables() {
        assertEquals(Observable.parse("0.25*Z0 + 0.25*Z1 + 0.25*Z2 + 0.25*Z3"), GradientStatistics.cost("local", 4));
        assertEquals(Observable.parse("Z0*Z1*Z2"), GradientStatistics.cost("global-z", 3));
        // 1 − |00><00| = 1 − (1 + Z0)(1 + Z1)/4
        assertEquals(Observable.parse("0.75 - 0.25*Z0 - 0.25*Z1 - 0.25*Z0*Z1"), GradientStatistics.cost("global", 2));
        assertEquals(7, GradientStatistics.cost("global", 3).terms().size());
        assertEquals(1 - 1.0 / 8, GradientStatistics.cost("global", 3).constant(), 0);
        assertEquals("global-z", GradientStatistics.id(" Global-Z "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GradientStatistics.cost("semi", 3));
        assertEquals("unknown cost 'semi'; allowed: local, global, global-z", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GradientStatistics.cost("global", 17));
        assertTrue(e.getMessage().startsWith("qubits 17 too many for the global cost"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GradientStatistics.cost("local", 0));
    }

    /**
     * The closed forms of {@link GradientStatistics#exactOneLayerHea} against dense quadrature over every angle of
     * {@code hea(n, 1)}: ℓ is a trigonometric polynomial of degree ≤ 1 in each θ_j (each angle enters one rotation
     * {@code e^{−iθP/2}}), so ℓ² has degree ≤ 2 and the 3-point rule θ_j ∈ {0, 2π/3, 4π/3} integrates E[ℓ] and E[ℓ²]
     * exactly. ℓ is read off the Born probabilities (not the Pauli-sum cost), ∂_kℓ by the two-term shift rule.
     */
    @ParameterizedTest
    @EnumSource(KernelType.class)
    void oneLayerClosedFormsEqualDenseQuadrature(KernelType type) {
        Simulator sim = simulator(type);
        for (int n = 2; n <= 4; n++) {
            Circuit c = Ansatz.hea(n, 1);
            for (int k : new int[] {0, n - 1, n}) { // an RY on qubit 0, on the last qubit, an RZ
                double[][] exact = quadrature(sim, c, k);
                for (int i = 0; i < COSTS.length; i++) {
                    GradientStatistics.Exact want = GradientStatistics.exactOneLayerHea(COSTS[i], n, k).orElseThrow();
                    String where = COSTS[i] + " n=" + n + " k=" + k;
                    assertEquals(exact[i][0], want.loss(), 1e-12, "Var ℓ, " + where);
                    assertEquals(exact[i][1], want.gradient(), 1e-12, "Var ∂ℓ, " + where);
                }
            }
        }
        assertEquals(1.0 / 32, GradientStatistics.exactOneLayerHea("local", 4, 0).orElseThrow().gradient(), 0);
        assertEquals(Math.pow(3.0 / 8, 4) / 8,
                GradientStatistics.exactOneLayerHea("global", 5, 2).orElseThrow().gradient(), 1e-15);
        assertTrue(GradientStatistics.exactOneLayerHea("local", 3, 6).isEmpty());
    }

    /** {@code [cost][0: Var ℓ, 1: Var ∂_kℓ]} over the 3-point grid in every angle. */
    private static double[][] quadrature(Simulator sim, Circuit c, int k) {
        int m = c.numParameters();
        int points = (int) Math.round(Math.pow(3, m));
        double[][] sum = new double[COSTS.length][4]; // Σℓ, Σℓ², Σ∂ℓ, Σ(∂ℓ)²
        double[] theta = new double[m];
        for (int p = 0; p < points; p++) {
            int code = p;
            for (int j = 0; j < m; j++) {
                theta[j] = 2 * Math.PI / 3 * (code % 3);
                code /= 3;
            }
            double[] l = losses(sim, c, theta);
            double[] shifted = theta.clone();
            shifted[k] += Math.PI / 2;
            double[] plus = losses(sim, c, shifted);
            shifted[k] -= Math.PI;
            double[] minus = losses(sim, c, shifted);
            for (int i = 0; i < COSTS.length; i++) {
                double d = (plus[i] - minus[i]) / 2;
                sum[i][0] += l[i];
                sum[i][1] += l[i] * l[i];
                sum[i][2] += d;
                sum[i][3] += d * d;
            }
        }
        double[][] var = new double[COSTS.length][2];
        for (int i = 0; i < COSTS.length; i++) {
            var[i][0] = sum[i][1] / points - Math.pow(sum[i][0] / points, 2);
            var[i][1] = sum[i][3] / points - Math.pow(sum[i][2] / points, 2);
        }
        return var;
    }

    /** local, global, global-z from the Born probabilities: Σ_b p_b·(value of the cost on bit string b). */
    private static double[] losses(Simulator sim, Circuit c, double[] theta) {
        int n = c.numQubits();
        double[] p;
        try (StateVector s = sim.run(c, theta)) {
            p = s.probabilities();
        }
        double local = 0;
        double parity = 0;
        for (int b = 0; b < p.length; b++) {
            int ones = Integer.bitCount(b);
            local += p[b] * (n - 2.0 * ones) / n;
            parity += p[b] * (ones % 2 == 0 ? 1 : -1);
        }
        return new double[] {local, 1 - p[0], parity};
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void sampledVariancesMatchTheExactOneLayerValues(KernelType type) {
        Simulator sim = simulator(type);
        int samples = 2000;
        for (int n = 2; n <= 4; n++) {
            for (String cost : COSTS) {
                GradientStatistics.Sample s = GradientStatistics.sample(sim, Ansatz.hea(n, 1),
                        GradientStatistics.cost(cost, n), 0, samples, 3, 2);
                GradientStatistics.Exact want = GradientStatistics.exactOneLayerHea(cost, n, 0).orElseThrow();
                System.out.printf("L=1 n=%d %-8s Var ℓ %.5f ± %.5f (exact %.5f)  Var ∂ℓ %.5f ± %.5f (exact %.5f)%n",
                        n, cost, s.loss().variance(), s.loss().varianceError(), want.loss(), s.gradient().variance(),
                        s.gradient().varianceError(), want.gradient());
                assertEquals(n, s.qubits());
                assertEquals(2 * n, s.parameters());
                assertEquals(samples, s.gradients().length);
                assertEquals(want.loss(), s.loss().variance(), 4 * s.loss().varianceError(), "Var ℓ " + cost);
                assertEquals(want.gradient(), s.gradient().variance(), 4 * s.gradient().varianceError(),
                        "Var ∂ℓ " + cost);
                assertEquals(0, s.gradient().mean(), 4 * s.gradient().meanError(), "E ∂ℓ " + cost);
                assertTrue(s.gradient().varianceError() < 0.1 * want.gradient(), "the error is meaningful: " + s);
            }
        }
    }

    /**
     * Cerezo et al. at one HEA layer, n = 2..7: the local cost's gradient variance follows a power law (exactly
     * 1/(2n²)), both global costs an exponential (exactly (1/8)(3/8)^(n−1) and 2^(−n)); the better fit says so.
     */
    @ParameterizedTest
    @EnumSource(KernelType.class)
    void oneLayerLocalCostPrefersThePowerLawAndGlobalCostsTheExponential(KernelType type) {
        Simulator sim = simulator(type);
        double[] qubits = {2, 3, 4, 5, 6, 7};
        for (String cost : COSTS) {
            double[] var = new double[qubits.length];
            for (int i = 0; i < qubits.length; i++) {
                int n = (int) qubits[i];
                // a seed per n: independent noise at every point (one seed for all n would share θ_0 across n and
                // make the local cost's points exactly proportional to 1/n²)
                var[i] = GradientStatistics.sample(sim, Ansatz.hea(n, 1), GradientStatistics.cost(cost, n), 0, 3000,
                        1000L * n, 2).gradient().variance();
            }
            GradientStatistics.Scaling f = GradientStatistics.fitScaling(qubits, var);
            System.out.printf("L=1 %-8s exponential a = %.3f (R² %.4f), power law b = %.3f (R² %.4f): %s%n", cost,
                    f.exponential().rate(), f.exponential().r2(), f.powerLaw().exponent(), f.powerLaw().r2(),
                    f.better());
            switch (cost) {
                case "local" -> {
                    assertEquals(GradientStatistics.Scaling.POWER_LAW, f.better(), f.toString());
                    assertEquals(2, f.powerLaw().exponent(), 0.15, "Var ∝ n^−2");
                }
                case "global" -> {
                    assertEquals(GradientStatistics.Scaling.EXPONENTIAL, f.better(), f.toString());
                    assertEquals(Math.log(8.0 / 3), f.exponential().rate(), 0.08, "Var ∝ (3/8)^n");
                }
                default -> {
                    assertEquals(GradientStatistics.Scaling.EXPONENTIAL, f.better(), f.toString());
                    assertEquals(Math.log(2), f.exponential().rate(), 0.08, "Var ∝ 2^−n");
                }
            }
        }
    }

    @Test
    void scalingFitsRecoverKnownLawsFromNoisySyntheticData() {
        Random rnd = new Random(5);
        double[] n = {2, 3, 4, 5, 6, 7, 8, 9, 10};
        double[] power = new double[n.length];
        double[] exp = new double[n.length];
        for (int i = 0; i < n.length; i++) {
            power[i] = 0.5 * Math.pow(n[i], -1.5) * (1 + 0.03 * rnd.nextGaussian());
            exp[i] = 0.3 * Math.exp(-0.8 * n[i]) * (1 + 0.03 * rnd.nextGaussian());
        }
        GradientStatistics.Scaling p = GradientStatistics.fitScaling(n, power);
        assertEquals(GradientStatistics.Scaling.POWER_LAW, p.better());
        assertEquals(1.5, p.powerLaw().exponent(), 0.05);
        assertEquals(0.5, p.powerLaw().coefficient(), 0.05);
        assertTrue(p.powerLaw().r2() > 0.99 && p.exponential().r2() < p.powerLaw().r2(), p.toString());
        GradientStatistics.Scaling e = GradientStatistics.fitScaling(n, exp);
        assertEquals(GradientStatistics.Scaling.EXPONENTIAL, e.better());
        assertEquals(0.8, e.exponential().rate(), 0.02);
        assertEquals(0.3, e.exponential().coefficient(), 0.03);
        GradientStatistics.Scaling two = GradientStatistics.fitScaling(new double[] {2, 4}, new double[] {0.5, 0.125});
        assertEquals(null, two.better(), "two points: both laws exact, neither better");
        assertEquals(2, two.powerLaw().exponent(), 1e-12);
        assertEquals(Math.log(4) / 2, two.exponential().rate(), 1e-12);
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                () -> GradientStatistics.fitScaling(new double[] {2, 3}, new double[] {0.1, 0}));
        assertTrue(x.getMessage().contains("r[1] is 0.0"), x.getMessage());
    }

    @Test
    void momentsAndTheStandardErrorOfAVariance() {
        // {1, 2, 3, 4}: x̄ = 2.5, s² = 5/3, m₄ = 41/16, Var[s²] = (41/16 − (25/9)(1/3))/4
        GradientStatistics.Moments m = GradientStatistics.Moments.of(new double[] {1, 2, 3, 4});
        assertEquals(2.5, m.mean(), 0);
        assertEquals(5.0 / 3, m.variance(), 1e-15);
        assertEquals(Math.sqrt((41.0 / 16 - 25.0 / 27) / 4), m.varianceError(), 1e-15);
        assertEquals(Math.sqrt(5.0 / 12), m.meanError(), 1e-15);
        // the stated error is the spread of s² over repeated experiments: U(−1, 1), N = 200, 400 repeats
        Random rnd = new Random(11);
        int reps = 400;
        double[] s2 = new double[reps];
        double meanError = 0;
        for (int r = 0; r < reps; r++) {
            double[] x = new double[200];
            for (int i = 0; i < x.length; i++) {
                x[i] = 2 * rnd.nextDouble() - 1;
            }
            GradientStatistics.Moments mr = GradientStatistics.Moments.of(x);
            s2[r] = mr.variance();
            meanError += mr.varianceError() / reps;
        }
        double spread = Math.sqrt(GradientStatistics.Moments.of(s2).variance());
        double theory = Math.sqrt((0.2 - (1.0 / 9) * 197 / 199) / 200); // μ₄ = 1/5, σ² = 1/3
        assertEquals(theory, spread, 0.1 * theory, "spread of s² over repeats");
        assertEquals(theory, meanError, 0.05 * theory, "mean stated error");
        assertEquals(1.0 / 3, GradientStatistics.Moments.of(s2).mean(), 3 * theory / Math.sqrt(reps));
    }

    /**
     * Any circuit: the HVAs (shared parameters, angles 2θ) sampled by the library equal an independent evaluation at
     * the same angles {@code Circuit.randomAngles(M, seed + s)}: ℓ from the Born probabilities and ∂_kℓ by a central
     * difference (step 1e-5: truncation ~1e-10, rounding ~1e-11).
     */
    @ParameterizedTest
    @EnumSource(KernelType.class)
    void anyCircuitIsSampledAtTheDocumentedAngles(KernelType type) {
        Simulator sim = simulator(type);
        Circuit[] circuits = {Ansatz.byName("hva-tfim", 4, 2, Boundary.PERIODIC),
            Ansatz.byName("hva-xxz", 4, 2, Boundary.OPEN), Ansatz.hea(3, 2)};
        for (Circuit c : circuits) {
            int k = c.numParameters() - 1;
            for (int i = 0; i < COSTS.length; i++) {
                GradientStatistics.Sample s = GradientStatistics.sample(sim, c,
                        GradientStatistics.cost(COSTS[i], c.numQubits()), k, 6, 40, 2);
                for (int j = 0; j < 6; j++) {
                    double[] theta = Circuit.randomAngles(c.numParameters(), 40 + j);
                    assertEquals(losses(sim, c, theta)[i], s.losses()[j], 1e-12, COSTS[i] + " ℓ sample " + j);
                    double h = 1e-5;
                    theta[k] += h;
                    double plus = losses(sim, c, theta)[i];
                    theta[k] -= 2 * h;
                    double minus = losses(sim, c, theta)[i];
                    assertEquals((plus - minus) / (2 * h), s.gradients()[j], 1e-8, COSTS[i] + " ∂ℓ sample " + j);
                }
                assertEquals(GradientStatistics.Moments.of(s.gradients()), s.gradient());
                assertEquals(GradientStatistics.Moments.of(s.losses()), s.loss());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void resultsDependOnTheSeedButNotOnTheThreadCount(KernelType type) {
        Simulator sim = simulator(type);
        Circuit c = Ansatz.hea(4, 3);
        Observable o = GradientStatistics.cost("global", 4);
        GradientStatistics.Sample one = GradientStatistics.sample(sim, c, o, 5, 300, 42, 1);
        GradientStatistics.Sample three = GradientStatistics.sample(sim, c, o, 5, 300, 42, 3);
        assertArrayEquals(one.gradients(), three.gradients(), 0);
        assertArrayEquals(one.losses(), three.losses(), 0);
        assertEquals(one, new GradientStatistics.Sample(4, 24, 5, three.loss(), three.gradient(), one.losses(),
                one.gradients()));
        GradientStatistics.Sample other = GradientStatistics.sample(sim, c, o, 5, 300, 43, 2);
        assertEquals(one.gradients()[1], other.gradients()[0], 0); // sample s draws θ from seed + s
        assertTrue(one.gradients()[0] != other.gradients()[0]);
    }

    @ParameterizedTest
    @EnumSource(value = KernelType.class, names = "SCALAR", mode = EnumSource.Mode.EXCLUDE)
    void samplesAgreeWithTheScalarKernel(KernelType type) {
        Simulator scalar = new Simulator(new ScalarKernel());
        Circuit c = Ansatz.hea(5, 3);
        for (String cost : COSTS) {
            Observable o = GradientStatistics.cost(cost, 5);
            GradientStatistics.Sample want = GradientStatistics.sample(scalar, c, o, 7, 40, 9, 2);
            GradientStatistics.Sample got = GradientStatistics.sample(simulator(type), c, o, 7, 40, 9, 2);
            assertArrayEquals(want.gradients(), got.gradients(), ACROSS_KERNELS, cost + ", " + type + " vs scalar");
            assertArrayEquals(want.losses(), got.losses(), ACROSS_KERNELS, cost + ", " + type + " vs scalar");
        }
    }

    @Test
    void rejectsBadArgumentsBeforeAnyWork() {
        Simulator sim = new Simulator(new ScalarKernel());
        Circuit c = Ansatz.hea(3, 1);
        Observable o = GradientStatistics.cost("local", 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GradientStatistics.sample(sim, c, o, 6, 10, 0, 1));
        assertEquals("parameter index 6 out of range; allowed: 0..5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GradientStatistics.sample(sim, c, o, 0, 1, 0, 1));
        assertEquals("samples 1 out of range; need at least 2 for a variance", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GradientStatistics.sample(sim, c, o, 0, 10, 0, 0));
        assertEquals("threads 0 out of range; allowed: 1 or more", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> GradientStatistics.sample(sim, c, GradientStatistics.cost("global", 4), 0, 10, 0, 1));
        assertEquals("the cost acts on qubit 3 of a 3-qubit circuit; allowed: qubits 0..2", e.getMessage());
        Circuit withInput = new Circuit(1);
        withInput.rx(withInput.newInput(), 0).ry(withInput.newParameter(), 0);
        e = assertThrows(IllegalArgumentException.class,
                () -> GradientStatistics.sample(sim, withInput, Observable.parse("Z0"), 0, 10, 0, 1));
        assertTrue(e.getMessage().startsWith("the circuit has 1 data inputs"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GradientStatistics.exactOneLayerHea("zz", 3, 0));
        assertTrue(e.getMessage().contains("unknown cost 'zz'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GradientStatistics.Moments.of(new double[1]));
        assertEquals("1 sample(s); need at least 2 for a variance", e.getMessage());
    }

    @Test
    void estimateCountsGatesAndCostTerms() {
        Circuit c = Ansatz.hea(4, 2);
        double local = GradientStatistics.estimateSeconds(c, GradientStatistics.cost("local", 4), 100);
        double global = GradientStatistics.estimateSeconds(c, GradientStatistics.cost("global", 4), 100);
        assertEquals(CostEstimate.seconds(100, 4L * c.size() + 2 * 4, 4), local, 0);
        assertEquals(CostEstimate.seconds(100, 4L * c.size() + 2 * 15, 4), global, 0);
    }
}
