package org.qnnlab.analysis;

import org.qnnlab.sim.PauliString;

/**
 * Symbolic algebra of Pauli strings on {@code (x, z)} bit masks, in the convention of {@link PauliString}: qubit
 * {@code q} carries X if only bit q of {@code x} is set, Z if only bit q of {@code z} is set and Y if both are, with
 * {@code Y = i·X·Z} (every string is Hermitian, no hidden phase).
 *
 * <p>Products: {@code P·Q = i^k·R} with {@code R = (x1⊕x2, z1⊕z2)} and {@code k} from the phase rule
 * {@link PauliString#productPower} (its one home; here also on packed keys). Two strings commute iff the
 * symplectic form {@code |x1∧z2| + |z1∧x2|} is even; otherwise {@code k} is odd and the commutator is
 * {@code [P, Q] = 2·P·Q = ±2i·R}, so that {@code i[P, Q] = ∓2·R} stays Hermitian with a real coefficient.
 *
 * <p>Clifford conjugations {@code V†·P·V} for the standard Clifford gates map a string to {@code ±} a string; they
 * follow the update rules of the stabilizer tableau (Aaronson and Gottesman, Phys. Rev. A 70, 052328 (2004)),
 * written for the Hermitian-Y convention above.
 *
 * <p>For closures on up to {@value #MAX_KEY_QUBITS} qubits a string packs into one {@code long} key
 * {@code x | z << 32} ({@link #key}); the key forms of the product and the anticommutation test cost a few
 * instructions.
 */
public final class PauliAlgebra {

    /** The largest qubit count whose strings pack into a {@link #key} (31 bits per mask). */
    public static final int MAX_KEY_QUBITS = 31;

    private static final long LOW = 0xFFFF_FFFFL;

    private PauliAlgebra() {
    }

    // ---- keys

    /**
     * The packed key {@code x | z << 32} of the string with masks {@code (x, z)} on qubits 0..30.
     *
     * @throws IllegalArgumentException if a mask has a bit at or above {@value #MAX_KEY_QUBITS}
     */
    public static long key(long x, long z) {
        if (((x | z) >>> MAX_KEY_QUBITS) != 0) {
            throw new IllegalArgumentException("Pauli masks x=0x" + Long.toHexString(x) + ", z=0x"
                    + Long.toHexString(z) + " act on a qubit above " + (MAX_KEY_QUBITS - 1)
                    + "; packed keys hold qubits 0.." + (MAX_KEY_QUBITS - 1));
        }
        return x | (z << 32);
    }

    /** The packed key of {@code p} (see {@link #key(long, long)}). */
    public static long key(PauliString p) {
        return key(p.xMask(), p.zMask());
    }

    /** The X mask of a packed key. */
    public static long xOf(long key) {
        return key & LOW;
    }

    /** The Z mask of a packed key. */
    public static long zOf(long key) {
        return key >>> 32;
    }

    /** The Pauli string of a packed key. */
    public static PauliString pauliOf(long key) {
        return PauliString.ofMasks(xOf(key), zOf(key));
    }

    // ---- products and commutators

    /**
     * The power {@code k ∈ 0..3} of the phase in {@code P·Q = i^k·R}, {@code R = (x1⊕x2, z1⊕z2)}: the phase rule of
     * {@link PauliString#productPower}, its one home.
     */
    public static int productPower(long x1, long z1, long x2, long z2) {
        return PauliString.productPower(x1, z1, x2, z2);
    }

    /** {@link #productPower(long, long, long, long)} on packed keys; the product string's key is {@code a ^ b}. */
    public static int productPowerOfKeys(long a, long b) {
        long xa = a & LOW, za = a >>> 32, xb = b & LOW, zb = b >>> 32;
        return productPower(xa, za, xb, zb);
    }

    /** True if {@code P·Q = Q·P}: the symplectic form {@code |x1∧z2| + |z1∧x2|} is even. */
    public static boolean commute(long x1, long z1, long x2, long z2) {
        return ((Long.bitCount(x1 & z2) + Long.bitCount(z1 & x2)) & 1) == 0;
    }

    /**
     * True if the strings with packed keys {@code a}, {@code b} anticommute: rotating {@code b} by 32 bits swaps its
     * masks, so {@code popcount(a ∧ rot(b))} is the symplectic form.
     */
    public static boolean anticommuteKeys(long a, long b) {
        return (Long.bitCount(a & Long.rotateLeft(b, 32)) & 1) != 0;
    }

    /**
     * The commutator {@code [P, Q] = 2i·s·R} with {@code R = (x1⊕x2, z1⊕z2)}: returns {@code s = 0} if the strings
     * commute, else {@code s = +1} when {@code P·Q = i·R} and {@code s = −1} when {@code P·Q = −i·R}. Consequently
     * {@code i[P, Q] = −2s·R}.
     */
    public static int commutatorSign(long x1, long z1, long x2, long z2) {
        if (commute(x1, z1, x2, z2)) {
            return 0;
        }
        return productPower(x1, z1, x2, z2) == 1 ? 1 : -1;
    }

