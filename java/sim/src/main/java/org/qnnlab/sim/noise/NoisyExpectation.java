package org.qnnlab.sim.noise;

import java.util.Objects;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Simulator;

/**
 * The policy for one expectation value {@code Tr(ρO)} of a noisy circuit: which engine runs it and what it refuses,
 * so that the CLI and applications make the same choice.
 * <ul>
 *   <li>Without a trajectory count: the exact {@link DensityMatrixSimulator}, refused before anything is allocated
 *       when the {@code 16·4^n}-byte density matrix does not fit the off-heap budget (the message names the
 *       estimate, {@link DensityMatrix#checkFits}).</li>
 *   <li>With K trajectories: {@link TrajectorySimulator} (pure states of {@code 16·2^n} bytes per worker), the mean
 *       over K trajectories of run seed {@code seed} with its standard error.</li>
 * </ul>
 * Readout errors are refused here: they act on sampled bits ({@link DensityMatrix#sample}), and an expectation
 * value computed from ρ would silently leave them out.
 */
public final class NoisyExpectation {

    private NoisyExpectation() {
    }

    /** The engine that computed a {@link Result}. */
    public enum Engine {
        /** The exact density-matrix engine. */
        DENSITY_MATRIX("density-matrix"),
        /** The trajectory (Kraus sampling) engine. */
        TRAJECTORIES("trajectories");

        private final String id;

        Engine(String id) {
            this.id = id;
        }

        /** The name in output, {@code density-matrix} or {@code trajectories}. */
        public String id() {
            return id;
        }
    }

    /**
     * An expectation value of a noisy circuit.
     *
     * @param value         {@code Tr(ρO)}, exact or the mean over trajectories
     * @param standardError 0 for the exact engine; for trajectories the sample standard deviation over √K (NaN for
     *                      K = 1)
     * @param engine        the engine that computed it
     * @param trajectories  K, or 0 for the exact engine
     */
    public record Result(double value, double standardError, Engine engine, int trajectories) {
    }

    /**
     * {@code noise.apply(circuit)} after checking the model for expectation values: every qubit it names exists and
     * it has no readout error.
     *
     * @throws IllegalArgumentException naming the rule and qubit, or the readout error
     */
    public static Circuit noisyCircuit(Circuit circuit, NoiseModel noise) {
        int n = circuit.numQubits();
        noise.checkQubits(n);
        for (int q = 0; q < n; q++) {
            ReadoutError e = noise.readout(q);
            if (e != null && !e.isNone()) {
                throw new IllegalArgumentException("readout error " + e + " on qubit " + q + " acts only on sampled "
                        + "bits, and expectation values Tr(ρO) do not see it; allowed here: channels "
                        + "(depolarizing:p, amplitude_damping:γ, thermal:T1,T2,t, …)");
            }
        }
        return noise.apply(circuit);
    }

    /**
     * Refuses what {@link #evaluate} would refuse for {@code n} qubits and {@code trajectories} (0 = exact) before any
     * work: a density matrix that does not fit, or a trajectory count out of range.
     *
     * @throws IllegalArgumentException if the trajectory count is out of range or n is too large for any density
     *     matrix
     * @throws IllegalStateException if the density matrix does not fit the off-heap budget (naming the estimate)
     */
    public static void checkFeasible(int numQubits, int trajectories) {
        if (trajectories == 0) {
            DensityMatrix.checkFits(numQubits);
        } else if (trajectories < 1 || trajectories > TrajectorySimulator.MAX_TRAJECTORIES) {
            throw new IllegalArgumentException("trajectories " + trajectories + " out of range; allowed: 1.."
                    + TrajectorySimulator.MAX_TRAJECTORIES);
        }
    }

    /**
     * {@code Tr(ρO)} after {@code noisy} (gates and channels, e.g. from {@link #noisyCircuit}) at θ, x: exact on
     * density matrices when {@code trajectories == 0}, else estimated from that many trajectories of run seed
     * {@code seed} over {@code trajectoryThreads} workers (give {@code sim}'s kernel one thread when this is above 1).
     *
     * @throws IllegalArgumentException on a binding mismatch, an observable on a missing qubit or a bad count
     * @throws IllegalStateException if the density matrix does not fit in memory
     */
    public static Result evaluate(Simulator sim, Circuit noisy, double[] theta, double[] x, Observable o,
            int trajectories, long seed, int trajectoryThreads) {
        Objects.requireNonNull(sim, "sim");
        checkFeasible(noisy.numQubits(), trajectories);
        if (trajectories == 0) {
            double v = new DensityMatrixSimulator(sim).expectation(noisy, theta, x, o);
            return new Result(v, 0, Engine.DENSITY_MATRIX, 0);
        }
        TrajectorySimulator.Estimate e = new TrajectorySimulator(sim, trajectoryThreads)
                .expectation(noisy, theta, x, o, trajectories, seed);
        return new Result(e.value(), e.standardError(), Engine.TRAJECTORIES, e.trajectories());
    }

    /**
     * {@code <O>} estimated from {@code shots} measurements per basis of the noisy circuit's density matrix, readout
     * errors included: {@link org.qnnlab.sim.ShotEstimator#estimate(Observable, int, long,
     * org.qnnlab.sim.ShotEstimator.BasisSampler)} (the state-vector estimator's groups, seeds and moments), each basis
     * measured on a copy of ρ (the circuit runs once) rotated into it by noiseless basis-change gates (S† then H for
     * Y, H for X) and sampled from its diagonal with {@code noise}'s readout errors ({@link DensityMatrix#sample(int, long, NoiseModel)}). The model's
     * channels are placed by {@code noise.apply}, so a readout rule is allowed here.
     *
     * @throws IllegalArgumentException for shots out of range, a rule on a qubit the circuit lacks, an observable on
     *     one, or a density matrix that does not fit (before anything is allocated)
     */
    public static org.qnnlab.sim.ShotResult.Estimate estimateShots(Simulator sim, Circuit circuit, double[] theta,
            double[] x, NoiseModel noise, Observable o, int shots, long seed) {
        int n = circuit.numQubits();
        noise.checkQubits(n);
        if (o.maxQubit() >= n) {
            throw new IllegalArgumentException("the observable acts on qubit " + o.maxQubit() + " of a " + n
                    + "-qubit circuit; allowed: qubits 0.." + (n - 1));
        }
        DensityMatrix.checkFits(n);
        DensityMatrixSimulator dm = new DensityMatrixSimulator(sim);
        try (DensityMatrix rho = dm.run(noise.apply(circuit), theta, x)) {
            double[] none = new double[0];
            return org.qnnlab.sim.ShotEstimator.estimate(o, shots, seed, (basis, count, rng, sink) -> {
                if (basis.isDiagonal()) {
                    sink.accept(rho.sample(count, rng.nextLong(), noise));
                    return;
                }
                Circuit change = new Circuit(n);
                for (int q : basis.qubits()) {
                    char p = basis.pauliAt(q);
                    if (p == 'Y') {
                        change.sdg(q).h(q);
                    } else if (p == 'X') {
                        change.h(q);
                    }
                }
                try (DensityMatrix rotated = rho.copy()) {
                    dm.apply(change, none, none, rotated);
                    sink.accept(rotated.sample(count, rng.nextLong(), noise));
                }
            });
        }
    }
}
