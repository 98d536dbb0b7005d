package org.qnnlab.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.qnnlab.analysis.TangentKernel;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Encodings;
import org.qnnlab.sim.Gates;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.kernel.Kernels;
import org.qnnlab.train.Parallel;
import org.qnnlab.train.QnnModel;
import org.qnnlab.sim.Rng;
import org.qnnlab.train.data.Dataset;
import org.qnnlab.train.data.Datasets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code qnn analyze ntk}: QNN regression by small-step gradient descent, against kernel regression with the tangent
 * kernel frozen at initialization (You, Chakrabarti, Chen, Wu, ICML 2023).
 */
@Command(name = "ntk", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Tangent-kernel dynamics of QNN regression against the frozen-kernel prediction.",
            "Per step: residual, kernel spectrum and drift; power-law vs exponential fits.",
            "Writes ntk.csv, ntk.json and ntk.png."})
final class AnalyzeNtkCommand implements Callable<Integer> {

    @Mixin
    AnalysisOptions opts = new AnalysisOptions();

    @Option(names = "--gamma", paramLabel = "G", defaultValue = "1.0",
            description = "Measurement range: f = γ·<O> (default: ${DEFAULT-VALUE}).")
    double gamma;

    @Option(names = "--data", paramLabel = "KIND", defaultValue = "parity",
            description = "parity (all 2^n bit strings, y = ±1) or teacher (a random QNN's outputs) "
                    + "(default: ${DEFAULT-VALUE}).")
    String data;

    @Option(names = "--samples", paramLabel = "K", defaultValue = "8",
            description = "Samples for --data teacher (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--steps", paramLabel = "T", defaultValue = "200",
            description = "Gradient-descent steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--learning-rate", paramLabel = "ETA",
            description = "Step size η (default: 0.2/γ², so η·K is the same for every γ).")
    Double learningRate;

    @Option(names = "--record-every", paramLabel = "R", defaultValue = "5",
            description = "Record the kernel every R steps (default: ${DEFAULT-VALUE}).")
    int recordEvery;

