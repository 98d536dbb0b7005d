package org.qnnlab.train;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.qnnlab.sim.Angle;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Gate;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Operation;
import org.qnnlab.sim.ShotEstimator;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.StateVector;
import org.qnnlab.sim.noise.DensityMatrixSimulator;

/**
 * Parameter-shift gradients: each gate angle's derivative from the expectation at shifted angles, as on hardware.
 * <ul>
 *   <li>Two-term rule (Mitarai et al. 2018, Schuld et al. 2019) for a generator with two eigenvalues a distance 1
 *       apart (Pauli rotations {@code exp(−iα/2·P)}, phase gates, and the φ, λ angles of U3):
 *       {@code ∂f/∂α = [f(α + π/2) − f(α − π/2)] / 2}.</li>
 *   <li>Four-term rule (Anselmetti et al., New J. Phys. 23, 113010 (2021)) for controlled rotations, whose generator
 *       {@code |1><1|⊗P/2} has eigenvalues {−1/2, 0, 1/2}: {@code ∂f/∂α = d₊[f(α+π/2) − f(α−π/2)]
 *       − d₋[f(α+3π/2) − f(α−3π/2)]}, {@code d± = (√2 ± 1)/(4√2)}.</li>
 * </ul>
 * Shared and affine parameters follow by the chain rule: every occurrence of θ_k contributes its coefficient times
 * that gate angle's derivative. Cost: 2 or 4 circuit runs per trainable gate angle. With {@code shots}, every
 * expectation is estimated from simulated measurements, as on hardware.
 *
 * <p>Noisy circuits (with channels, {@link Circuit#channel}) are differentiated on a {@link DensityMatrixSimulator}
 * ({@link #ParameterShiftGradient(DensityMatrixSimulator)}): the shifted circuits keep every channel in place and
 * each expectation is the exact {@code Tr(Oρ)}. The rules stay exact there because no channel depends on θ: with the
 * channels after gate j folded into a linear map C and those before it into ρ', the expectation is
 * {@code Tr(O C(U_j(α) ρ' U_j(α)†))}, which has the same frequencies in α as the noiseless one.
 */
public final class ParameterShiftGradient implements GradientMethod {

    private static final double D_PLUS = (Math.sqrt(2) + 1) / (4 * Math.sqrt(2));
    private static final double D_MINUS = (Math.sqrt(2) - 1) / (4 * Math.sqrt(2));

    private final Simulator sim;
    /** The density-matrix engine for noisy circuits, or null for state vectors. */
    private final DensityMatrixSimulator dm;
    private final int shots;
    private final long seed;
    private final AtomicLong evaluations = new AtomicLong();

    /** Exact parameter-shift gradients (each expectation computed from the state) on {@code sim}'s kernel. */
    public ParameterShiftGradient(Simulator sim) {
        this.sim = sim;
        this.dm = null;
        this.shots = 0;
        this.seed = 0;
    }

    /**
     * Parameter-shift gradients from simulated measurements: every expectation value (the value and each shifted
     * term) is estimated from {@code shots} shots per measurement basis ({@link ShotEstimator}). Evaluation number
     * {@code e} of this instance uses the seed {@code mix(seed, e)}, so the same sequence of calls on a new instance
     * gives the same numbers.
     *
     * @throws IllegalArgumentException if {@code shots} is outside 1..{@value ShotEstimator#MAX_SHOTS}
     */
    public ParameterShiftGradient(Simulator sim, int shots, long seed) {
        if (shots < 1 || shots > ShotEstimator.MAX_SHOTS) {
            throw new IllegalArgumentException("shots " + shots + " out of range; allowed: 1.."
                    + ShotEstimator.MAX_SHOTS);
        }
        this.sim = sim;
        this.dm = null;
        this.shots = shots;
        this.seed = seed;
    }

    /**
     * Exact parameter-shift gradients of noisy circuits: every expectation is {@code Tr(Oρ)} on {@code dm}'s density
     * matrices (one at a time), the channels kept in each shifted circuit.
     */
    public ParameterShiftGradient(DensityMatrixSimulator dm) {
        this.dm = java.util.Objects.requireNonNull(dm, "dm");
        this.sim = dm.simulator();
        this.shots = 0;
        this.seed = 0;
    }

    @Override
    public String name() {
        return "shift";
    }

    /** Shots per expectation value, or 0 for exact expectations. */
    public int shots() {
        return shots;
    }

