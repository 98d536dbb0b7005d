package org.qnnlab.cli;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.qnnlab.sim.Angle;
import org.qnnlab.sim.Gate;
import org.qnnlab.sim.Gates;
import org.qnnlab.sim.Operation;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.StateVector;
import org.qnnlab.sim.kernel.KernelOp;
import org.qnnlab.sim.kernel.KernelProvider;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.kernel.Kernels;
import org.qnnlab.sim.kernel.StateKernel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code qnn bench}: the quick look at gate speed against the memory roofline. Every kernel × thread count × gate ×
 * target is timed as the median of repeated in-place applications on a random normalised state; GB/s counts one read
 * and one write of the state per gate ({@code 32·2^n} bytes). The roofline ({@code bandwidth_gbps}) is the speed of
 * an in-place read+write pass over the same buffer ({@link Roofline}). For rigorous numbers use the JMH benchmarks in
 * {@code bench/}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {BenchStepCommand.class, BenchCircuitCommand.class},
        description = {"Quick gate benchmark against the measured memory roofline (JMH in bench/ is the rigorous one).",
            "'qnn bench step' times a training step on 1 thread against more.",
            "'qnn bench circuit' times a whole circuit fused and unfused (and its gradient)."})
final class BenchCommand implements Callable<Integer> {

    /** Gates this command times, by name. */
    static final List<String> GATES = List.of("h", "rz", "cnot", "cz", "unitary2", "rxx");

    @Spec
    CommandSpec spec;

    @Option(names = "--qubits", paramLabel = "N", defaultValue = "20",
            description = "State size in qubits, 4..34 (default: ${DEFAULT-VALUE}).")
    int qubits;

    @Option(names = "--kernel", paramLabel = "K", split = ",",
            description = "Kernels to time, comma-separated (default: every usable kernel).")
    List<String> kernels;

    @Option(names = "--threads", paramLabel = "T", split = ",",
            description = "Thread counts, comma-separated (default: 1 and the available processors).")
    List<Integer> threads;

    @Option(names = "--gates", paramLabel = "G", split = ",", defaultValue = "h,rz,cnot,unitary2",
            description = "Gates: h (dense 1-qubit), rz (diagonal), cnot (controlled X, control t+1), cz (Z on t, control t+1), unitary2 "
                    + "(dense 4x4 on t, t+1), rxx (Pauli rotation on t, t+1) (default: ${DEFAULT-VALUE}).")
    List<String> gates;

