package org.qnnlab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.qnnlab.analysis.Landscape;
import org.qnnlab.analysis.Overparametrization;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Boundary;
import org.qnnlab.sim.Hamiltonians;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Simulator;

/**
 * Demo experiment 1 (Larocca et al., Nat. Comput. Sci. 3, 542 (2023)): for the TFIM HVA on an open and a periodic
 * chain, the generic QFIM rank against the number of parameters saturates at M_c, at most at the DLA dimension
 * ({@link Overparametrization}); random initializations trained to convergence ({@link Landscape}, L-BFGS) show how
 * often they reach the ground energy and how many end at spurious local minima, below and from M_c on. Every number
 * comes from those two library calls.
 */
final class DemoOverparametrization {

    /** Sizes for one run. */
    record Config(int qubits, int openLayers, int periodicLayers, int inits) {
    }

    /** One boundary's numbers. */
    record Chain(String boundary, int dlaTheory, Overparametrization.Sweep sweep, List<Landscape.Point> training,
            double groundEnergy) {

        /** The training points with {@code M < M_c} (below) or {@code M ≥ M_c}. */
        List<Landscape.Point> side(boolean below) {
            Integer mc = sweep.criticalParameters();
            return training.stream().filter(p -> (mc == null || p.parameters() < mc) == below).toList();
        }
    }

    private DemoOverparametrization() {
    }

