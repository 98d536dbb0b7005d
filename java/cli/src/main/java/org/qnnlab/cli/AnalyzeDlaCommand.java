package org.qnnlab.cli;

import java.util.LinkedHashMap;
import java.util.List;
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
 * al., Quantum 6, 824 (2022); Nat. Comput. Sci. 3, 542 (2023)), which bounds the QFIM rank.
 */
@Command(name = "dla", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Dimension of the dynamical Lie algebra of the ansatz's generators (one per parameter).",
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
        Output out = opts.output("dla");
        if (maxDimension < 1 || maxDimension > Dla.MAX_DIMENSION) {
            throw new IllegalArgumentException("--max-dimension " + maxDimension + " out of range; allowed: 1.."
                    + Dla.MAX_DIMENSION);
        }
        int n = opts.singleQubits("4");
        int layers = opts.singleLayers("1");
        Circuit c = opts.circuit(n, layers);
        long t0 = System.nanoTime();
        List<Observable> gens = Dla.generators(c);
        Dla.Result r = Dla.closure(gens, n, maxDimension, basis);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("analysis", "dla");
        res.put("ansatz", opts.ansatz);
        res.put("qubits", n);
        res.put("layers", layers);
        res.put("boundary", opts.boundary);
        res.put("dimension", r.dimension());
        res.put("truncated", r.truncated());
        res.put("max_dimension", maxDimension);
        res.put("generators", r.generators());
        if (basis) {
            res.put("basis", r.basis());
        }
        res.put("seconds", seconds);
        out.json("dla.json", res);
        try (ResultFiles.Csv csv = out.csv("dla.csv", List.of("kind", "index",
                "operator"))) {
            for (int i = 0; i < r.generators().size(); i++) {
                csv.row("generator", i, r.generators().get(i));
            }
            if (basis) {
                for (int i = 0; i < r.basis().size(); i++) {
                    csv.row("basis", i, r.basis().get(i));
                }
            }
        }
        if (opts.json) {
            Json.print(res);
        } else {
            System.out.printf("DLA dimension %d%s (from %d generators, %.3f s)%n", r.dimension(),
                    r.truncated() ? " or more: stopped at --max-dimension " + maxDimension : "",
                    r.generators().size(), seconds);
            if (basis) {
                r.basis().forEach(b -> System.out.println("  " + b));
            }
            out.printFooter("dla.json", "dla.csv");
        }
        return 0;
    }
}
