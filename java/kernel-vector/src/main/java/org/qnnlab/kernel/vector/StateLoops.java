package org.qnnlab.kernel.vector;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/** Whole-state loops over vectors {@code [from, to)} (vector {@code g} starts at amplitude g·complex lanes). */
final class StateLoops {

    private StateLoops() {
    }

    /**
     * Diagonal: each vector is multiplied by the table entry ({@link Coefficients#diagonal}) selected by its high
     * target bits, ascending. The entry index is assembled from runs of consecutive target qubits ({@code shifts[r]},
     * {@code widths[r]}, low run first), a shift and a mask per run instead of a step per qubit: a fused diagonal is
     * usually one or two runs. A {@code real} table (every entry's imaginary part 0, as for CZ ladders and other ±1
     * diagonals) multiplies by its real part only.
     */
    static void diagonal(MemorySegment s, int[] shifts, int[] widths, double[] t, boolean real, long ctrlHigh,
            long from, long to) {
        int shift = Integer.numberOfTrailingZeros(VectorConstants.SPECIES.length() / 2);
        int runs = shifts.length;
        int runShift = shifts[0] - shift; // vectors with the same entry come in runs of 2^runShift
        if (VectorPolicy.diagonalRuns(runShift) && (ctrlHigh & ((1L << shifts[0]) - 1)) == 0) {
            diagonalByRuns(s, shifts, widths, t, real, ctrlHigh, runShift, from, to);
            return;
        }
        if (runs >= 2 && ctrlHigh == 0) {
            int periodShift = shifts[0] + widths[0] - shift; // the first run's entries repeat every 2^this vectors
            int chunkShift = shifts[1] - shift; // the other runs' bits are constant over 2^this vectors
            if (VectorPolicy.diagonalPattern(periodShift, chunkShift)) {
                diagonalPeriodic(s, shifts, widths, t, real, periodShift, chunkShift, from, to);
                return;
            }
        }
        if (runs == 1 && ctrlHigh == 0) { // the common case (a CZ ladder, a fused run): no inner loop, no control test
            int sh = shifts[0];
            long mask = (1L << widths[0]) - 1;
            for (long g = from; g < to; g++) {
                long i = g << shift;
                int h = (int) ((i >>> sh) & mask);
                multiplyEntry(s, i << 4, t, h, real);
            }
            return;
        }
        for (long g = from; g < to; g++) {
            long i = g << shift;
            if ((i & ctrlHigh) != ctrlHigh) {
                continue;
            }
            int h = entry(i, shifts, widths, 0);
            multiplyEntry(s, i << 4, t, h, real);
        }
    }

    /**
     * {@link #diagonal} for tables whose entry is constant over runs of {@code 2^runShift} vectors (its lowest target
     * and every high control at or above the run): the entry is looked up once per run, a run whose entry is 1 in every
     * lane is skipped (neither read nor written), and the others are multiplied by one constant.
     */
    private static void diagonalByRuns(MemorySegment s, int[] shifts, int[] widths, double[] t, boolean real,
            long ctrlHigh, int runShift, long from, long to) {
        VectorSpecies<Double> sp = VectorConstants.SPECIES;
        ByteOrder bo = VectorConstants.ORDER;
        int lanes = sp.length();
        int shift = Integer.numberOfTrailingZeros(lanes / 2);
        long runMask = (1L << runShift) - 1;
        long bytes = 8L * lanes;
        for (long g = from; g < to;) {
            long end = Math.min(to, (g | runMask) + 1);
            long i = g << shift;
            if ((i & ctrlHigh) == ctrlHigh) {
                int h = entry(i, shifts, widths, 0);
                if (!isOne(t, h, lanes)) {
                    DoubleVector re = DoubleVector.fromArray(sp, t, 2 * h * lanes);
                    if (real) {
                        for (long o = (g << shift) << 4, e = (end << shift) << 4; o < e; o += bytes) {
                            DoubleVector.fromMemorySegment(sp, s, o, bo).mul(re).intoMemorySegment(s, o, bo);
                        }
                    } else {
                        DoubleVector im = DoubleVector.fromArray(sp, t, (2 * h + 1) * lanes);
                        for (long o = (g << shift) << 4, e = (end << shift) << 4; o < e; o += bytes) {
                            DoubleVector v = DoubleVector.fromMemorySegment(sp, s, o, bo);
                            v.fma(re, v.rearrange(VectorConstants.SWAP).mul(im)).intoMemorySegment(s, o, bo);
                        }
                    }
                }
            }
            g = end;
        }
    }