    @Option(names = "--targets", paramLabel = "Q", split = ",",
            description = "Target qubits (default: 0, 1, 2, 3, N/2, N-1; 'all' for every target).")
    List<String> targets;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "0.25",
            description = "Measured seconds per median, 0.01..60 (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Option(names = "--compare", description = "Time the two --kernel kernels against each other, alternating runs "
            + "per gate and target (paired medians), so slow drifts of the machine cancel in their ratio.")
    boolean compare;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the JSON result to FILE (atomically).")
    Path out;

    /** One timed configuration. */
    record Result(String kernel, int qubits, int threads, String gate, int target, double secondsPerGate,
            double gbps) {
    }

    @Override
    public Integer call() throws Exception {
        validate();
        if (out != null) {
            AtomicFiles.checkWritable(out, "--out", "bench.json"); // now, not after the whole measurement
        }
        List<Integer> targetList = targetList();
        List<Integer> threadList = threadList();
        List<KernelType> kernelList = kernelList();
        double oldBudget = Timing.budgetSeconds;
        Timing.budgetSeconds = seconds;
        try {
            if (compare) {
                if (kernelList.size() != 2) {
                    throw new IllegalArgumentException("--compare needs exactly two kernels in --kernel, e.g. "
                            + "--kernel vector,eigen; got " + kernelList.size());
                }
                return compare(targetList, threadList, kernelList.get(0), kernelList.get(1));
            }
            return measure(targetList, threadList, kernelList);
        } finally {
            Timing.budgetSeconds = oldBudget; // in-process callers (tests, embedding apps) keep their setting
        }
    }

    private int measure(List<Integer> targetList, List<Integer> threadList, List<KernelType> kernelList)
            throws java.io.IOException {
        java.io.PrintStream err = System.err;

        Map<Integer, List<Double>> rooflineRuns = new LinkedHashMap<>();
        List<Result> results = new ArrayList<>();
        try (StateVector s = StateVector.zero(qubits)) { // refuses before allocating if it cannot fit
            MemorySegment seg = s.segment();
            double bytesPerGate = 32.0 * Math.pow(2, qubits);
            for (KernelType type : kernelList) {
                for (int t : threadList) {
                    StateKernel k = Kernels.create(type, t);
                    if (k.threads() != t && t != threadList.get(0)) {
                        continue; // a single-threaded kernel would repeat its 1-thread numbers
                    }
                    randomise(k, seg, qubits);
                    try (Roofline roof = new Roofline(seg, k.threads())) {
                        for (String g : gates) {
                            for (int q : targetList) {
                                KernelOp op = compile(g, q, qubits);
                                double[] sec = Timing.interleavedMedianSeconds(() -> op.applyTo(k, seg, qubits),
                                        roof::pass);
                                double gbps = bytesPerGate / sec[0] / 1e9;
                                double roofGbps = roof.gbps(sec[1]);
                                rooflineRuns.computeIfAbsent(k.threads(), x -> new ArrayList<>()).add(roofGbps);
                                results.add(new Result(type.id(), qubits, k.threads(), g, q, sec[0], gbps));
                                if (!json) { // the paired roofline run as measured; the table divides by the median
                                    err.printf(Locale.ROOT, "  %-7s %d thr %-9s q=%-2d %9.3f ms %7.2f GB/s (roofline "
                                            + "run %.2f GB/s)%n", type.id(), k.threads(), g, q, sec[0] * 1e3, gbps,
                                            roofGbps);
                                    err.flush();
                                }
                            }
                        }
                    }
                    double norm = Math.sqrt(k.normSquared(seg, qubits));
                    if (!(Math.abs(norm - 1) < 1e-6)) {
                        throw new IllegalStateException("kernel " + type.id() + " left the state with norm " + norm
                                + " after the timed gates: its results are wrong, so its timings are withheld");
                    }
                }
            }
        }
        Map<Integer, Double> roofline = new LinkedHashMap<>();
        rooflineRuns.forEach((t, runs) -> roofline.put(t, medianOf(runs)));
        List<Double> fractions = rooflineFractions(results, roofline);
        ObjectNode doc = toJson(roofline, results, fractions);
        if (out != null) {
            AtomicFiles.writeString(out, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n");
        }
        if (json) {
            Json.print(doc);
        } else {
            printTable(new PrintWriter(System.out, true), roofline, results, fractions);
        }
        return 0;
    }

    /**
     * Kernel B against kernel A on the same gates and targets: their runs alternate
     * ({@link Timing#interleavedMedianSeconds}) on one shared random state (the same memory, so the same cache state),
     * and the ratio B/A is reported.
     */
    private int compare(List<Integer> targetList, List<Integer> threadList, KernelType a, KernelType b)
            throws java.io.IOException {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("qubits", qubits);
        doc.put("kernel_a", a.id());
        doc.put("kernel_b", b.id());
        doc.set("machine", Machine.describe());
        var rows = doc.putArray("comparison");
        List<Double> ratios = new ArrayList<>();
        try (StateVector sa = StateVector.zero(qubits)) {
            MemorySegment seg = sa.segment(); // taken once: the timings are of the kernels, not the state's guard
            for (int t : threadList) {
                StateKernel ka = Kernels.create(a, t);
                StateKernel kb = Kernels.create(b, t);
                randomise(ka, seg, qubits);
                for (String g : gates) {
                    for (int q : targetList) {
                        KernelOp op = compile(g, q, qubits);
                        double[] sec = Timing.interleavedMedianSeconds(() -> op.applyTo(ka, seg, qubits),
                                () -> op.applyTo(kb, seg, qubits));
                        double ratio = sec[1] / sec[0];
                        ratios.add(ratio);
                        var row = rows.addObject();
                        row.put("threads", t);
                        row.put("gate", g);
                        row.put("target", q);
                        row.put("seconds_a", sec[0]);
                        row.put("seconds_b", sec[1]);
                        row.put("ratio", ratio);
                        if (!json) {
                            System.out.printf(Locale.ROOT, "%d thr %-9s q=%-2d  %s %9.4f ms  %s %9.4f ms  %s/%s %.2f%n",
                                    t, g, q, a.id(), sec[0] * 1e3, b.id(), sec[1] * 1e3, b.id(), a.id(), ratio);
                        }
                    }
                }
            }
        }
        doc.put("max_ratio", ratios.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
        doc.put("median_ratio", medianOf(ratios));
        if (out != null) {
            AtomicFiles.writeString(out, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n");
        }
        if (json) {
            Json.print(doc);
        } else {
            System.out.printf(Locale.ROOT, "%s/%s time ratio: median %.2f, max %.2f%n", b.id(), a.id(),
                    medianOf(ratios), doc.get("max_ratio").asDouble());
        }
        return 0;
    }

    /**
     * Each result's GB/s over the roofline printed for its thread count (the median of the paired runs), so the
     * roofline column is the GB/s column divided by the roofline line above it.
     */
    static List<Double> rooflineFractions(List<Result> results, Map<Integer, Double> roofline) {
        List<Double> fractions = new ArrayList<>(results.size());
        for (Result r : results) {
            fractions.add(r.gbps() / roofline.get(r.threads()));
        }
        return fractions;
    }

    private static double medianOf(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : 0.5 * (a[a.length / 2 - 1] + a[a.length / 2]);
    }

    private void validate() {
        if (qubits < 4 || qubits > 34) {
            throw new IllegalArgumentException("--qubits " + qubits + " out of range; allowed: 4..34");
        }
        if (!(seconds >= 0.01 && seconds <= 60)) {
            throw new IllegalArgumentException("--seconds " + seconds + " out of range; allowed: 0.01..60");
        }
        for (String g : gates) {
            if (!GATES.contains(g)) {
                throw new IllegalArgumentException("unknown gate '" + g + "' in --gates; allowed: "
                        + String.join(", ", GATES));
            }
        }
    }

    private List<Integer> targetList() {
        TreeSet<Integer> set = new TreeSet<>();
        if (targets == null) {
            for (int q : new int[] {0, 1, 2, 3, qubits / 2, qubits - 1}) {
                set.add(q);
            }
        } else if (targets.size() == 1 && targets.get(0).equals("all")) {
            for (int q = 0; q < qubits; q++) {
                set.add(q);
            }
        } else {
            for (String t : targets) {
                int q;
                try {
                    q = Integer.parseInt(t.trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--targets value '" + t + "' is not a qubit index; allowed: "
                            + "0.." + (qubits - 1) + " or 'all'");
                }
                if (q < 0 || q >= qubits) {
                    throw new IllegalArgumentException("--targets qubit " + q + " out of range; allowed: 0.."
                            + (qubits - 1));
                }
                set.add(q);
            }
        }
        return new ArrayList<>(set);
    }

    private List<Integer> threadList() {
        List<Integer> list = threads != null ? threads
                : new ArrayList<>(new TreeSet<>(List.of(1, Runtime.getRuntime().availableProcessors())));
        for (int t : list) {
            if (t < 1 || t > 1024) {
                throw new IllegalArgumentException("--threads " + t + " out of range; allowed: 1..1024");
            }
        }
        return list;
    }

    private List<KernelType> kernelList() {
        if (kernels != null) {
            List<KernelType> list = new ArrayList<>();
            for (String k : kernels) {
                KernelType type = KernelType.parse(k);
                Kernels.create(type, 1); // fails now, naming why, if it cannot run
                list.add(type);
            }
            return list;
        }
        List<KernelType> list = new ArrayList<>();
        for (KernelProvider p : Kernels.providers()) {
            if (p.unavailableReason().isEmpty()) {
                list.add(p.type());
            }
        }
        return list;
    }

    /** The gate {@code name} on target {@code q} (and {@code q+1 mod n} for two-qubit gates), compiled. */
    static KernelOp compile(String name, int q, int n) {
        int next = (q + 1) % n;
        return switch (name) {
            case "h" -> op(Gates.H, new int[] {q}, new int[0]);
            case "rz" -> op(Gates.RZ, new int[] {q}, new int[0], 0.3);
            case "cnot" -> op(Gates.X, new int[] {q}, new int[] {next});
            case "cz" -> op(Gates.Z, new int[] {q}, new int[] {next});
            case "unitary2" -> op(Gates.unitary("qft2", qft2()), new int[] {q, next}, new int[0]);
            case "rxx" -> op(Gates.RXX, new int[] {q, next}, new int[0], 0.3);
            default -> throw new IllegalArgumentException("unknown gate '" + name + "'; allowed: "
                    + String.join(", ", GATES));
        };
    }

    private static KernelOp op(Gate gate, int[] targets, int[] controls, double... angles) {
        Angle[] a = new Angle[angles.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = Angle.constant(angles[i]);
        }
        return Simulator.compile(new Operation(gate, targets, controls, a), angles);
    }

    /** The 2-qubit QFT {@code F[j][k] = i^{jk}/2}: a dense 4×4 unitary with no zero entry. */
    static double[] qft2() {
        double[] m = new double[32];
        for (int j = 0; j < 4; j++) {
            for (int k = 0; k < 4; k++) {
                int p = (j * k) & 3;
                m[2 * (4 * j + k)] = p == 0 ? 0.5 : p == 2 ? -0.5 : 0;
                m[2 * (4 * j + k) + 1] = p == 1 ? 0.5 : p == 3 ? -0.5 : 0;
            }
        }
        return m;
    }

    private static void randomise(StateKernel k, MemorySegment seg, int n) {
        SplittableRandom rng = new SplittableRandom(42);
        long doubles = 2L << n;
        for (long i = 0; i < doubles; i++) {
            seg.setAtIndex(JAVA_DOUBLE, i, rng.nextDouble() - 0.5);
        }
        k.scale(seg, n, 1 / Math.sqrt(k.normSquared(seg, n)), 0);
    }

    private ObjectNode toJson(Map<Integer, Double> roofline, List<Result> results, List<Double> fractions) {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("qubits", qubits);
        doc.put("state_bytes", 16L << qubits);
        int first = roofline.keySet().iterator().next();
        doc.put("bandwidth_gbps", roofline.get(first));
        doc.put("bandwidth_threads", first);
        ObjectNode byThreads = doc.putObject("bandwidth_gbps_by_threads");
        roofline.forEach((t, g) -> byThreads.put(Integer.toString(t), g));
        doc.set("machine", Machine.describe());
        ArrayNode arr = doc.putArray("results");
        for (int j = 0; j < results.size(); j++) {
            Result r = results.get(j);
            ObjectNode o = arr.addObject();
            o.put("kernel", r.kernel());
            o.put("qubits", r.qubits());
            o.put("threads", r.threads());
            o.put("gate", r.gate());
            o.put("target", r.target());
            o.put("seconds_per_gate", r.secondsPerGate());
            o.put("gbps", r.gbps());
            o.put("roofline_fraction", fractions.get(j));
        }
        return doc;
    }

    private void printTable(PrintWriter w, Map<Integer, Double> roofline, List<Result> results,
            List<Double> fractions) {
        w.printf(Locale.ROOT, "qnn bench: %d qubits (%s per state), %s%n", qubits, Machine.bytes(16L << qubits),
                Machine.summary());
        roofline.forEach((t, g) -> w.printf(Locale.ROOT, "roofline (in-place read+write, median of the paired runs), %d thread%s: %.2f GB/s%n",
                t, t == 1 ? "" : "s", g));
        w.printf("%-7s %7s %-9s %6s %12s %9s %9s%n", "kernel", "threads", "gate", "target", "ms/gate", "GB/s",
                "roofline");
        for (int j = 0; j < results.size(); j++) {
            Result r = results.get(j);
            w.printf(Locale.ROOT, "%-7s %7d %-9s %6d %12.4f %9.2f %8.0f%%%n", r.kernel(), r.threads(), r.gate(),
                    r.target(), r.secondsPerGate() * 1e3, r.gbps(), 100 * fractions.get(j));
        }
        w.flush();
    }
}