    /** {@link #commutatorSign(long, long, long, long)} on packed keys. */
    public static int commutatorSignOfKeys(long a, long b) {
        if (!anticommuteKeys(a, b)) {
            return 0;
        }
        return productPowerOfKeys(a, b) == 1 ? 1 : -1;
    }

    /** {@code P·Q = i^k·R} for two Pauli strings: {@link PauliString#multiply}. */
    public static PauliString.Product multiply(PauliString p, PauliString q) {
        return p.multiply(q);
    }

    // ---- Clifford conjugation V†·P·V

    /**
     * A signed Pauli string {@code sign·P}, {@code sign = ±1}, with masks {@code (x, z)}: the image of a Pauli string
     * under a Clifford conjugation.
     *
     * @param sign +1 or −1
     * @param x the X mask
     * @param z the Z mask
     */
    public record Signed(int sign, long x, long z) {

        /** Checks the sign. */
        public Signed {
            if (sign != 1 && sign != -1) {
                throw new IllegalArgumentException("sign " + sign + " must be +1 or -1");
            }
        }
    }

    private static Signed signed(boolean flip, long x, long z) {
        return new Signed(flip ? -1 : 1, x, z);
    }

    private static boolean bit(long m, int q) {
        return ((m >>> q) & 1) != 0;
    }

    /** {@code H·P·H} for a Hadamard on {@code q}: {@code X ↔ Z}, {@code Y → −Y}. */
    public static Signed conjugateH(long x, long z, int q) {
        long b = 1L << q;
        boolean xq = bit(x, q), zq = bit(z, q);
        long nx = (x & ~b) | (zq ? b : 0);
        long nz = (z & ~b) | (xq ? b : 0);
        return signed(xq && zq, nx, nz);
    }

    /** {@code S†·P·S} for {@code S = diag(1, i)} on {@code q}: {@code X → −Y}, {@code Y → X}, {@code Z → Z}. */
    public static Signed conjugateS(long x, long z, int q) {
        boolean xq = bit(x, q), zq = bit(z, q);
        return signed(xq && !zq, x, xq ? z ^ (1L << q) : z);
    }

    /** {@code S·P·S†} (conjugation by {@code S† = diag(1, −i)}) on {@code q}: {@code X → Y}, {@code Y → −X}. */
    public static Signed conjugateSdg(long x, long z, int q) {
        boolean xq = bit(x, q), zq = bit(z, q);
        return signed(xq && zq, x, xq ? z ^ (1L << q) : z);
    }

    /**
     * Conjugation by the Pauli {@code pauli} ({@code 'X'}, {@code 'Y'} or {@code 'Z'}) on {@code q}: the factor on
     * {@code q} keeps its letter and flips sign iff it anticommutes with {@code pauli}.
     */
    public static Signed conjugatePauli(long x, long z, char pauli, int q) {
        boolean xq = bit(x, q), zq = bit(z, q);
        boolean flip = switch (pauli) {
            case 'X' -> zq;
            case 'Y' -> xq ^ zq;
            case 'Z' -> xq;
            default -> throw new IllegalArgumentException("unknown Pauli '" + pauli + "'; allowed: X, Y, Z");
        };
        return signed(flip, x, z);
    }

    /**
     * Conjugation by CNOT (control {@code c}, target {@code t}; self-inverse): {@code X_c → X_cX_t},
     * {@code Z_t → Z_cZ_t}, {@code X_t}, {@code Z_c} fixed; sign {@code (−1)^{x_c z_t (x_t ⊕ z_c ⊕ 1)}}.
     */
    public static Signed conjugateCnot(long x, long z, int c, int t) {
        boolean xc = bit(x, c), zc = bit(z, c), xt = bit(x, t), zt = bit(z, t);
        boolean flip = xc && zt && !(xt ^ zc);
        long nx = xc ? x ^ (1L << t) : x;
        long nz = zt ? z ^ (1L << c) : z;
        return signed(flip, nx, nz);
    }

    /**
     * Conjugation by CZ on {@code a}, {@code b} (symmetric, self-inverse): {@code X_a → X_aZ_b},
     * {@code X_b → Z_aX_b}, Z fixed; sign {@code (−1)^{x_a x_b (z_a ⊕ z_b)}}.
     */
    public static Signed conjugateCz(long x, long z, int a, int b) {
        boolean xa = bit(x, a), za = bit(z, a), xb = bit(x, b), zb = bit(z, b);
        boolean flip = xa && xb && (za ^ zb);
        long nz = z;
        if (xb) {
            nz ^= 1L << a;
        }
        if (xa) {
            nz ^= 1L << b;
        }
        return signed(flip, x, nz);
    }

    /** Conjugation by SWAP of {@code a} and {@code b}: the factors on the two qubits exchange, no sign. */
    public static Signed conjugateSwap(long x, long z, int a, int b) {
        return new Signed(1, swapBits(x, a, b), swapBits(z, a, b));
    }

    private static long swapBits(long m, int a, int b) {
        long t = ((m >>> a) ^ (m >>> b)) & 1;
        return m ^ ((t << a) | (t << b));
    }
}
