package org.qnnlab.analysis;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.IntConsumer;
import java.util.function.ToDoubleFunction;
import org.qnnlab.analysis.ensemble.CircuitSpec;
import org.qnnlab.analysis.ensemble.Ensemble;
import org.qnnlab.analysis.ensemble.EnsembleJob;
import org.qnnlab.analysis.ensemble.EnsembleRunner;
import org.qnnlab.analysis.ensemble.ObservableSpec;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.noise.DensityMatrixSimulator;
import org.qnnlab.sim.noise.NoiseModel;
import org.qnnlab.sim.noise.NoisyExpectation;
import org.qnnlab.train.AdjointGradient;
import org.qnnlab.train.DensityMatrixAdjointGradient;
import org.qnnlab.train.Gradient;
import org.qnnlab.train.GradientMethod;
import org.qnnlab.train.Hessian;
import org.qnnlab.train.ThreadPolicy;
import org.qnnlab.train.optim.Objective;
import org.qnnlab.train.optim.Optimizer;
import org.qnnlab.train.optim.OptimizerSettings;

/**
 * The loss landscape seen by many optimizers: K random initializations of a variational energy minimization
 * {@code E(θ) = <ψ(θ)|H|ψ(θ)>} are each trained (by default L-BFGS on exact adjoint gradients) until they converge or
 * run out of steps, and the share that reaches the global minimum is reported together with what each end point is.
 *
 * <p>The convergence rule: a run has converged when {@code ‖∇E‖ < gradientTolerance} (absolute, in units of the
 * energy per radian; default {@value #DEFAULT_GRADIENT_TOLERANCE}), tested before every step. The tolerance is
 * absolute rather than relative to |E| because the energies here are O(n) and an end point is stationary when the
 * gradient is small, whatever the energy. It cannot be much smaller: a line search compares energies, which carry
 * rounding of about 1e-16·|E|, so it stops seeing descent once ‖∇E‖²/λ_max reaches that. On the TFIM HVA at n = 6
 * (|E| ≈ 7, λ_max 54–764) runs whose energies already matched E0 to 1e-12 stalled at ‖∇E‖ = 1.0e-6–4.4e-6, and
 * scipy's BFGS on the same problem at 0.4e-6–2.4e-6; the default sits a decade above that floor. Only a converged
 * run is classified, by the spectrum of its exact Hessian (see {@link Kind}); a run that is still moving when its
 * step budget ends is {@link Kind#UNCONVERGED} and counted apart, so a slope is never mistaken for a saddle.
 *
 * <p>With the defaults ({@link Options#defaults()}) every run converged on the TFIM HVA at n = 6 (open chain, 1–20
 * layers; periodic, 1–10; 8 initializations each) and at n = 4 (1–10 and 1–6 layers, 6 each).
 *
 * <p>Larocca et al., "Theory of overparametrization in quantum neural networks", Nat. Comput. Sci. 3, 542 (2023),
 * show that once the number of parameters passes the overparametrization threshold M_c spurious local minima start
 * to vanish, so the fraction of initializations that reaches the ground energy rises towards 1.
 *
 * <p>Results do not depend on the thread count: each run is a deterministic function of its seed and the kernel,
 * and runs are stored in seed order.
 *
 * <h2>Under noise</h2>
 * With noise rules ({@link NoiseModel#parse} text, e.g. {@code depolarizing:0.02}) the runs minimize the noisy energy
 * {@code E(θ) = Tr(H ρ̃(θ))}, ρ̃ the density matrix after the circuit with the rules' channels
 * ({@link NoisyExpectation#noisyCircuit}); gradients are {@link DensityMatrixAdjointGradient}'s and Hessians
 * {@link Hessian#compute(GradientMethod, Circuit, double[], double[], Observable)}'s on it (the shift rule holds
 * exactly, since no channel depends on θ). Run i starts from the same θ as noiseless run i, and each run also records
 * {@link Run#noiselessLoss()}, the noiseless energy {@code <ψ(θ*)|H|ψ(θ*)>} at its end point θ*.
 *
 * <p><b>What success means under noise.</b> The noisy cost's global minimum is not known in closed form. Every
 * density matrix has {@code Tr(Hρ) ≥ E0}, the ground energy, so E0 is only a lower bound, generally not reached. So
 * the reference of success ({@link Reference}) is, in this order: a value the caller gives ({@link ReferenceKind#GIVEN},
 * at least E0); without noise E0 ({@link ReferenceKind#GROUND_ENERGY}, as before); under noise the lowest final energy
 * of the converged runs at that circuit ({@link ReferenceKind#BEST_FOUND}), an empirical estimate of the noisy global
 * minimum: an energy the circuit reaches, so {@code E0 ≤ noisy global minimum ≤ best found}. A run succeeds when its
 * final energy is at most reference + tolerance, and a spurious minimum is a Hessian minimum above that. With the
 * best-found reference the run that sets it succeeds by construction, so the success fraction measures how many runs
 * reach the best that any run found, not the true minimum; more initializations make the estimate better, never
 * worse. Since success then depends on every run of a point, it is decided when the {@link Point} is assembled; a
 * task's {@link Run} is self-contained. With no converged run there is no best-found reference (NaN) and the success
 * fractions are NaN. {@link Point#aboveGroundEnergy()} checks every final energy, hence the best found, against
 * E0 − {@value #GROUND_ENERGY_SLACK}.
 *
 * <pre>{@code
 * Observable h = Hamiltonians.tfim(6, 1.0, Boundary.OPEN);
 * double e0 = Landscape.groundEnergy(h, 6);
 * Landscape.Point p = Landscape.explore(sim, Ansatz.hvaTfim(6, 9, Boundary.OPEN), h, e0,
 *         Landscape.Options.defaults().withInits(8));
 * p.successFraction(); p.minima(); p.saddles(); p.unconverged(); p.spuriousMinima();
 * Landscape.Point noisy = Landscape.explore(sim, Ansatz.hvaTfim(6, 4, Boundary.OPEN), h, e0,
 *         Landscape.Options.defaults().withInits(8), List.of("depolarizing:0.01"));
 * noisy.reference(); // BEST_FOUND and its value, beside noisy.groundEnergy() = e0
 * }</pre>
 */
