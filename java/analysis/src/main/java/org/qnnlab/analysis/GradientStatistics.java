package org.qnnlab.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.qnnlab.analysis.ensemble.CircuitSpec;
import org.qnnlab.analysis.ensemble.Ensemble;
import org.qnnlab.analysis.ensemble.EnsembleEngine;
import org.qnnlab.analysis.ensemble.EnsembleJob;
import org.qnnlab.analysis.ensemble.EnsembleRunner;
import org.qnnlab.analysis.ensemble.LocalEngine;
import org.qnnlab.analysis.ensemble.ObservableSpec;
import org.qnnlab.analysis.ensemble.SimulatorSpec;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.PauliString;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.noise.DensityMatrixSimulator;
import org.qnnlab.sim.noise.NoiseModel;
import org.qnnlab.sim.noise.NoisyExpectation;
import org.qnnlab.train.AdjointGradient;
import org.qnnlab.train.DensityMatrixAdjointGradient;
import org.qnnlab.train.Gradient;
import org.qnnlab.train.GradientMethod;
import org.qnnlab.train.Parallel;

/**
 * Loss and gradient statistics over random initializations: barren plateaus. For a circuit {@code U(θ)} and a cost
 * observable C the loss is {@code ℓ(θ) = <0…0|U(θ)† C U(θ)|0…0>}; this class samples ℓ and one partial derivative
 * {@code ∂_k ℓ} at {@code θ ~ U[0, 2π)^M} and reports their variances with standard errors, and fits the decay of a
 * variance in the qubit count n by both an exponential and a power law.
 *
 * <p>McClean et al. (Nat. Commun. 9, 4812, 2018): for random circuits forming a 2-design, {@code Var_θ[∂_k ℓ]}
 * vanishes exponentially in n. M. Cerezo, A. Sone, T. Volkoff, L. Cincio, P. J. Coles, "Cost function dependent
 * barren plateaus in shallow parametrized quantum circuits", Nat. Commun. 12, 1791 (2021): with the global cost
 * {@code C_G = 1 − |0⟩⟨0|^{⊗n}} the decay is exponential even for shallow circuits (of local 2-design blocks), with the
 * local cost {@code C_L = 1 − (1/n) Σ_j |0⟩⟨0|_j} and depth {@code O(log n)} at worst polynomial.
 *
 * <p>The costs, by id ({@link #COSTS}):
 * <ul>
 *   <li>{@code local}: {@code (1/n) Σ_j Z_j}. Since {@code |0⟩⟨0|_j = (1 + Z_j)/2}, Cerezo et al.'s
 *       {@code C_L = ½ − ½·local}: the same landscape, every variance 4× that of {@code C_L}.</li>
 *   <li>{@code global}: Cerezo et al.'s {@code C_G = 1 − |0⟩⟨0|^{⊗n}}, i.e. one minus the probability of all zeros,
 *       written exactly as the Pauli sum {@code 1 − 2^{−n} Σ_{S ⊆ {0..n−1}} Z_S} ({@code |0⟩⟨0| = (1 + Z)/2} on every
 *       qubit), so {@link AdjointGradient} differentiates it like any observable. Its 2^n terms cost about 2^n state
 *       passes per sample, hence n ≤ {@value #MAX_GLOBAL_QUBITS}.</li>
 *   <li>{@code global-z}: the parity {@code Z_0 Z_1 … Z_{n−1}}, a global Pauli string (what {@code global} meant
 *       before issue 13).</li>
 * </ul>
 *
 * <p>Exact values for the one-layer HEA ({@link Ansatz#hea(int, int) hea(n, 1)}) are in {@link #exactOneLayerHea}.
 */
public final class GradientStatistics {

    /** Cost ids accepted by {@link #cost}, in the order the CLI lists them. */
    public static final List<String> COSTS = List.of("local", "global", "global-z");

