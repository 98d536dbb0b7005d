package org.qnnlab.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.qnnlab.analysis.CostEstimate;
import org.qnnlab.analysis.Landscape;
import org.qnnlab.analysis.ensemble.CircuitSpec;
import org.qnnlab.analysis.ensemble.EnsembleEngine;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Hamiltonians;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.kernel.StateKernel;
import org.qnnlab.train.ThreadPolicy;
import org.qnnlab.train.optim.OptimizerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code qnn analyze landscape}: K random initializations of a VQE trained at each depth ({@link Landscape}); the
 * share that reaches the exact ground energy, and per run whether it converged and, if so, whether its end point is a
 * minimum or a saddle.
 */
@Command(name = "landscape", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Success fraction of K trained random initializations vs depth; minima, saddles, unconverged.",
            "Minimizes the energy of a chain Hamiltonian (or --observable). A run has converged when "
                    + "|grad E| < --gradient-tolerance; only converged runs are classified by their Hessian "
                    + "(minimum: no eigenvalue below -" + Landscape.FLAT + " max|eigenvalue|; saddle: one is); the "
                    + "others are counted as unconverged. The defaults (lbfgs, " + OptimizerSettings.DEFAULT_MAX_STEPS
                    + " steps, gradient tolerance " + Landscape.DEFAULT_GRADIENT_TOLERANCE + ") converged in every "
                    + "run of the TFIM HVA at 4 and 6 qubits with up to 20 layers.",
            "Writes landscape.csv (one row per run, kind minimum|saddle|stationary|unconverged), landscape.json "
                    + "and landscape.png; with --npy also the Hessian of each converged run."})
final class AnalyzeLandscapeCommand implements Callable<Integer> {

    @Mixin
    AnalysisOptions opts = new AnalysisOptions();

    @Mixin
    KernelOptions kernelOptions = new KernelOptions();

    @Mixin
    EngineOptions engineOptions = new EngineOptions();

    @Option(names = "--hamiltonian", paramLabel = "H",
            description = "tfim or xxz (default: the ansatz's own model; hea needs --observable).")
    String hamiltonian;

    @Option(names = "--coupling", paramLabel = "G", defaultValue = "1.0",
            description = "g for tfim, Δ for xxz (default: ${DEFAULT-VALUE}).")
    double coupling;

    @Option(names = "--inits", paramLabel = "K", defaultValue = "" + Landscape.DEFAULT_INITS,
            description = "Random initializations per depth, 1..100000 (default: ${DEFAULT-VALUE}).")
    int inits;

    @Option(names = "--optimizer", paramLabel = "OPT", defaultValue = OptimizerSettings.MINIMIZATION_OPTIMIZER,
            description = "sgd, momentum, adam or lbfgs (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--learning-rate", paramLabel = "ETA",
            description = "Learning rate (default: " + OptimizerSettings.LBFGS_LEARNING_RATE + " for lbfgs, "
                    + OptimizerSettings.FIRST_ORDER_LEARNING_RATE + " otherwise).")
    Double learningRate;

    @Option(names = "--max-steps", paramLabel = "S",
            description = "Optimizer steps per run at most (default: " + OptimizerSettings.DEFAULT_MAX_STEPS + ").")
    Integer maxSteps;

    @Option(names = "--gradient-tolerance", paramLabel = "GTOL",
            defaultValue = "" + Landscape.DEFAULT_GRADIENT_TOLERANCE,
            description = "A run has converged when |grad E| < GTOL, absolute (default: ${DEFAULT-VALUE}).")
    double gradientTolerance;

    @Option(names = "--tolerance", paramLabel = "EPS", defaultValue = "" + Landscape.DEFAULT_TOLERANCE,
            description = "A run succeeds within EPS of the ground energy (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--no-hessian",
            description = "Skip the Hessians: converged runs are then 'stationary', neither minimum nor saddle.")
    boolean noHessian;

    @Option(names = "--npy", description = "Also write the Hessian at each converged end point as "
            + "hessian-L<L>-seed<S>.npy (S: the run's seed, as in landscape.csv): float64, M × M, for np.load.")
    boolean npy;

