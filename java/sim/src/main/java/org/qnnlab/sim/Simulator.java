package org.qnnlab.sim;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.qnnlab.sim.kernel.KernelOp;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.kernel.Kernels;
import org.qnnlab.sim.kernel.StateKernel;

/**
 * The validating facade over a {@link StateKernel}: runs circuits and gates on {@link StateVector}s.
 *
 * <p>Every entry point checks its input (qubit ranges and counts, parameter and input counts, finite angles) and
 * compiles the whole circuit before it touches the state, so a bad call changes nothing. Kernels trust what they
 * get from here. Thread-safe when the kernel is (all qnnlab kernels are); distinct states may be simulated
 * concurrently.
 */
public final class Simulator {

    /** System property turning gate fusion off ({@code -Dqnnlab.fusion=off}); on by default. */
    public static final String FUSION_PROPERTY = "qnnlab.fusion";

    /**
     * States below this many qubits run unfused: a pass over them costs about as much as fusing a gate, so fusion
     * would not pay (bench/README, "Fusion").
     */
    public static final int FUSION_MIN_QUBITS = 14;

    /**
     * System property setting the cache-block size in qubits ({@code -Dqnnlab.cacheBlockQubits=14}); {@code 0}, the
     * default, turns cache blocking off. Off by default because it did not pay on the reference machine: there the
     * fused passes are compute-bound, a block in L2 runs no faster per amplitude than the state in L3 or DRAM
     * (bench/README, "Cache blocking").
     */
    public static final String CACHE_BLOCK_PROPERTY = "qnnlab.cacheBlockQubits";

    /** The smallest cache block: below this a block's operations cost more in calls than the pass saves. */
    public static final int MIN_CACHE_BLOCK_QUBITS = 6;

    /** The largest cache block: 2^24 amplitudes (256 MiB), beyond any cache. */
    public static final int MAX_CACHE_BLOCK_QUBITS = 24;

    private final StateKernel kernel;
    private final boolean fusion;
    private final int cacheBlockQubits;

    /** A simulator over {@code kernel}, fusing gates unless {@code -Dqnnlab.fusion=off}. */
    public Simulator(StateKernel kernel) {
        this(kernel, fusionDefault(), cacheBlockDefault());
    }

    private Simulator(StateKernel kernel, boolean fusion, int cacheBlockQubits) {
        this.kernel = java.util.Objects.requireNonNull(kernel, "kernel");
        this.fusion = fusion;
        this.cacheBlockQubits = checkCacheBlock(cacheBlockQubits, "cache block of " + cacheBlockQubits + " qubits");
    }

    private static int cacheBlockDefault() {
        String v = System.getProperty(CACHE_BLOCK_PROPERTY, "0").strip();
        try {
            return checkCacheBlock(Integer.parseInt(v), "-D" + CACHE_BLOCK_PROPERTY + "=" + v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + CACHE_BLOCK_PROPERTY + "=" + v + " is not allowed; allowed: "
                    + "0 (off) or " + MIN_CACHE_BLOCK_QUBITS + ".." + MAX_CACHE_BLOCK_QUBITS);
        }
    }

    private static int checkCacheBlock(int b, String what) {
        if (b != 0 && (b < MIN_CACHE_BLOCK_QUBITS || b > MAX_CACHE_BLOCK_QUBITS)) {
            throw new IllegalArgumentException(what + " is not allowed; allowed: 0 (off) or "
                    + MIN_CACHE_BLOCK_QUBITS + ".." + MAX_CACHE_BLOCK_QUBITS);
        }
        return b;
    }

