package org.qnnlab.kernel.vector;

import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

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

    private static long insertZero(long c, long lowMask) {
        return ((c & ~lowMask) << 1) | (c & lowMask);
    }

    /** Sink for the touch loads of {@link #apply1High} and {@link #apply2High}, so that the JIT cannot drop them. */
    static long touchSink;

    /** The linear look-ahead of the touch loops, in bytes. */
    static final long TOUCH_AHEAD = 1024;

    /**
     * One target {@code q >= log2(complex lanes)}: two streams {@code 2^q} amplitudes apart. With {@code touch} (middle
     * targets, {@link VectorPolicy#oneQubit}), one plain load per cache line {@link #TOUCH_AHEAD} bytes ahead in
     * address order: the two streams are short runs that jump every {@code 2^q} amplitudes, which AMD's and Intel's
     * hardware prefetchers track badly once the state is in DRAM, and the touch gives them the sequential pattern they
     * follow (bench/README, "What made the difference"). Java has no prefetch instruction, so the touch is a load whose
     * value feeds a sink. C2 unswitches the loop on {@code touch}, so the plain case pays nothing for it.
     */
    static void apply1High(MemorySegment s, int q, double[] t, long ctrlHigh, boolean touch, boolean real, long from,
            long to) {
        VectorSpecies<Double> sp = VectorConstants.SPECIES;
        VectorShuffle<Double> sw = VectorConstants.SWAP;
        ByteOrder bo = VectorConstants.ORDER;
        int shift = Integer.numberOfTrailingZeros(sp.length() / 2);
        int l = sp.length();
        DoubleVector a00r = DoubleVector.fromArray(sp, t, 0), a00i = DoubleVector.fromArray(sp, t, 1 * l);
        DoubleVector a01r = DoubleVector.fromArray(sp, t, 2 * l), a01i = DoubleVector.fromArray(sp, t, 3 * l);
        DoubleVector a10r = DoubleVector.fromArray(sp, t, 4 * l), a10i = DoubleVector.fromArray(sp, t, 5 * l);
        DoubleVector a11r = DoubleVector.fromArray(sp, t, 6 * l), a11i = DoubleVector.fromArray(sp, t, 7 * l);
        long lowMask = (1L << q) - 1;
        long stride = 16L << q;
        long pairBytes = 2L * sp.vectorByteSize(); // address-order progress per group
        long last = s.byteSize() - Long.BYTES;
        long acc = 0;
        for (long g = from; g < to; g++) {
            long i = insertZero(g << shift, lowMask);
            if (touch) {
                long ahead = g * pairBytes + TOUCH_AHEAD;
                acc += s.get(JAVA_LONG_UNALIGNED, Math.min(ahead, last))
                        + s.get(JAVA_LONG_UNALIGNED, Math.min(ahead + (pairBytes >> 1), last));
            }
            if ((i & ctrlHigh) != ctrlHigh) {
                continue;
            }
            long o0 = i << 4;
            long o1 = o0 + stride;
            DoubleVector v0 = DoubleVector.fromMemorySegment(sp, s, o0, bo);
            DoubleVector v1 = DoubleVector.fromMemorySegment(sp, s, o1, bo);
            if (real) { // a real matrix (RY, products of RYs): half the multiplies, no lane swaps
                v1.fma(a01r, v0.mul(a00r)).intoMemorySegment(s, o0, bo);
                v1.fma(a11r, v0.mul(a10r)).intoMemorySegment(s, o1, bo);
                continue;
            }
            DoubleVector w0 = v0.rearrange(sw);
            DoubleVector w1 = v1.rearrange(sw);
            v1.fma(a01r, w1.fma(a01i, v0.fma(a00r, w0.mul(a00i)))).intoMemorySegment(s, o0, bo);
            v1.fma(a11r, w1.fma(a11i, v0.fma(a10r, w0.mul(a10i)))).intoMemorySegment(s, o1, bo);
        }
        touchSink += acc;
    }

    /**
     * The base index of group {@code c}: a zero inserted below each of {@code masks} (ascending {@code 2^p − 1} for
     * the positions {@code p} of the high targets and high controls), then the control bits {@code ones} set. Only
     * groups that satisfy the controls are visited, so a controlled gate reads and writes only its subspace.
     */
    static long expand(long c, long[] masks, long ones) {
        if (masks.length == 1) { // one high qubit (an uncontrolled diagonal): no loop, which C2 does not unroll
            long m = masks[0];
            return ((c & ~m) << 1) | (c & m) | ones;
        }
        for (long m : masks) {
            c = ((c & ~m) << 1) | (c & m);
        }
        return c | ones;
    }

    /** As {@link #apply1High} under high controls: groups come from {@link #expand}. */
    static void apply1HighCtrl(MemorySegment s, int q, double[] t, long[] masks, long ones, long from,
            long to) {
        VectorSpecies<Double> sp = VectorConstants.SPECIES;
        VectorShuffle<Double> sw = VectorConstants.SWAP;
        ByteOrder bo = VectorConstants.ORDER;
        int shift = Integer.numberOfTrailingZeros(sp.length() / 2);
        int l = sp.length();
        DoubleVector a00r = DoubleVector.fromArray(sp, t, 0), a00i = DoubleVector.fromArray(sp, t, l);
        DoubleVector a01r = DoubleVector.fromArray(sp, t, 2 * l), a01i = DoubleVector.fromArray(sp, t, 3 * l);
        DoubleVector a10r = DoubleVector.fromArray(sp, t, 4 * l), a10i = DoubleVector.fromArray(sp, t, 5 * l);
        DoubleVector a11r = DoubleVector.fromArray(sp, t, 6 * l), a11i = DoubleVector.fromArray(sp, t, 7 * l);
        long stride = 16L << q;
        for (long g = from; g < to; g++) {
            long o0 = expand(g << shift, masks, ones) << 4;
            long o1 = o0 + stride;
            DoubleVector v0 = DoubleVector.fromMemorySegment(sp, s, o0, bo);
            DoubleVector v1 = DoubleVector.fromMemorySegment(sp, s, o1, bo);
            DoubleVector w0 = v0.rearrange(sw);
            DoubleVector w1 = v1.rearrange(sw);
            v1.fma(a01r, w1.fma(a01i, v0.fma(a00r, w0.mul(a00i)))).intoMemorySegment(s, o0, bo);
            v1.fma(a11r, w1.fma(a11i, v0.fma(a10r, w0.mul(a10i)))).intoMemorySegment(s, o1, bo);
        }
    }

    /** As {@link #apply1Low} under high controls: groups (single vectors) come from {@link #expand}. */
    static void apply1LowCtrl(MemorySegment s, int q, double[] t, long[] masks, long ones, long from,
            long to) {
        VectorSpecies<Double> sp = VectorConstants.SPECIES;
        VectorShuffle<Double> sw = VectorConstants.SWAP;
        VectorShuffle<Double> p = VectorConstants.xorShuffle(2 << q);
        VectorShuffle<Double> pw = VectorConstants.xorShuffle((2 << q) | 1);
        ByteOrder bo = VectorConstants.ORDER;
        int shift = Integer.numberOfTrailingZeros(sp.length() / 2);
        int l = sp.length();
        DoubleVector dr = DoubleVector.fromArray(sp, t, 0), di = DoubleVector.fromArray(sp, t, l);
        DoubleVector or = DoubleVector.fromArray(sp, t, 2 * l), oi = DoubleVector.fromArray(sp, t, 3 * l);
        for (long g = from; g < to; g++) {
            long o = expand(g << shift, masks, ones) << 4;
            DoubleVector v = DoubleVector.fromMemorySegment(sp, s, o, bo);
            v.rearrange(p).fma(or, v.rearrange(pw).fma(oi, v.fma(dr, v.rearrange(sw).mul(di))))
                    .intoMemorySegment(s, o, bo);
        }
    }

    /**
     * As {@link #apply1High} for upper-middle targets (pairs 8–64 KiB apart at 512 bits), visiting group {@code g}
     * and group {@code g + half} together: four streams in two distant regions keep twice as many DRAM pages open
     * as the prefetcher re-learns each short run (measured +20–40% at q = 8..10, n = 24). Work items are
     * {@code [0, half)}.
     */
    static void apply1Split(MemorySegment s, int q, double[] t, long half, long from, long to) {
        VectorSpecies<Double> sp = VectorConstants.SPECIES;
        VectorShuffle<Double> sw = VectorConstants.SWAP;
        ByteOrder bo = VectorConstants.ORDER;
        int shift = Integer.numberOfTrailingZeros(sp.length() / 2);
        int l = sp.length();
        DoubleVector a00r = DoubleVector.fromArray(sp, t, 0), a00i = DoubleVector.fromArray(sp, t, l);
        DoubleVector a01r = DoubleVector.fromArray(sp, t, 2 * l), a01i = DoubleVector.fromArray(sp, t, 3 * l);
        DoubleVector a10r = DoubleVector.fromArray(sp, t, 4 * l), a10i = DoubleVector.fromArray(sp, t, 5 * l);
        DoubleVector a11r = DoubleVector.fromArray(sp, t, 6 * l), a11i = DoubleVector.fromArray(sp, t, 7 * l);
        long lowMask = (1L << q) - 1;
        long stride = 16L << q;
        for (long g = from; g < to; g++) {
            long o0 = insertZero(g << shift, lowMask) << 4;
            long o1 = o0 + stride;
            long p0 = insertZero((g + half) << shift, lowMask) << 4;
            long p1 = p0 + stride;
            DoubleVector v0 = DoubleVector.fromMemorySegment(sp, s, o0, bo);
            DoubleVector v1 = DoubleVector.fromMemorySegment(sp, s, o1, bo);
            DoubleVector u0 = DoubleVector.fromMemorySegment(sp, s, p0, bo);
            DoubleVector u1 = DoubleVector.fromMemorySegment(sp, s, p1, bo);
            DoubleVector w0 = v0.rearrange(sw);
            DoubleVector w1 = v1.rearrange(sw);
            DoubleVector x0 = u0.rearrange(sw);
            DoubleVector x1 = u1.rearrange(sw);
            v1.fma(a01r, w1.fma(a01i, v0.fma(a00r, w0.mul(a00i)))).intoMemorySegment(s, o0, bo);
            v1.fma(a11r, w1.fma(a11i, v0.fma(a10r, w0.mul(a10i)))).intoMemorySegment(s, o1, bo);
            u1.fma(a01r, x1.fma(a01i, u0.fma(a00r, x0.mul(a00i)))).intoMemorySegment(s, p0, bo);
            u1.fma(a11r, x1.fma(a11i, u0.fma(a10r, x0.mul(a10i)))).intoMemorySegment(s, p1, bo);
        }
    }

    /** One target {@code q < log2(complex lanes)}: partner amplitudes are lanes {@code 2^q} complex apart. */
    static void apply1Low(MemorySegment s, int q, double[] t, long ctrlHigh, long from, long to) {
        VectorSpecies<Double> sp = VectorConstants.SPECIES;
        VectorShuffle<Double> sw = VectorConstants.SWAP;
        VectorShuffle<Double> p = VectorConstants.xorShuffle(2 << q);
        VectorShuffle<Double> pw = VectorConstants.xorShuffle((2 << q) | 1);
        ByteOrder bo = VectorConstants.ORDER;
        int shift = Integer.numberOfTrailingZeros(sp.length() / 2);
        int l = sp.length();
        DoubleVector dr = DoubleVector.fromArray(sp, t, 0), di = DoubleVector.fromArray(sp, t, 1 * l);
        DoubleVector or = DoubleVector.fromArray(sp, t, 2 * l), oi = DoubleVector.fromArray(sp, t, 3 * l);
        for (long g = from; g < to; g++) {
            long i = g << shift;
            if ((i & ctrlHigh) != ctrlHigh) {
                continue;
            }
            long o = i << 4;
            DoubleVector v = DoubleVector.fromMemorySegment(sp, s, o, bo);
            v.rearrange(p).fma(or, v.rearrange(pw).fma(oi, v.fma(dr, v.rearrange(sw).mul(di))))
                    .intoMemorySegment(s, o, bo);
        }
    }

    /**
     * Two targets {@code h0 < h1}, both high: four streams; stream bit 0 is {@code h0}, bit 1 is {@code h1}. The 16
     * complex coefficients (32 registers) are re-read from the L1-resident table inside the loop: holding them in
     * registers as well as the 8 data vectors exceeds the 32 vector registers, and C2 then falls back to boxed
     * vectors (measured 20× slower). With {@code touch}, the look-ahead loads of {@link #apply1High}, for a lower
     * target whose pairs are in the touch range (the same prefetcher weakness).
     */
    static void apply2High(MemorySegment s, int h0, int h1, double[] t, long ctrlHigh, boolean touch, boolean real,
            long from, long to) {
        VectorSpecies<Double> sp = VectorConstants.SPECIES;
        VectorShuffle<Double> sw = VectorConstants.SWAP;
        ByteOrder bo = VectorConstants.ORDER;
        int shift = Integer.numberOfTrailingZeros(sp.length() / 2);
        int l = sp.length();
        long m0 = (1L << h0) - 1;
        long m1 = (1L << h1) - 1;
        long s1 = 16L << h0;
        long s2 = 16L << h1;
        long s3 = s1 + s2;
        long groupBytes = 4L * sp.vectorByteSize(); // address-order progress per group
        long last = s.byteSize() - Long.BYTES;
        long acc = 0;
        for (long g = from; g < to; g++) {
            long i = insertZero(insertZero(g << shift, m0), m1);
            if (touch) {
                long ahead = g * groupBytes + TOUCH_AHEAD;
                for (long k = 0; k < groupBytes; k += 64) {
                    acc += s.get(JAVA_LONG_UNALIGNED, Math.min(ahead + k, last));
                }
            }
            if ((i & ctrlHigh) != ctrlHigh) {
                continue;
            }
            long o = i << 4;
            DoubleVector v0 = DoubleVector.fromMemorySegment(sp, s, o, bo);
            DoubleVector v1 = DoubleVector.fromMemorySegment(sp, s, o + s1, bo);
            DoubleVector v2 = DoubleVector.fromMemorySegment(sp, s, o + s2, bo);
            DoubleVector v3 = DoubleVector.fromMemorySegment(sp, s, o + s3, bo);
            if (real) { // a real matrix: only the R half of the table, no lane swaps
                DoubleVector r0 = v0.mul(DoubleVector.fromArray(sp, t, 0));
                r0 = v1.fma(DoubleVector.fromArray(sp, t, 2 * l), r0);
                r0 = v2.fma(DoubleVector.fromArray(sp, t, 4 * l), r0);
                r0 = v3.fma(DoubleVector.fromArray(sp, t, 6 * l), r0);
                DoubleVector r1 = v0.mul(DoubleVector.fromArray(sp, t, 8 * l));
                r1 = v1.fma(DoubleVector.fromArray(sp, t, 10 * l), r1);
                r1 = v2.fma(DoubleVector.fromArray(sp, t, 12 * l), r1);
                r1 = v3.fma(DoubleVector.fromArray(sp, t, 14 * l), r1);
                DoubleVector r2 = v0.mul(DoubleVector.fromArray(sp, t, 16 * l));
                r2 = v1.fma(DoubleVector.fromArray(sp, t, 18 * l), r2);
                r2 = v2.fma(DoubleVector.fromArray(sp, t, 20 * l), r2);
                r2 = v3.fma(DoubleVector.fromArray(sp, t, 22 * l), r2);
                DoubleVector r3 = v0.mul(DoubleVector.fromArray(sp, t, 24 * l));
                r3 = v1.fma(DoubleVector.fromArray(sp, t, 26 * l), r3);
                r3 = v2.fma(DoubleVector.fromArray(sp, t, 28 * l), r3);
                r3 = v3.fma(DoubleVector.fromArray(sp, t, 30 * l), r3);
                r0.intoMemorySegment(s, o, bo);
                r1.intoMemorySegment(s, o + s1, bo);
                r2.intoMemorySegment(s, o + s2, bo);
                r3.intoMemorySegment(s, o + s3, bo);
                continue;
            }
            DoubleVector w0 = v0.rearrange(sw);
            DoubleVector w1 = v1.rearrange(sw);
            DoubleVector w2 = v2.rearrange(sw);
            DoubleVector w3 = v3.rearrange(sw);
            DoubleVector r0 = v0.fma(DoubleVector.fromArray(sp, t, 0),
                    w0.mul(DoubleVector.fromArray(sp, t, 1 * l)));
            r0 = v1.fma(DoubleVector.fromArray(sp, t, 2 * l), w1.fma(DoubleVector.fromArray(sp, t, 3 * l), r0));
            r0 = v2.fma(DoubleVector.fromArray(sp, t, 4 * l), w2.fma(DoubleVector.fromArray(sp, t, 5 * l), r0));
            r0 = v3.fma(DoubleVector.fromArray(sp, t, 6 * l), w3.fma(DoubleVector.fromArray(sp, t, 7 * l), r0));
            r0.intoMemorySegment(s, o, bo);
            DoubleVector r1 = v0.fma(DoubleVector.fromArray(sp, t, 8 * l),
                    w0.mul(DoubleVector.fromArray(sp, t, 9 * l)));
            r1 = v1.fma(DoubleVector.fromArray(sp, t, 10 * l), w1.fma(DoubleVector.fromArray(sp, t, 11 * l), r1));
            r1 = v2.fma(DoubleVector.fromArray(sp, t, 12 * l), w2.fma(DoubleVector.fromArray(sp, t, 13 * l), r1));
            r1 = v3.fma(DoubleVector.fromArray(sp, t, 14 * l), w3.fma(DoubleVector.fromArray(sp, t, 15 * l), r1));
            r1.intoMemorySegment(s, o + s1, bo);
            DoubleVector r2 = v0.fma(DoubleVector.fromArray(sp, t, 16 * l),
                    w0.mul(DoubleVector.fromArray(sp, t, 17 * l)));
            r2 = v1.fma(DoubleVector.fromArray(sp, t, 18 * l), w1.fma(DoubleVector.fromArray(sp, t, 19 * l), r2));
            r2 = v2.fma(DoubleVector.fromArray(sp, t, 20 * l), w2.fma(DoubleVector.fromArray(sp, t, 21 * l), r2));
            r2 = v3.fma(DoubleVector.fromArray(sp, t, 22 * l), w3.fma(DoubleVector.fromArray(sp, t, 23 * l), r2));
            r2.intoMemorySegment(s, o + s2, bo);
            DoubleVector r3 = v0.fma(DoubleVector.fromArray(sp, t, 24 * l),
                    w0.mul(DoubleVector.fromArray(sp, t, 25 * l)));
            r3 = v1.fma(DoubleVector.fromArray(sp, t, 26 * l), w1.fma(DoubleVector.fromArray(sp, t, 27 * l), r3));
            r3 = v2.fma(DoubleVector.fromArray(sp, t, 28 * l), w2.fma(DoubleVector.fromArray(sp, t, 29 * l), r3));
            r3 = v3.fma(DoubleVector.fromArray(sp, t, 30 * l), w3.fma(DoubleVector.fromArray(sp, t, 31 * l), r3));
            r3.intoMemorySegment(s, o + s3, bo);
        }
        touchSink += acc;
    }

    /**
     * Two targets, {@code h} high and {@code l} low: two streams ({@code h} = 0, 1), and inside each register the
     * partner lanes {@code 2^l} complex apart.
     */
    static void apply2Mixed(MemorySegment s, int h, int l, double[] t, long ctrlHigh, long from,
            long to) {
        VectorSpecies<Double> sp = VectorConstants.SPECIES;
        VectorShuffle<Double> sw = VectorConstants.SWAP;
        VectorShuffle<Double> p = VectorConstants.xorShuffle(2 << l);
        VectorShuffle<Double> pw = VectorConstants.xorShuffle((2 << l) | 1);
        ByteOrder bo = VectorConstants.ORDER;
        int shift = Integer.numberOfTrailingZeros(sp.length() / 2);
        int ln = sp.length();
        // term (out, in, x) = (out·2 + in)·2 + x
        DoubleVector d00r = DoubleVector.fromArray(sp, t, 0), d00i = DoubleVector.fromArray(sp, t, 1 * ln);
        DoubleVector x00r = DoubleVector.fromArray(sp, t, 2 * ln), x00i = DoubleVector.fromArray(sp, t, 3 * ln);
        DoubleVector d01r = DoubleVector.fromArray(sp, t, 4 * ln), d01i = DoubleVector.fromArray(sp, t, 5 * ln);
        DoubleVector x01r = DoubleVector.fromArray(sp, t, 6 * ln), x01i = DoubleVector.fromArray(sp, t, 7 * ln);
        DoubleVector d10r = DoubleVector.fromArray(sp, t, 8 * ln), d10i = DoubleVector.fromArray(sp, t, 9 * ln);
        DoubleVector x10r = DoubleVector.fromArray(sp, t, 10 * ln), x10i = DoubleVector.fromArray(sp, t, 11 * ln);
        DoubleVector d11r = DoubleVector.fromArray(sp, t, 12 * ln), d11i = DoubleVector.fromArray(sp, t, 13 * ln);
        DoubleVector x11r = DoubleVector.fromArray(sp, t, 14 * ln), x11i = DoubleVector.fromArray(sp, t, 15 * ln);
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
            p1.fma(x01r, q1.fma(x01i, v1.fma(d01r, w1.fma(d01i,
                    p0.fma(x00r, q0.fma(x00i, v0.fma(d00r, w0.mul(d00i))))))))
                    .intoMemorySegment(s, o0, bo);
            p1.fma(x11r, q1.fma(x11i, v1.fma(d11r, w1.fma(d11i,
                    p0.fma(x10r, q0.fma(x10i, v0.fma(d10r, w0.mul(d10i))))))))
                    .intoMemorySegment(s, o1, bo);
        }
    }

    /**
     * Two low targets (only at 512 bits: qubits 0 and 1): one stream; {@code xs} are the four complex-lane XOR
     * patterns of the table, {@code xs[0] = 0}.
     */
    static void apply2Low(MemorySegment s, int[] xs, double[] t, long ctrlHigh, long from, long to) {
        VectorSpecies<Double> sp = VectorConstants.SPECIES;
        VectorShuffle<Double> sw = VectorConstants.SWAP;
        VectorShuffle<Double> p1 = VectorConstants.xorShuffle(2 * xs[1]);
        VectorShuffle<Double> q1 = VectorConstants.xorShuffle(2 * xs[1] + 1);
        VectorShuffle<Double> p2 = VectorConstants.xorShuffle(2 * xs[2]);
        VectorShuffle<Double> q2 = VectorConstants.xorShuffle(2 * xs[2] + 1);
        VectorShuffle<Double> p3 = VectorConstants.xorShuffle(2 * xs[3]);
        VectorShuffle<Double> q3 = VectorConstants.xorShuffle(2 * xs[3] + 1);
        ByteOrder bo = VectorConstants.ORDER;
        int shift = Integer.numberOfTrailingZeros(sp.length() / 2);
        int l = sp.length();
        DoubleVector c0r = DoubleVector.fromArray(sp, t, 0), c0i = DoubleVector.fromArray(sp, t, 1 * l);
        DoubleVector c1r = DoubleVector.fromArray(sp, t, 2 * l), c1i = DoubleVector.fromArray(sp, t, 3 * l);
        DoubleVector c2r = DoubleVector.fromArray(sp, t, 4 * l), c2i = DoubleVector.fromArray(sp, t, 5 * l);
        DoubleVector c3r = DoubleVector.fromArray(sp, t, 6 * l), c3i = DoubleVector.fromArray(sp, t, 7 * l);
        for (long g = from; g < to; g++) {
            long i = g << shift;
            if ((i & ctrlHigh) != ctrlHigh) {
                continue;
            }
            long o = i << 4;
            DoubleVector v = DoubleVector.fromMemorySegment(sp, s, o, bo);
            DoubleVector acc = v.fma(c0r, v.rearrange(sw).mul(c0i));
            acc = v.rearrange(p1).fma(c1r, v.rearrange(q1).fma(c1i, acc));
            acc = v.rearrange(p2).fma(c2r, v.rearrange(q2).fma(c2i, acc));
            v.rearrange(p3).fma(c3r, v.rearrange(q3).fma(c3i, acc)).intoMemorySegment(s, o, bo);
        }
    }

    /**
     * {@code k >= 3} targets, all high ({@code sorted} ascending, {@code offsets} in bytes in matrix-index order):
     * vectorised over the group index; the {@code 2^k} input vectors and their {@code (-im, re)} twins are staged in a
     * scratch array, then each output row is a sum of broadcast matrix entries times them.
     */
    static void applyHigh(MemorySegment s, int[] sorted, long[] offsets, double[] m, long ctrlHigh,
            long from, long to) {
        VectorSpecies<Double> sp = VectorConstants.SPECIES;
        VectorShuffle<Double> sw = VectorConstants.SWAP;
        ByteOrder bo = VectorConstants.ORDER;
        int lanes = sp.length();
        int shift = Integer.numberOfTrailingZeros(lanes / 2);
        int dim = offsets.length;
        DoubleVector sign = DoubleVector.fromArray(sp, VectorConstants.MINUS_PLUS, 0);
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
}
