package org.qnnlab.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.qnnlab.sim.kernel.KernelOp;
import org.qnnlab.sim.kernel.PassCosts;

/**
 * Gate fusion: a compiled operation list rewritten as fewer passes over the state, with the same result to rounding.
 *
 * <p>A pass over a 2^n state costs about the same for every gate on few qubits (the state streams through memory
 * once), so neighbouring gates are multiplied into one matrix on the union of their qubits where one pass on that
 * union costs less than the passes it replaces. Runs of diagonal gates (RZ, CZ, CPhase, RZZ, Z-type rotations, user
 * diagonals) become one diagonal on their qubits, whose table has 2^k entries for k qubits and never 2^n. The model
 * is qsim's gate fuser ({@code lib/fuser_basic.h}, {@code lib/fuser_mqubit.h}); the decisions here use the pass costs
 * of the kernel that will run the result ({@link PassCosts}), so a kernel whose 3-qubit matrices are slow gets
 * 2-qubit blocks.
 *
 * <p>The greedy rule. Open blocks sit at the front of the circuit, one per qubit at most, on disjoint qubits (so they
 * commute with each other). Each operation in order, on qubits Q (targets and controls):
 * <ul>
 *   <li>on qubits no open block holds, it merges with the nearest open block (by qubit index) where one pass on both
 *       costs no more than the two, else opens a block of its own;</li>
 *   <li>if it cannot be fused (more qubits than the largest block), the open blocks on Q are emitted, then the
 *       operation itself;</li>
 *   <li>else, with B the open blocks on Q and U = Q ∪ their qubits: if one pass on U costs no more than the passes of
 *       B and of the operation, everything merges into one block on U;</li>
 *   <li>else the operation joins the one block of B where that saves most (the others are emitted), or starts a
 *       block of its own after all of B are emitted.</li>
 * </ul>
 * At the end the open blocks are emitted. A block holding one operation is emitted as that operation, so controlled
 * gates and Pauli rotations keep their kernels' fast paths. Order: a block is emitted before anything that touches its
 * qubits, and blocks on disjoint qubits commute, so the product is unchanged.
 */
public final class Fusion {

    private Fusion() {
    }

    /**
     * {@code ops} with every one-qubit diagonal (RZ, phase, a Z rotation) on qubit q moved to just after the last
     * diagonal touching q that comes before the next non-diagonal operation on q (left in place when there is none).
     * Everything it passes acts on other qubits or is diagonal, so the product is unchanged.
     * A layer RY·RZ followed by a CZ ladder then fuses as real RY blocks (the cheaper real loops) and one diagonal run
     * holding the RZs and the CZs, instead of complex RY·RZ blocks beside the ladder's diagonals (measured in
     * bench/README.md, "RZs moved into the ladders' diagonals").
     */
    static List<KernelOp> sinkOneQubitDiagonals(List<KernelOp> ops) {
        // base: the other operations in order; after[i]: the one-qubit diagonals placed right after base[i] (index 0
        // holds those placed before everything); anchor[q]: where qubit q's pending diagonals go, the last diagonal
        // on q since they became pending (so they meet that diagonal's block in the fuser)
        List<KernelOp> base = new ArrayList<>(ops.size());
        List<List<KernelOp>> after = new ArrayList<>(ops.size() + 1);
        after.add(null);
        List<List<KernelOp>> pending = new ArrayList<>();
        int[] anchor = new int[64];
        long waiting = 0;
        for (KernelOp op : ops) {
            long mask = op.qubitMask();
            boolean diagonal = Block.isDiagonal(op);
            if (diagonal && Long.bitCount(mask) == 1) {
                int q = Long.numberOfTrailingZeros(mask);
                while (pending.size() <= q) {
                    pending.add(new ArrayList<>());
                }
                if ((waiting & mask) == 0) {
                    anchor[q] = base.size(); // right here, unless a diagonal on q follows
                }
                pending.get(q).add(op);
                waiting |= mask;
                continue;
            }
            for (long m = mask & waiting; m != 0; m &= m - 1) {
                int q = Long.numberOfTrailingZeros(m);
                if (diagonal) {
                    anchor[q] = base.size() + 1; // commutes: the pending ones may follow this diagonal
                } else {
                    place(after, anchor[q], pending.get(q));
                    waiting &= ~(1L << q);
                }
            }
            base.add(op);
            after.add(null);
        }
        for (long m = waiting; m != 0; m &= m - 1) {
            int q = Long.numberOfTrailingZeros(m);
            place(after, anchor[q], pending.get(q));
        }
        List<KernelOp> out = new ArrayList<>(ops.size());
        for (int i = 0; i <= base.size(); i++) {
            if (i > 0) {
                out.add(base.get(i - 1));
            }
            if (after.get(i) != null) {
                out.addAll(after.get(i));
            }
        }
        return out;
    }

