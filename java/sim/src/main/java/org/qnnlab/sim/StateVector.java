package org.qnnlab.sim;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.qnnlab.sim.kernel.Kernels;
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
     * {@link #close()} still marks them closed and releases their off-heap budget at once, and hands the buffer to a
     * small per-thread free list that the next small state of that size on the thread reuses (zero-filled): without
     * it, a batch of small gradients freed ~17k buffers a second through the JDK's single cleaner thread, which then
     * competed with the workers for the cores.
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

    private final int numQubits;
    private final long bytes;
    private final Arena arena; // null for small states
    private final MemorySegment segment;
    private volatile boolean closed;

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
     * The amplitude buffer, for kernels and zero-copy interop. Writing it directly bypasses all checks. It is valid
     * until {@link #close()}; afterwards a small state's buffer may be handed to a new state on the same thread.
     *
     * @throws IllegalStateException if the state is closed
     */
    public MemorySegment segment() {
        checkOpen();
        return segment;
    }

    /** The amplitude of basis state {@code |index>}. */
    public Complex amplitude(long index) {
        checkIndex(index);
        return new Complex(segment.getAtIndex(JAVA_DOUBLE, 2 * index), segment.getAtIndex(JAVA_DOUBLE, 2 * index + 1));
    }

    /** Sets the amplitude of basis state {@code |index>} (no renormalisation). */
    public void setAmplitude(long index, double re, double im) {
        checkIndex(index);
        if (!Double.isFinite(re) || !Double.isFinite(im)) {
            throw new IllegalArgumentException("amplitude " + re + "+" + im + "i is not finite");
        }
        segment.setAtIndex(JAVA_DOUBLE, 2 * index, re);
        segment.setAtIndex(JAVA_DOUBLE, 2 * index + 1, im);
    }

    /**
     * All amplitudes as a new interleaved array {@code (re0, im0, re1, im1, …)}.
     *
     * @throws IllegalStateException if the state has more than 2^29 amplitudes (too large for one Java array)
     */
    public double[] amplitudes() {
        checkArraySize();
        return segment.toArray(JAVA_DOUBLE);
    }

    /** Born probabilities {@code |ψ_b|^2} of every basis state, as a new array. */
    public double[] probabilities() {
        checkArraySize();
        double[] p = new double[(int) dimension()];
        for (int b = 0; b < p.length; b++) {
            double re = segment.getAtIndex(JAVA_DOUBLE, 2L * b);
            double im = segment.getAtIndex(JAVA_DOUBLE, 2L * b + 1);
            p[b] = re * re + im * im;
        }
        return p;
    }

    /** A deep copy (a new off-heap buffer, checked against the budget). */
    public StateVector copy() {
        checkOpen();
        StateVector c = new StateVector(numQubits);
        c.segment.copyFrom(segment);
        return c;
    }

    /** Overwrites this state with {@code other}'s amplitudes (same qubit count), allocating nothing. */
    public void copyFrom(StateVector other) {
        checkSameSize(other);
        segment.copyFrom(other.segment);
    }

    /** Resets to {@code |0…0>}. */
    public void reset() {
        checkOpen();
        segment.fill((byte) 0);
        segment.setAtIndex(JAVA_DOUBLE, 0, 1.0);
    }

    /** {@code <this|other>}, computed by the default kernel. */
    public Complex inner(StateVector other) {
        return inner(other, Kernels.defaultKernel());
    }

    /** {@code <this|other>}, computed by {@code kernel}. */
    public Complex inner(StateVector other, StateKernel kernel) {
        checkSameSize(other);
        double[] z = kernel.inner(segment, other.segment, numQubits);
        return new Complex(z[0], z[1]);
    }

    /** The 2-norm {@code sqrt(<ψ|ψ>)}, computed by the default kernel. */
    public double norm() {
        checkOpen();
        return Math.sqrt(Kernels.defaultKernel().normSquared(segment, numQubits));
    }

    /** Scales the state to unit norm. @throws IllegalStateException if the norm is zero */
    public void normalize() {
        double nrm = norm();
        if (nrm == 0 || !Double.isFinite(nrm)) {
            throw new IllegalStateException("cannot normalise a state of norm " + nrm);
        }
        Kernels.defaultKernel().scale(segment, numQubits, 1 / nrm, 0);
    }

    /** True once {@link #close()} has run. */
    public boolean isClosed() {
        return closed;
    }

    /** Frees the off-heap buffer. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (!closed) {
                closed = true;
                if (arena != null) {
                    arena.close();
                } else {
                    giveFree(numQubits, segment);
                }
                OffHeapBudget.release(bytes);
            }
        }
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

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("state vector is closed");
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
