package org.qnnlab.train;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.qnnlab.sim.Angle;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Gate;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.OffHeapBudget;
import org.qnnlab.sim.Operation;
import org.qnnlab.sim.PauliString;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.StateVector;
import org.qnnlab.sim.kernel.KernelOp;
import org.qnnlab.sim.kernel.StateKernel;
import org.qnnlab.sim.noise.DensityMatrix;
import org.qnnlab.sim.noise.DensityMatrixSimulator;

/**
 * Adjoint differentiation of {@code f(θ) = Tr(O ρ_L)} for noisy circuits (gates and channels, {@link Circuit#channel})
 * on density matrices: the backward sweep of Jones and Gacon (arXiv:2009.02823, see {@link AdjointGradient}) with the
 * state replaced by {@code vec(ρ)} and the adjoint state by the observable {@code vec(O)} propagated in the Heisenberg
 * picture.
 *
 * <h2>Derivation</h2>
 * Write the circuit as maps {@code ρ_L = Φ_L ∘ … ∘ Φ_1(ρ_0)}, each Φ_j a gate {@code ρ → U_j ρ U_j†} or a channel
 * {@code ρ → Σ_i K_i ρ K_i†}, and {@code <<A|B>> = Tr(A†B)} the Hilbert–Schmidt inner product, which in the
 * {@link DensityMatrix} layout is the ordinary inner product of the 2n-qubit vectors. For Hermitian O,
 * {@code f = Tr(Oρ_L) = <<O|ρ_L>>}. Let Φ† be the adjoint map, {@code <<A|Φ(B)>> = <<Φ†(A)|B>>}: for a gate
 * {@code U†(·)U}, for a channel {@code Σ K_i†(·)K_i}, as a matrix on {@code vec} the conjugate transpose of the
 * superoperator ({@link org.qnnlab.sim.noise.Channel#adjointSuperoperator()}). With
 * {@code σ_j = Φ_{j+1}† ∘ … ∘ Φ_L†(O)} (Hermitian, since adjoint maps preserve Hermiticity) and
 * {@code ρ_j = Φ_j ∘ … ∘ Φ_1(ρ_0)}, for an angle α of gate j (no channel depends on θ):
 * <pre>
 *   ∂f/∂α = &lt;&lt;σ_j | ∂Φ_j(ρ_{j−1})&gt;&gt; = Tr(σ_j (∂U ρ_{j−1} U† + U ρ_{j−1} ∂U†)) = 2 Re Tr(σ_j ∂U ρ_{j−1} U†),
 * </pre>
 * the last step because the second term is the complex conjugate of the first for Hermitian σ_j and ρ_{j−1}. In the
 * vectorised form this is {@code 2 Re <<σ_j | (∂U on the row qubits, U* on the column qubits) ρ_{j−1}>>}. For a
 * Pauli rotation {@code U = exp(−iα/2·P)}, {@code ∂U ρ_{j−1} U† = −(i/2) P ρ_j}, so
 * {@code ∂f/∂α = Im <<σ_j | P_rows ρ_j>>}: one inner product, no extra pass (controlled rotations project P onto
 * the control subspace first). Affine angles reach θ by the chain rule as in {@link AdjointGradient}.
 *
 * <h2>The sweep</h2>
 * The backward sweep carries σ (starting at {@code vec(O)} without its constant term, which has zero derivative)
 * and ρ (starting at ρ_L). A gate is un-applied from both (its inverse on the rows, the inverse's conjugate on the
 * columns: for σ this is exactly Φ_j†). A channel is applied to σ as Φ_j†, but ρ cannot be un-applied through a
 * channel (not invertible in general, ill-conditioned where it is), so ρ is restored from a copy of ρ before that
 * channel. Copies come from checkpointing: the forward pass keeps ρ before every s-th channel
 * ({@code s = ⌈√m⌉} for m channels); when the sweep enters a segment of s channels it recomputes ρ before each of
 * them from the segment's checkpoint. Memory: {@code 3 + ⌈m/s⌉ + s ≈ 3 + 2√m} density matrices ({@code 16·4^n}
 * bytes each, checked against the off-heap budget before anything is allocated); time: about two forward passes
 * plus a backward sweep of three passes per gate. Every pass goes through the kernel of the
 * {@link DensityMatrixSimulator}'s simulator, so the method runs on every kernel; forward runs are fused as
 * {@link DensityMatrixSimulator#program} fuses, and then each gate's inverse on the rows and columns is un-applied as
 * one fused pass.
 *
 * <p>Noiseless circuits give the state-vector adjoint gradient to rounding; it is far cheaper to use
 * {@link AdjointGradient} there.
 */
