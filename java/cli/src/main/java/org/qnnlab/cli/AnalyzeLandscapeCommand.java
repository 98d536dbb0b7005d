package org.qnnlab.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
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
 * minimum or a saddle. With {@code --noise} the runs minimize the noisy energy on density matrices and success is
 * measured against the best energy found at each depth (or {@code --global-minimum}), E0 printed beside it; the
 * science, the reference included, is {@link Landscape}'s, and this class parses and writes.
 */
@Command(name = "landscape", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Success fraction of K trained random initializations vs depth; minima, saddles, unconverged.",
            "Minimizes the energy of a chain Hamiltonian (or --observable). A run has converged when "
                    + "|grad E| < --gradient-tolerance; only converged runs are classified by their Hessian "
                    + "(minimum: no eigenvalue below -" + Landscape.FLAT + " max|eigenvalue|; saddle: one is); the "
                    + "others are counted as unconverged. The defaults (lbfgs, " + OptimizerSettings.DEFAULT_MAX_STEPS
                    + " steps, gradient tolerance " + Landscape.DEFAULT_GRADIENT_TOLERANCE + ") converged in every "
                    + "run of the TFIM HVA at 4 and 6 qubits with up to 20 layers.",
            "With --noise: the runs minimize Tr(H rho) of the noisy circuit on density matrices. Its global minimum is "
                    + "not known and the ground energy E0 only bounds it from below, so success is measured against "
                    + "the lowest energy of a converged run at that depth (best_found), or --global-minimum; E0 is "
                    + "printed beside it, and each run's noiseless energy at its end point is recorded.",
            "Writes landscape.csv (one row per run, kind minimum|saddle|stationary|unconverged), landscape.json "
                    + "and landscape.png; with --npy also the Hessian of each converged run."})
final class AnalyzeLandscapeCommand implements Callable<Integer> {

    @Mixin
    AnalysisOptions opts = new AnalysisOptions();

    @Mixin
    KernelOptions kernelOptions = new KernelOptions();

    @Mixin
    EngineOptions engineOptions = new EngineOptions();

