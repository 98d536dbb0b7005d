package org.qnnlab.bench;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.StateVector;
import org.qnnlab.sim.kernel.KernelOp;
import org.qnnlab.sim.kernel.StateKernel;

/**
 * A forward pass of the hardware-efficient ansatz ({@link Ansatz#hea(int, int)}: per layer RY and RZ on every qubit,
 * then a CZ ladder; {@code 3n−1} gates per layer) at fixed random parameters: reset to {@code |0…0>}, then
 * {@link StateKernel#applyAll} on the op list compiled (and fused, or not) once in {@code @Setup}. The reset (one write pass) is timed with
 * the circuit, as in real use. After every iteration the final state's norm must be 1 within
 * {@value BenchSetup#NORM_TOLERANCE}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class HeaForwardBenchmark {

    /** Kernel id; a kernel that cannot run here fails its setup and JMH continues (see {@link BenchSetup#kernel}). */
    @Param({"scalar", "vector", "eigen"})
    public String kernel;

    @Param({"12", "16", "20", "24"})
    public int qubits;

    @Param({"1", "2"})
    public int threads;

    @Param({"10"})
    public int layers;

    /** {@code on}: the op list as {@link Simulator#program} fuses it for this kernel; {@code off}: one op per gate. */
    @Param({"on", "off"})
    public String fusion;

    private StateKernel k;
    private StateVector state;
    private MemorySegment seg; // taken once: the benchmark times the kernel call, not the state's guard
    private List<KernelOp> ops;

    @Setup(Level.Trial)
    public void setUp() {
        k = BenchSetup.kernel(kernel, threads);
        Circuit c = Ansatz.hea(qubits, layers);
        SplittableRandom rng = new SplittableRandom(7);
        double[] theta = new double[c.numParameters()];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = rng.nextDouble(-Math.PI, Math.PI);
        }
        ops = new Simulator(k).withFusion(fusion.equals("on")).program(c, theta, new double[0]);
        state = StateVector.zero(qubits);
        seg = state.segment();
    }

    @TearDown(Level.Iteration)
    public void checkNorm() {
        BenchSetup.checkAndRenormalise(state, k, "HeaForwardBenchmark " + kernel + " n=" + qubits);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        state.close();
    }

    @Benchmark
    public void forward() {
        state.reset();
        k.applyAll(seg, qubits, ops);
    }
}
