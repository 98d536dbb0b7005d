package org.qnnlab.sim.noise;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Operation;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.kernel.KernelOp;
import org.qnnlab.sim.kernel.StateKernel;

/**
 * Exact simulation of noisy circuits on density matrices ({@link DensityMatrix}: ρ as a 2n-qubit vector), on any
 * kernel.
 *
 * <p>A circuit is compiled into one list of {@link KernelOp}s on 2n qubits: each gate, compiled as the state-vector
 * {@link Simulator} compiles it, becomes the op itself on the row qubits and its complex conjugate on the column
 * qubits {@code qs + n} (controls shifted alike; a Pauli rotation's conjugate is the same rotation with the angle
 * negated unless the string has an odd number of Y); each channel becomes its cached superoperator as a dense op on
 * {@code qs ∪ (qs + n)}. The list is fused by the simulator's {@link org.qnnlab.sim.Fusion} like any state-vector
 * program (when the simulator fuses and 2n ≥ {@value Simulator#FUSION_MIN_QUBITS}) and handed to the kernel in one
 * batch, so the scalar, vector and native kernels all serve it unchanged.
 *
 * <p>Thread-safe as the underlying simulator; distinct density matrices may be simulated concurrently.
 */
public final class DensityMatrixSimulator {

    private final Simulator simulator;

    /** A density-matrix simulator on {@code simulator}'s kernel and fusion settings. */
    public DensityMatrixSimulator(Simulator simulator) {
        this.simulator = Objects.requireNonNull(simulator, "simulator");
    }

    /** A density-matrix simulator on the default kernel. */
    public static DensityMatrixSimulator create() {
        return new DensityMatrixSimulator(Simulator.create());
    }

    /** The state-vector simulator whose kernel and settings this one uses. */
    public Simulator simulator() {
        return simulator;
    }

    /**
     * The kernel operations on the 2n-qubit vector that evolve ρ through {@code circuit} (gates and channels) at
     * θ, x, fused as described in the class comment.
     *
     * @throws IllegalArgumentException on a binding mismatch or a non-finite angle
     */
    public List<KernelOp> program(Circuit circuit, double[] theta, double[] x) {
        circuit.checkBinding(theta, x);
        int n = circuit.numQubits();
        List<Operation> ops = circuit.operations();
        List<Circuit.ChannelSite> sites = circuit.channels();
        List<KernelOp> out = new ArrayList<>(2 * ops.size() + sites.size());
        int c = 0;
        for (int i = 0; i <= ops.size(); i++) {
            for (; c < sites.size() && sites.get(c).position() == i; c++) {
                out.add(superoperatorOp(sites.get(c), n));
            }
            if (i < ops.size()) {
                Operation op = ops.get(i);
                KernelOp k = Simulator.compile(op, op.angleValues(theta, x));
                out.add(k);
                out.add(conjugateOnColumns(k, n));
            }
        }
        return simulator.fusion() && 2 * n >= Simulator.FUSION_MIN_QUBITS ? simulator.fuse(out) : out;
    }

    /**
     * Runs {@code circuit} (gates and channels) from {@code |0…0><0…0|}; the caller closes the result.
     *
     * @throws IllegalArgumentException on a binding mismatch or a density matrix of too many qubits
     * @throws IllegalStateException if the density matrix does not fit in memory (naming the estimate)
     */
    public DensityMatrix run(Circuit circuit, double[] theta, double[] x) {
        DensityMatrix.checkFits(circuit.numQubits()); // before compiling: the cheaper refusal first
        List<KernelOp> ops = program(circuit, theta, x);
        DensityMatrix rho = DensityMatrix.zero(circuit.numQubits());
        try {
            applyAll(rho, ops);
        } catch (RuntimeException | Error e) {
            rho.close();
            throw e;
        }
        return rho;
    }

    /** Runs {@code noise.apply(circuit)} from {@code |0…0><0…0|} (readout errors act only when sampling). */
    public DensityMatrix run(Circuit circuit, double[] theta, double[] x, NoiseModel noise) {
        return run(noise.apply(circuit), theta, x);
    }

    /**
     * Evolves {@code rho} in place through {@code circuit}.
     *
     * @throws IllegalArgumentException if the sizes or the binding do not match (ρ is then unchanged)
     */
    public void apply(Circuit circuit, double[] theta, double[] x, DensityMatrix rho) {
        if (circuit.numQubits() != rho.numQubits()) {
            throw new IllegalArgumentException("circuit has " + circuit.numQubits() + " qubits but the density "
                    + "matrix has " + rho.numQubits());
        }
        applyAll(rho, program(circuit, theta, x));
    }