    /** The largest n for the {@code global} cost: its Pauli sum has 2^n terms. */
    public static final int MAX_GLOBAL_QUBITS = 16;

    /**
     * Variances at or below this are rounding, not signal: the costs have operator norm ≤ 1, so each sampled ℓ or
     * ∂_kℓ is exact to about 1e-16 and a quantity that vanishes identically (e.g. by a symmetry of the circuit and its
     * initial state) shows variances near 1e-32. {@link #isFlat} tells them apart; fits skip them.
     */
    public static final double ROUNDING_VARIANCE = 1e-24;

    private GradientStatistics() {
    }

    /** Whether the sampled quantity vanishes to rounding: its variance is at most {@value #ROUNDING_VARIANCE}. */
    public static boolean isFlat(Moments m) {
        return m.variance() <= ROUNDING_VARIANCE;
    }

    /**
     * The cost observable with id {@code name} on n qubits (see the class comment): {@code local = (1/n) Σ_j Z_j},
     * {@code global = 1 − 2^{−n} Σ_S Z_S = 1 − |0⟩⟨0|^{⊗n}}, {@code global-z = Z_0 … Z_{n−1}}. Ids are matched
     * ignoring case and surrounding blanks.
     *
     * @throws IllegalArgumentException for another name (listing the allowed ones), n outside 1..63, or n above
     *     {@value #MAX_GLOBAL_QUBITS} for {@code global}
     */
    public static Observable cost(String name, int n) {
        if (n < 1 || n > PauliString.MAX_QUBIT + 1) {
            throw new IllegalArgumentException("qubits " + n + " out of range; allowed: 1.."
                    + (PauliString.MAX_QUBIT + 1));
        }
        String key = id(name);
        return switch (key) {
            case "local" -> {
                List<Observable.Term> terms = new ArrayList<>(n);
                for (int q = 0; q < n; q++) {
                    terms.add(new Observable.Term(1.0 / n, PauliString.single('Z', q)));
                }
                yield Observable.of(terms, 0);
            }
            case "global" -> {
                if (n > MAX_GLOBAL_QUBITS) {
                    throw new IllegalArgumentException("qubits " + n + " too many for the global cost 1 − |0⟩⟨0|^⊗n "
                            + "(a sum of 2^n Pauli strings); allowed: 1.." + MAX_GLOBAL_QUBITS);
                }
                yield Wishart.zeroProjector(n).scaled(-1).plus(Observable.constant(1));
            }
            case "global-z" -> Observable.of(PauliString.ofMasks(0, (1L << n) - 1));
            default -> throw new IllegalArgumentException("unknown cost '" + name + "'; allowed: "
                    + String.join(", ", COSTS));
        };
    }

    /**
     * The canonical id of a cost name ({@code " Global-Z "} → {@code global-z}).
     *
     * @throws IllegalArgumentException naming the value and the allowed ids
     */
    public static String id(String name) {
        String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        if (!COSTS.contains(key)) {
            throw new IllegalArgumentException("unknown cost '" + name + "'; allowed: " + String.join(", ", COSTS));
        }
        return key;
    }

    /**
     * Sample mean and unbiased variance with the standard error of that variance.
     *
     * @param mean          {@code x̄ = (1/N) Σ x_s}
     * @param meanError     {@code √(s²/N)}
     * @param variance      {@code s² = (1/(N−1)) Σ (x_s − x̄)²}
     * @param varianceError standard error of s² ({@link Distributions#varianceStandardError})
     */
    public record Moments(double mean, double meanError, double variance, double varianceError) {

        /**
         * The moments of {@code x}, summed in index order.
         *
         * @throws IllegalArgumentException with fewer than 2 values
         */
        public static Moments of(double[] x) {
            int n = x.length;
            if (n < 2) {
                throw new IllegalArgumentException(n + " sample(s); need at least 2 for a variance");
            }
            double s2 = Distributions.variance(x);
            return new Moments(Distributions.mean(x), Math.sqrt(s2 / n), s2, Distributions.varianceStandardError(x));
        }
    }