    /**
     * {@link #diagonal} for a table whose first run of target bits is low and whose other runs are high: within a
     * chunk of {@code 2^chunkShift} vectors the entries repeat with a period of {@code 2^periodShift} vectors, so the
     * period's entries are copied once per chunk into a small pattern (in L1) and the chunk streams against it, with
     * no index arithmetic per vector. A CZ's superoperator on a density matrix with its qubits low (a, a + 1, a + n,
     * a + n + 1, a ≤ 3) is such a table.
     */
    private static void diagonalPeriodic(MemorySegment s, int[] shifts, int[] widths, double[] t, boolean real,
            int periodShift, int chunkShift, long from, long to) {
        VectorSpecies<Double> sp = VectorConstants.SPECIES;
        ByteOrder bo = VectorConstants.ORDER;
        int lanes = sp.length();
        int shift = Integer.numberOfTrailingZeros(lanes / 2);
        int period = 1 << periodShift;
        double[] pre = new double[period * lanes];
        double[] pim = real ? null : new double[period * lanes];
        long chunkMask = (1L << chunkShift) - 1;
        long lowMask = (1L << widths[0]) - 1;
        long bytes = 8L * lanes;
        for (long g = from; g < to;) {
            long end = Math.min(to, (g | chunkMask) + 1);
            long i = g << shift;
            int hi = entry(i, shifts, widths, 1);
            for (int j = 0; j < period; j++) {
                int h = hi | (int) ((((long) j << shift) >>> shifts[0]) & lowMask);
                System.arraycopy(t, 2 * h * lanes, pre, j * lanes, lanes);
                if (!real) {
                    System.arraycopy(t, (2 * h + 1) * lanes, pim, j * lanes, lanes);
                }
            }
            long o = (g << shift) << 4;
            for (long v = g; v < end; v++, o += bytes) {
                int j = (int) (v & (period - 1)) * lanes;
                DoubleVector x = DoubleVector.fromMemorySegment(sp, s, o, bo);
                DoubleVector re = DoubleVector.fromArray(sp, pre, j);
                if (real) {
                    x.mul(re).intoMemorySegment(s, o, bo);
                } else {
                    DoubleVector im = DoubleVector.fromArray(sp, pim, j);
                    x.fma(re, x.rearrange(VectorConstants.SWAP).mul(im)).intoMemorySegment(s, o, bo);
                }
            }
            g = end;
        }
    }

    /**
     * The table index of amplitude {@code i}: its bits in runs {@code first..} of target qubits ({@code shifts[r]},
     * {@code widths[r]}), each run above the ones before it, the runs below {@code first} left 0.
     */
    private static int entry(long i, int[] shifts, int[] widths, int first) {
        int h = 0;
        int pos = 0;
        for (int r = 0; r < shifts.length; r++) {
            if (r >= first) {
                h |= (int) ((i >>> shifts[r]) & ((1L << widths[r]) - 1)) << pos;
            }
            pos += widths[r];
        }
        return h;
    }

    /** True if table entry {@code h} is 1 in every lane (real parts 1, imaginary parts 0). */
    private static boolean isOne(double[] t, int h, int lanes) {
        for (int l = 0; l < lanes; l++) {
            if (t[2 * h * lanes + l] != 1 || t[(2 * h + 1) * lanes + l] != 0) {
                return false;
            }
        }
        return true;
    }

