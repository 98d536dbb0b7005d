package org.qnnlab.cli;

import java.util.Arrays;

/**
 * Wall-clock timing for {@code qnn bench}: a warm-up (so that C2 has compiled the loop), then repeated runs until a
 * time budget is spent, reporting the median run (robust to the odd GC or scheduler hiccup). JMH in {@code bench/}
 * is the rigorous tool; this is the quick look.
 */
final class Timing {

    /** Seconds of measured runs per median (after warm-up); settable for quick CI smoke runs. */
    static volatile double budgetSeconds = 0.25;

    private static final int MIN_RUNS = 5;
    private static final int MAX_RUNS = 10_000;

    private Timing() {
    }

    /**
     * Median seconds of each body, timed in rounds that run every body once in order (a, b, a, b, …) so that all
     * see the same machine: on a shared VM the memory bandwidth drifts by tens of percent within seconds, and a ratio
     * of interleaved medians is far steadier than a ratio of medians taken one after the other. Each body is measured
     * for about {@link #budgetSeconds} in all.
     */
    static double[] interleavedMedianSeconds(Runnable... bodies) {
        int k = bodies.length;
        long warmEnd = System.nanoTime() + (long) (budgetSeconds * 0.5e9);
        int warm = 0;
        while (warm < 3 || (System.nanoTime() < warmEnd && warm < MAX_RUNS)) {
            for (Runnable b : bodies) {
                b.run();
            }
            warm++;
        }
        double[][] runs = new double[k][MAX_RUNS];
        int count = 0;
        long end = System.nanoTime() + (long) (budgetSeconds * k * 1e9);
        while (count < MIN_RUNS || (System.nanoTime() < end && count < MAX_RUNS)) {
            for (int j = 0; j < k; j++) {
                long t0 = System.nanoTime();
                bodies[j].run();
                runs[j][count] = (System.nanoTime() - t0) * 1e-9;
            }
            count++;
        }
        double[] medians = new double[k];
        for (int j = 0; j < k; j++) {
            medians[j] = median(runs[j], count);
        }
        return medians;
    }

    private static double median(double[] runs, int count) {
        double[] r = Arrays.copyOf(runs, count);
        Arrays.sort(r);
        return count % 2 == 1 ? r[count / 2] : 0.5 * (r[count / 2 - 1] + r[count / 2]);
    }

    /** Median seconds of one call of {@code body}. */
    static double medianSeconds(Runnable body) {
        long warmEnd = System.nanoTime() + (long) (budgetSeconds * 0.5e9);
        int warm = 0;
        while (warm < 3 || (System.nanoTime() < warmEnd && warm < MAX_RUNS)) {
            body.run();
            warm++;
        }
        double[] runs = new double[MAX_RUNS];
        int count = 0;
        long end = System.nanoTime() + (long) (budgetSeconds * 1e9);
        while (count < MIN_RUNS || (System.nanoTime() < end && count < MAX_RUNS)) {
            long t0 = System.nanoTime();
            body.run();
            runs[count++] = (System.nanoTime() - t0) * 1e-9;
        }
        return median(runs, count);
    }
}
