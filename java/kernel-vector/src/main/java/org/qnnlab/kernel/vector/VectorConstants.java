package org.qnnlab.kernel.vector;

import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Every Vector API constant of this module. Only touched after {@link VectorKernelProvider} has checked that the
 * module is readable and the JIT is on (Lucene's rule: no Vector API class is loaded before those checks).
 *
 * <p>A kernel's width is an instance setting, so hot loops call {@link #species(int)} with it; in a JVM that uses
 * one width (production), C2's branch profile prunes the other arms and the species is a constant again.
 */
final class VectorConstants {

    static final VectorSpecies<Double> S128 = DoubleVector.SPECIES_128;
    static final VectorSpecies<Double> S256 = DoubleVector.SPECIES_256;
    static final VectorSpecies<Double> S512 = DoubleVector.SPECIES_512;

    /** Bit width of the preferred (widest fast) species on this machine. */
    static final int PREFERRED_BITS = DoubleVector.SPECIES_PREFERRED.vectorBitSize();

    static final ByteOrder ORDER = ByteOrder.nativeOrder();

    /** Swaps re and im within each complex pair: lane j takes lane j^1. */
    static final VectorShuffle<Double> SWAP128 = xorShuffle(S128, 1);
    static final VectorShuffle<Double> SWAP256 = xorShuffle(S256, 1);
    static final VectorShuffle<Double> SWAP512 = xorShuffle(S512, 1);

    private VectorConstants() {
    }

    static VectorSpecies<Double> species(int bits) {
        return bits == 512 ? S512 : bits == 256 ? S256 : S128;
    }

    static VectorShuffle<Double> swap(int bits) {
        return bits == 512 ? SWAP512 : bits == 256 ? SWAP256 : SWAP128;
    }

    /** Every XOR shuffle per width, built once: {@code fromOp} allocates, and loops ask for them on every call. */
    private static final VectorShuffle<Double>[] XOR128 = xorShuffles(S128);
    private static final VectorShuffle<Double>[] XOR256 = xorShuffles(S256);
    private static final VectorShuffle<Double>[] XOR512 = xorShuffles(S512);

    /** Lane {@code j} takes lane {@code j ^ mask} (a constant permutation within the register). */
    static VectorShuffle<Double> xorShuffle(VectorSpecies<Double> sp, int mask) {
        VectorShuffle<Double>[] table = sp == S512 ? XOR512 : sp == S256 ? XOR256 : sp == S128 ? XOR128 : null;
        return table != null && mask < table.length && table[mask] != null ? table[mask] : VectorShuffle.fromOp(sp, j -> j ^ mask);
    }

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Double>[] xorShuffles(VectorSpecies<Double> sp) {
        VectorShuffle<Double>[] t = new VectorShuffle[sp.length()];
        for (int m = 0; m < t.length; m++) {
            int mask = m;
            t[m] = VectorShuffle.fromOp(sp, j -> j ^ mask);
        }
        return t;
    }
}
