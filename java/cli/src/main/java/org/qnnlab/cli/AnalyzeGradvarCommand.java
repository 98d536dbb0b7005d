package org.qnnlab.cli;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.qnnlab.analysis.CostEstimate;
import org.qnnlab.analysis.GradientStatistics;
import org.qnnlab.analysis.LieAlgebraicVariance;
import org.qnnlab.analysis.LieDecomposition;
import org.qnnlab.analysis.NoiseInducedBarrenPlateau;
import org.qnnlab.analysis.ensemble.CircuitSpec;
import org.qnnlab.analysis.ensemble.EnsembleEngine;
import org.qnnlab.sim.Boundary;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.noise.NoiseModel;
import org.qnnlab.train.ThreadPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code qnn analyze gradvar}: barren plateaus. Samples the loss ℓ and one derivative {@code ∂_k ℓ} over random
 * initializations of any ansatz, for the costs of {@link GradientStatistics} ({@code local}, Cerezo et al.'s
 * {@code global = 1 − |0⟩⟨0|^{⊗n}}, {@code global-z}), writes their variances with standard errors per (n, layers,
 * cost), the exact one-layer HEA values beside them where they apply, and per cost and depth both decay fits in n
 * (exponential and power law, R², the better one). With {@code --noise} every sample is the noisy cost on density
 * matrices and each point gets Wang et al.'s noise-induced barren plateau bound beside it
 * ({@link NoiseInducedBarrenPlateau}). The science is {@link GradientStatistics}; this class parses and writes.
 */
@Command(name = "gradvar", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Loss and gradient variance over random initializations (barren plateaus).",
            "Var l and Var dl/d(theta_k) with standard errors vs qubits and layers for each cost, exact one-layer HEA "
                    + "values beside them, and exponential and power-law fits in n with R².",
            "With --noise: every sample is the noisy cost and its derivative on density matrices, with Wang et al.'s "
                    + "noise-induced barren plateau bound (Nat. Commun. 12, 6961 (2021)) beside each point where it "
                    + "applies (local Pauli noise); sweep --layers to see the decay in depth (gradvar-depth.png).",
            "Writes gradvar.csv, gradvar-fits.csv, gradvar.json and gradvar.png."})
final class AnalyzeGradvarCommand implements Callable<Integer> {

    /** What each cost id means, written into the JSON. */
    private static final Map<String, String> COST_DEFINITIONS = Map.of(
            "local", "(1/n) sum_j Z_j  (= 1 - 2 C_L of Cerezo et al.)",
            "global", "1 - |0><0|^n  (C_G of Cerezo et al., Nat. Commun. 12, 1791 (2021))",
            "global-z", "Z_0 Z_1 ... Z_(n-1)");

    @Mixin
    AnalysisOptions opts = new AnalysisOptions();

    @Mixin
    KernelOptions kernelOptions = new KernelOptions();

    @Mixin
    EngineOptions engineOptions = new EngineOptions();

    @Option(names = "--samples", paramLabel = "K", defaultValue = "200",
            description = "Random initializations per point, 2..100000 (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--parameter", paramLabel = "k", defaultValue = "0",
            description = "Index of the differentiated parameter θ_k; for the HEA 0 is the first layer's RY on qubit "
                    + "0 (default: ${DEFAULT-VALUE}).")
    int parameter;

    @Option(names = "--costs", paramLabel = "C[,C]", defaultValue = "local,global,global-z",
            description = "Comma-separated costs: local = (1/n) Σ Z_j, global = 1 − |0…0><0…0| (Cerezo et al.), "
                    + "global-z = Z_0 Z_1 … Z_{n−1} (default: ${DEFAULT-VALUE}).")
    String costs;

    @Mixin
    NoiseOptions noiseOptions = new NoiseOptions();

    /** One (n, layers, cost) point to measure, built and checked before any work. */
    private record Job(int qubits, int layers, String cost, Circuit circuit, CircuitSpec spec, Observable observable,
            NoiseInducedBarrenPlateau.Bound bound) {
    }

