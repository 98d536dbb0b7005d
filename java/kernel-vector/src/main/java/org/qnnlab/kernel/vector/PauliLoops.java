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

    /**
     * Partial {@code <a|P|b>} as {@code {re, im}} for a one-qubit Pauli {@code P} on a qubit above the complex lanes
     * ({@code bit = 2^q}), over pairs of vectors {@code [from, to)}: {@code (a0, a1)} at {@code i} and
     * {@code i | bit} meet {@code b}'s vectors at the same places ({@code Z}) or swapped ({@code X}, {@code Y}), and
     * the two partial sums are combined once at the end with P's factors: {@code (1, −1)} for Z, {@code (1, 1)} for
     * X, {@code (−i, i)} for Y. Four independent accumulator pairs and no per-vector sign or lane permutation beyond
     * the re/im swap, unlike {@link #innerPauli}'s general loop, which the adjoint sweep calls once per parameter.
     */
    static double[] innerPauli1(MemorySegment a, MemorySegment b, long bit, char pauli, long from, long to) {
        VectorSpecies<Double> sp = VectorConstants.SPECIES;
        VectorShuffle<Double> sw = VectorConstants.SWAP;
        ByteOrder bo = VectorConstants.ORDER;
        int shift = Integer.numberOfTrailingZeros(sp.length() / 2);
        long lowMask = bit - 1;
        long stride = bit << 4;
        boolean cross = pauli != 'Z';
        DoubleVector r0 = DoubleVector.zero(sp);
        DoubleVector i0 = DoubleVector.zero(sp);
        DoubleVector r1 = DoubleVector.zero(sp);
        DoubleVector i1 = DoubleVector.zero(sp);
        for (long g = from; g < to; g++) {
            long c = g << shift;
            long o0 = (((c & ~lowMask) << 1) | (c & lowMask)) << 4;
            long o1 = o0 + stride;
            DoubleVector a0 = DoubleVector.fromMemorySegment(sp, a, o0, bo);
            DoubleVector a1 = DoubleVector.fromMemorySegment(sp, a, o1, bo);
            DoubleVector p0 = DoubleVector.fromMemorySegment(sp, b, cross ? o1 : o0, bo);
            DoubleVector p1 = DoubleVector.fromMemorySegment(sp, b, cross ? o0 : o1, bo);
            r0 = a0.fma(p0, r0); // lanes re·re, im·im: Re conj(a)·p
            i0 = a0.fma(p0.rearrange(sw), i0); // lanes re·im, im·re: Im conj(a)·p = even − odd
            r1 = a1.fma(p1, r1);
            i1 = a1.fma(p1.rearrange(sw), i1);
        }
        DoubleVector sign = DoubleVector.fromArray(sp, VectorConstants.PLUS_MINUS, 0);
        double re0 = VectorConstants.sumLanes(r0);
        double im0 = VectorConstants.sumLanes(i0.mul(sign));
        double re1 = VectorConstants.sumLanes(r1);
        double im1 = VectorConstants.sumLanes(i1.mul(sign));
        return switch (pauli) {
            case 'Z' -> new double[] {re0 - re1, im0 - im1};
            case 'X' -> new double[] {re0 + re1, im0 + im1};
            default -> new double[] {im0 - im1, re1 - re0}; // −i·s0 + i·s1
        };
    }

    /**
     * {@link #innerPauli1} for a qubit {@code q} inside the complex lanes: each vector of {@code a} meets the same
     * vector of {@code b} (Z) or its lanes exchanged across bit q (X, Y, by a constant shuffle); the lanes' sums are
     * split by their bit q at the end, then combined with P's factors.
     */
    static double[] innerPauli1Low(MemorySegment a, MemorySegment b, int q, char pauli, long from, long to) {
        VectorSpecies<Double> sp = VectorConstants.SPECIES;
        VectorShuffle<Double> sw = VectorConstants.SWAP;
        ByteOrder bo = VectorConstants.ORDER;
        int shift = Integer.numberOfTrailingZeros(sp.length() / 2);
        boolean cross = pauli != 'Z';
        DoubleVector r = DoubleVector.zero(sp);
        DoubleVector im = DoubleVector.zero(sp);
        for (long g = from; g < to; g++) {
            long o = g << shift << 4;
            DoubleVector av = DoubleVector.fromMemorySegment(sp, a, o, bo);
            DoubleVector bv = DoubleVector.fromMemorySegment(sp, b, o, bo);
            DoubleVector p = !cross ? bv
                    : q == 0 ? bv.rearrange(VectorConstants.PARTNER0) : bv.rearrange(VectorConstants.PARTNER1);
            r = av.fma(p, r);
            im = av.fma(p.rearrange(sw), im);
        }
        double[] sums = new double[4]; // re0, im0, re1, im1 by the lanes' bit q
        for (int j = 0; j < sp.length(); j++) {
            int half = ((j >>> 1) >>> q & 1) * 2;
            sums[half] += r.lane(j);
            sums[half + 1] += (j & 1) == 0 ? im.lane(j) : -im.lane(j);
        }
        return switch (pauli) {
            case 'Z' -> new double[] {sums[0] - sums[2], sums[1] - sums[3]};
            case 'X' -> new double[] {sums[0] + sums[2], sums[1] + sums[3]};
            default -> new double[] {sums[1] - sums[3], sums[2] - sums[0]};
        };
    }
}
