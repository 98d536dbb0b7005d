package org.qnnlab.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.qnnlab.analysis.CostEstimate;
import org.qnnlab.analysis.MixedStateQfim;
import org.qnnlab.analysis.Overparametrization;
import org.qnnlab.analysis.ensemble.CircuitSpec;
import org.qnnlab.analysis.ensemble.EnsembleEngine;
import org.qnnlab.analysis.Qfim;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.kernel.StateKernel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code qnn analyze qfim}: the generic QFIM rank against the number of parameters over a depth sweep, per qubit
 * count, with M_c and the DLA dimension ({@link Overparametrization}; Larocca et al., Nat. Comput. Sci. 3, 542
 * (2023)).
 */
@Command(name = "qfim", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Generic QFIM rank vs parameters over --layers A..B, per --qubits; M_c and the DLA dimension.",
            "The rank at a depth is the maximum over --points random parameter points; the eigenvalue cut is placed "
                    + "in the widest spectral gap above rounding and reported.",
            "With --noise: the QFIM of the mixed output state (SLD) on density matrices, at most 8 qubits; the rank "
                    + "may then pass the unitary DLA bound (García-Martín, Larocca, Cerezo, arXiv:2302.05059).",
            "Writes qfim.csv (one row per point), qfim.json and qfim.png (rank vs M; R and M_c vs dim g for a qubit "
                    + "range); with --npy also qfim-n<N>-L<L>.npy per depth."})
final class AnalyzeQfimCommand implements Callable<Integer> {

    @Mixin
    AnalysisOptions opts = new AnalysisOptions();

    @Option(names = "--points", paramLabel = "K", defaultValue = "4",
            description = "Random parameter points per depth; the generic rank is the maximum over them (default: "
                    + "${DEFAULT-VALUE}; point k uses seed + k).")
    int points;

    @Option(names = "--no-dla", description = "Skip the DLA dimension (the Lie closure can be slow for the HEA).")
    boolean noDla;

    @Option(names = "--npy", description = "Also write each depth's QFIM at its generic point (the first point of "
            + "the generic rank, generic_point in qfim.json) as qfim-n<N>-L<L>.npy: float64, M × M, for np.load.")
    boolean npy;

    @Mixin
    NoiseOptions noiseOptions = new NoiseOptions();

    @Mixin
    KernelOptions kernelOptions = new KernelOptions();

    @Mixin
    EngineOptions engineOptions = new EngineOptions();

