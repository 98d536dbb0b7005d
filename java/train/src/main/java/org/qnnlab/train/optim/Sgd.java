package org.qnnlab.train.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plain gradient descent, {@code θ ← θ − η ∇f(θ)}: the baseline the other methods are measured against. It converges
 * on a quadratic with curvatures {@code a_i} for {@code η < 2 / max a_i}, at the rate {@code |1 − η min a_i|} per step.
 * Stateless: {@link #state()} is empty.
 */
public final class Sgd implements Optimizer {

    /** Gradient descent; it has no hyper-parameters besides the learning rate. */
    public Sgd() {
    }

    @Override
    public double step(double[] theta, Objective f, double learningRate) {
        OptimizerChecks.learningRate(learningRate);
        OptimizerChecks.dimension(name(), 0, theta);
        double[] g = new double[theta.length];
        double value = f.valueAndGradient(theta, g);
        for (int i = 0; i < theta.length; i++) {
            theta[i] -= learningRate * g[i];
        }
        return value;
    }

    @Override
    public String name() {
        return "sgd";
    }

    /** No entries. */
    @Override
    public Map<String, double[]> state() {
        return new LinkedHashMap<>();
    }

    /** Accepts only the empty state. */
    @Override
    public void restore(Map<String, double[]> state) {
        OptimizerChecks.keys(name(), state, List.of());
    }
}
