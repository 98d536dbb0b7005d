package org.qnnlab.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.qnnlab.analysis.Landscape;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Hamiltonians;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.kernel.Kernels;
import org.qnnlab.train.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code qnn analyze landscape}: K random initializations of a VQE trained to convergence at each depth; the fraction
 * that reaches the exact ground energy, and whether the end points are minima or saddles (Hessian spectrum).
 */
@Command(name = "landscape", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Success fraction of K trained random initializations vs depth; minima vs saddles.",
            "Minimizes the energy of a chain Hamiltonian (or --observable).",
            "Writes landscape.csv, landscape.json and landscape.png."})
final class AnalyzeLandscapeCommand implements Callable<Integer> {

    @Mixin
    AnalysisOptions opts = new AnalysisOptions();

    @Option(names = "--hamiltonian", paramLabel = "H",
            description = "tfim or xxz (default: the ansatz's own model; hea needs --observable).")
    String hamiltonian;

    @Option(names = "--coupling", paramLabel = "G", defaultValue = "1.0",
            description = "g for tfim, Δ for xxz (default: ${DEFAULT-VALUE}).")
    double coupling;

    @Option(names = "--inits", paramLabel = "K", defaultValue = "16",
            description = "Random initializations per depth (default: ${DEFAULT-VALUE}).")
    int inits;

    @Option(names = "--max-steps", paramLabel = "S", defaultValue = "300",
            description = "L-BFGS steps per run at most (default: ${DEFAULT-VALUE}).")
    int maxSteps;

    @Option(names = "--tolerance", paramLabel = "EPS", defaultValue = "1e-4",
            description = "A run succeeds within EPS of the ground energy (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--optimizer", paramLabel = "OPT", defaultValue = "lbfgs",
            description = "sgd, momentum, adam or lbfgs (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--learning-rate", paramLabel = "ETA",
            description = "Learning rate (default: 1 for lbfgs, 0.05 otherwise).")
    Double learningRate;

    @Option(names = "--no-hessian", description = "Skip the Hessian spectra at the end points.")
    boolean noHessian;