    @Override
    public Gradient gradient(Circuit circuit, double[] theta, double[] x, Observable observable) {
        double[] inputs = x == null ? new double[0] : x;
        Checks.check(circuit, theta, inputs, observable);
        // the rule is exact for angles shifted by exactly ±π/2; keep the rounding of θ ± π/2 below ~1e-9 of the shift
        Checks.stepResolved(theta, Math.PI / 2, 0x1p-32, "shift (±π/2)");
        double value = evaluate(circuit, theta, inputs, observable);
        double[] grad = new double[circuit.numParameters()];
        List<Operation> ops = circuit.operations();
        for (int j = 0; j < ops.size(); j++) {
            Angle[] exprs = ops.get(j).angles();
            for (int a = 0; a < exprs.length; a++) {
                if (!exprs[a].isTrainable()) {
                    continue;
                }
                double d = angleDerivative(circuit, j, a,
                        c -> new double[] {evaluate(c, theta, inputs, observable)})[0];
                exprs[a].forEachParam((p, coef) -> grad[p] += coef * d);
            }
        }
        return new Gradient(value, grad);
    }

    private double evaluate(Circuit c, double[] theta, double[] x, Observable o) {
        if (dm != null) {
            return dm.expectation(c, theta, x, o);
        }
        if (shots == 0) {
            return sim.expectation(c, theta, x, o);
        }
        long s = mix(seed, evaluations.getAndIncrement());
        try (StateVector psi = sim.run(c, theta, x)) {
            return ShotEstimator.estimate(sim.kernel(), psi, o, shots, s).value();
        }
    }

    /** SplitMix64's finalizer over {@code seed + golden·e}: distinct, well-mixed seeds for each evaluation. */
    private static long mix(long seed, long e) {
        long z = seed + (e + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * {@code ∂F/∂α} for angle {@code a} of operation {@code j}, by the shift rule that fits the gate, for any
     * vector-valued {@code F} of the circuit with the same frequencies in α as an expectation value
     * ({@code A + B cos α + C sin α} for two-term gates). Every derivative of an expectation with respect to other
     * angles qualifies, so the Hessian uses it with F = the adjoint gradient, and the rule stays exact.
     */
    public static double[] angleDerivative(Circuit c, int j, int a, Function<Circuit, double[]> f) {
        Operation op = c.operations().get(j);
        double[] plus = f.apply(shifted(c, j, a, Math.PI / 2));
        double[] minus = f.apply(shifted(c, j, a, -Math.PI / 2));
        double[] d = new double[plus.length];
        if (needsFourTerms(op, a)) {
            double[] plus3 = f.apply(shifted(c, j, a, 3 * Math.PI / 2));
            double[] minus3 = f.apply(shifted(c, j, a, -3 * Math.PI / 2));
            for (int i = 0; i < d.length; i++) {
                d[i] = D_PLUS * (plus[i] - minus[i]) - D_MINUS * (plus3[i] - minus3[i]);
            }
        } else {
            for (int i = 0; i < d.length; i++) {
                d[i] = 0.5 * (plus[i] - minus[i]);
            }
        }
        return d;
    }

    /**
     * A controlled rotation-like angle has three generator eigenvalues (−1/2, 0, 1/2). Phase-like angles (phase gates,
     * U3's φ and λ) have eigenvalues {0, 1} with or without controls, so two terms suffice.
     */
    static boolean needsFourTerms(Operation op, int a) {
        if (op.controls().length == 0) {
            return false;
        }
        Gate.Family f = op.gate().family();
        return f == Gate.Family.PAULI_ROTATION || (f == Gate.Family.U3 && a == 0);
    }

    /**
     * A copy of {@code c} with angle {@code a} of operation {@code j} shifted by {@code shift} radians (channels kept
     * at their positions).
     */
    private static Circuit shifted(Circuit c, int j, int a, double shift) {
        Circuit s = new Circuit(c.numQubits()).declareParameters(c.numParameters()).declareInputs(c.numInputs());
        List<Operation> ops = c.operations();
        List<Circuit.ChannelSite> sites = c.channels();
        int site = 0;
        for (int i = 0; i < ops.size(); i++) {
            for (; site < sites.size() && sites.get(site).position() == i; site++) {
                s.channel(sites.get(site).channel(), sites.get(site).qubits());
            }
            Operation op = ops.get(i);
            if (i == j) {
                Angle[] angles = op.angles().clone();
                angles[a] = angles[a].plus(shift);
                op = new Operation(op.gate(), op.targets(), op.controls(), angles);
            }
            s.append(op);
        }
        for (; site < sites.size(); site++) {
            s.channel(sites.get(site).channel(), sites.get(site).qubits());
        }
        return s;
    }
}
