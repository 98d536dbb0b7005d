package org.qnnlab.kernel.vector;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * Splits a loop over {@code count} work items into contiguous blocks, one per worker thread; the calling thread runs
 * the first block. Block boundaries depend only on {@code count} and the thread count, so per-block reductions
 * combined in block order are deterministic for a given thread count.
 */
final class ParallelBlocks {

    /** A loop body over work items {@code [from, to)}. */
    @FunctionalInterface
    interface Body {
        void run(long from, long to);
    }

    /** A reducing loop body over {@code [from, to)}; returns its partial sums. */
    @FunctionalInterface
    interface Reduction {
        double[] run(long from, long to);
    }

    /** Work items per call of a loop body ({@link VectorPolicy#CHUNK}). */
    static final long CHUNK = VectorPolicy.CHUNK;

    private final int threads;
    private volatile ForkJoinPool pool;

    ParallelBlocks(int threads) {
        this.threads = threads;
    }

    int threads() {
        return threads;
    }

    private int blocks(int n, long count) {
        return VectorPolicy.parallelBlocks(n, threads, count);
    }

    private static long bound(long count, int b, int blocks) {
        return count / blocks * b + Math.min(b, count % blocks);
    }

    void run(int n, long count, Body whole) {
        if (count <= CHUNK && blocks(n, count) <= 1) { // small states: no wrapper, no garbage per gate
            whole.run(0, count);
            return;
        }
        Body body = (from, to) -> {
            for (long c = from; c < to; c += CHUNK) {
                whole.run(c, Math.min(to, c + CHUNK));
            }
        };
        int t = blocks(n, count);
        if (t <= 1) {
            body.run(0, count);
            return;
        }
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[t - 1];
        ForkJoinPool p = pool();
        for (int b = 1; b < t; b++) {
            long from = bound(count, b, t);
            long to = bound(count, b + 1, t);
            tasks[b - 1] = p.submit(() -> body.run(from, to));
        }
        body.run(0, bound(count, 1, t));
        for (ForkJoinTask<?> task : tasks) {
            task.join();
        }
    }

    double[] reduce(int n, long count, Reduction whole) {
        if (count <= CHUNK && blocks(n, count) <= 1) {
            return whole.run(0, count);
        }
        Reduction body = (from, to) -> {
            double[] sum = null;
            for (long c = from; c < to; c += CHUNK) { // chunks summed in order: deterministic
                double[] part = whole.run(c, Math.min(to, c + CHUNK));
                if (sum == null) {
                    sum = part.clone();
                } else {
                    for (int k = 0; k < sum.length; k++) {
                        sum[k] += part[k];
                    }
                }
            }
            return sum == null ? whole.run(from, to) : sum;
        };
        int t = blocks(n, count);
        if (t <= 1) {
            return body.run(0, count);
        }
        @SuppressWarnings("unchecked")
        ForkJoinTask<double[]>[] tasks = new ForkJoinTask[t - 1];
        ForkJoinPool p = pool();
        for (int b = 1; b < t; b++) {
            long from = bound(count, b, t);
            long to = bound(count, b + 1, t);
            tasks[b - 1] = p.submit(() -> body.run(from, to));
        }
        double[] sum = body.run(0, bound(count, 1, t)).clone();
        for (ForkJoinTask<double[]> task : tasks) { // fixed order: deterministic
            double[] part = task.join();
            for (int k = 0; k < sum.length; k++) {
                sum[k] += part[k];
            }
        }
        return sum;
    }

    private ForkJoinPool pool() {
        ForkJoinPool p = pool;
        if (p == null) {
            synchronized (this) {
                p = pool;
                if (p == null) {
                    // Own pool (daemon workers that retire when idle), so kernel work never queues behind the
                    // application's use of the common pool.
                    p = new ForkJoinPool(threads - 1);
                    pool = p;
                }
            }
        }
        return p;
    }
}
