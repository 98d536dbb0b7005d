package org.qnnlab.train.optim;

/**
 * A differentiable scalar function of the parameters: what an {@link Optimizer} minimises.
 *
 * <p>Value and gradient come from one call because every gradient method here (adjoint, parameter shift) computes the
 * value on the way.
 */
@FunctionalInterface
public interface Objective {

    /**
     * Returns {@code f(θ)} and writes {@code ∇f(θ)} into {@code gradient} (same length as {@code theta}). Must not
     * modify {@code theta}.
     */
    double valueAndGradient(double[] theta, double[] gradient);
}