    /** Moves {@code ops} to the slot after base operation {@code slot − 1} (slot 0: before all) and empties it. */
    private static void place(List<List<KernelOp>> after, int slot, List<KernelOp> ops) {
        if (after.get(slot) == null) {
            after.set(slot, new ArrayList<>());
        }
        after.get(slot).addAll(ops);
        ops.clear();
    }

    /**
     * Fuses {@code ops} for a kernel with pass costs {@code costs}.
     *
     * @param ops compiled operations ({@link Simulator#compile(Circuit, double[], double[])})
     * @param costs the kernel's pass costs
     * @return an equivalent list, never longer
     */
    public static List<KernelOp> fuse(List<KernelOp> ops, PassCosts costs) {
        Objects.requireNonNull(costs, "costs");
        ops = sinkOneQubitDiagonals(ops);
        List<KernelOp> out = new ArrayList<>(ops.size());
        Block[] owner = new Block[64];
        List<Block> open = new ArrayList<>();
        for (KernelOp op : ops) {
            if (op instanceof KernelOp.Blocked) {
                throw Block.blocked();
            }
            long mask = op.qubitMask();
            List<Block> touched = new ArrayList<>();
            for (long m = mask; m != 0; m &= m - 1) {
                Block o = owner[Long.numberOfTrailingZeros(m)];
                if (o != null && !touched.contains(o)) {
                    touched.add(o);
                }
            }
            // decided on the mask alone: a block is a 2^k table or matrix, never built for a wide operation
            int k = Long.bitCount(mask);
            if (k > (Block.isDiagonal(op) ? Math.max(costs.maxDense(), costs.maxDiagonal()) : costs.maxDense())) {
                for (Block t : touched) {
                    emit(t, owner, open, out);
                }
                out.add(op);
                continue;
            }
            Block b = Block.of(op);
            if (touched.isEmpty()) {
                // on fresh qubits: pair with the nearest open block if one pass on both costs no more than two
                // (blocks at the front commute, so any two merge), which turns a layer of one-qubit gates into
                // disjoint pairs instead of leaving each to be chained to a neighbour by the next two-qubit gate
                Block partner = nearest(open, b, costs);
                if (partner != null) {
                    Block m = merged(List.of(partner), b, costs);
                    release(partner, owner, open);
                    claim(m, owner, open);
                } else {
                    claim(b, owner, open);
                }
                continue;
            }
            Block merged = merged(touched, b, costs);
            if (merged != null) {
                for (Block t : touched) {
                    release(t, owner, open);
                }
                claim(merged, owner, open);
                continue;
            }
            Block best = null;
            Block bestMerge = null;
            double bestSaving = 0;
            for (Block t : touched) {
                Block m = merged(List.of(t), b, costs);
                if (m != null) {
                    double saving = t.cost(costs) + b.cost(costs) - m.cost(costs);
                    if (best == null || saving > bestSaving) {
                        best = t;
                        bestMerge = m;
                        bestSaving = saving;
                    }
                }
            }
            for (Block t : touched) {
                if (t != best) {
                    emit(t, owner, open, out);
                }
            }
            if (best != null) {
                release(best, owner, open);
                claim(bestMerge, owner, open);
            } else {
                claim(b, owner, open);
            }
        }
        for (Block t : List.copyOf(open)) {
            emit(t, owner, open, out);
        }
        return out;
    }

