package org.qnnlab.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.PauliString;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.kernel.KernelTestSupport;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.kernel.ScalarKernel;

/** Sampled gradient variances against closed forms and decay laws; every test that simulates runs on every kernel. */
class GradientStatisticsTest {

    private static final int SAMPLES = 1500;

    /**
     * Sampled derivatives on one kernel against the scalar kernel's, absolute: the costs have norm 1, so every HEA
     * derivative is at most 1, and the kernels differ only by rounding (measured ≤ 4e-16); 1e-12 fails at once if a
     * kernel computes something else.
     */
    private static final double ACROSS_KERNELS = 1e-12;

    private static Simulator simulator(KernelType type) {
        return new Simulator(KernelTestSupport.requireOrSkip(type, 1)); // ≤ 6 qubits: samples run in parallel
    }

    @Test
    void costObservables() {
        assertEquals(Observable.parse("Z0*Z1*Z2"), GradientStatistics.cost("global", 3));
        assertEquals(Observable.parse("0.25*Z0 + 0.25*Z1 + 0.25*Z2 + 0.25*Z3"), GradientStatistics.cost("local", 4));
        assertEquals(Observable.of(PauliString.single('Z', 0)), GradientStatistics.cost(" Global ", 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GradientStatistics.cost("semi", 3));
        assertTrue(e.getMessage().contains("global") && e.getMessage().contains("local"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void singleLayerMatchesTheClosedForm(KernelType type) {
        Simulator sim = simulator(type);
        // L = 1: CZ and RZ commute with Z, so f_global = Π_q cos θ_q (RY angles) and f_local = (1/n) Σ_q cos θ_q;
        // ∂f/∂θ_0: Var_global = ½·(½)^(n−1) = 2^−n, Var_local = 1/(2n²)
        int samples = 1000;
        for (int n = 2; n <= 4; n++) {
            GradientStatistics.Point g = GradientStatistics.measure(sim, n, 1, "global", samples, 1, 2);
            GradientStatistics.Point l = GradientStatistics.measure(sim, n, 1, "local", samples, 1, 2);
            System.out.printf("L=1 n=%d: global Var %.4f (2^-n = %.4f), local Var %.4f (1/(2n²) = %.4f)%n", n,
                    g.variance(), Math.scalb(1.0, -n), l.variance(), 1.0 / (2 * n * n));
            assertEquals(2 * n, g.parameters());
            assertEquals(1, g.layers());
            assertEquals(n, g.qubits());
            assertEquals(samples, g.samples().length);
            assertEquals(Math.scalb(1.0, -n), g.variance(), 4 * varianceError(g), "global n=" + n);
            assertEquals(1.0 / (2 * n * n), l.variance(), 4 * varianceError(l), "local n=" + n);
        }
    }

    /** Standard error of a sample variance, {@code √((m₄ − s⁴)/N)}. */
    private static double varianceError(GradientStatistics.Point p) {
        double m4 = 0;
        for (double g : p.samples()) {
            m4 += Math.pow(g - p.mean(), 4);
        }
        m4 /= p.samples().length;
        return Math.sqrt((m4 - p.variance() * p.variance()) / p.samples().length);
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void globalCostGradientVanishesExponentiallyAndFasterThanTheLocalOne(KernelType type) {
        Simulator sim = simulator(type);
        int layers = 2;
        List<GradientStatistics.Point> global = new ArrayList<>();
        List<GradientStatistics.Point> local = new ArrayList<>();
        for (int n = 2; n <= 6; n++) {
            global.add(GradientStatistics.measure(sim, n, layers, "global", SAMPLES, 100, 2));
            local.add(GradientStatistics.measure(sim, n, layers, "local", SAMPLES, 100, 2));
        }
        for (int i = 0; i < global.size(); i++) {
            GradientStatistics.Point g = global.get(i);
            GradientStatistics.Point l = local.get(i);
            System.out.printf("L=%d n=%d: Var[∂f/∂θ0] global %.4g (mean %+.4f ± %.4f)  local %.4g"
                    + " (mean %+.4f ± %.4f)%n",
                    layers, g.qubits(), g.variance(), g.mean(), Math.sqrt(g.variance() / SAMPLES), l.variance(),
                    l.mean(), Math.sqrt(l.variance() / SAMPLES));
            assertEquals(0, g.mean(), 4 * Math.sqrt(g.variance() / SAMPLES), "global mean n=" + g.qubits());
            assertEquals(0, l.mean(), 4 * Math.sqrt(l.variance() / SAMPLES), "local mean n=" + l.qubits());
            if (i > 0) {
                assertTrue(g.variance() < 0.75 * global.get(i - 1).variance(), "global variance falls at n="
                        + g.qubits());
            }
        }
        GradientStatistics.Decay dg = GradientStatistics.fitDecay(global);
        GradientStatistics.Decay dl = GradientStatistics.fitDecay(local);
        GradientStatistics.Decay dgTail = GradientStatistics.fitDecay(global.subList(2, 5));
        GradientStatistics.Decay dlTail = GradientStatistics.fitDecay(local.subList(2, 5));
        System.out.printf("L=%d decay per qubit, n=2..6: global b = %.3f (%.3f bits, R² %.3f), local b = %.3f"
                + " (%.3f bits, R² %.3f); n=4..6: global %.3f, local %.3f%n", layers, dg.ratePerQubit(),
                dg.ratePerQubitBase2(), dg.r2(), dl.ratePerQubit(), dl.ratePerQubitBase2(), dl.r2(),
                dgTail.ratePerQubit(), dlTail.ratePerQubit());
        assertTrue(dg.ratePerQubit() > 0.5, "global decay " + dg);
        assertTrue(dg.r2() > 0.98, "global decay is exponential: " + dg);
        assertEquals(dg.ratePerQubit() / Math.log(2), dg.ratePerQubitBase2(), 1e-12);
        // the local cost decays more slowly, and its local rate keeps falling (polynomial: d ln Var/dn ≈ −2/n)
        assertTrue(dl.ratePerQubit() < dg.ratePerQubit() - 0.08, "local " + dl + " vs global " + dg);
        assertTrue(dlTail.ratePerQubit() < 0.75 * dgTail.ratePerQubit(), "n=4..6 local " + dlTail + " vs " + dgTail);
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void deepCircuitsPlateauForTheGlobalCost(KernelType type) {
        Simulator sim = simulator(type);
        List<GradientStatistics.Point> deep = new ArrayList<>();
        for (int n = 2; n <= 5; n++) {
            deep.add(GradientStatistics.measure(sim, n, 8, "global", 0, 600, 7, 2));
        }
        GradientStatistics.Decay d = GradientStatistics.fitDecay(deep);
        System.out.printf("L=8 global: variances %s → b = %.3f (%.3f bits), R² %.3f%n",
                deep.stream().map(p -> String.format("n=%d %.4g", p.qubits(), p.variance())).toList(),
                d.ratePerQubit(), d.ratePerQubitBase2(), d.r2());
        assertTrue(d.ratePerQubit() > 0.4, d.toString());
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void resultsDependOnTheSeedButNotOnTheThreadCount(KernelType type) {
        Simulator sim = simulator(type);
        GradientStatistics.Point one = GradientStatistics.measure(sim, 4, 3, "local", 5, 300, 42, 1);
        GradientStatistics.Point two = GradientStatistics.measure(sim, 4, 3, "local", 5, 300, 42, 2);
        assertArrayEquals(one.samples(), two.samples(), 0);
        assertEquals(one.variance(), two.variance(), 0);
        assertEquals(one.mean(), two.mean(), 0);
        assertEquals(24, one.parameters());
        GradientStatistics.Point other = GradientStatistics.measure(sim, 4, 3, "local", 5, 300, 43, 2);
        assertEquals(one.samples()[1], other.samples()[0], 0); // sample s draws θ from Rng(seed + s)
        // the histogram of the sampled derivatives is symmetric about 0 within noise
        int[] h = Distributions.histogram(one.samples(), 2, -1, 1);
        assertEquals(300, h[0] + h[1]);
        assertTrue(Math.abs(h[0] - h[1]) < 60, h[0] + " vs " + h[1]);
    }

    @ParameterizedTest
    @EnumSource(value = KernelType.class, names = "SCALAR", mode = EnumSource.Mode.EXCLUDE)
    void samplesAgreeWithTheScalarKernel(KernelType type) {
        Simulator scalar = new Simulator(new ScalarKernel());
        for (String cost : new String[] {"global", "local"}) {
            GradientStatistics.Point want = GradientStatistics.measure(scalar, 5, 3, cost, 7, 40, 9, 2);
            GradientStatistics.Point got = GradientStatistics.measure(simulator(type), 5, 3, cost, 7, 40, 9, 2);
            assertArrayEquals(want.samples(), got.samples(), ACROSS_KERNELS, cost + " cost, " + type + " vs scalar");
        }
    }

    @Test
    void rejectsBadArguments() {
        Simulator sim = new Simulator(new ScalarKernel()); // every check runs before a kernel is touched
        assertThrows(IllegalArgumentException.class,
                () -> GradientStatistics.measure(sim, 3, 1, "global", 6, 10, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> GradientStatistics.measure(sim, 3, 1, "global", 0, 1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> GradientStatistics.measure(sim, 3, 1, "xx", 0, 10, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> GradientStatistics.measure(sim, 0, 1, "local", 0, 10, 0, 1));
        GradientStatistics.Point a = new GradientStatistics.Point(2, 1, 4, 0.25, 0, new double[0]);
        GradientStatistics.Point b = new GradientStatistics.Point(3, 2, 12, 0.125, 0, new double[0]);
        GradientStatistics.Point c = new GradientStatistics.Point(2, 1, 4, 0.0, 0, new double[0]);
        assertThrows(IllegalArgumentException.class, () -> GradientStatistics.fitDecay(List.of(a, b)));
        assertThrows(IllegalArgumentException.class, () -> GradientStatistics.fitDecay(List.of(a, a)));
        assertThrows(IllegalArgumentException.class, () -> GradientStatistics.fitDecay(List.of(a, c)));
        // exact halving per qubit: b = ln 2, 1 bit, R² = 1
        GradientStatistics.Decay d = GradientStatistics.fitDecay(List.of(a,
                new GradientStatistics.Point(3, 1, 6, 0.125, 0, new double[0]),
                new GradientStatistics.Point(4, 1, 8, 0.0625, 0, new double[0])));
        assertEquals(Math.log(2), d.ratePerQubit(), 1e-12);
        assertEquals(1, d.ratePerQubitBase2(), 1e-12);
        assertEquals(1, d.r2(), 1e-12);
    }
}