    @Override
    public Integer call() {
        Output out = opts.output("landscape");
        if (npy) {
            out.requireFiles("--npy");
            if (noHessian) {
                throw new IllegalArgumentException("--npy writes the Hessians, which --no-hessian skips; drop one");
            }
        }
        if (inits < 1 || inits > 100_000) {
            throw new IllegalArgumentException("--inits " + inits + " out of range; allowed: 1..100000");
        }
        Landscape.Options options = options();
        int n = opts.singleQubits("4");
        if (n > 12) {
            throw new IllegalArgumentException("--qubits " + n + ": the exact ground energy needs a dense 2^n "
                    + "matrix; allowed: 1..12");
        }
        int[] layers = opts.layerRange("1..6");
        Observable h = observable(n);
        List<CircuitSpec> specs = new ArrayList<>();
        List<Circuit> circuits = new ArrayList<>();
        for (int l : layers) {
            CircuitSpec spec = opts.circuitSpec(n, l);
            specs.add(spec);
            circuits.add(spec.circuit());
        }
        refuseIfTooLong(circuits, n, options);
        engineOptions.check(out);
        ThreadPolicy policy = kernelOptions.policy(n);
        StateKernel kernel = kernelOptions.create(policy.kernelThreads());
        Simulator sim = kernelOptions.simulator(kernel);
        double e0 = Landscape.groundEnergy(h, n);
        List<Map<String, Object>> points = new ArrayList<>();
        double[] ms = new double[layers.length];
        double[] fr = new double[layers.length];
        long t0 = System.nanoTime();
        ProgressBar bar = ProgressBar.onTerminal("landscape", opts.json);
        List<Landscape.Point> explored;
        try (EnsembleEngine engine = engineOptions.create()) {
            explored = Landscape.exploreAll(engineOptions.runner(engine, policy.itemThreads(), out, bar), sim, specs,
                    h, e0, options);
        } finally {
            bar.finish();
        }
        try (ResultFiles.Csv csv = out.csv("landscape.csv", List.of("layers", "parameters", "seed", "final_loss",
                "success", "steps", "gradient_norm", "kind", "min_hessian_eigenvalue"))) {
            for (int i = 0; i < layers.length; i++) {
                int depth = layers[i];
                Landscape.Point p = explored.get(i);
                for (Landscape.Run r : p.runs()) {
                    csv.row(depth, p.parameters(), r.seed(), r.finalLoss(), r.success(), r.steps(), r.gradientNorm(),
                            r.kind().id(), r.hessianEigenvalues() == null ? null : r.hessianEigenvalues()[0]);
                    if (npy && r.hessian() != null) {
                        out.npy(npyName(depth, r.seed()), r.hessian());
                    }
                }
                points.add(point(depth, p, options.hessian()));
                ms[i] = p.parameters();
                fr[i] = p.successFraction();
            }
        }
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("analysis", "landscape");
        opts.putSource(res);
        res.put("qubits", n);
        if (!opts.fromFile()) {
            res.put("boundary", opts.boundary);
        }
        res.put("observable", h.toString());
        res.put("ground_energy", e0);
        res.put("tolerance", tolerance);
        res.put("inits", inits);
        res.put("convergence", convergence(options));
        res.put("seed", opts.seed);
        res.put("kernel", kernel.type().id());
        res.put("threads", options.threads());
        res.put("points", points);
        res.put("seconds", (System.nanoTime() - t0) / 1e9);
        out.json("landscape.json", res);
        out.plot("landscape.png", "Training success vs parameters, " + opts.label() + ", n = " + n,
                "parameters M", "fraction reaching the ground energy",
                List.of(new Plots.Series("success fraction", ms, fr, true, true)), List.of(), false, false);
        if (opts.json) {
            Json.print(res);
        } else {
            printTable(e0, options, points);
            out.printFooter(npy ? new String[] {"landscape.csv", "landscape.json", "landscape.png",
                "hessian-L<L>-seed<S>.npy"} : new String[] {"landscape.csv", "landscape.json", "landscape.png"});
        }
        return 0;
    }

    /** The file of the Hessian at the end point of the run with {@code seed} at {@code layers}. */
    static String npyName(int layers, long seed) {
        return "hessian-L" + layers + "-seed" + seed + ".npy";
    }

    /** The library's options from the command line; every bad value fails here, before any work. */
    private Landscape.Options options() {
        OptimizerSettings settings = OptimizerSettings.defaults(optimizer);
        if (learningRate != null) {
            settings = settings.withLearningRate(learningRate);
        }
        if (maxSteps != null) {
            settings = settings.withMaxSteps(maxSteps);
        }
        return new Landscape.Options(settings, gradientTolerance, tolerance, inits, opts.seed, !noHessian,
                kernelOptions.threads());
    }