    /** The vector at byte offset {@code o} times table entry {@code h} (its real part only for a real table). */
    private static void multiplyEntry(MemorySegment s, long o, double[] t, int h, boolean real) {
        VectorSpecies<Double> sp = VectorConstants.SPECIES;
        ByteOrder bo = VectorConstants.ORDER;
        int lanes = sp.length();
        DoubleVector re = DoubleVector.fromArray(sp, t, 2 * h * lanes);
        DoubleVector v = DoubleVector.fromMemorySegment(sp, s, o, bo);
        if (real) {
            v.mul(re).intoMemorySegment(s, o, bo);
        } else {
            DoubleVector im = DoubleVector.fromArray(sp, t, (2 * h + 1) * lanes);
            v.fma(re, v.rearrange(VectorConstants.SWAP).mul(im)).intoMemorySegment(s, o, bo);
        }
    }

    /**
     * Diagonal whose targets are all inside a register: one table entry for every vector, so this is a complex
     * scale by a per-lane constant (no per-vector table lookup). Under high controls, groups come from
     * {@link DenseLoops#expand}.
     */
    static void diagonalLow(MemorySegment s, double[] t, long[] masks, long ones, long from, long to) {
        VectorSpecies<Double> sp = VectorConstants.SPECIES;
        VectorShuffle<Double> sw = VectorConstants.SWAP;
        ByteOrder bo = VectorConstants.ORDER;
        int lanes = sp.length();
        int shift = Integer.numberOfTrailingZeros(lanes / 2);
        DoubleVector r = DoubleVector.fromArray(sp, t, 0);
        DoubleVector im = DoubleVector.fromArray(sp, t, lanes);
        for (long g = from; g < to; g++) {
            long o = DenseLoops.expand(g << shift, masks, ones) << 4;
            DoubleVector v = DoubleVector.fromMemorySegment(sp, s, o, bo);
            v.fma(r, v.rearrange(sw).mul(im)).intoMemorySegment(s, o, bo);
        }
    }

    /**
     * Diagonal on one high qubit {@code q} (table of {@link Coefficients#diagonal} with {@code high = {q}}), over
     * pairs of vectors {@code 2^q} amplitudes apart: each half gets its entry without a per-vector table lookup.
     * Groups come from {@link DenseLoops#expand} ({@code masks} covers q and the high controls).
     */
    static void diagonal1High(MemorySegment s, int q, double[] t, long[] masks, long ones, long from,
            long to) {
        VectorSpecies<Double> sp = VectorConstants.SPECIES;
        VectorShuffle<Double> sw = VectorConstants.SWAP;
        ByteOrder bo = VectorConstants.ORDER;
        int lanes = sp.length();
        int shift = Integer.numberOfTrailingZeros(lanes / 2);
        DoubleVector r0 = DoubleVector.fromArray(sp, t, 0);
        DoubleVector i0 = DoubleVector.fromArray(sp, t, lanes);
        DoubleVector r1 = DoubleVector.fromArray(sp, t, 2 * lanes);
        DoubleVector i1 = DoubleVector.fromArray(sp, t, 3 * lanes);
        long stride = 16L << q;
        for (long g = from; g < to; g++) {
            long o0 = DenseLoops.expand(g << shift, masks, ones) << 4;
            long o1 = o0 + stride;
            DoubleVector v0 = DoubleVector.fromMemorySegment(sp, s, o0, bo);
            DoubleVector v1 = DoubleVector.fromMemorySegment(sp, s, o1, bo);
            v0.fma(r0, v0.rearrange(sw).mul(i0)).intoMemorySegment(s, o0, bo);
            v1.fma(r1, v1.rearrange(sw).mul(i1)).intoMemorySegment(s, o1, bo);
        }
    }

