package org.qnnlab.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.qnnlab.analysis.CostEstimate;
import org.qnnlab.analysis.GradientStatistics;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Simulator;
import org.qnnlab.train.ThreadPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code qnn analyze gradvar}: barren plateaus. The variance of one partial derivative {@code ∂_k f} over random
 * initializations {@code θ ~ U[0, 2π)^M} of the hardware-efficient ansatz, against the qubit count and the depth, for
 * a global cost {@code Z^{⊗n}} and a local cost {@code (1/n) Σ_i Z_i}. McClean et al., Nat. Commun. 9, 4812 (2018):
 * for 2-design circuits {@code Var[∂_k f]} vanishes exponentially in n; Cerezo et al., Nat. Commun. 12, 1791 (2021):
 * the global cost decays exponentially already at shallow depth, the local one only polynomially. The fitted rate b
 * of {@code Var ∝ e^(−b n)} ({@link GradientStatistics#fitDecay}) is reported per cost.
 */
@Command(name = "gradvar", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Gradient variance over random initializations, local vs global cost (barren plateaus).",
            "Var dF/d(theta_k) of the HEA vs qubits and layers, with the fitted exponential decay rate per cost.",
            "Writes gradvar.csv, gradvar.json and gradvar.png."})
final class AnalyzeGradvarCommand implements Callable<Integer> {

    @Mixin
    AnalysisOptions opts = new AnalysisOptions();

    @Mixin
    KernelOptions kernelOptions = new KernelOptions();

    @Option(names = "--samples", paramLabel = "K", defaultValue = "200",
            description = "Random initializations per point, 2..100000 (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--parameter", paramLabel = "k", defaultValue = "0",
            description = "Index of the differentiated parameter θ_k; 0 is the first layer's RY on qubit 0 "
                    + "(default: ${DEFAULT-VALUE}).")
    int parameter;

    @Option(names = "--costs", paramLabel = "C[,C]", defaultValue = "local,global",
            description = "Comma-separated costs: local = (1/n) Σ Z_i, global = Z_0 Z_1 … Z_{n−1} "
                    + "(default: ${DEFAULT-VALUE}).")
    String costs;

    @Override
    public Integer call() {
        Output out = opts.output("gradvar");
        if (samples < 2 || samples > 100_000) {
            throw new IllegalArgumentException("--samples " + samples + " out of range; allowed: 2..100000");
        }
        if (!opts.ansatz.strip().equalsIgnoreCase("hea")) {
            throw new IllegalArgumentException("--ansatz " + opts.ansatz + " is not supported by gradvar; allowed: hea "
                    + "(the costs of Cerezo et al. are measured on the hardware-efficient ansatz)");
        }
        if (!opts.boundary.strip().equalsIgnoreCase("open")) {
            throw new IllegalArgumentException("--boundary " + opts.boundary + " is not supported by gradvar; "
                    + "allowed: open (the HEA's CZ ladder)");
        }
        if (opts.observable != null) {
            throw new IllegalArgumentException("--observable is not used by gradvar; choose the cost with --costs "
                    + "(allowed: " + String.join(", ", GradientStatistics.COSTS) + ")");
        }
        List<String> costList = parseCosts(costs);
        int[] qubits = opts.qubitRange("2..6");
        int[] layers = opts.layerRange("2");
        int minParameters = 2 * qubits[0] * layers[0];
        if (parameter < 0 || parameter >= minParameters) {
            throw new IllegalArgumentException("--parameter " + parameter + " out of range for n = " + qubits[0]
                    + ", L = " + layers[0] + " (M = 2nL = " + minParameters + "); allowed: 0.." + (minParameters - 1));
        }
        double estimate = 0;
        for (int n : qubits) {
            for (int l : layers) {
                estimate += costList.size() * CostEstimate.seconds(samples, Ansatz.hea(n, l).size(), n);
            }
        }
        if (estimate > CostEstimate.MAX_SECONDS) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "the sweep --qubits %s --layers %s "
                    + "with --samples %d and %d cost(s) would take about %.0f s (estimate: samples × gates × 2^n × "
                    + "%.0e s per point, summed), more than the %.0f s allowed; reduce --qubits, --layers, --samples "
                    + "or --costs", text(qubits), text(layers), samples, costList.size(), estimate,
                    CostEstimate.SECONDS_PER_AMPLITUDE_GATE, CostEstimate.MAX_SECONDS));
        }
        ThreadPolicy policy = kernelOptions.policy(Arrays.stream(qubits).max().getAsInt());
        Simulator sim = new Simulator(kernelOptions.create(policy.kernelThreads()));
        int threads = policy.itemThreads();
        int total = qubits.length * layers.length * costList.size();
        ProgressBar bar = ProgressBar.onTerminal("gradvar", opts.json);
        List<GradientStatistics.Point> measured = new ArrayList<>();
        List<String> pointCosts = new ArrayList<>();
        List<Map<String, Object>> points = new ArrayList<>();
        long t0 = System.nanoTime();
        try (ResultFiles.Csv csv = out.csv("gradvar.csv",
                List.of("qubits", "layers", "cost", "parameters", "variance", "mean", "samples"))) {
            int done = 0;
            for (int l : layers) {
                for (int n : qubits) {
                    for (String cost : costList) {
                        GradientStatistics.Point p = GradientStatistics.measure(sim, n, l, cost, parameter, samples,
                                opts.seed, threads);
                        csv.row(n, l, cost, p.parameters(), p.variance(), p.mean(), samples);
                        Map<String, Object> pt = new LinkedHashMap<>();
                        pt.put("qubits", n);
                        pt.put("layers", l);
                        pt.put("cost", cost);
                        pt.put("parameters", p.parameters());
                        pt.put("variance", p.variance());
                        pt.put("mean", p.mean());
                        points.add(pt);
                        measured.add(p);
                        pointCosts.add(cost);
                        bar.update(++done, total, "n " + n + ", L " + l + ", " + cost);
                    }
                }
            }
        } finally {
            bar.finish();
        }
        Map<String, Object> rates = new LinkedHashMap<>();
        Map<String, Object> rates2 = new LinkedHashMap<>();
        Map<String, Object> r2 = new LinkedHashMap<>();
        for (String cost : costList) {
            GradientStatistics.Decay d = decay(measured, pointCosts, cost, layers[0], qubits.length);
            rates.put(cost, d == null ? null : d.ratePerQubit());
            rates2.put(cost, d == null ? null : d.ratePerQubitBase2());
            r2.put(cost, d == null ? null : d.r2());
        }
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("analysis", "gradvar");
        res.put("ansatz", "hea");
        res.put("parameter", parameter);
        res.put("costs", costList);
        res.put("points", points);
        res.put("decay_layers", layers[0]);
        res.put("decay_rate", rates);
        res.put("decay_rate_base2", rates2);
        res.put("r2", r2);
        res.put("samples", samples);
        res.put("seed", opts.seed);
        res.put("seconds", (System.nanoTime() - t0) / 1e9);
        out.json("gradvar.json", res);
        List<Plots.Series> series = new ArrayList<>();
        for (int l : layers) {
            for (String cost : costList) {
                double[] x = new double[qubits.length];
                double[] y = new double[qubits.length];
                int i = 0;
                for (int j = 0; j < measured.size(); j++) {
                    if (measured.get(j).layers() == l && pointCosts.get(j).equals(cost)) {
                        x[i] = measured.get(j).qubits();
                        y[i++] = measured.get(j).variance();
                    }
                }
                series.add(new Plots.Series(layers.length > 1 ? cost + ", L = " + l : cost, x, y, true, true));
            }
        }
        out.plot("gradvar.png", "Gradient variance Var[∂f/∂θ_" + parameter + "], HEA, L = "
                + text(layers) + ", " + samples + " samples", "qubits n", "variance", series, List.of(), false, true);
        if (opts.json) {
            Json.print(res);
        } else {
            System.out.printf(Locale.ROOT, "%-7s %-7s %-7s %-11s %-11s %s%n", "qubits", "layers", "cost", "parameters",
                    "variance", "mean");
            for (Map<String, Object> p : points) {
                System.out.printf(Locale.ROOT, "%-7s %-7s %-7s %-11s %-11s %s%n", p.get("qubits"), p.get("layers"),
                        p.get("cost"), p.get("parameters"), ResultFiles.g((double) p.get("variance")),
                        ResultFiles.g((double) p.get("mean")));
            }
            for (String cost : costList) {
                if (rates.get(cost) == null) {
                    System.out.printf(Locale.ROOT, "decay rate %s: n/a (needs at least 2 qubit counts)%n", cost);
                } else {
                    System.out.printf(Locale.ROOT, "decay rate %s (L = %d): Var ∝ e^(-%.4f n) = 2^(-%.4f n), R² %.4f%n",
                            cost, layers[0], (double) rates.get(cost), (double) rates2.get(cost),
                            (double) r2.get(cost));
                }
            }
            out.printFooter("gradvar.csv", "gradvar.json", "gradvar.png");
        }
        return 0;
    }

    /** {@code a} or {@code a..b} for an inclusive range. */
    private static String text(int[] range) {
        return range.length == 1 ? Integer.toString(range[0]) : range[0] + ".." + range[range.length - 1];
    }

    /**
     * Parses {@code --costs}: comma-separated names from {@link GradientStatistics#COSTS}, duplicates dropped, order
     * kept.
     *
     * @throws IllegalArgumentException naming the option, the value and the allowed costs
     */
    static List<String> parseCosts(String text) {
        Set<String> out = new LinkedHashSet<>();
        for (String part : text.split(",", -1)) {
            String c = part.strip().toLowerCase(Locale.ROOT);
            if (!GradientStatistics.COSTS.contains(c)) {
                throw new IllegalArgumentException("--costs '" + text + "': unknown cost '" + part.strip()
                        + "'; allowed: local, global, or both as local,global");
            }
            out.add(c);
        }
        return List.copyOf(out);
    }

    /** The decay fit of one cost over the points at {@code layers}, or null with fewer than two qubit counts. */
    private static GradientStatistics.Decay decay(List<GradientStatistics.Point> measured, List<String> costs,
            String cost, int layers, int qubitCounts) {
        if (qubitCounts < 2) {
            return null;
        }
        List<GradientStatistics.Point> sel = new ArrayList<>();
        for (int j = 0; j < measured.size(); j++) {
            if (measured.get(j).layers() == layers && costs.get(j).equals(cost)) {
                sel.add(measured.get(j));
            }
        }
        try {
            return GradientStatistics.fitDecay(sel);
        } catch (IllegalArgumentException e) { // a zero variance has no logarithm: no rate rather than a failure
            return null;
        }
    }
}