    /**
     * Loss and gradient statistics of one circuit and cost over random initializations.
     *
     * @param qubits         n
     * @param parameters     M, the circuit's parameter count
     * @param parameterIndex k, the differentiated parameter
     * @param loss           moments of ℓ
     * @param gradient       moments of {@code ∂_k ℓ}
     * @param losses         the N sampled losses, in sample order (for histograms)
     * @param gradients      the N sampled {@code ∂_k ℓ}, in sample order
     */
    public record Sample(int qubits, int parameters, int parameterIndex, Moments loss, Moments gradient,
            double[] losses, double[] gradients) {
    }

    /**
     * Samples ℓ and {@code ∂_k ℓ} at {@code samples} initializations; sample s takes
     * {@code θ = }{@link Circuit#randomAngles Circuit.randomAngles(M, seed + s)} and is differentiated by
     * {@link AdjointGradient} (exact to rounding). Samples run in parallel on the {@link LocalEngine local engine}
     * ({@link Parallel#forEach}) and the moments are summed in sample order, so the result does not depend on
     * {@code threads}.
     *
     * @throws IllegalArgumentException before any simulation if threads is below 1, samples below 2, the circuit has
     *     inputs or no parameters, the parameter index is outside {@code [0, M)} or the cost acts on a qubit the
     *     circuit does not have
     */
    public static Sample sample(Simulator sim, Circuit circuit, Observable cost, int parameterIndex, int samples,
            long seed, int threads) {
        Objects.requireNonNull(circuit, "circuit");
        return sample(LocalEngine.INSTANCE, sim, CircuitSpec.of(circuit), cost, parameterIndex, samples, seed, threads);
    }

    /**
     * {@link #sample(Simulator, Circuit, Observable, int, int, long, int)} with the samples as the tasks of an
     * {@link Ensemble} run by {@code engine} on {@code threads} local threads ({@link #sampleAll}).
     *
     * @param spec the circuit as it is shipped to remote executors
     */
    public static Sample sample(EnsembleEngine engine, Simulator sim, CircuitSpec spec, Observable cost,
            int parameterIndex, int samples, long seed, int threads) {
        return sampleAll(EnsembleRunner.on(engine, threads), sim,
                List.of(new Request(spec, cost, parameterIndex, samples, seed))).get(0);
    }

