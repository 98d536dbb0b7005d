package org.qnnlab.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.qnnlab.analysis.CostEstimate;
import org.qnnlab.analysis.FrozenKernel;
import org.qnnlab.analysis.LearningRateScaling;
import org.qnnlab.analysis.TangentKernel;
import org.qnnlab.analysis.TangentKernelStudy;
import org.qnnlab.analysis.ensemble.CircuitSpec;
import org.qnnlab.analysis.ensemble.EnsembleEngine;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Encodings;
import org.qnnlab.sim.Gates;
import org.qnnlab.sim.NumberSyntax;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Rng;
import org.qnnlab.sim.Simulator;
import org.qnnlab.train.QnnModel;
import org.qnnlab.train.ThreadPolicy;
import org.qnnlab.train.data.Dataset;
import org.qnnlab.train.data.Datasets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code qnn analyze ntk}: QNN regression by gradient descent for several measurement ranges γ, each against the
 * gradient descent the tangent kernel frozen at initialization predicts (You, Chakrabarti, Chen, Wu, ICML 2023). The
 * runs, fits and theory statements come from {@link TangentKernelStudy}; this class parses options and writes files.
 */
@Command(name = "ntk", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Tangent-kernel dynamics of QNN regression for several measurement ranges γ.",
            "Per γ: residual vs frozen-kernel prediction, spectrum, drift, λ_max(K)/‖r‖;",
            "power-law vs exponential fits; You et al.'s statement for that γ.",
            "Writes ntk.csv, ntk.json and ntk.png; with --npy also the kernels K₀ and K(T) per γ."})
final class AnalyzeNtkCommand implements Callable<Integer> {

    @Mixin
    AnalysisOptions opts = new AnalysisOptions();

    @Mixin
    KernelOptions kernelOptions = new KernelOptions();

    @Mixin
    EngineOptions engineOptions = new EngineOptions();

