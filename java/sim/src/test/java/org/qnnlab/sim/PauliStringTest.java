package org.qnnlab.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** Pauli strings: masks, text form, and exact products checked against dense matrices. */
class PauliStringTest {

    private static PauliString p(String s) {
        return PauliString.of(s);
    }

    @Test
    void singleFactorsUseTheKernelMaskConvention() {
        assertEquals(PauliString.ofMasks(0b100, 0), PauliString.single('X', 2));
        assertEquals(PauliString.ofMasks(0b100, 0b100), PauliString.single('y', 2));
        assertEquals(PauliString.ofMasks(0, 0b100), PauliString.single('Z', 2));
        assertEquals(PauliString.identity(), PauliString.single('I', 7));
        assertThrows(IllegalArgumentException.class, () -> PauliString.single('Q', 0));
        assertThrows(IllegalArgumentException.class, () -> PauliString.single('X', 63));
        assertThrows(IllegalArgumentException.class, () -> PauliString.single('X', -1));
        assertThrows(IllegalArgumentException.class, () -> PauliString.ofMasks(1L << 63, 0));
    }

    @Test
    void accessorsAndCanonicalText() {
        PauliString s = p("Z5 * x0*Y2");
        assertEquals("X0*Y2*Z5", s.toString());
        assertEquals(0b000101L, s.xMask());
        assertEquals(0b100100L, s.zMask());
        assertArrayEquals(new int[] {0, 2, 5}, s.qubits());
        assertEquals(3, s.weight());
        assertEquals(5, s.maxQubit());
        assertEquals('X', s.pauliAt(0));
        assertEquals('I', s.pauliAt(1));
        assertEquals('Y', s.pauliAt(2));
        assertEquals('Z', s.pauliAt(5));
        assertFalse(s.isDiagonal());
        assertTrue(p("Z0*Z62").isDiagonal());
        assertEquals(62, p("Z0*Z62").maxQubit());

        PauliString id = PauliString.identity();
        assertEquals("I", id.toString());
        assertEquals(-1, id.maxQubit());
        assertEquals(0, id.weight());
        assertArrayEquals(new int[0], id.qubits());
        assertEquals(id, p("I"));
        assertEquals(id, p("I3"));
        assertEquals(id, p("X1*X1"));
    }

    @Test
    void ofRejectsCoefficientsPhasesAndGarbage() {
        assertThrows(ObservableParseException.class, () -> p(""));
        assertThrows(ObservableParseException.class, () -> p("2*Z0"));
        assertThrows(ObservableParseException.class, () -> p("-Z0"));
        assertThrows(ObservableParseException.class, () -> p("Z0 + X1"));
        ObservableParseException e = assertThrows(ObservableParseException.class, () -> p("X0*Z0*X0"));
        assertTrue(e.getMessage().contains("equals -Z0"), e.getMessage());
        e = assertThrows(ObservableParseException.class, () -> p("Z0*X0"));
        assertTrue(e.getMessage().contains("equals iY0"), e.getMessage());
    }

    @Property
    void textRoundTrips(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long x,
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long z) {
        PauliString s = PauliString.ofMasks(x, z);
        assertEquals(s, PauliString.of(s.toString()));
        assertEquals(s.hashCode(), PauliString.of(s.toString()).hashCode());
    }

    @Test
    void singleQubitMultiplicationTable() {
        // XY = iZ, YZ = iX, ZX = iY and the reverse orders with -i; squares are I.
        assertEquals("iZ0", p("X0").multiply(p("Y0")).toString());
        assertEquals("iX0", p("Y0").multiply(p("Z0")).toString());
        assertEquals("iY0", p("Z0").multiply(p("X0")).toString());
        assertEquals("-iZ0", p("Y0").multiply(p("X0")).toString());
        assertEquals("-iX0", p("Z0").multiply(p("Y0")).toString());
        assertEquals("-iY0", p("X0").multiply(p("Z0")).toString());
        for (String a : new String[] {"I", "X0", "Y0", "Z0"}) {
            assertEquals(new PauliString.Product(0, PauliString.identity()), p(a).multiply(p(a)));
            assertEquals(new PauliString.Product(0, p(a)), p(a).multiply(PauliString.identity()));
        }
        // (X0 Y1)(Y0 X1) = (XY)(YX) = (iZ)(-iZ) = Z0 Z1
        assertEquals(new PauliString.Product(0, p("Z0*Z1")), p("X0*Y1").multiply(p("Y0*X1")));
        // (X0 X1)(Y0 Z1) = (iZ0)(-iY1) = Z0 Y1
        assertEquals(new PauliString.Product(0, p("Z0*Y1")), p("X0*X1").multiply(p("Y0*Z1")));
        assertEquals(new Complex(0, -1), p("Y0").multiply(p("X0")).phase());
    }

