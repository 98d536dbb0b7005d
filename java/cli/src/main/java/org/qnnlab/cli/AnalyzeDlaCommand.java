package org.qnnlab.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.qnnlab.analysis.Dla;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Observable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code qnn analyze dla}: the dimension of the dynamical Lie algebra spanned by the circuit's generators (Larocca et
 * al., Quantum 6, 824 (2022); Nat. Comput. Sci. 3, 542 (2023)), which bounds the QFIM rank; per qubit count when
 * {@code --qubits} is a range.
 */
@Command(name = "dla", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Dimension of the dynamical Lie algebra of the ansatz's generators (one per parameter).",
            "--qubits A..B gives the dimension per qubit count.",
            "Writes dla.json and dla.csv (the generators, and the basis with --basis)."})
final class AnalyzeDlaCommand implements Callable<Integer> {

    @Mixin
    AnalysisOptions opts = new AnalysisOptions();

    @Option(names = "--max-dimension", paramLabel = "D", defaultValue = "100000",
            description = "Stop the closure at D elements (default: ${DEFAULT-VALUE}; at most 1000000).")
    int maxDimension;

    @Option(names = "--basis", description = "Also list a basis of the algebra (Pauli sums).")
    boolean basis;

    @Override
    public Integer call() {
        if (opts.observable != null) {
            throw new IllegalArgumentException("--observable is not used by analyze dla (the Lie algebra "
                    + "depends on the circuit's generators alone); drop it");
        }
        Output out = opts.output("dla");
        if (maxDimension < 1 || maxDimension > Dla.MAX_DIMENSION) {
            throw new IllegalArgumentException("--max-dimension " + maxDimension + " out of range; allowed: 1.."
                    + Dla.MAX_DIMENSION);
        }
        int[] qubits = opts.qubitRange("4");
        int layers = opts.singleLayers("1");
        List<Circuit> circuits = new ArrayList<>();
        for (int n : qubits) {
            circuits.add(opts.circuit(n, layers)); // every size validated before any work
        }
        long t0 = System.nanoTime();
        List<Dla.Result> results = new ArrayList<>();
        try (ResultFiles.Csv csv = out.csv("dla.csv", List.of("qubits", "kind", "index", "operator"))) {
            for (int i = 0; i < qubits.length; i++) {
                List<Observable> gens = Dla.generators(circuits.get(i));
                Dla.Result r = Dla.closure(gens, qubits[i], maxDimension, basis);
                results.add(r);
                for (int g = 0; g < r.generators().size(); g++) {
                    csv.row(qubits[i], "generator", g, r.generators().get(g));
                }
                for (int b = 0; basis && b < r.basis().size(); b++) {
                    csv.row(qubits[i], "basis", b, r.basis().get(b));
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("analysis", "dla");
        opts.putSource(res);
        res.put("layers", layers);
        if (!opts.fromFile()) {
            res.put("boundary", opts.boundary);
        }
        res.put("max_dimension", maxDimension);
        if (qubits.length == 1) {
            res.put("qubits", qubits[0]);
            res.putAll(resultJson(results.get(0)));
        } else {
            List<Map<String, Object>> dims = new ArrayList<>();
            for (int i = 0; i < qubits.length; i++) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("qubits", qubits[i]);
                m.putAll(resultJson(results.get(i)));
                dims.add(m);
            }
            res.put("dimensions", dims);
        }
        res.put("seconds", seconds);
        out.json("dla.json", res);
        if (opts.json) {
            Json.print(res);
        } else {
            for (int i = 0; i < qubits.length; i++) {
                Dla.Result r = results.get(i);
                System.out.printf(Locale.ROOT, "n = %d: DLA dimension %d%s (from %d generators)%n", qubits[i],
                        r.dimension(), r.truncated() ? " or more: stopped at --max-dimension " + maxDimension : "",
                        r.generators().size());
                if (basis) {
                    r.basis().forEach(b -> System.out.println("  " + b));
                }
            }
            System.out.printf(Locale.ROOT, "%.3f s%n", seconds);
            out.printFooter("dla.json", "dla.csv");
        }
        return 0;
    }

    private Map<String, Object> resultJson(Dla.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dimension", r.dimension());
        m.put("truncated", r.truncated());
        m.put("generators", r.generators());
        if (basis) {
            m.put("basis", r.basis());
        }
        return m;
    }
}
