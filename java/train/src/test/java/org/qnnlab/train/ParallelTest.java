package org.qnnlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** {@link Parallel#forEach}: every item exactly once, load balancing, errors. */
class ParallelTest {

    @Test
    void everyItemRunsExactlyOnce() {
        for (int threads = 1; threads <= 4; threads++) {
            for (int count : new int[] {0, 1, 2, 3, 7, 64, 1000}) {
                AtomicIntegerArray hits = new AtomicIntegerArray(count);
                Parallel.forEach(count, threads, hits::incrementAndGet);
                for (int i = 0; i < count; i++) {
                    assertEquals(1, hits.get(i), "item " + i + " of " + count + " on " + threads + " threads");
                }
            }
        }
    }

    @Test
    void aBlockedWorkerDoesNotHoldBackTheOthersItems() throws InterruptedException {
        // Item 0 waits until every other item has run. With a fixed split the worker holding item 0 would also own
        // items 1..count/2 and never get to them; with items handed out one by one the other worker runs them all.
        int count = 40;
        CountDownLatch others = new CountDownLatch(count - 1);
        Set<String> threadsOfOthers = ConcurrentHashMap.newKeySet();
        AtomicInteger timedOut = new AtomicInteger();
        Parallel.forEach(count, 2, i -> {
            if (i == 0) {
                try {
                    if (!others.await(30, TimeUnit.SECONDS)) {
                        timedOut.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else {
                threadsOfOthers.add(Thread.currentThread().getName());
                others.countDown();
            }
        });
        assertEquals(0, timedOut.get(), "items 1.. waited for item 0's worker");
        assertEquals(1, threadsOfOthers.size(), "all other items ran on the one free worker");
    }

    @Test
    void anItemsExceptionReachesTheCallerAndStopsNewItems() {
        IllegalStateException boom = new IllegalStateException("item 5 failed");
        AtomicInteger started = new AtomicInteger();
        RuntimeException e = assertThrows(RuntimeException.class, () -> Parallel.forEach(1000, 2, i -> {
            started.incrementAndGet();
            if (i == 5) {
                throw boom;
            }
            try {
                Thread.sleep(1); // the other worker runs ~1 item per ms: without the stop it would run all 1000
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }));
        assertSame(boom, e);
        assertTrue(started.get() < 100, "items kept starting after the failure: " + started.get());
    }

    @Test
    void threadCountBelowOneIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Parallel.forEach(3, 0, i -> { }));
        assertTrue(e.getMessage().contains("threads 0") && e.getMessage().contains("1 or more"), e.getMessage());
    }
}
