package org.qnnlab.train;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Data parallelism over independent items (samples of a batch, random initializations): the items are cut into
 * {@code threads} contiguous chunks that run on a shared pool of daemon threads. Each item writes only its own output
 * slot, and callers reduce in item order afterwards, so results do not depend on the thread count.
 *
 * <p>Small states (below the kernels' own parallel threshold, 2^14 amplitudes for the vector kernel) gain nothing from
 * kernel threads, so for them this is where a second core helps.
 */
public final class Parallel {

    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "qnnlab-batch");
        t.setDaemon(true); // never keeps a finished CLI run alive
        return t;
    });

    private Parallel() {
    }

    /** The default worker count: the available processors. */
    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Runs {@code body.accept(i)} for i in {@code [0, count)} on up to {@code threads} threads and waits for all.
     *
     * @throws IllegalArgumentException if threads &lt; 1
     * @throws RuntimeException the first exception an item threw (unwrapped), after every chunk has finished
     */
    public static void forEach(int count, int threads, IntConsumer body) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads + " out of range; allowed: 1 or more");
        }
        int chunks = Math.min(threads, count);
        if (chunks <= 1) {
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
            return;
        }
        List<Future<?>> futures = new ArrayList<>(chunks);
        for (int c = 1; c < chunks; c++) {
            int lo = (int) ((long) count * c / chunks);
            int hi = (int) ((long) count * (c + 1) / chunks);
            futures.add(POOL.submit(() -> {
                for (int i = lo; i < hi; i++) {
                    body.accept(i);
                }
            }));
        }
        RuntimeException first = null;
        try {
            int hi0 = count / chunks; // chunk 0 runs on the calling thread
            for (int i = 0; i < hi0; i++) {
                body.accept(i);
            }
        } catch (RuntimeException e) {
            first = e;
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (first == null) {
                    first = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for batch workers", e);
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
