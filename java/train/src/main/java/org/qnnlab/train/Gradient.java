package org.qnnlab.train;

/**
 * The value {@code f(θ) = <ψ(θ, x)|O|ψ(θ, x)>} and its gradient {@code ∂f/∂θ_k}, in the circuit's parameter order.
 *
 * @param value    the expectation value at θ
 * @param gradient one entry per circuit parameter
 */
public record Gradient(double value, double[] gradient) {
}