public final class Landscape {

    /** The default convergence tolerance on ‖∇E‖ (absolute). */
    public static final double DEFAULT_GRADIENT_TOLERANCE = 1e-5;
    /** The default success tolerance: a run succeeds when its energy is at most E0 + this. */
    public static final double DEFAULT_TOLERANCE = 1e-4;
    /** The default number of random initializations per point. */
    public static final int DEFAULT_INITS = 16;
    /**
     * A Hessian eigenvalue counts as negative only below {@code −FLAT · max|λ|}: the flat directions of a minimum
     * (every overparametrized circuit has some) come out as small values of either sign, from rounding and from the
     * remaining gradient. At the 240 converged end points of the n = 6 TFIM HVA sweep the most negative was
     * −5.9e-8·max|λ|.
     */
    public static final double FLAT = 1e-6;
    /**
     * Final energies may lie this far below E0 before {@link Point#aboveGroundEnergy()} calls it a violation:
     * rounding of {@code Tr(Hρ)} and of the dense diagonalization is about 1e-14·‖H‖ at the sizes allowed here.
     */
    public static final double GROUND_ENERGY_SLACK = 1e-9;

    /**
     * The rule of success in one line, for output files: what the reference is in each case and what success and a
     * spurious minimum mean against it.
     */
    public static final String REFERENCE_RULE = "success: final energy <= reference + tolerance; spurious minimum: a "
            + "Hessian minimum above that. Reference: the given global minimum if any (given); else without noise "
            + "the exact ground energy E0 (ground_energy); under noise the lowest final energy of the converged runs "
            + "at that circuit (best_found), an empirical estimate of the noisy global minimum, which lies between "
            + "E0 (Tr(H rho) >= E0 for every state) and it; the run that sets it succeeds by construction";

    private Landscape() {
    }

    /** What a run's end point is. */
    public enum Kind {
        /** Converged, and every Hessian eigenvalue is ≥ −{@link #FLAT}·max|λ|. */
        MINIMUM,
        /** Converged, and the Hessian has an eigenvalue below −{@link #FLAT}·max|λ|: a direction of descent. */
        SADDLE,
        /** Converged, but the Hessian was not computed ({@link Options#hessian()} off): minimum or saddle. */
        STATIONARY,
        /** ‖∇E‖ was still at or above the gradient tolerance when the step budget ran out; not classified. */
        UNCONVERGED;

        /** The lower-case name used in files: {@code minimum}, {@code saddle}, {@code stationary}, {@code unconverged}. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Where a point's {@link Reference} comes from. */
    public enum ReferenceKind {
        /** The exact ground energy E0 of H (noiseless, no value given): success is reaching the ground state. */
        GROUND_ENERGY,
        /**
         * Under noise, no value given: the lowest final energy of the converged runs at that circuit, an empirical
         * estimate (an upper bound) of the noisy global minimum.
         */
        BEST_FOUND,
        /** A value the caller gave, at least E0. */
        GIVEN;

