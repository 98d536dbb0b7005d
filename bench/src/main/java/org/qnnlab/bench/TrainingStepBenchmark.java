package org.qnnlab.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
import org.qnnlab.sim.Encodings;
import org.qnnlab.sim.Gates;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.train.Jacobian;
import org.qnnlab.train.QnnModel;
import org.qnnlab.sim.Rng;

/**
 * One training step's gradient work: values and adjoint Jacobian of a 10-qubit model (RY angle encoding of 10
 * features + HEA with 4 layers, 80 parameters) over a batch of 64 samples, on 1 or 2 sample-parallel threads. The
 * kernel itself is single-threaded (states of 2^10 amplitudes are far below its parallel threshold), so the speed-up
 * comes from {@link org.qnnlab.train.Parallel}. Each invocation checks that the Jacobian is finite.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 5, time = 2) // the batch's many small loops need a long warm-up before C2 settles
@Measurement(iterations = 5, time = 2)
public class TrainingStepBenchmark {

    @Param({"vector"})
    public String kernel;

    @Param({"10"})
    public int qubits;

    @Param({"64"})
    public int samples;

    @Param({"1", "2"})
    public int threads;

    private Simulator sim;
    private QnnModel model;
    private double[] theta;
    private double[][] xs;

    @Setup
    public void setUp() {
        sim = Simulator.create(KernelType.parse(kernel), 1);
        Circuit enc = Encodings.angle(new Circuit(qubits).declareInputs(qubits), qubits, Gates.RY, 1.0);
        model = QnnModel.of(enc, Ansatz.hea(qubits, 4), Observable.parse("Z0*Z1"), 1.0);
        // θ by the one convention (Circuit.randomParameters); inputs uniform in [0, π) from their own stream
        Rng rng = new Rng(2);
        theta = model.circuit().randomParameters(1);
        xs = new double[samples][qubits];
        for (double[] row : xs) {
            for (int k = 0; k < qubits; k++) {
                row[k] = Math.PI * rng.nextDouble();
            }
        }
    }

    @Benchmark
    public double batchJacobian() {
        Jacobian j = model.jacobian(sim, theta, xs, threads);
        double s = 0;
        for (double[] row : j.rows()) {
            s += row[0];
        }
        if (!Double.isFinite(s)) {
            throw new IllegalStateException("non-finite Jacobian");
        }
        return s;
    }
}