public final class DensityMatrixAdjointGradient implements GradientMethod {

    private static final double[] PROJECT_ONE = {0, 0, 1, 0}; // diag(0, 1) on a control qubit

    private final DensityMatrixSimulator dm;

    /** Density-matrix adjoint gradients on {@code dm}'s kernel. */
    public DensityMatrixAdjointGradient(DensityMatrixSimulator dm) {
        this.dm = java.util.Objects.requireNonNull(dm, "dm");
    }

    @Override
    public String name() {
        return "adjoint";
    }

    /** One step of the circuit: a gate (with its compiled forward and inverse pairs) or a channel. */
    private record Step(Operation op, KernelOp[] forward, KernelOp[] inverse, boolean channel) {
    }

    /**
     * The number of density matrices the sweep holds at once for a circuit with {@code channels} channel sites:
     * ρ, σ, a scratch matrix, the checkpoints and one segment of restored copies.
     */
    public static int matricesNeeded(int channels) {
        int s = segmentLength(channels);
        return 3 + (channels == 0 ? 0 : (channels + s - 1) / s + s);
    }

    private static int segmentLength(int channels) {
        return Math.max(1, (int) Math.ceil(Math.sqrt(channels)));
    }

    /**
     * Refuses a sweep whose density matrices do not fit the off-heap budget now, naming the estimate.
     *
     * @throws IllegalStateException if they do not fit
     */
    public static void checkFits(int numQubits, int channels) {
        DensityMatrix.checkFits(numQubits);
        int count = matricesNeeded(channels);
        long need = count * DensityMatrix.bytesFor(numQubits);
        OffHeapBudget.Limit limit = OffHeapBudget.limit();
        long free = Math.max(0, limit.bytes() - OffHeapBudget.inUse());
        if (need > free) {
            throw new IllegalStateException("density-matrix adjoint gradient of " + numQubits + " qubits with "
                    + channels + " channels needs " + count + " density matrices = " + OffHeapBudget.human(need)
                    + ", but only " + OffHeapBudget.human(free) + " of the " + OffHeapBudget.human(limit.bytes())
                    + " limit (" + limit.source() + ") is free; use the shift or fd method (one density matrix at a "
                    + "time) or raise -D" + OffHeapBudget.MAX_MEMORY_PROPERTY);
        }
    }

    @Override
    public Gradient gradient(Circuit circuit, double[] theta, double[] x, Observable observable) {
        double[] inputs = x == null ? new double[0] : x;
        Checks.check(circuit, theta, inputs, observable);
        int n = circuit.numQubits();
        Simulator sim = dm.simulator();
        List<Step> steps = steps(circuit, theta, inputs, sim.fusion() && 2 * n >= Simulator.FUSION_MIN_QUBITS ? sim
                : null);
        List<Integer> channelAt = new ArrayList<>();
        for (int j = 0; j < steps.size(); j++) {
            if (steps.get(j).channel()) {
                channelAt.add(j);
            }
        }
        int m = channelAt.size();
        checkFits(n, m);
        int s = segmentLength(m);
        int segments = m == 0 ? 0 : (m + s - 1) / s;
        StateKernel k = sim.kernel();
        int nn = 2 * n;
        List<StateVector> owned = new ArrayList<>();
        try {
            DensityMatrix rhoL = DensityMatrix.zero(n);
            StateVector rho = own(owned, rhoL.vectorized()); // closing the vector frees ρ
            StateVector sigma = own(owned, StateVector.zero(nn));
            StateVector mu = own(owned, StateVector.zero(nn));
            vectorizedObservable(k, n, observable, sigma, mu);
            StateVector[] checkpoints = new StateVector[segments];
            StateVector[] restored = new StateVector[Math.min(s, m)];
            for (int i = 0; i < checkpoints.length; i++) {
                checkpoints[i] = own(owned, StateVector.zero(nn));
            }
            for (int i = 0; i < restored.length; i++) {
                restored[i] = own(owned, StateVector.zero(nn));
            }
            // forward, keeping ρ before every s-th channel
            int from = 0;
            for (int c = 0; c < segments; c++) {
                int to = channelAt.get(c * s);
                forward(k, nn, steps, from, to, rho);
                checkpoints[c].copyFrom(rho);
                from = to;
            }
            forward(k, nn, steps, from, steps.size(), rho);
            double value = rhoL.expectation(observable);
            double[] grad = new double[circuit.numParameters()];
            int loaded = -1; // the segment whose copies are in `restored`, recomputed when the sweep enters another
            for (int j = steps.size() - 1; j >= 0; j--) {
                Step step = steps.get(j);
                if (step.channel()) {
                    int index = channelAt.indexOf(j); // m is small next to the passes; a linear search is fine
                    int segment = index / s;
                    if (loaded != segment) {
                        restoreSegment(k, nn, steps, channelAt, segment, s, checkpoints[segment], restored);
                        loaded = segment;
                    }
                    apply(k, nn, step.inverse(), sigma); // Φ_j†
                    rho.copyFrom(restored[index - segment * s]);
                    continue;
                }
                backwardGate(k, n, step, theta, inputs, rho, sigma, mu, grad);
            }
            return new Gradient(value, grad);
        } finally {
            for (StateVector v : owned) {
                v.close();
            }
        }
    }