    /** The exact {@code Tr(ρO)} after {@code circuit} (the density matrix is freed afterwards). */
    public double expectation(Circuit circuit, double[] theta, double[] x, Observable observable) {
        if (observable.maxQubit() >= circuit.numQubits()) { // before the run, which may be long
            throw new IllegalArgumentException("observable acts on qubit " + observable.maxQubit() + " but the "
                    + "circuit has " + circuit.numQubits() + " qubits (allowed qubits 0.."
                    + (circuit.numQubits() - 1) + ")");
        }
        try (DensityMatrix rho = run(circuit, theta, x)) {
            return rho.expectation(observable);
        }
    }

    /** The exact {@code Tr(ρO)} after {@code noise.apply(circuit)}. */
    public double expectation(Circuit circuit, double[] theta, double[] x, NoiseModel noise, Observable observable) {
        return expectation(noise.apply(circuit), theta, x, observable);
    }

    private void applyAll(DensityMatrix rho, List<KernelOp> ops) {
        StateKernel kernel = simulator.kernel();
        var vec = rho.vectorized();
        MemorySegment s = vec.acquire();
        try {
            kernel.applyAll(s, vec.numQubits(), ops);
        } finally {
            vec.release();
        }
    }

    /**
     * The channel of {@code site} as one dense kernel operation on the 2n-qubit vector of an n-qubit density
     * matrix: its superoperator on the row qubits {@code qs} then the column qubits {@code qs + n} (the channel's
     * layout, see {@link Channel}).
     */
    public static KernelOp superoperatorOp(Circuit.ChannelSite site, int n) {
        return channelOp(site, n, site.channel().superoperatorShared());
    }

    /**
     * The Heisenberg-picture (adjoint) channel {@code O → Σ K†OK} of {@code site} as one dense kernel operation on
     * the 2n-qubit vector {@code vec(O)}, on the same qubits as {@link #superoperatorOp}: the conjugate transpose of
     * the superoperator ({@link Channel#adjointSuperoperator()}).
     */
    public static KernelOp adjointSuperoperatorOp(Circuit.ChannelSite site, int n) {
        return channelOp(site, n, site.channel().adjointSuperoperatorShared());
    }

    private static KernelOp channelOp(Circuit.ChannelSite site, int n, double[] matrix) {
        int[] qs = site.qubits();
        int k = qs.length;
        int[] targets = new int[2 * k];
        for (int j = 0; j < k; j++) {
            targets[j] = qs[j];
            targets[k + j] = qs[j] + n;
        }
        return new KernelOp.Dense(targets, matrix, 0);
    }

    /**
     * {@code op}'s complex conjugate on qubits shifted up by n (its controls too): with {@code op} = U on the row
     * qubits, the pair applies {@code ρ → UρU†} to the 2n-qubit vector of an n-qubit density matrix.
     *
     * @throws IllegalArgumentException for a cache-blocked pass
     */
    public static KernelOp conjugateOnColumns(KernelOp op, int n) {
        return switch (op) {
            case KernelOp.Dense d -> new KernelOp.Dense(shift(d.qubits(), n), conjugate(d.matrix()), d.ctrl() << n);
            case KernelOp.Diagonal d -> new KernelOp.Diagonal(shift(d.qubits(), n), conjugate(d.diagonal()),
                    d.ctrl() << n);
            // conj(exp(−iθ/2·P)) = exp(iθ/2·P*) and P* = (−1)^{#Y}·P
            case KernelOp.PauliRotation r -> new KernelOp.PauliRotation(r.x() << n, r.z() << n,
                    (Long.bitCount(r.x() & r.z()) & 1) == 1 ? r.theta() : -r.theta(), r.ctrl() << n);
            case KernelOp.Blocked b -> throw new IllegalArgumentException("a cache-blocked pass cannot be conjugated; "
                    + "allowed: compiled gates");
        };
    }

    private static int[] shift(int[] qs, int n) {
        int[] out = new int[qs.length];
        for (int i = 0; i < qs.length; i++) {
            out[i] = qs[i] + n;
        }
        return out;
    }

    private static double[] conjugate(double[] m) {
        double[] c = m.clone();
        for (int i = 1; i < c.length; i += 2) {
            c[i] = -c[i];
        }
        return c;
    }
}