        /** The lower-case name used in files: {@code ground_energy}, {@code best_found}, {@code given}. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * What a point's runs are measured against: success is {@code finalLoss ≤ value + tolerance}.
     *
     * @param kind  where the value comes from
     * @param value the reference energy; NaN for {@link ReferenceKind#BEST_FOUND} when no run converged
     */
    public record Reference(ReferenceKind kind, double value) {

        /** Checks the kind is given. */
        public Reference {
            Objects.requireNonNull(kind, "kind");
        }

        /** The {@link ReferenceKind#BEST_FOUND} reference of {@code runs}: their lowest converged final energy. */
        public static Reference bestFound(List<Run> runs) {
            double best = Double.NaN;
            for (Run r : runs) {
                if (r.converged() && !(r.finalLoss() >= best)) { // NaN compares false: the first converged run
                    best = r.finalLoss();
                }
            }
            return new Reference(ReferenceKind.BEST_FOUND, best);
        }

        /** Whether {@code energy} is within {@code tolerance} of this reference (false while the value is NaN). */
        public boolean reached(double energy, double tolerance) {
            return energy <= value + tolerance;
        }
    }

    /**
     * How to explore. {@link #defaults()} gives {@link OptimizerSettings#forMinimization()} (L-BFGS, learning rate 1,
     * at most {@value OptimizerSettings#DEFAULT_MAX_STEPS} steps), gradient tolerance
     * {@value #DEFAULT_GRADIENT_TOLERANCE}, success tolerance {@value #DEFAULT_TOLERANCE}, {@value #DEFAULT_INITS}
     * initializations from seed 1, Hessians on, and {@link ThreadPolicy#defaultThreads()} threads.
     *
     * @param optimizer         the optimizer, its learning rate and step budget per run
     * @param gradientTolerance a run has converged when ‖∇E‖ is below this (absolute), &gt; 0
     * @param tolerance         a run succeeds when its energy is at most the global minimum plus this, &gt; 0
     * @param inits             random initializations, 1 or more
     * @param seed              run i starts from {@link Circuit#randomParameters(long) randomParameters(seed + i)}
     * @param hessian           classify converged end points by their Hessian (2 adjoint gradients per trainable
     *                          gate angle); without it they are {@link Kind#STATIONARY}
     * @param threads           threads in all; the runs get {@link ThreadPolicy#itemThreads()} of
     *                          {@link ThreadPolicy#forQubits(int, int)} (create the simulator's kernel with its
     *                          {@link ThreadPolicy#kernelThreads()})
     */
    public record Options(OptimizerSettings optimizer, double gradientTolerance, double tolerance, int inits,
            long seed, boolean hessian, int threads) implements Serializable {

        /**
         * Checks every value.
         *
         * @throws IllegalArgumentException naming the value out of range and what is allowed
         */
        public Options {
            Objects.requireNonNull(optimizer, "optimizer");
            if (!(gradientTolerance > 0) || !Double.isFinite(gradientTolerance)) {
                throw new IllegalArgumentException("gradient tolerance " + gradientTolerance + " out of range; "
                        + "allowed: a finite number > 0");
            }
            if (!(tolerance > 0) || !Double.isFinite(tolerance)) {
                throw new IllegalArgumentException("tolerance " + tolerance + " out of range; allowed: a finite "
                        + "number > 0");
            }
            if (inits < 1) {
                throw new IllegalArgumentException("inits " + inits + " out of range; allowed: 1 or more");
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads " + threads + " out of range; allowed: 1 or more");
            }
        }

        /** The defaults listed above. */
        public static Options defaults() {
            return new Options(OptimizerSettings.forMinimization(), DEFAULT_GRADIENT_TOLERANCE, DEFAULT_TOLERANCE,
                    DEFAULT_INITS, 1, true, ThreadPolicy.defaultThreads());
        }

        /** With another optimizer (e.g. {@code OptimizerSettings.defaults("adam")}). */
        public Options withOptimizer(OptimizerSettings settings) {
            return new Options(settings, gradientTolerance, tolerance, inits, seed, hessian, threads);
        }

        /** With another gradient tolerance. */
        public Options withGradientTolerance(double value) {
            return new Options(optimizer, value, tolerance, inits, seed, hessian, threads);
        }

        /** With another success tolerance. */
        public Options withTolerance(double value) {
            return new Options(optimizer, gradientTolerance, value, inits, seed, hessian, threads);
        }

        /** With another number of initializations. */
        public Options withInits(int value) {
            return new Options(optimizer, gradientTolerance, tolerance, value, seed, hessian, threads);
        }

        /** With another first seed. */
        public Options withSeed(long value) {
            return new Options(optimizer, gradientTolerance, tolerance, inits, value, hessian, threads);
        }

        /** With Hessians on or off. */
        public Options withHessian(boolean value) {
            return new Options(optimizer, gradientTolerance, tolerance, inits, seed, value, threads);
        }

        /** With another thread count. */
        public Options withThreads(int value) {
            return new Options(optimizer, gradientTolerance, tolerance, inits, seed, hessian, value);
        }
    }

