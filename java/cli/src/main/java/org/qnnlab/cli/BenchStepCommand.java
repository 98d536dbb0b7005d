package org.qnnlab.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Encodings;
import org.qnnlab.sim.Gates;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.kernel.Kernels;
import org.qnnlab.train.Jacobian;
import org.qnnlab.train.Parallel;
import org.qnnlab.train.QnnModel;
import org.qnnlab.sim.Rng;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code qnn bench step}: how a training step scales with threads. The step is the gradient work of one batch: the
 * values and adjoint Jacobian of a model ({@code RY} angle encoding of one feature per qubit, a hardware-efficient
 * ansatz, observable {@code Z0*Z1}) over {@code --samples} random samples, split over the threads by
 * {@link Parallel}. The kernel itself runs on one thread, as {@code qnn train} runs it for states this small.
 *
 * <p>Every thread count is timed in the same rounds (1 thread, 2 threads, 1 thread, …) and the speed-up is the ratio
 * of the medians: on a shared VM the machine's speed drifts by tens of percent over minutes, which would swamp a
 * comparison of runs made one after the other. JMH's {@code TrainingStepBenchmark} in {@code bench/} is the
 * rigorous, unpaired counterpart.
 */
@Command(name = "step", mixinStandardHelpOptions = true,
        description = "Time a training step's batch gradient on 1 thread and on more, in alternating runs (paired "
                + "medians).")
final class BenchStepCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--qubits", paramLabel = "N", defaultValue = "10",
            description = "Qubits (= features per sample), 2..20 (default: ${DEFAULT-VALUE}).")
    int qubits;

    @Option(names = "--layers", paramLabel = "L", defaultValue = "4",
            description = "Ansatz layers, 1..100 (default: ${DEFAULT-VALUE}; 2·N·L parameters).")
    int layers;

    @Option(names = "--samples", paramLabel = "B", defaultValue = "64",
            description = "Samples per batch, 1..100000 (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--threads", paramLabel = "T", split = ",",
            description = "Thread counts to compare with 1 thread, comma-separated (default: the available "
                    + "processors).")
    List<Integer> threads;

    @Option(names = "--kernel", paramLabel = "K",
            description = "Kernel: scalar, vector or eigen (default: fastest usable).")
    String kernel;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "2",
            description = "Measured seconds per thread count, 0.01..600 (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the JSON result to FILE (atomically).")
    Path out;

    @Override
    public Integer call() {
        validate();
        if (out != null) {
            AtomicFiles.checkWritable(out, "--out", "bench.json"); // now, not after the whole measurement
        }
        List<Integer> counts = new ArrayList<>(List.of(1));
        for (int t : threads == null ? List.of(Parallel.defaultThreads()) : threads) {
            if (!counts.contains(t)) {
                counts.add(t);
            }
        }
        Simulator sim = kernel == null ? new Simulator(Kernels.create(1))
                : Simulator.create(KernelType.parse(kernel), 1);
        Circuit enc = Encodings.angle(new Circuit(qubits).declareInputs(qubits), qubits, Gates.RY, 1.0);
        QnnModel model = QnnModel.of(enc, Ansatz.hea(qubits, layers), Observable.parse("Z0*Z1"), 1.0);
        // θ by the one convention (Circuit.randomParameters); inputs uniform in [0, π) from their own stream
        Rng rng = new Rng(2);
        double[] theta = model.circuit().randomParameters(1);
        double[][] xs = new double[samples][qubits];
        for (double[] row : xs) {
            for (int k = 0; k < qubits; k++) {
                row[k] = Math.PI * rng.nextDouble();
            }
        }
        double[] sink = new double[1];
        Runnable[] bodies = new Runnable[counts.size()];
        for (int j = 0; j < bodies.length; j++) {
            int t = counts.get(j);
            bodies[j] = () -> {
                Jacobian jac = model.jacobian(sim, theta, xs, t);
                sink[0] += jac.rows()[0][0]; // keeps the work observable
            };
        }
        double oldBudget = Timing.budgetSeconds;
        Timing.budgetSeconds = seconds;
        double[] medians;
        try {
            medians = Timing.interleavedMedianSeconds(bodies);
        } finally {
            Timing.budgetSeconds = oldBudget;
        }
        if (!Double.isFinite(sink[0])) {
            throw new IllegalStateException("the batch Jacobian is not finite");
        }
        ObjectNode doc = toJson(model, sim, counts, medians);
        if (out != null) {
            AtomicFiles.writeString(out, doc.toPrettyString() + "\n");
        }
        if (json) {
            Json.print(doc);
        } else {
            printTable(spec.commandLine().getOut(), model, sim, counts, medians);
        }
        return 0;
    }

    private void validate() {
        check(qubits >= 2 && qubits <= 20, "--qubits " + qubits + " out of range; allowed: 2..20");
        check(layers >= 1 && layers <= 100, "--layers " + layers + " out of range; allowed: 1..100");
        check(samples >= 1 && samples <= 100_000, "--samples " + samples + " out of range; allowed: 1..100000");
        check(seconds >= 0.01 && seconds <= 600, "--seconds " + seconds + " out of range; allowed: 0.01..600");
        if (threads != null) {
            for (int t : threads) {
                check(t >= 1 && t <= 1024, "--threads " + t + " out of range; allowed: 1..1024");
            }
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    private ObjectNode toJson(QnnModel model, Simulator sim, List<Integer> counts, double[] medians) {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("qubits", qubits);
        doc.put("layers", layers);
        doc.put("parameters", model.numParameters());
        doc.put("samples", samples);
        doc.put("kernel", sim.kernel().type().id());
        doc.set("machine", Machine.describe());
        ArrayNode arr = doc.putArray("results");
        for (int j = 0; j < counts.size(); j++) {
            ObjectNode o = arr.addObject();
            o.put("threads", counts.get(j));
            o.put("seconds_per_step", medians[j]);
            o.put("speedup", medians[0] / medians[j]);
        }
        return doc;
    }

    private void printTable(PrintWriter w, QnnModel model, Simulator sim, List<Integer> counts, double[] medians) {
        w.printf(Locale.ROOT, "qnn bench step: %d samples, %d qubits, %d parameters, %s kernel, %s%n", samples,
                qubits, model.numParameters(), sim.kernel().type().id(), Machine.summary());
        w.printf("%7s %12s %9s%n", "threads", "ms/step", "speed-up");
        for (int j = 0; j < counts.size(); j++) {
            w.printf(Locale.ROOT, "%7d %12.3f %8.2fx%n", counts.get(j), medians[j] * 1e3, medians[0] / medians[j]);
        }
        w.flush();
    }
}
