package org.qnnlab.sim.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.qnnlab.sim.ComplexMatrices;

/**
 * Channels on their own k qubits, against the Kraus definitions and analytic values (no kernel involved; the
 * engines' tests are in {@link DensityMatrixContract}). Tolerances: entries are sums of at most 16 products of O(1)
 * numbers, so 1e-14 is rounding; eigenvalues from Jacobi carry ~1e-15 of error, so positivity allows −1e-12.
 */
class ChannelTest {

    static Stream<Channel> channels() {
        return Stream.of(Channel.depolarizing(0), Channel.depolarizing(0.1), Channel.depolarizing(0.75),
                Channel.depolarizing(1), Channel.depolarizing2(0.2), Channel.depolarizing2(1), Channel.bitFlip(0.3),
                Channel.phaseFlip(0.4), Channel.bitPhaseFlip(0.05), Channel.pauli(0.1, 0.2, 0.3),
                Channel.amplitudeDamping(0.3), Channel.amplitudeDamping(1), Channel.phaseDamping(0.6),
                Channel.generalizedAmplitudeDamping(0.8, 0.25), Channel.thermalRelaxation(50, 30, 5),
                Channel.thermalRelaxation(50, 90, 5), Channel.thermalRelaxation(50, 100, 5),
                Channel.thermalRelaxation(1, 1, 0), Channel.kraus(kron2(Channel.amplitudeDamping(0.2),
                        Channel.phaseDamping(0.5))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("channels")
    void preservesTraceAndPositivityOnRandomDensityMatrices(Channel ch) {
        int d = 1 << ch.numQubits();
        SplittableRandom rng = new SplittableRandom(42);
        for (int trial = 0; trial < 20; trial++) {
            int rank = 1 + trial % d; // pure states first: positivity is tightest on the boundary
            double[] rho = randomDensityMatrix(d, rank, rng);
            double[] out = ch.apply(rho);
            assertEquals(1, trace(out, d), 1e-14, "trace");
            double[] ev = HermitianEigen.eigenvalues(out);
            assertTrue(ev[0] >= -1e-12, "smallest eigenvalue " + ev[0]);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("channels")
    void superoperatorActsAsTheKrausSum(Channel ch) {
        int k = ch.numQubits();
        int d = 1 << k;
        double[] rho = randomDensityMatrix(d, d, new SplittableRandom(7));
        double[] s = ch.superoperator();
        double[] expected = ch.apply(rho);
        // vec index (r << k) | c: the row bits are the more significant half
        for (int r = 0; r < d; r++) {
            for (int c = 0; c < d; c++) {
                double re = 0;
                double im = 0;
                int row = (r << k) | c;
                for (int r2 = 0; r2 < d; r2++) {
                    for (int c2 = 0; c2 < d; c2++) {
                        int col = (r2 << k) | c2;
                        double sr = s[2 * (row * d * d + col)];
                        double si = s[2 * (row * d * d + col) + 1];
                        double vr = rho[2 * (r2 * d + c2)];
                        double vi = rho[2 * (r2 * d + c2) + 1];
                        re += sr * vr - si * vi;
                        im += sr * vi + si * vr;
                    }
                }
                assertEquals(expected[2 * (r * d + c)], re, 1e-14, "re at " + r + "," + c);
                assertEquals(expected[2 * (r * d + c) + 1], im, 1e-14, "im at " + r + "," + c);
            }
        }
    }

    @Test
    void depolarizingShrinksEveryPauliByOneMinusFourThirdsP() {
        double p = 0.09;
        Channel ch = Channel.depolarizing(p);
        double[] rho = randomDensityMatrix(2, 2, new SplittableRandom(3));
        double[] out = ch.apply(rho);
        for (String w : List.of("X", "Y", "Z")) {
            double[] pauli = ComplexMatrices.pauliWord(w);
            assertEquals((1 - 4 * p / 3) * traceProduct(pauli, rho, 2), traceProduct(pauli, out, 2), 1e-15, w);
        }
        // p = 3/4 is the completely depolarizing channel
        double[] mixed = Channel.depolarizing(0.75).apply(rho);
        assertArrayEquals(new double[] {0.5, 0, 0, 0, 0, 0, 0.5, 0}, mixed, 1e-15);
    }

    @Test
    void twoQubitDepolarizingShrinksEveryPauliByOneMinusSixteenFifteenthsP() {
        double p = 0.3;
        double[] rho = randomDensityMatrix(4, 4, new SplittableRandom(5));
        double[] out = Channel.depolarizing2(p).apply(rho);
        for (String w : List.of("XI", "IZ", "XY", "ZZ", "YX")) {
            double[] pauli = ComplexMatrices.pauliWord(w);
            assertEquals((1 - 16 * p / 15) * traceProduct(pauli, rho, 4), traceProduct(pauli, out, 4), 1e-15, w);
        }
        assertEquals(16, Channel.depolarizing2(p).size());
    }

    @Test
    void thermalRelaxationDecaysPopulationAndCoherenceAtTheirRates() {
        double t1 = 50;
        double t = 7;
        for (double t2 : new double[] {20, 50, 80, 100}) { // T2 < T1, = T1, between T1 and 2·T1, at the limit
            Channel ch = Channel.thermalRelaxation(t1, t2, t);
            double[] excited = ch.apply(new double[] {0, 0, 0, 0, 0, 0, 1, 0});
            assertEquals(Math.exp(-t / t1), excited[6], 1e-15, "P1 at T2 = " + t2);
            assertEquals(1 - Math.exp(-t / t1), excited[0], 1e-15, "P0 at T2 = " + t2);
            double[] plus = ch.apply(new double[] {0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0});
            assertEquals(0.5 * Math.exp(-t / t2), plus[2], 1e-15, "coherence at T2 = " + t2);
            assertEquals(0, plus[3], 1e-15);
        }
    }

    @Test
    void thermalRelaxationMixtureBelowT1IsTheChannelOfTheKrausFormAboveIt() {
        // Aer's two representations describe one channel; below T1 the mixture of I, Z and reset must equal the
        // amplitude-plus-phase-damping Kraus set that is used above T1
        double t1 = 40;
        double t2 = 25;
        double t = 3;
        double e1 = Math.exp(-t / t1);
        double e2 = Math.exp(-t / t2);
        Channel direct = Channel.kraus(new double[] {1, 0, 0, 0, 0, 0, e2, 0},
                new double[] {0, 0, Math.sqrt(1 - e1), 0, 0, 0, 0, 0},
                new double[] {0, 0, 0, 0, 0, 0, Math.sqrt(e1 - e2 * e2), 0});
        assertArrayEquals(direct.superoperator(), Channel.thermalRelaxation(t1, t2, t).superoperator(), 1e-15);
        assertEquals(4, Channel.thermalRelaxation(t1, t2, t).size(), "identity, Z, two reset operators");
    }

    @Test
    void amplitudeAndPhaseDampingFollowNielsenAndChuang() {
        double g = 0.3;
        double[] plusOne = {0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0};
        double[] a = Channel.amplitudeDamping(g).apply(plusOne);
        assertEquals(0.5 * (1 - g), a[6], 1e-15, "P1");
        assertEquals(0.5 * Math.sqrt(1 - g), a[2], 1e-15, "coherence");
        double[] p = Channel.phaseDamping(g).apply(plusOne);
        assertEquals(0.5, p[6], 1e-15, "P1 unchanged");
        assertEquals(0.5 * Math.sqrt(1 - g), p[2], 1e-15, "coherence");
        // generalized amplitude damping leaves its thermal state diag(p, 1 − p) fixed
        double[] thermal = {0.8, 0, 0, 0, 0, 0, 0.2, 0};
        assertArrayEquals(thermal, Channel.generalizedAmplitudeDamping(0.8, 0.4).apply(thermal), 1e-15);
    }

    @Test
    void pauliChannelsAreUnitaryMixturesAndDampingIsNot() {
        assertTrue(Channel.depolarizing(0.1).isUnitaryMixture());
        assertTrue(Channel.depolarizing2(0.1).isUnitaryMixture());
        assertTrue(Channel.pauli(0.1, 0, 0.2).isUnitaryMixture());
        assertTrue(Channel.thermalRelaxation(50, 50, 0).isUnitaryMixture(), "zero gate time: the identity");
        assertFalse(Channel.amplitudeDamping(0.1).isUnitaryMixture());
        assertFalse(Channel.thermalRelaxation(50, 30, 1).isUnitaryMixture());
    }

    @Test
    void refusesANonTracePreservingSetNamingTheDeviation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Channel.kraus(new double[] {1, 0, 0, 0, 0, 0, 1.1, 0}));
        assertEquals("Kraus set is not trace preserving: ‖Σ K†K − I‖ = 0.210; allowed ≤ 1e-10", e.getMessage());
        // amplitude damping with one operator missing
        e = assertThrows(IllegalArgumentException.class,
                () -> Channel.kraus(new double[] {1, 0, 0, 0, 0, 0, Math.sqrt(0.5), 0}));
        assertEquals("Kraus set is not trace preserving: ‖Σ K†K − I‖ = 0.500; allowed ≤ 1e-10", e.getMessage());
    }

    @Test
    void refusesBadShapes() {
        assertMessage("Kraus set is empty; allowed: 1..64 matrices", () -> Channel.kraus());
        assertMessage("Kraus matrix 0 has 6 doubles; allowed: 8 (1 qubit) or 32 (2 qubits), interleaved row-major "
                + "complex", () -> Channel.kraus(new double[6]));
        assertMessage("Kraus matrix 1 is 4×4 but matrix 0 is 2×2; allowed: matrices of one size",
                () -> Channel.kraus(new double[8], new double[32]));
        assertMessage("Kraus matrix 0 component 0 is NaN; allowed: finite numbers",
                () -> Channel.kraus(new double[] {Double.NaN, 0, 0, 0, 0, 0, 1, 0}));
    }

    @Test
    void refusesProbabilitiesOutsideTheUnitInterval() {
        assertMessage("depolarizing probability 1.5 out of range; allowed: [0, 1]", () -> Channel.depolarizing(1.5));
        assertMessage("two-qubit depolarizing probability -0.1 out of range; allowed: [0, 1]",
                () -> Channel.depolarizing2(-0.1));
        assertMessage("amplitude-damping γ NaN out of range; allowed: [0, 1]",
                () -> Channel.amplitudeDamping(Double.NaN));
        assertMessage("sum of the Pauli probabilities pX + pY + pZ 1.2000000000000002 out of range; allowed: [0, 1]",
                () -> Channel.pauli(0.4, 0.4, 0.4));
        assertMessage("generalized-amplitude-damping γ 2.0 out of range; allowed: [0, 1]",
                () -> Channel.generalizedAmplitudeDamping(0.5, 2));
    }

    @Test
    void refusesT2AboveTwiceT1AndNonPositiveTimes() {
        assertMessage("thermal relaxation T2 = 120.0 exceeds 2·T1 = 100.0 (T1 = 50.0); allowed: T2 ≤ 2·T1, the "
                + "physical limit", () -> Channel.thermalRelaxation(50, 120, 1));
        assertMessage("thermal relaxation T1 = 0.0 out of range; allowed: > 0", () -> Channel.thermalRelaxation(0, 1, 1));
        assertMessage("thermal relaxation gate time -1.0 out of range; allowed: ≥ 0",
                () -> Channel.thermalRelaxation(5, 5, -1));
    }

    // ---- helpers shared with the engine tests

    static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(expected, e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    /** A random density matrix of rank {@code rank}: G G† / Tr(G G†) for a d × rank complex Gaussian G. */
    static double[] randomDensityMatrix(int d, int rank, SplittableRandom rng) {
        double[][] gr = new double[d][rank];
        double[][] gi = new double[d][rank];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < rank; j++) {
                gr[i][j] = rng.nextGaussian();
                gi[i][j] = rng.nextGaussian();
            }
        }
        double[] m = new double[2 * d * d];
        double tr = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double re = 0;
                double im = 0;
                for (int k = 0; k < rank; k++) { // G_ik conj(G_jk)
                    re += gr[i][k] * gr[j][k] + gi[i][k] * gi[j][k];
                    im += gi[i][k] * gr[j][k] - gr[i][k] * gi[j][k];
                }
                m[2 * (i * d + j)] = re;
                m[2 * (i * d + j) + 1] = im;
            }
            tr += m[2 * (i * d + i)];
        }
        for (int i = 0; i < m.length; i++) {
            m[i] /= tr;
        }
        return m;
    }

    static double trace(double[] m, int d) {
        double t = 0;
        for (int i = 0; i < d; i++) {
            t += m[2 * (i * d + i)];
        }
        return t;
    }

    /** Re Tr(A·B). */
    static double traceProduct(double[] a, double[] b, int d) {
        return trace(ComplexMatrices.multiply(a, b, d), d);
    }

    /** The Kraus set of a ⊗ b (every pair of operators), a two-qubit channel built from two one-qubit ones. */
    private static double[][] kron2(Channel a, Channel b) {
        List<double[]> ka = a.krausOperators();
        List<double[]> kb = b.krausOperators();
        double[][] out = new double[ka.size() * kb.size()][];
        int i = 0;
        for (double[] x : ka) {
            for (double[] y : kb) {
                out[i++] = ComplexMatrices.kron(x, 2, y, 2);
            }
        }
        return out;
    }
}
