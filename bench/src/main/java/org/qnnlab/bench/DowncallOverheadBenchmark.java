package org.qnnlab.bench;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.qnnlab.sim.Angle;
import org.qnnlab.sim.Gates;
import org.qnnlab.sim.Operation;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.StateVector;
import org.qnnlab.sim.kernel.KernelOp;
import org.qnnlab.sim.kernel.StateKernel;

/**
 * What a downcall costs on top of the kernel work: {@code oneGate} applies one RX per call (one downcall per gate),
 * {@code batched} applies {@value #BATCH} RX gates in one {@link StateKernel#applyAll} (one downcall per batch),
 * both reported per gate. Their difference is the per-call overhead (FFM transition, argument marshalling, the
 * library's validation); divided by a batch's time it is the overhead share of a batch. Targets cycle over the
 * qubits so that neither call pattern always hits the same cache lines.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DowncallOverheadBenchmark {

    static final int BATCH = 64;

    @Param({"eigen", "vector"})
    public String kernel;

    @Param({"10", "16"})
    public int qubits;

    private StateKernel k;
    private StateVector state;
    private MemorySegment seg; // taken once: the benchmark times the kernel call, not the state's guard
    private List<KernelOp> gates;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        k = BenchSetup.kernel(kernel, 1);
        gates = new ArrayList<>();
        for (int j = 0; j < BATCH; j++) {
            double angle = 0.1 + 0.01 * j;
            Operation op = new Operation(Gates.RX, new int[] {j % qubits}, new int[0],
                    new Angle[] {Angle.constant(angle)});
            gates.add(Simulator.compile(op, new double[] {angle}));
        }
        state = BenchSetup.randomState(qubits, k);
        seg = state.segment();
    }

    @TearDown(Level.Iteration)
    public void checkNorm() {
        BenchSetup.checkAndRenormalise(state, k, "DowncallOverheadBenchmark " + kernel + " n=" + qubits);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        state.close();
    }

    /** One gate, one call. */
    @Benchmark
    public void oneGate() {
        gates.get(next).applyTo(k, seg, qubits);
        next = (next + 1) % BATCH;
    }

    /** {@value #BATCH} gates, one call; reported per gate. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void batched() {
        k.applyAll(seg, qubits, gates);
    }
}
