package org.qnnlab.train;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.qnnlab.sim.Gate;
import org.qnnlab.sim.Operation;
import org.qnnlab.sim.kernel.CacheBlocks;
import org.qnnlab.sim.kernel.KernelOp;
import org.qnnlab.sim.kernel.StateKernel;

/**
 * The adjoint method's backward sweep, cache-blocked (the idea of qsim's and Lightning's gate fusion applied to the
 * sweep): a run of consecutive operations that together mix amplitudes only across m qubits (targets, Pauli X/Y and
 * trainable generators; diagonals and controls may sit anywhere) is executed block by block, each block being the
 * {@code 2^m} amplitudes that differ only in those qubits, so each block of φ and of every λ stays in L2 while all the
 * run's gates are un-applied and all its generator inner products {@code Im<λ|P|φ>} are accumulated. A block of the
 * lowest m qubits is a slice of the state, swept in place; any other is gathered into per-thread scratch and
 * scattered back ({@link CacheBlocks}). Above the last-level cache this turns one memory pass per gate and state into
 * one per run.
 *
 * <p>Restricting an operation to block c (its bits outside the block's qubits): a control outside holds for the
 * whole block or not at all; a diagonal's targets outside are fixed by c; a Z outside is the sign
 * {@code (−1)^{bit}}, which flips a Pauli rotation's angle and an inner product's sign. Block results are stored per
 * block and summed in block order, so the gradient does not depend on the thread count. Measurements: bench/README.md,
 * "The adjoint sweep: gathered blocks, one-qubit generators, deferred phases".
 */
final class BlockedSweep {

    /** Qubits per block: 2^13 amplitudes = 128 KiB per state, so φ and a λ fit in L2 together. */
    static final int BLOCK_QUBITS = Integer.getInteger("qnnlab.adjoint.blockQubits", 13);

    /** States smaller than this are swept gate by gate: they live in cache anyway. */
    static final int MIN_QUBITS = Integer.getInteger("qnnlab.adjoint.minBlockedQubits", 16);

    /**
     * The lowest qubits every block keeps (at most half the block), so a gathered block moves in runs of
     * {@code 2^5} contiguous amplitudes (512 bytes) rather than amplitude by amplitude.
     */
    static final int RUN_QUBITS = 5;

    private BlockedSweep() {
    }

    /**
     * The qubits operation {@code op} (with compiled inverse {@code inv}) mixes when it is un-applied and, if
     * trainable, differentiated; or −1 if it cannot be swept block by block (a cache-blocked pass, or a trainable
     * operation other than an uncontrolled Pauli rotation). Diagonals mix nothing: their targets and controls may sit
     * outside the block.
     */
    static long mixing(Operation op, KernelOp inv) {
        long mix = switch (inv) {
            case KernelOp.Dense d -> KernelOp.maskOf(d.qubits());
            case KernelOp.Diagonal d -> 0;
            case KernelOp.PauliRotation p -> p.x();
            case KernelOp.Blocked b -> -1;
        };
        if (mix < 0 || !op.isTrainable()) {
            return mix;
        }
        if (op.gate().family() != Gate.Family.PAULI_ROTATION || op.controls().length != 0) {
            return -1;
        }
        return mix | op.pauliMasks()[0];
    }

    /** Whether operations that together mix the qubits {@code mix} fit in one block of {@code m} qubits. */
    static boolean fits(long mix, int m) {
        int keep = Math.min(RUN_QUBITS, m / 2);
        return mix >= 0 && Long.bitCount(mix | ((1L << keep) - 1)) <= m;
    }

    /**
     * The block's qubits for a run mixing {@code mix}: those, padded with the lowest free qubits to m. Runs within the
     * lowest m qubits get the lowest m qubits, whose blocks are contiguous slices.
     */
    static long blockMask(long mix, int m) {
        long mask = mix;
        for (int q = 0; Long.bitCount(mask) < m; q++) {
            mask |= 1L << q;
        }
        return mask;
    }

    /**
     * Whether operation {@code op} can be un-applied (and differentiated) inside blocks of the lowest {@code m}
     * qubits, which are contiguous slices of the state.
     */
    static boolean local(Operation op, KernelOp inv, int m) {
        long mix = mixing(op, inv);
        return mix >= 0 && (mix >>> m) == 0;
    }

