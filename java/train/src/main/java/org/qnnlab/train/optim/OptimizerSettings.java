package org.qnnlab.train.optim;

/**
 * An optimizer name with its learning rate and step budget, and the one home of qnnlab's defaults for them: every
 * command and analysis that picks an optimizer without being told takes it from here.
 *
 * <p>The defaults:
 * <ul>
 *   <li>Name: {@value #MINIMIZATION_OPTIMIZER} for minimizing a deterministic objective to convergence (a VQE energy
 *       with exact gradients, as the landscape analysis does); {@value #TRAINING_OPTIMIZER} for training on data,
 *       where mini-batches make the gradient noisy and L-BFGS's curvature pairs meaningless.</li>
 *   <li>Learning rate: {@value #LBFGS_LEARNING_RATE} for {@code lbfgs} (it only sets the length of steepest-descent
 *       trial steps, which the Armijo line search then halves; quasi-Newton steps start at 1 anyway), and
 *       {@value #FIRST_ORDER_LEARNING_RATE} for {@code sgd}, {@code momentum} and {@code adam}.</li>
 *   <li>Step budget, the most optimizer steps one minimization may take: {@value #DEFAULT_MAX_STEPS}. Measured with
 *       L-BFGS ({@value Lbfgs#DEFAULT_HISTORY} pairs) on the TFIM Hamiltonian variational ansatz at n = 6, open chain
 *       with 1–20 layers and periodic with 1–10, 8 random initializations each: every run reached
 *       ‖∇E‖ &lt; 1e-5, the slowest (10 layers, open, just past the overparametrization threshold) after 923 steps.
 *       Adam at learning rate 0.05 reached it in 14 of the 88 open-chain runs with 10–20 layers: its constant step
 *       keeps it hovering around the minimum; give it a decaying {@link Schedule} or a looser tolerance.</li>
 * </ul>
 * The training loop's own budget ({@code epochs} of {@code qnn train}) depends on the data, not on the optimizer,
 * and lives with the training config.
 *
 * @param name         {@code sgd}, {@code momentum}, {@code adam} or {@code lbfgs} ({@link Optimizer#byName})
 * @param learningRate the step size, finite and &gt; 0
 * @param maxSteps     the most optimizer steps one minimization takes, &gt;= 1
 */
public record OptimizerSettings(String name, double learningRate, int maxSteps) implements java.io.Serializable {

    /** The default for minimizing an energy with exact gradients to convergence. */
    public static final String MINIMIZATION_OPTIMIZER = "lbfgs";
    /** The default for training on data (mini-batches, noisy gradients). */
    public static final String TRAINING_OPTIMIZER = "adam";
    /** L-BFGS's default learning rate: the first steepest-descent trial step. */
    public static final double LBFGS_LEARNING_RATE = 1.0;
    /** The default learning rate of sgd, momentum and adam. */
    public static final double FIRST_ORDER_LEARNING_RATE = 0.05;
    /** The default step budget of one minimization, for every optimizer. */
    public static final int DEFAULT_MAX_STEPS = 2000;
    /**
     * The largest learning rate accepted. Parameters are angles: a step of more than 100 rad per unit gradient only
     * wraps around the circle (L-BFGS's rate is a trial step scaled from 1), and a rate like 1e308 overflows θ.
     */
    public static final double MAX_LEARNING_RATE = 100;

    /**
     * Checks the three values.
     *
     * @throws IllegalArgumentException naming the unknown optimizer, or the learning rate or step budget out of range
     */
    public OptimizerSettings {
        Optimizer.byName(name);
        checkLearningRate("learning rate", learningRate);
        if (maxSteps < 1) {
            throw new IllegalArgumentException("max steps " + maxSteps + " out of range; allowed: 1 or more");
        }
    }

    /**
     * Checks a learning rate: {@code 0 < rate <= }{@value #MAX_LEARNING_RATE}.
     *
     * @param what the name of the setting in the message, e.g. {@code training.learning_rate}
     * @throws IllegalArgumentException naming {@code what}, the value and the allowed range
     */
    public static void checkLearningRate(String what, double rate) {
        if (!(rate > 0 && rate <= MAX_LEARNING_RATE)) {
            throw new IllegalArgumentException(what + " " + rate + " out of range; allowed: 0 < rate <= "
                    + MAX_LEARNING_RATE);
        }
    }

    /**
     * {@code name} with its default learning rate and the default step budget.
     *
     * @throws IllegalArgumentException for an unknown name, listing the allowed ones
     */
    public static OptimizerSettings defaults(String name) {
        return new OptimizerSettings(name, defaultLearningRate(name), DEFAULT_MAX_STEPS);
    }

    /** The defaults for minimizing an energy to convergence: {@value #MINIMIZATION_OPTIMIZER}. */
    public static OptimizerSettings forMinimization() {
        return defaults(MINIMIZATION_OPTIMIZER);
    }

    /** The defaults for training on data: {@value #TRAINING_OPTIMIZER}. */
    public static OptimizerSettings forTraining() {
        return defaults(TRAINING_OPTIMIZER);
    }

    /**
     * The default learning rate of the optimizer called {@code name}.
     *
     * @throws IllegalArgumentException for an unknown name, listing the allowed ones
     */
    public static double defaultLearningRate(String name) {
        Optimizer.byName(name);
        return name.equals("lbfgs") ? LBFGS_LEARNING_RATE : FIRST_ORDER_LEARNING_RATE;
    }

    /** These settings with another learning rate. */
    public OptimizerSettings withLearningRate(double rate) {
        return new OptimizerSettings(name, rate, maxSteps);
    }

    /** These settings with another step budget. */
    public OptimizerSettings withMaxSteps(int steps) {
        return new OptimizerSettings(name, learningRate, steps);
    }

    /** A fresh optimizer of this name with its default hyper-parameters ({@link Optimizer#byName}). */
    public Optimizer create() {
        return Optimizer.byName(name);
    }
}