    /**
     * One trained initialization.
     *
     * @param seed               the seed of its initial parameters
     * @param finalLoss          the energy at its end point
     * @param steps              optimizer steps taken (a run stops at the first θ whose gradient passes the test)
     * @param gradientNorm       ‖∇E‖ at the end point
     * @param kind               what the end point is
     * @param success            whether {@code finalLoss} is within the tolerance of its point's {@link Reference};
     *                           decided when the {@link Point} is assembled (a noisy task, which cannot know the
     *                           best-found reference, returns false here)
     * @param parameters         the end point θ
     * @param hessianEigenvalues ascending; null unless the run converged with Hessians on
     * @param hessian            the Hessian of E at the end point, M × M ({@link Hessian#compute}); null unless the
     *                           run converged with Hessians on
     * @param noiselessLoss      under noise, the noiseless energy {@code <ψ(θ*)|H|ψ(θ*)>} at the end point θ* (what
     *                           those parameters give without noise); null for a noiseless run, whose
     *                           {@code finalLoss} is that energy
     */
    public record Run(long seed, double finalLoss, int steps, double gradientNorm, Kind kind, boolean success,
            double[] parameters, double[] hessianEigenvalues, double[][] hessian, Double noiselessLoss)
            implements Serializable {

        /** A noiseless run ({@code noiselessLoss} null). */
        public Run(long seed, double finalLoss, int steps, double gradientNorm, Kind kind, boolean success,
                double[] parameters, double[] hessianEigenvalues, double[][] hessian) {
            this(seed, finalLoss, steps, gradientNorm, kind, success, parameters, hessianEigenvalues, hessian, null);
        }

        /** Whether ‖∇E‖ fell below the gradient tolerance. */
        public boolean converged() {
            return kind != Kind.UNCONVERGED;
        }

        /** This run with {@code success} set. */
        Run withSuccess(boolean value) {
            return value == success ? this : new Run(seed, finalLoss, steps, gradientNorm, kind, value, parameters,
                    hessianEigenvalues, hessian, noiselessLoss);
        }
    }

    /**
     * The runs at one circuit depth.
     *
     * @param parameters               M
     * @param successFraction          share of all runs within the tolerance of the reference (NaN without a
     *                                 reference value: a best-found reference with no converged run)
     * @param convergedSuccessFraction share of the converged runs that succeeded (NaN when none converged)
     * @param minima                   converged runs at a minimum
     * @param saddles                  converged runs at a saddle
     * @param unconverged              runs that did not converge
     * @param spuriousMinima           minima above the tolerance of the reference: local minima that are not global
     * @param runs                     every run, in seed order, with {@link Run#success()} against the reference
     * @param reference                what success is measured against
     * @param groundEnergy             E0, the smallest eigenvalue of H: a lower bound of every (noisy) energy
     */
    public record Point(int parameters, double successFraction, double convergedSuccessFraction, int minima,
            int saddles, int unconverged, int spuriousMinima, List<Run> runs, Reference reference,
            double groundEnergy) {

        /**
         * Counts and fractions from the runs, each run's success decided against {@code reference} (its value
         * resolved: {@link Reference#bestFound} for the best-found kind).
         */
        static Point of(int parameters, List<Run> given, Reference reference, double groundEnergy,
                double tolerance) {
            List<Run> runs = new ArrayList<>(given.size());
            for (Run r : given) {
                runs.add(r.withSuccess(reference.reached(r.finalLoss(), tolerance)));
            }
            int ok = 0;
            int convergedOk = 0;
            int[] count = new int[Kind.values().length];
            int spurious = 0;
            for (Run r : runs) {
                count[r.kind().ordinal()]++;
                ok += r.success() ? 1 : 0;
                convergedOk += r.success() && r.converged() ? 1 : 0;
                spurious += r.kind() == Kind.MINIMUM && !r.success() ? 1 : 0;
            }
            int converged = runs.size() - count[Kind.UNCONVERGED.ordinal()];
            boolean known = !Double.isNaN(reference.value());
            return new Point(parameters, known ? (double) ok / runs.size() : Double.NaN,
                    converged == 0 || !known ? Double.NaN : (double) convergedOk / converged,
                    count[Kind.MINIMUM.ordinal()], count[Kind.SADDLE.ordinal()], count[Kind.UNCONVERGED.ordinal()],
                    spurious, List.copyOf(runs), reference, groundEnergy);
        }

        /**
         * Whether every run's final energy is at least {@code groundEnergy − }{@value #GROUND_ENERGY_SLACK}, hence
         * also a best-found reference: {@code Tr(Hρ) ≥ E0} holds for every state, so false means a wrong result
         * (please report).
         */
        public boolean aboveGroundEnergy() {
            for (Run r : runs) {
                if (r.finalLoss() < groundEnergy - GROUND_ENERGY_SLACK) {
                    return false;
                }
            }
            return true;
        }

        /** Runs that converged (minima, saddles and unclassified stationary points). */
        public int converged() {
            return runs.size() - unconverged;
        }

        /** The final energies in seed order. */
        public double[] finalLosses() {
            return runs.stream().mapToDouble(Run::finalLoss).toArray();
        }
    }

