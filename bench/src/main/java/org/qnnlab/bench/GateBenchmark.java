package org.qnnlab.bench;

import java.lang.foreign.MemorySegment;
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
import org.qnnlab.sim.Angle;
import org.qnnlab.sim.Gate;
import org.qnnlab.sim.Gates;
import org.qnnlab.sim.Operation;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.StateVector;
import org.qnnlab.sim.kernel.KernelOp;
import org.qnnlab.sim.kernel.StateKernel;

/**
 * One gate applied in place, once per invocation, for each kernel path: a dense 1-qubit matrix (H), a diagonal (RZ),
 * a controlled 1-qubit matrix (CNOT), a dense 4×4 matrix ({@code unitary2}: the 2-qubit QFT) and a 2-qubit Pauli
 * rotation (RXX), on a low target (qubit 0, inside a SIMD register) or a high one (qubit n−1, the largest stride).
 *
 * <p>Each gate is compiled to a {@link KernelOp} in {@code @Setup}; only the kernel call is timed. One pass reads and
 * writes the whole state, {@code 2·16·2^n} bytes, so GB/s = {@code 32·2^n / time}; compare with
 * {@link RooflineBenchmark}. After every iteration the norm must still be 1 within {@value BenchSetup#NORM_TOLERANCE}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GateBenchmark {

    /** Kernel id; a kernel that cannot run here fails its setup and JMH continues (see {@link BenchSetup#kernel}). */
    @Param({"scalar", "vector", "eigen"})
    public String kernel;

    @Param({"12", "16", "20", "24"})
    public int qubits;

    @Param({"1", "2"})
    public int threads;

    /** {@code low}: gates act on qubits 0 (and 1); {@code high}: on n−1 (and n−2). */
    @Param({"low", "high"})
    public String target;

    private StateKernel k;
    private StateVector state;
    private MemorySegment seg;
    private KernelOp h;
    private KernelOp rz;
    private KernelOp cnot;
    private KernelOp unitary2;
    private KernelOp rxx;

    @Setup(Level.Trial)
    public void setUp() {
        k = BenchSetup.kernel(kernel, threads);
        int a;
        int b;
        switch (target) {
            case "low" -> {
                a = 0;
                b = 1;
            }
            case "high" -> {
                a = qubits - 1;
                b = qubits - 2;
            }
            default -> throw new IllegalArgumentException("target '" + target + "'; allowed: low, high");
        }
        h = op(Gates.H, new int[] {a}, new int[0]);
        rz = op(Gates.RZ, new int[] {a}, new int[0], 0.3);
        cnot = op(Gates.X, new int[] {a}, new int[] {b});
        unitary2 = op(Gates.unitary("qft2", BenchSetup.qft2()), new int[] {a, b}, new int[0]);
        rxx = op(Gates.RXX, new int[] {a, b}, new int[0], 0.3);
        state = BenchSetup.randomState(qubits, k);
        seg = state.segment();
    }

    private static KernelOp op(Gate gate, int[] targets, int[] controls, double... angles) {
        Angle[] a = new Angle[angles.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = Angle.constant(angles[i]);
        }
        return Simulator.compile(new Operation(gate, targets, controls, a), angles);
    }

    @TearDown(Level.Iteration)
    public void checkNorm() {
        BenchSetup.checkAndRenormalise(state, k, "GateBenchmark " + kernel + " n=" + qubits + " " + target);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        state.close();
    }

    @Benchmark
    public void h() {
        h.applyTo(k, seg, qubits);
    }

    @Benchmark
    public void rz() {
        rz.applyTo(k, seg, qubits);
    }

    @Benchmark
    public void cnot() {
        cnot.applyTo(k, seg, qubits);
    }

    @Benchmark
    public void unitary2() {
        unitary2.applyTo(k, seg, qubits);
    }

    @Benchmark
    public void rxx() {
        rxx.applyTo(k, seg, qubits);
    }
}