    private static StateVector own(List<StateVector> owned, StateVector v) {
        owned.add(v);
        return v;
    }

    /**
     * The circuit's gates and channels in order, each compiled once for this θ, x; with {@code fuser} each gate's
     * inverse pair (rows, columns) is fused into one pass ({@link Simulator#fuse}).
     */
    private static List<Step> steps(Circuit circuit, double[] theta, double[] inputs, Simulator fuser) {
        int n = circuit.numQubits();
        List<Operation> ops = circuit.operations();
        List<Circuit.ChannelSite> sites = circuit.channels();
        List<Step> out = new ArrayList<>(ops.size() + sites.size());
        int c = 0;
        for (int i = 0; i <= ops.size(); i++) {
            for (; c < sites.size() && sites.get(c).position() == i; c++) {
                out.add(new Step(null, new KernelOp[] {DensityMatrixSimulator.superoperatorOp(sites.get(c), n)},
                        new KernelOp[] {DensityMatrixSimulator.adjointSuperoperatorOp(sites.get(c), n)}, true));
            }
            if (i < ops.size()) {
                Operation op = ops.get(i);
                KernelOp u = Simulator.compile(op, op.angleValues(theta, inputs));
                Operation inv = op.inverse();
                KernelOp ui = Simulator.compile(inv, inv.angleValues(theta, inputs));
                List<KernelOp> inverse = List.of(ui, DensityMatrixSimulator.conjugateOnColumns(ui, n));
                out.add(new Step(op, new KernelOp[] {u, DensityMatrixSimulator.conjugateOnColumns(u, n)},
                        (fuser == null ? inverse : fuser.fuse(inverse)).toArray(KernelOp[]::new), false));
            }
        }
        return out;
    }

    /** Applies steps {@code from..to−1} to {@code v}, as one (fused when the simulator fuses) batch. */
    private void forward(StateKernel k, int nn, List<Step> steps, int from, int to, StateVector v) {
        if (from >= to) {
            return;
        }
        List<KernelOp> ops = new ArrayList<>();
        for (int j = from; j < to; j++) {
            ops.addAll(List.of(steps.get(j).forward()));
        }
        Simulator sim = dm.simulator();
        apply(k, nn, sim.fusion() && nn >= Simulator.FUSION_MIN_QUBITS ? sim.fuse(ops) : ops, v);
    }

    /** {@code restored[i]} ← ρ before channel {@code segment·s + i}, recomputed from the segment's checkpoint. */
    private void restoreSegment(StateKernel k, int nn, List<Step> steps, List<Integer> channelAt, int segment, int s,
            StateVector checkpoint, StateVector[] restored) {
        int first = segment * s;
        int last = Math.min(channelAt.size(), first + s) - 1;
        restored[0].copyFrom(checkpoint);
        for (int i = first + 1; i <= last; i++) {
            StateVector v = restored[i - first];
            v.copyFrom(restored[i - first - 1]);
            forward(k, nn, steps, channelAt.get(i - 1), channelAt.get(i), v);
        }
    }

