package org.qnnlab.sim.kernel;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Runs cache-blocked passes ({@link KernelOp.Blocked}) for any kernel: the one implementation of the block walk, its
 * gather and scatter, and its scratch buffers.
 *
 * <p>Block {@code i} is the set of amplitudes whose bits outside the block's qubit mask spell {@code i}. When the
 * mask is the lowest {@code b} qubits a block is a contiguous slice and its operations run on it in place. Otherwise
 * the block is copied into a per-thread scratch buffer as runs of {@code 2^r} contiguous amplitudes, where {@code r}
 * is the number of lowest qubits in the mask (the compiler pads masks with the lowest free qubits so runs are long),
 * the operations run there, and the runs are copied back. Either way every amplitude crosses the memory bus once per
 * blocked pass, however many operations the pass holds.
 */
public final class CacheBlocks {

    /** Scratch per thread, grown to the largest block seen; freed with the thread. */
    private static final ThreadLocal<MemorySegment[]> SCRATCH = ThreadLocal.withInitial(() -> new MemorySegment[1]);

    private CacheBlocks() {
    }

    /** The number of blocks of {@code op} in an {@code n}-qubit state. */
    public static long count(int n, KernelOp.Blocked op) {
        return 1L << (n - op.blockQubits());
    }

    /**
     * Applies {@code op}'s operations to blocks {@code [from, to)} of the {@code n}-qubit state {@code s} with
     * {@code kernel}, which should be single-threaded (blocks are the unit of parallel work).
     */
    public static void run(StateKernel kernel, MemorySegment s, int n, KernelOp.Blocked op, long from, long to) {
        long mask = op.qubits();
        int b = op.blockQubits();
        long outside = ~mask & ((1L << n) - 1);
        long blockBytes = 16L << b;
        if (mask == (1L << b) - 1) {
            for (long i = from; i < to; i++) {
                kernel.applyAll(s.asSlice(i << b << 4, blockBytes), b, op.ops());
            }
            return;
        }
        int r = Long.numberOfTrailingZeros(~mask); // lowest qubits in the mask: one run is 2^r amplitudes
        long runBytes = 16L << r;
        long runs = 1L << (b - r);
        MemorySegment scratch = scratch(blockBytes);
        for (long i = from; i < to; i++) {
            long base = Long.expand(i, outside);
            for (long j = 0; j < runs; j++) {
                long at = base | Long.expand(j << r, mask);
                MemorySegment.copy(s, at << 4, scratch, j * runBytes, runBytes);
            }
            kernel.applyAll(scratch, b, op.ops());
            for (long j = 0; j < runs; j++) {
                long at = base | Long.expand(j << r, mask);
                MemorySegment.copy(scratch, j * runBytes, s, at << 4, runBytes);
            }
        }
    }

    private static MemorySegment scratch(long bytes) {
        MemorySegment[] held = SCRATCH.get();
        if (held[0] == null || held[0].byteSize() < bytes) {
            held[0] = Arena.ofAuto().allocate(bytes, 64);
        }
        return held[0].asSlice(0, bytes);
    }
}