    @Override
    public Integer call() {
        Output out = opts.output("ntk");
        int n = opts.singleQubits("2");
        int layers = opts.singleLayers("2");
        if (!(gamma > 0) || !Double.isFinite(gamma)) {
            throw new IllegalArgumentException("--gamma " + gamma + " out of range; allowed: a finite number > 0");
        }
        double eta = learningRate != null ? learningRate : 0.2 / (gamma * gamma);
        Circuit enc = Encodings.angle(new Circuit(n).declareInputs(n), n, Gates.RX, 1.0);
        QnnModel model = QnnModel.of(enc, opts.circuit(n, layers), opts.observable("Z0"), gamma);
        Simulator sim = new Simulator(Kernels.create(1));
        Dataset d = switch (data) {
            case "parity" -> Datasets.parity(n, 0, null);
            case "teacher" -> {
                QnnModel teacher = QnnModel.of(enc, opts.circuit(n, layers), opts.observable("Z0"), 1.0);
                double[] tt = teacher.circuit().randomParameters(opts.seed + 1000);
                yield Datasets.labelled("teacher", samples, n, 0, Math.PI, x -> teacher.value(sim, tt, x),
                        new Rng(opts.seed + 2000));
            }
            default -> throw new IllegalArgumentException("--data '" + data + "'; allowed: parity, teacher");
        };
        if (steps < 1 || recordEvery < 1) {
            throw new IllegalArgumentException("--steps " + steps + " and --record-every " + recordEvery
                    + " must both be 1 or more");
        }
        // Up front: each step is one batched adjoint Jacobian (~4 circuit passes per sample).
        double estimate = AnalysisOptions.estimateSeconds(4L * (steps + 1) * d.size(), model.circuit().size(),
                n);
        if (estimate > AnalysisOptions.MAX_ESTIMATED_SECONDS) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "this run would take about %.0f s, more "
                    + "than the %.0f s allowed; reduce --steps, --samples, --layers or --qubits", estimate,
                    AnalysisOptions.MAX_ESTIMATED_SECONDS));
        }
        double[] theta0 = model.circuit().randomParameters(opts.seed);
        ProgressBar bar = ProgressBar.onTerminal("ntk", opts.json);
        long t0 = System.nanoTime();
        TangentKernel.Result r;
        try {
            r = TangentKernel.train(sim, model, d, theta0, eta, steps, recordEvery, Parallel.defaultThreads(),
                    s -> bar.update(s, steps, ""));
        } finally {
            bar.finish();
        }
        List<TangentKernel.Step> rec = r.steps();
        double[] t = new double[rec.size()];
        double[] actual = new double[rec.size()];
        double[] frozen = new double[rec.size()];
        try (ResultFiles.Csv csv = out.csv("ntk.csv", List.of("step", "loss",
                "residual_norm", "frozen_residual_norm", "drift", "min_eigenvalue", "max_eigenvalue"))) {
            for (int i = 0; i < rec.size(); i++) {
                TangentKernel.Step s = rec.get(i);
                double[] ev = s.eigenvalues();
                csv.row(s.step(), s.loss(), s.residualNorm(), s.frozenResidualNorm(), s.drift(), ev[0],
                        ev[ev.length - 1]);
                t[i] = s.step();
                actual[i] = s.residualNorm();
                frozen[i] = s.frozenResidualNorm();
            }
        }
        TangentKernel.Step last = rec.get(rec.size() - 1);
        TangentKernel.Fit f = r.fit();
        Map<String, Object> fit = new LinkedHashMap<>();
        fit.put("power_law_exponent", f.powerLawExponent());
        fit.put("power_law_r2", f.powerLawR2());
        fit.put("exponential_rate", f.exponentialRate());
        fit.put("exponential_r2", f.exponentialR2());
        fit.put("better_fit", f.betterFit());
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("analysis", "ntk");
        res.put("ansatz", opts.ansatz);
        res.put("qubits", n);
        res.put("layers", layers);
        res.put("observable", model.observable().toString());
        res.put("gamma", gamma);
        res.put("data", data);
        res.put("samples", d.size());
        res.put("learning_rate", eta);
        res.put("steps", steps);
        res.put("seed", opts.seed);
        res.put("initial_residual", rec.get(0).residualNorm());
        res.put("final_residual", last.residualNorm());
        res.put("final_frozen_residual", last.frozenResidualNorm());
        res.put("final_drift", last.drift());
        res.put("fit", fit);
        List<Map<String, Object>> stepsJson = new ArrayList<>();
        for (TangentKernel.Step s : rec) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("step", s.step());
            m.put("loss", s.loss());
            m.put("residual_norm", s.residualNorm());
            m.put("frozen_residual_norm", s.frozenResidualNorm());
            m.put("drift", s.drift());
            m.put("eigenvalues", s.eigenvalues());
            stepsJson.add(m);
        }
        res.put("recorded_steps", stepsJson);
        res.put("seconds", (System.nanoTime() - t0) / 1e9);
        out.json("ntk.json", res);
        List<Plots.Series> series = new ArrayList<>();
        series.add(new Plots.Series("actual |r(t)|", t, actual, true, false));
        series.add(new Plots.Series("frozen kernel", t, frozen, true, false));
        out.plot("ntk.png", String.format(Locale.ROOT, "Residual, γ = %.3g (%s)", gamma,
                f.betterFit().replace('_', ' ')), "step t", "residual norm", series, List.of(), true, true);
        if (opts.json) {
            Map<String, Object> brief = new LinkedHashMap<>(res);
            brief.remove("recorded_steps"); // in ntk.json; stdout keeps the summary
            Json.print(brief);
        } else {
            System.out.printf(Locale.ROOT, "residual %.4g -> %.4g after %d steps (frozen kernel: %.4g); kernel drift "
                    + "%.3g%n", rec.get(0).residualNorm(), last.residualNorm(), steps, last.frozenResidualNorm(),
                    last.drift());
            System.out.printf(Locale.ROOT, "fit: power law t^-%.3f (R² %.4f), exponential e^-%.4g t (R² %.4f): %s%n",
                    f.powerLawExponent(), f.powerLawR2(), f.exponentialRate(), f.exponentialR2(), f.betterFit());
            out.printFooter("ntk.csv", "ntk.json", "ntk.png");
        }
        return 0;
    }
}
