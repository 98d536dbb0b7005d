package org.qnnlab.train;

import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.noise.DensityMatrixSimulator;

/**
 * Central finite differences {@code [f(θ + h e_k) − f(θ − h e_k)] / 2h}, the independent check on the exact methods.
 * With {@code h = 1e-5} the truncation error is {@code h²/6·|f'''| ≲ 2e-11·‖O‖} and rounding adds
 * {@code ~1e-16/h = 1e-11}: good to about 1e-9, not to machine precision. The quotient divides by the steps as
 * rounded ({@code (θ+h) − (θ−h)}), and parameters where h is not resolved to 1/1024 of itself are refused
 * (|θ| &lt; 2^26 ≈ 6.7e7 for the default step) rather than differenced to a meaningless number.
 *
 * <p>On a {@link DensityMatrixSimulator} the circuit may hold channels and every value is the exact
 * {@code Tr(Oρ)} of the noisy circuit.
 */
public final class FiniteDifferenceGradient implements GradientMethod {

    /** θ ± h must be resolved to h/1024: ulp(θ) ≤ h·2^-10. */
    static final double STEP_RESOLUTION = 0x1p-10;

    /** The default step. */
    public static final double DEFAULT_STEP = 1e-5;

    private final Simulator sim;
    /** The density-matrix engine for noisy circuits, or null for state vectors. */
    private final DensityMatrixSimulator dm;
    private final double step;

    /** Central differences with {@link #DEFAULT_STEP} on {@code sim}'s kernel. */
    public FiniteDifferenceGradient(Simulator sim) {
        this(sim, DEFAULT_STEP);
    }

    /** Central differences with step {@code h} (> 0, finite). */
    public FiniteDifferenceGradient(Simulator sim, double h) {
        this(sim, null, h);
    }

    /** Central differences with {@link #DEFAULT_STEP} of noisy circuits on {@code dm}'s density matrices. */
    public FiniteDifferenceGradient(DensityMatrixSimulator dm) {
        this(dm, DEFAULT_STEP);
    }

    /** Central differences with step {@code h} (> 0, finite) of noisy circuits on {@code dm}'s density matrices. */
    public FiniteDifferenceGradient(DensityMatrixSimulator dm, double h) {
        this(dm.simulator(), dm, h);
    }

    private FiniteDifferenceGradient(Simulator sim, DensityMatrixSimulator dm, double h) {
        if (!(h > 0) || !Double.isFinite(h)) {
            throw new IllegalArgumentException("finite-difference step " + h + "; allowed: a finite number > 0");
        }
        this.sim = sim;
        this.dm = dm;
        this.step = h;
    }

    private double expectation(Circuit c, double[] theta, double[] x, Observable o) {
        return dm != null ? dm.expectation(c, theta, x, o) : sim.expectation(c, theta, x, o);
    }

    @Override
    public String name() {
        return "fd";
    }

    @Override
    public Gradient gradient(Circuit circuit, double[] theta, double[] x, Observable observable) {
        double[] inputs = x == null ? new double[0] : x;
        Checks.check(circuit, theta, inputs, observable);
        Checks.stepResolved(theta, step, STEP_RESOLUTION, "fd (step " + step + ")");
        double value = expectation(circuit, theta, inputs, observable);
        double[] grad = new double[theta.length];
        double[] t = theta.clone();
        for (int k = 0; k < t.length; k++) {
            double up = theta[k] + step;
            double down = theta[k] - step;
            t[k] = up;
            double plus = expectation(circuit, t, inputs, observable);
            t[k] = down;
            double minus = expectation(circuit, t, inputs, observable);
            t[k] = theta[k];
            grad[k] = (plus - minus) / (up - down); // the step as rounded, not 2h
        }
        return new Gradient(value, grad);
    }
}
