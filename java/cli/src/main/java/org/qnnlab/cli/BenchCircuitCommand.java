package org.qnnlab.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Gates;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Operation;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.StateVector;
import org.qnnlab.sim.kernel.KernelOp;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.kernel.Kernels;
import org.qnnlab.sim.kernel.StateKernel;
import org.qnnlab.train.AdjointGradient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code qnn bench circuit}: a whole circuit's forward pass (and, with {@code --gradient}, its adjoint gradient),
 * fused against unfused, with the time of one H gate at the same size as the yardstick.
 *
 * <p>For every thread count the bodies (H on qubit 0, the fused forward, the unfused forward, the gradient) are timed
 * in the same rounds and their medians reported ({@link Timing#interleavedMedianSeconds}): this VM's speed drifts by
 * tens of percent within minutes, so only ratios taken within one run are steady. A forward is a reset to
 * {@code |0…0>} plus the program compiled once ({@link Simulator#program}), as a training loop runs it; compiling and
 * fusing is timed separately ({@code compile_seconds}). JMH's {@code HeaForwardBenchmark} is the rigorous counterpart.
 */
@Command(name = "circuit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Time a whole circuit's forward pass fused and unfused (and its adjoint gradient), against one "
                + "H gate at the same size, in alternating runs (paired medians).",
            "JSON keys per thread count: forward_seconds, unfused_forward_seconds, gradient_seconds, h_gate_seconds; "
                + "passes is the fused program's length."})
final class BenchCircuitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AnsatzOptions ansatz = new AnsatzOptions();

    @Option(names = "--threads", paramLabel = "T", split = ",", defaultValue = "1",
            description = "Kernel thread counts, comma-separated (default: ${DEFAULT-VALUE}).")
    List<Integer> threads;

    @Option(names = "--kernel", paramLabel = "K",
            description = "Kernel: scalar, vector or eigen (default: fastest usable, or -Dqnnlab.kernel).")
    String kernel;

    @Option(names = "--gradient", description = "Also time the adjoint gradient of --observable (all parameters).")
    boolean gradient;

    @Option(names = "--observable", paramLabel = "OBS", defaultValue = "Z0",
            description = "Observable of the gradient (default: ${DEFAULT-VALUE}).")
    String observable;

    @Option(names = "--cache-block", paramLabel = "B", defaultValue = "0",
            description = "Cache-block the fused program in blocks of B qubits, 6..24; 0 = off (default: "
                    + "${DEFAULT-VALUE}: it did not pay on the reference machine, see bench/README.md, \"Cache blocking\").")
    int cacheBlock;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seed of the random parameters, uniform in [0, 2π) (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "2",
            description = "Measured seconds per body and thread count, 0.01..600 (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the JSON result to FILE (atomically).")
    Path out;

    /** One thread count's medians (seconds); {@code gradient} is NaN when not timed. */
    record Result(int threads, double h, double forward, double unfused, double gradient) {
    }

    @Override
    public Integer call() {
        if (!(seconds >= 0.01 && seconds <= 600)) {
            throw new IllegalArgumentException("--seconds " + seconds + " out of range; allowed: 0.01..600");
        }
        if (cacheBlock != 0 && (cacheBlock < Simulator.MIN_CACHE_BLOCK_QUBITS
                || cacheBlock > Simulator.MAX_CACHE_BLOCK_QUBITS)) {
            throw new IllegalArgumentException("--cache-block " + cacheBlock + " out of range; allowed: 0 (off) or "
                    + Simulator.MIN_CACHE_BLOCK_QUBITS + ".." + Simulator.MAX_CACHE_BLOCK_QUBITS);
        }
        for (int t : threads) {
            if (t < 1 || t > 1024) {
                throw new IllegalArgumentException("--threads " + t + " out of range; allowed: 1..1024");
            }
        }
        Circuit circuit = ansatz.build();
        Observable obs = Observable.parse(observable);
        if (obs.maxQubit() >= circuit.numQubits()) {
            throw new IllegalArgumentException("--observable " + observable + " acts on qubit " + obs.maxQubit()
                    + " of a " + circuit.numQubits() + "-qubit circuit; allowed: qubits 0.."
                    + (circuit.numQubits() - 1));
        }
        KernelType type = kernel == null ? Kernels.defaultKernel().type() : KernelType.parse(kernel);
        Simulator probe = Simulator.create(type, 1).withCacheBlocking(cacheBlock);
        if (out != null) {
            AtomicFiles.checkWritable(out, "--out", "bench.json"); // now, not after the whole measurement
        }
        int n = circuit.numQubits();
        double[] theta = circuit.randomParameters(seed);
        double[] x = new double[0];
        long c0 = System.nanoTime();
        List<KernelOp> fusedProgram = probe.withFusion(true).program(circuit, theta, x);
        double compileSeconds = (System.nanoTime() - c0) * 1e-9;
        List<KernelOp> unfusedProgram = probe.withFusion(false).program(circuit, theta, x);
        List<KernelOp> h = List.of(Simulator.compile(new Operation(Gates.H, new int[] {0}, new int[0],
                new org.qnnlab.sim.Angle[0]), new double[0]));
        List<Result> results = new ArrayList<>();
        double oldBudget = Timing.budgetSeconds;
        Timing.budgetSeconds = seconds;
        try (StateVector state = StateVector.zero(n)) { // refuses before allocating if it cannot fit
            MemorySegment seg = state.segment();
            if (cacheBlock != 0 && (cacheBlock < Simulator.MIN_CACHE_BLOCK_QUBITS
                || cacheBlock > Simulator.MAX_CACHE_BLOCK_QUBITS)) {
            throw new IllegalArgumentException("--cache-block " + cacheBlock + " out of range; allowed: 0 (off) or "
                    + Simulator.MIN_CACHE_BLOCK_QUBITS + ".." + Simulator.MAX_CACHE_BLOCK_QUBITS);
        }
        for (int t : threads) {
                StateKernel k = Kernels.create(type, t);
                AdjointGradient adjoint = new AdjointGradient(new Simulator(k).withFusion(true)
                        .withCacheBlocking(cacheBlock));
                double[] sink = new double[1];
                List<Runnable> bodies = new ArrayList<>(List.of(
                        () -> k.applyAll(seg, n, h),
                        () -> {
                            state.reset();
                            k.applyAll(seg, n, fusedProgram);
                        },
                        () -> {
                            state.reset();
                            k.applyAll(seg, n, unfusedProgram);
                        }));
                if (gradient) {
                    bodies.add(() -> sink[0] += adjoint.gradient(circuit, theta, x, obs).value());
                }
                double[] med = Timing.interleavedMedianSeconds(bodies.toArray(Runnable[]::new));
                results.add(new Result(t, med[0], med[1], med[2], gradient ? med[3] : Double.NaN));
                double norm = k.normSquared(seg, n);
                if (Math.abs(norm - 1) > 1e-9) {
                    throw new IllegalStateException("the final state's norm is " + norm + " after the timed runs");
                }
            }
        } finally {
            Timing.budgetSeconds = oldBudget;
        }
        ObjectNode doc = toJson(circuit, type, fusedProgram.size(), unfusedProgram.size(), compileSeconds, results);
        if (out != null) {
            AtomicFiles.writeString(out, doc.toPrettyString() + "\n");
        }
        if (json) {
            Json.print(doc);
        } else {
            printTable(spec.commandLine().getOut(), circuit, type, fusedProgram.size(), unfusedProgram.size(),
                    results);
        }
        return 0;
    }

    private ObjectNode toJson(Circuit circuit, KernelType type, int passes, int operations, double compileSeconds,
            List<Result> results) {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("ansatz", ansatz.label());
        doc.put("qubits", circuit.numQubits());
        doc.put("layers", ansatz.layers);
        doc.put("parameters", circuit.numParameters());
        doc.put("kernel", type.id());
        doc.put("operations", operations);
        doc.put("passes", passes);
        doc.put("cache_block_qubits", cacheBlock);
        doc.put("compile_seconds", compileSeconds);
        // the first thread count's numbers at the top level, every thread count under "results"
        put(doc, results.getFirst(), results.getFirst());
        ArrayNode arr = doc.putArray("results");
        for (Result r : results) {
            put(arr.addObject(), r, results.getFirst());
        }
        doc.set("machine", Machine.describe());
        return doc;
    }

    private static void put(ObjectNode o, Result r, Result first) {
        o.put("threads", r.threads());
        o.put("forward_seconds", r.forward());
        o.put("unfused_forward_seconds", r.unfused());
        if (!Double.isNaN(r.gradient())) {
            o.put("gradient_seconds", r.gradient());
        }
        o.put("h_gate_seconds", r.h());
        o.put("forward_in_h_gates", r.forward() / r.h());
        o.put("fusion_speedup", r.unfused() / r.forward());
        o.put("thread_speedup", first.forward() / r.forward());
    }

    private void printTable(PrintWriter w, Circuit circuit, KernelType type, int passes, int operations,
            List<Result> results) {
        w.printf(Locale.ROOT, "qnn bench circuit: %s, %d qubits, %d layers, %d operations -> %d passes, %s kernel%s, "
                + "%s%n", ansatz.label(), circuit.numQubits(), ansatz.layers, operations, passes, type.id(),
                cacheBlock > 0 ? ", cache blocks of " + cacheBlock + " qubits" : "", Machine.summary());
        w.printf("%7s %10s %12s %12s %10s %10s %12s%n", "threads", "H ms", "forward ms", "unfused ms", "in H",
                "fusion", "gradient ms");
        for (Result r : results) {
            w.printf(Locale.ROOT, "%7d %10.3f %12.2f %12.2f %10.0f %9.2fx %12s%n", r.threads(), r.h() * 1e3,
                    r.forward() * 1e3, r.unfused() * 1e3, r.forward() / r.h(), r.unfused() / r.forward(),
                    Double.isNaN(r.gradient()) ? "-" : String.format(Locale.ROOT, "%.2f", r.gradient() * 1e3));
        }
        w.flush();
    }
}
