package org.qnnlab.kernel.vector;

import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Every Vector API constant of this module. Only touched after {@link VectorKernelProvider} has checked that the
 * module is readable and the JIT is on (Lucene's rule: no Vector API class is loaded before those checks).
 *
 * <p>The register width is one per JVM ({@value VectorKernelProvider#BITS_PROPERTY}, else the CPU's preferred
 * width) and {@link #SPECIES} is a {@code static final}, so C2 sees a constant species in every loop. A per-instance
 * width was tried first: C2 then compiled some loops with a non-constant species and boxed every vector, bimodally
 * (the same loop ran at 3 or at 20+ ms per gate depending on compile timing). The tests cover the narrower widths
 * in separate JVMs.
 */
final class VectorConstants {

    /** Bit width of the preferred (widest fast) species on this machine. */
    static final int PREFERRED_BITS = DoubleVector.SPECIES_PREFERRED.vectorBitSize();

    /** The register width of this JVM: the validated property, else the preferred width (at most 512). */
    static final int BITS = chooseBits();

    /** The species every loop uses. */
    static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED.vectorBitSize() == BITS
            ? DoubleVector.SPECIES_PREFERRED
            : BITS == 512 ? DoubleVector.SPECIES_512 : BITS == 256 ? DoubleVector.SPECIES_256
                    : DoubleVector.SPECIES_128;

    static final ByteOrder ORDER = ByteOrder.nativeOrder();

    /** Every XOR shuffle of {@link #SPECIES}, built once: {@code fromOp} allocates. */
    private static final VectorShuffle<Double>[] XOR = xorShuffles();

    /** Swaps re and im within each complex pair: lane j takes lane j^1. */
    static final VectorShuffle<Double> SWAP = XOR[1];

    /** Swaps the complex lanes that differ in amplitude bit 0 (lane j takes lane j^2). */
    static final VectorShuffle<Double> PARTNER0 = XOR[2 % XOR.length];

    /** Swaps the complex lanes that differ in amplitude bit 1 (lane j takes lane j^4), where a register has 4 or more. */
    static final VectorShuffle<Double> PARTNER1 = XOR[4 % XOR.length];

    /** {@code (−1, 1, −1, 1, …)} over the lanes of {@link #SPECIES}: the signs of the {@code (−im, re)} twins. */
    static final double[] MINUS_PLUS = alternating(-1);

    /** {@code (1, −1, 1, −1, …)}: adds even lanes and subtracts odd ones in a reduction. */
    static final double[] PLUS_MINUS = alternating(1);

    private VectorConstants() {
    }

    /**
     * The sum of {@code v}'s lanes, in lane order. {@code reduceLanes(ADD)} leaves the order unspecified, and C2's
     * intrinsic and the interpreter's fallback differ in the last bit, so expectations and gradients would depend on
     * whether the loop had been compiled yet (two runs of one seed differed at the ulp level). One call per loop
     * chunk, so the scalar sum costs nothing measurable.
     */
    static double sumLanes(DoubleVector v) {
        double s = v.lane(0);
        for (int j = 1; j < v.length(); j++) {
            s += v.lane(j);
        }
        return s;
    }

    private static double[] alternating(double even) {
        double[] a = new double[SPECIES.length()];
        for (int j = 0; j < a.length; j++) {
            a[j] = (j & 1) == 0 ? even : -even;
        }
        return a;
    }

    private static int chooseBits() {
        // Invalid values are reported by VectorKernelProvider (which then refuses to create a kernel); never throw
        // from a static initializer.
        String prop = System.getProperty(VectorKernelProvider.BITS_PROPERTY, "").trim();
        int b = PREFERRED_BITS;
        try {
            if (!prop.isEmpty()) {
                b = Integer.parseInt(prop);
            }
        } catch (NumberFormatException e) {
            b = PREFERRED_BITS;
        }
        return b == 128 || b == 256 || b == 512 ? b : Math.min(512, Math.max(128, PREFERRED_BITS));
    }

    /** Lane {@code j} takes lane {@code j ^ mask} (a constant permutation within the register). */
    static VectorShuffle<Double> xorShuffle(int mask) {
        return XOR[mask];
    }

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Double>[] xorShuffles() {
        VectorShuffle<Double>[] t = new VectorShuffle[SPECIES.length()];
        for (int m = 0; m < t.length; m++) {
            int mask = m;
            t[m] = VectorShuffle.fromOp(SPECIES, j -> j ^ mask);
        }
        return t;
    }
}
