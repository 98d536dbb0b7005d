package org.qnnlab.sim.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.qnnlab.sim.Angle;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.OffHeapBudget;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.StateVector;

/**
 * State lifetime under races, for one kernel (shared through the test-jar; each kernel module has a subclass): closing
 * a state while another thread applies gates to it, and using a segment after its state is closed, must end in an
 * {@link IllegalStateException}, never in a crash and never in a write into another state. Two sizes: 10 qubits (a
 * GC-managed buffer recycled through the per-thread free list) and 15 (the first size in its own shared arena).
 *
 * <p>Each race closes the state at a random moment while a second thread runs gates on it, through the state
 * (guarded) or through the segment it handed out (raw), then at once allocates a state of the same size on the
 * closing thread (the one that would get a recycled buffer) and checks, after the second thread stopped, that this
 * new state is still exactly {@code |0…0>}. A few seconds per kernel.
 */
public abstract class StateLifetimeStress {

    private static final int SMALL = 10;
    private static final int LARGE = 15;
    private static final double[] NONE = new double[0];
    private static final double[] H = {Math.sqrt(0.5), 0, Math.sqrt(0.5), 0, Math.sqrt(0.5), 0, -Math.sqrt(0.5), 0};

    /** The kernel under test, with two threads where it has a thread count. */
    protected abstract StateKernel kernel();

    /** RX on every qubit: every gate changes every amplitude, so any stray write shows in the next state. */
    private static Circuit layer(int n) {
        Circuit c = new Circuit(n);
        for (int q = 0; q < n; q++) {
            c.rx(Angle.constant(0.3 + 0.01 * q), q);
        }
        return c;
    }

    @Test
    public void closingDuringGatesStopsTheUserAndNeverWritesTheNextState() throws InterruptedException {
        Simulator sim = new Simulator(kernel());
        long budget = OffHeapBudget.inUse();
        for (int n : new int[] {SMALL, LARGE}) {
            Circuit layer = layer(n);
            List<KernelOp> ops = Simulator.compile(layer, NONE, NONE);
            race(n, n == SMALL ? 200 : 16, s -> sim.apply(layer, NONE, NONE, s), "state of " + n + " qubits is closed");
            // half kernel work bracketed by acquire/release by hand, as the gradient and analysis code do
            race(n, n == SMALL ? 50 : 8, s -> {
                MemorySegment seg = s.acquire();
                try {
                    sim.kernel().applyAll(seg, n, ops);
                } finally {
                    s.release();
                }
            }, "state of " + n + " qubits is closed");
        }
        assertEquals(budget, OffHeapBudget.inUse(), "off-heap budget after every state is closed");
    }

    @Test
    public void rawSegmentClosedDuringAKernelCallIsRefused() throws InterruptedException {
        StateKernel k = kernel();
        for (int n : new int[] {SMALL, LARGE}) {
            List<KernelOp> ops = Simulator.compile(layer(n), NONE, NONE);
            race(n, n == SMALL ? 20 : 8, new Consumer<>() {
                private StateVector state;
                private MemorySegment raw;

                @Override
                public void accept(StateVector s) {
                    if (state != s) { // the segment is taken once, before the race, and used raw after that
                        state = s;
                        raw = s.segment();
                    }
                    k.applyAll(raw, n, ops);
                }
            }, null);
        }
    }

    @Test
    public void segmentOfAClosedStateIsRefusedByEveryOperation() {
        StateKernel k = kernel();
        for (int n : new int[] {SMALL, LARGE}) {
            StateVector s = StateVector.zero(n);
            MemorySegment raw = s.segment();
            s.close();
            try (StateVector next = StateVector.zero(n)) {
                MemorySegment live = next.acquire();
                try {
                    List<KernelOp> ops = Simulator.compile(layer(n), NONE, NONE);
                    List<Executable> uses = List.of(
                            () -> k.apply1(raw, n, 0, H, 0),
                            () -> k.applyAll(raw, n, ops),
                            () -> k.applyPauliRotation(raw, n, 3, 0, 0.3, 0),
                            () -> k.applyPauli(raw, n, 1, 2),
                            () -> k.expectationPauli(raw, n, 0, 1),
                            () -> k.normSquared(raw, n),
                            () -> k.inner(raw, live, n),
                            () -> k.inner(live, raw, n),
                            () -> k.axpy(raw, live, n, 1, 0),
                            () -> k.scale(raw, n, 2, 0),
                            () -> k.sample(raw, n, 3, new SplittableRandom(1)));
                    for (int i = 0; i < uses.size(); i++) {
                        assertThrows(IllegalStateException.class, uses.get(i), "use " + i + " on " + n + " qubits");
                    }
                } finally {
                    next.release();
                }
                assertZeroState(next, "the state allocated after the close");
            }
        }
    }

    /**
     * {@code rounds} times: a second thread runs {@code work} on a new state in a loop until it throws; this thread
     * closes the state at a random moment, allocates the next one and checks it stays {@code |0…0>}. The second
     * thread must end with an {@link IllegalStateException} ({@code message}, unless null).
     */
    private static void race(int n, int rounds, Consumer<StateVector> work, String message)
            throws InterruptedException {
        SplittableRandom rnd = new SplittableRandom(n);
        for (int round = 0; round < rounds; round++) {
            int r = round;
            StateVector s = StateVector.zero(n);
            CountDownLatch started = new CountDownLatch(1);
            AtomicReference<Throwable> ended = new AtomicReference<>();
            Thread user = Thread.ofPlatform().name("lifetime-user").start(() -> {
                try {
                    while (true) {
                        work.accept(s);
                        started.countDown();
                    }
                } catch (Throwable t) {
                    ended.set(t);
                    started.countDown();
                }
            });
            started.await();
            for (int spin = rnd.nextInt(20_000); spin > 0; spin--) {
                Thread.onSpinWait();
            }
            s.close();
            try (StateVector next = StateVector.zero(n)) {
                user.join(30_000);
                assertFalse(user.isAlive(), "the user thread did not stop after close, round " + r);
                assertZeroState(next, "round " + r + " on " + n + " qubits: the state allocated after the close");
                Throwable t = ended.get();
                assertInstanceOf(IllegalStateException.class, t, () -> "round " + r + " on " + n + " qubits: " + t);
                if (message != null) {
                    assertEquals(message, t.getMessage(), "round " + r);
                }
            }
        }
    }

    private static void assertZeroState(StateVector s, String what) {
        double[] a = s.amplitudes();
        for (int i = 0; i < a.length; i++) {
            if (a[i] != (i == 0 ? 1.0 : 0.0)) {
                fail(what + " was written: component " + i + " is " + a[i]);
            }
        }
    }
}
