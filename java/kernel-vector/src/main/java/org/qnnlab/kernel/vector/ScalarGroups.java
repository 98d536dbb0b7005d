package org.qnnlab.kernel.vector;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;

import java.lang.foreign.MemorySegment;

/**
 * Scalar loop for a dense {@code k >= 3} gate with a target inside a SIMD register: gathering lanes across several
 * permutations per row is not worth its complexity for fused gates, so this is ScalarKernel's loop, over a range of
 * groups so that it can run on several threads.
 */
final class ScalarGroups {

    private ScalarGroups() {
    }

    /** Groups {@code [from, to)}: group {@code g} has base index {@code g} with zeros inserted at {@code sorted}. */
    static void apply(MemorySegment s, int[] sorted, long[] offsets, double[] m, long ctrl, long from, long to) {
        int dim = offsets.length;
        double[] vr = new double[dim];
        double[] vi = new double[dim];
        for (long g = from; g < to; g++) {
            long i = g;
            for (int q : sorted) {
                long low = i & ((1L << q) - 1);
                i = ((i ^ low) << 1) | low;
            }
            if ((i & ctrl) != ctrl) {
                continue;
            }
            for (int c = 0; c < dim; c++) {
                long o = (i + offsets[c]) << 4;
                vr[c] = s.get(JAVA_DOUBLE, o);
                vi[c] = s.get(JAVA_DOUBLE, o + 8);
            }
            for (int r = 0; r < dim; r++) {
                double ar = 0;
                double ai = 0;
                int row = 2 * r * dim;
                for (int c = 0; c < dim; c++) {
                    double mr = m[row + 2 * c];
                    double mi = m[row + 2 * c + 1];
                    ar += mr * vr[c] - mi * vi[c];
                    ai += mr * vi[c] + mi * vr[c];
                }
                long o = (i + offsets[r]) << 4;
                s.set(JAVA_DOUBLE, o, ar);
                s.set(JAVA_DOUBLE, o + 8, ai);
            }
        }
    }
}