    private static void apply(StateKernel k, int nn, KernelOp[] ops, StateVector v) {
        apply(k, nn, List.of(ops), v);
    }

    private static void apply(StateKernel k, int nn, List<KernelOp> ops, StateVector v) {
        MemorySegment seg = v.acquire();
        try {
            k.applyAll(seg, nn, ops);
        } finally {
            v.release();
        }
    }

    /**
     * At gate j, with {@code ρ = ρ_j} and {@code σ = σ_j}: adds the gate's angle derivatives to {@code grad}, then
     * un-applies the gate from both (ρ becomes ρ_{j−1}, σ becomes σ_{j−1} = Φ_j†(σ_j)).
     */
    private static void backwardGate(StateKernel k, int n, Step step, double[] theta, double[] inputs,
            StateVector rhoV, StateVector sigmaV, StateVector muV, double[] grad) {
        int nn = 2 * n;
        Operation op = step.op();
        MemorySegment[] held = StateVector.acquireAll(rhoV, sigmaV, muV);
        try {
            MemorySegment rho = held[0];
            MemorySegment sigma = held[1];
            MemorySegment mu = held[2];
            boolean pauli = op.isTrainable() && op.gate().family() == Gate.Family.PAULI_ROTATION;
            if (pauli) { // ∂f/∂α = Im <<σ_j | P_rows ρ_j>>
                long[] xz = op.pauliMasks();
                double im;
                if (op.controls().length > 0) {
                    mu.copyFrom(rho);
                    k.applyPauli(mu, nn, xz[0], xz[1]);
                    for (int c : op.controls()) {
                        k.applyDiagonal(mu, nn, new int[] {c}, PROJECT_ONE, 0);
                    }
                    im = k.inner(sigma, mu, nn)[1];
                } else {
                    im = k.innerPauli(sigma, rho, nn, xz[0], xz[1])[1];
                }
                op.angles()[0].forEachParam((p, coef) -> grad[p] += coef * im);
            }
            for (KernelOp inv : step.inverse()) {
                inv.applyTo(k, rho, nn); // ρ ← ρ_{j−1}
            }
            if (op.isTrainable() && !pauli) { // ∂f/∂α = 2 Re <<σ_j | (∂U ⊗ U*) ρ_{j−1}>>
                double[] angles = op.angleValues(theta, inputs);
                Angle[] exprs = op.angles();
                for (int a = 0; a < exprs.length; a++) {
                    if (!exprs[a].isTrainable()) {
                        continue;
                    }
                    mu.copyFrom(rho);
                    AdjointGradient.applyDerivative(k, nn, op, a, angles, mu); // on the row qubits
                    step.forward()[1].applyTo(k, mu, nn); // U* on the column qubits
                    double re = k.inner(sigma, mu, nn)[0];
                    exprs[a].forEachParam((p, coef) -> grad[p] += 2 * coef * re);
                }
            }
            for (KernelOp inv : step.inverse()) {
                inv.applyTo(k, sigma, nn); // σ ← U† σ U
            }
        } finally {
            StateVector.releaseAll(rhoV, sigmaV, muV);
        }
    }

    /**
     * {@code σ ← vec(O − c·I)}: each Pauli term applied to the row qubits of {@code vec(I)} (built in the scratch
     * vector) and added with its weight.
     */
    private static void vectorizedObservable(StateKernel k, int n, Observable o, StateVector sigmaV,
            StateVector scratchV) {
        int nn = 2 * n;
        MemorySegment[] held = StateVector.acquireAll(sigmaV, scratchV);
        try {
            MemorySegment sigma = held[0];
            MemorySegment t = held[1];
            long d = 1L << n;
            sigma.fill((byte) 0);
            for (Observable.Term term : o.terms()) {
                PauliString p = term.pauli();
                t.fill((byte) 0);
                for (long r = 0; r < d; r++) {
                    t.setAtIndex(JAVA_DOUBLE, 2 * (r | (r << n)), 1.0);
                }
                k.applyPauli(t, nn, p.xMask(), p.zMask());
                k.axpy(sigma, t, nn, term.weight(), 0);
            }
        } finally {
            StateVector.releaseAll(sigmaV, scratchV);
        }
    }
}
