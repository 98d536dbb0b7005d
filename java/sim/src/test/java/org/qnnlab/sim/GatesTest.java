package org.qnnlab.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Standard gates, user gates and their validation; adjoints; generators. */
class GatesTest {

    /** Matrix identities of gates built from O(1) entries hold to a few ulps. */
    private static final double TOL = 1e-14;

    @Test
    void everyStandardGateIsUnitaryAndItsAdjointInvertsIt() {
        SplittableRandom rng = new SplittableRandom(7);
        for (Gate g : Gates.standard()) {
            int d = 1 << g.numQubits();
            Angle[] angles = new Angle[g.numAngles()];
            double[] values = new double[g.numAngles()];
            for (int i = 0; i < angles.length; i++) {
                values[i] = rng.nextDouble(-4, 4);
                angles[i] = Angle.constant(values[i]);
            }
            double[] u = g.matrix(values);
            assertClose(identity(d), multiply(adjoint(u, d), u, d), g + ": U†U = I");
            Operation inverse = new Operation(g, range(g.numQubits()), new int[0], angles).inverse();
            double[] adjValues = inverse.angleValues(new double[0], new double[0]);
            assertClose(adjoint(u, d), g.adjoint().matrix(adjValues), g + ": adjoint gate at adjoint angles is U†");
        }
    }

    @Test
    void namedAdjointsPairUp() {
        assertSame(Gates.SDG, Gates.S.adjoint());
        assertSame(Gates.S, Gates.SDG.adjoint());
        assertSame(Gates.TDG, Gates.T.adjoint());
        assertSame(Gates.SXDG, Gates.SX.adjoint());
        assertSame(Gates.ISWAPDG, Gates.ISWAP.adjoint());
        assertSame(Gates.H, Gates.H.adjoint());
        assertSame(Gates.RX, Gates.RX.adjoint(), "parametric gates invert through their angles");
        Angle[] u3 = {Angle.constant(1), Angle.constant(2), Angle.constant(3)};
        assertArrayEquals(new Angle[] {Angle.constant(-1), Angle.constant(-3), Angle.constant(-2)},
                Gates.U3.adjointAngles(u3), "U3(θ, φ, λ)† = U3(−θ, −λ, −φ)");
    }

    @Test
    void aUserGateInvertedTwiceIsItself() {
        SplittableRandom rng = new SplittableRandom(11);
        double[] m = randomUnitary(rng);
        for (String name : new String[] {"mine", "h", "x"}) { // also names that collide with standard gates
            Gate g = Gates.unitary(name, m);
            assertClose(adjoint(m, 2), g.adjoint().matrix(), name + "†");
            assertClose(m, g.adjoint().adjoint().matrix(), name + "††");
        }
    }