    @Override
    public Integer call() {
        Output out = opts.output("gradvar");
        if (samples < 2 || samples > 100_000) {
            throw new IllegalArgumentException("--samples " + samples + " out of range; allowed: 2..100000");
        }
        if (opts.observable != null) {
            throw new IllegalArgumentException("--observable is not used by gradvar; choose the cost with --costs "
                    + "(allowed: " + String.join(", ", GradientStatistics.COSTS) + ")");
        }
        String ansatz = opts.fromFile() ? opts.label() : opts.ansatzName().strip().toLowerCase(Locale.ROOT);
        Boundary boundary = opts.boundary();
        if (ansatz.equals("hea") && boundary != Boundary.OPEN) {
            throw new IllegalArgumentException("--boundary " + opts.boundary + " is not supported for --ansatz hea; "
                    + "allowed: open (the HEA's CZ ladder)");
        }
        List<String> costList = parseCosts(costs);
        List<String> noiseSpecs = noiseOptions.rules();
        NoiseModel noiseModel = NoiseModel.parse(noiseSpecs); // a bad rule fails before any work
        int[] qubits = opts.qubitRange("2..6");
        int[] layers = opts.layerRange("1");
        List<Job> jobs = new ArrayList<>();
        double estimate = 0;
        for (int l : layers) {
            for (int n : qubits) {
                CircuitSpec spec = opts.circuitSpec(n, l);
                Circuit c = spec.circuit();
                int m = c.numParameters();
                if (parameter < 0 || parameter >= m) {
                    throw new IllegalArgumentException("--parameter " + parameter + " out of range for " + ansatz
                            + " with n = " + n + ", L = " + l + " (M = " + m + " parameters); allowed: 0.." + (m - 1));
                }
                Circuit noisy = noiseSpecs.isEmpty() ? c
                        : org.qnnlab.sim.noise.NoisyExpectation.noisyCircuit(c, noiseModel);
                for (String cost : costList) {
                    Observable o = GradientStatistics.cost(cost, n);
                    jobs.add(new Job(n, l, cost, c, spec, o,
                            noiseSpecs.isEmpty() ? null : NoiseInducedBarrenPlateau.of(noisy, o, parameter)));
                    estimate += noiseSpecs.isEmpty() ? GradientStatistics.estimateSeconds(c, o, samples)
                            : GradientStatistics.estimateSecondsNoisy(noisy, o, samples);
                }
            }
        }
        CostEstimate.refuseAbove(estimate, String.format(Locale.ROOT, "the sweep --qubits %s --layers %s with "
                + "--samples %d and %d cost(s)", text(qubits), text(layers), samples, costList.size()),
                "samples × (4 gates + 2 cost terms), summed over points,", "--qubits, --layers, --samples or --costs");
        engineOptions.check(out);
        int largest = qubits[qubits.length - 1]; // a density matrix is a state of 2n qubits
        ThreadPolicy policy = kernelOptions.policy(noiseSpecs.isEmpty() ? largest : 2 * largest);
        Simulator sim = kernelOptions.simulator(kernelOptions.create(policy.kernelThreads()));
        List<GradientStatistics.Request> requests = new ArrayList<>();
        for (Job job : jobs) {
            requests.add(new GradientStatistics.Request(job.spec(), job.observable(), parameter, samples, opts.seed,
                    noiseSpecs));
        }
        long t0 = System.nanoTime();
        ProgressBar bar = ProgressBar.onTerminal("gradvar", opts.json);
        List<GradientStatistics.Sample> sampled;
        try (EnsembleEngine engine = engineOptions.create()) {
            sampled = GradientStatistics.sampleAll(engineOptions.runner(engine, policy.itemThreads(), out, bar), sim,
                    requests);
        } finally {
            bar.finish();
        }
        List<Map<String, Object>> points = new ArrayList<>();
        List<GradientStatistics.Sample> measured = new ArrayList<>();
        List<String> columns = new ArrayList<>(List.of("qubits", "layers", "cost", "parameters",
                "samples", "loss_mean", "loss_variance", "loss_variance_error", "gradient_mean", "gradient_variance",
                "gradient_variance_error", "exact_loss_variance", "exact_gradient_variance",
                "lie_algebraic_loss_variance", "lie_algebraic_gradient_variance"));
        if (!noiseSpecs.isEmpty()) { // noiseless files keep their columns
            columns.addAll(List.of("gradient_max_abs", "noise_layers", "noise_q", "wang_gradient_bound",
                    "wang_gradient_variance_bound"));
        }
        try (ResultFiles.Csv csv = out.csv("gradvar.csv", columns)) {
            // one decomposition per circuit: the costs of a (qubits, layers) point share their circuit
            Map<Circuit, Object> algebras = new IdentityHashMap<>();
            for (Job job : jobs) {
                GradientStatistics.Sample s = sampled.get(points.size());
                boolean noiseless = noiseSpecs.isEmpty(); // the exact and Lie-algebraic values are noiseless theory
                Optional<GradientStatistics.Exact> exact = noiseless && !opts.fromFile() && ansatz.equals("hea")
                        && job.layers() == 1
                        ? GradientStatistics.exactOneLayerHea(job.cost(), job.qubits(), parameter)
                        : Optional.empty();
                Double exactLoss = exact.map(GradientStatistics.Exact::loss).orElse(null);
                Double exactGradient = exact.map(GradientStatistics.Exact::gradient).orElse(null);
                LieOrNote lieAlg = noiseless ? lieAlgebraic(job, algebras, sim)
                        : new LieOrNote(null, "noiseless theory: not computed with --noise");
                Double lie = lieAlg.result() == null ? null : lieAlg.result().variance();
                Double lieGradient = lieAlg.result() == null ? null
                        : lieAlg.result().gradientVariances().get(parameter);
                List<Object> row = new ArrayList<>(java.util.Arrays.asList(job.qubits(), job.layers(), job.cost(),
                        s.parameters(), samples, s.loss().mean(), s.loss().variance(), s.loss().varianceError(),
                        s.gradient().mean(), s.gradient().variance(), s.gradient().varianceError(), exactLoss,
                        exactGradient, lie, lieGradient));
                double maxAbs = 0;
                for (double d : s.gradients()) {
                    maxAbs = Math.max(maxAbs, Math.abs(d));
                }
                NoiseInducedBarrenPlateau.Bound bound = job.bound();
                Double wang = bound == null || !bound.applies() ? null : bound.value();
                Double wangVariance = wang == null ? null : bound.varianceBound();
                if (!noiseless) {
                    row.addAll(java.util.Arrays.asList(maxAbs, bound.noiseLayers(),
                            Double.isNaN(bound.q()) ? null : bound.q(), wang, wangVariance));
                }
                csv.row(row.toArray());
                Map<String, Object> pt = new LinkedHashMap<>();
                pt.put("qubits", job.qubits());
                pt.put("layers", job.layers());
                pt.put("cost", job.cost());
                pt.put("parameters", s.parameters());
                pt.put("loss_mean", s.loss().mean());
                pt.put("loss_variance", s.loss().variance());
                pt.put("loss_variance_error", s.loss().varianceError());
                pt.put("gradient_mean", s.gradient().mean());
                pt.put("gradient_mean_error", s.gradient().meanError());
                pt.put("gradient_variance", s.gradient().variance());
                pt.put("gradient_variance_error", s.gradient().varianceError());
                pt.put("loss_flat", GradientStatistics.isFlat(s.loss()));
                pt.put("gradient_flat", GradientStatistics.isFlat(s.gradient()));
                pt.put("exact_loss_variance", exactLoss);
                pt.put("exact_gradient_variance", exactGradient);
                pt.put("lie_algebraic_loss_variance", lie);
                pt.put("lie_algebraic_gradient_variance", lieGradient);
                if (!noiseless) {
                    pt.put("gradient_max_abs", maxAbs);
                    pt.put("noise_layers", bound.noiseLayers());
                    pt.put("noise_q", Double.isNaN(bound.q()) ? null : bound.q());
                    pt.put("wang_gradient_bound", wang);
                    pt.put("wang_gradient_variance_bound", wangVariance);
                    if (!bound.applies()) {
                        pt.put("wang_note", bound.note());
                    }
                }
                if (lieAlg.result() != null) {
                    pt.put("lie_algebraic_ideal_dimensions", lieAlg.result().ideals().stream()
                            .map(LieAlgebraicVariance.Ideal::dimension).toList());
                } else {
                    pt.put("lie_algebraic_note", lieAlg.note());
                }
                points.add(pt);
                measured.add(s);
            }
        }
        List<Map<String, Object>> fits = new ArrayList<>();
        try (ResultFiles.Csv csv = out.csv("gradvar-fits.csv", List.of("cost", "layers", "quantity",
                "exponential_rate", "exponential_coefficient", "exponential_r2", "power_law_exponent",
                "power_law_coefficient", "power_law_r2", "better"))) {
            for (int l : layers) {
                for (String cost : costList) {
                    Map<String, Object> f = new LinkedHashMap<>();
                    f.put("cost", cost);
                    f.put("layers", l);
                    for (String quantity : List.of("loss", "gradient")) {
                        GradientStatistics.Scaling sc = scaling(jobs, measured, cost, l, quantity);
                        f.put(quantity, sc == null ? null : fitJson(sc));
                        if (sc != null) {
                            csv.row(cost, l, quantity, sc.exponential().rate(), sc.exponential().coefficient(),
                                    sc.exponential().r2(), sc.powerLaw().exponent(), sc.powerLaw().coefficient(),
                                    sc.powerLaw().r2(), sc.better());
                        }
                    }
                    fits.add(f);
                }
            }
        }
        List<Map<String, Object>> depthFits = new ArrayList<>();
        if (!noiseSpecs.isEmpty() && layers.length > 1) {
            try (ResultFiles.Csv csv = out.csv("gradvar-depth-fits.csv", List.of("cost", "qubits", "rate",
                    "coefficient", "r2", "wang_bound_rate"))) {
                for (int n : qubits) {
                    for (String cost : costList) {
                        NoiseInducedBarrenPlateau.DepthDecay d = depthDecay(jobs, measured, n, cost);
                        Map<String, Object> f = new LinkedHashMap<>();
                        f.put("cost", cost);
                        f.put("qubits", n);
                        if (d != null) {
                            f.put("rate", d.measured().rate());
                            f.put("coefficient", d.measured().coefficient());
                            f.put("r2", d.measured().r2());
                            f.put("wang_bound_rate", Double.isNaN(d.boundRate()) ? null : d.boundRate());
                            csv.row(cost, n, d.measured().rate(), d.measured().coefficient(), d.measured().r2(),
                                    Double.isNaN(d.boundRate()) ? null : d.boundRate());
                        }
                        depthFits.add(f);
                    }
                }
            }
        }
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("analysis", "gradvar");
        res.put("ansatz", ansatz);
        if (!opts.fromFile()) {
            res.put("boundary", boundary.name().toLowerCase(Locale.ROOT));
        }
        res.put("parameter", parameter);
        res.put("costs", costList);
        Map<String, Object> defs = new LinkedHashMap<>();
        costList.forEach(c -> defs.put(c, COST_DEFINITIONS.get(c)));
        res.put("cost_definitions", defs);
        res.put("lie_algebraic", "deep-circuit predictions: loss variance by Ragone et al. (arXiv:2309.09342, "
                + "Theorem 1) over the simple ideals of the DLA; gradient variance derived in qnnlab from it for a "
                + "parameter deep inside the circuit (both halves 2-designs), not quoted from the paper; neither "
                + "applies at shallow depth or for the first and last parameters");
        if (!noiseSpecs.isEmpty()) {
            res.put("noise", noiseSpecs);
            res.put("wang_bound", NoiseInducedBarrenPlateau.STATEMENT);
        }
        res.put("points", points);
        if (!depthFits.isEmpty()) {
            res.put("depth_fits", depthFits);
        }
        res.put("fits", fits);
        res.put("samples", samples);
        res.put("seed", opts.seed);
        res.put("estimate_seconds", estimate);
        res.put("seconds", (System.nanoTime() - t0) / 1e9);
        out.json("gradvar.json", res);
        if (!noiseSpecs.isEmpty() && layers.length > 1) {
            out.plot("gradvar-depth.png", "Var[∂ℓ/∂θ_" + parameter + "] under " + String.join(" ", noiseSpecs) + ", "
                    + ansatz + ", " + samples + " samples", "layers L", "variance",
                    depthSeries(jobs, measured, qubits, costList), List.of(), false, true);
        }
        out.plot("gradvar.png", "Var[∂ℓ/∂θ_" + parameter + "], " + ansatz + ", L = " + text(layers) + ", " + samples
                + " samples", "qubits n", "variance", series(jobs, measured, layers, costList), List.of(), false,
                true);
        if (opts.json) {
            Json.print(res);
        } else {
            printTable(points, fits);
            for (Map<String, Object> f : depthFits) {
                String what = String.format(Locale.ROOT, "decay in depth of Var grad, %s, n = %s", f.get("cost"),
                        f.get("qubits"));
                if (!f.containsKey("rate")) {
                    System.out.println(what + ": n/a (needs 2 depths, each with a variance above rounding)");
                    continue;
                }
                Object bound = f.get("wang_bound_rate");
                System.out.printf(Locale.ROOT, "%s: e^(%s L) R² %.4f; Wang bound² e^(%s L)%n", what,
                        negated((double) f.get("rate")), (double) f.get("r2"),
                        bound == null ? "n/a" : negated((double) bound));
            }
            if (!noiseSpecs.isEmpty()) {
                System.out.println("Wang bound: a bound for local Pauli noise, not a prediction; its form and constant "
                        + "are as recalled from the paper, not yet checked against its theorem (wang_bound in "
                        + "gradvar.json)");
            }
            if (!noiseSpecs.isEmpty() && layers.length > 1) {
                out.printFooter("gradvar.csv", "gradvar-fits.csv", "gradvar-depth-fits.csv", "gradvar.json",
                        "gradvar.png", "gradvar-depth.png");
            } else {
                out.printFooter("gradvar.csv", "gradvar-fits.csv", "gradvar.json", "gradvar.png");
            }
        }
        return 0;
    }

