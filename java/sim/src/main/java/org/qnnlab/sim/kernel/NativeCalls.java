package org.qnnlab.sim.kernel;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets a closing state wait out native calls that may still use its memory. A native kernel passes a segment's
 * address inside a struct, so FFM neither refuses a segment closed during the call nor keeps it alive; a kernel
 * therefore brackets each downcall with {@link #enter()} and {@link #exit(int)} and checks
 * {@code segment.scope().isAlive()} after entering. {@code org.qnnlab.sim.StateVector} closes a handed-out segment
 * first, then calls {@link #awaitEarlierCalls()}, and only then frees the memory: a call that entered before the
 * segment died is waited for, one that entered after it sees the segment dead.
 *
 * <p>Two counters and an epoch, as in sleepable RCU: calls count on the current side, a waiter flips the side and
 * waits for the old one to drain, so new calls never keep it waiting.
 */
public final class NativeCalls {

    private static final AtomicLong[] ACTIVE = {new AtomicLong(), new AtomicLong()};
    private static volatile int epoch;

    private NativeCalls() {
    }

    /** Marks a native call as started; pass the result to {@link #exit(int)} in a {@code finally}. */
    public static int enter() {
        int side = epoch & 1;
        ACTIVE[side].incrementAndGet();
        return side;
    }

    /** Marks the native call of an {@link #enter()} as finished. */
    public static void exit(int side) {
        ACTIVE[side].decrementAndGet();
    }

    /** Returns once every native call entered before this method was called has exited. */
    public static synchronized void awaitEarlierCalls() {
        int old = epoch & 1;
        epoch = old ^ 1;
        for (int spins = 0; ACTIVE[old].get() != 0; spins++) {
            if (spins < 100) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }
}