    @Mixin
    NoiseOptions noiseOptions = new NoiseOptions();

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
            description = "A run succeeds within EPS of the reference: the ground energy, with --noise the best "
                    + "found, or --global-minimum (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--global-minimum", paramLabel = "E",
            description = "Measure success against E instead (at least the ground energy), e.g. a known minimum of "
                    + "the noisy energy (default: the ground energy; with --noise the best found at each depth).")
    Double globalMinimum;

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
        List<String> noise = noiseOptions.rules();
        OptionalDouble reference = globalMinimum == null ? OptionalDouble.empty() : OptionalDouble.of(globalMinimum);
        List<CircuitSpec> specs = new ArrayList<>();
        List<Circuit> circuits = new ArrayList<>();
        for (int l : layers) {
            CircuitSpec spec = opts.circuitSpec(n, l);
            specs.add(spec);
            circuits.add(spec.circuit());
        }
        double e0 = Landscape.groundEnergy(h, n);
        // every library check (noise rules, density-matrix memory, the reference) and the time bound, before any work
        CostEstimate.refuseAbove(Landscape.estimateSeconds(circuits, h, e0, options, noise, reference), "this sweep",
                noise.isEmpty() ? "inits × 4·(max-steps + 2M) circuit passes × gates"
                        : "inits × 5·(max-steps + 2M) density-matrix passes × (gates + channels)",
                "--inits, --max-steps, --layers or --qubits, or pass --no-hessian");
        engineOptions.check(out);
        // a density matrix is a 2n-qubit vector: the thread split follows its size
        ThreadPolicy policy = kernelOptions.policy(noise.isEmpty() ? n : 2 * n);
        StateKernel kernel = kernelOptions.create(policy.kernelThreads());
        Simulator sim = kernelOptions.simulator(kernel);
        List<Map<String, Object>> points = new ArrayList<>();
        double[] ms = new double[layers.length];
        double[] fr = new double[layers.length];
        long t0 = System.nanoTime();
        ProgressBar bar = ProgressBar.onTerminal("landscape", opts.json);
        List<Landscape.Point> explored;
        try (EnsembleEngine engine = engineOptions.create()) {
            explored = Landscape.exploreAll(engineOptions.runner(engine, policy.itemThreads(), out, bar), sim, specs,
                    h, e0, options, noise, reference);
        } finally {
            bar.finish();
        }
        List<String> columns = new ArrayList<>(List.of("layers", "parameters", "seed", "final_loss", "success",
                "steps", "gradient_norm", "kind", "min_hessian_eigenvalue"));
        boolean noisy = !noise.isEmpty();
        if (noisy) { // noiseless files keep their columns
            columns.addAll(List.of("noiseless_final_loss", "reference_kind", "reference"));
        }
        try (ResultFiles.Csv csv = out.csv("landscape.csv", columns)) {
            for (int i = 0; i < layers.length; i++) {
                int depth = layers[i];
                Landscape.Point p = explored.get(i);
                for (Landscape.Run r : p.runs()) {
                    List<Object> row = new ArrayList<>(java.util.Arrays.asList(depth, p.parameters(), r.seed(),
                            r.finalLoss(), r.success(), r.steps(), r.gradientNorm(), r.kind().id(),
                            r.hessianEigenvalues() == null ? null : r.hessianEigenvalues()[0]));
                    if (noisy) {
                        row.addAll(java.util.Arrays.asList(r.noiselessLoss(), p.reference().kind().id(),
                                finiteOrNull(p.reference().value())));
                    }
                    csv.row(row.toArray());
                    if (npy && r.hessian() != null) {
                        out.npy(npyName(depth, r.seed()), r.hessian());
                    }
                }
                points.add(point(depth, p, options.hessian(), noisy));
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
        if (noisy) {
            res.put("noise", noise);
        }
        res.put("ground_energy", e0);
        res.put("reference_kind", explored.get(0).reference().kind().id());
        if (globalMinimum != null) {
            res.put("global_minimum", globalMinimum);
        }
        res.put("success_rule", Landscape.REFERENCE_RULE);
        res.put("tolerance", tolerance);
        res.put("inits", inits);
        res.put("convergence", convergence(options));
        res.put("seed", opts.seed);
        res.put("kernel", kernel.type().id());
        res.put("threads", options.threads());
        res.put("points", points);
        res.put("seconds", (System.nanoTime() - t0) / 1e9);
        out.json("landscape.json", res);
        out.plot("landscape.png", "Training success vs parameters, " + opts.label() + ", n = " + n
                + (noisy ? ", " + String.join(" ", noise) : ""), "parameters M", "fraction reaching the "
                + explored.get(0).reference().kind().id().replace('_', ' ') + " energy",
                List.of(new Plots.Series("success fraction", ms, fr, true, true)), List.of(), false, false);
        if (opts.json) {
            Json.print(res);
        } else {
            printTable(e0, options, points, noise, explored.get(0).reference().kind());
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

    /**
     * One depth's summary; without Hessians the minimum/saddle counts are unknown (null), not 0; a fraction without
     * a reference or without converged runs is null.
     */
    private static Map<String, Object> point(int layers, Landscape.Point p, boolean hessian, boolean noisy) {
        Map<String, Object> pt = new LinkedHashMap<>();
        pt.put("layers", layers);
        pt.put("parameters", p.parameters());
        pt.put("reference_kind", p.reference().kind().id());
        pt.put("reference", finiteOrNull(p.reference().value()));
        pt.put("ground_energy", p.groundEnergy());
        pt.put("above_ground_energy", p.aboveGroundEnergy());
        pt.put("success_fraction", finiteOrNull(p.successFraction()));
        pt.put("converged_success_fraction", Double.isNaN(p.convergedSuccessFraction()) ? null
                : p.convergedSuccessFraction());
        pt.put("converged", p.converged());
        pt.put("minima", hessian ? p.minima() : null);
        pt.put("saddles", hessian ? p.saddles() : null);
        pt.put("unconverged", p.unconverged());
        pt.put("spurious_minima", hessian ? p.spuriousMinima() : null);
        pt.put("final_losses", p.finalLosses());
        if (noisy) {
            pt.put("noiseless_final_losses", p.runs().stream().map(Landscape.Run::noiselessLoss).toList());
        }
        return pt;
    }

    private static Double finiteOrNull(double v) {
        return Double.isNaN(v) ? null : v;
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

    private void printTable(double e0, Landscape.Options o, List<Map<String, Object>> points, List<String> noise,
            Landscape.ReferenceKind kind) {
        if (!noise.isEmpty()) {
            System.out.printf(Locale.ROOT, "noise %s: minimizing Tr(H rho) on density matrices%n",
                    String.join(" ", noise));
        }
        if (kind == Landscape.ReferenceKind.GROUND_ENERGY) {
            System.out.printf(Locale.ROOT, "ground energy %.10f; %d initializations per depth; success: E <= E0 + "
                    + "%.1e%n", e0, inits, tolerance);
        } else {
            System.out.printf(Locale.ROOT, "ground energy E0 %.10f (a lower bound of every energy); %d "
                    + "initializations per depth; success: E <= reference + %.1e, reference = %s%n", e0, inits,
                    tolerance, kind == Landscape.ReferenceKind.GIVEN ? "--global-minimum " + globalMinimum
                            : "the lowest energy of a converged run at that depth (best found)");
        }
        System.out.printf(Locale.ROOT, "converged: |grad E| < %.1e within %d %s steps (learning rate %s)%s%n",
                o.gradientTolerance(), o.optimizer().maxSteps(), o.optimizer().name(), o.optimizer().learningRate(),
                o.hessian() ? String.format(Locale.ROOT, "; minimum: Hessian eigenvalues >= -%.0e max|eigenvalue|",
                        Landscape.FLAT) : "; no Hessians (--no-hessian)");
        boolean showReference = kind != Landscape.ReferenceKind.GROUND_ENERGY;
        System.out.printf(Locale.ROOT, "%-7s %-10s %s%-8s %-14s %-10s %-7s %-8s %-12s %s%n", "layers", "parameters",
                showReference ? String.format(Locale.ROOT, "%-15s ", "reference") : "", "success", "success|conv",
                "converged", "minima", "saddles", "unconverged", "spurious minima");
        List<Object> violated = new ArrayList<>();
        for (Map<String, Object> p : points) {
            Object ref = p.get("reference");
            System.out.printf(Locale.ROOT, "%-7s %-10s %s%-8s %-14s %-10s %-7s %-8s %-12s %s%n", p.get("layers"),
                    p.get("parameters"), showReference ? String.format(Locale.ROOT, "%-15s ", ref == null ? "-"
                            : String.format(Locale.ROOT, "%.10f", (double) ref)) : "",
                    fraction(p.get("success_fraction")), fraction(p.get("converged_success_fraction")),
                    p.get("converged"), p.get("minima"), p.get("saddles"), p.get("unconverged"),
                    p.get("spurious_minima"));
            if (!(boolean) p.get("above_ground_energy")) {
                violated.add(p.get("layers"));
            }
        }
        if (!violated.isEmpty()) {
            System.out.println("a final energy lies below E0 at layers " + violated + ": Tr(H rho) >= E0 is violated; "
                    + "please report");
        } else if (showReference) {
            System.out.printf(Locale.ROOT, "every final energy, hence every reference, is >= E0 - %.0e: holds%n",
                    Landscape.GROUND_ENERGY_SLACK);
        }
    }

    private static String fraction(Object f) {
        return f == null ? "-" : String.format(Locale.ROOT, "%.2f", (double) f);
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