    /** {@code s *= a} with {@code a} as (R, I) vectors in {@code t}. */
    static void scale(MemorySegment s, double[] t, long from, long to) {
        VectorSpecies<Double> sp = VectorConstants.SPECIES;
        VectorShuffle<Double> sw = VectorConstants.SWAP;
        ByteOrder bo = VectorConstants.ORDER;
        int lanes = sp.length();
        DoubleVector r = DoubleVector.fromArray(sp, t, 0);
        DoubleVector im = DoubleVector.fromArray(sp, t, lanes);
        long vbytes = 8L * lanes;
        for (long o = from * vbytes; o < to * vbytes; o += vbytes) {
            DoubleVector v = DoubleVector.fromMemorySegment(sp, s, o, bo);
            v.fma(r, v.rearrange(sw).mul(im)).intoMemorySegment(s, o, bo);
        }
    }

    /** {@code y += a·x} with {@code a} as (R, I) vectors in {@code t}. */
    static void axpy(MemorySegment y, MemorySegment x, double[] t, long from, long to) {
        VectorSpecies<Double> sp = VectorConstants.SPECIES;
        VectorShuffle<Double> sw = VectorConstants.SWAP;
        ByteOrder bo = VectorConstants.ORDER;
        int lanes = sp.length();
        DoubleVector r = DoubleVector.fromArray(sp, t, 0);
        DoubleVector im = DoubleVector.fromArray(sp, t, lanes);
        long vbytes = 8L * lanes;
        for (long o = from * vbytes; o < to * vbytes; o += vbytes) {
            DoubleVector xv = DoubleVector.fromMemorySegment(sp, x, o, bo);
            DoubleVector yv = DoubleVector.fromMemorySegment(sp, y, o, bo);
            xv.fma(r, xv.rearrange(sw).fma(im, yv)).intoMemorySegment(y, o, bo);
        }
    }

    /** Partial {@code <a|b>} as {@code {re, im}}. */
    static double[] inner(MemorySegment a, MemorySegment b, long from, long to) {
        VectorSpecies<Double> sp = VectorConstants.SPECIES;
        VectorShuffle<Double> sw = VectorConstants.SWAP;
        ByteOrder bo = VectorConstants.ORDER;
        int lanes = sp.length();
        DoubleVector re = DoubleVector.zero(sp);
        DoubleVector im = DoubleVector.zero(sp);
        long vbytes = 8L * lanes;
        for (long o = from * vbytes; o < to * vbytes; o += vbytes) {
            DoubleVector av = DoubleVector.fromMemorySegment(sp, a, o, bo);
            DoubleVector bv = DoubleVector.fromMemorySegment(sp, b, o, bo);
            re = av.fma(bv, re);
            im = av.fma(bv.rearrange(sw), im); // even lanes: a.re·b.im, odd lanes: a.im·b.re (subtracted below)
        }
        DoubleVector sign = DoubleVector.fromArray(sp, VectorConstants.PLUS_MINUS, 0);
        return new double[] {VectorConstants.sumLanes(re), VectorConstants.sumLanes(im.mul(sign))};
    }

    /** Partial {@code <s|s>}. */
    static double[] normSquared(MemorySegment s, long from, long to) {
        VectorSpecies<Double> sp = VectorConstants.SPECIES;
        ByteOrder bo = VectorConstants.ORDER;
        int lanes = sp.length();
        DoubleVector acc0 = DoubleVector.zero(sp);
        DoubleVector acc1 = DoubleVector.zero(sp);
        long vbytes = 8L * lanes;
        long o = from * vbytes;
        long end = to * vbytes;
        for (; o + vbytes < end; o += 2 * vbytes) {
            DoubleVector v0 = DoubleVector.fromMemorySegment(sp, s, o, bo);
            DoubleVector v1 = DoubleVector.fromMemorySegment(sp, s, o + vbytes, bo);
            acc0 = v0.fma(v0, acc0);
            acc1 = v1.fma(v1, acc1);
        }
        if (o < end) {
            DoubleVector v = DoubleVector.fromMemorySegment(sp, s, o, bo);
            acc0 = v.fma(v, acc0);
        }
        return new double[] {VectorConstants.sumLanes(acc0.add(acc1))};
    }
}
