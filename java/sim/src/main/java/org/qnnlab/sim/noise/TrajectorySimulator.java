package org.qnnlab.sim.noise;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Operation;
import org.qnnlab.sim.Rng;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.StateVector;
import org.qnnlab.sim.kernel.KernelOp;
import org.qnnlab.sim.kernel.StateKernel;

/**
 * Noisy circuits by quantum trajectories (Kraus sampling, "quantum jumps"): each trajectory runs a pure state through
 * the gates and, at each channel, applies one Kraus operator {@code K_i} chosen with probability
 * {@code ‖K_i ψ‖²} and renormalises. The average of {@code |ψ><ψ|} over trajectories is the density matrix the
 * {@link DensityMatrixSimulator} computes, so an estimate of {@code Tr(ρO)} is the mean of {@code <ψ|O|ψ>} over
 * trajectories, with its standard error. Memory is one n-qubit state (two for channels that are not unitary
 * mixtures) per worker thread, so n is bounded like state-vector simulation, not like density matrices.
 *
 * <h2>Randomness and threads</h2>
 * Trajectory {@code t} of a run with seed {@code s} draws from {@code new Rng(s + t)} (qnnlab's rule for independent
 * tasks): one uniform per channel, in circuit order. A {@link Channel#isUnitaryMixture() unitary mixture} (Pauli and
 * depolarizing channels) picks its branch from fixed probabilities without touching the state, and its unitary joins
 * the current gate batch; any other channel ends the batch and compares the uniform with the cumulative
 * {@code ‖K_i ψ‖²}. From {@value Simulator#FUSION_MIN_QUBITS} qubits, with the simulator's fusion on, each batch runs
 * as its fused program ({@link Simulator#fuse}), kept per distinct batch for the call, so a trajectory costs about a
 * fused noiseless forward pass plus its jumps. Trajectories are handed out one at a time to {@code threads} worker threads and their values
 * summed in trajectory order, so the estimates are identical for any thread count.
 */
public final class TrajectorySimulator {

    /** Most trajectories per call. */
    public static final int MAX_TRAJECTORIES = 100_000_000;

    private final Simulator simulator;
    private final int threads;

    /**
     * @param simulator the state-vector simulator whose kernel runs each trajectory
     * @param threads worker threads over trajectories (1..1024); give the kernel 1 thread when this is above 1
     * @throws IllegalArgumentException if {@code threads} is outside 1..1024
     */
    public TrajectorySimulator(Simulator simulator, int threads) {
        this.simulator = Objects.requireNonNull(simulator, "simulator");
        if (threads < 1 || threads > 1024) {
            throw new IllegalArgumentException("trajectory threads " + threads + " out of range; allowed: 1..1024");
        }
        this.threads = threads;
    }

    /** The number of worker threads over trajectories. */
    public int threads() {
        return threads;
    }

    /**
     * A mean over trajectories.
     *
     * @param value the mean of the per-trajectory values
     * @param standardError the sample standard deviation over √trajectories (NaN for one trajectory)
     * @param trajectories how many trajectories were averaged
     */
    public record Estimate(double value, double standardError, int trajectories) {
    }

    /**
     * The estimate of {@code Tr(ρO)} for {@code circuit} (gates and channels) at θ, x from {@code trajectories}
     * trajectories of run seed {@code seed}.
     *
     * @throws IllegalArgumentException on a binding mismatch, a trajectory count outside
     *     1..{@value #MAX_TRAJECTORIES} or an observable on qubits the circuit does not have
     */
    public Estimate expectation(Circuit circuit, double[] theta, double[] x, Observable observable, int trajectories,
            long seed) {
        return expectations(circuit, theta, x, List.of(observable), trajectories, seed).get(0);
    }

    /**
     * As {@link #expectation} for {@code noise.apply(circuit)}; the model's readout errors do not enter (they act on
     * sampled bits, {@link #sample}).
     */
    public Estimate expectation(Circuit circuit, double[] theta, double[] x, NoiseModel noise, Observable observable,
            int trajectories, long seed) {
        return expectation(noise.apply(circuit), theta, x, observable, trajectories, seed);
    }

