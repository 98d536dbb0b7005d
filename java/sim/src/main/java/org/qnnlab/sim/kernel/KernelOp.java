package org.qnnlab.sim.kernel;

import java.lang.foreign.MemorySegment;

/**
 * One compiled gate application: what a circuit becomes once its angles are bound, in the form a kernel executes.
 * A list of these is a batch ({@link StateKernel#applyAll}), which a native kernel runs in one downcall.
 */
public sealed interface KernelOp {

    /** Applies this operation with {@code kernel}. */
    void applyTo(StateKernel kernel, MemorySegment s, int n);

    /**
     * Every qubit the operation reads or changes, as a bit mask: targets and controls, a Pauli rotation's X and Z
     * masks, a blocked pass's block.
     */
    long qubitMask();

    /** The qubits {@code qubits} as a bit mask. */
    static long maskOf(int[] qubits) {
        long m = 0;
        for (int q : qubits) {
            m |= 1L << q;
        }
        return m;
    }

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

        @Override
        public long qubitMask() {
            return KernelOp.maskOf(qubits) | ctrl;
        }
    }

    /** A diagonal on {@code qubits} (first most significant) under controls {@code ctrl}. */
    record Diagonal(int[] qubits, double[] diagonal, long ctrl) implements KernelOp {
        @Override
        public void applyTo(StateKernel kernel, MemorySegment s, int n) {
            kernel.applyDiagonal(s, n, qubits, diagonal, ctrl);
        }

        /**
         * The same operation with the controls {@code which} (a subset of {@code ctrl}) moved into the table: a
         * diagonal on the union of its targets and those controls, ascending, whose entry is 1 wherever one of them is
         * 0; the other controls stay controls.
         */
        public Diagonal embedControls(long which) {
            if ((which & ~ctrl) != 0) {
                throw new IllegalArgumentException("qubits " + Long.toBinaryString(which & ~ctrl)
                        + " (mask) are not controls of this diagonal");
            }
            long all = KernelOp.maskOf(qubits) | which;
            int[] qs = new int[Long.bitCount(all)];
            int i = 0;
            for (long m = all; m != 0; m &= m - 1) {
                qs[i++] = Long.numberOfTrailingZeros(m);
            }
            int k = qs.length;
            double[] table = new double[2 << k];
            for (int c = 0; c < 1 << k; c++) {
                long state = 0; // the qubits entry c stands for (qs[0] most significant)
                for (int j = 0; j < k; j++) {
                    state |= (long) (c >>> (k - 1 - j) & 1) << qs[j];
                }
                if ((state & which) != which) {
                    table[2 * c] = 1;
                    continue;
                }
                int t = 0; // the entry of this diagonal for those qubits
                for (int j = 0; j < qubits.length; j++) {
                    t |= (int) (state >>> qubits[j] & 1) << (qubits.length - 1 - j);
                }
                table[2 * c] = diagonal[2 * t];
                table[2 * c + 1] = diagonal[2 * t + 1];
            }
            return new Diagonal(qs, table, ctrl & ~which);
        }

        @Override
        public long qubitMask() {
            return KernelOp.maskOf(qubits) | ctrl;
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

        @Override
        public long qubitMask() {
            return qubits;
        }
    }

    /** {@code exp(−iθ/2·P)} for the Pauli string with masks {@code (x, z)} under controls {@code ctrl}. */
    record PauliRotation(long x, long z, double theta, long ctrl) implements KernelOp {
        @Override
        public void applyTo(StateKernel kernel, MemorySegment s, int n) {
            kernel.applyPauliRotation(s, n, x, z, theta, ctrl);
        }

        @Override
        public long qubitMask() {
            return x | z | ctrl;
        }
    }
}