    /**
     * The open block nearest to {@code b} by qubit index whose merge with it is allowed and costs no more than the
     * two passes, or null.
     */
    private static Block nearest(List<Block> open, Block b, PassCosts costs) {
        Block best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (int i = open.size() - 1; i >= 0; i--) { // the most recent first among equally near ones
            Block o = open.get(i);
            int distance = Integer.MAX_VALUE;
            for (int p : o.qubits) {
                for (int q : b.qubits) {
                    distance = Math.min(distance, Math.abs(p - q));
                }
            }
            if (distance < bestDistance && merged(List.of(o), b, costs) != null) {
                best = o;
                bestDistance = distance;
            }
        }
        return best;
    }

    /** The merge of the blocks and the new operation's block on the union of their qubits, if it does not cost more. */
    private static Block merged(List<Block> blocks, Block op, PassCosts costs) {
        long mask = op.mask;
        boolean diag = op.diagonal;
        double parts = op.cost(costs);
        for (Block t : blocks) {
            mask |= t.mask;
            diag &= t.diagonal;
            parts += t.cost(costs);
        }
        int k = Long.bitCount(mask);
        if (k > (diag ? costs.maxDiagonal() : costs.maxDense()) || costs.of(k, diag) > parts) {
            return null;
        }
        int[] qubits = qubitsOf(mask);
        Block m = Block.identity(qubits, diag);
        for (Block t : blocks) { // disjoint, so they commute: any order
            m = m.times(t);
        }
        m = op.timesLeftOf(m);
        m.count = op.count;
        for (Block t : blocks) {
            m.count += t.count;
        }
        return m;
    }

    private static void claim(Block b, Block[] owner, List<Block> open) {
        for (int q : b.qubits) {
            owner[q] = b;
        }
        open.add(b);
    }

    private static void release(Block b, Block[] owner, List<Block> open) {
        for (int q : b.qubits) {
            if (owner[q] == b) {
                owner[q] = null;
            }
        }
        open.remove(b);
    }

    private static void emit(Block b, Block[] owner, List<Block> open, List<KernelOp> out) {
        release(b, owner, open);
        out.add(b.toOp());
    }

    private static int[] qubitsOf(long mask) {
        int[] q = new int[Long.bitCount(mask)];
        int i = 0;
        for (long m = mask; m != 0; m &= m - 1) {
            q[i++] = Long.numberOfTrailingZeros(m);
        }
        return q;
    }

    /**
     * A product of operations on {@code qubits} (ascending; matrix index bit {@code k−1−j} is qubit {@code qubits[j]},
     * the kernels' convention): a diagonal of 2^k complex entries, or a dense 2^k × 2^k matrix.
     */
    private static final class Block {
        final int[] qubits;
        final long mask;
        final boolean diagonal;
        final double[] data;
        /** The single operation this block is, if it holds exactly one. */
        KernelOp original;
        int count;

        Block(int[] qubits, boolean diagonal, double[] data) {
            this.qubits = qubits;
            this.mask = KernelOp.maskOf(qubits);
            this.diagonal = diagonal;
            this.data = data;
        }

        static Block identity(int[] qubits, boolean diagonal) {
            int d = 1 << qubits.length;
            return new Block(qubits, diagonal, diagonal ? ones(d) : ComplexMatrices.identity(d));
        }

        private static double[] ones(int d) {
            double[] o = new double[2 * d];
            for (int i = 0; i < d; i++) {
                o[2 * i] = 1;
            }
            return o;
        }

        /**
         * The pass cost of emitting this block: a single operation costs its own kernel path (a controlled gate a
         * dense pass on its targets, which visits only part of the state; a Pauli rotation one pass over pairs like a
         * one-qubit gate), a product its dense or diagonal pass on all its qubits.
         */
        double cost(PassCosts costs) {
            if (count == 1 && original != null) {
                return switch (original) {
                    case KernelOp.Dense d -> costs.of(d.qubits().length, false);
                    case KernelOp.Diagonal d -> costs.of(d.qubits().length, true);
                    case KernelOp.PauliRotation p -> p.x() == 0 ? costs.of(1, true) : costs.of(1, false);
                    case KernelOp.Blocked b -> throw blocked();
                };
            }
            return costs.of(qubits.length, diagonal);
        }

