package org.qnnlab.sim;

/**
 * A Pauli string {@code P = ⊗_q P_q} with {@code P_q ∈ {I, X, Y, Z}} on qubits 0..{@value #MAX_QUBIT}, stored as the
 * kernel's two masks (see {@link org.qnnlab.sim.kernel.StateKernel}): qubit {@code q} carries X if only bit q of
 * {@code x} is set, Z if only bit q of {@code z} is set, and Y if both are ({@code Y = i·X·Z}). Immutable.
 *
 * <p>The canonical text form lists the non-identity factors in ascending qubit order, joined by {@code *}, e.g.
 * {@code X0*Y2*Z5}; the identity is {@code I}. {@link #of(String)} reads it back.
 *
 * <p>Products carry a phase: {@link #multiply} returns {@code P·Q = i^k·R} exactly, and {@link #commutes} is the
 * symplectic test, so {@code [P, Q]} is 0 when they commute and {@code 2·i^k·R} otherwise.
 */
public final class PauliString {

    /** The highest qubit a Pauli string may act on (masks are 63-bit so that a state of maxQubit+1 qubits fits). */
    public static final int MAX_QUBIT = 62;

    private static final PauliString IDENTITY = new PauliString(0, 0);

    private final long x;
    private final long z;

    private PauliString(long x, long z) {
        this.x = x;
        this.z = z;
    }

    /**
     * The Pauli string with masks {@code (x, z)}.
     *
     * @throws IllegalArgumentException if a mask has bit 63 set (qubits are 0..{@value #MAX_QUBIT})
     */
    public static PauliString ofMasks(long x, long z) {
        if (((x | z) >>> (MAX_QUBIT + 1)) != 0) {
            throw new IllegalArgumentException("Pauli masks x=0x" + Long.toHexString(x) + ", z=0x" + Long.toHexString(z)
                    + " act on qubit 63; allowed qubits: 0.." + MAX_QUBIT);
        }
        return x == 0 && z == 0 ? IDENTITY : new PauliString(x, z);
    }

    /** The identity {@code I}. */
    public static PauliString identity() {
        return IDENTITY;
    }

    /**
     * The single-qubit Pauli {@code pauli} ({@code I}, {@code X}, {@code Y} or {@code Z}, either case) on
     * {@code qubit}.
     *
     * @throws IllegalArgumentException for another letter or a qubit outside 0..{@value #MAX_QUBIT}
     */
    public static PauliString single(char pauli, int qubit) {
        if (qubit < 0 || qubit > MAX_QUBIT) {
            throw new IllegalArgumentException("qubit " + qubit + " out of range; allowed: 0.." + MAX_QUBIT);
        }
        long bit = 1L << qubit;
        return switch (Character.toUpperCase(pauli)) {
            case 'I' -> IDENTITY;
            case 'X' -> new PauliString(bit, 0);
            case 'Y' -> new PauliString(bit, bit);
            case 'Z' -> new PauliString(0, bit);
            default -> throw new IllegalArgumentException("unknown Pauli '" + pauli + "'; allowed: I, X, Y, Z");
        };
    }

    /**
     * Parses one product of Pauli factors without a coefficient, such as {@code Z0*Z1}, {@code X2} or {@code I}
     * (the canonical form of {@link #toString()}; whitespace between tokens and lower-case letters are accepted).
     * A qubit may repeat if the factors multiply to a Pauli string with phase +1 ({@code X0*X0} is {@code I}).
     *
     * @throws ObservableParseException if the text is not such a product, or its factors multiply to a phase other
     *         than +1 (e.g. {@code X0*Z0*X0 = -Z0})
     */
    public static PauliString of(String text) {
        if (text != null && text.strip().equalsIgnoreCase("I")) {
            return IDENTITY;
        }
        return ObservableParser.parsePauliString(text);
    }

    /** The X mask: bit q is set where qubit q carries X or Y. */
    public long xMask() {
        return x;
    }

    /** The Z mask: bit q is set where qubit q carries Z or Y. */
    public long zMask() {
        return z;
    }

    /** The support: the qubits with a non-identity factor, ascending. */
    public int[] qubits() {
        long support = x | z;
        int[] qs = new int[Long.bitCount(support)];
        for (int i = 0; support != 0; i++) {
            qs[i] = Long.numberOfTrailingZeros(support);
            support &= support - 1;
        }
        return qs;
    }

    /** The number of non-identity factors. */
    public int weight() {
        return Long.bitCount(x | z);
    }