    /**
     * One point of a gradient-variance study: {@code samples} initializations of {@code circuit} with seeds
     * {@code seed, seed + 1, …}, the cost and the differentiated parameter.
     *
     * @param circuit        the circuit as it is shipped to remote executors
     * @param cost           the cost observable
     * @param parameterIndex k of {@code ∂_k ℓ}
     * @param samples        initializations, at least 2
     * @param seed           sample s draws {@code θ = Circuit.randomAngles(M, seed + s)}
     * @param noise          noise rules in {@link NoiseModel#parse}'s text form (empty: noiseless); shipped as text,
     *                       so any engine can run them. With noise each sample is {@code Tr(Cρ̃)} and its derivative
     *                       on density matrices ({@link DensityMatrixAdjointGradient})
     */
    public record Request(CircuitSpec circuit, Observable cost, int parameterIndex, int samples, long seed,
            List<String> noise) {

        /** A noiseless point. */
        public Request(CircuitSpec circuit, Observable cost, int parameterIndex, int samples, long seed) {
            this(circuit, cost, parameterIndex, samples, seed, List.of());
        }

        /**
         * Checks the point.
         *
         * @throws IllegalArgumentException if samples is below 2, the circuit has inputs or no parameters, the
         *     parameter index is outside {@code [0, M)}, the cost acts on a qubit the circuit does not have, or a
         *     noise rule does not parse, names a missing qubit or is a readout error
         * @throws IllegalStateException if the density matrices of a noisy point do not fit in memory
         */
        public Request {
            Objects.requireNonNull(circuit, "circuit");
            Objects.requireNonNull(cost, "cost");
            noise = List.copyOf(noise);
            Circuit c = circuit.circuit();
            if (samples < 2) {
                throw new IllegalArgumentException("samples " + samples + " out of range; need at least 2 for a "
                        + "variance");
            }
            if (c.numInputs() != 0) {
                throw new IllegalArgumentException("the circuit has " + c.numInputs() + " data inputs; allowed: "
                        + "circuits without inputs (only θ is drawn at random)");
            }
            int m = c.numParameters();
            if (parameterIndex < 0 || parameterIndex >= m) {
                throw new IllegalArgumentException("parameter index " + parameterIndex + " out of range; allowed: "
                        + (m == 0 ? "none, the circuit has no parameters" : "0.." + (m - 1)));
            }
            if (cost.maxQubit() >= c.numQubits()) {
                throw new IllegalArgumentException("the cost acts on qubit " + cost.maxQubit() + " of a "
                        + c.numQubits() + "-qubit circuit; allowed: qubits 0.." + (c.numQubits() - 1));
            }
            if (!noise.isEmpty()) {
                Circuit noisy = NoisyExpectation.noisyCircuit(c, NoiseModel.parse(noise));
                DensityMatrixAdjointGradient.checkFits(c.numQubits(), noisy.channels().size());
            }
        }

        /** The circuit with the noise rules' channels placed (the circuit itself when noiseless). */
        public Circuit noisyCircuit() {
            return noise.isEmpty() ? circuit.circuit() : NoiseModel.parse(noise).apply(circuit.circuit());
        }
    }

    /**
     * Samples every point of {@code requests} as one run of {@code runner} (one engine job for the whole grid): the
     * samples of each point are the tasks of an {@link Ensemble} (sample s is task s with seed {@code seed + s}, the
     * circuit shipped as its spec and the cost as text), and each point's moments are summed in sample order, so
     * every engine, thread count, partitioning and resumption gives the same bits (on the same kernel: a remote
     * executor builds {@code sim}'s {@link SimulatorSpec}; and from a spec that rebuilds the same operations, see
     * {@link CircuitSpec}).
     *
     * @return one sample per request, in order
     * @throws IllegalArgumentException as {@link Request}, before any task runs
     */
    public static List<Sample> sampleAll(EnsembleRunner runner, Simulator sim, List<Request> requests) {
        Objects.requireNonNull(runner, "runner");
        Objects.requireNonNull(sim, "sim");
        List<Ensemble<double[]>> ensembles = new ArrayList<>();
        for (Request r : requests) {
            Circuit c = r.circuit().circuit();
            String name = "gradvar " + r.circuit() + " k=" + r.parameterIndex() + " cost of "
                    + r.cost().terms().size() + " terms";
            EnsembleJob<double[]> job = r.noise().isEmpty()
                    ? new SampleJob(r.circuit(), ObservableSpec.of(r.cost()), r.parameterIndex())
                    : new NoisySampleJob(r.circuit(), ObservableSpec.of(r.cost()), r.parameterIndex(), r.noise());
            ensembles.add(new Ensemble<>(r.noise().isEmpty() ? name : name + " noise " + String.join(" ", r.noise()),
                    job, r.samples(), r.seed()));
        }
        List<List<double[]>> all = runner.runAll("gradvar", ensembles, sim);
        List<Sample> out = new ArrayList<>();
        for (int p = 0; p < requests.size(); p++) {
            Request r = requests.get(p);
            List<double[]> points = all.get(p);
            double[] l = new double[r.samples()];
            double[] g = new double[r.samples()];
            for (int s = 0; s < r.samples(); s++) {
                l[s] = points.get(s)[0];
                g[s] = points.get(s)[1];
            }
            Circuit c = r.circuit().circuit();
            out.add(new Sample(c.numQubits(), c.numParameters(), r.parameterIndex(), Moments.of(l), Moments.of(g),
                    l, g));
        }
        return out;
    }