    @Override
    public Integer call() {
        Output out = opts.output("landscape");
        if (inits < 1 || inits > 100_000) {
            throw new IllegalArgumentException("--inits " + inits + " out of range; allowed: 1..100000");
        }
        if (maxSteps < 1) {
            throw new IllegalArgumentException("--max-steps " + maxSteps + " out of range; allowed: 1 or more");
        }
        int n = opts.singleQubits("4");
        if (n > 12) {
            throw new IllegalArgumentException("--qubits " + n + ": the exact ground energy needs a dense 2^n "
                    + "matrix; allowed: 1..12");
        }
        int[] layers = opts.layerRange("1..6");
        double lr = learningRate != null ? learningRate : optimizer.equals("lbfgs") ? 1.0 : 0.05;
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new IllegalArgumentException("--learning-rate " + lr + " out of range; allowed: > 0");
        }
        Observable h = observable(n);
        List<Circuit> circuits = new ArrayList<>();
        for (int l : layers) {
            circuits.add(opts.circuit(n, l));
        }
        // Up front: each run is up to max-steps adjoint gradients (~4 circuit passes each), plus 2M for the Hessian.
        double estimate = 0;
        for (Circuit c : circuits) {
            long passes = (long) inits * 4L * (maxSteps + (noHessian ? 0 : 2L * c.numParameters()));
            estimate += AnalysisOptions.estimateSeconds(passes, c.size(), n);
        }
        if (estimate > AnalysisOptions.MAX_ESTIMATED_SECONDS) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "this sweep would take about %.0f s "
                    + "(inits × 4·(max-steps + 2M) circuit passes × gates × 2^n × %.0e s), more than the %.0f s "
                    + "allowed; reduce --inits, --max-steps, --layers or --qubits, or pass --no-hessian", estimate,
                    AnalysisOptions.SECONDS_PER_AMPLITUDE_GATE, AnalysisOptions.MAX_ESTIMATED_SECONDS));
        }
        // small states: one kernel thread per run, the cores go to the runs
        Simulator sim = new Simulator(Kernels.create(1));
        int threads = Parallel.defaultThreads();
        double e0 = Landscape.groundEnergy(h, n);
        ProgressBar bar = ProgressBar.onTerminal("landscape", opts.json);
        List<Map<String, Object>> points = new ArrayList<>();
        double[] ms = new double[layers.length];
        double[] fr = new double[layers.length];
        long t0 = System.nanoTime();
        try (ResultFiles.Csv csv = out.csv("landscape.csv", List.of("layers",
                "parameters", "seed", "final_loss", "steps", "gradient_norm", "kind", "min_hessian_eigenvalue"))) {
            for (int i = 0; i < layers.length; i++) {
                int done0 = i * inits;
                int depth = layers[i];
                Landscape.Point p = Landscape.explore(sim, circuits.get(i), h, e0, tolerance, inits, maxSteps,
                        opts.seed, threads, !noHessian, d -> {
                            synchronized (bar) {
                                bar.update(done0 + d, (long) layers.length * inits, "layers " + depth);
                            }
                        }, optimizer, lr);
                int minima = 0;
                int saddles = 0;
                for (Landscape.Run r : p.runs()) {
                    csv.row(layers[i], p.parameters(), r.seed(), r.finalLoss(), r.steps(), r.gradientNorm(),
                            r.kind(), r.hessianEigenvalues() == null ? null : r.hessianEigenvalues()[0]);
                    minima += r.kind().equals("minimum") ? 1 : 0;
                    saddles += r.kind().equals("saddle") ? 1 : 0;
                }
                Map<String, Object> pt = new LinkedHashMap<>();
                pt.put("layers", layers[i]);
                pt.put("parameters", p.parameters());
                pt.put("success_fraction", p.successFraction());
                pt.put("minima", noHessian ? null : minima);
                pt.put("saddles", noHessian ? null : saddles);
                pt.put("final_losses", Landscape.finalLosses(p));
                points.add(pt);
                ms[i] = p.parameters();
                fr[i] = p.successFraction();
            }
        } finally {
            bar.finish();
        }
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("analysis", "landscape");
        res.put("ansatz", opts.ansatz);
        res.put("qubits", n);
        res.put("boundary", opts.boundary);
        res.put("observable", h.toString());
        res.put("ground_energy", e0);
        res.put("tolerance", tolerance);
        res.put("inits", inits);
        res.put("optimizer", optimizer);
        res.put("learning_rate", lr);
        res.put("seed", opts.seed);
        res.put("points", points);
        res.put("seconds", (System.nanoTime() - t0) / 1e9);
        out.json("landscape.json", res);
        out.plot("landscape.png", "Training success vs parameters, " + opts.ansatz + ", n = " + n,
                "parameters M", "fraction reaching the ground energy",
                List.of(new Plots.Series("success fraction", ms, fr, true, true)), List.of(), false, false);
        if (opts.json) {
            Json.print(res);
        } else {
            System.out.printf(Locale.ROOT, "ground energy %.10f; %d initializations per depth%n", e0, inits);
            System.out.printf(Locale.ROOT, "%-8s %-11s %-9s %s%n", "layers", "parameters", "success", "minima/saddles");
            for (Map<String, Object> p : points) {
                System.out.printf(Locale.ROOT, "%-8s %-11s %-9.2f %s/%s%n", p.get("layers"), p.get("parameters"),
                        (double) p.get("success_fraction"), p.get("minima"), p.get("saddles"));
            }
            out.printFooter("landscape.csv", "landscape.json", "landscape.png");
        }
        return 0;
    }

    private Observable observable(int n) {
        if (opts.observable != null) {
            if (hamiltonian != null) {
                throw new IllegalArgumentException("set either --observable or --hamiltonian, not both");
            }
            return opts.observable("Z0");
        }
        String model = hamiltonian != null ? hamiltonian : switch (opts.ansatz) {
            case "hva-tfim" -> "tfim";
            case "hva-xxz" -> "xxz";
            default -> throw new IllegalArgumentException("--ansatz " + opts.ansatz + " has no own Hamiltonian; "
                    + "pass --hamiltonian tfim|xxz or --observable");
        };
        return Hamiltonians.byName(model, n, coupling, opts.boundary());
    }
}