    static Report.Section run(Simulator sim, Config cfg, Path out, Map<String, Object> summary, Runnable tick) {
        long t0 = System.nanoTime();
        Landscape.Options training = Landscape.Options.defaults().withInits(cfg.inits());
        List<Chain> chains = new ArrayList<>();
        for (Boundary b : List.of(Boundary.OPEN, Boundary.PERIODIC)) {
            chains.add(chain(sim, cfg, b, b == Boundary.OPEN ? cfg.openLayers() : cfg.periodicLayers(), training,
                    out, tick));
        }
        List<Plots.Series> rank = new ArrayList<>();
        List<Plots.Series> succ = new ArrayList<>();
        List<Plots.VLine> marks = new ArrayList<>();
        List<Report.Metric> metrics = new ArrayList<>();
        Map<String, Object> json = new LinkedHashMap<>();
        String rule = String.format(Locale.ROOT, "%s from uniform random θ (seeds 1..%d), converged when ‖∇E‖ < %.0e "
                + "within %d steps; success: E within %.0e of the exact ground energy E0; a converged end point is a "
                + "minimum when every Hessian eigenvalue is ≥ −%.0e·max|λ|", training.optimizer().name().toUpperCase(
                        Locale.ROOT).replace("LBFGS", "L-BFGS"), cfg.inits(), training.gradientTolerance(),
                training.optimizer().maxSteps(), training.tolerance(), Landscape.FLAT);
        for (Chain c : chains) {
            Overparametrization.Sweep s = c.sweep();
            double[] ms = s.depths().stream().mapToDouble(Overparametrization.Depth::parameters).toArray();
            double[] rs = s.depths().stream().mapToDouble(Overparametrization.Depth::rank).toArray();
            rank.add(new Plots.Series(c.boundary() + " chain", ms, rs, true, true));
            double[] lm = c.training().stream().mapToDouble(Landscape.Point::parameters).toArray();
            succ.add(new Plots.Series(c.boundary() + ": reach E0", lm,
                    c.training().stream().mapToDouble(Landscape.Point::successFraction).toArray(), true, true));
            succ.add(new Plots.Series(c.boundary() + ": spurious minimum", lm,
                    c.training().stream().mapToDouble(p -> (double) p.spuriousMinima() / p.runs().size()).toArray(),
                    true, false));
            if (s.criticalParameters() != null) {
                marks.add(new Plots.VLine("M_c " + c.boundary() + " = " + s.criticalParameters(),
                        s.criticalParameters()));
            }
            Landscape.Totals below = Landscape.Totals.of(c.side(true));
            Landscape.Totals above = Landscape.Totals.of(c.side(false));
            metrics.add(new Report.Metric("DLA dimension, " + c.boundary(), String.format(Locale.ROOT,
                    "%d (closed form %s = %d)", s.dlaDimension(), c.boundary().equals("open") ? "n²" : "3n − 1",
                    c.dlaTheory()), "Lie closure of the generators ΣZZ and ΣX; bounds the QFIM rank"));
            metrics.add(new Report.Metric("Generic QFIM rank R, " + c.boundary(), String.format(Locale.ROOT,
                    "%d ≤ dim g = %d", s.saturatedRank(), s.dlaDimension()), String.format(Locale.ROOT,
                    "maximum over %d random points per depth; narrowest gap between kept and dropped eigenvalues "
                            + "%s", Overparametrization.DEFAULT_POINTS, gapText(s))));
            metrics.add(new Report.Metric("M_c, " + c.boundary(), String.format(Locale.ROOT, "%s (R = %d, so M_c ≥ %d)",
                    s.criticalParameters(), s.saturatedRank(), s.saturatedRank()),
                    "first parameter count with the saturated generic rank"));
            metrics.add(new Report.Metric("Reach E0 below / from M_c, " + c.boundary(), successText(below) + " / "
                    + successText(above), "share of trained runs; " + (below.unconverged() + above.unconverged())
                    + " of " + (below.runs() + above.runs()) + " runs unconverged"));
            metrics.add(new Report.Metric("Spurious local minima below / from M_c, " + c.boundary(),
                    spuriousText(below) + " / " + spuriousText(above),
                    "converged runs ending at a minimum above E0 + tolerance"));
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("dla_dimension", s.dlaDimension());
            j.put("dla_dimension_closed_form", c.dlaTheory());
            j.put("saturation_rank", s.saturatedRank());
            j.put("critical_parameters", s.criticalParameters());
            j.put("rank_warnings", s.warnings());
            j.put("ground_energy", c.groundEnergy());
            j.put("success_below_critical", below.successFraction());
            j.put("success_from_critical", above.successFraction());
            j.put("spurious_minima_below_critical", below.spuriousMinima());
            j.put("converged_below_critical", below.converged());
            j.put("spurious_minima_from_critical", above.spuriousMinima());
            j.put("converged_from_critical", above.converged());
            j.put("unconverged", below.unconverged() + above.unconverged());
            json.put(c.boundary(), j);
        }
        json.put("training_rule", rule);
        summary.put("overparametrization", json);
        ResultFiles.json(out.resolve("overparametrization.json"), json);
        byte[] rankPng = Plots.xy("Generic QFIM rank vs parameters, TFIM HVA, n = " + cfg.qubits(), "parameters M",
                "generic rank", rank, marks, false, false);
        byte[] succPng = Plots.xy("Trained runs vs parameters (L-BFGS to convergence)", "parameters M",
                "fraction of runs", succ, marks, false, false);
        Plots.save(out.resolve("qfim-rank.png"), rankPng);
        Plots.save(out.resolve("training-success.png"), succPng);
        return new Report.Section("overparametrization", "1. Overparametrization: QFIM rank, DLA and training",
                "M. Larocca, N. Ju, D. García-Martín, P. J. Coles, M. Cerezo, \"Theory of overparametrization in "
                        + "quantum neural networks\", Nat. Comput. Sci. 3, 542 (2023)",
                "The Hamiltonian variational ansatz for the transverse-field Ising chain H = −Σ Z<sub>i</sub>Z<sub>"
                        + "i+1</sub> − Σ X<sub>i</sub> (n = " + cfg.qubits() + ") has two shared parameters per layer. "
                        + "The rank of the quantum Fisher information matrix at a generic point counts the directions "
                        + "the state can move in; it grows with the number of parameters M until M_c, then saturates "
                        + "at a value bounded by the dimension of the circuit's dynamical Lie algebra (computed here "
                        + "by Lie closure of ΣZZ and ΣX). The rank at a depth is the maximum over "
                        + Overparametrization.DEFAULT_POINTS + " random points, with the eigenvalue cut placed in the "
                        + "first wide spectral gap above rounding, so one unlucky point cannot shift M_c. Larocca et "
                        + "al. show that past M_c spurious local minima start to vanish; here " + cfg.inits()
                        + " random initializations per depth are trained until converged (" + rule + ").",
                finding(chains), metrics, List.of(
                        new Report.Figure("fig-qfim-rank", "Generic QFIM rank vs parameters, M_c marked", rankPng,
                                "qfim-rank.png"),
                        new Report.Figure("fig-training-success", "Share of runs that reach the ground energy, and "
                                + "share ending at a spurious minimum", succPng, "training-success.png")),
                (System.nanoTime() - t0) / 1e9);
    }

