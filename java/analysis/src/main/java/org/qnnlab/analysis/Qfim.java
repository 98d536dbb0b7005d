package org.qnnlab.analysis;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.qnnlab.sim.Angle;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Fusion;
import org.qnnlab.sim.Gate;
import org.qnnlab.sim.OffHeapBudget;
import org.qnnlab.sim.Operation;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.StateVector;
import org.qnnlab.sim.kernel.KernelOp;
import org.qnnlab.sim.kernel.StateKernel;
import org.qnnlab.train.Parallel;
import org.qnnlab.train.ThreadPolicy;

/**
 * The quantum Fisher information matrix (QFIM) of a pure parametrised state {@code |ψ(θ)> = U(θ, x)|0…0>}:
 * <pre>
 *   F_ij = 4 Re(⟨∂_iψ|∂_jψ⟩ − ⟨∂_iψ|ψ⟩⟨ψ|∂_jψ⟩)
 * </pre>
 * (four times the Fubini–Study metric; Meyer, "Fisher information in noisy intermediate-scale quantum applications",
 * Quantum 5, 539 (2021)). Its rank is the number of independent directions the state can move in; Larocca et al.,
 * "Theory of overparametrization in quantum neural networks", Nat. Comput. Sci. 3, 542 (2023), show that it
 * saturates, at most at the dimension of the dynamical Lie algebra, once the number of parameters M reaches the
 * overparametrization threshold M_c.
 *
 * <p>Algorithm: the state Jacobian {@code |∂_kψ>} in one forward sweep. For gate j with a trainable angle α the state
 * {@code (∂U_j/∂α)|φ_{j−1}>} is formed ({@code −(i/2)·P|φ_j>} for a Pauli rotation {@code exp(−iα/2·P)}; the
 * analytic {@link Gate#derivative} otherwise; projected onto the control subspace for controlled gates) and added,
 * times {@code ∂α/∂θ_k}, to the derivative state of every parameter θ_k in α (chain rule for shared and affine
 * parameters). Every later gate is applied to φ and to every derivative state in flight: O(M·G) gate applications for
 * G gates, M+2 states of memory, no repeated circuit runs. Runs of consecutive diagonal gates (Z rotations, phases,
 * CZ ladders) commute, so they reach the states in flight as their product, fused by {@link Fusion} for the kernel
 * (diagonals of at most 10 qubits, never a 2^n table), and their derivative states are formed at the end of the run.
 * The metric then takes M(M+1)/2 + M inner products. Small states (below 2^14 amplitudes, where kernels run
 * single-threaded) are spread over the available cores by state.
 */
public final class Qfim {

    /** Default relative eigenvalue tolerance for {@link #rank(double[][], double)}. */
    public static final double DEFAULT_TOLERANCE = 1e-8;

    /** Below this many qubits a state is too small for a thread hand-off to pay. */
    private static final int MIN_SPLIT_QUBITS = 8;
    /** Derivative states per tile side in the Gram matrix ⟨∂_iψ|∂_jψ⟩. */
    private static final int TILE = 8;

    private Qfim() {
    }

    /**
     * The QFIM {@code F_ij = 4 Re(⟨∂_iψ|∂_jψ⟩ − ⟨∂_iψ|ψ⟩⟨ψ|∂_jψ⟩)} for {@code |ψ(θ)> = U(θ, x)|0…0>}: an M×M
     * symmetric positive semidefinite matrix over the circuit's {@link Circuit#numParameters() parameters} (shared
     * and affine parameters by the chain rule; a declared but unused parameter gives a zero row).
     *
     * @param x data inputs; {@code null} means none
     * @throws IllegalArgumentException on a wrong θ or x length or a non-finite value (named), or if the M+2 states
     *     do not fit in the {@link OffHeapBudget} (naming the estimate and the limit)
     */
    public static double[][] compute(Simulator sim, Circuit circuit, double[] theta, double[] x) {
        return compute(sim, circuit, theta, x, true);
    }

