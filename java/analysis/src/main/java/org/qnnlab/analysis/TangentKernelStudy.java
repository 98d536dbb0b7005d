package org.qnnlab.analysis;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntConsumer;
import org.qnnlab.analysis.ensemble.CircuitSpec;
import org.qnnlab.analysis.ensemble.Ensemble;
import org.qnnlab.analysis.ensemble.EnsembleJob;
import org.qnnlab.analysis.ensemble.EnsembleRunner;
import org.qnnlab.analysis.ensemble.ObservableSpec;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Encodings;
import org.qnnlab.sim.Gates;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Simulator;
import org.qnnlab.train.QnnModel;
import org.qnnlab.train.data.Dataset;

/**
 * The measurement-range experiment of X. You, S. Chakrabarti, B. Chen, X. Wu, "Analyzing convergence in quantum neural
 * networks: deviations from neural tangent kernels" (ICML 2023, arXiv:2303.14844): one circuit and observable O
 * trained as {@code f = γ·<O>} for several γ from the same θ₀, each run by {@link TangentKernel#train} and returned
 * with its fits, its own kernel drift, its kernel/residual ratio and what the paper says about its convergence
 * ({@link Theory}).
 *
 * <p>Step size per γ: {@code η(γ) = scaling.step(η₀/γ², p)}. K scales with γ², so {@code η(γ)K(θ)} is the same for
 * every γ at the same θ: the runs differ in the type of convergence, not in a larger step.
 *
 * <pre>{@code
 * Simulator sim = Simulator.create();
 * Circuit enc = Encodings.angle(new Circuit(2).declareInputs(2), 2, Gates.RX, 1.0);
 * Circuit qnn = new Circuit(2).append(enc).append(Ansatz.hea(2, 2));
 * TangentKernelStudy.Result study = TangentKernelStudy.run(sim, qnn, Observable.parse("Z0"),
 *         Datasets.parity(2, 0, null), new double[] {1, 1.5, 2, 3}, qnn.randomParameters(1),
 *         TangentKernel.Options.of(TangentKernelStudy.DEFAULT_LEARNING_RATE, 200), 2, null);
 * for (TangentKernelStudy.Run run : study.runs()) {
 *     System.out.println("γ = " + run.gamma() + ": " + run.result().fit() + ", drift " + run.result().finalDrift()
 *             + "; theory: " + run.theory().statement());
 * }
 * }</pre>
 */
public final class TangentKernelStudy {

    /**
     * η₀ when none is given ({@link LearningRateScaling#NONE}): at γ = 1 the demo model (2 qubits, HEA with 2 layers,
     * 2-bit parity) starts with ηλ_max(K₀) below 1, so the discrete dynamics are stable on every mode.
     */
    public static final double DEFAULT_LEARNING_RATE = 0.2;

    /**
     * p₀ = 8, the parameter count of that demo model: under {@link LearningRateScaling#PARAMETERS} the default η₀ is
     * {@link #DEFAULT_LEARNING_RATE}{@code ·p₀}, so a model with p₀ parameters takes the same step under both scalings
     * and a sweep over p keeps {@code ηK} on the demo model's scale.
     */
    public static final int REFERENCE_PARAMETERS = 8;

    /**
     * The measurement ranges γ a study accepts, {@value #MIN_GAMMA}..{@value #MAX_GAMMA}: within them γ², the kernel
     * γ²K (entries up to γ²·p·‖O‖²) and the residuals stay far from overflow and underflow, so a failed run is the
     * dynamics', not the arithmetic's.
     */
    public static final double MIN_GAMMA = 1e-100;

    /** See {@link #MIN_GAMMA}. */
    public static final double MAX_GAMMA = 1e100;

    private static final String GAMMA_RANGE = "1e-100..1e100";

    private TangentKernelStudy() {
    }

    /**
     * Checks the γ values of a study with these options on a model of {@code parameters} parameters: each in
     * {@value #MIN_GAMMA}..{@value #MAX_GAMMA}, and its step {@code scaling.step(η₀, p)/γ²} a normal double (a step
     * that underflows to 0 or overflows would otherwise surface as a bad "learning rate" γ does not name).
     *
     * @throws IllegalArgumentException naming the γ, its position in the list and the allowed range
     */
    public static void checkGammas(double[] gammas, TangentKernel.Options options, int parameters) {
        Objects.requireNonNull(gammas, "gammas");
        if (gammas.length == 0) {
            throw new IllegalArgumentException("no gamma values; allowed: one or more numbers in " + GAMMA_RANGE);
        }
        double eta = options.scaling().step(options.learningRate(), parameters);
        for (int g = 0; g < gammas.length; g++) {
            double gamma = gammas[g];
            boolean inRange = gamma >= MIN_GAMMA && gamma <= MAX_GAMMA;
            double step = eta / (gamma * gamma);
            if (!inRange || !(step >= Double.MIN_NORMAL) || !Double.isFinite(step)) {
                throw new IllegalArgumentException("gamma " + gamma + " (entry " + (g + 1) + " of the list) out of "
                        + "range; allowed: " + GAMMA_RANGE + (inRange ? " with the step η₀/γ² = "
                        + eta + "/γ² a normal double (here it is " + step + ")" : ""));
            }
        }
    }

