package org.qnnlab.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.qnnlab.sim.kernel.KernelOp;

/**
 * Cache blocking: consecutive operations whose qubits fit in one block of {@code b} qubits are applied block by
 * block ({@link KernelOp.Blocked}), so a block of {@code 2^b} amplitudes stays in cache while all of them run and the
 * state crosses the memory bus once for the run instead of once per operation. Qiskit Aer's cache blocking
 * (its {@code blocking_qubits} option) is the prior art; Aer brings high qubits low with swaps, here a block on high
 * qubits is gathered as strided runs ({@link org.qnnlab.sim.kernel.CacheBlocks}).
 *
 * <p>The rule is greedy in circuit order: a run grows while the union of its operations' qubits (targets, controls,
 * Pauli masks) has at most {@code b} qubits; an operation that would overflow it closes the run and starts the next.
 * A run of one operation is left as it is (blocking it would add a copy and save nothing), as is an operation wider
 * than a block. A run's mask is padded with the lowest free qubits up to {@code b}, so gathered runs of amplitudes are
 * as long as possible and a run on low qubits is a contiguous slice. Operations inside a block are relabelled to the
 * block's local qubits; the order of operations is unchanged, so the product is the same to rounding.
 */
public final class CacheBlocking {

    private CacheBlocking() {
    }

    /**
     * Blocks {@code ops} for an {@code n}-qubit state with blocks of {@code blockQubits} qubits.
     *
     * @param ops compiled (possibly fused) operations, none of them already blocked
     * @param n the state's qubits
     * @param blockQubits qubits per block, {@code 1 <= blockQubits < n}
     * @return the same operations, runs of them as blocked passes
     */
    public static List<KernelOp> block(List<KernelOp> ops, int n, int blockQubits) {
        Objects.requireNonNull(ops, "ops");
        if (blockQubits < 1 || blockQubits >= n || n > 62) {
            throw new IllegalArgumentException("cache blocks of " + blockQubits + " qubits in a " + n
                    + "-qubit state; allowed: 1.." + (n - 1));
        }
        List<KernelOp> out = new ArrayList<>();
        List<KernelOp> run = new ArrayList<>();
        long runMask = 0;
        for (KernelOp op : ops) {
            if (op instanceof KernelOp.Blocked) {
                throw new IllegalArgumentException("operation is already cache-blocked");
            }
            long m = op.qubitMask();
            if (Long.bitCount(m) > blockQubits) {
                flush(run, runMask, n, blockQubits, out);
                runMask = 0;
                out.add(op);
                continue;
            }
            if (Long.bitCount(runMask | m) > blockQubits) {
                flush(run, runMask, n, blockQubits, out);
                runMask = 0;
            }
            run.add(op);
            runMask |= m;
        }
        flush(run, runMask, n, blockQubits, out);
        return out;
    }

    /** Emits the run (as one blocked pass if it holds two operations or more) and clears it. */
    private static void flush(List<KernelOp> run, long runMask, int n, int b, List<KernelOp> out) {
        if (run.size() == 1) {
            out.add(run.getFirst());
        } else if (run.size() > 1) {
            long mask = runMask;
            for (int q = 0; q < n && Long.bitCount(mask) < b; q++) {
                mask |= 1L << q;
            }
            List<KernelOp> local = new ArrayList<>(run.size());
            for (KernelOp op : run) {
                local.add(relabel(op, mask));
            }
            out.add(new KernelOp.Blocked(mask, local));
        }
        run.clear();
    }

    /** {@code op} on the block's local qubits: qubit q becomes its rank among the block's qubits. */
    private static KernelOp relabel(KernelOp op, long blockMask) {
        return switch (op) {
            case KernelOp.Dense d -> new KernelOp.Dense(local(d.qubits(), blockMask), d.matrix(),
                    Long.compress(d.ctrl(), blockMask));
            case KernelOp.Diagonal d -> new KernelOp.Diagonal(local(d.qubits(), blockMask), d.diagonal(),
                    Long.compress(d.ctrl(), blockMask));
            case KernelOp.PauliRotation p -> new KernelOp.PauliRotation(Long.compress(p.x(), blockMask),
                    Long.compress(p.z(), blockMask), p.theta(), Long.compress(p.ctrl(), blockMask));
            case KernelOp.Blocked b -> throw new IllegalArgumentException("operation is already cache-blocked");
        };
    }

    private static int[] local(int[] qubits, long blockMask) {
        int[] l = new int[qubits.length];
        for (int j = 0; j < l.length; j++) {
            l[j] = Long.bitCount(blockMask & ((1L << qubits[j]) - 1));
        }
        return l;
    }
}
