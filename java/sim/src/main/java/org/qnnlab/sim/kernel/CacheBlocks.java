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
        long blockBytes = 16L << b;
        if (mask == (1L << b) - 1) {
            for (long i = from; i < to; i++) {
                kernel.applyAll(s.asSlice(i << b << 4, blockBytes), b, op.ops());
            }
            return;
        }
        MemorySegment scratch = scratch(0, blockBytes);
        for (long i = from; i < to; i++) {
            gather(s, n, mask, i, scratch);
            kernel.applyAll(scratch, b, op.ops());
            scatter(scratch, n, mask, i, s);
        }
    }

    /**
     * Copies block {@code block} of the {@code n}-qubit state {@code s} for the qubit mask {@code mask} into
     * {@code into} ({@code 2^bitCount(mask)} amplitudes): local index j holds the amplitude at
     * {@code Long.expand(block, ~mask) | Long.expand(j, mask)}, moved as runs of {@code 2^r} contiguous amplitudes,
     * r the number of lowest qubits in the mask.
     */
    public static void gather(MemorySegment s, int n, long mask, long block, MemorySegment into) {
        copyRuns(s, n, mask, block, into, true);
    }

    /** The inverse of {@link #gather}: writes {@code from} back into block {@code block} of {@code s}. */
    public static void scatter(MemorySegment from, int n, long mask, long block, MemorySegment s) {
        copyRuns(s, n, mask, block, from, false);
    }

    private static void copyRuns(MemorySegment s, int n, long mask, long block, MemorySegment local, boolean in) {
        long outside = ~mask & ((1L << n) - 1);
        int b = Long.bitCount(mask);
        int r = Long.numberOfTrailingZeros(~mask); // lowest qubits in the mask: one run is 2^r amplitudes
        long runBytes = 16L << r;
        long runs = 1L << (b - r);
        long base = Long.expand(block, outside);
        for (long j = 0; j < runs; j++) {
            long at = (base | Long.expand(j << r, mask)) << 4;
            if (in) {
                MemorySegment.copy(s, at, local, j * runBytes, runBytes);
            } else {
                MemorySegment.copy(local, j * runBytes, s, at, runBytes);
            }
        }
    }

    /**
     * This thread's scratch buffer number {@code slot} (a gathered block of one of several states), at least
     * {@code bytes} long and 64-byte aligned; kept for the thread's next call, freed with the thread.
     */
    public static MemorySegment scratch(int slot, long bytes) {
        MemorySegment[] held = SCRATCH.get();
        if (slot >= held.length) {
            held = java.util.Arrays.copyOf(held, Math.max(slot + 1, 2 * held.length));
            SCRATCH.set(held);
        }
        if (held[slot] == null || held[slot].byteSize() < bytes) {
            held[slot] = Arena.ofAuto().allocate(bytes, 64);
        }
        return held[slot].asSlice(0, bytes);
    }
}