    /**
     * The default η₀: {@link #DEFAULT_LEARNING_RATE} without scaling, {@link #DEFAULT_LEARNING_RATE}{@code ·}
     * {@link #REFERENCE_PARAMETERS} when the step is divided by p.
     */
    public static double defaultLearningRate(LearningRateScaling scaling) {
        return scaling == LearningRateScaling.PARAMETERS ? DEFAULT_LEARNING_RATE * REFERENCE_PARAMETERS
                : DEFAULT_LEARNING_RATE;
    }

    /**
     * What You et al. predict for one γ, decided from the measurement's range and the targets.
     *
     * @param regime           which of the paper's cases applies
     * @param measurementRange R = γ·|w| for the observable {@code w·P} (one Pauli string P), so {@code |f| ≤ R}; NaN
     *                         when the observable is not one Pauli string
     * @param maxAbsTarget     {@code max_i |y_i|}
     * @param exponentBound    for {@link Regime#SUBLINEAR}, 1: the residual cannot fall faster than a power law
     *                         {@code t^(−1)} (a bound on the exponent, not a predicted value); NaN otherwise (the paper
     *                         gives no exponent or rate)
     * @param statement        one sentence: the paper's claim for this case, as the paper phrases it
     */
    public record Theory(Regime regime, double measurementRange, double maxAbsTarget, double exponentBound,
            String statement) {

        /** The paper's cases. */
        public enum Regime {
            /** Pauli measurement, every target at an eigenvalue ±R: at most sublinear convergence. */
            SUBLINEAR("sublinear"),
            /** Pauli measurement, every target strictly inside (−R, R): linear convergence is possible. */
            LINEAR("linear"),
            /** Some target outside [−R, R]: the residual cannot reach 0. */
            UNREACHABLE("unreachable"),
            /** Not one Pauli string, or targets both at and inside the edge: the paper makes no statement. */
            NO_STATEMENT("none");

            private final String id;

            Regime(String id) {
                this.id = id;
            }

            /** The lower-case name used in result files. */
            public String id() {
                return id;
            }
        }

        /**
         * The case for a model {@code f = γ·<O>} and its targets. A target counts as at the edge when
         * {@code |y| ≥ R(1 − 1e-12)} and as outside when {@code |y| > R(1 + 1e-12)}.
         */
        public static Theory of(QnnModel model, double[] targets) {
            Objects.requireNonNull(model, "model");
            double maxAbs = 0;
            for (double y : targets) {
                maxAbs = Math.max(maxAbs, Math.abs(y));
            }
            Observable o = model.observable();
            if (o.terms().size() != 1 || o.constant() != 0 || o.terms().get(0).pauli().isIdentity()) {
                return new Theory(Regime.NO_STATEMENT, Double.NaN, maxAbs, Double.NaN, "no statement: You et al.'s "
                        + "results are for a Pauli measurement, and " + o + " is not one Pauli string");
            }
            double range = model.gamma() * Math.abs(o.terms().get(0).weight());
            double tol = 1e-12 * range;
            int atEdge = 0;
            for (double y : targets) {
                if (Math.abs(y) > range + tol) {
                    return new Theory(Regime.UNREACHABLE, range, maxAbs, Double.NaN, "targets up to |y| = "
                            + plain(maxAbs) + " lie outside the measurement range ±" + plain(range)
                            + ": the residual cannot reach 0");
                }
                if (Math.abs(y) >= range - tol) {
                    atEdge++;
                }
            }
            if (atEdge == targets.length) {
                return new Theory(Regime.SUBLINEAR, range, maxAbs, 1.0, "You et al. prove at-most-sublinear "
                        + "convergence for QNNs with Pauli measurements (targets at the eigenvalues ±1). A bound "
                        + "derived here, not quoted from the paper: if λ_max(K) ≤ C‖r‖, gradient flow has "
                        + "d‖r‖/dt ≥ −ηC‖r‖², so ‖r(t)‖ ≥ ‖r(0)‖/(1 + Cη‖r(0)‖t), no faster than 1/t (power-law "
                        + "exponent at most 1 as t → ∞): a bound, not a predicted exponent");
            }
            if (atEdge == 0) {
                return new Theory(Regime.LINEAR, range, maxAbs, Double.NaN, "You et al. find the range of "
                        + "measurements crucial to fast convergence (abstract): with the range ±" + plain(range)
                        + " beyond the targets (max |y| = " + plain(maxAbs) + ") the kernel need not vanish at the "
                        + "solution. That this gives linear convergence (exponential in t) is our reading, not "
                        + "checked against the paper's theorems, and no rate is given for a finite model");
            }
            return new Theory(Regime.NO_STATEMENT, range, maxAbs, Double.NaN, "no statement: " + atEdge + " of "
                    + targets.length + " targets sit at the edge of the measurement range and the rest inside; the "
                    + "paper's cases have all targets at the eigenvalues or all inside");
        }
    }

