package org.qnnlab.train.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma &amp; Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015, Algorithm 1): per-parameter step
 * sizes from running moments of the gradient, with bias correction. At step {@code t = 1, 2, …}, with learning rate η:
 * <pre>
 *   m ← β1 m + (1 − β1) g          v ← β2 v + (1 − β2) g²
 *   m̂ = m / (1 − β1^t)             v̂ = v / (1 − β2^t)
 *   θ ← θ − η m̂ / (√v̂ + ε)
 * </pre>
 * While the gradient keeps its sign, the step is about η per coordinate whatever the gradient's scale, so η is a
 * distance in parameter space (for rotation angles, radians) and ill-conditioning matters little.
 *
 * <p>State: {@code step} (t, one value), {@code m} and {@code v} (one value per parameter each; empty before the
 * first step).
 */
public final class Adam implements Optimizer {

    private static final List<String> KEYS = List.of("step", "m", "v");

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private long t;
    private double[] m = new double[0];
    private double[] v = new double[0];

    /** The paper's defaults: β1 = 0.9, β2 = 0.999, ε = 1e-8. */
    public Adam() {
        this(0.9, 0.999, 1e-8);
    }

    /**
     * @param beta1   decay of the first moment, in {@code [0, 1)}
     * @param beta2   decay of the second moment, in {@code [0, 1)}
     * @param epsilon added to √v̂ against division by zero, finite and {@code > 0}
     */
    public Adam(double beta1, double beta2, double epsilon) {
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new IllegalArgumentException("beta1 " + beta1 + "; allowed: [0, 1)");
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("beta2 " + beta2 + "; allowed: [0, 1)");
        }
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
            throw new IllegalArgumentException("epsilon " + epsilon + "; allowed: a finite number > 0");
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    @Override
    public double step(double[] theta, Objective f, double learningRate) {
        OptimizerChecks.learningRate(learningRate);
        OptimizerChecks.dimension(name(), m.length, theta);
        double[] g = new double[theta.length];
        double value = f.valueAndGradient(theta, g);
        if (m.length != theta.length) {
            m = new double[theta.length];
            v = new double[theta.length];
        }
        t++;
        double correction1 = 1 - Math.pow(beta1, t);
        double correction2 = 1 - Math.pow(beta2, t);
        for (int i = 0; i < theta.length; i++) {
            m[i] = beta1 * m[i] + (1 - beta1) * g[i];
            v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
            double mHat = m[i] / correction1;
            double vHat = v[i] / correction2;
            theta[i] -= learningRate * mHat / (Math.sqrt(vHat) + epsilon);
        }
        return value;
    }

    @Override
    public String name() {
        return "adam";
    }

    /** {@code step}, {@code m}, {@code v}. */
    @Override
    public Map<String, double[]> state() {
        Map<String, double[]> state = new LinkedHashMap<>();
        state.put("step", new double[] {t});
        state.put("m", m.clone());
        state.put("v", v.clone());
        return state;
    }

    @Override
    public void restore(Map<String, double[]> state) {
        OptimizerChecks.keys(name(), state, KEYS);
        long step = OptimizerChecks.counter(name(), state, "step");
        OptimizerChecks.sameLength(name(), state, "v", "m");
        if ((step == 0) != (state.get("m").length == 0)) {
            throw new IllegalArgumentException("state entry 'step' for adam is " + step + " but 'm' has length "
                    + state.get("m").length + "; the moments are empty exactly when no step was taken");
        }
        t = step;
        m = state.get("m").clone();
        v = state.get("v").clone();
    }
}