    /** Up front: each run is up to max-steps adjoint gradients (~4 circuit passes each), plus 2M for the Hessian. */
    private static void refuseIfTooLong(List<Circuit> circuits, int n, Landscape.Options o) {
        double estimate = 0;
        for (Circuit c : circuits) {
            estimate += CostEstimate.landscape(c, o);
        }
        CostEstimate.refuseAbove(estimate, "this sweep", "inits × 4·(max-steps + 2M) circuit passes × gates",
                "--inits, --max-steps, --layers or --qubits, or pass --no-hessian");
    }

    /** One depth's summary; without Hessians the minimum/saddle counts are unknown (null), not 0. */
    private static Map<String, Object> point(int layers, Landscape.Point p, boolean hessian) {
        Map<String, Object> pt = new LinkedHashMap<>();
        pt.put("layers", layers);
        pt.put("parameters", p.parameters());
        pt.put("success_fraction", p.successFraction());
        pt.put("converged_success_fraction", Double.isNaN(p.convergedSuccessFraction()) ? null
                : p.convergedSuccessFraction());
        pt.put("converged", p.converged());
        pt.put("minima", hessian ? p.minima() : null);
        pt.put("saddles", hessian ? p.saddles() : null);
        pt.put("unconverged", p.unconverged());
        pt.put("spurious_minima", hessian ? p.spuriousMinima() : null);
        pt.put("final_losses", p.finalLosses());
        return pt;
    }

    private static Map<String, Object> convergence(Landscape.Options o) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("optimizer", o.optimizer().name());
        c.put("learning_rate", o.optimizer().learningRate());
        c.put("max_steps", o.optimizer().maxSteps());
        c.put("gradient_tolerance", o.gradientTolerance());
        c.put("hessian", o.hessian());
        c.put("flat", Landscape.FLAT);
        return c;
    }

    private void printTable(double e0, Landscape.Options o, List<Map<String, Object>> points) {
        System.out.printf(Locale.ROOT, "ground energy %.10f; %d initializations per depth; success: E <= E0 + %.1e%n",
                e0, inits, tolerance);
        System.out.printf(Locale.ROOT, "converged: |grad E| < %.1e within %d %s steps (learning rate %s)%s%n",
                o.gradientTolerance(), o.optimizer().maxSteps(), o.optimizer().name(), o.optimizer().learningRate(),
                o.hessian() ? String.format(Locale.ROOT, "; minimum: Hessian eigenvalues >= -%.0e max|eigenvalue|",
                        Landscape.FLAT) : "; no Hessians (--no-hessian)");
        System.out.printf(Locale.ROOT, "%-7s %-10s %-8s %-14s %-10s %-7s %-8s %-12s %s%n", "layers", "parameters",
                "success", "success|conv", "converged", "minima", "saddles", "unconverged", "spurious minima");
        for (Map<String, Object> p : points) {
            Object cs = p.get("converged_success_fraction");
            System.out.printf(Locale.ROOT, "%-7s %-10s %-8.2f %-14s %-10s %-7s %-8s %-12s %s%n", p.get("layers"),
                    p.get("parameters"), (double) p.get("success_fraction"),
                    cs == null ? "-" : String.format(Locale.ROOT, "%.2f", (double) cs), p.get("converged"),
                    p.get("minima"), p.get("saddles"), p.get("unconverged"), p.get("spurious_minima"));
        }
    }

    private Observable observable(int n) {
        if (opts.observable != null) {
            if (hamiltonian != null) {
                throw new IllegalArgumentException("set either --observable or --hamiltonian, not both");
            }
            return opts.observable("Z0");
        }
        String model = hamiltonian != null ? hamiltonian : switch (opts.fromFile() ? "" : opts.ansatzName()) {
            case "hva-tfim" -> "tfim";
            case "hva-xxz" -> "xxz";
            default -> throw new IllegalArgumentException((opts.fromFile() ? "--circuit " : "--ansatz ") + opts.label()
                    + " has no own Hamiltonian; "
                    + "pass --hamiltonian tfim|xxz or --observable");
        };
        return Hamiltonians.byName(model, n, coupling, opts.boundary());
    }
}