    /** The highest qubit with a non-identity factor, or -1 for the identity. */
    public int maxQubit() {
        return 63 - Long.numberOfLeadingZeros(x | z);
    }

    /** True for the identity. */
    public boolean isIdentity() {
        return (x | z) == 0;
    }

    /** True if every factor is I or Z (the string is diagonal in the computational basis). */
    public boolean isDiagonal() {
        return x == 0;
    }

    /** The factor on {@code qubit}: {@code 'I'}, {@code 'X'}, {@code 'Y'} or {@code 'Z'}. */
    public char pauliAt(int qubit) {
        if (qubit < 0 || qubit > MAX_QUBIT) {
            throw new IllegalArgumentException("qubit " + qubit + " out of range; allowed: 0.." + MAX_QUBIT);
        }
        int bits = (int) ((x >>> qubit) & 1) | (int) (((z >>> qubit) & 1) << 1);
        return "IXZY".charAt(bits);
    }

    /**
     * The product {@code this·other = i^k·R} with its phase {@code k = }{@link #productPower}.
     */
    public Product multiply(PauliString other) {
        return new Product(productPower(x, z, other.x, other.z), ofMasks(x ^ other.x, z ^ other.z));
    }

    /**
     * The phase rule: the power {@code k ∈ 0..3} in {@code P·Q = i^k·R} for the strings with masks {@code (x1, z1)}
     * and {@code (x2, z2)}, {@code R = (x1⊕x2, z1⊕z2)}. With {@code P = i^{|x∧z|} X^x Z^z} per the mask convention
     * and {@code Z^a X^b = (−1)^{|a∧b|} X^b Z^a}, {@code k = |x1∧z1| + |x2∧z2| + 2|z1∧x2| − |x3∧z3| (mod 4)}.
     * Masks are not checked (any bits; the rule is per bit).
     */
    public static int productPower(long x1, long z1, long x2, long z2) {
        int k = Long.bitCount(x1 & z1) + Long.bitCount(x2 & z2) + 2 * Long.bitCount(z1 & x2)
                - Long.bitCount((x1 ^ x2) & (z1 ^ z2));
        return k & 3;
    }

    /** True if {@code this·other = other·this}: the symplectic product {@code |x1∧z2| + |z1∧x2|} is even. */
    public boolean commutes(PauliString other) {
        return ((Long.bitCount(x & other.z) + Long.bitCount(z & other.x)) & 1) == 0;
    }

    /** True if every qubit carries the same factor or an identity in one of the two (one basis measures both). */
    public boolean qubitWiseCommutes(PauliString other) {
        long both = (x | z) & (other.x | other.z);
        return ((x ^ other.x) & both) == 0 && ((z ^ other.z) & both) == 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PauliString p && p.x == x && p.z == z;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(x * 0x9E3779B97F4A7C15L + z);
    }

    /** The canonical text form, e.g. {@code X0*Y2*Z5}, or {@code I} for the identity. */
    @Override
    public String toString() {
        if (isIdentity()) {
            return "I";
        }
        StringBuilder sb = new StringBuilder();
        for (int q : qubits()) {
            if (!sb.isEmpty()) {
                sb.append('*');
            }
            sb.append(pauliAt(q)).append(q);
        }
        return sb.toString();
    }

    /**
     * A Pauli string with a phase {@code i^power}, {@code power} in 0..3 (phase 1, i, -1, -i): the result of
     * {@link #multiply}.
     *
     * @param power the exponent k of the phase {@code i^k}, in 0..3
     * @param pauli the Pauli string
     */
    public record Product(int power, PauliString pauli) {

        /** Checks the power. */
        public Product {
            if (power < 0 || power > 3) {
                throw new IllegalArgumentException("phase power " + power + " out of range; allowed: 0..3");
            }
        }

        /** The phase {@code i^power} as a complex number. */
        public Complex phase() {
            return switch (power) {
                case 0 -> new Complex(1, 0);
                case 1 -> new Complex(0, 1);
                case 2 -> new Complex(-1, 0);
                default -> new Complex(0, -1);
            };
        }

        /** True if the phase is ±1 (the product is Hermitian). */
        public boolean isHermitian() {
            return (power & 1) == 0;
        }

        /** The product as text, e.g. {@code iZ0}, {@code -X1}, {@code -iY2*Z3}, {@code I}. */
        @Override
        public String toString() {
            return new String[] {"", "i", "-", "-i"}[power] + pauli;
        }
    }
}