    /**
     * Counts summed over the runs of several points, e.g. every depth below M_c and every depth from M_c on.
     *
     * @param runs           runs in all
     * @param successes      runs within the tolerance of the global minimum
     * @param converged      runs whose gradient fell below the tolerance
     * @param spuriousMinima converged runs at a minimum above the tolerance
     */
    public record Totals(int runs, int successes, int converged, int spuriousMinima) {

        /** The totals of {@code points}. */
        public static Totals of(List<Point> points) {
            int runs = 0;
            int ok = 0;
            int converged = 0;
            int spurious = 0;
            for (Point p : points) {
                for (Run r : p.runs()) {
                    runs++;
                    ok += r.success() ? 1 : 0;
                    converged += r.converged() ? 1 : 0;
                }
                spurious += p.spuriousMinima();
            }
            return new Totals(runs, ok, converged, spurious);
        }

        /** Runs that did not converge. */
        public int unconverged() {
            return runs - converged;
        }

        /** Successes over runs (NaN without runs). */
        public double successFraction() {
            return runs == 0 ? Double.NaN : (double) successes / runs;
        }

        /** Spurious minima over converged runs (NaN without converged runs). */
        public double spuriousFraction() {
            return converged == 0 ? Double.NaN : (double) spuriousMinima / converged;
        }
    }

    /**
     * Trains {@code options.inits()} random initializations (seeds {@code seed, seed + 1, …}) of
     * {@code E(θ) = <ψ(θ)|h|ψ(θ)>} in parallel and classifies their end points.
     *
     * @param globalMinimum the exact minimum (e.g. {@link #groundEnergy}); success is measured against it, reported
     *                      as the {@link ReferenceKind#GROUND_ENERGY ground energy}
     * @throws IllegalArgumentException for a circuit with data inputs or without parameters, or an observable on
     *                                  qubits the circuit does not have
     */
    public static Point explore(Simulator sim, Circuit circuit, Observable h, double globalMinimum, Options options) {
        return explore(sim, circuit, h, globalMinimum, options, (IntConsumer) null);
    }

    /**
     * As {@link #explore(Simulator, Circuit, Observable, double, Options)} under {@code noise} (rules in
     * {@link NoiseModel#parse} text; empty: noiseless), success measured against the best found (see the class
     * comment).
     *
     * @param groundEnergy E0 ({@link #groundEnergy}), reported beside the reference
     * @throws IllegalArgumentException as {@link #exploreAll(EnsembleRunner, Simulator, List, Observable, double,
     *                                  Options, List, OptionalDouble)}
     * @throws IllegalStateException    if the density matrices do not fit in memory
     */
    public static Point explore(Simulator sim, Circuit circuit, Observable h, double groundEnergy, Options options,
            List<String> noise) {
        Objects.requireNonNull(circuit, "circuit");
        int qubits = noise.isEmpty() ? circuit.numQubits() : 2 * circuit.numQubits();
        int workers = ThreadPolicy.forQubits(qubits, options.threads()).itemThreads();
        return exploreAll(EnsembleRunner.local(workers), sim, List.of(CircuitSpec.of(circuit)), h, groundEnergy,
                options, noise, OptionalDouble.empty()).get(0);
    }

