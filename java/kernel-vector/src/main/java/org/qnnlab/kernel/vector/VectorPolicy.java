package org.qnnlab.kernel.vector;

import org.qnnlab.sim.kernel.Kernels;

/**
 * Every loop choice of the vector kernel that depends on a measured threshold, in one place: which loop streams a
 * gate on a high target, when a controlled phase visits only its subspace, when a state is split over threads and
 * how long a loop-body call is. The reasons are here; the measurements behind the numbers are in bench/README.md
 * ("What made the difference (VectorKernel)", "Controlled phases"). {@code VectorPolicyTest} pins the decisions at
 * the boundaries.
 */
final class VectorPolicy {

    /** System property: {@code off}, or the pair-distance range {@code MIN..MAX} in bytes of the touch loops. */
    static final String TOUCH_PROPERTY = VectorKernel.TOUCH_PROPERTY;

    /**
     * Pair distances (bytes) for which the touch loops ({@link DenseLoops#apply1High} with {@code touch}) beat the
     * plain ones on states that do not fit in cache: the two streams of a gate are short runs that jump every
     * {@code 2^q} amplitudes, which the hardware prefetcher follows badly; a load one cache line ahead in address
     * order restores the sequential pattern it tracks.
     */
    static final long TOUCH_MIN_STRIDE;
    static final long TOUCH_MAX_STRIDE;

    static {
        String p = System.getProperty(TOUCH_PROPERTY, "512..4096").trim();
        long min;
        long max;
        if (p.equals("off")) {
            min = Long.MAX_VALUE;
            max = 0;
        } else {
            String[] r = p.split("\\.\\.");
            try {
                min = Long.parseLong(r[0].trim());
                max = Long.parseLong(r[1].trim());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("-D" + TOUCH_PROPERTY + "=" + p + " is malformed; allowed: off or "
                        + "MIN..MAX in bytes, e.g. 512..4096", e);
            }
        }
        TOUCH_MIN_STRIDE = min;
        TOUCH_MAX_STRIDE = max;
    }

    /**
     * Pair distances above the touch range up to this (bytes) take the split loop ({@link DenseLoops#apply1Split}),
     * which walks two halves of the state at once so the prefetcher sees twice the streams.
     */
    static final long SPLIT_MAX_STRIDE = Long.getLong("qnnlab.vector.splitMax", 16384);

    /** Below this many qubits the state lives in L2/L3, where the prefetcher does not matter and touches only cost. */
    static final int TOUCH_MIN_QUBITS = 18;

    /**
     * A controlled phase is applied to its subspace only, and a diagonal's controls skip amplitudes, only when the
     * subspace comes in runs of at least 2^this amplitudes (2 KiB): shorter runs spread over every cache line and
     * cost more than streaming the whole state once with the controls folded into the table.
     */
    static final int PHASE_SUBSPACE_MIN_QUBIT = 7;

    /** States below this many qubits run every operation on the calling thread (one home: {@link Kernels}). */
    static final int PARALLEL_MIN_QUBITS = Kernels.PARALLEL_MIN_QUBITS;

    /**
     * Work items per call of a loop body. A loop method called a few times with millions of iterations runs as an
     * on-stack-replacement compile, and C2's OSR code for the Vector API boxes vectors at the loop entry (2–10×
     * slower, erratically); called once per chunk it gets a normal C2 compile within the first gate at n ≥ 16. A chunk
     * of 2^13 groups moves 0.5–2 MiB, so the per-call set-up (tables, shuffles) is negligible.
     */
    static final long CHUNK = 1 << 13;

    /** The loop for a dense gate whose lowest target is high. */
    enum StreamLoop {
        /** Both streams read in order: in cache, or pairs far enough apart for the prefetcher. */
        PLAIN,
        /** With a load one line ahead in address order (pairs in the touch range). */
        TOUCH,
        /** Two halves of the state at once (pairs just above the touch range; one-qubit gates only). */
        SPLIT
    }

    private VectorPolicy() {
    }

    /** The loop for an uncontrolled one-qubit gate whose pairs are {@code strideBytes} apart in an n-qubit state. */
    static StreamLoop oneQubit(int n, long strideBytes) {
        if (n < TOUCH_MIN_QUBITS) {
            return StreamLoop.PLAIN;
        }
        if (strideBytes >= TOUCH_MIN_STRIDE && strideBytes <= TOUCH_MAX_STRIDE) {
            return StreamLoop.TOUCH;
        }
        if (strideBytes > TOUCH_MAX_STRIDE && strideBytes <= SPLIT_MAX_STRIDE) {
            return StreamLoop.SPLIT;
        }
        return StreamLoop.PLAIN;
    }

    /** True if a two-qubit gate whose lower target's pairs are {@code strideBytes} apart takes the touch loop. */
    static boolean twoQubitTouch(int n, long strideBytes) {
        return oneQubit(n, strideBytes) == StreamLoop.TOUCH;
    }

    /**
     * True if a controlled phase on the subspace {@code sub} (its qubits and controls) is applied to that subspace
     * only.
     */
    static boolean phaseSubspace(long sub) {
        return Long.numberOfTrailingZeros(sub) >= PHASE_SUBSPACE_MIN_QUBIT;
    }

    /**
     * A diagonal whose lowest high target is at least this many qubits above the register's complex lanes keeps one
     * table entry over runs of at least 2^this vectors (8 vectors, 256 bytes with AVX2): it is applied run by run, the
     * entry chosen once per run, and runs whose entry is 1 are not touched. A CZ ladder's superoperator on a density
     * matrix (qubits a, a+1, a+n, a+n+1) leaves 10 of its 16 entries at 1, so most of the state is skipped. Runs of 4
     * vectors were slower than the per-vector lookup (skipping every other pair of lines does not save the memory
     * traffic); bench/README.md, "Noise".
     */
    static final int DIAGONAL_RUN_MIN_SHIFT = 3;

    /** True if a diagonal whose runs of equal entries are {@code 2^runShift} vectors long is applied run by run. */
    static boolean diagonalRuns(int runShift) {
        return runShift >= DIAGONAL_RUN_MIN_SHIFT;
    }

    /**
     * A diagonal of two or more runs of target bits whose first run repeats every {@code 2^periodShift} vectors and
     * whose other runs are constant over {@code 2^chunkShift} vectors is applied chunk by chunk against a pattern of
     * one period: the pattern (at most 64 vectors, in L1) is rebuilt once per chunk of at least 8 periods, and the
     * chunk streams with no per-vector index arithmetic.
     */
    static boolean diagonalPattern(int periodShift, int chunkShift) {
        return periodShift >= 0 && periodShift <= 6 && chunkShift >= periodShift + 3;
    }

    /** The controls of a diagonal that are folded into its table rather than used to skip amplitudes. */
    static long foldedControls(long ctrlHigh) {
        return ctrlHigh & ((1L << PHASE_SUBSPACE_MIN_QUBIT) - 1);
    }

    /** Threads that share a loop of {@code count} items on an n-qubit state with {@code threads} workers. */
    static int parallelBlocks(int n, int threads, long count) {
        return threads > 1 && n >= PARALLEL_MIN_QUBITS ? (int) Math.min(threads, count) : 1;
    }
}