    @Override
    public Integer call() {
        if (opts.observable != null) {
            throw new IllegalArgumentException("--observable is not used by analyze qfim (the QFIM depends on "
                    + "the state alone); drop it");
        }
        Output out = opts.output("qfim");
        if (npy) {
            out.requireFiles("--npy");
        }
        if (points < 1 || points > 1000) {
            throw new IllegalArgumentException("--points " + points + " out of range; allowed: 1..1000");
        }
        int[] qubits = opts.qubitRange("4");
        int[] layers = opts.layerRange("1..8");
        // every point is built, and the whole sweep is priced and sized, before any work
        double estimate = 0;
        for (int n : qubits) {
            Circuit deepest = opts.circuit(n, layers[layers.length - 1]);
            Qfim.checkBudget(n, deepest.numParameters());
            List<Circuit> sweep = new ArrayList<>();
            for (int l : layers) {
                sweep.add(opts.circuit(n, l));
            }
            estimate += CostEstimate.overparametrization(sweep, points);
        }
        CostEstimate.refuseAbove(estimate, "this sweep", "points × (M + 1) state passes × gates per depth and "
                + "qubit count", "--qubits, --layers or --points");
        Overparametrization.Options options = new Overparametrization.Options(points, opts.seed, !noDla, 100_000,
                npy);
        engineOptions.check(out);
        List<String> noiseSpecs = noiseOptions.rules();
        List<List<CircuitSpec>> families = new ArrayList<>();
        for (int n : qubits) {
            List<CircuitSpec> family = new ArrayList<>();
            for (int l : layers) {
                family.add(opts.circuitSpec(n, l));
            }
            families.add(family);
        }
        long t0 = System.nanoTime();
        StateKernel kernel = kernelOptions.create();
        String kernelId = kernel.type().id();
        Simulator sim = kernelOptions.simulator(kernel);
        List<Overparametrization.Sweep> sweeps;
        ProgressBar bar = ProgressBar.onTerminal("qfim", opts.json);
        // one point at a time on the local engine: Qfim splits each point over the kernel's threads
        try (EnsembleEngine engine = engineOptions.create()) {
            sweeps = Overparametrization.sweeps(engineOptions.runner(engine, 1, out, bar), sim, families, layers,
                    options, noiseSpecs);
        } finally {
            bar.finish();
        }
        try (ResultFiles.Csv csv = out.csv("qfim.csv", List.of("qubits", "layers", "parameters", "point", "seed",
                "point_rank", "generic_rank", "tolerance", "smallest_kept", "largest_dropped"))) {
            for (Overparametrization.Sweep s : sweeps) {
                int n = s.qubits();
                for (Overparametrization.Depth d : s.depths()) {
                    int[] pr = d.pointRanks();
                    for (int k = 0; k < pr.length; k++) {
                        csv.row(n, d.layers(), d.parameters(), k, opts.seed + k, pr[k], d.rank(),
                                d.cut().tolerance(), d.cut().smallestKept(), d.cut().largestDropped());
                    }
                    if (npy) {
                        out.npy(npyName(n, d.layers()), d.qfim());
                    }
                }
            }
        }
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("analysis", "qfim");
        opts.putSource(res);
        if (!noiseSpecs.isEmpty()) {
            res.put("noise", noiseSpecs);
            res.put("qfim", MixedStateQfim.DEFINITION + "; rank_within_dla_bound compares with the unitary bound "
                    + "R <= dim g, which noise may pass");
        }
        if (!opts.fromFile()) {
            res.put("boundary", opts.boundary);
        }
        res.put("seed", opts.seed);
        res.put("points_per_depth", points);
        res.put("rank_rule", "generic rank = max over points; eigenvalue cut at the widest spectral gap with lower "
                + "side <= " + Overparametrization.MAX_ZERO + " relative to lambda_max (rounding floor M*eps)");
        List<Map<String, Object>> perN = new ArrayList<>();
        for (Overparametrization.Sweep s : sweeps) {
            perN.add(sweepJson(s));
        }
        if (sweeps.size() == 1) {
            res.putAll(perN.get(0)); // one qubit count: its keys at the top level, as before
        } else {
            res.put("sweeps", perN);
        }
        res.put("kernel", kernelId);
        res.put("seconds", (System.nanoTime() - t0) / 1e9);
        out.json("qfim.json", res);
        plot(out, sweeps);
        List<String> warnings = new ArrayList<>();
        for (Overparametrization.Sweep s : sweeps) {
            s.warnings().forEach(w -> warnings.add("n = " + s.qubits() + ", " + w));
        }
        if (opts.json) {
            Json.print(res);
        } else {
            for (Overparametrization.Sweep s : sweeps) {
                printTable(s);
            }
            warnings.forEach(w -> System.out.println("warning: " + w));
            List<String> files = new ArrayList<>(List.of("qfim.csv", "qfim.json", "qfim.png"));
            if (npy) {
                String first = npyName(qubits[0], layers[0]);
                String last = npyName(qubits[qubits.length - 1], layers[layers.length - 1]);
                files.add(first.equals(last) ? first : first + " … " + last);
            }
            out.printFooter(files.toArray(String[]::new));
        }
        return 0;
    }

    /** The file of the QFIM at n qubits and l layers. */
    static String npyName(int n, int l) {
        return "qfim-n" + n + "-L" + l + ".npy";
    }

