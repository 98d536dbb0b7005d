package org.qnnlab.train.loss;

/**
 * A loss over a batch: the mean of a per-sample loss {@code ℓ(f_i, y_i)} of the model outputs {@code f_i} (usually
 * expectation values in {@code [−1, 1]}) and targets {@code y_i}. The trainer chains {@link #derivative} with the
 * gradient of each {@code f_i} to get the gradient of the loss with respect to the parameters.
 *
 * <p>All losses reject null or empty predictions, non-finite values (naming the index) and, where targets are used,
 * targets of another length (naming both lengths) or non-finite targets.
 */
public interface Loss {

    /** Mean loss over samples. {@code predictions[i] = f(x_i)}, {@code targets[i] = y_i}. */
    double value(double[] predictions, double[] targets);

    /** {@code dL/df_i} for each sample (includes the 1/N of the mean). */
    double[] derivative(double[] predictions, double[] targets);

    /** The name {@link #byName} takes. */
    String name();

    /**
     * The loss called {@code name}:
     * <ul>
     *   <li>{@code mse}: {@code mean (f − y)²}, for regression;</li>
     *   <li>{@code bce}: binary cross-entropy {@code mean −[y ln p + (1 − y) ln(1 − p)]} on {@code p = (f + 1)/2},
     *       labels in {@code [0, 1]} (−1 is read as 0, so ±1 data works unchanged); p is clipped to
     *       {@code [1e-12, 1 − 1e-12]} and the derivative is 0 where it is clipped;</li>
     *   <li>{@code hinge}: {@code mean max(0, 1 − y f)}, labels exactly ±1 (others are rejected);</li>
     *   <li>{@code expectation}: {@code mean f}, targets ignored: the energy a VQE minimises.</li>
     * </ul>
     *
     * @throws IllegalArgumentException for any other name, listing the allowed ones
     */
    static Loss byName(String name) {
        return switch (name) {
            case "mse" -> new MeanSquaredError();
            case "bce" -> new BinaryCrossEntropy();
            case "hinge" -> new Hinge();
            case "expectation" -> new Expectation();
            case null, default -> throw new IllegalArgumentException("unknown loss '" + name
                    + "'; allowed: mse, bce, hinge, expectation");
        };
    }
}