    /**
     * Estimates of {@code Tr(ρO_j)} for every observable from the same trajectories, in the order given.
     *
     * @throws IllegalArgumentException as {@link #expectation}
     */
    public List<Estimate> expectations(Circuit circuit, double[] theta, double[] x, List<Observable> observables,
            int trajectories, long seed) {
        if (trajectories < 1 || trajectories > MAX_TRAJECTORIES) {
            throw new IllegalArgumentException("trajectories " + trajectories + " out of range; allowed: 1.."
                    + MAX_TRAJECTORIES);
        }
        int n = circuit.numQubits();
        for (Observable o : observables) {
            if (o.maxQubit() >= n) {
                throw new IllegalArgumentException("observable acts on qubit " + o.maxQubit() + " but the circuit "
                        + "has " + n + " qubits (allowed qubits 0.." + (n - 1) + ")");
            }
        }
        Plan plan = plan(circuit, theta, x);
        int m = observables.size();
        double[][] values = new double[trajectories][];
        StateKernel kernel = simulator.kernel();
        runAll(trajectories, () -> new Worker(plan, n, kernel), (w, t) -> {
            w.run(seed + t);
            double[] v = new double[m];
            for (int j = 0; j < m; j++) {
                v[j] = observables.get(j).expectation(kernel, w.psi);
            }
            values[t] = v;
        });
        List<Estimate> out = new ArrayList<>(m);
        for (int j = 0; j < m; j++) {
            double sum = 0;
            for (double[] v : values) {
                sum += v[j];
            }
            double mean = sum / trajectories;
            double ss = 0;
            for (double[] v : values) {
                ss += (v[j] - mean) * (v[j] - mean);
            }
            double se = trajectories == 1 ? Double.NaN : Math.sqrt(ss / (trajectories - 1) / trajectories);
            out.add(new Estimate(mean, se, trajectories));
        }
        return out;
    }

    /**
     * One computational-basis measurement at the end of each trajectory (basis indices, qubit 0 = bit 0), with
     * {@code noise}'s channels placed in the circuit and its readout errors applied to the bits. Trajectory t measures
     * with the same {@code Rng(seed + t)} after its jumps, then reads out.
     *
     * @throws IllegalArgumentException as {@link #expectation}, or if the model names qubits the circuit lacks
     */
    public long[] sample(Circuit circuit, double[] theta, double[] x, NoiseModel noise, int trajectories,
            long seed) {
        if (trajectories < 1 || trajectories > MAX_TRAJECTORIES) {
            throw new IllegalArgumentException("trajectories " + trajectories + " out of range; allowed: 1.."
                    + MAX_TRAJECTORIES);
        }
        Circuit noisy = noise.apply(circuit);
        int n = circuit.numQubits();
        Plan plan = plan(noisy, theta, x);
        long[] out = new long[trajectories];
        StateKernel kernel = simulator.kernel();
        runAll(trajectories, () -> new Worker(plan, n, kernel), (w, t) -> {
            Rng rng = w.run(seed + t);
            long b = w.measure(rng);
            out[t] = noise.applyReadout(new long[] {b}, n, rng)[0];
        });
        return out;
    }

    // ---- the plan: gates compiled once, channels between them

    /** A compiled step: a run of gate ops, or a channel on qubits. */
    private sealed interface Step permits Gates, Jump {
    }

    private record Gates(List<KernelOp> ops) implements Step {
    }

    /** A channel, with each Kraus operator (or mixture unitary) compiled onto its qubits once. */
    private record Jump(Channel channel, KernelOp[] branches, boolean[] identity) implements Step {
    }

    /**
     * The steps, and when trajectories run fused ({@code fuse} non-null) the fused program of each distinct gate batch
     * seen so far. A batch is named by the steps it came from and the mixture branches drawn in it
     * ({@link Worker#signature}); with weak noise most trajectories draw the identity branch everywhere and share one
     * program, so fusion is paid once per distinct batch, not per trajectory. The cache holds at most
     * {@value #MAX_CACHED_PROGRAMS} programs; past that a batch is fused for its trajectory alone.
     */
    private record Plan(List<Step> steps, Simulator fuse, Map<BatchKey, List<KernelOp>> programs) {

        /** The batch as it runs; {@code signature} names it (only read when fusing). */
        List<KernelOp> program(List<Integer> signature, List<KernelOp> batch) {
            if (fuse == null) {
                return batch;
            }
            BatchKey key = new BatchKey(signature.stream().mapToInt(Integer::intValue).toArray());
            List<KernelOp> p = programs.get(key);
            if (p != null) {
                return p;
            }
            p = fuse.fuse(List.copyOf(batch));
            if (programs.size() < MAX_CACHED_PROGRAMS) {
                programs.putIfAbsent(key, p);
            }
            return p;
        }
    }

    /** Most fused batch programs kept per call ({@link Plan}). */
    static final int MAX_CACHED_PROGRAMS = 4096;