    /**
     * As {@link #explore(Simulator, Circuit, Observable, double, Options)}, calling {@code progress} with the number
     * of finished runs after each one.
     */
    public static Point explore(Simulator sim, Circuit circuit, Observable h, double globalMinimum, Options options,
            IntConsumer progress) {
        Objects.requireNonNull(circuit, "circuit");
        int workers = ThreadPolicy.forQubits(circuit.numQubits(), options.threads()).itemThreads();
        EnsembleRunner runner = EnsembleRunner.local(workers);
        if (progress != null) {
            runner = runner.withProgress((name, done, total, resumed) -> progress.accept(done));
        }
        return exploreAll(runner, sim, List.of(CircuitSpec.of(circuit)), h, globalMinimum, options).get(0);
    }

    /**
     * Explores every circuit of {@code circuits} (e.g. one per depth) as one run of {@code runner}: the
     * initializations of each circuit are the tasks of an {@link Ensemble} (run i with seed {@code options.seed() + i},
     * starting from {@link Circuit#randomParameters(long) randomParameters(seed + i)}), so every engine, thread count
     * and resumption gives the same runs. The runner's threads are the runs in parallel; {@code options.threads()}
     * is not used here (give the simulator's kernel its share, {@link ThreadPolicy}).
     *
     * @return one point per circuit, in order
     * @throws IllegalArgumentException for a circuit with data inputs or without parameters, or an observable on
     *                                  qubits a circuit does not have, before any run
     */
    public static List<Point> exploreAll(EnsembleRunner runner, Simulator sim, List<CircuitSpec> circuits,
            Observable h, double globalMinimum, Options options) {
        return exploreAll(runner, sim, circuits, h, globalMinimum, options, List.of(), OptionalDouble.empty());
    }

    /**
     * {@link #exploreAll(EnsembleRunner, Simulator, List, Observable, double, Options)} under {@code noise}, with
     * success measured against the {@link Reference} of the class comment: {@code globalMinimum} if present
     * ({@link ReferenceKind#GIVEN}), else E0 without noise, else the best found at each circuit. Noisy runs minimize
     * {@code Tr(H ρ̃(θ))} on density matrices ({@link DensityMatrixAdjointGradient}; Hessians by
     * {@link Hessian#compute(GradientMethod, Circuit, double[], double[], Observable)}); the rules travel as text, so
     * every engine runs them, in a job of their own, so noiseless studies keep their journals.
     *
     * @param groundEnergy  E0, the smallest eigenvalue of h ({@link #groundEnergy}); without noise and without
     *                      {@code globalMinimum} success is measured against it
     * @param noise         noise rules in {@link NoiseModel#parse}'s text form; empty: noiseless
     * @param globalMinimum an explicit reference, at least {@code groundEnergy − }{@value #GROUND_ENERGY_SLACK}
     * @return one point per circuit, in order
     * @throws IllegalArgumentException before any run: for a circuit with data inputs or without parameters, an
     *                                  observable on qubits a circuit does not have, a reference that is not finite
     *                                  or lies below E0, or a noise rule that does not parse, names a missing qubit
     *                                  or is a readout error (readout acts on sampled bits; these energies are exact)
     * @throws IllegalStateException    before any run, if the density matrices of a noisy run do not fit in memory
     */
    public static List<Point> exploreAll(EnsembleRunner runner, Simulator sim, List<CircuitSpec> circuits,
            Observable h, double groundEnergy, Options options, List<String> noise, OptionalDouble globalMinimum) {
        Objects.requireNonNull(runner, "runner");
        List<String> rules = List.copyOf(noise);
        estimateSeconds(circuits.stream().map(CircuitSpec::circuit).toList(), h, groundEnergy, options, rules,
                globalMinimum); // every check, before any run
        List<Ensemble<Run>> ensembles = new ArrayList<>();
        for (CircuitSpec spec : circuits) {
            ensembles.add(rules.isEmpty()
                    ? new Ensemble<>("landscape " + spec, new ExploreJob(spec, ObservableSpec.of(h), groundEnergy,
                            options), options.inits(), options.seed())
                    : new Ensemble<>("landscape " + spec + " noise " + String.join(" ", rules),
                            new NoisyExploreJob(spec, ObservableSpec.of(h), rules, options), options.inits(),
                            options.seed()));
        }
        List<List<Run>> runs = runner.runAll("landscape", ensembles, sim);
        List<Point> points = new ArrayList<>();
        for (int p = 0; p < circuits.size(); p++) {
            List<Run> r = runs.get(p);
            Reference reference = globalMinimum.isPresent()
                    ? new Reference(ReferenceKind.GIVEN, globalMinimum.getAsDouble())
                    : rules.isEmpty() ? new Reference(ReferenceKind.GROUND_ENERGY, groundEnergy)
                    : Reference.bestFound(r);
            points.add(Point.of(circuits.get(p).circuit().numParameters(), r, reference, groundEnergy,
                    options.tolerance()));
        }
        return points;
    }

