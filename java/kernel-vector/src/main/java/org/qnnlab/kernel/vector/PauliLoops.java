package org.qnnlab.kernel.vector;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Loops for Pauli strings {@code (x, z)}, all of the form {@code out[b] = d·v[b] + w·(-1)^parity((b^x)&z)·v[b^x]}
 * (table from {@link Coefficients#pauli}). {@code x} splits into {@code xl} (complex-lane bits, a constant
 * permutation inside a register) and {@code xh} (the partner vector); the sign from the high bits of {@code z} is
 * applied per vector. "Self" loops handle {@code xh == 0} (each vector is its own partner), "pair" loops visit each
 * pair {@code (i, i ^ xh)} once, from the {@code i} whose top bit of {@code xh} is clear.
 */
final class PauliLoops {

    private PauliLoops() {
    }

    private static double sign(long b, long zh) {
        return 1 - 2 * (Long.bitCount(b & zh) & 1);
    }

    static void applySelf(MemorySegment s, long xl, long zh, double[] t, long ctrlHigh, long from,
            long to) {
        VectorSpecies<Double> sp = VectorConstants.SPECIES;
        VectorShuffle<Double> p = VectorConstants.xorShuffle((int) (2 * xl));
        VectorShuffle<Double> pw = VectorConstants.xorShuffle((int) (2 * xl + 1));
        ByteOrder bo = VectorConstants.ORDER;
        int lanes = sp.length();
        int shift = Integer.numberOfTrailingZeros(lanes / 2);
        DoubleVector d = DoubleVector.fromArray(sp, t, 0);
        DoubleVector wr = DoubleVector.fromArray(sp, t, lanes);
        DoubleVector wi = DoubleVector.fromArray(sp, t, 2 * lanes);
        for (long g = from; g < to; g++) {
            long i = g << shift;
            if ((i & ctrlHigh) != ctrlHigh) {
                continue;
            }
            long o = i << 4;
            DoubleVector v = DoubleVector.fromMemorySegment(sp, s, o, bo);
            DoubleVector u = v.rearrange(p).fma(wr, v.rearrange(pw).mul(wi));
            v.fma(d, u.mul(sign(i, zh))).intoMemorySegment(s, o, bo);
        }
    }

    static void applyPairs(MemorySegment s, long xl, long xh, long zh, double[] t, long ctrlHigh,
            long from, long to) {
        VectorSpecies<Double> sp = VectorConstants.SPECIES;
        VectorShuffle<Double> p = VectorConstants.xorShuffle((int) (2 * xl));
        VectorShuffle<Double> pw = VectorConstants.xorShuffle((int) (2 * xl + 1));
        ByteOrder bo = VectorConstants.ORDER;
        int lanes = sp.length();
        int shift = Integer.numberOfTrailingZeros(lanes / 2);
        DoubleVector d = DoubleVector.fromArray(sp, t, 0);
        DoubleVector wr = DoubleVector.fromArray(sp, t, lanes);
        DoubleVector wi = DoubleVector.fromArray(sp, t, 2 * lanes);
        long lowMask = Long.highestOneBit(xh) - 1;
        long stride = xh << 4;
        for (long g = from; g < to; g++) {
            long c = g << shift;
            long i = ((c & ~lowMask) << 1) | (c & lowMask);
            if ((i & ctrlHigh) != ctrlHigh) {
                continue;
            }
            long j = i ^ xh;
            long oi = i << 4;
            long oj = oi ^ stride;
            DoubleVector vi = DoubleVector.fromMemorySegment(sp, s, oi, bo);
            DoubleVector vj = DoubleVector.fromMemorySegment(sp, s, oj, bo);
            DoubleVector ui = vj.rearrange(p).fma(wr, vj.rearrange(pw).mul(wi));
            DoubleVector uj = vi.rearrange(p).fma(wr, vi.rearrange(pw).mul(wi));
            vi.fma(d, ui.mul(sign(j, zh))).intoMemorySegment(s, oi, bo);
            vj.fma(d, uj.mul(sign(i, zh))).intoMemorySegment(s, oj, bo);
        }
    }

    /** {@code sum_b Re(conj(v[b])·(Pv)[b])} over vectors {@code [from, to)}, for {@code xh == 0}. */
    static double[] expectationSelf(MemorySegment s, long xl, long zh, double[] t, long from, long to) {
        VectorSpecies<Double> sp = VectorConstants.SPECIES;
        VectorShuffle<Double> p = VectorConstants.xorShuffle((int) (2 * xl));
        VectorShuffle<Double> pw = VectorConstants.xorShuffle((int) (2 * xl + 1));
        ByteOrder bo = VectorConstants.ORDER;
        int lanes = sp.length();
        int shift = Integer.numberOfTrailingZeros(lanes / 2);
        DoubleVector wr = DoubleVector.fromArray(sp, t, lanes);
        DoubleVector wi = DoubleVector.fromArray(sp, t, 2 * lanes);
        DoubleVector acc = DoubleVector.zero(sp);
        for (long g = from; g < to; g++) {
            long i = g << shift;
            DoubleVector v = DoubleVector.fromMemorySegment(sp, s, i << 4, bo);
            DoubleVector u = v.rearrange(p).fma(wr, v.rearrange(pw).mul(wi));
            acc = v.fma(u.mul(sign(i, zh)), acc);
        }
        return new double[] {VectorConstants.sumLanes(acc)};
    }

    /** As {@link #expectationSelf} for {@code xh != 0}, over pairs {@code [from, to)}. */
    static double[] expectationPairs(MemorySegment s, long xl, long xh, long zh, double[] t, long from,
            long to) {
        VectorSpecies<Double> sp = VectorConstants.SPECIES;
        VectorShuffle<Double> p = VectorConstants.xorShuffle((int) (2 * xl));
        VectorShuffle<Double> pw = VectorConstants.xorShuffle((int) (2 * xl + 1));
        ByteOrder bo = VectorConstants.ORDER;
        int lanes = sp.length();
        int shift = Integer.numberOfTrailingZeros(lanes / 2);
        DoubleVector wr = DoubleVector.fromArray(sp, t, lanes);
        DoubleVector wi = DoubleVector.fromArray(sp, t, 2 * lanes);
        long lowMask = Long.highestOneBit(xh) - 1;
        long stride = xh << 4;
        DoubleVector acc = DoubleVector.zero(sp);
        for (long g = from; g < to; g++) {
            long c = g << shift;
            long i = ((c & ~lowMask) << 1) | (c & lowMask);
            long j = i ^ xh;
            long oi = i << 4;
            DoubleVector vi = DoubleVector.fromMemorySegment(sp, s, oi, bo);
            DoubleVector vj = DoubleVector.fromMemorySegment(sp, s, oi ^ stride, bo);
            DoubleVector ui = vj.rearrange(p).fma(wr, vj.rearrange(pw).mul(wi));
            DoubleVector uj = vi.rearrange(p).fma(wr, vi.rearrange(pw).mul(wi));
            acc = vi.fma(ui.mul(sign(j, zh)), acc);
            acc = vj.fma(uj.mul(sign(i, zh)), acc);
        }
        return new double[] {VectorConstants.sumLanes(acc)};
    }

    /**
     * Partial {@code <a|P|b>} as {@code {re, im}} over vectors {@code [from, to)} of {@code a}: vector {@code i} of
     * {@code a} meets vector {@code i ^ xh} of {@code b}, permuted in-register by {@code xl}, times the table's
     * per-lane phase and the high-bit sign of {@code z}. One read-only pass over both states.
     */
    static double[] innerPauli(MemorySegment a, MemorySegment b, long xl, long xh, long zh, double[] t, long from,
            long to) {
        VectorSpecies<Double> sp = VectorConstants.SPECIES;
        VectorShuffle<Double> sw = VectorConstants.SWAP;
        VectorShuffle<Double> p = VectorConstants.xorShuffle((int) (2 * xl));
        VectorShuffle<Double> pw = VectorConstants.xorShuffle((int) (2 * xl + 1));
        ByteOrder bo = VectorConstants.ORDER;
        int lanes = sp.length();
        int shift = Integer.numberOfTrailingZeros(lanes / 2);
        DoubleVector wr = DoubleVector.fromArray(sp, t, lanes);
        DoubleVector wi = DoubleVector.fromArray(sp, t, 2 * lanes);
        DoubleVector re = DoubleVector.zero(sp);
        DoubleVector im = DoubleVector.zero(sp);
        for (long g = from; g < to; g++) {
            long i = g << shift;
            long j = i ^ xh;
            DoubleVector av = DoubleVector.fromMemorySegment(sp, a, i << 4, bo);
            DoubleVector bv = DoubleVector.fromMemorySegment(sp, b, j << 4, bo);
            DoubleVector u = bv.rearrange(p).fma(wr, bv.rearrange(pw).mul(wi)).mul(sign(j, zh));
            re = av.fma(u, re);
            im = av.fma(u.rearrange(sw), im); // even lanes a.re·u.im, odd lanes a.im·u.re (subtracted below)
        }
        DoubleVector sign = DoubleVector.fromArray(sp, VectorConstants.PLUS_MINUS, 0);
        return new double[] {VectorConstants.sumLanes(re), VectorConstants.sumLanes(im.mul(sign))};
    }
}