    /**
     * The state Jacobian: M states {@code |∂_kψ> = ∂|ψ(θ, x)>/∂θ_k} (not normalised, not orthogonalised against ψ),
     * in parameter order. The caller closes them.
     *
     * @throws IllegalArgumentException as {@link #compute}
     */
    public static StateVector[] stateJacobian(Simulator sim, Circuit circuit, double[] theta, double[] x) {
        Sweep s = sweep(sim, circuit, theta, x, true);
        s.psi.close();
        return s.jacobian;
    }

    /**
     * The spectrum and rank of a QFIM at one point of a sweep.
     *
     * @param parameters M, the matrix size
     * @param rank the number of eigenvalues with {@code λ ≥ tolerance·λ_max} ({@link Spectra#rank(double[], double)})
     * @param eigenvalues all M eigenvalues, ascending
     * @param tolerance the relative tolerance used
     */
    public record Rank(int parameters, int rank, double[] eigenvalues, double tolerance) {
        /** Copies the eigenvalues. */
        public Rank {
            eigenvalues = eigenvalues.clone();
        }

        /** A copy of the eigenvalues, ascending. */
        @Override
        public double[] eigenvalues() {
            return eigenvalues.clone();
        }
    }

    /**
     * Eigenvalues (ascending) and rank of a QFIM: eigenvalues {@code λ ≥ relativeTolerance·λ_max} count (see
     * {@link Spectra}); {@link #DEFAULT_TOLERANCE} is the usual choice.
     *
     * @throws IllegalArgumentException if the matrix is not square, symmetric and finite, or the tolerance is outside
     *     [0, 1]
     */
    public static Rank rank(double[][] qfim, double relativeTolerance) {
        double[] ev = Spectra.symmetricEigenvalues(qfim);
        return new Rank(qfim.length, Spectra.rank(ev, relativeTolerance), ev, relativeTolerance);
    }

