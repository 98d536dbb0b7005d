package org.qnnlab.train;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.qnnlab.sim.Angle;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Gate;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Operation;
import org.qnnlab.sim.PauliString;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.StateVector;
import org.qnnlab.sim.kernel.KernelOp;
import org.qnnlab.sim.kernel.StateKernel;

/**
 * Adjoint differentiation (Jones and Gacon, "Efficient calculation of gradients in classical simulations of
 * variational quantum algorithms", arXiv:2009.02823): one forward pass, then one backward sweep that un-applies each
 * gate from two states, {@code φ = U_{j+1}†…U_M†|ψ>} and {@code λ = U_{j+1}†…U_M† O|ψ>}, with
 * {@code ∂f/∂α_j = 2 Re <λ| ∂U_j/∂α_j |φ_{j−1}>} for every angle {@code α_j} of gate j. Three extra states, about
 * three state passes per trainable gate, exact to rounding.
 *
 * <p>Angles are affine in θ ({@link Angle}), so each gate-angle derivative reaches every parameter in it by the chain
 * rule ({@code ∂α/∂θ_k} is the coefficient). States of 16 qubits and more are swept cache-blocked
 * ({@link BlockedSweep}): runs of gates that stay within blocks of 2^13 amplitudes are un-applied block by block.
 * Pauli rotations use {@code ∂U/∂α = −(i/2)·P·U} (any number of qubits); other gates use their analytic derivative
 * matrix ({@link Gate#derivative}). For a controlled gate the derivative vanishes outside the control subspace, so
 * the result is projected onto it.
 */
public final class AdjointGradient implements GradientMethod {

    private static final double[] PROJECT_ONE = {0, 0, 1, 0}; // diag(0, 1): keeps the |1> half of a control qubit

    private final Simulator sim;

    private final int blockQubits;
    private final int minBlockedQubits;
    private final int minFusedQubits;

    /** Adjoint gradients on {@code sim}'s kernel. */
    public AdjointGradient(Simulator sim) {
        this(sim, BlockedSweep.BLOCK_QUBITS, BlockedSweep.MIN_QUBITS);
    }

    /**
     * With explicit cache blocking (tests exercise it on small states): states of at least {@code minBlockedQubits}
     * qubits are swept in blocks of {@code 2^blockQubits} amplitudes ({@link BlockedSweep}).
     */
    AdjointGradient(Simulator sim, int blockQubits, int minBlockedQubits) {
        this(sim, blockQubits, minBlockedQubits, Simulator.FUSION_MIN_QUBITS);
    }

    /**
     * With explicit thresholds (tests): as above, and runs of non-trainable operations un-applied fused from
     * {@code minFusedQubits} qubits when {@code sim} fuses ({@link #fuseFixedRuns}).
     */
    AdjointGradient(Simulator sim, int blockQubits, int minBlockedQubits, int minFusedQubits) {
        this.sim = sim;
        this.blockQubits = blockQubits;
        this.minBlockedQubits = minBlockedQubits;
        this.minFusedQubits = minFusedQubits;
    }

    @Override
    public String name() {
        return "adjoint";
    }

    @Override
    public Gradient gradient(Circuit circuit, double[] theta, double[] x, Observable observable) {
        Jacobian j = jacobian(circuit, theta, x, List.of(observable));
        return new Gradient(j.values()[0], j.rows()[0]);
    }

    /**
     * Values and gradients of several observables on one circuit run: one forward pass and one backward sweep that
     * carries one adjoint state per observable, so K observables cost one φ pass plus K λ passes per gate rather than
     * K full gradients.
     *
     * @return row i holds {@code ∇_θ <O_i>}; {@code values()[i] = <O_i>}
     * @throws IllegalArgumentException as {@link #gradient} does, or if the list is empty
     */
    public Jacobian jacobian(Circuit circuit, double[] theta, double[] x, List<Observable> observables) {
        double[] inputs = x == null ? new double[0] : x;
        if (observables.isEmpty()) {
            throw new IllegalArgumentException("no observables; allowed: one or more");
        }
        for (Observable o : observables) {
            Checks.check(circuit, theta, inputs, o);
        }
        StateKernel k = sim.kernel();
        int n = circuit.numQubits();
        int nobs = observables.size();
        double[] values = new double[nobs];
        double[][] grad = new double[nobs][circuit.numParameters()];
        StateVector[] lambdaStates = new StateVector[nobs];
        try (StateVector phiState = sim.run(circuit, theta, inputs); StateVector muState = StateVector.zero(n)) {
            for (int i = 0; i < nobs; i++) {
                lambdaStates[i] = StateVector.zero(n);
            }
            StateVector[] own = new StateVector[nobs + 2];
            own[0] = phiState;
            own[1] = muState;
            System.arraycopy(lambdaStates, 0, own, 2, nobs);
            MemorySegment[] held = StateVector.acquireAll(own); // the sweep's own states, open until it ends
            try {
                MemorySegment phi = held[0];
                MemorySegment mu = held[1];
                MemorySegment[] lambdas = java.util.Arrays.copyOfRange(held, 2, held.length);
                for (int i = 0; i < nobs; i++) {
                    values[i] = observables.get(i).expectation(k, phiState);
                    applyObservable(k, n, observables.get(i), phi, lambdas[i], mu);
                }
                sweep(k, n, circuit, theta, inputs, phi, lambdas, mu, grad);
            } finally {
                StateVector.releaseAll(own);
            }
            return new Jacobian(values, grad);
        } finally {
            for (StateVector lambda : lambdaStates) {
                if (lambda != null) {
                    lambda.close();
                }
            }
        }
    }