    /**
     * Un-applies operations {@code to, to−1, …, from} from φ and every λ block by block for the block qubits
     * {@code mask} (which must hold every qubit the operations {@linkplain #mixing mix}), adding each trainable
     * operation's {@code Im<λ_i|P|φ>} (at the state right after that operation) to {@code grad[i]} by the chain
     * rule. A block of the lowest qubits is a slice swept in place; any other is gathered into per-thread scratch
     * ({@link CacheBlocks#gather}) and scattered back, so one pass over memory serves the whole run either way.
     */
    static void run(StateKernel k, int n, long mask, List<Operation> ops, KernelOp[] inv, int from, int to,
            MemorySegment phi, MemorySegment[] lambdas, double[][] grad, int threads) {
        int m = Long.bitCount(mask);
        long outside = ~mask & ((1L << n) - 1);
        boolean inPlace = mask == (1L << m) - 1;
        int blocks = 1 << (n - m);
        int count = to - from + 1;
        int nobs = lambdas.length;
        long blockBytes = 16L << m;
        double[][] partial = new double[blocks][count * nobs];
        Parallel.forEach(blocks, threads, c -> {
            long high = Long.expand(c, outside); // the block's fixed bits, at their qubits
            MemorySegment p;
            MemorySegment[] l = new MemorySegment[nobs];
            if (inPlace) {
                p = phi.asSlice(c * blockBytes, blockBytes);
                for (int i = 0; i < nobs; i++) {
                    l[i] = lambdas[i].asSlice(c * blockBytes, blockBytes);
                }
            } else {
                p = CacheBlocks.scratch(0, blockBytes);
                CacheBlocks.gather(phi, n, mask, c, p);
                for (int i = 0; i < nobs; i++) {
                    l[i] = CacheBlocks.scratch(i + 1, blockBytes);
                    CacheBlocks.gather(lambdas[i], n, mask, c, l[i]);
                }
            }
            MemorySegment[] states = new MemorySegment[nobs + 1];
            states[0] = p;
            System.arraycopy(l, 0, states, 1, nobs);
            double[] phase = {1, 0}; // the run's constant phases on this block, applied once at its end
            double[] out = partial[c];
            // <λ|φ> on the block: the run applies the same unitaries to φ and to every λ, so it does not change
            double[] plain = null;
            for (int j = to; j >= from; j--) {
                Operation op = ops.get(j);
                if (op.isTrainable()) {
                    long[] xz = op.pauliMasks();
                    double sign = parity(xz[1] & high) ? -1 : 1;
                    long x = Long.compress(xz[0], mask);
                    long z = Long.compress(xz[1] & mask, mask);
                    for (int i = 0; i < nobs; i++) {
                        double im;
                        if (x == 0 && z == 0) { // P is ±1 on this block: Im<λ|φ>, taken once per block
                            if (plain == null) {
                                plain = new double[nobs];
                                for (int o = 0; o < nobs; o++) {
                                    plain[o] = k.inner(l[o], p, m)[1];
                                }
                            }
                            im = plain[i];
                        } else {
                            im = k.innerPauli(l[i], p, m, x, z)[1];
                        }
                        out[(to - j) * nobs + i] = sign * im;
                    }
                }
                applyRestricted(k, states, mask, inv[j], high, phase);
            }
            if (phase[0] != 1 || phase[1] != 0) {
                for (MemorySegment st : states) {
                    k.scale(st, m, phase[0], phase[1]);
                }
            }
            if (!inPlace) {
                CacheBlocks.scatter(p, n, mask, c, phi);
                for (int i = 0; i < nobs; i++) {
                    CacheBlocks.scatter(l[i], n, mask, c, lambdas[i]);
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

    /**
     * Applies {@code op} to one block (a {@code bitCount(mask)}-qubit state) of each of {@code states}, the block whose
     * bits outside {@code mask} are those of {@code high}: a control outside the block holds for the whole block or
     * not at all, a diagonal's targets outside it are fixed, a Z outside it is the sign {@code (−1)^{bit}}, and qubits
     * inside it are renumbered by their rank in the mask. An operation that is a constant phase on the block (an RZ
     * or a diagonal whose qubits all lie outside it) is multiplied into {@code phase} instead of costing a pass: the
     * same phase on φ and every λ leaves every {@code <λ|P|φ>} of the run unchanged, and the caller applies it
     * before the block goes back.
     */
    static void applyRestricted(StateKernel k, MemorySegment[] states, long mask, KernelOp op, long high,
            double[] phase) {
        int m = Long.bitCount(mask);
        long ctrl = switch (op) {
            case KernelOp.Dense d -> d.ctrl();
            case KernelOp.Diagonal d -> d.ctrl();
            case KernelOp.PauliRotation r -> r.ctrl();
            case KernelOp.Blocked b -> throw new IllegalArgumentException("cache-blocked pass inside the sweep");
        };
        long ctrlOut = ctrl & ~mask;
        if ((high & ctrlOut) != ctrlOut) {
            return; // a control outside the block is 0 throughout it
        }
        long ctrlIn = Long.compress(ctrl & mask, mask);
        switch (op) {
            case KernelOp.Dense d -> {
                KernelOp.Dense local = new KernelOp.Dense(relabel(d.qubits(), mask), d.matrix(), ctrlIn);
                for (MemorySegment s : states) {
                    local.applyTo(k, s, m);
                }
            }
            case KernelOp.PauliRotation r -> {
                double theta = parity(r.z() & high) ? -r.theta() : r.theta();
                long x = Long.compress(r.x(), mask);
                long z = Long.compress(r.z() & mask, mask);
                if (x == 0 && z == 0 && ctrlIn == 0) { // exp(−iθ/2)
                    multiply(phase, Math.cos(theta / 2), -Math.sin(theta / 2));
                    return;
                }
                for (MemorySegment s : states) {
                    k.applyPauliRotation(s, m, x, z, theta, ctrlIn);
                }
            }
            case KernelOp.Diagonal d -> applyDiagonal(k, states, mask, d, high, ctrlIn, phase);
            case KernelOp.Blocked b -> throw new IllegalArgumentException("cache-blocked pass inside the sweep");
        }
    }

    private static void multiply(double[] phase, double re, double im) {
        double r = phase[0] * re - phase[1] * im;
        phase[1] = phase[0] * im + phase[1] * re;
        phase[0] = r;
    }

    /** Qubits inside {@code mask}, renumbered by their rank in it. */
    private static int[] relabel(int[] qubits, long mask) {
        int[] local = new int[qubits.length];
        for (int i = 0; i < qubits.length; i++) {
            local[i] = Long.bitCount(mask & ((1L << qubits[i]) - 1));
        }
        return local;
    }

    /** A diagonal with its targets outside the block fixed by the block's bits. */
    private static void applyDiagonal(StateKernel k, MemorySegment[] states, long mask, KernelOp.Diagonal d,
            long high, long ctrlLow, double[] phase) {
        int m = Long.bitCount(mask);
        int[] q = d.qubits();
        int kq = q.length;
        int lowCount = 0;
        for (int t : q) {
            if ((mask >>> t & 1) != 0) {
                lowCount++;
            }
        }
        int[] lowTargets = new int[lowCount];
        int base = 0; // table index bits contributed by the targets outside the block
        for (int i = 0, li = 0; i < kq; i++) {
            int bitPos = kq - 1 - i; // qubits[0] is the table index's most significant bit
            if ((mask >>> q[i] & 1) != 0) {
                lowTargets[li++] = Long.bitCount(mask & ((1L << q[i]) - 1));
            } else if (((high >>> q[i]) & 1) != 0) {
                base |= 1 << bitPos;
            }
        }
        double[] table = d.diagonal();
        double[] reduced = new double[2 << lowCount];
        for (int r = 0; r < (1 << lowCount); r++) {
            int idx = base;
            for (int i = 0, li = 0; i < kq; i++) {
                if ((mask >>> q[i] & 1) != 0) {
                    int bit = (r >>> (lowCount - 1 - li)) & 1;
                    idx |= bit << (kq - 1 - i);
                    li++;
                }
            }
            reduced[2 * r] = table[2 * idx];
            reduced[2 * r + 1] = table[2 * idx + 1];
        }
        if (lowCount > 0) {
            for (MemorySegment s : states) {
                k.applyDiagonal(s, m, lowTargets, reduced, ctrlLow);
            }
        } else if (ctrlLow == 0) {
            multiply(phase, reduced[0], reduced[1]);
        } else {
            // a constant phase under controls inside the block: a one-qubit diagonal on one of them
            int t = Long.numberOfTrailingZeros(ctrlLow);
            double[] oneQubit = {1, 0, reduced[0], reduced[1]};
            for (MemorySegment s : states) {
                k.applyDiagonal(s, m, new int[] {t}, oneQubit, ctrlLow & ~(1L << t));
            }
        }
    }

    private static boolean parity(long v) {
        return (Long.bitCount(v) & 1) != 0;
    }
}
