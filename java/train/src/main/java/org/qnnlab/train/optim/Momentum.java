package org.qnnlab.train.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gradient descent with heavy-ball momentum (Polyak 1964), optionally in Nesterov's form (Nesterov 1983; Sutskever,
 * Martens, Dahl &amp; Hinton, ICML 2013). With momentum μ and learning rate η, in the form of PyTorch's
 * {@code torch.optim.SGD}:
 * <pre>
 *   v ← μ v + g
 *   θ ← θ − η v              (classical)
 *   θ ← θ − η (g + μ v)      (Nesterov)
 * </pre>
 * For a constant η this is the textbook {@code v ← μ v − η g, θ ← θ + v}; with a schedule, the velocity holds
 * gradients rather than steps, so a change of η takes effect at once. On a quadratic, every curvature {@code a} with
 * {@code (1 − √μ)² ≤ η a ≤ (1 + √μ)²} contracts at the same rate √μ per step, which is why momentum copes with
 * ill-conditioning.
 *
 * <p>State: {@code velocity}, one value per parameter (empty before the first step).
 */
public final class Momentum implements Optimizer {

    private static final List<String> KEYS = List.of("velocity");

    private final double momentum;
    private final boolean nesterov;
    private double[] velocity = new double[0];

    /** Momentum 0.9, classical (not Nesterov). */
    public Momentum() {
        this(0.9, false);
    }

    /**
     * @param momentum μ in {@code [0, 1)}; 0 is plain gradient descent
     * @param nesterov whether to take the Nesterov look-ahead step
     */
    public Momentum(double momentum, boolean nesterov) {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum " + momentum + "; allowed: [0, 1)");
        }
        this.momentum = momentum;
        this.nesterov = nesterov;
    }

    @Override
    public double step(double[] theta, Objective f, double learningRate) {
        OptimizerChecks.learningRate(learningRate);
        OptimizerChecks.dimension(name(), velocity.length, theta);
        double[] g = new double[theta.length];
        double value = f.valueAndGradient(theta, g);
        if (velocity.length != theta.length) {
            velocity = new double[theta.length];
        }
        for (int i = 0; i < theta.length; i++) {
            velocity[i] = momentum * velocity[i] + g[i];
            theta[i] -= learningRate * (nesterov ? g[i] + momentum * velocity[i] : velocity[i]);
        }
        return value;
    }

    @Override
    public String name() {
        return "momentum";
    }

    /** {@code velocity}. */
    @Override
    public Map<String, double[]> state() {
        Map<String, double[]> state = new LinkedHashMap<>();
        state.put("velocity", velocity.clone());
        return state;
    }

    @Override
    public void restore(Map<String, double[]> state) {
        OptimizerChecks.keys(name(), state, KEYS);
        velocity = state.get("velocity").clone();
    }
}
