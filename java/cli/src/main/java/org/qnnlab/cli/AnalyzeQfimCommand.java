package org.qnnlab.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.qnnlab.analysis.Qfim;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.kernel.StateKernel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code qnn analyze qfim}: the QFIM rank against the number of parameters over a depth sweep, and M_c, the first
 * parameter count at which the rank reaches its saturation value (Larocca et al., Nat. Comput. Sci. 3, 542 (2023)).
 */
@Command(name = "qfim", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"QFIM rank vs parameters over --layers A..B at random parameters; M_c marks saturation.",
            "Writes qfim.csv, qfim.json and qfim.png."})
final class AnalyzeQfimCommand implements Callable<Integer> {

    @Mixin
    AnalysisOptions opts = new AnalysisOptions();

    @Option(names = "--tolerance", paramLabel = "TOL", defaultValue = "1e-8",
            description = "Relative eigenvalue tolerance for the rank (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Mixin
    KernelOptions kernelOptions = new KernelOptions();

    @Override
    public Integer call() {
        Output out = opts.output("qfim");
        if (!(tolerance > 0 && tolerance < 1)) {
            throw new IllegalArgumentException("--tolerance " + tolerance + " out of range; allowed: 0 < TOL < 1");
        }
        int n = opts.singleQubits("4");
        int[] layers = opts.layerRange("1..8");
        List<Circuit> circuits = new ArrayList<>();
        for (int l : layers) {
            circuits.add(opts.circuit(n, l)); // validates every point before any work
        }
        Circuit largest = circuits.get(circuits.size() - 1);
        Qfim.checkBudget(n, largest.numParameters()); // the whole sweep is refused up front, with the estimate
        StateKernel kernel = kernelOptions.create();
        Simulator sim = new Simulator(kernel);
        ProgressBar bar = ProgressBar.onTerminal("qfim", opts.json);
        List<Map<String, Object>> points = new ArrayList<>();
        double[] ms = new double[layers.length];
        double[] ranks = new double[layers.length];
        long t0 = System.nanoTime();
        try (ResultFiles.Csv csv = out.csv("qfim.csv",
                List.of("layers", "parameters", "rank", "max_eigenvalue"))) {
            for (int i = 0; i < layers.length; i++) {
                Circuit c = circuits.get(i);
                double[] theta = c.randomParameters(opts.seed);
                Qfim.Rank r = Qfim.rank(Qfim.compute(sim, c, theta, null), tolerance);
                double[] ev = r.eigenvalues();
                csv.row(layers[i], c.numParameters(), r.rank(), ev.length == 0 ? 0.0 : ev[ev.length - 1]);
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("layers", layers[i]);
                p.put("parameters", c.numParameters());
                p.put("rank", r.rank());
                points.add(p);
                ms[i] = c.numParameters();
                ranks[i] = r.rank();
                bar.update(i + 1, layers.length, "rank " + r.rank());
            }
        } finally {
            bar.finish();
        }
        int saturation = 0;
        for (double r : ranks) {
            saturation = Math.max(saturation, (int) r);
        }
        Integer critical = null;
        for (int i = 0; i < ranks.length; i++) {
            if ((int) ranks[i] == saturation) {
                critical = (int) ms[i];
                break;
            }
        }
        boolean saturated = ranks.length >= 2 && ranks[ranks.length - 1] == ranks[ranks.length - 2];
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("analysis", "qfim");
        res.put("ansatz", opts.ansatz);
        res.put("qubits", n);
        res.put("boundary", opts.boundary);
        res.put("seed", opts.seed);
        res.put("tolerance", tolerance);
        res.put("points", points);
        res.put("saturation_rank", saturation);
        res.put("critical_parameters", critical);
        res.put("saturated", saturated);
        res.put("kernel", kernel.type().id());
        res.put("seconds", (System.nanoTime() - t0) / 1e9);
        out.json("qfim.json", res);
        List<Plots.VLine> marks = critical == null ? List.of()
                : List.of(new Plots.VLine("M_c = " + critical, critical));
        out.plot("qfim.png", "QFIM rank, " + opts.ansatz + ", n = " + n, "parameters M",
                "rank", List.of(new Plots.Series("rank", ms, ranks, true, true)), marks, false, false);
        if (opts.json) {
            Json.print(res);
        } else {
            System.out.printf(Locale.ROOT, "%-8s %-11s %s%n", "layers", "parameters", "rank");
            for (Map<String, Object> p : points) {
                System.out.printf(Locale.ROOT, "%-8s %-11s %s%n", p.get("layers"), p.get("parameters"),
                        p.get("rank"));
            }
            System.out.printf(Locale.ROOT, "saturation rank %d, M_c = %s%s (tolerance %.1e)%n", saturation,
                    critical, saturated ? "" : " (not yet saturated: extend --layers)", tolerance);
            out.printFooter("qfim.csv", "qfim.json", "qfim.png");
        }
        return 0;
    }
}
