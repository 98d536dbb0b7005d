package org.qnnlab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.qnnlab.analysis.FrozenKernel;
import org.qnnlab.analysis.LearningRateScaling;
import org.qnnlab.analysis.TangentKernel;
import org.qnnlab.analysis.TangentKernelStudy;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Encodings;
import org.qnnlab.sim.Gates;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Simulator;
import org.qnnlab.train.ThreadPolicy;
import org.qnnlab.train.data.Dataset;
import org.qnnlab.train.data.Datasets;

/**
 * Demo experiment 2 (You, Chakrabarti, Chen, Wu, ICML 2023): 2-bit parity (targets ±1) learned by gradient descent
 * with the Pauli measurement Z0 (γ = 1) and with the same measurement scaled by γ = 3, each against the discrete
 * frozen-kernel prediction. The runs, fits and the paper's statements come from {@link TangentKernelStudy}; this class
 * writes the files and the report section.
 */
final class DemoTangentKernel {

    private static final double[] GAMMAS = {1, 3};
    private static final String[] NAMES = {"pauli", "scaled"};

    private DemoTangentKernel() {
    }

    static Report.Section run(Simulator sim, int steps, Path out, Map<String, Object> summary, Runnable tick) {
        long t0 = System.nanoTime();
        int n = 2;
        Dataset data = Datasets.parity(n, 0, null);
        Circuit enc = Encodings.angle(new Circuit(n).declareInputs(n), n, Gates.RX, 1.0);
        Circuit circuit = new Circuit(n).append(enc).append(Ansatz.hea(n, 2));
        TangentKernel.Options options = new TangentKernel.Options(TangentKernelStudy.DEFAULT_LEARNING_RATE,
                LearningRateScaling.NONE, FrozenKernel.Prediction.DISCRETE, steps, 5);
        // One tick per γ, as DemoCommand counts them; small states, so the samples take the cores.
        TangentKernelStudy.Result study = TangentKernelStudy.run(sim, circuit, Observable.parse("Z0"), data, GAMMAS,
                circuit.randomParameters(2), options, ThreadPolicy.forQubits(n).itemThreads(),
                s -> {
                    if (s % steps == 0) {
                        tick.run();
                    }
                });
        List<Plots.Series> series = new ArrayList<>();
        Map<String, Object> json = new LinkedHashMap<>();
        for (int g = 0; g < GAMMAS.length; g++) {
            TangentKernelStudy.Run run = study.runs().get(g);
            List<TangentKernel.Step> rec = run.result().steps();
            double[] t = new double[rec.size()];
            double[] actual = new double[rec.size()];
            double[] frozen = new double[rec.size()];
            try (ResultFiles.Csv csv = new ResultFiles.Csv(out.resolve("ntk-" + NAMES[g] + ".csv"), List.of("step",
                    "residual_norm", "predicted_residual_norm", "drift", "max_eigenvalue", "kernel_residual_ratio"))) {
                for (int i = 0; i < rec.size(); i++) {
                    TangentKernel.Step s = rec.get(i);
                    t[i] = s.step();
                    actual[i] = s.residualNorm();
                    frozen[i] = s.predictedResidualNorm();
                    csv.row(s.step(), s.residualNorm(), s.predictedResidualNorm(), s.drift(), s.maxEigenvalue(),
                            s.kernelResidualRatio());
                }
            }
            String label = "γ = " + AnalyzeNtkCommand.number(run.gamma());
            series.add(new Plots.Series(label + " actual", t, actual, true, false));
            series.add(new Plots.Series(label + " frozen K₀ (discrete)", t, frozen, true, false));
            json.put(NAMES[g], AnalyzeNtkCommand.summary(run));
        }
        summary.put("tangent_kernel", json);
        ResultFiles.json(out.resolve("tangent-kernel.json"), json);
        byte[] png = Plots.xy("Residual norm: actual vs discrete frozen tangent kernel", "step t", "residual norm",
                series, List.of(), true, true);
        Plots.save(out.resolve("ntk-residuals.png"), png);
        TangentKernelStudy.Run pauli = study.runs().get(0);
        TangentKernelStudy.Run scaled = study.runs().get(1);
        List<Report.Metric> metrics = new ArrayList<>();
        for (TangentKernelStudy.Run run : study.runs()) {
            metrics.addAll(metrics(run, steps));
        }
        return new Report.Section("tangent-kernel", "2. Tangent-kernel dynamics: measurement range decides the rate",
                "X. You, S. Chakrabarti, B. Chen, X. Wu, \"Analyzing convergence in quantum neural networks: "
                        + "deviations from neural tangent kernels\", ICML 2023",
                "A 2-qubit QNN (RX angle encoding of two bits, two HEA layers) learns 2-bit parity with targets "
                        + "±1 by gradient descent on ½Σr<sub>i</sub>². With the tangent kernel "
                        + "K<sub>ij</sub> = ∇f(x<sub>i</sub>)·∇f(x<sub>j</sub>) frozen at initialization the gradient "
                        + "descent actually run would follow r(t+1) = (I − ηK(θ<sub>0</sub>)) r(t). With the Pauli "
                        + "measurement Z<sub>0</sub> the targets ±1 are its eigenvalues; You et al. prove that the "
                        + "kernel then vanishes with the residual and convergence is at most sublinear. Scaling the "
                        + "measurement by γ = 3 puts the targets inside its range, which they find crucial to fast "
                        + "convergence. Step size η = 0.2/γ², so ηK(θ) is the same for both at the same θ. Fits "
                        + "and ratios use only steps whose residual is above 10<sup>−12</sup> of its start.",
                finding(pauli, scaled), metrics, List.of(new Report.Figure("fig-ntk", "Residual norm on log axes: "
                        + "actual runs and their discrete frozen-kernel predictions, γ = 1 and γ = 3", png,
                        "ntk-residuals.png")),
                (System.nanoTime() - t0) / 1e9);
    }