    private static boolean fusionDefault() {
        String v = System.getProperty(FUSION_PROPERTY, "on").strip();
        return switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw new IllegalArgumentException("-D" + FUSION_PROPERTY + "=" + v + " is not allowed; "
                    + "allowed: on, off");
        };
    }

    /** This simulator with gate fusion ({@link Fusion}) on or off for whole circuits. */
    public Simulator withFusion(boolean on) {
        return on == fusion ? this : new Simulator(kernel, on, cacheBlockQubits);
    }

    /**
     * This simulator with cache blocking ({@link CacheBlocking}) in blocks of {@code qubits} qubits, or off for 0. It
     * applies to fused programs of states with at least two qubits more than a block.
     *
     * @throws IllegalArgumentException unless {@code qubits} is 0 or in
     *     {@value #MIN_CACHE_BLOCK_QUBITS}..{@value #MAX_CACHE_BLOCK_QUBITS}
     */
    public Simulator withCacheBlocking(int qubits) {
        return qubits == cacheBlockQubits ? this : new Simulator(kernel, fusion, qubits);
    }

    /** The cache-block size in qubits, 0 when cache blocking is off. */
    public int cacheBlockQubits() {
        return cacheBlockQubits;
    }

    /** True if whole circuits run fused ({@link #program}). */
    public boolean fusion() {
        return fusion;
    }

    /**
     * The kernel operations this simulator runs for a circuit at θ, x: {@link #compile(Circuit, double[], double[])},
     * fused for this kernel's pass costs when fusion is on and the state has at least {@value #FUSION_MIN_QUBITS}
     * qubits, then cache-blocked if that is on ({@link #withCacheBlocking}). Validates as {@code compile}.
     */
    public List<KernelOp> program(Circuit circuit, double[] theta, double[] x) {
        List<KernelOp> ops = compile(circuit, theta, x);
        int n = circuit.numQubits();
        if (!fusion || n < FUSION_MIN_QUBITS) {
            return ops;
        }
        List<KernelOp> fused = fuse(ops);
        int b = cacheBlockQubits;
        return b > 0 && n >= b + 2 ? CacheBlocking.block(fused, n, b) : fused;
    }

    /**
     * A fused program may hold at most this many times the memory of the unfused one (above
     * {@link #FUSED_MEMORY_FLOOR}); past it {@link #program} runs the circuit unfused. Fusion replaces k one-qubit
     * gates by a 2^k × 2^k matrix and a run of diagonals by a table of up to 2^10 entries, so an adversarial circuit
     * could otherwise grow 10^3-fold; the HEA's fused program is 4–7 times its gates.
     */
    public static final int FUSED_MEMORY_FACTOR = 16;

    /** Programs up to this many bytes are fused whatever the factor (1 MiB). */
    public static final long FUSED_MEMORY_FLOOR = 1L << 20;

    /** The heap bytes of a program's operations: their tables, qubit lists and object headers (approximate). */
    static long bytes(List<KernelOp> ops) {
        long total = 0;
        for (KernelOp op : ops) {
            total += switch (op) {
                case KernelOp.Dense d -> 64 + 8L * d.matrix().length + 4L * d.qubits().length;
                case KernelOp.Diagonal d -> 64 + 8L * d.diagonal().length + 4L * d.qubits().length;
                case KernelOp.PauliRotation r -> 48;
                case KernelOp.Blocked bl -> 48 + bytes(bl.ops());
            };
        }
        return total;
    }

    /**
     * {@code ops} fused for this simulator's kernel ({@link Fusion}, its pass costs), or {@code ops} itself when the
     * fused list would hold more than {@value #FUSED_MEMORY_FACTOR} times their memory (above
     * {@link #FUSED_MEMORY_FLOOR}). Whether fusion is on is the caller's decision ({@link #fusion()}).
     */
    public List<KernelOp> fuse(List<KernelOp> ops) {
        List<KernelOp> fused = Fusion.fuse(ops, kernel.passCosts());
        return bytes(fused) > Math.max(FUSED_MEMORY_FACTOR * bytes(ops), FUSED_MEMORY_FLOOR) ? ops : fused;
    }

    /** A simulator over the default kernel (fastest usable, or {@code -Dqnnlab.kernel}). */
    public static Simulator create() {
        return new Simulator(Kernels.defaultKernel());
    }

    /** A simulator over the forced kernel {@code type} with {@code threads} threads. */
    public static Simulator create(KernelType type, int threads) {
        return new Simulator(Kernels.create(type, threads));
    }

    /** The kernel doing the work. */
    public StateKernel kernel() {
        return kernel;
    }

    /** Runs a circuit without data inputs from {@code |0…0>} and returns the final state (caller closes it). */
    public StateVector run(Circuit circuit, double[] theta) {
        return run(circuit, theta, new double[0]);
    }

    /** Runs a circuit from {@code |0…0>} at parameters θ and inputs x; the caller closes the returned state. */
    public StateVector run(Circuit circuit, double[] theta, double[] x) {
        List<KernelOp> ops = program(circuit, theta, x);
        StateVector s = StateVector.zero(circuit.numQubits());
        try {
            applyAll(s, ops);
        } catch (RuntimeException | Error e) {
            s.close();
            throw e;
        }
        return s;
    }

    /** {@code <ψ(θ, x)|O|ψ(θ, x)>} for the circuit run from {@code |0…0>} (the state is freed afterwards). */
    public double expectation(Circuit circuit, double[] theta, double[] x, Observable observable) {
        try (StateVector psi = run(circuit, theta, x)) {
            return observable.expectation(kernel, psi);
        }
    }

    /**
     * Applies a circuit to {@code state} in place.
     *
     * @throws IllegalArgumentException if sizes or bindings do not match (the state is unchanged)
     */
    public void apply(Circuit circuit, double[] theta, double[] x, StateVector state) {
        checkQubits(circuit.numQubits(), state);
        List<KernelOp> ops = program(circuit, theta, x);
        applyAll(state, ops);
    }

    /** Runs the kernel on the state's buffer while holding the state open. */
    private void applyAll(StateVector state, List<KernelOp> ops) {
        MemorySegment s = state.acquire();
        try {
            kernel.applyAll(s, state.numQubits(), ops);
        } finally {
            state.release();
        }
    }

    private void apply(StateVector state, KernelOp op) {
        MemorySegment s = state.acquire();
        try {
            op.applyTo(kernel, s, state.numQubits());
        } finally {
            state.release();
        }
    }

    /** Applies one operation (its angles bound at θ, x) to {@code state}. */
    public void apply(Operation op, double[] theta, double[] x, StateVector state) {
        checkFits(op, state);
        checkBinding(op, theta, x);
        KernelOp k = compile(op, op.angleValues(theta, x));
        apply(state, k);
    }

    /** Applies a gate with constant angles on {@code targets} (no controls). */
    public void apply(StateVector state, Gate gate, double[] angles, int... targets) {
        apply(state, gate, angles, targets, new int[0]);
    }

    /** Applies a fixed gate on {@code targets}. */
    public void apply(StateVector state, Gate gate, int... targets) {
        apply(state, gate, new double[0], targets, new int[0]);
    }

    /** Applies a gate with constant angles on {@code targets} under {@code controls}. */
    public void apply(StateVector state, Gate gate, double[] angles, int[] targets, int[] controls) {
        Angle[] a = new Angle[angles.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = Angle.constant(angles[i]);
        }
        Operation op = new Operation(gate, targets, controls, a);
        checkFits(op, state);
        apply(state, compile(op, angles));
    }

    /**
     * Compiles a circuit at θ, x into kernel operations, validating everything first.
     *
     * @throws IllegalArgumentException on a parameter/input count mismatch, an angle that evaluates to a
     *     non-finite value, or a circuit with noise channels (a state vector cannot hold a mixed state)
     */
    public static List<KernelOp> compile(Circuit circuit, double[] theta, double[] x) {
        checkNoChannels(circuit);
        circuit.checkBinding(theta, x);
        List<KernelOp> out = new ArrayList<>(circuit.size());
        for (Operation op : circuit.operations()) {
            out.add(compile(op, op.angleValues(theta, x)));
        }
        return out;
    }

    /**
     * Refuses a circuit with noise channels in one line naming the first and where to run it instead.
     *
     * @throws IllegalArgumentException if the circuit holds a channel
     */
    static void checkNoChannels(Circuit circuit) {
        if (circuit.hasChannels()) {
            Circuit.ChannelSite first = circuit.channels().get(0);
            throw new IllegalArgumentException("circuit has " + circuit.channels().size() + " noise channel"
                    + (circuit.channels().size() == 1 ? "" : "s") + " (first: " + first + " after operation "
                    + first.position() + "), which the state-vector Simulator cannot run; use "
                    + "org.qnnlab.sim.noise.DensityMatrixSimulator or TrajectorySimulator");
        }
    }

    /** Compiles one operation at the given angle values into the cheapest kernel operation. */
    public static KernelOp compile(Operation op, double[] angles) {
        for (double a : angles) {
            if (!Double.isFinite(a)) {
                throw new IllegalArgumentException("angle of " + op + " evaluates to " + a
                        + "; allowed: finite numbers");
            }
        }
        Gate g = op.gate();
        int[] t = op.targets();
        long ctrl = op.controlMask();
        if (g.isDiagonal()) {
            return new KernelOp.Diagonal(t, g.diagonal(angles), ctrl);
        }
        if (g.family() == Gate.Family.PAULI_ROTATION && t.length > 1) {
            long[] xz = op.pauliMasks();
            return new KernelOp.PauliRotation(xz[0], xz[1], angles[0], ctrl);
        }
        return new KernelOp.Dense(t, g.matrix(angles), ctrl);
    }

    private static void checkFits(Operation op, StateVector state) {
        if (op.maxQubit() >= state.numQubits()) {
            throw new IllegalArgumentException("qubit " + op.maxQubit() + " in " + op + " out of range for a "
                    + state.numQubits() + "-qubit state; allowed: 0.." + (state.numQubits() - 1));
        }
    }

    private static void checkBinding(Operation op, double[] theta, double[] x) {
        for (Angle a : op.angles()) {
            checkCovers(op, a.maxParameter(), theta, "parameter");
            checkCovers(op, a.maxInput(), x, "input");
        }
    }

    private static void checkCovers(Operation op, int maxIndex, double[] values, String what) {
        int given = values == null ? 0 : values.length;
        if (maxIndex >= given) {
            throw new IllegalArgumentException(op + " uses " + what + " " + maxIndex + " but " + given + " value"
                    + (given == 1 ? " was" : "s were") + " given");
        }
    }

    private static void checkQubits(int circuitQubits, StateVector state) {
        if (circuitQubits != state.numQubits()) {
            throw new IllegalArgumentException("circuit has " + circuitQubits + " qubits but the state has "
                    + state.numQubits());
        }
    }
}
