package org.qnnlab.kernel.eigen;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;
import java.util.List;
import java.util.SplittableRandom;
import org.qnnlab.sim.kernel.KernelOp;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.kernel.NativeCalls;
import org.qnnlab.sim.kernel.Sampling;
import org.qnnlab.sim.kernel.StateKernel;

/**
 * The state-vector kernel in libqnnlab (C++17 on Eigen, {@code native/}), called through FFM with no copy: the
 * library works directly on the state's {@link MemorySegment}. A compiled gate list ({@link #applyAll}) is one
 * downcall. The library validates every call again; a failure becomes an {@link IllegalArgumentException} (or
 * {@link IllegalStateException} when native memory runs out) carrying the library's message, never a silent
 * fallback to another kernel.
 *
 * <p>Small native buffers (the {@code qnn_state} view, qubit lists, matrices, batch entries) come from a per-thread
 * scratch area, so a gate call allocates nothing. Thread-safe: calls on different states may run concurrently.
 */
public final class EigenKernel implements StateKernel {

    private static final int STATUS_ALLOC = 6;
    private static final int STATUS_INTERNAL = 8;

    private final EigenBindings lib;
    private final int threads;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    EigenKernel(EigenBindings lib, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("thread count " + threads + " out of range; allowed: >= 1");
        }
        this.lib = lib;
        this.threads = threads;
    }

    @Override
    public KernelType type() {
        return KernelType.EIGEN;
    }

    /**
     * Measured at n = 20, one thread (bench/README, "Fusion pass costs"): a two-qubit matrix costs 1.6-2.2 one-qubit
     * passes since low targets are swept block by block, three qubits about 3; a diagonal about 1.45 on up to 5
     * qubits, the most {@code qnn_apply_diagonal} takes.
     */
    @Override
    public org.qnnlab.sim.kernel.PassCosts passCosts() {
        return new org.qnnlab.sim.kernel.PassCosts(new double[] {0, 1, 1.8, 3.1},
                new double[] {0, 1.45, 1.45, 1.5, 1.5, 1.45});
    }

    @Override
    public int threads() {
        return threads;
    }

    @Override
    public String toString() {
        return "EigenKernel[" + threads + " thread" + (threads == 1 ? "" : "s") + "]";
    }

    /** Per-thread native scratch: two {@code qnn_state} views, an output slot and a growable buffer. */
    private static final class Scratch {
        private final Arena arena = Arena.ofAuto(); // freed with the thread's scratch
        final MemorySegment a = arena.allocate(EigenBindings.STATE);
        final MemorySegment b = arena.allocate(EigenBindings.STATE);
        final MemorySegment out = arena.allocate(16, 8);
        private MemorySegment buf = arena.allocate(4096, 64);

        MemorySegment buffer(long bytes) {
            if (buf.byteSize() < bytes) {
                buf = arena.allocate(Math.max(bytes, 2 * buf.byteSize()), 64);
            }
            return buf;
        }
    }

    /**
     * Fills a {@code qnn_state} view with the segment's raw address, which FFM neither checks nor keeps alive during
     * the downcall: so every downcall runs between {@link NativeCalls#enter()} and {@code exit}, a dead segment is
     * refused here (after entering), and the segment is passed to {@link #check} after the downcall to keep a
     * GC-managed one reachable until it returns. A {@code StateVector} is not freed while it is acquired, nor, when
     * its segment was handed out, before the native calls that entered while it was alive have exited.
     */
    private MemorySegment view(MemorySegment view, MemorySegment amplitudes, int n) {
        if (!amplitudes.isNative()) {
            throw new IllegalArgumentException("the eigen kernel needs an off-heap (native) state segment; got a heap "
                    + "segment");
        }
        if (!amplitudes.scope().isAlive()) {
            throw new IllegalStateException("state of " + n + " qubits is closed");
        }
        view.set(ADDRESS, EigenBindings.STATE_AMPLITUDES, amplitudes);
        view.set(JAVA_INT, EigenBindings.STATE_QUBITS, n);
        view.set(JAVA_INT, EigenBindings.STATE_THREADS, threads);
        return view;
    }

    private void check(int status, MemorySegment used) {
        Reference.reachabilityFence(used);
        check(status);
    }

    private void check(int status, MemorySegment used, MemorySegment alsoUsed) {
        Reference.reachabilityFence(used);
        Reference.reachabilityFence(alsoUsed);
        check(status);
    }

    private void check(int status) {
        if (status == 0) {
            return;
        }
        String message;
        try {
            message = EigenBindings.string((MemorySegment) lib.lastError.invokeExact());
        } catch (Throwable t) {
            message = "status " + status;
        }
        String text = "libqnnlab: " + message;
        // Out of memory (6) and a library bug (8, QNN_ERR_INTERNAL) are not the caller's fault.
        throw status == STATUS_ALLOC || status == STATUS_INTERNAL ? new IllegalStateException(text)
                : new IllegalArgumentException(text);
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("libqnnlab call failed: " + t, t);
    }

    // ---------------------------------------------------------------- gates

    @Override
    public void apply1(MemorySegment s, int n, int q, double[] m, long ctrl) {
        applyMatrix(s, n, new int[] {q}, m, ctrl);
    }

    @Override
    public void apply2(MemorySegment s, int n, int q0, int q1, double[] m, long ctrl) {
        applyMatrix(s, n, new int[] {q0, q1}, m, ctrl);
    }

    @Override
    public void applyMatrix(MemorySegment s, int n, int[] qs, double[] m, long ctrl) {
        applyOnTargets(lib.applyMatrix, s, n, qs, m, ctrl);
    }

    @Override
    public void applyDiagonal(MemorySegment s, int n, int[] qs, double[] d, long ctrl) {
        applyOnTargets(lib.applyDiagonal, s, n, qs, d, ctrl);
    }

    /** {@code qnn_apply_matrix} or {@code qnn_apply_diagonal}: same signature, qubit list and entries via scratch. */
    private void applyOnTargets(java.lang.invoke.MethodHandle fn, MemorySegment s, int n, int[] qs, double[] entries,
            long ctrl) {
        Scratch sc = scratch.get();
        MemorySegment buf = sc.buffer(32 + 8L * entries.length);
        MemorySegment qubits = ints(buf, qs);
        MemorySegment values = doubles(buf.asSlice(32), entries);
        int side = NativeCalls.enter(); // before view() checks the segment: see NativeCalls
        try {
            check((int) fn.invokeExact(view(sc.a, s, n), qubits, qs.length, values, ctrl), s);
        } catch (Throwable t) {
            throw rethrow(t);
        } finally {
            NativeCalls.exit(side);
        }
    }

    @Override
    public void applyPauliRotation(MemorySegment s, int n, long x, long z, double theta, long ctrl) {
        int side = NativeCalls.enter(); // before view() checks the segment: see NativeCalls
        try {
            check((int) lib.applyPauliRotation.invokeExact(view(scratch.get().a, s, n), x, z, theta, ctrl), s);
        } catch (Throwable t) {
            throw rethrow(t);
        } finally {
            NativeCalls.exit(side);
        }
    }

    @Override
    public void applyPauli(MemorySegment s, int n, long x, long z) {
        int side = NativeCalls.enter(); // before view() checks the segment: see NativeCalls
        try {
            check((int) lib.applyPauli.invokeExact(view(scratch.get().a, s, n), x, z), s);
        } catch (Throwable t) {
            throw rethrow(t);
        } finally {
            NativeCalls.exit(side);
        }
    }

    /**
     * Each run of gates in one downcall ({@link #applyBatch}); a cache-blocked pass between runs goes to
     * {@link #applyBlocked}.
     */
    @Override
    public void applyAll(MemorySegment s, int n, List<KernelOp> ops) {
        int from = 0;
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i) instanceof KernelOp.Blocked b) {
                applyBatch(s, n, ops.subList(from, i));
                applyBlocked(s, n, b);
                from = i + 1;
            }
        }
        applyBatch(s, n, ops.subList(from, ops.size()));
    }

    /**
     * A single-threaded kernel on the same library, made once (each instance holds its own per-thread native
     * scratch): blocks are the unit of work in a blocked pass.
     */
    private EigenKernel serial() {
        EigenKernel k = serial;
        if (k == null) {
            k = threads == 1 ? this : new EigenKernel(lib, 1);
            serial = k;
        }
        return k;
    }

    private volatile EigenKernel serial;

    @Override
    public void applyBlocked(MemorySegment s, int n, KernelOp.Blocked op) {
        org.qnnlab.sim.kernel.CacheBlocks.run(serial(), s, n, op, 0, org.qnnlab.sim.kernel.CacheBlocks.count(n, op));
    }

    /** Gates in one downcall: entries ({@code qnn_op}, 72 bytes each) first, then their matrices. */
    private void applyBatch(MemorySegment s, int n, List<KernelOp> ops) {
        if (ops.isEmpty()) {
            return;
        }
        long entryBytes = EigenBindings.OP.byteSize() * ops.size();
        long dataBytes = 0;
        for (KernelOp op : ops) {
            dataBytes += switch (op) {
                case KernelOp.Dense d -> 8L * d.matrix().length;
                case KernelOp.Diagonal d -> 8L * d.diagonal().length;
                case KernelOp.PauliRotation p -> 0;
                case KernelOp.Blocked b -> throw new IllegalStateException("blocked pass in a batch");
            };
        }
        Scratch sc = scratch.get();
        MemorySegment buf = sc.buffer(entryBytes + dataBytes);
        buf.asSlice(0, entryBytes).fill((byte) 0);
        long data = entryBytes;
        long at = 0;
        for (KernelOp op : ops) {
            MemorySegment e = buf.asSlice(at, EigenBindings.OP.byteSize());
            switch (op) {
                case KernelOp.Dense d -> data = entry(e, EigenBindings.KIND_MATRIX, d.qubits(), d.ctrl(), buf, data,
                        d.matrix());
                case KernelOp.Diagonal d -> data = entry(e, EigenBindings.KIND_DIAGONAL, d.qubits(), d.ctrl(), buf,
                        data, d.diagonal());
                case KernelOp.PauliRotation p -> {
                    e.set(JAVA_INT, EigenBindings.OP_KIND, EigenBindings.KIND_PAULI_ROTATION);
                    e.set(JAVA_LONG, EigenBindings.OP_CTRL, p.ctrl());
                    e.set(JAVA_LONG, EigenBindings.OP_X, p.x());
                    e.set(JAVA_LONG, EigenBindings.OP_Z, p.z());
                    e.set(JAVA_DOUBLE, EigenBindings.OP_THETA, p.theta());
                }
                case KernelOp.Blocked b -> throw new IllegalStateException("blocked pass in a batch");
            }
            at += EigenBindings.OP.byteSize();
        }
        int side = NativeCalls.enter(); // before view() checks the segment: see NativeCalls
        try {
            check((int) lib.applyBatch.invokeExact(view(sc.a, s, n), buf, (long) ops.size()), s);
        } catch (Throwable t) {
            throw rethrow(t);
        } finally {
            NativeCalls.exit(side);
        }
    }

    private static long entry(MemorySegment e, int kind, int[] qubits, long ctrl, MemorySegment buf, long data,
            double[] values) {
        if (qubits.length > 5) {
            throw new IllegalArgumentException("gate on " + qubits.length + " qubits; the eigen kernel allows 1..5");
        }
        e.set(JAVA_INT, EigenBindings.OP_KIND, kind);
        e.set(JAVA_INT, EigenBindings.OP_K, qubits.length);
        for (int j = 0; j < qubits.length; j++) {
            e.set(JAVA_INT, EigenBindings.OP_QUBITS + 4L * j, qubits[j]);
        }
        e.set(JAVA_LONG, EigenBindings.OP_CTRL, ctrl);
        MemorySegment.copy(values, 0, buf, JAVA_DOUBLE, data, values.length);
        e.set(ADDRESS, EigenBindings.OP_DATA, buf.asSlice(data, 8L * values.length));
        return data + 8L * values.length;
    }

    private static MemorySegment ints(MemorySegment buf, int[] values) {
        MemorySegment.copy(values, 0, buf, JAVA_INT, 0, values.length);
        return buf;
    }

    private static MemorySegment doubles(MemorySegment buf, double[] values) {
        MemorySegment.copy(values, 0, buf, JAVA_DOUBLE, 0, values.length);
        return buf;
    }

    // ---------------------------------------------------------------- reductions and updates

    @Override
    public double expectationPauli(MemorySegment s, int n, long x, long z) {
        Scratch sc = scratch.get();
        int side = NativeCalls.enter(); // before view() checks the segment: see NativeCalls
        try {
            check((int) lib.expectationPauli.invokeExact(view(sc.a, s, n), x, z, sc.out), s);
        } catch (Throwable t) {
            throw rethrow(t);
        } finally {
            NativeCalls.exit(side);
        }
        return sc.out.get(JAVA_DOUBLE, 0);
    }

    @Override
    public double[] inner(MemorySegment a, MemorySegment b, int n) {
        Scratch sc = scratch.get();
        int side = NativeCalls.enter(); // before view() checks the segment: see NativeCalls
        try {
            check((int) lib.inner.invokeExact(view(sc.a, a, n), view(sc.b, b, n), sc.out), a, b);
        } catch (Throwable t) {
            throw rethrow(t);
        } finally {
            NativeCalls.exit(side);
        }
        return new double[] {sc.out.get(JAVA_DOUBLE, 0), sc.out.get(JAVA_DOUBLE, 8)};
    }

    @Override
    public double normSquared(MemorySegment s, int n) {
        Scratch sc = scratch.get();
        int side = NativeCalls.enter(); // before view() checks the segment: see NativeCalls
        try {
            check((int) lib.normSquared.invokeExact(view(sc.a, s, n), sc.out), s);
        } catch (Throwable t) {
            throw rethrow(t);
        } finally {
            NativeCalls.exit(side);
        }
        return sc.out.get(JAVA_DOUBLE, 0);
    }

    @Override
    public void scale(MemorySegment s, int n, double re, double im) {
        int side = NativeCalls.enter(); // before view() checks the segment: see NativeCalls
        try {
            check((int) lib.scale.invokeExact(view(scratch.get().a, s, n), re, im), s);
        } catch (Throwable t) {
            throw rethrow(t);
        } finally {
            NativeCalls.exit(side);
        }
    }

    @Override
    public void axpy(MemorySegment y, MemorySegment x, int n, double re, double im) {
        Scratch sc = scratch.get();
        int side = NativeCalls.enter(); // before view() checks the segment: see NativeCalls
        try {
            check((int) lib.axpy.invokeExact(view(sc.a, y, n), view(sc.b, x, n), re, im), y, x);
        } catch (Throwable t) {
            throw rethrow(t);
        } finally {
            NativeCalls.exit(side);
        }
    }

    /**
     * Same draws as the default ({@code Sampling}): {@code shots} uniforms times {@code <s|s>} from {@code rng}, walked
     * in ascending order, so a seed gives the same samples on every kernel. The walk itself is one native pass.
     */
    @Override
    public long[] sample(MemorySegment s, int n, int shots, SplittableRandom rng) {
        Sampling.Draws d = Sampling.draws(normSquared(s, n), shots, rng);
        double[] u = d.u();
        Integer[] order = d.order();
        if (shots == 0) {
            return new long[0];
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment targets = arena.allocate(JAVA_DOUBLE, shots);
            for (int k = 0; k < shots; k++) {
                targets.setAtIndex(JAVA_DOUBLE, k, u[order[k]]);
            }
            MemorySegment found = arena.allocate(JAVA_LONG, shots);
            int side = NativeCalls.enter(); // before view() checks the segment: see NativeCalls
            try {
                check((int) lib.sampleSorted.invokeExact(view(scratch.get().a, s, n), targets, (long) shots, found), s);
            } catch (Throwable t) {
                throw rethrow(t);
            } finally {
                NativeCalls.exit(side);
            }
            long[] out = new long[shots];
            for (int k = 0; k < shots; k++) {
                out[order[k]] = found.getAtIndex(JAVA_LONG, k);
            }
            return out;
        }
    }
}
