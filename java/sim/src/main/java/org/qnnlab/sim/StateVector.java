package org.qnnlab.sim;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Reference;
import org.qnnlab.sim.kernel.Kernels;
import org.qnnlab.sim.kernel.NativeCalls;
import org.qnnlab.sim.kernel.StateKernel;

/**
 * A pure state of {@code n} qubits held off-heap: {@code 2^n} complex128 amplitudes, interleaved {@code (re, im)},
 * 64-byte aligned, little-endian basis order (qubit 0 is the least significant bit of the basis index, so
 * {@code |q2 q1 q0>} is index {@code 4·q2 + 2·q1 + q0}). This is the layout every kernel, including native code,
 * works on in place.
 *
 * <p>Allocation checks the size against {@link OffHeapBudget} first and refuses, naming the need and how to raise the
 * limit, before touching memory. A state must be {@link #close() closed} (use try-with-resources) to free its memory.
 * It may be used from several threads (kernels split work across threads) but not mutated concurrently.
 *
 * <h2>Lifetime</h2>
 * Every operation holds the state open while it works: its own methods do, and so does kernel work bracketed by
 * {@link #acquire()} and {@link #release()} (what {@link Simulator} and the gradient and analysis code do). Once
 * {@link #close()} has run, every later use throws {@link IllegalStateException} ("state of n qubits is closed");
 * operations already in flight finish on this state's own buffer, and the buffer is freed (or reused) only when the
 * last of them ends. So closing a state while another thread uses it never crashes the JVM and never lets a write
 * land in another state, on any kernel.
 *
 * <p>{@link #segment()} hands out the buffer itself for interop; no one can count its users, so that segment dies
 * with the state (FFM and the native kernel refuse it after {@code close()}, and the memory is freed only after
 * native calls already running on it) and no write through it reaches another state.
 */
public final class StateVector implements AutoCloseable {

    /** The largest qubit count a state may have (16 TiB); the memory budget usually binds much earlier. */
    public static final int MAX_QUBITS = 40;

    /** Alignment of the amplitude buffer in bytes: one cache line, one 512-bit vector. */
    public static final long ALIGNMENT = 64;

    /**
     * States up to this size (2^14 amplitudes) come from a GC-managed arena: closing a shared arena makes every thread
     * stop at a handshake (measured ~180 µs per state with one busy second thread, 20–100× the work of a small circuit,
     * and it serializes sample-parallel training). Their memory returns to the OS when the state becomes unreachable;
     * {@link #close()} still marks them closed and releases their off-heap budget once no operation holds them, and
     * hands the buffer to a small per-thread free list that the next small state of that size on the thread reuses
     * (zero-filled): without it, a batch of small gradients freed ~17k buffers a second through the JDK's single
     * cleaner thread, which then competed with the workers for the cores. A buffer goes on the list only when no
     * operation holds it and it was never handed out by {@link #segment()}.
     */
    static final long SMALL_BYTES = 16L << 14;

    /** Buffers kept per size and thread for reuse. */
    private static final int FREE_PER_SIZE = 8;

    /** Per thread, per qubit count (1..14): closed small buffers ready for reuse. */
    private static final ThreadLocal<java.util.ArrayDeque<MemorySegment>[]> FREE = ThreadLocal.withInitial(() -> {
        @SuppressWarnings("unchecked")
        java.util.ArrayDeque<MemorySegment>[] lists = new java.util.ArrayDeque[15];
        return lists;
    });

    /** Sign bit of {@link #uses}: the state is closed. */
    private static final int CLOSED = Integer.MIN_VALUE;

    private static final VarHandle USES;

