package org.qnnlab.train;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Data parallelism over independent items (samples of a batch, random initializations): up to {@code threads}
 * workers (the calling thread and pooled daemon threads) take items one at a time from a shared counter. Each item
 * writes only its own output slot, and callers reduce in item order afterwards, so results do not depend on the
 * thread count or on which worker ran which item.
 *
 * <p>Items are handed out dynamically rather than in fixed chunks: when one core is slowed (another process, a busy
 * hypervisor, a GC thread), the other takes over its remaining items instead of waiting for it. On this project's
 * 2-vCPU VM a fixed split left the 2-thread training step at 1.2–1.3× in some JVM runs (see bench/README.md).
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

    /** The default worker count: {@link ThreadPolicy#defaultThreads()} ({@code -Dqnnlab.threads}, else the cores). */
    public static int defaultThreads() {
        return ThreadPolicy.defaultThreads();
    }

    /**
     * Runs {@code body.accept(i)} for i in {@code [0, count)} on up to {@code threads} threads and waits for all.
     * Items start in increasing order; after an item throws, no new items start.
     *
     * @throws IllegalArgumentException if threads &lt; 1
     * @throws RuntimeException the exception an item threw (unwrapped; the lowest-numbered worker's if several did),
     *                          after every worker has stopped
     */
    public static void forEach(int count, int threads, IntConsumer body) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads + " out of range; allowed: 1 or more");
        }
        int workers = Math.min(threads, count);
        if (workers <= 1) {
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            try {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    body.accept(i);
                }
            } catch (RuntimeException | Error e) {
                next.set(count); // the others finish their current item and stop
                throw e;
            }
        };
        List<Future<?>> futures = new ArrayList<>(workers - 1);
        for (int w = 1; w < workers; w++) {
            futures.add(POOL.submit(worker));
        }
        RuntimeException first = null;
        try {
            worker.run(); // the calling thread is worker 0
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
