package org.qnnlab.train;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.qnnlab.sim.Gate;
import org.qnnlab.sim.Operation;
import org.qnnlab.sim.kernel.KernelOp;
import org.qnnlab.sim.kernel.StateKernel;

/**
 * The adjoint method's backward sweep, cache-blocked (the idea of qsim's and Lightning's gate fusion applied to the
 * sweep): a run of consecutive operations that only mix amplitudes within blocks of {@code 2^m} (every target, Pauli
 * X/Y and trainable generator on a qubit below m; diagonals and controls may sit anywhere) is executed block by block,
 * so each block of φ and of every λ stays in L2 while all the run's gates are un-applied and all its generator inner
 * products {@code Im<λ|P|φ>} are accumulated. Above the last-level cache this turns one memory pass per gate and state
 * into one per run.
 *
 * <p>Restricting an operation to block c (the high bits of the index): a control on a high qubit holds for the whole
 * block or not at all; a diagonal's high targets are fixed by c; a Z on a high qubit is the sign
 * {@code (−1)^{bit}}, which flips a Pauli rotation's angle and an inner product's sign. Block results are stored per
 * block and summed in block order, so the gradient does not depend on the thread count.
 */
final class BlockedSweep {

    /** Qubits per block: 2^13 amplitudes = 128 KiB per state, so φ and a λ fit in L2 together. */
    static final int BLOCK_QUBITS = Integer.getInteger("qnnlab.adjoint.blockQubits", 13);

    /** States smaller than this are swept gate by gate: they live in cache anyway. */
    static final int MIN_QUBITS = Integer.getInteger("qnnlab.adjoint.minBlockedQubits", 16);

    private BlockedSweep() {
    }

    /**
     * Whether operation {@code op} (with compiled inverse {@code inv}) can be un-applied block-locally, and, if
     * trainable, its derivative taken there: trainable operations must be uncontrolled Pauli rotations.
     */
    static boolean local(Operation op, KernelOp inv, int m) {
        boolean mixesLow = switch (inv) {
            case KernelOp.Dense d -> maxQubit(d.qubits()) < m;
            case KernelOp.Diagonal d -> true;
            case KernelOp.PauliRotation p -> (p.x() >>> m) == 0;
            case KernelOp.Blocked b -> false;
        };
        if (!mixesLow) {
            return false;
        }
        if (!op.isTrainable()) {
            return true;
        }
        return op.gate().family() == Gate.Family.PAULI_ROTATION && op.controls().length == 0
                && (op.pauliMasks()[0] >>> m) == 0;
    }

    /**
     * Un-applies operations {@code to, to−1, …, from} from φ and every λ, in blocks of {@code 2^m}, adding each trainable
     * operation's {@code Im<λ_i|P|φ>} (at the state right after that operation) to {@code grad[i]} by the chain
     * rule.
     */
    static void run(StateKernel k, int n, int m, List<Operation> ops, KernelOp[] inv, int from, int to,
            MemorySegment phi, MemorySegment[] lambdas, double[][] grad, int threads) {
        int blocks = 1 << (n - m);
        int count = to - from + 1;
        int nobs = lambdas.length;
        long blockBytes = 16L << m;
        double[][] partial = new double[blocks][count * nobs];
        Parallel.forEach(blocks, threads, c -> {
            MemorySegment p = phi.asSlice(c * blockBytes, blockBytes);
            MemorySegment[] l = new MemorySegment[nobs];
            for (int i = 0; i < nobs; i++) {
                l[i] = lambdas[i].asSlice(c * blockBytes, blockBytes);
            }
            double[] out = partial[c];
            for (int j = to; j >= from; j--) {
                Operation op = ops.get(j);
                if (op.isTrainable()) {
                    long[] xz = op.pauliMasks();
                    double sign = parity((xz[1] >>> m) & c) ? -1 : 1;
                    long zLow = xz[1] & ((1L << m) - 1);
                    for (int i = 0; i < nobs; i++) {
                        out[(to - j) * nobs + i] = sign * k.innerPauli(l[i], p, m, xz[0], zLow)[1];
                    }
                }
                applyRestricted(k, p, m, inv[j], c);
                for (MemorySegment li : l) {
                    applyRestricted(k, li, m, inv[j], c);
                }
            }
        });
        for (int j = to; j >= from; j--) {
            Operation op = ops.get(j);
            if (!op.isTrainable()) {
                continue;
            }
            for (int i = 0; i < nobs; i++) {
                double im = 0;
                for (int c = 0; c < blocks; c++) { // block order: deterministic for any thread count
                    im += partial[c][(to - j) * nobs + i];
                }
                double[] row = grad[i];
                double v = im;
                op.angles()[0].forEachParam((q, coef) -> row[q] += coef * v);
            }
        }
    }