    private static Chain chain(Simulator sim, Config cfg, Boundary b, int maxLayers, Landscape.Options training,
            Path out, Runnable tick) {
        int n = cfg.qubits();
        String name = b == Boundary.OPEN ? "open" : "periodic";
        int[] layers = new int[maxLayers];
        for (int l = 1; l <= maxLayers; l++) {
            layers[l - 1] = l;
        }
        Overparametrization.Sweep s = Overparametrization.sweep(sim, l -> Ansatz.hvaTfim(n, l, b), layers,
                Overparametrization.Options.defaults(), null);
        try (ResultFiles.Csv csv = new ResultFiles.Csv(out.resolve("qfim-" + name + ".csv"), List.of("layers",
                "parameters", "generic_rank", "point_ranks", "smallest_kept", "largest_dropped"))) {
            for (Overparametrization.Depth d : s.depths()) {
                csv.row(d.layers(), d.parameters(), d.rank(), java.util.Arrays.toString(d.pointRanks()),
                        d.cut().smallestKept(), d.cut().largestDropped());
            }
        }
        tick.run();
        Observable h = Hamiltonians.tfim(n, 1.0, b);
        double e0 = Landscape.groundEnergy(h, n);
        List<Landscape.Point> points = new ArrayList<>();
        try (ResultFiles.Csv csv = new ResultFiles.Csv(out.resolve("training-" + name + ".csv"),
                List.of("layers", "parameters", "seed", "final_energy", "steps", "gradient_norm", "kind", "success"))) {
            for (int l = 1; l <= maxLayers; l++) {
                Landscape.Point p = Landscape.explore(sim, Ansatz.hvaTfim(n, l, b), h, e0, training);
                points.add(p);
                for (Landscape.Run r : p.runs()) {
                    csv.row(l, p.parameters(), r.seed(), r.finalLoss(), r.steps(), r.gradientNorm(), r.kind().id(),
                            r.success());
                }
                tick.run();
            }
        }
        int theory = b == Boundary.OPEN ? n * n : 3 * n - 1;
        return new Chain(name, theory, s, points, e0);
    }

    /** The narrowest kept/dropped ratio over the sweep's depths (where something was dropped). */
    private static String gapText(Overparametrization.Sweep s) {
        double narrowest = Double.POSITIVE_INFINITY;
        for (Overparametrization.Depth d : s.depths()) {
            narrowest = Math.min(narrowest, d.cut().gap());
        }
        return Double.isInfinite(narrowest) ? "(nothing dropped)" : String.format(Locale.ROOT, "%.1e×", narrowest);
    }

    private static String successText(Landscape.Totals t) {
        return t.runs() == 0 ? "no runs" : String.format(Locale.ROOT, "%d of %d (%.0f%%)", t.successes(), t.runs(),
                100 * t.successFraction());
    }

    private static String spuriousText(Landscape.Totals t) {
        return t.converged() == 0 ? "no converged runs" : String.format(Locale.ROOT, "%d of %d converged",
                t.spuriousMinima(), t.converged());
    }

    private static String finding(List<Chain> chains) {
        StringBuilder b = new StringBuilder();
        Chain open = chains.get(0);
        Chain per = chains.get(1);
        b.append(String.format(Locale.ROOT, "The generic QFIM rank saturates at R = %d (open) and %d (periodic), below "
                + "the DLA dimensions %d (n²) and %d (3n − 1), from M_c = %s and %s parameters. ",
                open.sweep().saturatedRank(), per.sweep().saturatedRank(), open.sweep().dlaDimension(),
                per.sweep().dlaDimension(), open.sweep().criticalParameters(), per.sweep().criticalParameters()));
        for (Chain c : chains) {
            Landscape.Totals below = Landscape.Totals.of(c.side(true));
            Landscape.Totals above = Landscape.Totals.of(c.side(false));
            b.append(String.format(Locale.ROOT, "%s chain: %s runs below M_c reach E0 and %s from M_c on; "
                    + "spurious minima end %s runs below M_c and %s from M_c on. ", capitalized(c.boundary()),
                    successText(below), successText(above), spuriousText(below), spuriousText(above)));
        }
        boolean fewer = chains.stream().allMatch(c -> {
            Landscape.Totals below = Landscape.Totals.of(c.side(true));
            Landscape.Totals above = Landscape.Totals.of(c.side(false));
            return above.spuriousFraction() < below.spuriousFraction(); // false when either is NaN
        });
        b.append(fewer ? "On both chains spurious minima are rarer from M_c on: as Larocca et al. report, they start to "
                + "vanish past the overparametrization threshold."
                : "These runs do not show spurious minima becoming rarer from M_c on on both chains.");
        return b.toString();
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
