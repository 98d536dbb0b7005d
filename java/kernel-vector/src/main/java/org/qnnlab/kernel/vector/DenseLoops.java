package org.qnnlab.kernel.vector;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Hot loops for dense 1- and 2-qubit gates (qsim's split: high targets stream whole vectors 2^q amplitudes apart,
 * low targets, below log2(complex lanes), permute lanes inside a register). Coefficient tables come from
 * {@link Coefficients#dense}. Work item {@code g} is one group of vectors; its base amplitude index is {@code g}
 * times the complex lanes with zeros inserted at the high target bits. Controls at or above log2(complex lanes) are
 * tested per group ({@code ctrlHigh}); lower ones are in the table.
 */
final class DenseLoops {

    private DenseLoops() {
    }

    /** {@code acc + R·v + I·w} with {@code w = swapReIm(v)}: one complex coefficient times one vector. */
    private static DoubleVector cm(DoubleVector v, DoubleVector w, DoubleVector r, DoubleVector i, DoubleVector acc) {
        return v.fma(r, w.fma(i, acc));
    }

    private static DoubleVector cm(DoubleVector v, DoubleVector w, DoubleVector r, DoubleVector i) {
        return v.fma(r, w.mul(i));
    }

    private static DoubleVector coef(VectorSpecies<Double> sp, double[] t, int term, int part) {
        return DoubleVector.fromArray(sp, t, (2 * term + part) * sp.length());
    }

    private static long insertZero(long c, long lowMask) {
        return ((c & ~lowMask) << 1) | (c & lowMask);
    }

    /** One target {@code q >= log2(complex lanes)}: two streams {@code 2^q} amplitudes apart. */
    static void apply1High(int bits, MemorySegment s, int q, double[] t, long ctrlHigh, long from, long to) {
        VectorSpecies<Double> sp = VectorConstants.species(bits);
        VectorShuffle<Double> sw = VectorConstants.swap(bits);
        ByteOrder bo = VectorConstants.ORDER;
        int shift = Integer.numberOfTrailingZeros(sp.length() / 2);
        DoubleVector a00r = coef(sp, t, 0, 0), a00i = coef(sp, t, 0, 1);
        DoubleVector a01r = coef(sp, t, 1, 0), a01i = coef(sp, t, 1, 1);
        DoubleVector a10r = coef(sp, t, 2, 0), a10i = coef(sp, t, 2, 1);
        DoubleVector a11r = coef(sp, t, 3, 0), a11i = coef(sp, t, 3, 1);
        long lowMask = (1L << q) - 1;
        long stride = 16L << q;
        for (long g = from; g < to; g++) {
            long i = insertZero(g << shift, lowMask);
            if ((i & ctrlHigh) != ctrlHigh) {
                continue;
            }
            long o0 = i << 4;
            long o1 = o0 + stride;
            DoubleVector v0 = DoubleVector.fromMemorySegment(sp, s, o0, bo);
            DoubleVector v1 = DoubleVector.fromMemorySegment(sp, s, o1, bo);
            DoubleVector w0 = v0.rearrange(sw);
            DoubleVector w1 = v1.rearrange(sw);
            cm(v1, w1, a01r, a01i, cm(v0, w0, a00r, a00i)).intoMemorySegment(s, o0, bo);
            cm(v1, w1, a11r, a11i, cm(v0, w0, a10r, a10i)).intoMemorySegment(s, o1, bo);
        }
    }

    /** One target {@code q < log2(complex lanes)}: partner amplitudes are lanes {@code 2^q} complex apart. */
    static void apply1Low(int bits, MemorySegment s, int q, double[] t, long ctrlHigh, long from, long to) {
        VectorSpecies<Double> sp = VectorConstants.species(bits);
        VectorShuffle<Double> sw = VectorConstants.swap(bits);
        VectorShuffle<Double> p = VectorConstants.xorShuffle(sp, 2 << q);
        VectorShuffle<Double> pw = VectorConstants.xorShuffle(sp, (2 << q) | 1);
        ByteOrder bo = VectorConstants.ORDER;
        int shift = Integer.numberOfTrailingZeros(sp.length() / 2);
        DoubleVector dr = coef(sp, t, 0, 0), di = coef(sp, t, 0, 1);
        DoubleVector or = coef(sp, t, 1, 0), oi = coef(sp, t, 1, 1);
        for (long g = from; g < to; g++) {
            long i = g << shift;
            if ((i & ctrlHigh) != ctrlHigh) {
                continue;
            }
            long o = i << 4;
            DoubleVector v = DoubleVector.fromMemorySegment(sp, s, o, bo);
            cm(v.rearrange(p), v.rearrange(pw), or, oi, cm(v, v.rearrange(sw), dr, di)).intoMemorySegment(s, o, bo);
        }
    }

    /** Two targets {@code h0 < h1}, both high: four streams; stream bit 0 is {@code h0}, bit 1 is {@code h1}. */
    static void apply2High(int bits, MemorySegment s, int h0, int h1, double[] t, long ctrlHigh, long from,
            long to) {
        VectorSpecies<Double> sp = VectorConstants.species(bits);
        VectorShuffle<Double> sw = VectorConstants.swap(bits);
        ByteOrder bo = VectorConstants.ORDER;
        int shift = Integer.numberOfTrailingZeros(sp.length() / 2);
        DoubleVector a00r = coef(sp, t, 0, 0), a00i = coef(sp, t, 0, 1);
        DoubleVector a01r = coef(sp, t, 1, 0), a01i = coef(sp, t, 1, 1);
        DoubleVector a02r = coef(sp, t, 2, 0), a02i = coef(sp, t, 2, 1);
        DoubleVector a03r = coef(sp, t, 3, 0), a03i = coef(sp, t, 3, 1);
        DoubleVector a10r = coef(sp, t, 4, 0), a10i = coef(sp, t, 4, 1);
        DoubleVector a11r = coef(sp, t, 5, 0), a11i = coef(sp, t, 5, 1);
        DoubleVector a12r = coef(sp, t, 6, 0), a12i = coef(sp, t, 6, 1);
        DoubleVector a13r = coef(sp, t, 7, 0), a13i = coef(sp, t, 7, 1);
        DoubleVector a20r = coef(sp, t, 8, 0), a20i = coef(sp, t, 8, 1);
        DoubleVector a21r = coef(sp, t, 9, 0), a21i = coef(sp, t, 9, 1);
        DoubleVector a22r = coef(sp, t, 10, 0), a22i = coef(sp, t, 10, 1);
        DoubleVector a23r = coef(sp, t, 11, 0), a23i = coef(sp, t, 11, 1);
        DoubleVector a30r = coef(sp, t, 12, 0), a30i = coef(sp, t, 12, 1);
        DoubleVector a31r = coef(sp, t, 13, 0), a31i = coef(sp, t, 13, 1);
        DoubleVector a32r = coef(sp, t, 14, 0), a32i = coef(sp, t, 14, 1);
        DoubleVector a33r = coef(sp, t, 15, 0), a33i = coef(sp, t, 15, 1);
        long m0 = (1L << h0) - 1;
        long m1 = (1L << h1) - 1;
        long s1 = 16L << h0;
        long s2 = 16L << h1;
        long s3 = s1 + s2;
        for (long g = from; g < to; g++) {
            long i = insertZero(insertZero(g << shift, m0), m1);
            if ((i & ctrlHigh) != ctrlHigh) {
                continue;
            }
            long o = i << 4;
            DoubleVector v0 = DoubleVector.fromMemorySegment(sp, s, o, bo);
            DoubleVector v1 = DoubleVector.fromMemorySegment(sp, s, o + s1, bo);
            DoubleVector v2 = DoubleVector.fromMemorySegment(sp, s, o + s2, bo);
            DoubleVector v3 = DoubleVector.fromMemorySegment(sp, s, o + s3, bo);
            DoubleVector w0 = v0.rearrange(sw);
            DoubleVector w1 = v1.rearrange(sw);
            DoubleVector w2 = v2.rearrange(sw);
            DoubleVector w3 = v3.rearrange(sw);
            cm(v3, w3, a03r, a03i, cm(v2, w2, a02r, a02i, cm(v1, w1, a01r, a01i, cm(v0, w0, a00r, a00i))))
                    .intoMemorySegment(s, o, bo);
            cm(v3, w3, a13r, a13i, cm(v2, w2, a12r, a12i, cm(v1, w1, a11r, a11i, cm(v0, w0, a10r, a10i))))
                    .intoMemorySegment(s, o + s1, bo);
            cm(v3, w3, a23r, a23i, cm(v2, w2, a22r, a22i, cm(v1, w1, a21r, a21i, cm(v0, w0, a20r, a20i))))
                    .intoMemorySegment(s, o + s2, bo);
            cm(v3, w3, a33r, a33i, cm(v2, w2, a32r, a32i, cm(v1, w1, a31r, a31i, cm(v0, w0, a30r, a30i))))
                    .intoMemorySegment(s, o + s3, bo);
        }
    }

    /**
     * Two targets, {@code h} high and {@code l} low: two streams ({@code h} = 0, 1), and inside each register the
     * partner lanes {@code 2^l} complex apart.
     */
    static void apply2Mixed(int bits, MemorySegment s, int h, int l, double[] t, long ctrlHigh, long from,
            long to) {
        VectorSpecies<Double> sp = VectorConstants.species(bits);
        VectorShuffle<Double> sw = VectorConstants.swap(bits);
        VectorShuffle<Double> p = VectorConstants.xorShuffle(sp, 2 << l);
        VectorShuffle<Double> pw = VectorConstants.xorShuffle(sp, (2 << l) | 1);
        ByteOrder bo = VectorConstants.ORDER;
        int shift = Integer.numberOfTrailingZeros(sp.length() / 2);
        // term (out, in, x) = (out·2 + in)·2 + x
        DoubleVector d00r = coef(sp, t, 0, 0), d00i = coef(sp, t, 0, 1);
        DoubleVector x00r = coef(sp, t, 1, 0), x00i = coef(sp, t, 1, 1);
        DoubleVector d01r = coef(sp, t, 2, 0), d01i = coef(sp, t, 2, 1);
        DoubleVector x01r = coef(sp, t, 3, 0), x01i = coef(sp, t, 3, 1);
        DoubleVector d10r = coef(sp, t, 4, 0), d10i = coef(sp, t, 4, 1);
        DoubleVector x10r = coef(sp, t, 5, 0), x10i = coef(sp, t, 5, 1);
        DoubleVector d11r = coef(sp, t, 6, 0), d11i = coef(sp, t, 6, 1);
        DoubleVector x11r = coef(sp, t, 7, 0), x11i = coef(sp, t, 7, 1);
        long lowMask = (1L << h) - 1;
        long stride = 16L << h;
        for (long g = from; g < to; g++) {
            long i = insertZero(g << shift, lowMask);
            if ((i & ctrlHigh) != ctrlHigh) {
                continue;
            }
            long o0 = i << 4;
            long o1 = o0 + stride;
            DoubleVector v0 = DoubleVector.fromMemorySegment(sp, s, o0, bo);
            DoubleVector v1 = DoubleVector.fromMemorySegment(sp, s, o1, bo);
            DoubleVector w0 = v0.rearrange(sw);
            DoubleVector w1 = v1.rearrange(sw);
            DoubleVector p0 = v0.rearrange(p);
            DoubleVector p1 = v1.rearrange(p);
            DoubleVector q0 = v0.rearrange(pw);
            DoubleVector q1 = v1.rearrange(pw);
            cm(p1, q1, x01r, x01i, cm(v1, w1, d01r, d01i, cm(p0, q0, x00r, x00i, cm(v0, w0, d00r, d00i))))
                    .intoMemorySegment(s, o0, bo);
            cm(p1, q1, x11r, x11i, cm(v1, w1, d11r, d11i, cm(p0, q0, x10r, x10i, cm(v0, w0, d10r, d10i))))
                    .intoMemorySegment(s, o1, bo);
        }
    }

    /**
     * Two low targets (only at 512 bits: qubits 0 and 1): one stream; {@code xs} are the four complex-lane XOR
     * patterns of the table, {@code xs[0] = 0}.
     */
    static void apply2Low(int bits, MemorySegment s, int[] xs, double[] t, long ctrlHigh, long from, long to) {
        VectorSpecies<Double> sp = VectorConstants.species(bits);
        VectorShuffle<Double> sw = VectorConstants.swap(bits);
        VectorShuffle<Double> p1 = VectorConstants.xorShuffle(sp, 2 * xs[1]);
        VectorShuffle<Double> q1 = VectorConstants.xorShuffle(sp, 2 * xs[1] + 1);
        VectorShuffle<Double> p2 = VectorConstants.xorShuffle(sp, 2 * xs[2]);
        VectorShuffle<Double> q2 = VectorConstants.xorShuffle(sp, 2 * xs[2] + 1);
        VectorShuffle<Double> p3 = VectorConstants.xorShuffle(sp, 2 * xs[3]);
        VectorShuffle<Double> q3 = VectorConstants.xorShuffle(sp, 2 * xs[3] + 1);
        ByteOrder bo = VectorConstants.ORDER;
        int shift = Integer.numberOfTrailingZeros(sp.length() / 2);
        DoubleVector c0r = coef(sp, t, 0, 0), c0i = coef(sp, t, 0, 1);
        DoubleVector c1r = coef(sp, t, 1, 0), c1i = coef(sp, t, 1, 1);
        DoubleVector c2r = coef(sp, t, 2, 0), c2i = coef(sp, t, 2, 1);
        DoubleVector c3r = coef(sp, t, 3, 0), c3i = coef(sp, t, 3, 1);
        for (long g = from; g < to; g++) {
            long i = g << shift;
            if ((i & ctrlHigh) != ctrlHigh) {
                continue;
            }
            long o = i << 4;
            DoubleVector v = DoubleVector.fromMemorySegment(sp, s, o, bo);
            DoubleVector acc = cm(v, v.rearrange(sw), c0r, c0i);
            acc = cm(v.rearrange(p1), v.rearrange(q1), c1r, c1i, acc);
            acc = cm(v.rearrange(p2), v.rearrange(q2), c2r, c2i, acc);
            cm(v.rearrange(p3), v.rearrange(q3), c3r, c3i, acc).intoMemorySegment(s, o, bo);
        }
    }

    /**
     * {@code k >= 3} targets, all high ({@code sorted} ascending, {@code offsets} in bytes in matrix-index order):
     * vectorised over the group index; the {@code 2^k} input vectors and their {@code (-im, re)} twins are staged in a
     * scratch array, then each output row is a sum of broadcast matrix entries times them.
     */
    static void applyHigh(int bits, MemorySegment s, int[] sorted, long[] offsets, double[] m, long ctrlHigh,
            long from, long to) {
        VectorSpecies<Double> sp = VectorConstants.species(bits);
        VectorShuffle<Double> sw = VectorConstants.swap(bits);
        ByteOrder bo = VectorConstants.ORDER;
        int lanes = sp.length();
        int shift = Integer.numberOfTrailingZeros(lanes / 2);
        int dim = offsets.length;
        DoubleVector sign = DoubleVector.fromArray(sp, alternating(lanes), 0);
        double[] scratch = new double[2 * dim * lanes];
        for (long g = from; g < to; g++) {
            long i = g << shift;
            for (int q : sorted) {
                i = insertZero(i, (1L << q) - 1);
            }
            if ((i & ctrlHigh) != ctrlHigh) {
                continue;
            }
            long o = i << 4;
            for (int c = 0; c < dim; c++) {
                DoubleVector v = DoubleVector.fromMemorySegment(sp, s, o + offsets[c], bo);
                v.intoArray(scratch, 2 * c * lanes);
                v.rearrange(sw).mul(sign).intoArray(scratch, (2 * c + 1) * lanes);
            }
            for (int r = 0; r < dim; r++) {
                DoubleVector acc = DoubleVector.zero(sp);
                int row = 2 * r * dim;
                for (int c = 0; c < dim; c++) {
                    DoubleVector v = DoubleVector.fromArray(sp, scratch, 2 * c * lanes);
                    DoubleVector w = DoubleVector.fromArray(sp, scratch, (2 * c + 1) * lanes);
                    DoubleVector mr = DoubleVector.broadcast(sp, m[row + 2 * c]);
                    DoubleVector mi = DoubleVector.broadcast(sp, m[row + 2 * c + 1]);
                    acc = v.fma(mr, w.fma(mi, acc));
                }
                acc.intoMemorySegment(s, o + offsets[r], bo);
            }
        }
    }

    /** {@code (-1, 1, -1, 1, …)}. */
    static double[] alternating(int lanes) {
        double[] a = new double[lanes];
        for (int j = 0; j < lanes; j++) {
            a[j] = (j & 1) == 0 ? -1 : 1;
        }
        return a;
    }
}