    /** One initialization's task: trained from {@code randomParameters(seed)} and classified. */
    private record ExploreJob(CircuitSpec circuit, ObservableSpec h, double globalMinimum, Options options)
            implements EnsembleJob<Run> {

        @Override
        public Worker<Run> open(Simulator sim) {
            Circuit c = circuit.circuit();
            Observable o = h.observable();
            return (index, seed) -> run(sim, c, o, c.randomParameters(seed), seed, globalMinimum, options);
        }
    }

    /**
     * One initialization's task under noise: {@code Tr(H ρ̃(θ))} trained from the noiseless run's start,
     * {@code randomParameters(seed)}, on density matrices, its end point classified by the noisy Hessian and its
     * noiseless energy recorded. Success is left to the {@link Point} (false here). The rules travel as text; a
     * record of its own, so noiseless jobs keep their serialized form and their journals.
     */
    private record NoisyExploreJob(CircuitSpec circuit, ObservableSpec h, List<String> noise, Options options)
            implements EnsembleJob<Run> {

        @Override
        public Worker<Run> open(Simulator sim) {
            Circuit clean = circuit.circuit();
            Circuit noisy = NoisyExpectation.noisyCircuit(clean, NoiseModel.parse(noise));
            Observable o = h.observable();
            GradientMethod method = new DensityMatrixAdjointGradient(new DensityMatrixSimulator(sim));
            return (index, seed) -> run(method, noisy, o, clean.randomParameters(seed), seed, Double.NaN, options,
                    theta -> sim.expectation(clean, theta, null, o));
        }
    }

    /**
     * Makes every check of {@link #exploreAll(EnsembleRunner, Simulator, List, Observable, double, Options, List,
     * OptionalDouble)} without running anything, and returns its up-front run-time estimate in seconds
     * ({@link CostEstimate#landscape}, or {@link CostEstimate#landscapeNoisy} of each circuit with its channels), for a
     * caller that refuses long work ({@link CostEstimate#refuseAbove}) or bad input before it writes anything.
     *
     * @throws IllegalArgumentException as {@code exploreAll} does
     * @throws IllegalStateException    if the density matrices of a noisy run do not fit in memory now
     */
    public static double estimateSeconds(List<Circuit> circuits, Observable h, double groundEnergy, Options options,
            List<String> noise, OptionalDouble globalMinimum) {
        Objects.requireNonNull(h, "observable");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(globalMinimum, "globalMinimum");
        if (!Double.isFinite(groundEnergy)) {
            throw new IllegalArgumentException("ground energy " + groundEnergy + "; allowed: a finite number");
        }
        if (globalMinimum.isPresent()) {
            double g = globalMinimum.getAsDouble();
            if (!Double.isFinite(g) || g < groundEnergy - GROUND_ENERGY_SLACK) {
                throw new IllegalArgumentException("global minimum " + g + " out of range; allowed: a finite number "
                        + ">= the ground energy E0 = " + groundEnergy + " (no state has a lower energy)");
            }
        }
        NoiseModel model = noise.isEmpty() ? null : NoiseModel.parse(noise);
        double seconds = 0;
        for (Circuit c : circuits) {
            if (c.numInputs() != 0) {
                throw new IllegalArgumentException("the landscape minimizes an energy; the circuit has "
                        + c.numInputs() + " data inputs; allowed: none");
            }
            if (c.numParameters() == 0) {
                throw new IllegalArgumentException("the circuit has no trainable parameters; allowed: 1 or more");
            }
            if (h.maxQubit() >= c.numQubits()) {
                throw new IllegalArgumentException("the observable acts on qubit " + h.maxQubit() + " of a "
                        + c.numQubits() + "-qubit circuit; allowed: qubits 0.." + (c.numQubits() - 1));
            }
            if (model == null) {
                seconds += CostEstimate.landscape(c, options);
            } else {
                Circuit noisy = NoisyExpectation.noisyCircuit(c, model); // the rules' qubits, no readout
                DensityMatrixAdjointGradient.checkFits(c.numQubits(), noisy.channels().size());
                seconds += CostEstimate.landscapeNoisy(noisy, options);
            }
        }
        return seconds;
    }