    @Test
    void productsMatchDenseMatricesForEveryPairOnTwoQubits() {
        int n = 2;
        for (int a = 0; a < 16; a++) {
            for (int b = 0; b < 16; b++) {
                PauliString pa = PauliString.ofMasks(a & 3, a >> 2);
                PauliString pb = PauliString.ofMasks(b & 3, b >> 2);
                PauliString.Product prod = pa.multiply(pb);
                double[][] lhs = mul(dense(pa, n), dense(pb, n));
                double[][] rhs = scale(dense(prod.pauli(), n), prod.phase());
                assertArrayEquals(rhs[0], lhs[0], 0, pa + "·" + pb + " = " + prod);
                assertArrayEquals(rhs[1], lhs[1], 0, pa + "·" + pb + " = " + prod);
                boolean matricesCommute = same(lhs, mul(dense(pb, n), dense(pa, n)));
                assertEquals(matricesCommute, pa.commutes(pb), pa + " vs " + pb);
            }
        }
    }

    @Property
    void commutesMatchesProductPhases(@ForAll @LongRange(min = 0, max = 255) long x1,
            @ForAll @LongRange(min = 0, max = 255) long z1, @ForAll @LongRange(min = 0, max = 255) long x2,
            @ForAll @LongRange(min = 0, max = 255) long z2) {
        PauliString a = PauliString.ofMasks(x1, z1);
        PauliString b = PauliString.ofMasks(x2, z2);
        PauliString.Product ab = a.multiply(b);
        PauliString.Product ba = b.multiply(a);
        assertEquals(ab.pauli(), ba.pauli());
        // PQ = ±QP: equal phases when they commute, opposite (power differs by 2) when they anticommute.
        assertEquals(a.commutes(b) ? 0 : 2, (ab.power() - ba.power()) & 3);
        assertEquals(a.commutes(b), b.commutes(a));
        // Hermitian factors: PQ is Hermitian exactly when they commute.
        assertEquals(a.commutes(b), ab.isHermitian());
        // Associativity with phases: (ab)b = a·b² = a.
        PauliString.Product back = ab.pauli().multiply(b);
        assertEquals(a, back.pauli());
        assertEquals(0, (ab.power() + back.power()) & 3);
    }

    @Test
    void qubitWiseCommutation() {
        assertTrue(p("X0*Z1").qubitWiseCommutes(p("X0*Y2")));
        assertFalse(p("X0*X1").qubitWiseCommutes(p("Y0*Y1"))); // they commute, but not qubit-wise
        assertTrue(p("X0*X1").commutes(p("Y0*Y1")));
        assertTrue(PauliString.identity().qubitWiseCommutes(p("Y3")));
    }

    @Test
    void equality() {
        assertEquals(p("X0*Z1"), p("Z1*X0"));
        assertNotEquals(p("X0"), p("X1"));
        assertNotEquals(p("X0"), p("Y0"));
    }

    // Dense 2^n × 2^n matrices as {re[], im[]}, row-major; qubit 0 is the least significant bit of the index.

    private static double[][] dense(PauliString p, int n) {
        double[][] acc = {new double[] {1}, new double[] {0}};
        int size = 1;
        for (int q = n - 1; q >= 0; q--) {
            acc = kron(acc, size, single(p.pauliAt(q)), 2);
            size *= 2;
        }
        return acc;
    }

    private static double[][] single(char c) {
        return switch (c) {
            case 'I' -> new double[][] {{1, 0, 0, 1}, {0, 0, 0, 0}};
            case 'X' -> new double[][] {{0, 1, 1, 0}, {0, 0, 0, 0}};
            case 'Y' -> new double[][] {{0, 0, 0, 0}, {0, -1, 1, 0}};
            default -> new double[][] {{1, 0, 0, -1}, {0, 0, 0, 0}};
        };
    }

    private static double[][] kron(double[][] a, int na, double[][] b, int nb) {
        int n = na * nb;
        double[][] out = {new double[n * n], new double[n * n]};
        for (int i = 0; i < na; i++) {
            for (int j = 0; j < na; j++) {
                for (int k = 0; k < nb; k++) {
                    for (int l = 0; l < nb; l++) {
                        int r = i * nb + k;
                        int c = j * nb + l;
                        double ar = a[0][i * na + j], ai = a[1][i * na + j];
                        double br = b[0][k * nb + l], bi = b[1][k * nb + l];
                        out[0][r * n + c] = ar * br - ai * bi;
                        out[1][r * n + c] = ar * bi + ai * br;
                    }
                }
            }
        }
        return out;
    }

    private static double[][] mul(double[][] a, double[][] b) {
        int n = (int) Math.round(Math.sqrt(a[0].length));
        double[][] out = {new double[n * n], new double[n * n]};
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    double ar = a[0][i * n + k], ai = a[1][i * n + k];
                    double br = b[0][k * n + j], bi = b[1][k * n + j];
                    out[0][i * n + j] += ar * br - ai * bi;
                    out[1][i * n + j] += ar * bi + ai * br;
                }
            }
        }
        return out;
    }

    private static boolean same(double[][] a, double[][] b) {
        for (int part = 0; part < 2; part++) {
            for (int i = 0; i < a[part].length; i++) {
                if (a[part][i] != b[part][i]) {
                    return false;
                }
            }
        }
        return true;
    }

    private static double[][] scale(double[][] a, Complex c) {
        double[][] out = {new double[a[0].length], new double[a[0].length]};
        for (int i = 0; i < a[0].length; i++) {
            out[0][i] = c.re() * a[0][i] - c.im() * a[1][i];
            out[1][i] = c.re() * a[1][i] + c.im() * a[0][i];
        }
        return out;
    }
}