        /** The bits of the basis state that block index {@code i} stands for, as a qubit mask. */
        long state(int i) {
            return spread(qubits, i);
        }

        /** The block index of the qubit mask {@code s} (bits outside the block ignored). */
        int index(long s) {
            return localIndex(qubits, s);
        }

        /** The qubit mask that index {@code i} of a matrix on {@code qs} (first listed most significant) stands for. */
        private static long spread(int[] qs, int i) {
            long s = 0;
            for (int j = 0; j < qs.length; j++) {
                if ((i >>> (qs.length - 1 - j) & 1) != 0) {
                    s |= 1L << qs[j];
                }
            }
            return s;
        }

        /** True if the operation's block is a diagonal. */
        static boolean isDiagonal(KernelOp op) {
            return op instanceof KernelOp.Diagonal || op instanceof KernelOp.PauliRotation p && p.x() == 0;
        }

        /** The operation as a block on its own qubits (targets and controls). */
        static Block of(KernelOp op) {
            Block b = switch (op) {
                case KernelOp.Dense d -> dense(d.qubits(), d.matrix(), d.ctrl());
                case KernelOp.Diagonal d -> diagonal(d.qubits(), d.diagonal(), d.ctrl());
                case KernelOp.PauliRotation p -> rotation(p.x(), p.z(), p.theta(), p.ctrl());
                case KernelOp.Blocked bl -> throw blocked();
            };
            b.original = op;
            b.count = 1;
            return b;
        }

        static IllegalArgumentException blocked() {
            return new IllegalArgumentException("a cache-blocked pass cannot be fused; fuse before blocking");
        }

        private static int[] union(int[] targets, long ctrl) {
            return qubitsOf(KernelOp.maskOf(targets) | ctrl);
        }

        /** The index of state {@code s} in a matrix on {@code qs} (first listed most significant). */
        private static int localIndex(int[] qs, long s) {
            int i = 0;
            for (int j = 0; j < qs.length; j++) {
                if ((s >>> qs[j] & 1) != 0) {
                    i |= 1 << (qs.length - 1 - j);
                }
            }
            return i;
        }

        private static Block dense(int[] targets, double[] m, long ctrl) {
            int[] qs = union(targets, ctrl);
            Block b = new Block(qs, false, new double[2 << (2 * qs.length)]);
            int d = 1 << qs.length;
            int dt = 1 << targets.length;
            long tmask = KernelOp.maskOf(targets);
            for (int c = 0; c < d; c++) {
                long sc = b.state(c);
                if ((sc & ctrl) != ctrl) {
                    b.data[2 * (c * d + c)] = 1;
                    continue;
                }
                int ct = localIndex(targets, sc);
                for (int rt = 0; rt < dt; rt++) {
                    int r = b.index(sc & ~tmask | spread(targets, rt));
                    b.data[2 * (r * d + c)] = m[2 * (rt * dt + ct)];
                    b.data[2 * (r * d + c) + 1] = m[2 * (rt * dt + ct) + 1];
                }
            }
            return b;
        }

        private static Block diagonal(int[] targets, double[] diag, long ctrl) {
            KernelOp.Diagonal all = new KernelOp.Diagonal(targets, diag, ctrl).embedControls(ctrl);
            return new Block(all.qubits(), true, all.diagonal());
        }