    /** Both fits of one variance over n at one cost and depth; null with < 2 qubit counts or a flat point. */
    private static GradientStatistics.Scaling scaling(List<Job> jobs, List<GradientStatistics.Sample> measured,
            String cost, int layers, String quantity) {
        List<double[]> xy = new ArrayList<>();
        for (int j = 0; j < jobs.size(); j++) {
            if (jobs.get(j).layers() == layers && jobs.get(j).cost().equals(cost)) {
                GradientStatistics.Sample s = measured.get(j);
                GradientStatistics.Moments m = quantity.equals("loss") ? s.loss() : s.gradient();
                if (GradientStatistics.isFlat(m)) {
                    return null; // e.g. an RZ angle of the one-layer HEA: ∂ℓ ≡ 0, rounding has no decay law
                }
                xy.add(new double[] {s.qubits(), m.variance()});
            }
        }
        if (xy.size() < 2) {
            return null;
        }
        return GradientStatistics.fitScaling(xy.stream().mapToDouble(p -> p[0]).toArray(),
                xy.stream().mapToDouble(p -> p[1]).toArray());
    }

    private static Map<String, Object> fitJson(GradientStatistics.Scaling sc) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("rate", sc.exponential().rate());
        e.put("coefficient", sc.exponential().coefficient());
        e.put("r2", sc.exponential().r2());
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("exponent", sc.powerLaw().exponent());
        p.put("coefficient", sc.powerLaw().coefficient());
        p.put("r2", sc.powerLaw().r2());
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("exponential", e);
        f.put("power_law", p);
        f.put("better", sc.better());
        return f;
    }

    /** The gradient variance per cost (and depth) against n, flat points left out (log axis). */
    private static List<Plots.Series> series(List<Job> jobs, List<GradientStatistics.Sample> measured, int[] layers,
            List<String> costList) {
        List<Plots.Series> series = new ArrayList<>();
        for (int l : layers) {
            for (String cost : costList) {
                List<double[]> xy = new ArrayList<>();
                for (int j = 0; j < jobs.size(); j++) {
                    GradientStatistics.Moments m = measured.get(j).gradient();
                    if (jobs.get(j).layers() == l && jobs.get(j).cost().equals(cost) && !GradientStatistics.isFlat(m)) {
                        xy.add(new double[] {jobs.get(j).qubits(), m.variance()});
                    }
                }
                if (!xy.isEmpty()) {
                    series.add(new Plots.Series(layers.length > 1 ? cost + ", L = " + l : cost,
                            xy.stream().mapToDouble(p -> p[0]).toArray(), xy.stream().mapToDouble(p -> p[1]).toArray(),
                            true, true));
                }
            }
        }
        return series;
    }

    /** The decay in depth of one (n, cost)'s gradient variance, or null with fewer than 2 non-flat depths. */
    private static NoiseInducedBarrenPlateau.DepthDecay depthDecay(List<Job> jobs,
            List<GradientStatistics.Sample> measured, int n, String cost) {
        List<Integer> l = new ArrayList<>();
        List<Double> v = new ArrayList<>();
        List<NoiseInducedBarrenPlateau.Bound> b = new ArrayList<>();
        for (int j = 0; j < jobs.size(); j++) {
            Job job = jobs.get(j);
            GradientStatistics.Moments m = measured.get(j).gradient();
            if (job.qubits() == n && job.cost().equals(cost) && !GradientStatistics.isFlat(m)) {
                l.add(job.layers());
                v.add(m.variance());
                b.add(job.bound());
            }
        }
        if (l.size() < 2) {
            return null;
        }
        return NoiseInducedBarrenPlateau.depthDecay(l.stream().mapToInt(Integer::intValue).toArray(),
                v.stream().mapToDouble(Double::doubleValue).toArray(),
                b.toArray(NoiseInducedBarrenPlateau.Bound[]::new));
    }

    /** The gradient variance per cost and n against depth, with Wang et al.'s variance bound where it applies. */
    private static List<Plots.Series> depthSeries(List<Job> jobs, List<GradientStatistics.Sample> measured,
            int[] qubits, List<String> costList) {
        List<Plots.Series> series = new ArrayList<>();
        for (int n : qubits) {
            for (String cost : costList) {
                List<double[]> xy = new ArrayList<>();
                List<double[]> bound = new ArrayList<>();
                for (int j = 0; j < jobs.size(); j++) {
                    Job job = jobs.get(j);
                    if (job.qubits() != n || !job.cost().equals(cost)) {
                        continue;
                    }
                    GradientStatistics.Moments m = measured.get(j).gradient();
                    if (!GradientStatistics.isFlat(m)) {
                        xy.add(new double[] {job.layers(), m.variance()});
                    }
                    if (job.bound() != null && job.bound().applies()) {
                        bound.add(new double[] {job.layers(), job.bound().varianceBound()});
                    }
                }
                String label = qubits.length > 1 ? cost + ", n = " + n : cost;
                if (!xy.isEmpty()) {
                    series.add(new Plots.Series(label, xy.stream().mapToDouble(p -> p[0]).toArray(),
                            xy.stream().mapToDouble(p -> p[1]).toArray(), true, true));
                }
                if (!bound.isEmpty()) {
                    series.add(new Plots.Series(label + ", Wang bound²", bound.stream().mapToDouble(p -> p[0])
                            .toArray(), bound.stream().mapToDouble(p -> p[1]).toArray(), true, false));
                }
            }
        }
        return series;
    }

    private static void printTable(List<Map<String, Object>> points, List<Map<String, Object>> fits) {
        boolean noisy = !points.isEmpty() && points.get(0).containsKey("noise_layers");
        if (noisy) {
            String row = "%-7s %-7s %-9s %-22s %-22s %-11s %-11s %-11s %-3s%n";
            System.out.printf(Locale.ROOT, row, "qubits", "layers", "cost", "Var loss ± se", "Var grad ± se",
                    "Wang bound²", "max|grad|", "Wang bound", "K");
            for (Map<String, Object> p : points) {
                System.out.printf(Locale.ROOT, row, p.get("qubits"), p.get("layers"), p.get("cost"),
                        pm(p.get("loss_variance"), p.get("loss_variance_error")),
                        pm(p.get("gradient_variance"), p.get("gradient_variance_error")),
                        g(p.get("wang_gradient_variance_bound")), g(p.get("gradient_max_abs")),
                        g(p.get("wang_gradient_bound")), p.get("noise_layers"));
            }
            points.stream().map(p -> (String) p.get("wang_note")).filter(java.util.Objects::nonNull).distinct()
                    .forEach(note -> System.out.println("Wang bound n/a: " + note));
        } else {
            String row = "%-7s %-7s %-9s %-22s %-11s %-22s %-11s%n";
            System.out.printf(Locale.ROOT, row, "qubits", "layers", "cost", "Var loss ± se", "exact", "Var grad ± se",
                    "exact");
            for (Map<String, Object> p : points) {
                System.out.printf(Locale.ROOT, row, p.get("qubits"), p.get("layers"), p.get("cost"),
                        pm(p.get("loss_variance"), p.get("loss_variance_error")), g(p.get("exact_loss_variance")),
                        pm(p.get("gradient_variance"), p.get("gradient_variance_error")),
                        g(p.get("exact_gradient_variance")));
            }
        }
        for (Map<String, Object> f : fits) {
            for (String quantity : List.of("loss", "gradient")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> q = (Map<String, Object>) f.get(quantity);
                String what = String.format(Locale.ROOT, "fit Var %s, %s, L = %s", quantity, f.get("cost"),
                        f.get("layers"));
                if (q == null) {
                    System.out.println(what + ": n/a (needs 2 qubit counts, each with a variance above rounding, "
                            + GradientStatistics.ROUNDING_VARIANCE + ")");
                    continue;
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> e = (Map<String, Object>) q.get("exponential");
                @SuppressWarnings("unchecked")
                Map<String, Object> p = (Map<String, Object>) q.get("power_law");
                Object better = q.get("better");
                System.out.printf(Locale.ROOT, "%s: e^(%s n) R² %.4f, n^(%s) R² %.4f, better: %s%n", what,
                        negated((double) e.get("rate")), (double) e.get("r2"), negated((double) p.get("exponent")),
                        (double) p.get("r2"), better == null ? "undecided (2 qubit counts)" : better);
            }
        }
    }

    /**
     * {@code −x} with 4 decimals and one sign, for a decay rate or exponent x shown as {@code e^(−x n)} or
     * {@code n^(−x)}: {@code 1.0006 → "-1.0006"}, {@code -1.0006 → "1.0006"} (a growing fit), never {@code "--1.0006"}.
     */
    static String negated(double x) {
        return String.format(Locale.ROOT, "%.4f", -x + 0.0).replaceFirst("^-0\\.0000$", "0.0000");
    }

    private static String pm(Object v, Object se) {
        return ResultFiles.g((double) v) + " ± " + ResultFiles.g((double) se);
    }

    private static String g(Object v) {
        return v == null ? "-" : ResultFiles.g((double) v);
    }

    /** {@code a} or {@code a..b} for an inclusive range. */
    private static String text(int[] range) {
        return range.length == 1 ? Integer.toString(range[0]) : range[0] + ".." + range[range.length - 1];
    }

    /**
     * Parses {@code --costs}: comma-separated ids from {@link GradientStatistics#COSTS}, duplicates dropped, order
     * kept.
     *
     * @throws IllegalArgumentException naming the option, the value and the allowed costs
     */
    static List<String> parseCosts(String text) {
        Set<String> out = new LinkedHashSet<>();
        for (String part : text.split(",", -1)) {
            try {
                out.add(GradientStatistics.id(part));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--costs '" + text + "': unknown cost '" + part.strip()
                        + "'; allowed: " + String.join(", ", GradientStatistics.COSTS) + ", comma-separated");
            }
        }
        return List.copyOf(out);
    }

    /** The Lie-algebraic prediction for a job, or why there is none. */
    private record LieOrNote(LieAlgebraicVariance.Result result, String note) {
    }

    /**
     * The deep-circuit prediction of Ragone et al. (arXiv:2309.09342) for the job's circuit and cost
     * ({@link LieAlgebraicVariance}); when it does not apply (neither ρ nor O in the algebra, an algebra above
     * {@link LieDecomposition#MAX_DIMENSION}) the library's reason is kept as a note instead of a number. The
     * circuit's decomposition (or the reason it has none) is kept in {@code algebras} for the job's other costs.
     */
    private static LieOrNote lieAlgebraic(Job job, Map<Circuit, Object> algebras, Simulator sim) {
        Object algebra = algebras.computeIfAbsent(job.circuit(), c -> {
            try {
                return LieDecomposition.of(c);
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        });
        if (algebra instanceof String note) {
            return new LieOrNote(null, note);
        }
        try {
            return new LieOrNote(LieAlgebraicVariance.of(job.circuit(), (LieDecomposition) algebra, job.observable(),
                    sim), null);
        } catch (IllegalArgumentException e) {
            return new LieOrNote(null, e.getMessage());
        }
    }
}