    /** One sample's task: {@code {ℓ, ∂_k ℓ}} at {@code θ = Circuit.randomAngles(M, seed)}. */
    private record SampleJob(CircuitSpec circuit, ObservableSpec cost, int parameterIndex)
            implements EnsembleJob<double[]> {

        @Override
        public Worker<double[]> open(Simulator sim) {
            return sampler(new AdjointGradient(sim), circuit.circuit(), cost.observable(), parameterIndex);
        }
    }

    /** Task s of a point: {@code {ℓ, ∂_k ℓ}} by {@code method} at {@code θ = Circuit.randomAngles(M, seed)}. */
    private static EnsembleJob.Worker<double[]> sampler(GradientMethod method, Circuit c, Observable o,
            int parameterIndex) {
        int m = c.numParameters();
        double[] none = new double[0];
        return (index, seed) -> {
            Gradient r = method.gradient(c, Circuit.randomAngles(m, seed), none, o);
            return new double[] {r.value(), r.gradient()[parameterIndex]};
        };
    }

    /**
     * One noisy sample's task: {@code {Tr(Cρ̃), ∂_k Tr(Cρ̃)}} at {@code θ = Circuit.randomAngles(M, seed)} for the
     * circuit with the noise rules' channels, by the density-matrix adjoint. The rules travel as text (a separate
     * record, so noiseless jobs keep their serialized form and their journals).
     */
    private record NoisySampleJob(CircuitSpec circuit, ObservableSpec cost, int parameterIndex, List<String> noise)
            implements EnsembleJob<double[]> {

        @Override
        public Worker<double[]> open(Simulator sim) {
            return sampler(new DensityMatrixAdjointGradient(new DensityMatrixSimulator(sim)),
                    NoisyExpectation.noisyCircuit(circuit.circuit(), NoiseModel.parse(noise)), cost.observable(),
                    parameterIndex);
        }
    }

    /**
     * Up-front run-time estimate of a noisy point ({@link Request#noise}): per sample about two forward passes and
     * three backward passes per gate or channel of the density-matrix adjoint, each over the 2n-qubit vector.
     */
    public static double estimateSecondsNoisy(Circuit noisy, Observable cost, int samples) {
        long passes = 5L * (noisy.size() + noisy.channels().size()) + 2L * Math.max(1, cost.terms().size());
        return CostEstimate.seconds(samples, passes, 2 * noisy.numQubits());
    }

    /**
     * Up-front run-time estimate of {@link #sample} ({@link CostEstimate#seconds}): per sample about four state
     * passes per gate (the forward run, then φ and λ un-applied and one inner product per trainable gate) and two per
     * cost term (its expectation and {@code C|ψ>}).
     */
    public static double estimateSeconds(Circuit circuit, Observable cost, int samples) {
        long passes = 4L * circuit.size() + 2L * Math.max(1, cost.terms().size());
        return CostEstimate.seconds(samples, passes, circuit.numQubits());
    }

    /**
     * Exact variances of ℓ and ∂_kℓ over {@code θ ~ U[0, 2π)^{2n}}.
     *
     * @param loss     {@code Var_θ[ℓ]}
     * @param gradient {@code Var_θ[∂_k ℓ]}
     */
    public record Exact(double loss, double gradient) {
    }

