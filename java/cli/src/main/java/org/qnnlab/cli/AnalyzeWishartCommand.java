package org.qnnlab.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.qnnlab.analysis.CostEstimate;
import org.qnnlab.analysis.Distributions;
import org.qnnlab.analysis.Wishart;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Simulator;
import org.qnnlab.train.ThreadPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code qnn analyze wishart}: the loss {@code ℓ = <ψ(θ)|O|ψ(θ)>} at deep random HEA circuits (an approximate unitary
 * 2-design, whose algebra is full) against the full-algebra theory of {@link Wishart} (after E. R. Anschuetz, "A
 * unified theory of quantum neural network loss landscapes", arXiv:2408.11901, ICLR 2025): the paper's degrees of
 * freedom r of the shifted observable, the exact Haar moments beside the sampled ones, and KS tests against the
 * predicted law (exact scaled Beta for two-eigenvalue observables, else the paper's scaled χ²/Wishart law). Ansätze
 * with smaller algebras are refused until the per-component decomposition exists.
 */
@Command(name = "wishart", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Loss law at deep random HEA circuits vs Anschuetz's full-algebra theory (arXiv:2408.11901).",
            "Degrees of freedom r of the observable shifted to minimum eigenvalue 0, exact Haar moments beside the",
            "sampled ones, KS tests against the exact law (projectors, Paulis: scaled Beta) and the paper's scaled",
            "chi-squared law. Writes wishart.csv, wishart.json and wishart.png."})
final class AnalyzeWishartCommand implements Callable<Integer> {

    /** Histogram bins of the plot. */
    static final int BINS = 30;

    @Mixin
    AnalysisOptions opts = new AnalysisOptions();

    @Mixin
    KernelOptions kernelOptions = new KernelOptions();

    @Option(names = "--projector", paramLabel = "k",
            description = "Use |0…0><0…0| on the first k qubits, a projector of rank 2^(n−k), as the observable "
                    + "(default without --observable: k = n, the rank-1 projector onto |0…0>).")
    Integer projector;

    @Option(names = "--samples", paramLabel = "K", defaultValue = "1000",
            description = "Random parameter vectors, 10..1000000 (default: ${DEFAULT-VALUE}).")
    int samples;

    @Override
    public Integer call() {
        Output out = opts.output("wishart");
        if (samples < 10 || samples > 1_000_000) {
            throw new IllegalArgumentException("--samples " + samples + " out of range; allowed: 10..1000000");
        }
        if (!opts.ansatz.strip().equalsIgnoreCase("hea")) {
            throw new IllegalArgumentException("--ansatz " + opts.ansatz + " is not supported by wishart yet: its "
                    + "Lie algebra is not full and the per-component decomposition of the paper is not implemented; "
                    + "allowed: hea");
        }
        if (!opts.boundary.strip().equalsIgnoreCase("open")) {
            throw new IllegalArgumentException("--boundary " + opts.boundary + " is not supported by wishart; "
                    + "allowed: open (the HEA's CZ ladder)");
        }
        int n = opts.singleQubits("4");
        if (n > Wishart.MAX_DENSE_QUBITS) {
            throw new IllegalArgumentException("--qubits " + n + " out of range for wishart; allowed: 1.."
                    + Wishart.MAX_DENSE_QUBITS + " (the degrees of freedom need the dense 2^n × 2^n observable)");
        }
        int layers = opts.singleLayers(String.valueOf(Wishart.DEEP_LAYERS_PER_QUBIT * n));
        Observable o;
        String description;
        if (opts.observable != null) {
            if (projector != null) {
                throw new IllegalArgumentException("set either --observable or --projector, not both");
            }
            o = opts.observable(null);
            if (o.maxQubit() >= n) {
                throw new IllegalArgumentException("--observable " + opts.observable + " acts on qubit " + o.maxQubit()
                        + "; allowed qubits with --qubits " + n + ": 0.." + (n - 1));
            }
            description = o.toString();
        } else {
            int k = projector == null ? n : projector;
            if (k < 1 || k > n) {
                throw new IllegalArgumentException("--projector " + k + " out of range for --qubits " + n
                        + "; allowed: 1.." + n);
            }
            o = Wishart.zeroProjector(k);
            description = "|0…0><0…0| on qubits 0.." + (k - 1) + " (rank 2^" + (n - k) + ")";
        }
        double estimate = CostEstimate.seconds(samples,
                Ansatz.hea(n, layers).size() + (long) o.terms().size(), n);
        CostEstimate.refuseAbove(estimate, String.format(Locale.ROOT, "--qubits %d --layers %d --samples %d", n,
                layers, samples), "samples × (gates + observable terms)", "--samples, --layers or --qubits");
        long t0 = System.nanoTime();
        Wishart.FullAlgebra theory = Wishart.fullAlgebra(o, n);
        if (theory.isConstant()) {
            throw new IllegalArgumentException("--observable " + description + " is a multiple of the identity on "
                    + n + " qubits: its loss is constant and has no law; pass a non-constant observable");
        }
        ProgressBar bar = ProgressBar.onTerminal("wishart", opts.json);
        double[] f = new double[samples];
        ThreadPolicy policy = kernelOptions.policy(n);
        Simulator sim = new Simulator(kernelOptions.create(policy.kernelThreads()));
        int threads = policy.itemThreads();
        // sample s uses the seed seed + s, so batches starting at seed + lo reproduce the single run exactly
        int batch = Math.max(1000, (samples + 49) / 50);
        try {
            for (int lo = 0; lo < samples; lo += batch) {
                int count = Math.min(batch, samples - lo);
                double[] part = Wishart.sampleLosses(sim, o, n, layers, count, opts.seed + lo, threads);
                System.arraycopy(part, 0, f, lo, count);
                bar.update(lo + count, samples, "samples");
            }
        } finally {
            bar.finish();
        }
        Wishart.Comparison c = Wishart.compare(f, theory);
        Wishart.SampleMoments m = c.sampled();
        try (ResultFiles.Csv csv = out.csv("wishart.csv", List.of("index", "loss"))) {
            for (int i = 0; i < f.length; i++) {
                csv.row(i, f[i]);
            }
        }
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("analysis", "wishart");
        res.put("ansatz", "hea");
        res.put("qubits", n);
        res.put("layers", layers);
        res.put("observable", description);
        res.put("degrees_of_freedom", theory.degreesOfFreedom());
        res.put("min_eigenvalue", theory.minEigenvalue());
        res.put("max_eigenvalue", theory.maxEigenvalue());
        res.put("law", c.law().toString());
        res.put("law_exact", c.lawIsExact());
        res.put("ks_statistic", c.ksStatistic());
        res.put("ks_p_value", c.ksPValue());
        res.put("law_paper", c.paperLaw().toString());
        res.put("ks_statistic_paper", c.paperKsStatistic());
        res.put("ks_p_value_paper", c.paperKsPValue());
        res.put("samples", m.samples());
        res.put("mean", m.mean());
        res.put("mean_standard_error", m.meanError());
        res.put("haar_mean", theory.haarMean());
        res.put("offset_mean", c.sampledOffsetMean());
        res.put("haar_offset_mean", theory.haarOffsetMean());
        res.put("variance", m.variance());
        res.put("variance_standard_error", m.varianceError());
        res.put("haar_variance", theory.haarVariance());
        res.put("law_paper_variance", c.paperLaw().variance());
        res.put("kurtosis", m.excessKurtosis());
        res.put("law_kurtosis", c.law().excessKurtosis());
        res.put("seed", opts.seed);
        res.put("seconds", (System.nanoTime() - t0) / 1e9);
        out.json("wishart.json", res);
        out.plot("wishart.png", "Loss distribution, HEA n = " + n + ", L = " + layers + ", "
                + f.length + " samples", "loss ℓ", "density",
                histogramSeries(f, theory.minEigenvalue(), c.law()), List.of(), false, false);
        if (opts.json) {
            Json.print(res);
        } else {
            System.out.printf(Locale.ROOT, "observable %s: degrees of freedom r = %d (shifted by l* = %s)%n",
                    description, theory.degreesOfFreedom(), ResultFiles.g(theory.minEigenvalue()));
            System.out.printf(Locale.ROOT, "law %s (%s); KS statistic %.4f (5%% critical value %.4f, p = %.3g)%n",
                    c.law(), c.lawIsExact() ? "exact Haar law" : "paper's scaled chi-squared law, approximate",
                    c.ksStatistic(), 1.36 / Math.sqrt(f.length), c.ksPValue());
            if (c.lawIsExact()) {
                System.out.printf(Locale.ROOT, "paper's law %s: KS statistic %.4f (p = %.3g)%n", c.paperLaw(),
                        c.paperKsStatistic(), c.paperKsPValue());
            }
            System.out.printf(Locale.ROOT, "mean %s ± %s (Haar %s), offset mean %s (Haar %s)%n", ResultFiles.g(m.mean()),
                    ResultFiles.g(m.meanError()), ResultFiles.g(theory.haarMean()),
                    ResultFiles.g(c.sampledOffsetMean()), ResultFiles.g(theory.haarOffsetMean()));
            System.out.printf(Locale.ROOT, "variance %s ± %s (Haar %s), excess kurtosis %.3f (law %.3f)%n",
                    ResultFiles.g(m.variance()), ResultFiles.g(m.varianceError()),
                    ResultFiles.g(theory.haarVariance()), m.excessKurtosis(), c.law().excessKurtosis());
            out.printFooter("wishart.csv", "wishart.json", "wishart.png");
        }
        return 0;
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
        int points = 200;
        double[] dx = new double[points];
        double[] dy = new double[points];
        for (int i = 0; i < points; i++) {
            dx[i] = a + (i + 0.5) * (b - a) / points;
            dy[i] = law.density(dx[i]);
        }
        return List.of(new Plots.Series("samples (histogram)", hx, hy, true, false),
                new Plots.Series(law.toString(), dx, dy, true, false));
    }
}
