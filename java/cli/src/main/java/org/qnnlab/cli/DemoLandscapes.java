package org.qnnlab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.qnnlab.analysis.Distributions;
import org.qnnlab.analysis.Fits;
import org.qnnlab.analysis.GradientStatistics;
import org.qnnlab.analysis.Wishart;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Simulator;
import org.qnnlab.train.ThreadPolicy;

/**
 * Demo experiment 3: gradient variance of a global vs a local cost against the number of qubits (barren plateaus,
 * Cerezo et al. 2021), and the distribution of the loss at deep random circuits against the Wishart/Beta law whose
 * degrees of freedom the observable sets (after E. R. Anschuetz, arXiv:2408.11901).
 */
final class DemoLandscapes {

    /** Sizes for one run. */
    record Config(int maxQubits, int gradientSamples, int wishartQubits, int wishartSamples) {
    }

    private DemoLandscapes() {
    }

    static Report.Section run(Simulator sim, Config cfg, Path out, Map<String, Object> summary, Runnable tick) {
        long t0 = System.nanoTime();
        int threads = ThreadPolicy.forQubits(cfg.maxQubits()).itemThreads();
        List<Report.Metric> metrics = new ArrayList<>();
        Map<String, Object> json = new LinkedHashMap<>();

        // Gradient variance vs n at one HEA layer: exponential decay for the global cost, polynomial for the local.
        List<Plots.Series> varSeries = new ArrayList<>();
        Map<String, Double> rates = new LinkedHashMap<>();
        try (ResultFiles.Csv csv = new ResultFiles.Csv(out.resolve("gradient-variance.csv"),
                List.of("cost", "qubits", "layers", "variance", "mean"))) {
            for (String cost : List.of("global", "local")) {
                List<GradientStatistics.Sample> pts = new ArrayList<>();
                for (int n = 2; n <= cfg.maxQubits(); n++) {
                    GradientStatistics.Sample p = GradientStatistics.sample(sim, Ansatz.hea(n, 1),
                            GradientStatistics.cost(cost, n), 0, cfg.gradientSamples(), 11, threads);
                    pts.add(p);
                    csv.row(cost, n, 1, p.gradient().variance(), p.gradient().mean());
                }
                double[] xs = pts.stream().mapToDouble(GradientStatistics.Sample::qubits).toArray();
                double[] vs = pts.stream().mapToDouble(p -> p.gradient().variance()).toArray();
                Fits.Exponential d = GradientStatistics.fitScaling(xs, vs).exponential();
                rates.put(cost, d.rate());
                varSeries.add(new Plots.Series(cost + " cost", xs, vs, true, true));
                metrics.add(new Report.Metric("Var ∂C/∂θ₀, " + cost + " cost, n = 2 → " + cfg.maxQubits(),
                        String.format(Locale.ROOT, "%.3g → %.3g", vs[0], vs[vs.length - 1]),
                        cfg.gradientSamples() + " random initializations per point, HEA with 1 layer"));
                metrics.add(new Report.Metric("decay rate per qubit, " + cost, String.format(Locale.ROOT,
                        "%.3f (R² %.3f)", d.rate(), d.r2()), "fit of Var ∝ e^(−b·n)"));
                tick.run();
            }
        }
        json.put("gradient_variance_decay_rate", rates);
        byte[] varPng = Plots.xy("Gradient variance vs qubits (HEA, 1 layer)", "qubits n", "Var ∂C/∂θ₀",
                varSeries, List.of(), false, true);
        Plots.save(out.resolve("gradient-variance.png"), varPng);

        // Loss distributions at deep random circuits for three observables.
        int n = cfg.wishartQubits();
        int d = 1 << n;
        Map<String, Observable> obs = new LinkedHashMap<>();
        obs.put("rank-1 projector |0…0><0…0|", Wishart.zeroProjector(n));
        obs.put("rank-" + (d / 4) + " projector |00><00| ⊗ I", Wishart.zeroProjector(2));
        obs.put("Pauli Z0", Observable.parse("Z0"));
        List<Plots.Series> hist = new ArrayList<>();
        Map<String, Object> wj = new LinkedHashMap<>();
        try (ResultFiles.Csv csv = new ResultFiles.Csv(out.resolve("wishart-samples.csv"),
                List.of("observable", "index", "loss"))) {
            int k = 0;
            for (Map.Entry<String, Observable> e : obs.entrySet()) {
                Observable o = e.getValue();
                Wishart.FullAlgebra theory = Wishart.fullAlgebra(o, n);
                int r = theory.degreesOfFreedom();
                double[] s = Wishart.sampleLosses(sim, o, n, cfg.wishartSamples(), 100 + k, threads);
                for (int i = 0; i < s.length; i++) {
                    csv.row(e.getKey(), i, s[i]);
                }
                double kurt = Distributions.excessKurtosis(s);
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("degrees_of_freedom", r);
                j.put("excess_kurtosis", kurt);
                if (theory.minEigenvalue() == 0) { // the projectors
                    Wishart.Comparison c = Wishart.compare(s, theory);
                    j.put("ks_beta", c.ksStatistic());
                    j.put("ks_chi_squared", c.paperKsStatistic());
                    metrics.add(new Report.Metric(e.getKey(), String.format(Locale.ROOT,
                            "r = %d, KS %.3f vs Beta(%d, %d), kurtosis %.2f", r, c.ksStatistic(), r, d - r, kurt),
                            cfg.wishartSamples() + " losses at deep random HEA circuits, n = " + n));
                    addHistogram(hist, e.getKey(), s, r, d - r);
                } else {
                    metrics.add(new Report.Metric(e.getKey(), String.format(Locale.ROOT,
                            "r = %d, mean %.3g, variance %.3g (Haar 1/(d+1) = %.3g), kurtosis %.2f", r,
                            Distributions.mean(s), Distributions.variance(s), 1.0 / (d + 1), kurt),
                            "many degrees of freedom: the Gaussian limit"));
                }
                wj.put(e.getKey(), j);
                k++;
            }
        }
        tick.run();
        json.put("wishart", wj);
        summary.put("landscapes", json);
        ResultFiles.json(out.resolve("landscapes.json"), json);
        byte[] histPng = Plots.xy("Loss at deep random circuits vs the Beta law, n = " + n, "loss f = <O>",
                "density", hist, List.of(), false, false);
        Plots.save(out.resolve("wishart-histograms.png"), histPng);
        String finding = String.format(Locale.ROOT, "The global cost's gradient variance decays %.1f× faster per "
                + "qubit than the local cost's (rates %.2f vs %.2f); the loss of a rank-r projector at deep random "
                + "circuits follows Beta(r, d − r): heavy-tailed for r = 1, near-Gaussian for large r.",
                rates.get("global") / rates.get("local"), rates.get("global"), rates.get("local"));
        return new Report.Section("landscapes", "3. Landscapes: barren plateaus and Wishart degrees of freedom",
                "M. Cerezo, A. Sone, T. Volkoff, L. Cincio, P. J. Coles, Nat. Commun. 12, 1791 (2021); "
                        + "E. R. Anschuetz, \"A unified theory of quantum neural network loss landscapes\", arXiv:2408.11901, ICLR 2025",
                "Left: the variance of ∂C/∂θ₀ over random initializations of a one-layer HEA, for the global cost "
                        + "Z<sub>0</sub>⋯Z<sub>n−1</sub> and the local cost (1/n)ΣZ<sub>i</sub>. A global cost "
                        + "has an exponentially flat landscape (a barren plateau) even at this depth; a local one "
                        + "decays only polynomially. Right: at deep random circuits (an approximate 2-design) the "
                        + "loss f = ⟨ψ|O|ψ⟩ is a Wishart-type variable whose degrees of freedom r the observable "
                        + "sets (r = ⌈(Tr O)²/Tr O²⌉, the rank of a projector): f ~ Beta(r, 2<sup>n</sup> − r), "
                        + "exponential-like for r = 1 and Gaussian as r grows.",
                finding, metrics, List.of(
                        new Report.Figure("fig-gradvar", "Gradient variance vs qubits, global vs local cost", varPng,
                                "gradient-variance.png"),
                        new Report.Figure("fig-wishart", "Histograms of sampled losses with the Beta densities",
                                histPng, "wishart-histograms.png")),
                (System.nanoTime() - t0) / 1e9);
    }

    /** A normalized histogram of {@code s} (as a line) and the Beta(a, b) density over the same range. */
    private static void addHistogram(List<Plots.Series> out, String name, double[] s, int a, int b) {
        double hi = 0;
        for (double v : s) {
            hi = Math.max(hi, v);
        }
        int bins = 30;
        int[] counts = Distributions.histogram(s, bins, 0, hi);
        double width = hi / bins;
        double[] x = new double[bins];
        double[] y = new double[bins];
        double[] law = new double[bins];
        double logB = Distributions.logBeta(a, b);
        for (int i = 0; i < bins; i++) {
            x[i] = (i + 0.5) * width;
            y[i] = counts[i] / (s.length * width);
            law[i] = Math.exp((a - 1) * Math.log(x[i]) + (b - 1) * Math.log1p(-x[i]) - logB);
        }
        out.add(new Plots.Series(name + " (sampled)", x, y, true, true));
        out.add(new Plots.Series("Beta(" + a + ", " + b + ")", x, law, true, false));
    }
}
