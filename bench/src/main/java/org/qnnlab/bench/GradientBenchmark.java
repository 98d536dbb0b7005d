package org.qnnlab.bench;

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
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Simulator;
import org.qnnlab.train.Gradient;
import org.qnnlab.train.GradientMethod;

/**
 * The gradient of {@code <Z0 Z1 + X0>} for the HEA ({@code 2nL} parameters) by each method, next to the plain forward
 * pass it is measured against (adjoint should cost a small constant number of forward passes; parameter shift and
 * finite differences cost {@code O(parameters)} passes, so they run only at the smaller sizes). Each invocation checks
 * that the gradient is finite and that the value equals the forward pass's expectation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class GradientBenchmark {

    @Param({"vector"})
    public String kernel;

    @Param({"12", "16", "20"})
    public int qubits;

    @Param({"10"})
    public int layers;

    /** {@code forward} (the reference), {@code adjoint}, {@code shift} or {@code fd}. */
    @Param({"forward", "adjoint", "shift", "fd"})
    public String method;

    private Simulator sim;
    private Circuit circuit;
    private double[] theta;
    private Observable observable;
    private GradientMethod gradient;
    private double expected;

    @Setup(Level.Trial)
    public void setUp() {
        if (qubits > 16 && (method.equals("shift") || method.equals("fd"))) {
            throw new IllegalStateException("skipped: " + method + " needs O(parameters) forward passes; run at n <= 16");
        }
        sim = new Simulator(BenchSetup.kernel(kernel, 1));
        circuit = Ansatz.hea(qubits, layers);
        theta = circuit.randomParameters(3);
        observable = Observable.parse("Z0*Z1 + X0");
        gradient = method.equals("forward") ? null : GradientMethod.byName(method, sim);
        expected = forwardValue();
    }

    private double forwardValue() {
        return sim.expectation(circuit, theta, new double[0], observable);
    }

    @TearDown(Level.Iteration)
    public void check() {
        if (gradient != null) {
            Gradient g = gradient.gradient(circuit, theta, null, observable);
            if (Math.abs(g.value() - expected) > 1e-9
                    || !java.util.Arrays.stream(g.gradient()).allMatch(Double::isFinite)) {
                throw new IllegalStateException(method + ": value " + g.value() + " vs forward " + expected);
            }
        }
    }

    @Benchmark
    public Object run() {
        return gradient == null ? forwardValue() : gradient.gradient(circuit, theta, null, observable);
    }
}
