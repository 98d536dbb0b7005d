package org.qnnlab.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.DoubleUnaryOperator;
import org.qnnlab.analysis.CostEstimate;
import org.qnnlab.analysis.Distributions;
import org.qnnlab.analysis.PauliAlgebra;
import org.qnnlab.analysis.Wishart;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Simulator;
import org.qnnlab.train.ThreadPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code qnn analyze wishart}: the Wishart degrees of freedom r of an observable and the distribution of the loss
 * {@code f = <ψ(θ)|O|ψ(θ)>} at deep random HEA circuits, against the law they predict (after E. R. Anschuetz,
 * "A unified theory of quantum neural network loss landscapes", arXiv:2408.11901, ICLR 2025; the deep circuit approximates a unitary 2-design as in McClean et al., Nat. Commun. 9, 4812 (2018)). For a
 * rank-r projector in dimension {@code d = 2^n} the Haar law is {@code Beta(r, d − r)} ≈ {@code χ²_{2r}/(2d)}
 * ({@link Wishart#compare}); any other observable is compared with a Gaussian of the sample mean and variance.
 */
@Command(name = "wishart", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Wishart degrees of freedom of the observable and its loss law at deep random circuits.",
            "Samples at deep random HEA circuits vs the predicted law: Beta(r, 2^n - r) (exact) and chi-squared",
            "(approximate) for a projector, else a Gaussian. Writes wishart.csv, wishart.json and wishart.png."})
final class AnalyzeWishartCommand implements Callable<Integer> {

    /** Histogram bins of the plot. */
    static final int BINS = 30;

    /** Largest term count for which an {@code --observable} is tested symbolically for {@code O² = O}. */
    static final int MAX_PROJECTOR_CHECK_TERMS = 4096;

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
            throw new IllegalArgumentException("--ansatz " + opts.ansatz + " is not supported by wishart; allowed: "
                    + "hea (the deep random circuit is the hardware-efficient ansatz)");
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
        boolean knownProjector;
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
            knownProjector = false;
        } else {
            int k = projector == null ? n : projector;
            if (k < 1 || k > n) {
                throw new IllegalArgumentException("--projector " + k + " out of range for --qubits " + n
                        + "; allowed: 1.." + n);
            }
            o = Wishart.zeroProjector(k);
            description = "|0…0><0…0| on qubits 0.." + (k - 1) + " (rank 2^" + (n - k) + ")";
            knownProjector = true;
        }
        double estimate = CostEstimate.seconds(samples,
                Ansatz.hea(n, layers).size() + (long) o.terms().size(), n);
        if (estimate > CostEstimate.MAX_SECONDS) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "--qubits %d --layers %d --samples %d would "
                    + "take about %.0f s (estimate: samples × (gates + observable terms) × 2^n × %.0e s), more than "
                    + "the %.0f s allowed; reduce --samples, --layers or --qubits", n, layers, samples, estimate,
                    CostEstimate.SECONDS_PER_AMPLITUDE_GATE, CostEstimate.MAX_SECONDS));
        }
        long t0 = System.nanoTime();
        Wishart.Dof dof = Wishart.degreesOfFreedom(o, n);
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
        double d = Math.scalb(1.0, n);
        int r = dof.positive();
        boolean projectorLaw = dof.negative() == 0 && r >= 1 && r < d
                && (knownProjector || isProjector(o));
        double mean;
        double variance;
        double kurtosis;
        double ks;
        Double ksChi = null;
        double expectedMean;
        double expectedVariance;
        double expectedKurtosis;
        String law;
        DoubleUnaryOperator density;
        if (projectorLaw) {
            Wishart.Comparison c = Wishart.compare(f, r, n);
            mean = c.mean();
            variance = c.variance();
            kurtosis = c.excessKurtosis();
            ks = c.ksBeta();
            ksChi = c.ksChiSquared();
            double a = r;
            double b = d - r;
            law = String.format(Locale.ROOT, "Beta(%d, %d)", r, (long) b);
            expectedMean = a / d;
            expectedVariance = a * b / (d * d * (d + 1));
            expectedKurtosis = Distributions.betaExcessKurtosis(a, b);
            double logB = Distributions.logBeta(a, b);
            density = x -> x <= 0 || x >= 1 ? 0 : Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - logB);
        } else {
            mean = Distributions.mean(f);
            variance = Distributions.variance(f);
            if (!(variance > 0)) {
                throw new IllegalArgumentException("the loss of " + description + " is constant (" + mean
                        + ") over all samples: there is no distribution to compare; pass another --observable");
            }
            kurtosis = Distributions.excessKurtosis(f);
            double m = mean;
            double sd = Math.sqrt(variance);
            ks = Distributions.ksStatistic(f, x -> normalCdf((x - m) / sd));
            law = String.format(Locale.ROOT, "Normal(%.6g, %.6g)", mean, variance);
            expectedMean = mean;
            expectedVariance = variance;
            expectedKurtosis = 0;
            density = x -> Math.exp(-0.5 * (x - m) * (x - m) / variance) / Math.sqrt(2 * Math.PI * variance);
        }
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
        res.put("degrees_of_freedom", r);
        res.put("degrees_of_freedom_negative", dof.negative());
        res.put("law", law);
        res.put("ks_statistic", ks);
        res.put("ks_p_value", Distributions.ksPValue(ks, f.length));
        res.put("ks_statistic_chi_squared", ksChi);
        res.put("samples", f.length);
        res.put("mean", mean);
        res.put("variance", variance);
        res.put("kurtosis", kurtosis);
        res.put("expected_mean", expectedMean);
        res.put("expected_variance", expectedVariance);
        res.put("expected_kurtosis", expectedKurtosis);
        res.put("seed", opts.seed);
        res.put("seconds", (System.nanoTime() - t0) / 1e9);
        out.json("wishart.json", res);
        out.plot("wishart.png", "Loss distribution, HEA n = " + n + ", L = " + layers + ", "
                + f.length + " samples", "loss f", "density",
                histogramSeries(f, projectorLaw ? 0 : Double.NaN, law, density), List.of(), false, false);
        if (opts.json) {
            Json.print(res);
        } else {
            System.out.printf(Locale.ROOT, "observable %s: degrees of freedom r+ = %d, r- = %d%n", description, r,
                    dof.negative());
            System.out.printf(Locale.ROOT, "law %s; KS statistic %.4f (5%% critical value %.4f, p = %.3g)%s%n", law,
                    ks, 1.36 / Math.sqrt(f.length), Distributions.ksPValue(ks, f.length),
                    ksChi == null ? "" : String.format(Locale.ROOT, "; chi-squared approximation KS %.4f", ksChi));
            System.out.printf(Locale.ROOT, "mean %s (law %s), variance %s (law %s), excess kurtosis %.3f (law %.3f)%n",
                    ResultFiles.g(mean), ResultFiles.g(expectedMean), ResultFiles.g(variance),
                    ResultFiles.g(expectedVariance), kurtosis, expectedKurtosis);
            out.printFooter("wishart.csv", "wishart.json", "wishart.png");
        }
        return 0;
    }


    /**
     * True if {@code O² = O}, tested symbolically on the Pauli expansion: {@code O² = Σ_{ij} w_i w_j P_i P_j} with
     * {@code P_i P_j = i^k P_{i⊕j}} ({@link PauliAlgebra#productPowerOfKeys}), compared coefficient by coefficient
     * within {@code 1e-9·max(1, Σ w²)}. A Hermitian O with {@code O² = O} is an orthogonal projector (eigenvalues
     * 0 and 1). Observables with more than {@value #MAX_PROJECTOR_CHECK_TERMS} terms (or on qubits beyond
     * {@link PauliAlgebra#MAX_KEY_QUBITS}) are reported as not projectors.
     */
    static boolean isProjector(Observable o) {
        if (o.terms().size() > MAX_PROJECTOR_CHECK_TERMS || o.maxQubit() >= PauliAlgebra.MAX_KEY_QUBITS) {
            return false;
        }
        List<Long> keys = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        Map<Long, Double> own = new HashMap<>();
        double norm = o.constant() * o.constant();
        if (o.constant() != 0) {
            keys.add(0L);
            weights.add(o.constant());
            own.put(0L, o.constant());
        }
        for (Observable.Term t : o.terms()) {
            long key = PauliAlgebra.key(t.pauli());
            keys.add(key);
            weights.add(t.weight());
            own.put(key, t.weight());
            norm += t.weight() * t.weight();
        }
        Map<Long, double[]> square = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            for (int j = 0; j < keys.size(); j++) {
                double w = weights.get(i) * weights.get(j);
                int power = PauliAlgebra.productPowerOfKeys(keys.get(i), keys.get(j));
                double[] c = square.computeIfAbsent(keys.get(i) ^ keys.get(j), x -> new double[2]);
                switch (power) {
                    case 0 -> c[0] += w;
                    case 1 -> c[1] += w;
                    case 2 -> c[0] -= w;
                    default -> c[1] -= w;
                }
            }
        }
        double tol = 1e-9 * Math.max(1, norm);
        for (Map.Entry<Long, double[]> e : square.entrySet()) {
            double[] c = e.getValue();
            if (Math.abs(c[0] - own.getOrDefault(e.getKey(), 0.0)) > tol || Math.abs(c[1]) > tol) {
                return false;
            }
        }
        for (Map.Entry<Long, Double> e : own.entrySet()) {
            if (!square.containsKey(e.getKey()) && Math.abs(e.getValue()) > tol) {
                return false;
            }
        }
        return true;
    }

    /**
     * The standard normal CDF {@code Φ(z) = ½(1 + erf(z/√2))}, with {@code erf(t) = sign(t)·P(½, t²)} through the
     * regularized incomplete gamma function ({@link Distributions#regularizedGammaP}), accurate to about 1e-15.
     */
    static double normalCdf(double z) {
        if (Double.isNaN(z)) {
            throw new IllegalArgumentException("normalCdf: z is NaN");
        }
        double t = z / Math.sqrt(2);
        double erf = Distributions.regularizedGammaP(0.5, t * t);
        return 0.5 * (1 + (t < 0 ? -erf : erf));
    }

    /**
     * The normalized histogram of {@code f} in {@value #BINS} bins as a step line, and {@code density} over the same
     * range as a smooth line: the plot of the sampled law against the predicted one. The range is
     * {@code [lo, max f]}, or {@code [min f, max f]} when lo is NaN.
     */
    private static List<Plots.Series> histogramSeries(double[] f, double lo, String law, DoubleUnaryOperator density) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : f) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double a = Double.isNaN(lo) ? min : Math.min(lo, min);
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
            dy[i] = density.applyAsDouble(dx[i]);
        }
        return List.of(new Plots.Series("samples (histogram)", hx, hy, true, false),
                new Plots.Series(law, dx, dy, true, false));
    }
}
