package org.qnnlab.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.BiFunction;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.qnnlab.analysis.DlaTest.Dense;
import org.qnnlab.sim.Gates;
import org.qnnlab.sim.Operation;
import org.qnnlab.sim.PauliString;

class PauliAlgebraTest {

    private static final long MASK_31 = (1L << 31) - 1;

    /**
     * The phase rule (one home: {@link PauliString#productPower}) against the per-qubit product table
     * ({@code XY = iZ}, {@code YZ = iX}, {@code ZX = iY}, reversed order {@code −i}), on random 63-qubit strings.
     */
    @Property
    void productPowerMatchesPerQubitTable(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long x1,
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long z1,
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long x2,
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long z2) {
        PauliString p = PauliString.ofMasks(x1, z1);
        PauliString q = PauliString.ofMasks(x2, z2);
        PauliString.Product expected = p.multiply(q);
        int k = 0;
        for (int b = 0; b < 63; b++) {
            k += singleQubitPower(p.pauliAt(b), q.pauliAt(b));
        }
        assertEquals(k & 3, expected.power());
        assertEquals(expected.power(), PauliAlgebra.productPower(x1, z1, x2, z2));
        assertEquals(expected, PauliAlgebra.multiply(p, q));
        assertEquals(p.commutes(q), PauliAlgebra.commute(x1, z1, x2, z2));
        int s = PauliAlgebra.commutatorSign(x1, z1, x2, z2);
        assertEquals(p.commutes(q) ? 0 : expected.power() == 1 ? 1 : -1, s);
    }

    /** {@code a·b = i^k·c} for single-qubit Paulis: k = 1 for XY, YZ, ZX, 3 for the reverse, else 0. */
    private static int singleQubitPower(char a, char b) {
        if (a == 'I' || b == 'I' || a == b) {
            return 0;
        }
        String cyclic = "XYZX";
        return cyclic.contains("" + a + b) ? 1 : 3;
    }

    @Property
    void keyFormsAgreeWithMaskForms(@ForAll @LongRange(min = 0, max = MASK_31) long x1,
            @ForAll @LongRange(min = 0, max = MASK_31) long z1, @ForAll @LongRange(min = 0, max = MASK_31) long x2,
            @ForAll @LongRange(min = 0, max = MASK_31) long z2) {
        long a = PauliAlgebra.key(x1, z1);
        long b = PauliAlgebra.key(x2, z2);
        assertEquals(x1, PauliAlgebra.xOf(a));
        assertEquals(z1, PauliAlgebra.zOf(a));
        assertEquals(PauliString.ofMasks(x1, z1), PauliAlgebra.pauliOf(a));
        assertEquals(a, PauliAlgebra.key(PauliString.ofMasks(x1, z1)));
        assertEquals(!PauliAlgebra.commute(x1, z1, x2, z2), PauliAlgebra.anticommuteKeys(a, b));
        assertEquals(PauliAlgebra.productPower(x1, z1, x2, z2), PauliAlgebra.productPowerOfKeys(a, b));
        assertEquals(PauliAlgebra.commutatorSign(x1, z1, x2, z2), PauliAlgebra.commutatorSignOfKeys(a, b));
        assertEquals(PauliAlgebra.key(x1 ^ x2, z1 ^ z2), a ^ b); // the product's key
    }

    /** {@code P·Q = i^k·R} and {@code [P, Q] = 2i·s·R} as 4×4 matrices, for all 16 × 16 two-qubit strings. */
    @Test
    void productsAndCommutatorsMatchDenseMatrices() {
        int n = 2, d = 4;
        for (int a = 0; a < 16; a++) {
            for (int b = 0; b < 16; b++) {
                long x1 = a & 3, z1 = a >> 2, x2 = b & 3, z2 = b >> 2;
                double[] p = Dense.pauli(PauliString.ofMasks(x1, z1), n);
                double[] q = Dense.pauli(PauliString.ofMasks(x2, z2), n);
                double[] r = Dense.pauli(PauliString.ofMasks(x1 ^ x2, z1 ^ z2), n);
                int k = PauliAlgebra.productPower(x1, z1, x2, z2);
                double[] pq = Dense.mul(p, q, d);
                assertTrue(Dense.maxDiff(pq, timesIPower(r, k)) < 1e-12, "P·Q for " + a + ", " + b);
                int s = PauliAlgebra.commutatorSign(x1, z1, x2, z2);
                double[] comm = Dense.add(pq, Dense.mul(q, p, d), -1);
                double[] expected = s == 0 ? new double[2 * d * d] : Dense.add(new double[2 * d * d],
                        timesIPower(r, s == 1 ? 1 : 3), 2);
                assertTrue(Dense.maxDiff(comm, expected) < 1e-12, "[P, Q] for " + a + ", " + b);
            }
        }
    }