    /** Applies {@code op} to block {@code c} (an m-qubit state) of a larger state; see the class comment. */
    static void applyRestricted(StateKernel k, MemorySegment s, int m, KernelOp op, long c) {
        long low = (1L << m) - 1;
        long ctrl = switch (op) {
            case KernelOp.Dense d -> d.ctrl();
            case KernelOp.Diagonal d -> d.ctrl();
            case KernelOp.PauliRotation r -> r.ctrl();
            case KernelOp.Blocked b -> throw new IllegalArgumentException("cache-blocked pass inside the sweep");
        };
        long ctrlHigh = ctrl >>> m;
        if ((c & ctrlHigh) != ctrlHigh) {
            return; // a high control is 0 throughout this block
        }
        long ctrlLow = ctrl & low;
        switch (op) {
            case KernelOp.Dense d -> new KernelOp.Dense(d.qubits(), d.matrix(), ctrlLow).applyTo(k, s, m);
            case KernelOp.PauliRotation r -> {
                double sign = parity((r.z() >>> m) & c) ? -1 : 1;
                k.applyPauliRotation(s, m, r.x(), r.z() & low, sign * r.theta(), ctrlLow);
            }
            case KernelOp.Diagonal d -> applyDiagonal(k, s, m, d, c, ctrlLow);
            case KernelOp.Blocked b -> throw new IllegalArgumentException("cache-blocked pass inside the sweep");
        }
    }

    /** A diagonal with its high targets fixed by the block index. */
    private static void applyDiagonal(StateKernel k, MemorySegment s, int m, KernelOp.Diagonal d, long c,
            long ctrlLow) {
        int[] q = d.qubits();
        int kq = q.length;
        int lowCount = 0;
        for (int t : q) {
            if (t < m) {
                lowCount++;
            }
        }
        int[] lowTargets = new int[lowCount];
        int base = 0; // table index bits contributed by the high targets
        for (int i = 0, li = 0; i < kq; i++) {
            int bitPos = kq - 1 - i; // qubits[0] is the table index's most significant bit
            if (q[i] < m) {
                lowTargets[li++] = q[i];
            } else if (((c >>> (q[i] - m)) & 1) != 0) {
                base |= 1 << bitPos;
            }
        }
        double[] table = d.diagonal();
        double[] reduced = new double[2 << lowCount];
        for (int r = 0; r < (1 << lowCount); r++) {
            int idx = base;
            for (int i = 0, li = 0; i < kq; i++) {
                if (q[i] < m) {
                    int bit = (r >>> (lowCount - 1 - li)) & 1;
                    idx |= bit << (kq - 1 - i);
                    li++;
                }
            }
            reduced[2 * r] = table[2 * idx];
            reduced[2 * r + 1] = table[2 * idx + 1];
        }
        if (lowCount > 0) {
            k.applyDiagonal(s, m, lowTargets, reduced, ctrlLow);
        } else if (ctrlLow == 0) {
            if (reduced[0] != 1 || reduced[1] != 0) {
                k.scale(s, m, reduced[0], reduced[1]);
            }
        } else {
            // a constant phase under low controls: a one-qubit diagonal on one of them
            int t = Long.numberOfTrailingZeros(ctrlLow);
            k.applyDiagonal(s, m, new int[] {t}, new double[] {1, 0, reduced[0], reduced[1]},
                    ctrlLow & ~(1L << t));
        }
    }

    private static boolean parity(long v) {
        return (Long.bitCount(v) & 1) != 0;
    }

    private static int maxQubit(int[] qs) {
        int mx = -1;
        for (int q : qs) {
            mx = Math.max(mx, q);
        }
        return mx;
    }
}
