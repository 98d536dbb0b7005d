package org.qnnlab.sim.kernel;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Born-rule sampling by one sweep over the state with sorted uniforms: O(2^n + shots·log shots). Public so that a
 * kernel overriding the sweep (e.g. a native one) draws exactly the same uniforms ({@link #draws}).
 */
public final class Sampling {

    private Sampling() {
    }

    /**
     * The draws every kernel must make for {@code shots} samples: {@code u_k = rng.nextDouble()·total} in draw order,
     * and the draw indices sorted by {@code u} (ties in draw order).
     */
    public record Draws(double[] u, Integer[] order) {
    }

    /**
     * Draws {@code shots} uniforms scaled by {@code total} from {@code rng}; see {@link Draws}.
     *
     * @throws IllegalArgumentException if {@code total = <s|s>} is not a normal positive finite number (a zero, NaN,
     *     infinite or underflowing state has no Born distribution), before drawing, on every kernel alike
     */
    public static Draws draws(double total, int shots, SplittableRandom rng) {
        if (!(total >= Double.MIN_NORMAL) || Double.isInfinite(total)) {
            throw new IllegalArgumentException("<s|s> = " + total + " cannot be sampled; allowed: a state with a "
                    + "positive finite norm");
        }
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
        return new Draws(u, order);
    }

    static long[] sample(StateKernel kernel, MemorySegment s, int n, int shots, SplittableRandom rng) {
        Draws d = draws(kernel.normSquared(s, n), shots, rng);
        double[] u = d.u();
        Integer[] order = d.order();
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
