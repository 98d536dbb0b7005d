package org.qnnlab.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.noise.NoiseModel;
import org.qnnlab.sim.noise.TrajectorySimulator;

/**
 * Quantum trajectories (issue 18: n = 20, scaling with threads): the HEA with {@code depolarizing:p} after every gate,
 * K trajectories per call, split either over trajectory workers (each with a one-thread kernel and its own state) or
 * over the kernel's threads (one trajectory at a time), fused or not. Each call's estimate must equal the one made in
 * {@code @Setup} bit for bit: trajectories do not depend on the thread count.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 5)
public class TrajectoryBenchmark {

    /** Kernel id; a kernel that cannot run here fails its setup and JMH continues. */
    @Param({"vector", "eigen"})
    public String kernel;

    @Param({"20"})
    public int qubits;

    @Param({"1"})
    public int layers;

    @Param({"40"})
    public int trajectories;

    /** Trajectory workers (each kernel then gets one thread). */
    @Param({"1", "2"})
    public int workers;

    /** Kernel threads (with one worker). */
    @Param({"1"})
    public int kernelThreads;

    /** {@code on}: each gate batch runs as its fused program; {@code off}: one pass per gate and jump. */
    @Param({"on", "off"})
    public String fusion;

    @Param({"0.005"})
    public double p;

    private TrajectorySimulator traj;
    private Circuit circuit;
    private double[] theta;
    private Observable o;
    private double expected;

    @Setup(Level.Trial)
    public void setUp() {
        if (workers > 1 && kernelThreads > 1) {
            throw new IllegalArgumentException("workers " + workers + " and kernelThreads " + kernelThreads
                    + ": split the threads one way");
        }
        Simulator sim = new Simulator(BenchSetup.kernel(kernel, kernelThreads)).withFusion(fusion.equals("on"));
        traj = new TrajectorySimulator(sim, workers);
        circuit = NoiseModel.parse("depolarizing:" + p).apply(Ansatz.hea(qubits, layers));
        theta = circuit.randomParameters(7);
        o = Observable.parse("Z0*Z1 + X" + (qubits / 2));
        expected = traj.expectation(circuit, theta, new double[0], o, trajectories, 3).value();
    }

    @Benchmark
    public double run() {
        double v = traj.expectation(circuit, theta, new double[0], o, trajectories, 3).value();
        if (Double.doubleToLongBits(v) != Double.doubleToLongBits(expected)) {
            throw new IllegalStateException("TrajectoryBenchmark: estimate " + v + ", expected " + expected);
        }
        return v;
    }
}