    /** A gate batch's name: per step in it, the step index and (for a mixture) the drawn branch. */
    private record BatchKey(int[] codes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof BatchKey k && Arrays.equals(codes, k.codes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(codes);
        }

        @Override
        public String toString() {
            return Arrays.toString(codes);
        }
    }

    private Plan plan(Circuit circuit, double[] theta, double[] x) {
        circuit.checkBinding(theta, x);
        List<Operation> ops = circuit.operations();
        List<Circuit.ChannelSite> sites = circuit.channels();
        List<Step> steps = new ArrayList<>();
        List<KernelOp> batch = new ArrayList<>();
        int c = 0;
        for (int i = 0; i <= ops.size(); i++) {
            for (; c < sites.size() && sites.get(c).position() == i; c++) {
                if (!batch.isEmpty()) {
                    steps.add(new Gates(List.copyOf(batch)));
                    batch.clear();
                }
                steps.add(jump(sites.get(c)));
            }
            if (i < ops.size()) {
                Operation op = ops.get(i);
                batch.add(Simulator.compile(op, op.angleValues(theta, x)));
            }
        }
        if (!batch.isEmpty()) {
            steps.add(new Gates(List.copyOf(batch)));
        }
        boolean fused = simulator.fusion() && circuit.numQubits() >= Simulator.FUSION_MIN_QUBITS;
        return new Plan(List.copyOf(steps), fused ? simulator : null, fused ? new ConcurrentHashMap<>() : null);
    }

    private static Jump jump(Circuit.ChannelSite site) {
        Channel ch = site.channel();
        int[] qs = site.qubits();
        int count = ch.isUnitaryMixture() ? ch.mixtureWeightsShared().length : ch.size();
        KernelOp[] branches = new KernelOp[count];
        boolean[] identity = new boolean[count];
        for (int i = 0; i < count; i++) {
            double[] m = ch.isUnitaryMixture() ? ch.mixtureUnitariesShared()[i] : ch.krausShared(i);
            branches[i] = new KernelOp.Dense(qs, m, 0);
            identity[i] = ch.isUnitaryMixture() && isIdentity(m);
        }
        return new Jump(ch, branches, identity);
    }

