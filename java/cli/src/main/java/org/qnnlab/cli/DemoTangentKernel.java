package org.qnnlab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.qnnlab.analysis.TangentKernel;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Encodings;
import org.qnnlab.sim.Gates;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Simulator;
import org.qnnlab.train.QnnModel;
import org.qnnlab.train.data.Dataset;
import org.qnnlab.train.data.Datasets;

/**
 * Demo experiment 2 (You, Chakrabarti, Chen, Wu, ICML 2023): regression on ±1 targets with a Pauli observable
 * converges sublinearly and its tangent kernel drifts away from the one at initialization; the same model with the
 * observable scaled by γ = 3 > max|y| converges exponentially.
 */
final class DemoTangentKernel {

    private DemoTangentKernel() {
    }

    static Report.Section run(Simulator sim, int steps, Path out, Map<String, Object> summary, Runnable tick) {
        long t0 = System.nanoTime();
        int n = 2;
        Dataset data = Datasets.parity(n, 0, null);
        List<Plots.Series> series = new ArrayList<>();
        List<Report.Metric> metrics = new ArrayList<>();
        Map<String, Object> json = new LinkedHashMap<>();
        TangentKernel.Fit[] fits = new TangentKernel.Fit[2];
        double[] finals = new double[2];
        double[] drifts = new double[2];
        double[] gammas = {1, 3};
        for (int g = 0; g < 2; g++) {
            double gamma = gammas[g];
            Circuit enc = Encodings.angle(new Circuit(n).declareInputs(n), n, Gates.RX, 1.0);
            QnnModel model = QnnModel.of(enc, Ansatz.hea(n, 2), Observable.parse("Z0"), gamma);
            double[] theta0 = model.circuit().randomParameters(2);
            TangentKernel.Result r = TangentKernel.train(sim, model, data, theta0, 0.2 / (gamma * gamma), steps, 5, 1);
            List<TangentKernel.Step> rec = r.steps();
            double[] t = new double[rec.size()];
            double[] actual = new double[rec.size()];
            double[] frozen = new double[rec.size()];
            String name = gamma == 1 ? "pauli" : "scaled";
            try (ResultFiles.Csv csv = new ResultFiles.Csv(out.resolve("ntk-" + name + ".csv"), List.of("step",
                    "residual_norm", "frozen_residual_norm", "drift", "max_eigenvalue"))) {
                for (int i = 0; i < rec.size(); i++) {
                    TangentKernel.Step s = rec.get(i);
                    t[i] = s.step();
                    actual[i] = s.residualNorm();
                    frozen[i] = s.frozenResidualNorm();
                    csv.row(s.step(), s.residualNorm(), s.frozenResidualNorm(), s.drift(),
                            s.eigenvalues()[s.eigenvalues().length - 1]);
                }
            }
            String label = String.format(Locale.ROOT, "γ = %.0f", gamma);
            series.add(new Plots.Series(label + " actual", t, actual, true, false));
            series.add(new Plots.Series(label + " frozen kernel", t, frozen, true, false));
            TangentKernel.Step last = rec.get(rec.size() - 1);
            fits[g] = r.fit();
            finals[g] = last.residualNorm();
            drifts[g] = last.drift();
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("gamma", gamma);
            j.put("final_residual", last.residualNorm());
            j.put("final_frozen_residual", last.frozenResidualNorm());
            j.put("final_drift", last.drift());
            j.put("power_law_exponent", r.fit().powerLawExponent());
            j.put("power_law_r2", r.fit().powerLawR2());
            j.put("exponential_rate", r.fit().exponentialRate());
            j.put("exponential_r2", r.fit().exponentialR2());
            j.put("better_fit", r.fit().betterFit());
            json.put(name, j);
            metrics.add(new Report.Metric(label + ": residual after " + steps + " steps",
                    String.format(Locale.ROOT, "%.3g (frozen kernel %.3g)", last.residualNorm(),
                            last.frozenResidualNorm()), "‖f(X) − y‖ vs kernel regression with K(θ0)"));
            metrics.add(new Report.Metric(label + ": kernel drift", String.format(Locale.ROOT, "%.3f", last.drift()),
                    "‖K(t) − K(0)‖_F / ‖K(0)‖_F"));
            metrics.add(new Report.Metric(label + ": better fit", String.format(Locale.ROOT,
                    "%s (t^-%.2f R² %.4f; e^-%.3g·t R² %.4f)", r.fit().betterFit(), r.fit().powerLawExponent(),
                    r.fit().powerLawR2(), r.fit().exponentialRate(), r.fit().exponentialR2()),
                    "power law = sublinear, exponential = linear convergence"));
            tick.run();
        }
        summary.put("tangent_kernel", json);
        ResultFiles.json(out.resolve("tangent-kernel.json"), json);
        byte[] png = Plots.xy("Residual norm: actual vs frozen tangent kernel", "step t", "residual norm", series,
                List.of(), true, true);
        Plots.save(out.resolve("ntk-residuals.png"), png);
        String finding = String.format(Locale.ROOT, "With the Pauli observable the residual decays as a power law "
                + "(t^-%.2f, %s fits better) and the kernel drifts by %.0f%%; with γ = 3 it decays exponentially "
                + "(rate %.3g per step, %s fits better) to %.1e, %.0e times below the Pauli run.",
                fits[0].powerLawExponent(), fits[0].betterFit().replace('_', ' '), 100 * drifts[0],
                fits[1].exponentialRate(), fits[1].betterFit().replace('_', ' '), finals[1],
                finals[0] / Math.max(finals[1], 1e-300));
        return new Report.Section("tangent-kernel", "2. Tangent-kernel dynamics: measurement range decides the rate",
                "X. You, S. Chakrabarti, B. Chen, X. Wu, \"Analyzing convergence in quantum neural networks: "
                        + "deviations from neural tangent kernels\", ICML 2023",
                "A 2-qubit QNN (RX angle encoding of two bits, two HEA layers) learns 2-bit parity with targets "
                        + "±1 by small-step gradient descent on ½Σr<sub>i</sub>². Kernel regression with the "
                        + "tangent kernel K<sub>ij</sub> = ∇f(x<sub>i</sub>)·∇f(x<sub>j</sub>) frozen at "
                        + "initialization predicts r(t) = exp(−ηK(θ<sub>0</sub>)t) r(0). With the Pauli observable "
                        + "Z<sub>0</sub> the targets ±1 sit at the edge of its range, where the gradient vanishes, "
                        + "so convergence is sublinear and the kernel cannot stay frozen. Scaling the observable by "
                        + "γ = 3 (learning rate 0.2/γ², so ηK starts on the same scale) moves the targets inside "
                        + "the range and convergence becomes linear (exponential in t).",
                finding, metrics, List.of(new Report.Figure("fig-ntk", "Residual norm on log axes: actual runs and "
                        + "the frozen-kernel predictions, γ = 1 and γ = 3", png, "ntk-residuals.png")),
                (System.nanoTime() - t0) / 1e9);
    }
}