    /** The backward sweep over every operation, gate by gate or cache-blocked. */
    private void sweep(StateKernel k, int n, Circuit circuit, double[] theta, double[] inputs, MemorySegment phi,
            MemorySegment[] lambdas, MemorySegment mu, double[][] grad) {
        List<Operation> ops = circuit.operations();
        int m = blockQubits;
        boolean blocked = n >= minBlockedQubits && n > m;
        KernelOp[] inv = compileInverses(ops, theta, inputs); // once per call: no per-gate validation garbage
        if (sim.fusion() && n >= minFusedQubits) {
            List<Operation> steps = new java.util.ArrayList<>(ops.size());
            List<KernelOp> stepInverses = new java.util.ArrayList<>(ops.size());
            fuseFixedRuns(ops, inv, sim, steps, stepInverses);
            ops = steps;
            inv = stepInverses.toArray(KernelOp[]::new);
        }
        int j = ops.size() - 1;
        while (j >= 0) {
            long mix = blocked ? BlockedSweep.mixing(ops.get(j), inv[j]) : -1;
            if (BlockedSweep.fits(mix, m)) {
                int from = j;
                while (from > 0) {
                    long more = BlockedSweep.mixing(ops.get(from - 1), inv[from - 1]);
                    if (more < 0 || !BlockedSweep.fits(mix | more, m)) {
                        break;
                    }
                    mix |= more;
                    from--;
                }
                BlockedSweep.run(k, n, BlockedSweep.blockMask(mix, m), ops, inv, from, j, phi, lambdas, grad,
                        Math.max(1, k.threads()));
                j = from - 1;
                continue;
            }
            backwardStep(k, n, ops.get(j), inv[j], theta, inputs, phi, lambdas, mu, grad);
            j--;
        }
    }

    /**
     * The sweep's steps with every run of consecutive non-trainable operations un-applied as its fused inverse
     * ({@link Simulator#fuse}, for the kernel's pass costs): a CZ ladder becomes one or two diagonal passes per state instead
     * of one per CZ. A fused step keeps the run's first operation as its (non-trainable) representative, which the
     * sweep reads only for {@link Operation#isTrainable()}; steps are listed in circuit order, so the sweep, walking
     * backwards, applies a run's fused inverses first to last.
     */
    private static void fuseFixedRuns(List<Operation> ops, KernelOp[] inv, Simulator sim, List<Operation> steps,
            List<KernelOp> stepInverses) {
        int j = 0;
        while (j < ops.size()) {
            if (ops.get(j).isTrainable()) {
                steps.add(ops.get(j));
                stepInverses.add(inv[j]);
                j++;
                continue;
            }
            int end = j;
            while (end < ops.size() && !ops.get(end).isTrainable()) {
                end++;
            }
            List<KernelOp> backward = new java.util.ArrayList<>(end - j);
            for (int i = end - 1; i >= j; i--) {
                backward.add(inv[i]);
            }
            List<KernelOp> fused = sim.fuse(backward);
            for (int i = fused.size() - 1; i >= 0; i--) {
                steps.add(ops.get(j));
                stepInverses.add(fused.get(i));
            }
            j = end;
        }
    }

