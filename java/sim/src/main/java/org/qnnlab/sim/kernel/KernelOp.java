package org.qnnlab.sim.kernel;

import java.lang.foreign.MemorySegment;

/**
 * One compiled gate application: what a circuit becomes once its angles are bound, in the form a kernel executes.
 * A list of these is a batch ({@link StateKernel#applyAll}), which a native kernel runs in one downcall.
 */
public sealed interface KernelOp {

    /** Applies this operation with {@code kernel}. */
    void applyTo(StateKernel kernel, MemorySegment s, int n);

    /** A dense matrix on {@code qubits} (first most significant) under controls {@code ctrl}. */
    record Dense(int[] qubits, double[] matrix, long ctrl) implements KernelOp {
        @Override
        public void applyTo(StateKernel kernel, MemorySegment s, int n) {
            switch (qubits.length) {
                case 1 -> kernel.apply1(s, n, qubits[0], matrix, ctrl);
                case 2 -> kernel.apply2(s, n, qubits[0], qubits[1], matrix, ctrl);
                default -> kernel.applyMatrix(s, n, qubits, matrix, ctrl);
            }
        }
    }

    /** A diagonal on {@code qubits} (first most significant) under controls {@code ctrl}. */
    record Diagonal(int[] qubits, double[] diagonal, long ctrl) implements KernelOp {
        @Override
        public void applyTo(StateKernel kernel, MemorySegment s, int n) {
            kernel.applyDiagonal(s, n, qubits, diagonal, ctrl);
        }
    }

    /**
     * A cache-blocked pass: the state split into blocks of {@code 2^b} amplitudes ({@code b = bitCount(qubits)}), each
     * block the amplitudes that agree on every qubit outside {@code qubits}; {@code ops} run on each block in turn as
     * on a {@code b}-qubit state whose qubit {@code j} is the {@code j}-th lowest qubit of {@code qubits}. One pass
     * over memory applies all of {@code ops}, which must act inside the block (no wider controls or Pauli masks) and
     * must not themselves be blocked. Built by {@code org.qnnlab.sim.CacheBlocking}.
     *
     * @param qubits the block's qubits as a bit mask (at least one, at most 30)
     * @param ops the operations, on the block's local qubits {@code 0..b−1}
     */
    record Blocked(long qubits, java.util.List<KernelOp> ops) implements KernelOp {
        public Blocked {
            int b = Long.bitCount(qubits);
            if (b < 1 || b > 30) {
                throw new IllegalArgumentException("cache block of " + b + " qubits; allowed: 1..30");
            }
            ops = java.util.List.copyOf(ops);
            for (KernelOp op : ops) {
                if (op instanceof Blocked) {
                    throw new IllegalArgumentException("a cache block inside a cache block; allowed: gates only");
                }
            }
        }

        /** The number of qubits of a block, {@code b}. */
        public int blockQubits() {
            return Long.bitCount(qubits);
        }

        @Override
        public void applyTo(StateKernel kernel, MemorySegment s, int n) {
            kernel.applyBlocked(s, n, this);
        }
    }

    /** {@code exp(−iθ/2·P)} for the Pauli string with masks {@code (x, z)} under controls {@code ctrl}. */
    record PauliRotation(long x, long z, double theta, long ctrl) implements KernelOp {
        @Override
        public void applyTo(StateKernel kernel, MemorySegment s, int n) {
            kernel.applyPauliRotation(s, n, x, z, theta, ctrl);
        }
    }
}
