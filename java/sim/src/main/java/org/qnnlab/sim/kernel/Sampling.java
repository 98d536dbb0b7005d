package org.qnnlab.sim.kernel;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Born-rule sampling by one sweep over the state with sorted uniforms: O(2^n + shots·log shots). */
final class Sampling {

    private Sampling() {
    }

    static long[] sample(StateKernel kernel, MemorySegment s, int n, int shots, SplittableRandom rng) {
        double total = kernel.normSquared(s, n);
        double[] u = new double[shots];
        for (int k = 0; k < shots; k++) {
            u[k] = rng.nextDouble() * total;
        }
        // Sort the draws but remember their order, so the returned samples are i.i.d. in draw order.
        Integer[] order = new Integer[shots];
        for (int k = 0; k < shots; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (a, b) -> Double.compare(u[a], u[b]));
        long[] out = new long[shots];
        long dim = 1L << n;
        long b = 0;
        double cumulative = prob(s, 0);
        for (int k = 0; k < shots; k++) {
            double target = u[order[k]];
            while (cumulative <= target && b < dim - 1) {
                b++;
                cumulative += prob(s, b);
            }
            out[order[k]] = lastNonZero(s, b);
        }
        return out;
    }

    /** Rounding can leave the walk on a zero-probability state at the very end; step back to a real outcome. */
    private static long lastNonZero(MemorySegment s, long b) {
        long i = b;
        while (i > 0 && prob(s, i) == 0) {
            i--;
        }
        return i;
    }

    private static double prob(MemorySegment s, long i) {
        double re = s.getAtIndex(JAVA_DOUBLE, 2 * i);
        double im = s.getAtIndex(JAVA_DOUBLE, 2 * i + 1);
        return re * re + im * im;
    }
}
