package org.qnnlab.analysis;

import java.util.Objects;
import org.qnnlab.sim.Simulator;
import org.qnnlab.train.Jacobian;
import org.qnnlab.train.QnnModel;

/**
 * A differentiable model evaluated on a fixed batch of n samples: {@code θ ∈ ℝ^p ↦ f(θ) ∈ ℝ^n} with its Jacobian
 * {@code J_ik = ∂f_i/∂θ_k}. This is all the tangent-kernel dynamics ({@link TangentKernel#train}) need, so the same code
 * runs a quantum neural network ({@link #of(Simulator, QnnModel, double[][], int)}) and a linear model
 * {@code f = Aθ + b} ({@link #linear}), for which the linearised dynamics are exact and serve as the reference.
 */
public interface BatchModel {

    /** n, the number of samples (outputs). */
    int numSamples();

    /** p, the number of parameters. */
    int numParameters();

    /**
     * The values {@code f_i(θ)} and the rows {@code ∂f_i/∂θ_k} at θ.
     *
     * @throws IllegalArgumentException if θ does not have {@link #numParameters()} entries
     */
    Jacobian jacobian(double[] theta);

    /**
     * A quantum neural network on the samples {@code xs}: {@code f_i(θ) = model.value(x_i; θ)}, values and adjoint
     * Jacobians from {@link QnnModel#jacobian} on up to {@code threads} threads (samples in parallel; the result does
     * not depend on the thread count). The rows of {@code xs} are copied.
     *
     * @throws IllegalArgumentException if a row of {@code xs} does not have the model's feature count (named by row),
     *                                  there are no samples, or {@code threads < 1}
     */
    static BatchModel of(Simulator sim, QnnModel model, double[][] xs, int threads) {
        Objects.requireNonNull(sim, "sim");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(xs, "xs");
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads + " out of range; allowed: 1 or more");
        }
        if (xs.length == 0) {
            throw new IllegalArgumentException("no samples; the tangent kernel needs at least 1");
        }
        double[][] rows = new double[xs.length][];
        for (int i = 0; i < xs.length; i++) {
            if (xs[i].length != model.numFeatures()) {
                throw new IllegalArgumentException("sample " + i + " has " + xs[i].length + " features but the "
                        + "model's encoding takes " + model.numFeatures() + "; allowed: exactly "
                        + model.numFeatures());
            }
            rows[i] = xs[i].clone();
        }
        return new BatchModel() {
            @Override
            public int numSamples() {
                return rows.length;
            }

            @Override
            public int numParameters() {
                return model.numParameters();
            }

            @Override
            public Jacobian jacobian(double[] theta) {
                checkLength(theta, model.numParameters());
                return model.jacobian(sim, theta, rows, threads);
            }

            @Override
            public String toString() {
                return model + " on " + rows.length + " samples";
            }
        };
    }

    /**
     * The linear model {@code f(θ) = Aθ + b}: Jacobian A at every θ, so its tangent kernel {@code AAᵀ} never changes
     * and gradient descent follows the discrete frozen-kernel prediction exactly (up to rounding). A and b are copied.
     *
     * @param a n×p, every row of the same length p ≥ 1, finite entries
     * @param b n offsets, finite
     * @throws IllegalArgumentException on empty, ragged or mismatched shapes or a non-finite entry (named by position)
     */
    static BatchModel linear(double[][] a, double[] b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (a.length == 0 || a[0].length == 0) {
            throw new IllegalArgumentException("A is empty; allowed: n×p with n, p ≥ 1");
        }
        if (b.length != a.length) {
            throw new IllegalArgumentException("b has " + b.length + " entries but A has " + a.length
                    + " rows; they must match");
        }
        int p = a[0].length;
        double[][] am = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            if (a[i].length != p) {
                throw new IllegalArgumentException("row " + i + " of A has " + a[i].length + " entries, row 0 has "
                        + p + "; A must be rectangular");
            }
            for (int k = 0; k < p; k++) {
                if (!Double.isFinite(a[i][k])) {
                    throw new IllegalArgumentException("A[" + i + "][" + k + "] is " + a[i][k]
                            + "; allowed: finite numbers");
                }
            }
            if (!Double.isFinite(b[i])) {
                throw new IllegalArgumentException("b[" + i + "] is " + b[i] + "; allowed: finite numbers");
            }
            am[i] = a[i].clone();
        }
        double[] bm = b.clone();
        return new BatchModel() {
            @Override
            public int numSamples() {
                return am.length;
            }

            @Override
            public int numParameters() {
                return p;
            }

            @Override
            public Jacobian jacobian(double[] theta) {
                checkLength(theta, p);
                double[] f = new double[am.length];
                double[][] rows = new double[am.length][];
                for (int i = 0; i < am.length; i++) {
                    double s = bm[i];
                    for (int k = 0; k < p; k++) {
                        s += am[i][k] * theta[k];
                    }
                    f[i] = s;
                    rows[i] = am[i].clone();
                }
                return new Jacobian(f, rows);
            }

            @Override
            public String toString() {
                return "linear model f = Aθ + b (" + am.length + " samples, " + p + " parameters)";
            }
        };
    }

    private static void checkLength(double[] theta, int p) {
        if (theta.length != p) {
            throw new IllegalArgumentException("theta has " + theta.length + " entries but the model has " + p
                    + " parameters; allowed: exactly " + p);
        }
    }
}
