package org.qnnlab.bench;

import java.lang.foreign.MemorySegment;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.kernel.KernelOp;
import org.qnnlab.sim.kernel.StateKernel;
import org.qnnlab.sim.noise.DensityMatrix;
import org.qnnlab.sim.noise.DensityMatrixSimulator;
import org.qnnlab.sim.noise.NoiseModel;

/**
 * A noisy forward pass on the density-matrix engine (issue 18's target: n = 10, L = 10, depolarizing after every
 * gate, one thread, under 0.5 s): the HEA with {@code depolarizing:p} placed by {@link NoiseModel}, compiled once in
 * {@code @Setup} by {@link DensityMatrixSimulator#program} (fused or not), then timed as reset to
 * {@code |0…0><0…0|} plus {@link StateKernel#applyAll} on the 2n-qubit vector. After every iteration the trace must be
 * 1 within {@value BenchSetup#NORM_TOLERANCE} (channels preserve it).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
public class DensityMatrixForwardBenchmark {

    /** Kernel id; a kernel that cannot run here fails its setup and JMH continues. */
    @Param({"scalar", "vector", "eigen"})
    public String kernel;

    @Param({"10"})
    public int qubits;

    @Param({"10"})
    public int layers;

    @Param({"1"})
    public int threads;

    /** {@code on}: the program as {@link DensityMatrixSimulator#program} fuses it; {@code off}: one op per gate. */
    @Param({"on", "off"})
    public String fusion;

    @Param({"0.01"})
    public double p;

    private StateKernel k;
    private DensityMatrix rho;
    private MemorySegment seg;
    private List<KernelOp> ops;

    @Setup(Level.Trial)
    public void setUp() {
        k = BenchSetup.kernel(kernel, threads);
        Circuit c = NoiseModel.parse("depolarizing:" + p).apply(Ansatz.hea(qubits, layers));
        double[] theta = c.randomParameters(7);
        ops = new DensityMatrixSimulator(new Simulator(k).withFusion(fusion.equals("on"))).program(c, theta,
                new double[0]);
        rho = DensityMatrix.zero(qubits);
        seg = rho.vectorized().segment();
    }

    @TearDown(Level.Iteration)
    public void checkTrace() {
        double t = rho.trace();
        if (Math.abs(t - 1) > BenchSetup.NORM_TOLERANCE) {
            throw new IllegalStateException("DensityMatrixForwardBenchmark " + kernel + ": trace " + t + ", not 1");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        rho.close();
    }

    @Benchmark
    public void forward() {
        rho.vectorized().reset();
        k.applyAll(seg, 2 * qubits, ops);
    }
}