    /**
     * One minimization from {@code start} (overwritten with the end point): before each step the gradient at θ is
     * tested against the tolerance; the run stops when it passes or after the step budget, then its end point is
     * classified.
     */
    static Run run(Simulator sim, Circuit circuit, Observable h, double[] start, long seed, double globalMinimum,
            Options options) {
        return run(new AdjointGradient(sim), circuit, h, start, seed, globalMinimum, options, null);
    }

    /**
     * {@link #run(Simulator, Circuit, Observable, double[], long, double, Options)} with gradients and Hessians by
     * {@code method}; {@code noiseless}, if given, is the noiseless energy recorded at the end point.
     */
    private static Run run(GradientMethod method, Circuit circuit, Observable h, double[] start, long seed,
            double globalMinimum, Options options, ToDoubleFunction<double[]> noiseless) {
        OptimizerSettings settings = options.optimizer();
        Optimizer opt = settings.create();
        double[] theta = start;
        Energy energy = new Energy(method, circuit, h);
        double[] gradient = new double[theta.length];
        boolean converged;
        double e;
        int steps = 0;
        while (true) {
            e = energy.valueAndGradient(theta, gradient); // usually remembered: the last step's accepted trial point
            converged = norm(gradient) < options.gradientTolerance();
            if (converged || steps == settings.maxSteps()) {
                break;
            }
            opt.step(theta, energy, settings.learningRate());
            steps++;
        }
        double gnorm = norm(gradient);
        double[] ev = null;
        double[][] hessian = null;
        Kind kind;
        if (!converged) {
            kind = Kind.UNCONVERGED;
        } else if (options.hessian()) {
            hessian = Hessian.compute(method, circuit, theta, null, h);
            ev = Spectra.symmetricEigenvalues(hessian);
            kind = classify(ev);
        } else {
            kind = Kind.STATIONARY;
        }
        return new Run(seed, e, steps, gnorm, kind, e <= globalMinimum + options.tolerance(), theta, ev, hessian,
                noiseless == null ? null : noiseless.applyAsDouble(theta));
    }

    /**
     * E(θ) and ∇E by the gradient method (adjoint differentiation), remembering the last evaluation. L-BFGS's accepted trial point is
     * evaluated again by the convergence test and by the next step; the memory answers both without a circuit run
     * (halving the cost of a minimization) with the same bits, since the energy is a deterministic function of θ.
     */
    private static final class Energy implements Objective {
        private final GradientMethod adjoint;
        private final Circuit circuit;
        private final Observable h;
        private double[] theta;
        private double value;
        private double[] gradient;

        Energy(GradientMethod adjoint, Circuit circuit, Observable h) {
            this.adjoint = adjoint;
            this.circuit = circuit;
            this.h = h;
        }

        @Override
        public double valueAndGradient(double[] point, double[] grad) {
            if (theta == null || !Arrays.equals(theta, point)) {
                Gradient g = adjoint.gradient(circuit, point, null, h);
                theta = point.clone();
                value = g.value();
                gradient = g.gradient();
            }
            System.arraycopy(gradient, 0, grad, 0, grad.length);
            return value;
        }
    }

    /**
     * {@link Kind#MINIMUM} when every eigenvalue (ascending) is at least {@code −FLAT · max|λ|}, else
     * {@link Kind#SADDLE}. Meaningful only at a converged point.
     */
    static Kind classify(double[] ascending) {
        double scale = Math.max(Math.abs(ascending[0]), Math.abs(ascending[ascending.length - 1]));
        return ascending[0] >= -FLAT * scale ? Kind.MINIMUM : Kind.SADDLE;
    }

    /** The smallest eigenvalue of {@code h} on n qubits (n ≤ 12): dense diagonalization by {@link Wishart#spectrum}. */
    public static double groundEnergy(Observable h, int n) {
        if (n < 1 || n > Wishart.MAX_DENSE_QUBITS) {
            throw new IllegalArgumentException("exact ground energy needs a dense 2^n matrix; n = " + n
                    + " out of range; allowed: 1.." + Wishart.MAX_DENSE_QUBITS);
        }
        return Wishart.spectrum(h, n)[0];
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