        /** {@code exp(−iθ/2·P) = cos(θ/2)·I − i·sin(θ/2)·P} with {@code P|b> = i^{|x∧z|}(−1)^{|b∧z|}|b ⊕ x>}. */
        private static Block rotation(long x, long z, double theta, long ctrl) {
            int[] qs = qubitsOf(x | z | ctrl);
            boolean diag = x == 0;
            int d = 1 << qs.length;
            Block b = new Block(qs, diag, new double[diag ? 2 * d : 2 * d * d]);
            double cos = Math.cos(theta / 2);
            double sin = Math.sin(theta / 2);
            int phase = Long.bitCount(x & z) & 3;
            for (int c = 0; c < d; c++) {
                long sc = b.state(c);
                boolean active = (sc & ctrl) == ctrl;
                int r = active ? b.index(sc ^ x) : c;
                // −i·sin·i^phase·sign
                double sign = (Long.bitCount(sc & z) & 1) == 0 ? 1 : -1;
                double pr = 0;
                double pi = 0;
                switch ((phase + 3) & 3) { // −i·i^phase = i^(phase+3)
                    case 0 -> pr = 1;
                    case 1 -> pi = 1;
                    case 2 -> pr = -1;
                    default -> pi = -1;
                }
                double offR = active ? sign * sin * pr : 0;
                double offI = active ? sign * sin * pi : 0;
                double diagR = active ? cos : 1;
                if (diag) {
                    b.data[2 * c] = diagR + offR;
                    b.data[2 * c + 1] = offI;
                } else {
                    b.data[2 * (c * d + c)] += diagR;
                    b.data[2 * (r * d + c)] += offR;
                    b.data[2 * (r * d + c) + 1] += offI;
                }
            }
            return b;
        }

        /** This block (on a subset of {@code m}'s qubits) applied after {@code m}: {@code this·m} on m's qubits. */
        Block timesLeftOf(Block m) {
            Block left = embed(m.qubits, m.diagonal && diagonal);
            return left.times(m);
        }

        /** {@code this·other} with {@code other} on a subset of this block's qubits. */
        Block times(Block other) {
            Block o = other.embed(qubits, other.diagonal && diagonal);
            int d = 1 << qubits.length;
            if (diagonal && o.diagonal) {
                double[] out = new double[2 * d];
                for (int i = 0; i < d; i++) {
                    double ar = data[2 * i];
                    double ai = data[2 * i + 1];
                    double br = o.data[2 * i];
                    double bi = o.data[2 * i + 1];
                    out[2 * i] = ar * br - ai * bi;
                    out[2 * i + 1] = ar * bi + ai * br;
                }
                return new Block(qubits, true, out);
            }
            return new Block(qubits, false, ComplexMatrices.multiply(dense(), o.dense(), d));
        }

        /** This block as a dense matrix array. */
        double[] dense() {
            return diagonal ? ComplexMatrices.fromDiagonal(data) : data;
        }

        /** This block on {@code target} (a superset of its qubits, ascending), identity on the others. */
        Block embed(int[] target, boolean asDiagonal) {
            if (Arrays.equals(target, qubits) && (diagonal == asDiagonal)) {
                return this;
            }
            Block out = new Block(target, asDiagonal, null);
            int d = 1 << target.length;
            double[] r = new double[asDiagonal ? 2 * d : 2 * d * d];
            int dl = 1 << qubits.length;
            for (int c = 0; c < d; c++) {
                long sc = out.state(c);
                int lc = index(sc);
                if (asDiagonal) {
                    r[2 * c] = data[2 * lc];
                    r[2 * c + 1] = data[2 * lc + 1];
                    continue;
                }
                long rest = sc & ~mask;
                if (diagonal) {
                    r[2 * (c * d + c)] = data[2 * lc];
                    r[2 * (c * d + c) + 1] = data[2 * lc + 1];
                    continue;
                }
                for (int lr = 0; lr < dl; lr++) {
                    int row = out.index(rest | state(lr));
                    r[2 * (row * d + c)] = data[2 * (lr * dl + lc)];
                    r[2 * (row * d + c) + 1] = data[2 * (lr * dl + lc) + 1];
                }
            }
            return new Block(target, asDiagonal, r);
        }

        KernelOp toOp() {
            if (count == 1 && original != null) {
                return original;
            }
            return diagonal ? new KernelOp.Diagonal(qubits, data, 0) : new KernelOp.Dense(qubits, data, 0);
        }
    }
}
