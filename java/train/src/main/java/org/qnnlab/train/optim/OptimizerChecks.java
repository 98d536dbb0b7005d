package org.qnnlab.train.optim;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Argument checks shared by the optimizers, with messages that name the bad value or state entry. */
final class OptimizerChecks {

    private OptimizerChecks() {
    }

    static void learningRate(double lr) {
        if (!(lr >= 0) || !Double.isFinite(lr)) {
            throw new IllegalArgumentException("learning rate " + lr + "; allowed: a finite number >= 0");
        }
    }

    /** θ must match the dimension the state was built for; 0 means no state yet. */
    static void dimension(String optimizer, int stateDimension, double[] theta) {
        Objects.requireNonNull(theta, "theta");
        if (stateDimension != 0 && theta.length != stateDimension) {
            throw new IllegalArgumentException("theta has " + theta.length + " parameters but the " + optimizer
                    + " state is for " + stateDimension + "; use a fresh optimizer or restore a matching state");
        }
    }

    /** The state must hold exactly {@code keys}, none null. */
    static void keys(String optimizer, Map<String, double[]> state, List<String> keys) {
        Objects.requireNonNull(state, "state");
        String expected = keys.isEmpty() ? "(none)" : String.join(", ", keys);
        for (String key : state.keySet()) {
            if (!keys.contains(key)) {
                throw new IllegalArgumentException("unknown state entry '" + key + "' for " + optimizer
                        + "; expected: " + expected);
            }
        }
        for (String key : keys) {
            if (state.get(key) == null) {
                throw new IllegalArgumentException("missing state entry '" + key + "' for " + optimizer
                        + "; expected: " + expected);
            }
        }
    }

    /** A counter stored as a one-element array: a whole number in {@code [0, 2^53]}. */
    static long counter(String optimizer, Map<String, double[]> state, String key) {
        double[] v = state.get(key);
        if (v.length != 1 || !(v[0] >= 0) || v[0] > 0x1p53 || v[0] != Math.rint(v[0])) {
            throw new IllegalArgumentException("state entry '" + key + "' for " + optimizer + " must be one whole "
                    + "number in [0, 2^53], got " + java.util.Arrays.toString(v));
        }
        return (long) v[0];
    }

    /** Entries that hold one value per parameter must all have the same length. */
    static void sameLength(String optimizer, Map<String, double[]> state, String key, String reference) {
        int n = state.get(reference).length;
        if (state.get(key).length != n) {
            throw new IllegalArgumentException("state entry '" + key + "' for " + optimizer + " has length "
                    + state.get(key).length + " but '" + reference + "' has length " + n);
        }
    }
}