    private static List<Report.Metric> metrics(TangentKernelStudy.Run run, int steps) {
        TangentKernel.Result r = run.result();
        TangentKernel.Fit f = r.fit();
        TangentKernelStudy.Theory th = run.theory();
        String label = "γ = " + AnalyzeNtkCommand.number(run.gamma());
        List<Report.Metric> m = new ArrayList<>();
        m.add(new Report.Metric(label + ": residual after " + steps + " steps", String.format(Locale.ROOT,
                "%.3g (discrete frozen kernel %.3g)", r.last().residualNorm(), r.last().predictedResidualNorm()),
                "‖f(X) − y‖ against (I − ηK(θ₀))^t r(0)"));
        m.add(new Report.Metric(label + ": kernel drift", String.format(Locale.ROOT, "%.3f", r.finalDrift()),
                "‖K(T) − K(0)‖_F / ‖K(0)‖_F of this run"));
        TangentKernel.Step end = r.lastAboveFloor();
        m.add(new Report.Metric(label + ": λ_max(K)/‖r‖", String.format(Locale.ROOT, "%.3g at t = 0, %.3g at t = %d",
                r.first().kernelResidualRatio(), end.kernelResidualRatio(), end.step()),
                "bounded when the kernel vanishes with the residual; grows as 1/‖r‖ when it does not"));
        m.add(new Report.Metric(label + ": better fit", String.format(Locale.ROOT,
                "%s (t^-%.2f R² %.4f; e^-%.3g·t R² %.4f)", f.betterFit().replace('_', ' '), f.powerLawExponent(),
                f.powerLawR2(), f.exponentialRate(), f.exponentialR2()),
                "power law = sublinear, exponential = linear convergence"));
        String beside = th.regime() == TangentKernelStudy.Theory.Regime.SUBLINEAR ? String.format(Locale.ROOT,
                "exponent ≤ %.0f as t → ∞ (a bound); measured %.3f over the second half. ‖r(T)‖ ≥ %.3g from the "
                        + "measured C = %.3g; measured %.3g", th.exponentBound(), f.tailExponent(),
                run.sublinearResidualBound(), run.kernelResidualConstant(), r.last().residualNorm())
                : String.format(Locale.ROOT, "%s convergence, no rate given; measured rate %.3g per step",
                        th.regime().id(), f.exponentialRate());
        m.add(new Report.Metric(label + ": theory beside measured", beside, th.statement()));
        return m;
    }

    private static String finding(TangentKernelStudy.Run pauli, TangentKernelStudy.Run scaled) {
        TangentKernel.Result p = pauli.result();
        TangentKernel.Result s = scaled.result();
        TangentKernel.Step pMid = p.steps().get(p.steps().size() / 2);
        TangentKernel.Step sEnd = s.lastAboveFloor();
        String sReach = s.last().residualNorm() > TangentKernel.RESIDUAL_FLOOR * s.first().residualNorm()
                ? String.format(Locale.ROOT, "reaches %.2g at step %d", s.last().residualNorm(), s.last().step())
                : String.format(Locale.ROOT, "is below 10^-12 of its start after step %d", sEnd.step());
        return String.format(Locale.ROOT, "With the Pauli measurement (γ = 1) the residual decays as a power law: "
                + "t^-%.2f over the run (R² %.3f), t^-%.2f over its second half, beside You et al.'s "
                + "at-most-sublinear convergence and a 1/t bound derived here (exponent at most 1 as t → ∞). "
                + "λ_max(K)/‖r‖ is %.3g at t = 0, %.3g at t = %d and %.3g at t = %d: "
                + "the kernel vanishes with the residual (drift %.2f), and with the measured C = %.3g the "
                + "gradient-flow bound gives ‖r(%d)‖ ≥ %.3g, measured %.3g. With γ = 3 the residual decays "
                + "exponentially (%.3g per step, R² %.4f) and %s; its own kernel drift is %.2f, yet the kernel does "
                + "not vanish: λ_max(K)/‖r‖ grows from %.3g to %.2g.",
                p.fit().powerLawExponent(), p.fit().powerLawR2(), p.fit().tailExponent(),
                p.first().kernelResidualRatio(), pMid.kernelResidualRatio(), pMid.step(),
                p.last().kernelResidualRatio(), p.last().step(), p.finalDrift(), pauli.kernelResidualConstant(),
                p.last().step(), pauli.sublinearResidualBound(), p.last().residualNorm(), s.fit().exponentialRate(),
                s.fit().exponentialR2(), sReach, s.finalDrift(), s.first().kernelResidualRatio(),
                sEnd.kernelResidualRatio());
    }
}
