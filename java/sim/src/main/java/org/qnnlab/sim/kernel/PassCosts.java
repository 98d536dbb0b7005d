package org.qnnlab.sim.kernel;

import java.util.Objects;

/**
 * What one pass over the state costs on a kernel, relative to a one-qubit dense gate, by the number of qubits of the
 * operation: {@code dense[k]} for a dense k-qubit matrix, {@code diagonal[k]} for a diagonal (index 0 unused). Gate
 * fusion ({@code org.qnnlab.sim.Fusion}) merges gates where one pass on their union costs no more than their own
 * passes; the largest k with a cost is the largest block it builds. Each kernel reports its own, measured on this
 * project's reference machine (bench/README, "Fusion pass costs").
 *
 * @param dense pass costs of dense matrices on 1, 2, … qubits ({@code dense[1] = 1} by convention)
 * @param diagonal pass costs of diagonals on 1, 2, … qubits
 */
public record PassCosts(double[] dense, double[] diagonal) {

    /** The largest dense block: {@link StateKernel#applyMatrix} takes up to 5 qubits. */
    public static final int MAX_DENSE = 5;

    /** The largest diagonal block (a table of 2^10 complex numbers). */
    public static final int MAX_DIAGONAL = 10;

    /**
     * Validates and copies the tables.
     *
     * @throws IllegalArgumentException for tables longer than the limits, or costs that are not positive
     */
    public PassCosts {
        Objects.requireNonNull(dense, "dense");
        Objects.requireNonNull(diagonal, "diagonal");
        if (dense.length < 2 || dense.length > MAX_DENSE + 1 || diagonal.length < 2
                || diagonal.length > MAX_DIAGONAL + 1) {
            throw new IllegalArgumentException("pass cost tables cover 1.." + MAX_DENSE + " dense and 1.."
                    + MAX_DIAGONAL + " diagonal qubits; got " + (dense.length - 1) + " and " + (diagonal.length - 1));
        }
        for (double[] t : new double[][] {dense, diagonal}) {
            for (int k = 1; k < t.length; k++) {
                if (!(t[k] > 0) || Double.isInfinite(t[k])) {
                    throw new IllegalArgumentException("pass cost " + t[k] + " for " + k + " qubits; allowed: "
                            + "positive finite numbers");
                }
            }
        }
        dense = dense.clone();
        diagonal = diagonal.clone();
    }

    /** Costs under which nothing is fused: one-qubit blocks only. */
    public static PassCosts none() {
        return new PassCosts(new double[] {0, 1}, new double[] {0, 1});
    }

    /** The largest dense block. */
    public int maxDense() {
        return dense.length - 1;
    }

    /** The largest diagonal block. */
    public int maxDiagonal() {
        return diagonal.length - 1;
    }

    /** The cost of a pass on k qubits (infinite beyond the tables). */
    public double of(int k, boolean isDiagonal) {
        if (isDiagonal && k < diagonal.length) {
            return diagonal[k];
        }
        return k < dense.length ? dense[k] : Double.POSITIVE_INFINITY;
    }

    @Override
    public double[] dense() {
        return dense.clone();
    }

    @Override
    public double[] diagonal() {
        return diagonal.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PassCosts p && java.util.Arrays.equals(dense, p.dense)
                && java.util.Arrays.equals(diagonal, p.diagonal);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(dense) + java.util.Arrays.hashCode(diagonal);
    }

    @Override
    public String toString() {
        return "PassCosts[dense=" + java.util.Arrays.toString(dense) + ", diagonal="
                + java.util.Arrays.toString(diagonal) + "]";
    }
}
