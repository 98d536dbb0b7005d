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

    /** {@code exp(−iθ/2·P)} for the Pauli string with masks {@code (x, z)} under controls {@code ctrl}. */
    record PauliRotation(long x, long z, double theta, long ctrl) implements KernelOp {
        @Override
        public void applyTo(StateKernel kernel, MemorySegment s, int n) {
            kernel.applyPauliRotation(s, n, x, z, theta, ctrl);
        }
    }
}