    static {
        try {
            USES = MethodHandles.lookup().findVarHandle(StateVector.class, "uses", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int numQubits;
    private final long bytes;
    private final Arena arena; // null for small states
    private final MemorySegment segment;
    /** Operations in flight (low 31 bits) and {@link #CLOSED}; the buffer is freed when it becomes exactly CLOSED. */
    private volatile int uses;
    /** The buffer as handed out by {@link #segment()}: in an arena of its own, closed first when the state is freed. */
    private MemorySegment exposed;
    private Arena exposedArena;

    private StateVector(int numQubits) {
        this.bytes = OffHeapBudget.reserve(numQubits);
        this.numQubits = numQubits;
        Arena a = bytes <= SMALL_BYTES ? null : Arena.ofShared();
        MemorySegment reused = a == null ? takeFree(numQubits) : null;
        try {
            if (reused != null) {
                reused.fill((byte) 0);
                this.segment = reused;
            } else {
                this.segment = (a == null ? Arena.ofAuto() : a).allocate(bytes, ALIGNMENT); // zero-filled
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            if (a != null) {
                a.close();
            }
            OffHeapBudget.release(bytes);
            if (e instanceof OutOfMemoryError) { // within the budget, but the operating system has no room now
                throw new IllegalStateException("the operating system refused the " + OffHeapBudget.human(bytes)
                        + " for a " + numQubits + "-qubit state (" + e.getMessage() + "); free memory, lower "
                        + "-D" + OffHeapBudget.MAX_MEMORY_PROPERTY + " or use fewer qubits", e);
            }
            throw e;
        }
        this.arena = a;
    }

    /**
     * Allocates {@code |0…0>} on {@code numQubits} qubits.
     *
     * @throws IllegalArgumentException if {@code numQubits} is outside 1..{@value #MAX_QUBITS}
     * @throws IllegalStateException if the state does not fit in the off-heap budget (nothing is allocated)
     */
    public static StateVector zero(int numQubits) {
        StateVector s = new StateVector(numQubits);
        s.segment.setAtIndex(JAVA_DOUBLE, 0, 1.0);
        return s;
    }

    /** Allocates the computational basis state {@code |index>}. */
    public static StateVector basis(int numQubits, long index) {
        if (numQubits >= 1 && numQubits <= MAX_QUBITS && (index < 0 || index >= (1L << numQubits))) {
            throw new IllegalArgumentException("basis index " + index + " out of range for " + numQubits
                    + " qubits; allowed: 0.." + ((1L << numQubits) - 1));
        }
        StateVector s = new StateVector(numQubits);
        s.segment.setAtIndex(JAVA_DOUBLE, 2 * index, 1.0);
        return s;
    }

    /**
     * Allocates a state from interleaved amplitudes {@code (re0, im0, re1, im1, …)} of length {@code 2·2^n}. The
     * amplitudes are copied as given (not normalised).
     *
     * @throws IllegalArgumentException if the length is not {@code 2·2^n} for some n >= 1 or a value is not finite
     */
    public static StateVector of(double... interleaved) {
        int len = interleaved.length;
        if (len < 4 || Integer.bitCount(len) != 1) {
            throw new IllegalArgumentException("amplitude array length " + len
                    + " is not 2·2^n for n >= 1 (interleaved re, im pairs of a power-of-two dimension)");
        }
        for (int i = 0; i < len; i++) {
            if (!Double.isFinite(interleaved[i])) {
                throw new IllegalArgumentException("amplitude component " + i + " is " + interleaved[i]
                        + "; allowed: finite numbers");
            }
        }
        StateVector s = new StateVector(Integer.numberOfTrailingZeros(len) - 1);
        MemorySegment.copy(interleaved, 0, s.segment, JAVA_DOUBLE, 0, len);
        return s;
    }

    /** Number of qubits n. */
    public int numQubits() {
        return numQubits;
    }

    /** Number of amplitudes, {@code 2^n}. */
    public long dimension() {
        return 1L << numQubits;
    }

    /**
     * Holds the state open for kernel work and returns its amplitude buffer; pair every call with {@link #release()}
     * in a {@code finally}. Until then {@link #close()} cannot free or reuse the buffer (a close in between takes
     * effect when the last holder releases). The segment must not be used after {@code release()}.
     *
     * <pre>{@code
     * MemorySegment s = state.acquire();
     * try {
     *     kernel.applyAll(s, state.numQubits(), ops);
     * } finally {
     *     state.release();
     * }
     * }</pre>
     *
     * @throws IllegalStateException if the state is closed
     */
    public MemorySegment acquire() {
        int u;
        do {
            u = uses;
            if (u < 0) {
                throw closed();
            }
        } while (!USES.weakCompareAndSet(this, u, u + 1));
        return segment;
    }

    /**
     * Ends one {@link #acquire()}; the last release after {@link #close()} frees the buffer.
     *
     * @throws IllegalStateException if nothing is acquired
     */
    public void release() {
        int u;
        do {
            u = uses;
            if ((u & ~CLOSED) == 0) {
                throw new IllegalStateException("state of " + numQubits + " qubits released more often than acquired");
            }
        } while (!USES.weakCompareAndSet(this, u, u - 1));
        if (u - 1 == CLOSED) {
            free();
        }
    }

    /**
     * {@link #acquire() Acquires} every state, all or none (if one is closed, those already acquired are released
     * before the exception), for work that holds several states open at once; end it with {@link #releaseAll}.
     *
     * @return the buffers, in the order of {@code states}
     * @throws IllegalStateException if a state is closed
     */
    public static MemorySegment[] acquireAll(StateVector... states) {
        MemorySegment[] out = new MemorySegment[states.length];
        int done = 0;
        try {
            for (; done < states.length; done++) {
                out[done] = states[done].acquire();
            }
        } finally {
            if (done < states.length) {
                for (int i = 0; i < done; i++) {
                    states[i].release();
                }
            }
        }
        return out;
    }

    /** {@link #release() Releases} every state of an {@link #acquireAll}. */
    public static void releaseAll(StateVector... states) {
        RuntimeException first = null;
        for (StateVector s : states) {
            try {
                s.release();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * The amplitude buffer, for zero-copy interop with code that cannot pair {@link #acquire()} and
     * {@link #release()}. Writing it bypasses all checks. It dies with the state: after {@link #close()} FFM refuses
     * every access through it with {@link IllegalStateException} and the native kernel refuses it before its
     * downcall, so no write through it reaches another state (a small state's buffer, once handed out, is never
     * recycled); a close while a native kernel runs on it frees the memory only after that call ({@link NativeCalls}).
     * The first call gives the buffer an arena of its own ({@code MemorySegment.reinterpret}, a restricted method: run
     * with {@code --enable-native-access}, as the eigen kernel needs anyway), whose close costs a thread handshake;
     * kernel work in a loop should use {@code acquire()} instead.
     *
     * @throws IllegalStateException if the state is closed
     */
    public MemorySegment segment() {
        synchronized (this) {
            acquire();
            try {
                if (exposed == null) {
                    Arena own = Arena.ofShared();
                    MemorySegment buffer = segment;
                    // the cleanup keeps the GC-managed buffer reachable for as long as the exposed segment is usable
                    exposed = buffer.reinterpret(bytes, own, unused -> Reference.reachabilityFence(buffer));
                    exposedArena = own;
                }
                return exposed;
            } finally {
                release();
            }
        }
    }

    /** The amplitude of basis state {@code |index>}. */
    public Complex amplitude(long index) {
        checkIndex(index);
        MemorySegment s = acquire();
        try {
            return new Complex(s.getAtIndex(JAVA_DOUBLE, 2 * index), s.getAtIndex(JAVA_DOUBLE, 2 * index + 1));
        } finally {
            release();
        }
    }

    /** Sets the amplitude of basis state {@code |index>} (no renormalisation). */
    public void setAmplitude(long index, double re, double im) {
        checkIndex(index);
        if (!Double.isFinite(re) || !Double.isFinite(im)) {
            throw new IllegalArgumentException("amplitude " + re + "+" + im + "i is not finite");
        }
        MemorySegment s = acquire();
        try {
            s.setAtIndex(JAVA_DOUBLE, 2 * index, re);
            s.setAtIndex(JAVA_DOUBLE, 2 * index + 1, im);
        } finally {
            release();
        }
    }

    /**
     * All amplitudes as a new interleaved array {@code (re0, im0, re1, im1, …)}.
     *
     * @throws IllegalStateException if the state is closed or has more than 2^29 amplitudes (too large for one Java
     *     array)
     */
    public double[] amplitudes() {
        checkArraySize();
        MemorySegment s = acquire();
        try {
            return s.toArray(JAVA_DOUBLE);
        } finally {
            release();
        }
    }

    /** Born probabilities {@code |ψ_b|^2} of every basis state, as a new array. */
    public double[] probabilities() {
        checkArraySize();
        double[] p = new double[(int) dimension()];
        MemorySegment s = acquire();
        try {
            for (int b = 0; b < p.length; b++) {
                double re = s.getAtIndex(JAVA_DOUBLE, 2L * b);
                double im = s.getAtIndex(JAVA_DOUBLE, 2L * b + 1);
                p[b] = re * re + im * im;
            }
        } finally {
            release();
        }
        return p;
    }

    /** A deep copy (a new off-heap buffer, checked against the budget). */
    public StateVector copy() {
        MemorySegment s = acquire();
        try {
            StateVector c = new StateVector(numQubits);
            c.segment.copyFrom(s);
            return c;
        } finally {
            release();
        }
    }

    /** Overwrites this state with {@code other}'s amplitudes (same qubit count), allocating nothing. */
    public void copyFrom(StateVector other) {
        checkSameSize(other);
        MemorySegment to = acquire();
        try {
            MemorySegment from = other.acquire();
            try {
                to.copyFrom(from);
            } finally {
                other.release();
            }
        } finally {
            release();
        }
    }

    /** Resets to {@code |0…0>}. */
    public void reset() {
        MemorySegment s = acquire();
        try {
            s.fill((byte) 0);
            s.setAtIndex(JAVA_DOUBLE, 0, 1.0);
        } finally {
            release();
        }
    }

    /** {@code <this|other>}, computed by the default kernel. */
    public Complex inner(StateVector other) {
        return inner(other, Kernels.defaultKernel());
    }

    /** {@code <this|other>}, computed by {@code kernel}. */
    public Complex inner(StateVector other, StateKernel kernel) {
        checkSameSize(other);
        MemorySegment a = acquire();
        try {
            MemorySegment b = other.acquire();
            try {
                double[] z = kernel.inner(a, b, numQubits);
                return new Complex(z[0], z[1]);
            } finally {
                other.release();
            }
        } finally {
            release();
        }
    }

    /** The 2-norm {@code sqrt(<ψ|ψ>)}, computed by the default kernel. */
    public double norm() {
        MemorySegment s = acquire();
        try {
            return Math.sqrt(Kernels.defaultKernel().normSquared(s, numQubits));
        } finally {
            release();
        }
    }

    /** Scales the state to unit norm. @throws IllegalStateException if the norm is zero */
    public void normalize() {
        double nrm = norm();
        if (nrm == 0 || !Double.isFinite(nrm)) {
            throw new IllegalStateException("cannot normalise a state of norm " + nrm);
        }
        MemorySegment s = acquire();
        try {
            Kernels.defaultKernel().scale(s, numQubits, 1 / nrm, 0);
        } finally {
            release();
        }
    }

    /** True once {@link #close()} has run. */
    public boolean isClosed() {
        return uses < 0;
    }

    /**
     * Closes the state: every later use throws {@link IllegalStateException}. The off-heap buffer and its budget are
     * freed now, or, if operations are in flight on other threads, when the last of them ends. Idempotent; never
     * blocks.
     */
    @Override
    public void close() {
        int u;
        do {
            u = uses;
            if (u < 0) {
                return;
            }
        } while (!USES.weakCompareAndSet(this, u, u | CLOSED));
        if (u == 0) {
            free();
        }
    }

    /** Runs once, when the state is closed and no operation holds it. */
    private void free() {
        Arena own;
        synchronized (this) {
            own = exposedArena;
        }
        if (own != null) {
            own.close(); // from now on kernels refuse the handed-out segment
            NativeCalls.awaitEarlierCalls(); // and no native call that took it before is still running
            Reference.reachabilityFence(segment); // a GC-managed buffer lives at least until then
        }
        if (arena != null) {
            arena.close();
        } else if (own == null) {
            giveFree(numQubits, segment); // a handed-out small buffer is left to the GC, never reused
        }
        OffHeapBudget.release(bytes);
    }

    private static MemorySegment takeFree(int n) {
        java.util.ArrayDeque<MemorySegment> list = FREE.get()[n];
        return list == null ? null : list.pollLast();
    }

    private static void giveFree(int n, MemorySegment seg) {
        java.util.ArrayDeque<MemorySegment>[] lists = FREE.get();
        if (lists[n] == null) {
            lists[n] = new java.util.ArrayDeque<>(FREE_PER_SIZE);
        }
        if (lists[n].size() < FREE_PER_SIZE) {
            lists[n].addLast(seg);
        }
    }

    private IllegalStateException closed() {
        return new IllegalStateException("state of " + numQubits + " qubits is closed");
    }

    private void checkOpen() {
        if (uses < 0) {
            throw closed();
        }
    }

    private void checkIndex(long index) {
        checkOpen();
        if (index < 0 || index >= dimension()) {
            throw new IndexOutOfBoundsException("basis index " + index + " out of range; allowed: 0.."
                    + (dimension() - 1));
        }
    }

    private void checkArraySize() {
        checkOpen();
        if (numQubits > 29) {
            throw new IllegalStateException("a " + numQubits + "-qubit state has too many amplitudes for a Java "
                    + "array (at most 29 qubits); read it through segment() instead");
        }
    }

    private void checkSameSize(StateVector other) {
        checkOpen();
        other.checkOpen();
        if (other.numQubits != numQubits) {
            throw new IllegalArgumentException("qubit counts differ: " + numQubits + " vs " + other.numQubits);
        }
    }

    @Override
    public String toString() {
        return "StateVector[" + numQubits + " qubits" + (isClosed() ? ", closed]" : "]");
    }
}