    @Option(names = "--gamma", paramLabel = "G[,G…]", defaultValue = "1,1.5,2,3",
            description = "Measurement ranges, f = γ·<O>; each is run from the same θ₀ and overlaid "
                    + "(default: ${DEFAULT-VALUE}).")
    String gamma;

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
            description = "η₀: each γ steps with η₀/γ² (so ηK is the same at the same θ), divided by the parameter "
                    + "count p with --lr-scaling parameters (default: "
                    + TangentKernelStudy.DEFAULT_LEARNING_RATE + ", or that times p₀ = "
                    + TangentKernelStudy.REFERENCE_PARAMETERS + " with --lr-scaling parameters).")
    Double learningRate;

    @Option(names = "--lr-scaling", paramLabel = "S", defaultValue = "none",
            description = "none (step η₀/γ²) or parameters (step η₀/(γ²p), comparable across p) "
                    + "(default: ${DEFAULT-VALUE}).")
    String lrScaling;

    @Option(names = "--prediction", paramLabel = "P", defaultValue = "discrete",
            description = "Frozen-kernel prediction: discrete, r(t+1) = (I − ηK₀)r(t), the gradient descent run; "
                    + "or continuous, exp(−ηK₀t)r(0), gradient flow (default: ${DEFAULT-VALUE}).")
    String prediction;

    @Option(names = "--npy", description = "Also write, per γ, the tangent kernel at θ₀ and at the last step as "
            + "ntk-gamma<G>-k0.npy and ntk-gamma<G>-final.npy: float64, samples × samples, for np.load.")
    boolean npy;

    @Option(names = "--record-every", paramLabel = "R", defaultValue = "5",
            description = "Record the kernel every R steps (default: ${DEFAULT-VALUE}).")
    int recordEvery;

    @Override
    public Integer call() {
        Output out = opts.output("ntk");
        if (npy) {
            out.requireFiles("--npy");
        }
        double[] gammas = parseGammas(gamma);
        LearningRateScaling scaling = parse("--lr-scaling", () -> LearningRateScaling.parse(lrScaling));
        FrozenKernel.Prediction pred = parse("--prediction", () -> FrozenKernel.Prediction.parse(prediction));
        double eta0 = learningRate != null ? learningRate : TangentKernelStudy.defaultLearningRate(scaling);
        if (!(eta0 > 0) || !Double.isFinite(eta0)) {
            throw new IllegalArgumentException("--learning-rate " + eta0 + " out of range; allowed: a finite number "
                    + "> 0");
        }
        if (steps < 1) {
            throw new IllegalArgumentException("--steps " + steps + " out of range; allowed: 1 or more");
        }
        if (recordEvery < 1) {
            throw new IllegalArgumentException("--record-every " + recordEvery + " out of range; allowed: 1 or more");
        }
        TangentKernel.Options options = new TangentKernel.Options(eta0, scaling, pred, steps, recordEvery);
        int n = opts.singleQubits("2");
        int layers = opts.singleLayers("2");
        CircuitSpec ansatz = opts.circuitSpec(n, layers);
        Circuit circuit = TangentKernelStudy.angleEncoded(ansatz.circuit());
        parse("--gamma " + gamma, () -> {
            TangentKernelStudy.checkGammas(gammas, options, circuit.numParameters());
            return gammas;
        });
        Observable observable = opts.observable("Z0");
        ThreadPolicy policy = kernelOptions.policy(n);
        Simulator sim = kernelOptions.simulator(kernelOptions.create(policy.kernelThreads()));
        Dataset d = switch (data) {
            case "parity" -> Datasets.parity(n, 0, null);
            case "teacher" -> {
                QnnModel teacher = new QnnModel(circuit, observable, 1.0);
                double[] tt = circuit.randomParameters(opts.seed + 1000);
                yield Datasets.labelled("teacher", samples, n, 0, Math.PI, x -> teacher.value(sim, tt, x),
                        new Rng(opts.seed + 2000));
            }
            default -> throw new IllegalArgumentException("--data '" + data + "'; allowed: parity, teacher");
        };
        // Up front: each step is one batched adjoint Jacobian (~4 circuit passes per sample), per γ.
        double estimate = CostEstimate.tangentKernel(circuit, d.size(), steps, gammas.length);
        CostEstimate.refuseAbove(estimate, "this run", "γ values × (steps + 1) × 4 circuit passes per sample × "
                + "gates", "--steps, --samples, --gamma values, --layers or --qubits");
        double[] theta0 = circuit.randomParameters(opts.seed);
        engineOptions.check(out);
        ProgressBar bar = ProgressBar.onTerminal("ntk", opts.json);
        long t0 = System.nanoTime();
        TangentKernelStudy.Result study;
        // one γ at a time on the local engine, the samples of each Jacobian over the item threads
        try (EnsembleEngine engine = engineOptions.create()) {
            study = TangentKernelStudy.run(engineOptions.runner(engine, 1, out, bar), sim, ansatz, observable, d,
                    gammas, theta0, options, policy.itemThreads());
        } finally {
            bar.finish();
        }
        List<Map<String, Object>> runs = new ArrayList<>();
        List<Plots.Series> series = new ArrayList<>();
        try (ResultFiles.Csv csv = out.csv("ntk.csv", List.of("gamma", "step", "loss", "residual_norm",
                "predicted_residual_norm", "prediction_error", "drift", "min_eigenvalue", "max_eigenvalue",
                "kernel_residual_ratio"))) {
            for (TangentKernelStudy.Run run : study.runs()) {
                List<TangentKernel.Step> rec = run.result().steps();
                double[] t = new double[rec.size()];
                double[] actual = new double[rec.size()];
                double[] predicted = new double[rec.size()];
                for (int i = 0; i < rec.size(); i++) {
                    TangentKernel.Step s = rec.get(i);
                    csv.row(run.gamma(), s.step(), s.loss(), s.residualNorm(), s.predictedResidualNorm(),
                            s.predictionError(), s.drift(), s.eigenvalues()[0], s.maxEigenvalue(),
                            s.kernelResidualRatio());
                    t[i] = s.step();
                    actual[i] = s.residualNorm();
                    predicted[i] = s.predictedResidualNorm();
                }
                String label = "γ = " + number(run.gamma());
                series.add(new Plots.Series(label, t, actual, true, false));
                series.add(new Plots.Series(label + " frozen K₀", t, predicted, true, false));
                Map<String, Object> m = summary(run);
                m.put("recorded_steps", recordedSteps(rec));
                runs.add(m);
                if (npy) {
                    out.npy(npyName(run.gamma(), "k0"), run.result().initialKernel());
                    out.npy(npyName(run.gamma(), "final"), run.result().finalKernel());
                }
            }
        }
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("analysis", "ntk");
        opts.putSource(res);
        res.put("qubits", n);
        res.put("layers", layers);
        res.put("parameters", circuit.numParameters());
        res.put("observable", observable.toString());
        res.put("data", data);
        res.put("samples", d.size());
        res.put("steps", steps);
        res.put("learning_rate", eta0);
        res.put("lr_scaling", scaling.id());
        res.put("prediction", pred.id());
        res.put("seed", opts.seed);
        res.put("kernel", sim.kernel().type().id());
        res.put("threads", Map.of("kernel", policy.kernelThreads(), "items", policy.itemThreads()));
        res.put("residual_floor", TangentKernel.RESIDUAL_FLOOR);
        res.put("runs", runs);
        res.put("seconds", (System.nanoTime() - t0) / 1e9);
        out.json("ntk.json", res);
        out.plot("ntk.png", "Residual: actual vs frozen tangent kernel (" + pred.id() + ")", "step t",
                "residual norm", series, List.of(), true, true);
        if (opts.json) {
            for (Map<String, Object> m : runs) {
                m.remove("recorded_steps"); // in ntk.json; stdout keeps the summary
            }
            Json.print(res);
        } else {
            printTable(study, pred);
            out.printFooter(npy ? new String[] {"ntk.csv", "ntk.json", "ntk.png", "ntk-gamma<G>-{k0,final}.npy"}
                    : new String[] {"ntk.csv", "ntk.json", "ntk.png"});
        }
        return 0;
    }

    /**
     * One γ's summary as written to ntk.json and the demo's summary: step size, residuals, drift, the kernel/residual
     * ratio at the start and at the last step above the floor, the comparison with the frozen kernel, the fits and the
     * paper's statement.
     */
    static Map<String, Object> summary(TangentKernelStudy.Run run) {
        TangentKernel.Result r = run.result();
        TangentKernel.Step end = r.lastAboveFloor();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("gamma", run.gamma());
        m.put("parameters", run.model().numParameters());
        m.put("step_size", r.learningRate());
        m.put("step_size_times_max_eigenvalue", r.learningRate() * r.first().maxEigenvalue());
        m.put("initial_residual", r.first().residualNorm());
        m.put("final_residual", r.last().residualNorm());
        m.put("final_predicted_residual", r.last().predictedResidualNorm());
        m.put("final_drift", r.finalDrift());
        Map<String, Object> ratio = new LinkedHashMap<>();
        ratio.put("start", r.first().kernelResidualRatio());
        ratio.put("end", end.kernelResidualRatio());
        ratio.put("end_step", end.step());
        ratio.put("max", run.kernelResidualConstant());
        m.put("kernel_residual_ratio", ratio);
        TangentKernel.Comparison c = r.comparison();
        Map<String, Object> cmp = new LinkedHashMap<>();
        cmp.put("prediction", r.prediction().id());
        cmp.put("steps_compared", c.steps());
        cmp.put("last_step", c.lastStep());
        cmp.put("actual_over_predicted", c.actualOverPredicted());
        cmp.put("max_relative_error", c.maxRelativeError());
        m.put("comparison", cmp);
        TangentKernel.Fit f = r.fit();
        Map<String, Object> fit = new LinkedHashMap<>();
        fit.put("power_law_exponent", f.powerLawExponent());
        fit.put("power_law_r2", f.powerLawR2());
        fit.put("exponential_rate", f.exponentialRate());
        fit.put("exponential_r2", f.exponentialR2());
        fit.put("points", f.points());
        fit.put("tail_power_law_exponent", f.tailExponent());
        m.put("better_fit", f.betterFit());
        m.put("fit", fit);
        TangentKernelStudy.Theory th = run.theory();
        Map<String, Object> theory = new LinkedHashMap<>();
        theory.put("regime", th.regime().id());
        theory.put("measurement_range", th.measurementRange());
        theory.put("max_abs_target", th.maxAbsTarget());
        theory.put("power_law_exponent_bound", th.exponentBound());
        theory.put("final_residual_bound", run.sublinearResidualBound());
        theory.put("statement", th.statement());
        m.put("theory", theory);
        return m;
    }

    private static List<Map<String, Object>> recordedSteps(List<TangentKernel.Step> rec) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TangentKernel.Step s : rec) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("step", s.step());
            m.put("loss", s.loss());
            m.put("residual_norm", s.residualNorm());
            m.put("predicted_residual_norm", s.predictedResidualNorm());
            m.put("prediction_error", s.predictionError());
            m.put("drift", s.drift());
            m.put("kernel_residual_ratio", s.kernelResidualRatio());
            m.put("eigenvalues", s.eigenvalues());
            out.add(m);
        }
        return out;
    }

    private static void printTable(TangentKernelStudy.Result study, FrozenKernel.Prediction pred) {
        System.out.printf(Locale.ROOT, "%-6s %-9s %-9s %-9s %-9s %-9s %-6s %-19s %-12s %-15s %-16s%n", "gamma",
                "step η", "ηλmax(K₀)", "‖r(0)‖", "‖r(T)‖", "frozen", "drift", "λmax/‖r‖ start→end", "better fit",
                "α (R²), tail α", "λ/step (R²)");
        for (TangentKernelStudy.Run run : study.runs()) {
            TangentKernel.Result r = run.result();
            TangentKernel.Fit f = r.fit();
            System.out.printf(Locale.ROOT, "%-6s %-9.4g %-9.3g %-9.4g %-9.3g %-9.3g %-6.3f %-19s %-12s %-15s %-16s%n",
                    number(run.gamma()), r.learningRate(), r.learningRate() * r.first().maxEigenvalue(),
                    r.first().residualNorm(), r.last().residualNorm(), r.last().predictedResidualNorm(),
                    r.finalDrift(), String.format(Locale.ROOT, "%.3g → %.3g", r.first().kernelResidualRatio(),
                            r.lastAboveFloor().kernelResidualRatio()), f.betterFit(),
                    String.format(Locale.ROOT, "%.3f (%.3f), %.3f", f.powerLawExponent(), f.powerLawR2(),
                            f.tailExponent()),
                    String.format(Locale.ROOT, "%.3g (%.4f)", f.exponentialRate(), f.exponentialR2()));
        }
        System.out.println("frozen: the " + pred.id() + " frozen-kernel prediction at T; ratios and fits use steps with "
                + "‖r‖ above " + number(TangentKernel.RESIDUAL_FLOOR) + "·‖r(0)‖");
        for (TangentKernelStudy.Run run : study.runs()) {
            TangentKernelStudy.Theory th = run.theory();
            String bound = th.regime() == TangentKernelStudy.Theory.Regime.SUBLINEAR ? String.format(Locale.ROOT,
                    " Measured: tail α %.3f; C = max λmax/‖r‖ = %.3g gives ‖r(T)‖ ≥ %.4g, measured %.4g.",
                    run.result().fit().tailExponent(), run.kernelResidualConstant(), run.sublinearResidualBound(),
                    run.result().last().residualNorm()) : "";
            System.out.println("theory, γ = " + number(run.gamma()) + " (" + th.regime().id() + "): " + th.statement()
                    + "." + bound);
        }
    }

    /**
     * Parses the {@code --gamma} list: every entry a number ({@link NumberSyntax}); the range is
     * {@link TangentKernelStudy#checkGammas}'.
     *
     * @throws IllegalArgumentException naming the bad entry as typed and what is allowed
     */
    static double[] parseGammas(String text) {
        String[] parts = text.split(",", -1);
        double[] g = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                g[i] = NumberSyntax.parse(parts[i], "entry");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--gamma " + text + ": " + e.getMessage()
                        + ", as a list like 1,1.5,2,3");
            }
        }
        return g;
    }

    /** The file of one γ's kernel ({@code which}: k0 or final), e.g. {@code ntk-gamma1.5-k0.npy}. */
    static String npyName(double gamma, String which) {
        return "ntk-gamma" + number(gamma) + "-" + which + ".npy";
    }

    /** A number without trailing zeros: 1, 1.5, 1e-12. */
    static String number(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toString();
    }

    /** Runs a library parser and puts the option's name in front of its error. */
    private static <T> T parse(String option, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }
}