    /** Four significant digits without trailing zeros: 1, 1.5, 0.3333. */
    private static String plain(double v) {
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /**
     * One γ of the study.
     *
     * @param gamma  the measurement range factor, {@code f = γ·<O>}
     * @param model  the model trained
     * @param result the run: recorded steps, fits, comparison with the frozen kernel, the step size used
     * @param theory what the paper says for this γ and these targets
     */
    public record Run(double gamma, QnnModel model, TangentKernel.Result result, Theory theory) {

        /**
         * C, the largest measured {@code λ_max(K(t))/‖r(t)‖} over the recorded steps whose residual is above
         * {@link TangentKernel#RESIDUAL_FLOOR} of its start: the constant of You et al.'s {@code λ_max(K) ≤ C‖r‖}
         * as this run realises it.
         */
        public double kernelResidualConstant() {
            double floor = TangentKernel.RESIDUAL_FLOOR * result.first().residualNorm();
            double c = 0;
            for (TangentKernel.Step s : result.steps()) {
                if (s.residualNorm() > floor) {
                    c = Math.max(c, s.kernelResidualRatio());
                }
            }
            return c;
        }

        /**
         * For {@link Theory.Regime#SUBLINEAR}, the lower bound on the final residual that {@code λ_max(K) ≤ C‖r‖}
         * gives under gradient flow, {@code ‖r(0)‖/(1 + C·η·‖r(0)‖·T)} with C = {@link #kernelResidualConstant()},
         * η the step and T the last step (for gradient descent it holds to first order in η); NaN in other regimes.
         */
        public double sublinearResidualBound() {
            if (theory.regime() != Theory.Regime.SUBLINEAR) {
                return Double.NaN;
            }
            double r0 = result.first().residualNorm();
            return r0 / (1 + kernelResidualConstant() * result.learningRate() * r0 * result.last().step());
        }
    }

    /**
     * The runs, one per γ in the order given.
     *
     * @param runs one per γ
     */
    public record Result(List<Run> runs) {

        /** Copies the list. */
        public Result {
            runs = List.copyOf(runs);
        }

        /**
         * The run with this γ.
         *
         * @throws IllegalArgumentException if no run has it
         */
        public Run run(double gamma) {
            for (Run r : runs) {
                if (r.gamma() == gamma) {
                    return r;
                }
            }
            throw new IllegalArgumentException("no run with gamma " + gamma + "; the study ran "
                    + runs.stream().map(r -> Double.toString(r.gamma())).toList());
        }
    }

    /**
     * Trains {@code f = γ·<observable>} on {@code circuit} (encoding and ansatz) for every γ, from the same θ₀, by
     * {@link TangentKernel#train} with {@code options} except the learning rate, which becomes η₀/γ² with
     * η₀ = {@code options.learningRate()} (then scaled as {@code options.scaling()} says). Every argument is checked
     * before the first step.
     *
     * @param threads  samples evaluated in parallel per Jacobian ({@link BatchModel#of}); results do not depend on it
     * @param progress called with the number of steps completed over all γ (1..γ count × steps); may be null
     * @throws IllegalArgumentException if {@code gammas} is empty or has an entry outside {@link #checkGammas}'s
     *                                  range (named with its position), the data do not fit the circuit, or θ₀ has the
     *                                  wrong length or a non-finite entry
     */
    public static Result run(Simulator sim, Circuit circuit, Observable observable, Dataset data, double[] gammas,
            double[] theta0, TangentKernel.Options options, int threads, IntConsumer progress) {
        Objects.requireNonNull(sim, "sim");
        Objects.requireNonNull(circuit, "circuit");
        checkRun(circuit, observable, data, gammas, theta0, options);
        List<QnnModel> models = new ArrayList<>();
        List<BatchModel> batches = new ArrayList<>();
        for (double gamma : gammas) {
            QnnModel m = new QnnModel(circuit, observable, gamma);
            models.add(m);
            batches.add(BatchModel.of(sim, m, data.x(), threads));
        }
        List<Run> runs = new ArrayList<>();
        for (int g = 0; g < gammas.length; g++) {
            int offset = g * options.steps();
            IntConsumer perRun = progress == null ? null : s -> progress.accept(offset + s);
            TangentKernel.Result r = trainAt(gammas[g], batches.get(g), data.y(), theta0, options, perRun);
            runs.add(new Run(gammas[g], models.get(g), r, Theory.of(models.get(g), data.y())));
        }
        return new Result(runs);
    }

    /**
     * The circuit of {@code qnn analyze ntk}: the data angle-encoded by one RX per qubit ({@link Encodings#angle},
     * scale 1), then {@code ansatz}.
     */
    public static Circuit angleEncoded(Circuit ansatz) {
        int n = ansatz.numQubits();
        return new Circuit(n).append(Encodings.angle(new Circuit(n).declareInputs(n), n, Gates.RX, 1.0)).append(ansatz);
    }

    /**
     * {@link #run(Simulator, Circuit, Observable, Dataset, double[], double[], TangentKernel.Options, int,
     * IntConsumer)} on {@link #angleEncoded angleEncoded(ansatz)} with every γ a task of {@code runner}: the runs
     * are independent (same θ₀, their own step size), so an engine may train them at once, and each gives the same
     * bits wherever it runs (nothing random happens during training). The runner's threads train γ values in
     * parallel; {@code batchThreads} evaluate samples in parallel inside each run.
     *
     * @throws IllegalArgumentException as the other form, before any training
     */
    public static Result run(EnsembleRunner runner, Simulator sim, CircuitSpec ansatz, Observable observable,
            Dataset data, double[] gammas, double[] theta0, TangentKernel.Options options, int batchThreads) {
        Objects.requireNonNull(runner, "runner");
        Objects.requireNonNull(sim, "sim");
        Objects.requireNonNull(ansatz, "ansatz");
        Circuit circuit = angleEncoded(ansatz.circuit());
        checkRun(circuit, observable, data, gammas, theta0, options);
        List<QnnModel> models = new ArrayList<>();
        for (double gamma : gammas) {
            QnnModel m = new QnnModel(circuit, observable, gamma);
            BatchModel.of(sim, m, data.x(), batchThreads); // checks the data against the circuit, here
            models.add(m);
        }
        Ensemble<TangentKernel.Result> ensemble = new Ensemble<>("ntk " + ansatz, new GammaJob(ansatz,
                ObservableSpec.of(observable), data, gammas.clone(), theta0.clone(), options, batchThreads),
                gammas.length, 0);
        List<TangentKernel.Result> results = runner.run(ensemble, sim);
        List<Run> runs = new ArrayList<>();
        for (int g = 0; g < gammas.length; g++) {
            runs.add(new Run(gammas[g], models.get(g), results.get(g), Theory.of(models.get(g), data.y())));
        }
        return new Result(runs);
    }

    /** One γ's training, task g of the ensemble. */
    private record GammaJob(CircuitSpec ansatz, ObservableSpec observable, Dataset data, double[] gammas,
            double[] theta0, TangentKernel.Options options, int batchThreads)
            implements EnsembleJob<TangentKernel.Result> {

        @Override
        public Worker<TangentKernel.Result> open(Simulator sim) {
            Circuit circuit = angleEncoded(ansatz.circuit());
            Observable o = observable.observable();
            return (g, seed) -> {
                BatchModel batch = BatchModel.of(sim, new QnnModel(circuit, o, gammas[g]), data.x(), batchThreads);
                return trainAt(gammas[g], batch, data.y(), theta0, options, null);
            };
        }
    }

    /** The checks both forms of {@code run} make before any training. */
    private static void checkRun(Circuit circuit, Observable observable, Dataset data, double[] gammas,
            double[] theta0, TangentKernel.Options options) {
        Objects.requireNonNull(observable, "observable");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(gammas, "gammas");
        Objects.requireNonNull(theta0, "theta0");
        Objects.requireNonNull(options, "options");
        checkGammas(gammas, options, circuit.numParameters());
        if (theta0.length != circuit.numParameters()) {
            throw new IllegalArgumentException("theta0 has " + theta0.length + " entries but the circuit has "
                    + circuit.numParameters() + " parameters; allowed: exactly " + circuit.numParameters());
        }
    }

    /** One γ's run: {@link TangentKernel#train} with the learning rate η₀/γ² (the rule of this study). */
    private static TangentKernel.Result trainAt(double gamma, BatchModel batch, double[] y, double[] theta0,
            TangentKernel.Options options, IntConsumer progress) {
        TangentKernel.Options o = options.withLearningRate(options.learningRate() / (gamma * gamma));
        return TangentKernel.train(batch, y, theta0, o, progress);
    }
}