    private static boolean isIdentity(double[] m) {
        int d = (int) Math.round(Math.sqrt(m.length / 2.0));
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double re = m[2 * (i * d + j)] - (i == j ? 1 : 0);
                if (Math.abs(re) > 1e-15 || Math.abs(m[2 * (i * d + j) + 1]) > 1e-15) {
                    return false;
                }
            }
        }
        return true;
    }

    // ---- running

    /** One worker's states; reused for every trajectory it runs. */
    private static final class Worker implements AutoCloseable {
        final Plan plan;
        final int n;
        final StateKernel kernel;
        StateVector psi;
        StateVector scratch; // for channels that are not unitary mixtures: K_i ψ
        final List<Integer> signature = new ArrayList<>(); // the current batch's name (BatchKey)

        Worker(Plan plan, int n, StateKernel kernel) {
            this.plan = plan;
            this.n = n;
            this.kernel = kernel;
            this.psi = StateVector.zero(n);
        }

        /** Runs one trajectory from |0…0> with {@code new Rng(seed)}; returns the generator for further draws. */
        Rng run(long seed) {
            Rng rng = new Rng(seed);
            psi.reset();
            List<KernelOp> batch = new ArrayList<>();
            signature.clear();
            List<Step> steps = plan.steps();
            for (int i = 0; i < steps.size(); i++) {
                switch (steps.get(i)) {
                    case Gates g -> {
                        batch.addAll(g.ops());
                        signature.add(i);
                    }
                    case Jump j -> {
                        double u = rng.nextDouble();
                        if (j.channel().isUnitaryMixture()) {
                            int b = pick(j.channel().mixtureWeightsShared(), u);
                            if (!j.identity()[b]) {
                                batch.add(j.branches()[b]);
                                signature.add(i);
                                signature.add(-1 - b);
                            }
                        } else {
                            flush(batch);
                            jumpGeneral(j, u);
                        }
                    }
                }
            }
            flush(batch);
            return rng;
        }

        /**
         * Runs the batch (fused when the plan fuses, {@link Plan#program}) and empties it. The signature names the
         * batch: step indices, each mixture branch as {@code −1 − b} after its step.
         */
        private void flush(List<KernelOp> batch) {
            if (batch.isEmpty()) {
                signature.clear();
                return;
            }
            List<KernelOp> program = plan.program(signature, batch);
            MemorySegment s = psi.acquire();
            try {
                kernel.applyAll(s, n, program);
            } finally {
                psi.release();
            }
            batch.clear();
            signature.clear();
        }

        /** The first branch whose cumulative weight exceeds u (the last one with weight if rounding runs past). */
        private static int pick(double[] weights, double u) {
            double cum = 0;
            int last = 0;
            for (int i = 0; i < weights.length; i++) {
                cum += weights[i];
                if (weights[i] > 0) {
                    last = i;
                }
                if (u < cum) {
                    return i;
                }
            }
            return last;
        }

        /** Applies K_i with probability ‖K_i ψ‖², renormalised: tries the branches in order against u. */
        private void jumpGeneral(Jump j, double u) {
            if (scratch == null) {
                scratch = StateVector.zero(n);
            }
            double cum = 0;
            int last = -1;
            for (int i = 0; i < j.branches().length; i++) {
                double p = branch(j, i);
                if (p <= 0) {
                    continue;
                }
                last = i;
                cum += p;
                if (u < cum || i == j.branches().length - 1) {
                    accept(p);
                    return;
                }
            }
            if (last < 0) {
                throw new IllegalStateException("every Kraus operator of " + j.channel() + " annihilates the state");
            }
            accept(branch(j, last)); // rounding left u above the total: the last branch with weight
        }

        /** scratch = K_i ψ; returns ‖K_i ψ‖². */
        private double branch(Jump j, int i) {
            scratch.copyFrom(psi);
            MemorySegment s = scratch.acquire();
            try {
                j.branches()[i].applyTo(kernel, s, n);
                return kernel.normSquared(s, n);
            } finally {
                scratch.release();
            }
        }

        /** ψ = scratch / √p (swapping the buffers instead of copying). */
        private void accept(double p) {
            StateVector t = psi;
            psi = scratch;
            scratch = t;
            MemorySegment s = psi.acquire();
            try {
                kernel.scale(s, n, 1 / Math.sqrt(p), 0);
            } finally {
                psi.release();
            }
        }

        /** One basis index drawn from |ψ|² with one uniform from rng. */
        long measure(Rng rng) {
            double u = rng.nextDouble();
            double[] p = psi.probabilities();
            double cum = 0;
            int last = 0;
            for (int b = 0; b < p.length; b++) {
                cum += p[b];
                if (p[b] > 0) {
                    last = b;
                }
                if (u < cum) {
                    return b;
                }
            }
            return last;
        }

        @Override
        public void close() {
            psi.close();
            if (scratch != null) {
                scratch.close();
            }
        }
    }

    /** A task run on one trajectory with the calling worker's states. */
    @FunctionalInterface
    private interface Task {
        void run(Worker w, int trajectory);
    }

    /**
     * Runs {@code task} for trajectories 0..count−1 on up to {@link #threads} threads, each taking the next index
     * from a shared counter (so a slow thread does not hold back the rest); results go to per-trajectory slots, so
     * which thread ran a trajectory does not matter. The first failure, by trajectory, is rethrown.
     */
    private void runAll(int count, java.util.function.Supplier<Worker> workers, Task task) {
        int t = Math.min(threads, count);
        AtomicInteger next = new AtomicInteger();
        RuntimeException[] failure = new RuntimeException[1];
        int[] failedAt = {Integer.MAX_VALUE};
        Runnable body = () -> {
            try (Worker w = workers.get()) {
                for (int i; (i = next.getAndIncrement()) < count;) {
                    try {
                        task.run(w, i);
                    } catch (RuntimeException e) {
                        synchronized (failure) {
                            if (i < failedAt[0]) {
                                failedAt[0] = i;
                                failure[0] = e;
                            }
                        }
                        next.set(count); // stop handing out work
                    }
                }
            } catch (RuntimeException e) { // allocating the worker's states failed
                synchronized (failure) {
                    if (failure[0] == null) {
                        failure[0] = e;
                    }
                }
                next.set(count);
            }
        };
        if (t == 1) {
            body.run();
        } else {
            List<Thread> started = new ArrayList<>(t - 1);
            for (int i = 1; i < t; i++) {
                started.add(Thread.ofPlatform().name("qnnlab-trajectory-" + i).daemon(true).start(body));
            }
            body.run();
            for (Thread th : started) {
                try {
                    th.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    next.set(count);
                    throw new IllegalStateException("interrupted while waiting for trajectory threads", e);
                }
            }
        }
        if (failure[0] != null) {
            throw failure[0];
        }
    }
}