    private static Map<String, Object> sweepJson(Overparametrization.Sweep s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("qubits", s.qubits());
        List<Map<String, Object>> pts = new ArrayList<>();
        for (Overparametrization.Depth d : s.depths()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("layers", d.layers());
            p.put("parameters", d.parameters());
            p.put("rank", d.rank());
            p.put("point_ranks", d.pointRanks());
            p.put("generic_point", d.genericPoint());
            p.put("tolerance", d.cut().tolerance());
            p.put("smallest_kept", d.cut().smallestKept());
            p.put("largest_dropped", d.cut().largestDropped());
            p.put("clear_gap", d.cut().clear());
            p.put("max_eigenvalue", d.maxEigenvalue());
            pts.add(p);
        }
        m.put("points", pts);
        m.put("saturation_rank", s.saturatedRank());
        m.put("critical_parameters", s.criticalParameters());
        m.put("saturated", s.saturated());
        m.put("dla_dimension", s.dlaDimension());
        m.put("dla_truncated", s.dlaTruncated());
        m.put("rank_within_dla_bound", s.withinDlaBound());
        m.put("warnings", s.warnings());
        return m;
    }

    private static void plot(Output out, List<Overparametrization.Sweep> sweeps) {
        if (sweeps.size() == 1 || sweeps.stream().anyMatch(s -> s.dlaDimension() == null)) {
            List<Plots.Series> series = new ArrayList<>();
            List<Plots.VLine> marks = new ArrayList<>();
            for (Overparametrization.Sweep s : sweeps) {
                double[] ms = s.depths().stream().mapToDouble(Overparametrization.Depth::parameters).toArray();
                double[] rs = s.depths().stream().mapToDouble(Overparametrization.Depth::rank).toArray();
                series.add(new Plots.Series("n = " + s.qubits(), ms, rs, true, true));
                if (s.criticalParameters() != null) {
                    marks.add(new Plots.VLine("M_c = " + s.criticalParameters() + " (n = " + s.qubits() + ")",
                            s.criticalParameters()));
                }
            }
            out.plot("qfim.png", "Generic QFIM rank vs parameters", "parameters M", "generic rank", series, marks,
                    false, false);
            return;
        }
        double[] dim = sweeps.stream().mapToDouble(Overparametrization.Sweep::dlaDimension).toArray();
        double[] r = sweeps.stream().mapToDouble(Overparametrization.Sweep::saturatedRank).toArray();
        double[] mc = sweeps.stream().mapToDouble(s -> s.criticalParameters() == null ? Double.NaN
                : s.criticalParameters()).toArray();
        out.plot("qfim.png", "Saturated QFIM rank R and M_c vs DLA dimension", "dim g", "R, M_c",
                List.of(new Plots.Series("R (saturated rank)", dim, r, true, true),
                        new Plots.Series("M_c", dim, mc, true, true),
                        new Plots.Series("R = dim g (bound)", dim, dim, true, false)),
                List.of(), false, false);
    }

    private static void printTable(Overparametrization.Sweep s) {
        System.out.printf(Locale.ROOT, "n = %d%n", s.qubits());
        System.out.printf(Locale.ROOT, "  %-7s %-11s %-13s %-13s %s%n", "layers", "parameters", "generic rank",
                "point ranks", "kept / dropped (rel. to λ_max)");
        for (Overparametrization.Depth d : s.depths()) {
            System.out.printf(Locale.ROOT, "  %-7d %-11d %-13d %-13s %.1e / %.1e%n", d.layers(), d.parameters(),
                    d.rank(), joined(d.pointRanks()), d.cut().smallestKept(), d.cut().largestDropped());
        }
        System.out.printf(Locale.ROOT, "  saturated rank R = %d, M_c = %s%s; DLA dimension %s%s%n",
                s.saturatedRank(), s.criticalParameters(),
                s.saturated() ? "" : " (not yet saturated: extend --layers)",
                s.dlaDimension() == null ? "not computed" : s.dlaDimension() + (s.dlaTruncated() ? "+" : ""),
                s.dlaDimension() == null ? "" : s.withinDlaBound() ? " (R ≤ dim g holds)"
                        : " (R > dim g: the bound is violated; please report)");
    }

    private static String joined(int[] v) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ",").append(v[i]);
        }
        return b.toString();
    }
}