    /**
     * Exact variances for the one-layer HEA {@link Ansatz#hea(int, int) hea(n, 1)} = {@code RY(θ_q)}, then
     * {@code RZ(θ_{n+q})} on every qubit, then a CZ ladder, from {@code |0…0>}. Every cost here is diagonal and the RZ
     * and CZ gates are diagonal too, so ℓ depends only on the RY angles, each qubit independently:
     * {@code <Z_q> = cos θ_q}, {@code P(0 on q) = cos²(θ_q/2)}. With {@code E[sin²] = E[cos²] = ½} and
     * {@code E[cos⁴(θ/2)] = 3/8}:
     * <ul>
     *   <li>{@code local}: ℓ = (1/n) Σ cos θ_q; Var ℓ = 1/(2n), Var ∂_kℓ = 1/(2n²);</li>
     *   <li>{@code global}: ℓ = 1 − Π cos²(θ_q/2); Var ℓ = (3/8)^n − (1/4)^n, ∂_kℓ = ½ sin θ_k Π_{q≠k} cos²(θ_q/2),
     *       Var ∂_kℓ = (1/8)(3/8)^(n−1);</li>
     *   <li>{@code global-z}: ℓ = Π cos θ_q; Var ℓ = Var ∂_kℓ = 2^(−n).</li>
     * </ul>
     * for an RY parameter {@code k < n}; for an RZ parameter ({@code n ≤ k < 2n}) ∂_kℓ ≡ 0.
     *
     * @return the exact variances, or empty for a parameter index outside {@code [0, 2n)}
     * @throws IllegalArgumentException for an unknown cost or n below 1
     */
    public static Optional<Exact> exactOneLayerHea(String cost, int n, int parameterIndex) {
        if (n < 1) {
            throw new IllegalArgumentException("qubits " + n + " out of range; allowed: 1 or more");
        }
        String key = id(cost);
        if (parameterIndex < 0 || parameterIndex >= 2 * n) {
            return Optional.empty();
        }
        double loss = switch (key) {
            case "local" -> 1.0 / (2 * n);
            case "global" -> Math.pow(3.0 / 8, n) - Math.pow(0.25, n);
            default -> Math.scalb(1.0, -n);
        };
        double grad = parameterIndex >= n ? 0 : switch (key) {
            case "local" -> 1.0 / (2.0 * n * n);
            case "global" -> Math.pow(3.0 / 8, n - 1) / 8;
            default -> Math.scalb(1.0, -n);
        };
        return Optional.of(new Exact(loss, grad));
    }

    /**
     * Both decay laws fitted to a variance against the qubit count ({@link Fits}, least squares on {@code ln Var}):
     * exponential {@code Var ≈ c·e^(−a n)} (a line in n) and power law {@code Var ≈ c·n^(−b)} (a line in ln n). Both
     * R² are on the same {@code ln Var}, so they compare directly; the better law is the one with the larger R²,
     * none with only two qubit counts (both laws pass through two points exactly).
     *
     * @param exponential the fit of {@code Var ∝ e^(−a n)}; {@code a = exponential.rate()}
     * @param powerLaw    the fit of {@code Var ∝ n^(−b)}; {@code b = powerLaw.exponent()}
     * @param better      {@value #EXPONENTIAL} or {@value #POWER_LAW}; null when fitted to 2 points
     */
    public record Scaling(Fits.Exponential exponential, Fits.PowerLaw powerLaw, String better) {

        /** Name of the exponential law in {@link #better}. */
        public static final String EXPONENTIAL = "exponential";

        /** Name of the power law in {@link #better}. */
        public static final String POWER_LAW = "power-law";
    }

    /**
     * Fits {@link Scaling both laws} to variances at distinct qubit counts.
     *
     * @throws IllegalArgumentException if the arrays differ in length, have fewer than 2 points, all qubit counts are
     *     equal, or a qubit count or variance is not a finite number > 0 (named by index and value); callers skip
     *     variances that are rounding ({@link #isFlat}) before fitting
     */
    public static Scaling fitScaling(double[] qubits, double[] variances) {
        Fits.Exponential e = Fits.exponential(qubits, variances);
        Fits.PowerLaw p = Fits.powerLaw(qubits, variances);
        String better = qubits.length < 3 ? null : p.r2() > e.r2() ? Scaling.POWER_LAW : Scaling.EXPONENTIAL;
        return new Scaling(e, p, better);
    }
}