    /** {@link #rank(double[][], double)} at {@link #DEFAULT_TOLERANCE}. */
    public static Rank rank(double[][] qfim) {
        return rank(qfim, DEFAULT_TOLERANCE);
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** The final state, the M derivative states and which parameters occur in some gate. */
    private record Sweep(StateVector psi, StateVector[] jacobian, boolean[] used) {
    }

    /** {@link #compute} with diagonal-run fusion switched on or off (package-private: tests compare both). */
    static double[][] compute(Simulator sim, Circuit circuit, double[] theta, double[] x, boolean fuseDiagonals) {
        Sweep s = sweep(sim, circuit, theta, x, fuseDiagonals);
        try {
            return metric(sim.kernel(), s.psi, s.jacobian, s.used);
        } finally {
            s.psi.close();
            closeAll(s.jacobian);
        }
    }

    private static Sweep sweep(Simulator sim, Circuit circuit, double[] theta, double[] x, boolean fuseDiagonals) {
        Objects.requireNonNull(sim, "sim");
        Objects.requireNonNull(circuit, "circuit");
        double[] inputs = x == null ? new double[0] : x;
        circuit.checkBinding(theta, inputs);
        StateKernel k = sim.kernel();
        int n = circuit.numQubits();
        int m = circuit.numParameters();
        List<Operation> ops = circuit.operations();
        int g = ops.size();

        // Compile everything before allocating, so a bad angle changes nothing.
        KernelOp[] compiled = new KernelOp[g];
        KernelOp[][] derivatives = new KernelOp[g][];
        for (int j = 0; j < g; j++) {
            Operation op = ops.get(j);
            double[] angles = op.angleValues(theta, inputs);
            compiled[j] = Simulator.compile(op, angles);
            if (op.isTrainable() && op.gate().family() != Gate.Family.PAULI_ROTATION) {
                derivatives[j] = derivativeOps(op, angles);
            }
        }
        checkBudget(n, m);

        int threads = splitThreads(k, n);
        boolean fuse = fuseDiagonals;
        StateVector[] d = new StateVector[m];
        StateVector phi = null;
        boolean ok = false;
        try {
            for (int p = 0; p < m; p++) {
                d[p] = StateVector.zero(n);
            }
            phi = StateVector.zero(n);
            boolean[] used;
            try (StateVector muState = StateVector.zero(n)) {
                StateVector[] own = new StateVector[m + 2];
                System.arraycopy(d, 0, own, 0, m);
                own[m] = phi;
                own[m + 1] = muState;
                MemorySegment[] held = StateVector.acquireAll(own); // the sweep's own states, open until it ends
                try {
                    used = sweepGates(ops, compiled, derivatives, fuse, held[m], held[m + 1],
                            new InFlight(k, n, java.util.Arrays.copyOf(held, m), threads));
                } finally {
                    StateVector.releaseAll(own);
                }
            }
            ok = true;
            return new Sweep(phi, d, used);
        } finally {
            if (!ok) {
                closeAll(d);
                if (phi != null) {
                    phi.close();
                }
            }
        }
    }

    /**
     * Every gate in order on φ (from {@code |0…0>}) and the derivative states (from zero): runs of diagonal gates
     * fused when {@code fuse}, the others one by one.
     *
     * @return which derivative states received a contribution
     */
    private static boolean[] sweepGates(List<Operation> ops, KernelOp[] compiled, KernelOp[][] derivatives,
            boolean fuse, MemorySegment phi, MemorySegment mu, InFlight flight) {
        int g = ops.size();
        for (MemorySegment s : flight.states) {
            s.fill((byte) 0);
        }
        int j = 0;
        while (j < g) {
            int end = j + 1;
            if (fuse && compiled[j] instanceof KernelOp.Diagonal) {
                while (end < g && compiled[end] instanceof KernelOp.Diagonal) {
                    end++;
                }
            }
            if (end - j >= 2) {
                diagonalRun(ops, compiled, j, end, phi, mu, flight);
            } else {
                singleGate(ops.get(j), compiled[j], derivatives[j], phi, mu, flight);
            }
            j = end;
        }
        return flight.used;
    }

    /** One gate: advance the states in flight, then add its derivative states (chain rule) and advance φ. */
    private static void singleGate(Operation op, KernelOp gate, KernelOp[] derivatives, MemorySegment phi,
            MemorySegment mu, InFlight flight) {
        StateKernel k = flight.kernel;
        int n = flight.n;
        flight.forEachActive(s -> gate.applyTo(k, s, n));
        if (!op.isTrainable()) {
            gate.applyTo(k, phi, n);
            return;
        }
        Angle[] exprs = op.angles();
        if (op.gate().family() == Gate.Family.PAULI_ROTATION) {
            // ∂U/∂α |φ_{j−1}> = −(i/2)·P·U|φ_{j−1}> = −(i/2)·P|φ_j> (on the control subspace)
            gate.applyTo(k, phi, n);
            long[] xz = op.pauliMasks();
            mu.copyFrom(phi);
            k.applyPauli(mu, n, xz[0], xz[1]);
            projectOnControls(k, n, op, mu);
            exprs[0].forEachParam((p, coef) -> flight.add(p, mu, 0, -0.5 * coef));
            return;
        }
        for (int a = 0; a < exprs.length; a++) {
            if (!exprs[a].isTrainable()) {
                continue;
            }
            mu.copyFrom(phi); // φ_{j−1}: U_j is applied to φ after all its angles
            derivatives[a].applyTo(k, mu, n);
            projectOnControls(k, n, op, mu);
            exprs[a].forEachParam((p, coef) -> flight.add(p, mu, coef, 0));
        }
        gate.applyTo(k, phi, n);
    }

    /**
     * A run of consecutive diagonal gates {@code [from, to)}: they commute, so the states in flight and φ take their
     * product as one diagonal pass, and a trainable gate's derivative, {@code −i·G·Π_ctrl·U_j|φ_{j−1}>} with a
     * diagonal generator G ({@code Z}-type Pauli word / 2 or the phase projector), carried to the end of the run is
     * {@code −i·G·Π_ctrl|φ_end>}.
     */
    private static void diagonalRun(List<Operation> ops, KernelOp[] compiled, int from, int to, MemorySegment phi,
            MemorySegment mu, InFlight flight) {
        StateKernel k = flight.kernel;
        int n = flight.n;
        List<KernelOp> product = Fusion.fuse(java.util.Arrays.asList(compiled).subList(from, to), k.passCosts());
        flight.forEachActive(s -> k.applyAll(s, n, product));
        k.applyAll(phi, n, product);
        for (int j = from; j < to; j++) {
            Operation op = ops.get(j);
            if (!op.isTrainable()) {
                continue;
            }
            Angle a = op.angles()[0]; // diagonal parametric gates are single-angle Z rotations or phase gates
            mu.copyFrom(phi);
            if (op.gate().family() == Gate.Family.PAULI_ROTATION) {
                long[] xz = op.pauliMasks();
                k.applyPauli(mu, n, xz[0], xz[1]); // x = 0: a ±1 diagonal
                projectOnControls(k, n, op, mu);
                a.forEachParam((p, coef) -> flight.add(p, mu, 0, -0.5 * coef));
            } else {
                // phase gate: ∂/∂α diag(1, …, e^{iα}) = i·|1…1><1…1|·U on targets and controls
                int[] qs = op.allQubits();
                double[] proj = new double[2 << qs.length];
                proj[proj.length - 2] = 1;
                k.applyDiagonal(mu, n, qs, proj, 0);
                a.forEachParam((p, coef) -> flight.add(p, mu, 0, coef));
            }
        }
    }

    /** Threads to split per-state work over: the cores for small states, 1 where the kernel parallelises itself. */
    private static int splitThreads(StateKernel k, int n) {
        return n >= MIN_SPLIT_QUBITS && (n < ThreadPolicy.KERNEL_PARALLEL_QUBITS || k.threads() <= 1)
                ? ThreadPolicy.defaultThreads() : 1;
    }

    /** The M parameter-derivative states and which of them are in flight (have received a contribution). */
    private static final class InFlight {
        final StateKernel kernel;
        final int n;
        final MemorySegment[] states;
        final int threads;
        final boolean[] used;
        final int[] active;
        int count;

        InFlight(StateKernel kernel, int n, MemorySegment[] states, int threads) {
            this.kernel = kernel;
            this.n = n;
            this.states = states;
            this.threads = threads;
            this.used = new boolean[states.length];
            this.active = new int[states.length];
        }

        /** Runs {@code action} on every state in flight, split over the threads. */
        void forEachActive(java.util.function.Consumer<MemorySegment> action) {
            int c = count;
            if (c > 0) {
                Parallel.forEach(c, Math.min(threads, c), i -> action.accept(states[active[i]]));
            }
        }

        /** {@code D_p += (re + i·im)·μ}; from now on D_p is in flight. */
        void add(int p, MemorySegment mu, double re, double im) {
            if (!used[p]) {
                used[p] = true;
                active[count++] = p;
            }
            kernel.axpy(states[p], mu, n, re, im);
        }
    }

    /** The derivative {@code ∂U/∂α_a} of a non-Pauli-rotation gate per trainable angle (null for the others). */
    private static KernelOp[] derivativeOps(Operation op, double[] angles) {
        Gate gate = op.gate();
        Angle[] exprs = op.angles();
        int[] targets = op.targets();
        KernelOp[] out = new KernelOp[exprs.length];
        int dim = 1 << gate.numQubits();
        for (int a = 0; a < exprs.length; a++) {
            if (!exprs[a].isTrainable()) {
                continue;
            }
            double[] m = gate.derivative(a, angles);
            if (gate.isDiagonal()) {
                double[] diag = new double[2 * dim];
                for (int r = 0; r < dim; r++) {
                    diag[2 * r] = m[2 * (r * dim + r)];
                    diag[2 * r + 1] = m[2 * (r * dim + r) + 1];
                }
                out[a] = new KernelOp.Diagonal(targets, diag, 0);
            } else {
                out[a] = new KernelOp.Dense(targets, m, 0);
            }
        }
        return out;
    }

    /** {@code μ ← Π|μ>} with Π the projector onto all controls of {@code op} being |1> (outside it ∂U = 0). */
    private static void projectOnControls(StateKernel k, int n, Operation op, MemorySegment mu) {
        int[] controls = op.controls();
        if (controls.length == 0) {
            return;
        }
        double[] diag = new double[2 << controls.length];
        diag[diag.length - 2] = 1; // only the all-ones control pattern survives
        k.applyDiagonal(mu, n, controls, diag, 0);
    }

    /**
     * Refuses, before any allocation, a QFIM whose M+2 states (M derivatives, φ, one scratch) need more off-heap
     * memory than is free. Sweeps call it for their largest point first.
     *
     * @throws IllegalArgumentException naming the estimate, the limit and how to raise it
     */
    public static void checkBudget(int n, int m) {
        if (n < 1 || n > StateVector.MAX_QUBITS) {
            throw new IllegalArgumentException("qubit count " + n + " out of range; allowed: 1.."
                    + StateVector.MAX_QUBITS);
        }
        long per = OffHeapBudget.bytesFor(n);
        long need;
        try {
            need = Math.multiplyExact((long) m + 2, per);
        } catch (ArithmeticException e) {
            need = Long.MAX_VALUE;
        }
        OffHeapBudget.Limit limit = OffHeapBudget.limit();
        long free = Math.max(0, limit.bytes() - OffHeapBudget.inUse());
        if (need > free) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "QFIM of %d parameters on %d qubits needs %d states of 16·2^%d bytes = %s, but only %s of the "
                            + "%s off-heap limit (%s) is free; raise it with -D%s=<size> on a machine with enough "
                            + "memory, or use fewer parameters or qubits",
                    m, n, m + 2L, n, mib(need), mib(free), mib(limit.bytes()), limit.source(),
                    OffHeapBudget.MAX_MEMORY_PROPERTY));
        }
    }

    private static String mib(long bytes) {
        return bytes == Long.MAX_VALUE ? "more than 8 EiB" : String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    /** F from ψ and the Jacobian: M inner products ⟨ψ|∂_jψ⟩, M(M+1)/2 inner products ⟨∂_iψ|∂_jψ⟩. */
    private static double[][] metric(StateKernel k, StateVector psi, StateVector[] d, boolean[] used) {
        StateVector[] all = java.util.Arrays.copyOf(d, d.length + 1);
        all[d.length] = psi;
        MemorySegment[] held = StateVector.acquireAll(all);
        try {
            return metric(k, psi.numQubits(), held[d.length], java.util.Arrays.copyOf(held, d.length), used);
        } finally {
            StateVector.releaseAll(all);
        }
    }

    private static double[][] metric(StateKernel k, int n, MemorySegment psi, MemorySegment[] d, boolean[] used) {
        int m = d.length;
        int threads = splitThreads(k, n);
        double[] gRe = new double[m];
        double[] gIm = new double[m];
        Parallel.forEach(m, Math.max(1, Math.min(threads, m)), j -> {
            if (used[j]) {
                double[] z = k.inner(psi, d[j], n);
                gRe[j] = z[0];
                gIm[j] = z[1];
            }
        });
        double[][] f = new double[m][m];
        // B×B tiles of (i, j ≥ i): each tile reads 2B states for B² inner products, which keeps them in cache
        int blocks = (m + TILE - 1) / TILE;
        int tiles = blocks * (blocks + 1) / 2;
        int[] tileRow = new int[tiles];
        int[] tileCol = new int[tiles];
        for (int bi = 0, t = 0; bi < blocks; bi++) {
            for (int bj = bi; bj < blocks; bj++, t++) {
                tileRow[t] = bi;
                tileCol[t] = bj;
            }
        }
        Parallel.forEach(tiles, Math.max(1, Math.min(threads, tiles)), t -> {
            int i0 = tileRow[t] * TILE;
            int j0 = tileCol[t] * TILE;
            for (int i = i0; i < Math.min(m, i0 + TILE); i++) {
                if (!used[i]) {
                    continue;
                }
                for (int j = Math.max(i, j0); j < Math.min(m, j0 + TILE); j++) {
                    if (!used[j]) {
                        continue;
                    }
                    // Re(⟨∂_iψ|ψ⟩⟨ψ|∂_jψ⟩) = Re(conj(g_i)·g_j)
                    double re = k.inner(d[i], d[j], n)[0];
                    double v = 4 * (re - (gRe[i] * gRe[j] + gIm[i] * gIm[j]));
                    f[i][j] = v;
                    f[j][i] = v;
                }
            }
        });
        return f;
    }

    private static void closeAll(StateVector[] states) {
        for (StateVector s : states) {
            if (s != null) {
                s.close();
            }
        }
    }
}
