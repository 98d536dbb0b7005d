package org.qnnlab.train;

/**
 * Values {@code f_i} and their gradients {@code ∂f_i/∂θ_k} for several functions of the same parameters: several
 * observables on one circuit ({@link AdjointGradient#jacobian}) or one model on several data points
 * ({@link QnnModel#jacobian}).
 *
 * @param values one value per function
 * @param rows   {@code rows[i][k] = ∂f_i/∂θ_k}, parameters in the circuit's order
 */
public record Jacobian(double[] values, double[][] rows) {

    /** Number of functions (rows). */
    public int size() {
        return values.length;
    }
}
