package org.qnnlab.train.optim;

import java.util.Map;

/**
 * A minimisation method that updates the parameters in place, one step at a time, so the trainer owns the loop (logging,
 * checkpoints, stopping) and the learning rate (a {@link Schedule}).
 *
 * <p>Implementations are deterministic: the same θ, objective, learning rates and {@link #state()} give the same bits.
 * They are not thread-safe. The parameter count is fixed by the first {@link #step} (or by {@link #restore}); a later
 * step with another count throws {@link IllegalArgumentException}.
 */
public interface Optimizer {

    /**
     * One optimization step: evaluates {@code f} (once for first-order methods; possibly several times for L-BFGS's
     * line search), updates {@code theta} in place and returns {@code f} at the θ it was called with (before the
     * update).
     *
     * @param learningRate the step size from the schedule, finite and {@code >= 0}
     * @throws IllegalArgumentException if the learning rate is not allowed or θ's length differs from the state's
     */
    double step(double[] theta, Objective f, double learningRate);

    /** {@code sgd}, {@code momentum}, {@code adam} or {@code lbfgs}: the name {@link #byName} takes. */
    String name();

    /**
     * Internal state (moments, step counter, L-BFGS history) as named arrays, for checkpoints: a deep copy, in a fixed
     * key order. Each implementation documents its entries.
     */
    Map<String, double[]> state();

    /**
     * Restores {@link #state()} output exactly, so a resumed run continues bit-identically. The arrays are copied.
     *
     * @throws IllegalArgumentException naming the entry when a name is unknown or missing, or a length or value is
     *                                  inconsistent; the optimizer is then unchanged
     */
    void restore(Map<String, double[]> state);

    /**
     * The optimizer called {@code name} with default hyper-parameters: {@code sgd}; {@code momentum} 0.9 without
     * Nesterov; {@code adam} with β1 = 0.9, β2 = 0.999, ε = 1e-8; {@code lbfgs} with a history of
     * {@value Lbfgs#DEFAULT_HISTORY} pairs. Learning rates and step budgets: {@link OptimizerSettings}.
     *
     * @throws IllegalArgumentException for any other name, listing the allowed ones
     */
    static Optimizer byName(String name) {
        return switch (name) {
            case "sgd" -> new Sgd();
            case "momentum" -> new Momentum();
            case "adam" -> new Adam();
            case "lbfgs" -> new Lbfgs();
            case null, default -> throw new IllegalArgumentException("unknown optimizer '" + name
                    + "'; allowed: sgd, momentum, adam, lbfgs");
        };
    }
}