    /** Every symbolic Clifford rule against {@code V†·P·V} from the gate matrices, for all 3-qubit strings. */
    @Test
    void cliffordConjugationsMatchDenseMatrices() {
        int[] none = {};
        record Rule(String name, Operation op, BiFunction<Long, Long, PauliAlgebra.Signed> f) {
        }
        List<Rule> rules = List.of(
                new Rule("h1", new Operation(Gates.H, new int[] {1}, none), (x, z) -> PauliAlgebra.conjugateH(x, z, 1)),
                new Rule("s0", new Operation(Gates.S, new int[] {0}, none), (x, z) -> PauliAlgebra.conjugateS(x, z, 0)),
                new Rule("sdg2", new Operation(Gates.SDG, new int[] {2}, none),
                        (x, z) -> PauliAlgebra.conjugateSdg(x, z, 2)),
                new Rule("x1", new Operation(Gates.X, new int[] {1}, none),
                        (x, z) -> PauliAlgebra.conjugatePauli(x, z, 'X', 1)),
                new Rule("y0", new Operation(Gates.Y, new int[] {0}, none),
                        (x, z) -> PauliAlgebra.conjugatePauli(x, z, 'Y', 0)),
                new Rule("z2", new Operation(Gates.Z, new int[] {2}, none),
                        (x, z) -> PauliAlgebra.conjugatePauli(x, z, 'Z', 2)),
                new Rule("cnot 0→1", new Operation(Gates.X, new int[] {1}, new int[] {0}),
                        (x, z) -> PauliAlgebra.conjugateCnot(x, z, 0, 1)),
                new Rule("cnot 2→0", new Operation(Gates.X, new int[] {0}, new int[] {2}),
                        (x, z) -> PauliAlgebra.conjugateCnot(x, z, 2, 0)),
                new Rule("cz 0,2", new Operation(Gates.Z, new int[] {2}, new int[] {0}),
                        (x, z) -> PauliAlgebra.conjugateCz(x, z, 0, 2)),
                new Rule("cz 2,1", new Operation(Gates.Z, new int[] {1}, new int[] {2}),
                        (x, z) -> PauliAlgebra.conjugateCz(x, z, 2, 1)),
                new Rule("swap 0,2", new Operation(Gates.SWAP, new int[] {0, 2}, none),
                        (x, z) -> PauliAlgebra.conjugateSwap(x, z, 0, 2)));
        int n = 3, d = 8;
        for (Rule rule : rules) {
            double[] v = Dense.operation(rule.op(), n);
            double[] vdg = Dense.adjoint(v, d);
            for (int w = 0; w < 64; w++) {
                long x = w & 7, z = w >> 3;
                double[] expected = Dense.mul(Dense.mul(vdg, Dense.pauli(PauliString.ofMasks(x, z), n), d), v, d);
                PauliAlgebra.Signed s = rule.f().apply(x, z);
                double[] actual = Dense.add(new double[2 * d * d], Dense.pauli(PauliString.ofMasks(s.x(), s.z()), n),
                        s.sign());
                assertTrue(Dense.maxDiff(expected, actual) < 1e-12, rule.name() + " on "
                        + PauliString.ofMasks(x, z) + ": got " + (s.sign() < 0 ? "-" : "")
                        + PauliString.ofMasks(s.x(), s.z()));
            }
        }
    }

    @Test
    void cliffordRulesAreInvolutionsOrInverses() {
        for (long x = 0; x < 8; x++) {
            for (long z = 0; z < 8; z++) {
                PauliAlgebra.Signed s = PauliAlgebra.conjugateS(x, z, 1);
                PauliAlgebra.Signed back = PauliAlgebra.conjugateSdg(s.x(), s.z(), 1);
                assertEquals(new PauliAlgebra.Signed(s.sign() * back.sign(), back.x(), back.z()),
                        new PauliAlgebra.Signed(1, x, z));
                PauliAlgebra.Signed c = PauliAlgebra.conjugateCnot(x, z, 0, 2);
                PauliAlgebra.Signed c2 = PauliAlgebra.conjugateCnot(c.x(), c.z(), 0, 2);
                assertEquals(new PauliAlgebra.Signed(1, x, z), new PauliAlgebra.Signed(c.sign() * c2.sign(), c2.x(),
                        c2.z()));
            }
        }
    }

    @Test
    void keysAndSignsAreValidated() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PauliAlgebra.key(1L << 31, 0));
        assertTrue(e.getMessage().contains("0..30"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PauliAlgebra.key(0, 1L << 40));
        assertThrows(IllegalArgumentException.class, () -> new PauliAlgebra.Signed(0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> PauliAlgebra.conjugatePauli(1, 0, 'W', 0));
    }

    /** {@code i^k·m} for an interleaved complex matrix. */
    private static double[] timesIPower(double[] m, int k) {
        double[] r = new double[m.length];
        for (int i = 0; i < m.length; i += 2) {
            double re = m[i], im = m[i + 1];
            switch (k & 3) {
                case 0 -> {
                    r[i] = re;
                    r[i + 1] = im;
                }
                case 1 -> {
                    r[i] = -im;
                    r[i + 1] = re;
                }
                case 2 -> {
                    r[i] = -re;
                    r[i + 1] = -im;
                }
                default -> {
                    r[i] = im;
                    r[i + 1] = -re;
                }
            }
        }
        return r;
    }
}