    @Test
    void nonUnitaryUserMatrixIsRejectedNamingTheTolerance() {
        double[] notUnitary = {1, 0, 0, 0, 0, 0, 2, 0};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gates.unitary("bad", notUnitary));
        assertTrue(e.getMessage().contains("'bad' is not unitary"), e.getMessage());
        assertEquals(1e-10, Gates.UNITARITY_TOLERANCE);
        assertTrue(e.getMessage().contains("1e-10"), "names the tolerance: " + e.getMessage());
        assertTrue(e.getMessage().contains("3.00"), "names the error max|U†U − I| = 3: " + e.getMessage());
    }

    @Test
    void unitarityToleranceIsApplied() {
        double[] h = Gates.H.matrix();
        double[] nearlyH = h.clone();
        nearlyH[0] += 1e-12; // error ~1.4e-12 < 1e-10
        Gates.unitary("near", nearlyH);
        double[] offH = h.clone();
        offH[0] += 1e-8; // error ~1.4e-8 > 1e-10
        assertThrows(IllegalArgumentException.class, () -> Gates.unitary("off", offH));
    }

    @Test
    void wrongSizeOrNonFiniteUserMatrixIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gates.unitary("odd", new double[6]));
        assertTrue(e.getMessage().contains("6 doubles") && e.getMessage().contains("k = 1..5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Gates.unitary("scalar", new double[] {1, 0}));
        double[] sixQubits = identity(64);
        assertThrows(IllegalArgumentException.class, () -> Gates.unitary("six", sixQubits), "k = 6 is too large");
        Gates.unitary("five", identity(32));
        double[] nan = identity(2);
        nan[3] = Double.NaN;
        e = assertThrows(IllegalArgumentException.class, () -> Gates.unitary("nan", nan));
        assertTrue(e.getMessage().contains("entry 3 is NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Gates.diagonal("three", new double[6]));
        assertTrue(e.getMessage().contains("6 doubles"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Gates.diagonal("small", new double[] {1, 0, 0.5, 0}),
                "|0.5| != 1");
    }

    @Test
    void unknownGateNameListsTheAllowedNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Gates.byName("foo"));
        assertTrue(e.getMessage().contains("'foo'"), e.getMessage());
        for (Gate g : Gates.standard()) {
            assertTrue(e.getMessage().contains(g.name()), "lists " + g.name() + ": " + e.getMessage());
        }
        assertSame(Gates.RX, Gates.byName("RX"), "case-insensitive");
        assertSame(Gates.ISWAP, Gates.byName("iswap"));
    }

    @Test
    void pauliRotationWordsAreValidated() {
        for (String bad : new String[] {"", "  ", "XQ", "X Y", "x".repeat(63)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Gates.pauliRotation(bad), "word '" + bad + "'");
            assertTrue(e.getMessage().contains("'" + bad + "'") && e.getMessage().contains("I, X, Y, Z"),
                    e.getMessage());
        }
        Gate g = Gates.pauliRotation(" xIz ");
        assertEquals("XIZ", g.pauliWord().orElseThrow());
        assertEquals(3, g.numQubits());
        assertEquals(1, g.numAngles());
        assertEquals(62, Gates.pauliRotation("Z".repeat(62)).numQubits());
    }

    @Test
    void pauliRotationMatrixIsCosMinusISinP() {
        double t = 0.7;
        double c = Math.cos(t / 2);
        double s = Math.sin(t / 2);
        // X⊗Z (X on the first target = the high matrix bit): entries ±1 at (r, r ^ 2), sign (−1)^{bit0 of column}
        double[] expected = new double[32];
        for (int r = 0; r < 4; r++) {
            expected[2 * (r * 4 + r)] = c;
            int col = r ^ 2;
            expected[2 * (r * 4 + col) + 1] = -s * ((col & 1) == 0 ? 1 : -1);
        }
        assertClose(expected, Gates.pauliRotation("XZ").matrix(t), "exp(−i t/2 X⊗Z)");
        assertClose(Gates.RXX.matrix(t), Gates.pauliRotation("XX").matrix(t), "RXX = pauli XX");
    }

    @Test
    void diagonalFlagAndDiagonal() {
        for (Gate g : new Gate[] {Gates.I, Gates.Z, Gates.S, Gates.T, Gates.RZ, Gates.PHASE, Gates.RZZ}) {
            assertTrue(g.isDiagonal(), g.name());
        }
        for (Gate g : new Gate[] {Gates.X, Gates.H, Gates.SX, Gates.RX, Gates.U3, Gates.RXX, Gates.SWAP}) {
            assertFalse(g.isDiagonal(), g.name());
        }
        assertTrue(Gates.pauliRotation("ZIZ").isDiagonal());
        assertFalse(Gates.pauliRotation("ZIY").isDiagonal());
        double t = 0.9;
        assertArrayEquals(new double[] {Math.cos(t / 2), -Math.sin(t / 2), Math.cos(t / 2), Math.sin(t / 2)},
                Gates.RZ.diagonal(t), TOL);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Gates.H.diagonal());
        assertTrue(e.getMessage().contains("h is not diagonal"), e.getMessage());
    }

    @Test
    void anglesAreValidated() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Gates.RX.matrix());
        assertTrue(e.getMessage().contains("rx takes 1 angle(s), got 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Gates.RY.matrix(Double.NaN));
        assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("not finite"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Gates.RX.derivative(1, 0.3));
        assertTrue(e.getMessage().contains("angle index 1 out of range") && e.getMessage().contains("0..0"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new Operation(Gates.SWAP, new int[] {0}, new int[0]));
        assertTrue(e.getMessage().contains("swap acts on 2 qubit(s), got 1"), e.getMessage());
    }

    @Test
    void generatorsExistExactlyForSingleAngleGatesWithAFixedGenerator() {
        for (Gate g : Gates.standard()) {
            boolean expected = g.family() == Gate.Family.PAULI_ROTATION || g.family() == Gate.Family.PHASE;
            assertEquals(expected, g.generator().isPresent(), g.name());
        }
        double[] half = {0, 0, 0.5, 0, 0.5, 0, 0, 0};
        assertArrayEquals(half, Gates.RX.generator().orElseThrow(), "RX: G = X/2");
    }

    // ---- small dense complex helpers (row-major, interleaved)

    private static int[] range(int k) {
        int[] r = new int[k];
        for (int i = 0; i < k; i++) {
            r[i] = i;
        }
        return r;
    }

    private static double[] randomUnitary(SplittableRandom rng) {
        // U3 times a global phase: a generic 2×2 unitary
        double[] u = Gates.U3.matrix(rng.nextDouble(-3, 3), rng.nextDouble(-3, 3), rng.nextDouble(-3, 3));
        double phi = rng.nextDouble(-3, 3);
        double[] out = new double[8];
        for (int i = 0; i < 8; i += 2) {
            out[i] = Math.cos(phi) * u[i] - Math.sin(phi) * u[i + 1];
            out[i + 1] = Math.cos(phi) * u[i + 1] + Math.sin(phi) * u[i];
        }
        return out;
    }

    static double[] identity(int d) {
        double[] m = new double[2 * d * d];
        for (int i = 0; i < d; i++) {
            m[2 * (i * d + i)] = 1;
        }
        return m;
    }

    static double[] adjoint(double[] a, int d) {
        double[] c = new double[a.length];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                c[2 * (j * d + i)] = a[2 * (i * d + j)];
                c[2 * (j * d + i) + 1] = -a[2 * (i * d + j) + 1];
            }
        }
        return c;
    }

    static double[] multiply(double[] a, double[] b, int d) {
        double[] c = new double[2 * d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < d; k++) {
                    double ar = a[2 * (i * d + k)], ai = a[2 * (i * d + k) + 1];
                    double br = b[2 * (k * d + j)], bi = b[2 * (k * d + j) + 1];
                    c[2 * (i * d + j)] += ar * br - ai * bi;
                    c[2 * (i * d + j) + 1] += ar * bi + ai * br;
                }
            }
        }
        return c;
    }

    static void assertClose(double[] expected, double[] actual, String what) {
        assertArrayEquals(expected, actual, TOL, what);
    }
}
