package org.qnnlab.analysis;

import java.util.Objects;

/**
 * How the learning rate a user gives becomes the gradient-descent step η for a model with p parameters.
 *
 * <p>The tangent kernel {@code K = JJᵀ = Σ_k ∇_k f ∇_k fᵀ} is a sum over the p parameters, so at a fixed η the
 * step {@code ηK} grows with p (for random circuits roughly linearly): runs at different p then differ in how far
 * each step moves, not only in the model. {@link #PARAMETERS} divides by p, which makes {@code ηK = (η₀/p)·K} the
 * per-parameter average of the gradient outer products, comparable across a sweep over p.
 */
public enum LearningRateScaling {

    /** η = η₀: the learning rate is the step. */
    NONE("none"),
    /** η = η₀ / p, with p the number of trainable parameters. */
    PARAMETERS("parameters");

    private final String id;

    LearningRateScaling(String id) {
        this.id = id;
    }

    /** The lower-case name used on the command line and in result files. */
    public String id() {
        return id;
    }

    /**
     * The step η for learning rate η₀ and p parameters: η₀ for {@link #NONE}, η₀/p for {@link #PARAMETERS}.
     *
     * @throws IllegalArgumentException if η₀ is not a finite number &gt; 0 or p &lt; 1
     */
    public double step(double learningRate, int parameters) {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate " + learningRate
                    + " out of range; allowed: a finite number > 0");
        }
        if (parameters < 1) {
            throw new IllegalArgumentException("parameter count " + parameters + " out of range; allowed: 1 or more");
        }
        return this == NONE ? learningRate : learningRate / parameters;
    }

    /**
     * The scaling named {@code text} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the text and the allowed names
     */
    public static LearningRateScaling parse(String text) {
        for (LearningRateScaling s : values()) {
            if (s.id.equalsIgnoreCase(Objects.requireNonNull(text, "text").strip())) {
                return s;
            }
        }
        throw new IllegalArgumentException("learning-rate scaling '" + text + "' unknown; allowed: none, parameters");
    }
}