    /** Un-applies operation {@code op} from φ and every λ, adding its angles' derivatives to {@code grad}. */
    private void backwardStep(StateKernel k, int n, Operation op, KernelOp inverse, double[] theta, double[] inputs,
            MemorySegment phi, MemorySegment[] lambdas, MemorySegment mu, double[][] grad) {
        int nobs = lambdas.length;
        if (op.isTrainable() && op.gate().family() == Gate.Family.PAULI_ROTATION) {
            // ∂U/∂α·φ_{j−1} = −(i/2)·P·φ_j, so 2 Re<λ|∂U φ_{j−1}> = Im<λ|P|φ_j>: no rotation pass needed
            boolean controlled = op.controls().length > 0;
            long[] xz = op.pauliMasks();
            if (controlled) {
                mu.copyFrom(phi);
                applyPauliOnControls(k, n, op, mu);
            }
            for (int i = 0; i < nobs; i++) {
                double im = controlled
                        ? k.inner(lambdas[i], mu, n)[1]
                        : k.innerPauli(lambdas[i], phi, n, xz[0], xz[1])[1];
                double[] row = grad[i];
                op.angles()[0].forEachParam((p, coef) -> row[p] += coef * im);
            }
            inverse.applyTo(k, phi, n);
            for (MemorySegment lambda : lambdas) {
                inverse.applyTo(k, lambda, n);
            }
            return;
        }
        inverse.applyTo(k, phi, n); // φ is now the state before the gate
        if (op.isTrainable()) {
            double[] angles = op.angleValues(theta, inputs);
            Angle[] exprs = op.angles();
            for (int a = 0; a < exprs.length; a++) {
                if (!exprs[a].isTrainable()) {
                    continue;
                }
                mu.copyFrom(phi);
                applyDerivative(k, n, op, a, angles, mu);
                for (int i = 0; i < nobs; i++) {
                    double re = k.inner(lambdas[i], mu, n)[0];
                    double[] row = grad[i];
                    exprs[a].forEachParam((p, coef) -> row[p] += 2 * coef * re);
                }
            }
        }
        for (MemorySegment lambda : lambdas) {
            inverse.applyTo(k, lambda, n);
        }
    }

    private static KernelOp[] compileInverses(List<Operation> ops, double[] theta, double[] inputs) {
        KernelOp[] inv = new KernelOp[ops.size()];
        for (int j = 0; j < inv.length; j++) {
            Operation o = ops.get(j).inverse();
            inv[j] = Simulator.compile(o, o.angleValues(theta, inputs));
        }
        return inv;
    }

    /** {@code λ = O|ψ>} without the constant term (it adds {@code c·d<ψ|ψ>/dθ = 0} to every derivative). */
    private static void applyObservable(StateKernel k, int n, Observable o, MemorySegment psi, MemorySegment lambda,
            MemorySegment scratch) {
        lambda.fill((byte) 0);
        for (Observable.Term t : o.terms()) {
            PauliString p = t.pauli();
            scratch.copyFrom(psi);
            k.applyPauli(scratch, n, p.xMask(), p.zMask());
            k.axpy(lambda, scratch, n, t.weight(), 0);
        }
    }

    /** {@code μ ← Π_ctrl·P·μ}: the Pauli string of rotation {@code op}, projected onto its control subspace. */
    private static void applyPauliOnControls(StateKernel k, int n, Operation op, MemorySegment mu) {
        long[] xz = op.pauliMasks();
        k.applyPauli(mu, n, xz[0], xz[1]);
        for (int c : op.controls()) {
            k.applyDiagonal(mu, n, new int[] {c}, PROJECT_ONE, 0);
        }
    }

    /** {@code μ ← (∂U/∂α_a) μ} for operation {@code op} at its angle values. */
    static void applyDerivative(StateKernel k, int n, Operation op, int a, double[] angles, MemorySegment mu) {
        Gate g = op.gate();
        long ctrl = op.controlMask();
        int[] targets = op.targets();
        if (g.family() == Gate.Family.PAULI_ROTATION) {
            // ∂/∂α exp(−iα/2·P) = −(i/2)·P·exp(−iα/2·P)
            long[] xz = op.pauliMasks();
            long xm = xz[0];
            long zm = xz[1];
            k.applyPauliRotation(mu, n, xm, zm, angles[0], ctrl);
            k.applyPauli(mu, n, xm, zm);
            k.scale(mu, n, 0, -0.5);
        } else {
            k.applyMatrix(mu, n, targets, g.derivative(a, angles), ctrl);
        }
        // Outside the control subspace U is the identity, whose derivative is zero.
        for (int c : op.controls()) {
            k.applyDiagonal(mu, n, new int[] {c}, PROJECT_ONE, 0);
        }
    }
}
