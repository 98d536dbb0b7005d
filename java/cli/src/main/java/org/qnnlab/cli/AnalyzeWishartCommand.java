package org.qnnlab.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.qnnlab.analysis.CostEstimate;
import org.qnnlab.analysis.Distributions;
import org.qnnlab.analysis.GradientStatistics;
import org.qnnlab.analysis.InvariantSubspace;
import org.qnnlab.analysis.LieDecomposition;
import org.qnnlab.analysis.Wishart;
import org.qnnlab.analysis.ensemble.CircuitSpec;
import org.qnnlab.analysis.ensemble.EnsembleEngine;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Boundary;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Simulator;
import org.qnnlab.train.ThreadPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code qnn analyze wishart}: the loss {@code ℓ = <ψ(θ)|O|ψ(θ)>} and one gradient {@code ∂_kℓ} at deep random
 * circuits against the theory of {@link Wishart} (after E. R. Anschuetz, "A unified theory of quantum neural network
 * loss landscapes", arXiv:2408.11901, ICLR 2025). For the HEA (full algebra) the state is Haar-random on all of
 * {@code C^(2^n)}; for other ansätze the circuit's algebra is decomposed and the orbit component K of the input state
 * found ({@link Wishart#component}): where the group acts on K as the whole unitary group the same laws hold on K,
 * otherwise no law is predicted and the Lie-algebraic variance is reported where its theorem applies. A range of
 * qubits ({@code --qubits 2..8}, HEA) sweeps n and shows the Gaussian-process criterion (excess kurtosis 6/r).
 * Every number comes from {@link Wishart}; this class parses options, samples through
 * {@link GradientStatistics#sample} with a progress bar and writes files.
 */
@Command(name = "wishart", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Loss and gradient laws at deep random circuits vs Anschuetz's theory (arXiv:2408.11901).",
            "Degrees of freedom r of the observable shifted to minimum eigenvalue 0 (on the full space for the HEA,",
            "on the input state's orbit component for other ansaetze), exact Haar moments beside the sampled ones,",
            "KS tests against the exact law (projectors, Paulis: scaled Beta), the paper's scaled chi-squared law",
            "and the normal law; the gradient of one parameter against its exact Haar variance. --qubits A..B",
            "sweeps n (Gaussian-process criterion). Writes wishart.csv, wishart.json and wishart.png."})
final class AnalyzeWishartCommand implements Callable<Integer> {

    /** Histogram bins of the plot. */
    static final int BINS = 30;

    @Mixin
    AnalysisOptions opts = new AnalysisOptions();

    @Mixin
    KernelOptions kernelOptions = new KernelOptions();

    @Mixin
    EngineOptions engineOptions = new EngineOptions();

    @Option(names = "--projector", paramLabel = "k",
            description = "Use |0…0><0…0| on the first k qubits, a projector of rank 2^(n−k), as the observable "
                    + "(default without --observable: k = n, the rank-1 projector onto |0…0>).")
    Integer projector;

    @Option(names = "--samples", paramLabel = "K", defaultValue = "1000",
            description = "Random parameter vectors, 10..1000000 (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--parameter", paramLabel = "k",
            description = "Parameter whose gradient is sampled (default: the middle one, M/2, so that both sides "
                    + "of its gate are deep).")
    Integer parameter;

    /** One size's run. */
    private record Run(int n, int layers, String observable, Wishart.Analysis analysis, double[] losses) {
    }

    @Override
    public Integer call() {
        Output out = opts.output("wishart");
        if (samples < 10 || samples > 1_000_000) {
            throw new IllegalArgumentException("--samples " + samples + " out of range; allowed: 10..1000000");
        }
        boolean file = opts.fromFile();
        String ansatz = file ? opts.label() : opts.ansatzName().strip().toLowerCase(Locale.ROOT);
        if (file && opts.layers == null) {
            throw new IllegalArgumentException("--layers is required with --circuit in wishart: the number of "
                    + "repetitions of the file's circuit (the Wishart regime needs a deep circuit)");
        }
        if (!file && !Ansatz.NAMES.contains(ansatz)) {
            throw new IllegalArgumentException("--ansatz " + opts.ansatzName() + " is unknown; allowed: "
                    + String.join(", ", Ansatz.NAMES));
        }
        boolean hea = !file && ansatz.equals("hea");
        if (hea && !opts.boundary.strip().equalsIgnoreCase("open")) {
            throw new IllegalArgumentException("--boundary " + opts.boundary + " is not supported with --ansatz hea; "
                    + "allowed: open (the HEA's CZ ladder)");
        }
        Boundary boundary = opts.boundary();
        int[] ns = opts.qubitRange("4");
        int maxN = hea ? Wishart.MAX_DENSE_QUBITS : InvariantSubspace.MAX_QUBITS;
        for (int n : ns) {
            if (n > maxN) {
                throw new IllegalArgumentException("--qubits " + n + " out of range for wishart with --ansatz " + ansatz
                        + "; allowed: 1.." + maxN + (hea ? " (the degrees of freedom need the dense 2^n × 2^n "
                        + "observable)" : " (the orbit component is found with dense 2^n vectors)"));
            }
        }
        if (ns.length > 1 && !hea) {
            throw new IllegalArgumentException("--qubits " + opts.qubits + ": a sweep over n is supported for --ansatz "
                    + "hea (the full algebra); pass one qubit count for " + ansatz);
        }
        if (opts.observable != null && projector != null) {
            throw new IllegalArgumentException("set either --observable or --projector, not both");
        }
        Observable given = opts.observable == null ? null : opts.observable(null);
        Integer fixedLayers = opts.layers == null ? null : opts.singleLayers("1");
        List<Circuit> circuits = new ArrayList<>();
        List<CircuitSpec> specs = new ArrayList<>();
        List<Observable> observables = new ArrayList<>();
        List<String> descriptions = new ArrayList<>();
        List<Integer> layerCounts = new ArrayList<>();
        double estimate = 0;
        ThreadPolicy policy = kernelOptions.policy(ns[ns.length - 1]);
        Simulator sim = kernelOptions.simulator(kernelOptions.create(policy.kernelThreads()));
        for (int n : ns) {
            int layers = fixedLayers != null ? fixedLayers : Wishart.deepLayers(ansatz, n);
            CircuitSpec spec = file ? opts.circuitSpec(n, layers) : CircuitSpec.ansatz(ansatz, n, layers, boundary);
            Circuit c = spec.circuit();
            if (given != null) {
                if (given.maxQubit() >= n) {
                    throw new IllegalArgumentException("--observable " + opts.observable + " acts on qubit "
                            + given.maxQubit() + "; allowed qubits with --qubits " + n + ": 0.." + (n - 1));
                }
                observables.add(given);
                descriptions.add(given.toString());
            } else {
                int k = projector == null ? n : projector;
                if (k < 1 || k > n) {
                    throw new IllegalArgumentException("--projector " + k + " out of range for --qubits " + n
                            + "; allowed: 1.." + n);
                }
                observables.add(Wishart.zeroProjector(k));
                descriptions.add("|0…0><0…0| on qubits 0.." + (k - 1) + " (rank 2^" + (n - k) + ")");
            }
            if (!hea) { // the orbit component alone says whether O has a law there: before anything slow runs
                Wishart.FullAlgebra orbit = Wishart.orbitTheory(c, observables.getLast(), sim);
                if (orbit.isConstant()) {
                    throw constantObservable(descriptions.getLast(), false, n, orbit);
                }
            }
            int m = c.numParameters();
            if (parameter != null && (parameter < 0 || parameter >= m)) {
                throw new IllegalArgumentException("--parameter " + parameter + " out of range for " + ansatz + " with "
                        + n + " qubits and " + layers + " layers; allowed: 0.." + (m - 1));
            }
            circuits.add(c);
            specs.add(spec);
            layerCounts.add(layers);
            estimate += GradientStatistics.estimateSeconds(c, observables.getLast(), samples);
        }
        CostEstimate.refuseAbove(estimate, String.format(Locale.ROOT, "--qubits %s --samples %d", opts.qubits == null
                ? "4" : opts.qubits, samples), "samples × (gates + observable terms)", "--samples, --layers or --qubits");
        engineOptions.check(out);
        long t0 = System.nanoTime();
        List<Wishart.Prediction> predictions = new ArrayList<>();
        List<GradientStatistics.Request> requests = new ArrayList<>();
        for (int i = 0; i < ns.length; i++) {
            Circuit c = circuits.get(i);
            int n = ns[i];
            int k = parameter != null ? parameter : c.numParameters() / 2;
            Observable o = observables.get(i);
            if (!hea && !opts.json) { // the decomposition has no up-front estimate: say what runs (bench/README)
                System.err.println("decomposing the dynamical Lie algebra of " + ansatz + " on " + n + " qubits "
                        + "(Pauli-sum algebras of dimension ~10^3 take seconds)…");
            }
            Wishart.Prediction p = hea ? Wishart.predictFullAlgebra(c, o, k)
                    : Wishart.predictComponent(c, LieDecomposition.of(c), o, k, sim);
            if (p.theory().isConstant()) {
                throw constantObservable(descriptions.get(i), hea, n, p.theory());
            }
            predictions.add(p);
            // sample s draws θ with the seed seed + s, as every engine and resumption does
            requests.add(new GradientStatistics.Request(specs.get(i), o, k, samples, opts.seed));
        }
        List<GradientStatistics.Sample> sampled;
        ProgressBar bar = ProgressBar.onTerminal("wishart", opts.json);
        try (EnsembleEngine engine = engineOptions.create()) {
            sampled = GradientStatistics.sampleAll(engineOptions.runner(engine, policy.itemThreads(), out, bar), sim,
                    requests);
        } finally {
            bar.finish();
        }
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < ns.length; i++) {
            GradientStatistics.Sample smp = sampled.get(i);
            runs.add(new Run(ns[i], layerCounts.get(i), descriptions.get(i),
                    Wishart.analyze(predictions.get(i), smp.losses(), smp.gradients()), smp.losses()));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (runs.size() == 1) {
            single(out, ansatz, runs.getFirst(), seconds);
        } else {
            sweep(out, runs, seconds);
        }
        return 0;
    }

    private static IllegalArgumentException constantObservable(String description, boolean hea, int n,
            Wishart.FullAlgebra theory) {
        return new IllegalArgumentException("--observable " + description + " is " + (hea ? "a multiple of the "
                + "identity on " + n + " qubits" : "constant on the orbit component of the input state") + " (λ = "
                + ResultFiles.g(theory.minEigenvalue()) + "): its loss is constant and has no law; pass another "
                + "observable");
    }

    private void single(Output out, String ansatz, Run run, double seconds) {
        Wishart.Analysis a = run.analysis();
        Wishart.Prediction p = a.prediction();
        Wishart.FullAlgebra theory = p.theory();
        Wishart.Comparison c = a.loss();
        Wishart.GradientComparison gc = a.gradient();
        Wishart.SampleMoments m = a.losses();
        Wishart.SampleMoments gm = a.gradients();
        double[] f = run.losses();
        try (ResultFiles.Csv csv = out.csv("wishart.csv", List.of("index", "loss"))) {
            for (int i = 0; i < f.length; i++) {
                csv.row(i, f[i]);
            }
        }
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("analysis", "wishart");
        opts.putSource(res);
        res.put("qubits", run.n());
        res.put("layers", run.layers());
        res.put("observable", run.observable());
        Wishart.Component comp = p.component();
        res.put("component_dimension", comp == null ? (int) theory.dimension() : comp.dimension());
        res.put("algebra_dimension", comp == null ? null : comp.algebraDimension());
        res.put("component_full", p.hasLaw());
        res.put("degrees_of_freedom", p.hasLaw() ? theory.degreesOfFreedom() : null);
        res.put("min_eigenvalue", theory.minEigenvalue());
        res.put("max_eigenvalue", theory.maxEigenvalue());
        res.put("law", c == null ? null : c.law().toString());
        res.put("law_exact", c == null ? null : c.lawIsExact());
        res.put("ks_statistic", c == null ? null : c.ksStatistic());
        res.put("ks_p_value", c == null ? null : c.ksPValue());
        res.put("law_paper", c == null ? null : c.paperLaw().toString());
        res.put("ks_statistic_paper", c == null ? null : c.paperKsStatistic());
        res.put("ks_p_value_paper", c == null ? null : c.paperKsPValue());
        res.put("ks_statistic_normal", c == null ? null : c.normalKsStatistic());
        res.put("ks_p_value_normal", c == null ? null : c.normalKsPValue());
        res.put("samples", m.samples());
        res.put("mean", m.mean());
        res.put("mean_standard_error", m.meanError());
        res.put("haar_mean", p.hasLaw() ? theory.haarMean() : null);
        res.put("offset_mean", m.mean() - theory.minEigenvalue());
        res.put("haar_offset_mean", p.hasLaw() ? theory.haarOffsetMean() : null);
        res.put("variance", m.variance());
        res.put("variance_standard_error", m.varianceError());
        res.put("haar_variance", p.hasLaw() ? theory.haarVariance() : null);
        res.put("lie_algebraic_variance", p.lieAlgebraic() == null ? null : p.lieAlgebraic().variance());
        res.put("law_paper_variance", c == null ? null : c.paperLaw().variance());
        res.put("kurtosis", m.excessKurtosis());
        res.put("law_kurtosis", c == null ? null : c.law().excessKurtosis());
        res.put("gradient_parameter", p.parameterIndex());
        res.put("gradient_mean", gm.mean());
        res.put("gradient_variance", gm.variance());
        res.put("gradient_variance_standard_error", gm.varianceError());
        res.put("haar_gradient_variance", gc == null ? null : gc.predictedVariance());
        res.put("lie_algebraic_gradient_variance", p.lieAlgebraic() == null ? null
                : p.lieAlgebraic().gradientVariances().get(p.parameterIndex()));
        res.put("gradient_kurtosis", gm.excessKurtosis());
        res.put("gradient_ks_statistic_normal", gc == null ? null : gc.ksStatistic());
        res.put("gradient_ks_p_value_normal", gc == null ? null : gc.ksPValue());
        res.put("seed", opts.seed);
        res.put("seconds", seconds);
        out.json("wishart.json", res);
        out.plot("wishart.png", "Loss distribution, " + ansatz + " n = " + run.n() + ", L = " + run.layers() + ", "
                + f.length + " samples", "loss ℓ", "density",
                histogramSeries(f, theory.minEigenvalue(), c == null ? null : c.law()), List.of(), false, false);
        if (opts.json) {
            Json.print(res);
            return;
        }
        if (comp != null) {
            System.out.printf(Locale.ROOT, "orbit component of the input state: dimension %d (algebra dimension %d); "
                    + "%s%n", comp.dimension(), comp.algebraDimension(), comp.full()
                    ? "the circuit's group acts on it as the full unitary group, so the Haar laws hold on it"
                    : "the group is smaller than the full unitary group on it, so no law is predicted");
        }
        if (p.hasLaw()) {
            System.out.printf(Locale.ROOT, "observable %s: degrees of freedom r = %d (shifted by l* = %s)%n",
                    run.observable(), theory.degreesOfFreedom(), ResultFiles.g(theory.minEigenvalue()));
        } else {
            System.out.printf(Locale.ROOT, "observable %s: best loss on the component l* = %s; no degrees of freedom "
                    + "are given (read here for full components only)%n", run.observable(),
                    ResultFiles.g(theory.minEigenvalue()));
        }
        if (c != null) {
            double crit = 1.36 / Math.sqrt(f.length);
            System.out.printf(Locale.ROOT, "law %s (%s); KS statistic %.4f (5%% critical value %.4f, p = %.3g)%n",
                    c.law(), c.lawIsExact() ? "exact Haar law" : "paper's scaled chi-squared law, approximate",
                    c.ksStatistic(), crit, c.ksPValue());
            if (c.lawIsExact()) {
                System.out.printf(Locale.ROOT, "paper's law %s: KS statistic %.4f (p = %.3g)%n", c.paperLaw(),
                        c.paperKsStatistic(), c.paperKsPValue());
            }
            System.out.printf(Locale.ROOT, "normal law with the Haar moments: KS statistic %.4f (p = %.3g)%n",
                    c.normalKsStatistic(), c.normalKsPValue());
            System.out.printf(Locale.ROOT, "mean %s ± %s (Haar %s), offset mean %s (Haar %s)%n",
                    ResultFiles.g(m.mean()), ResultFiles.g(m.meanError()), ResultFiles.g(theory.haarMean()),
                    ResultFiles.g(m.mean() - theory.minEigenvalue()), ResultFiles.g(theory.haarOffsetMean()));
            System.out.printf(Locale.ROOT, "variance %s ± %s (Haar %s), excess kurtosis %.3f (law %.3f)%n",
                    ResultFiles.g(m.variance()), ResultFiles.g(m.varianceError()),
                    ResultFiles.g(theory.haarVariance()), m.excessKurtosis(), c.law().excessKurtosis());
        } else {
            System.out.printf(Locale.ROOT, "mean %s ± %s, variance %s ± %s, excess kurtosis %.3f%n",
                    ResultFiles.g(m.mean()), ResultFiles.g(m.meanError()), ResultFiles.g(m.variance()),
                    ResultFiles.g(m.varianceError()), m.excessKurtosis());
        }
        if (p.lieAlgebraic() != null) {
            System.out.printf(Locale.ROOT, "Lie-algebraic variance (Ragone et al.) %s%n",
                    ResultFiles.g(p.lieAlgebraic().variance()));
        }
        System.out.printf(Locale.ROOT, "gradient of parameter %d: mean %s, variance %s ± %s%s, excess kurtosis %.3f%s%n",
                p.parameterIndex(), ResultFiles.g(gm.mean()), ResultFiles.g(gm.variance()),
                ResultFiles.g(gm.varianceError()),
                gc == null ? "" : " (Haar " + ResultFiles.g(gc.predictedVariance()) + ")", gm.excessKurtosis(),
                gc == null ? "" : String.format(Locale.ROOT, "; KS vs %s %.4f (p = %.3g)", gc.law(), gc.ksStatistic(),
                        gc.ksPValue()));
        out.printFooter("wishart.csv", "wishart.json", "wishart.png");
    }

    private void sweep(Output out, List<Run> runs, double seconds) {
        List<String> header = List.of("qubits", "layers", "dimension", "degrees_of_freedom", "r_over_d",
                "gaussian_criterion_kurtosis", "kurtosis", "law_kurtosis", "ks_p_value", "ks_p_value_normal",
                "variance", "haar_variance", "gradient_variance", "haar_gradient_variance");
        List<Map<String, Object>> rows = new ArrayList<>();
        double[] ns = new double[runs.size()];
        double[] sampled = new double[runs.size()];
        double[] predicted = new double[runs.size()];
        try (ResultFiles.Csv csv = out.csv("wishart.csv", header)) {
            for (int i = 0; i < runs.size(); i++) {
                Run run = runs.get(i);
                Wishart.Analysis a = run.analysis();
                Wishart.FullAlgebra t = a.prediction().theory();
                Wishart.Comparison c = a.loss();
                Wishart.GradientComparison gc = a.gradient();
                double criterion = Wishart.gaussianCriterion(t);
                Object[] values = {run.n(), run.layers(), t.dimension(), t.degreesOfFreedom(),
                    t.degreesOfFreedom() / t.dimension(), criterion, a.losses().excessKurtosis(),
                    c.law().excessKurtosis(), c.ksPValue(), c.normalKsPValue(), a.losses().variance(),
                    t.haarVariance(), a.gradients().variance(), gc == null ? Double.NaN : gc.predictedVariance()};
                csv.row(values);
                Map<String, Object> row = new LinkedHashMap<>();
                for (int j = 0; j < header.size(); j++) {
                    row.put(header.get(j), values[j]);
                }
                rows.add(row);
                ns[i] = run.n();
                sampled[i] = a.losses().excessKurtosis();
                predicted[i] = criterion;
            }
        }
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("analysis", "wishart");
        res.put("ansatz", "hea");
        res.put("observable", runs.getFirst().observable());
        res.put("criterion", "Gaussian-process limit iff r grows without bound: the Gamma(r) law's excess kurtosis "
                + "6/r tends to 0 (our reading of the paper's summary, unverified against its theorem)");
        res.put("sizes", rows);
        res.put("samples", samples);
        res.put("seed", opts.seed);
        res.put("seconds", seconds);
        out.json("wishart.json", res);
        out.plot("wishart.png", "Gaussian-process criterion: excess kurtosis of the loss, " + samples + " samples",
                "qubits n", "excess kurtosis", List.of(new Plots.Series("sampled", ns, sampled, true, true),
                        new Plots.Series("6/r (Gamma law)", ns, predicted, true, true)), List.of(), false, false);
        if (opts.json) {
            Json.print(res);
            return;
        }
        System.out.println("Gaussian-process criterion (our reading of Anschuetz's summary, unverified): the loss is "
                + "Gaussian in the wide limit iff r grows; the Gamma(r) law's excess kurtosis is 6/r.");
        System.out.printf(Locale.ROOT, "%-6s %-6s %-10s %-8s %-9s %-16s %-10s %-12s%n", "n", "L", "r", "r/d",
                "6/r", "kurtosis", "KS p law", "KS p normal");
        for (Map<String, Object> row : rows) {
            System.out.printf(Locale.ROOT, "%-6s %-6s %-10s %-8.4f %-9.4f %-16.4f %-10.3g %-12.3g%n",
                    row.get("qubits"), row.get("layers"), row.get("degrees_of_freedom"), row.get("r_over_d"),
                    row.get("gaussian_criterion_kurtosis"), row.get("kurtosis"), row.get("ks_p_value"),
                    row.get("ks_p_value_normal"));
        }
        out.printFooter("wishart.csv", "wishart.json", "wishart.png");
    }

    /**
     * The normalized histogram of {@code f} in {@value #BINS} bins as a step line, and the law's density over the same
     * range as a smooth line: the plot of the sampled law against the predicted one. The range is
     * {@code [min(lo, min f), max f]}.
     */
    private static List<Plots.Series> histogramSeries(double[] f, double lo, Distributions.Law law) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : f) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double a = Math.min(lo, min);
        double b = max > a ? max : a + 1e-12 * Math.max(1, Math.abs(a)) + 1e-300;
        int[] counts = Distributions.histogram(f, BINS, a, b);
        double w = (b - a) / BINS;
        double[] hx = new double[2 * BINS];
        double[] hy = new double[2 * BINS];
        for (int j = 0; j < BINS; j++) {
            double h = counts[j] / (f.length * w);
            hx[2 * j] = a + j * w;
            hx[2 * j + 1] = a + (j + 1) * w;
            hy[2 * j] = h;
            hy[2 * j + 1] = h;
        }
        int points = law == null ? 0 : 200;
        double[] dx = new double[points];
        double[] dy = new double[points];
        for (int i = 0; i < points; i++) {
            dx[i] = a + (i + 0.5) * (b - a) / points;
            dy[i] = law.density(dx[i]);
        }
        if (law == null) {
            return List.of(new Plots.Series("samples (histogram)", hx, hy, true, false));
        }
        return List.of(new Plots.Series("samples (histogram)", hx, hy, true, false),
                new Plots.Series(law.toString(), dx, dy, true, false));
    }
}
