package org.qnnlab.analysis;

import java.util.Locale;
import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The residual predicted with the tangent kernel frozen at its initial value {@code K₀ = VΛVᵀ}.
 *
 * <p>Gradient descent {@code θ ← θ − η Jᵀr} on {@code L = ½‖r‖²} moves the residual by {@code −ηJJᵀr = −ηK r} to first
 * order, so with K frozen at K₀ the residual follows the <em>discrete</em> linearised dynamics
 * {@code r(t+1) = (I − ηK₀) r(t)}, i.e. {@code r(t) = V (I − ηΛ)^t Vᵀ r(0)}: the prediction for the gradient descent
 * actually run, exact for a linear model. Its modes with {@code ηλ > 2} grow instead of decaying. The
 * <em>continuous</em> {@code r(t) = V exp(−ηΛt) Vᵀ r(0)} is gradient flow for the time ηt; it agrees with the discrete
 * one only while {@code ηλ_max ≪ 1}, and is kept as a labelled option. K₀ is positive semidefinite, so its eigenvalues
 * are clamped at 0 (negative ones are rounding).
 */
public final class FrozenKernel {

    /** Which linearised dynamics the frozen kernel drives. */
    public enum Prediction {
        /** {@code r(t) = (I − ηK₀)^t r(0)}: the gradient descent actually run (the default). */
        DISCRETE("discrete"),
        /** {@code r(t) = exp(−ηK₀t) r(0)}: gradient flow for the time ηt. */
        CONTINUOUS("continuous");

        private final String id;

        Prediction(String id) {
            this.id = id;
        }

        /** The lower-case name used on the command line and in result files. */
        public String id() {
            return id;
        }

        /**
         * The prediction named {@code text} (case-insensitive).
         *
         * @throws IllegalArgumentException naming the text and the allowed names
         */
        public static Prediction parse(String text) {
            for (Prediction p : values()) {
                if (p.id.equalsIgnoreCase(Objects.requireNonNull(text, "text").strip())) {
                    return p;
                }
            }
            throw new IllegalArgumentException("prediction '" + text + "' unknown; allowed: discrete, continuous");
        }
    }

    private final double learningRate;
    private final Prediction prediction;
    private final double[] lambda; // eigenvalues of K₀, clamped at 0
    private final double[][] vectors; // vectors[m] = unit eigenvector m of K₀
    private final double[] coefficients; // Vᵀ r(0)

    /**
     * Decomposes K₀ (symmetric n×n) and projects r(0) on its eigenvectors.
     *
     * @throws IllegalArgumentException if K₀ is not square of the size of r(0), has a non-finite entry, or η is not a
     *                                  finite number &gt; 0
     * @throws IllegalStateException    if the eigendecomposition does not converge
     */
    public FrozenKernel(double[][] k0, double[] r0, double learningRate, Prediction prediction) {
        Objects.requireNonNull(k0, "k0");
        Objects.requireNonNull(r0, "r0");
        this.prediction = Objects.requireNonNull(prediction, "prediction");
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate " + learningRate
                    + " out of range; allowed: a finite number > 0");
        }
        int n = r0.length;
        DMatrixRMaj m = new DMatrixRMaj(n, n);
        if (k0.length != n) {
            throw new IllegalArgumentException("K₀ has " + k0.length + " rows but r(0) has " + n
                    + " entries; they must match");
        }
        for (int i = 0; i < n; i++) {
            if (k0[i].length != n) {
                throw new IllegalArgumentException("row " + i + " of K₀ has " + k0[i].length + " entries; allowed: "
                        + n);
            }
            for (int j = 0; j < n; j++) {
                if (!Double.isFinite(k0[i][j])) {
                    throw new IllegalArgumentException("K₀[" + i + "][" + j + "] is " + k0[i][j]
                            + "; allowed: finite numbers");
                }
                m.unsafe_set(i, j, k0[i][j]);
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(m)) {
            throw new IllegalStateException("eigendecomposition of the " + n + "×" + n
                    + " initial tangent kernel did not converge");
        }
        this.learningRate = learningRate;
        this.lambda = new double[n];
        this.vectors = new double[n][n];
        this.coefficients = new double[n];
        for (int e = 0; e < n; e++) {
            lambda[e] = Math.max(0, eig.getEigenvalue(e).getReal());
            DMatrixRMaj v = eig.getEigenVector(e);
            double norm = 0;
            for (int i = 0; i < n; i++) {
                vectors[e][i] = v.get(i, 0);
                norm += vectors[e][i] * vectors[e][i];
            }
            norm = Math.sqrt(norm); // EJML returns unit vectors for symmetric input; normalising costs nothing
            double c = 0;
            for (int i = 0; i < n; i++) {
                vectors[e][i] /= norm;
                c += vectors[e][i] * r0[i];
            }
            coefficients[e] = c;
        }
    }

    /** The predicted residual vector after t steps (t = 0 gives r(0) up to rounding). */
    public double[] residual(int t) {
        if (t < 0) {
            throw new IllegalArgumentException("step " + t + " out of range; allowed: 0 or more");
        }
        int n = lambda.length;
        double[] out = new double[n];
        for (int e = 0; e < n; e++) {
            double a = factor(lambda[e], t) * coefficients[e];
            for (int i = 0; i < n; i++) {
                out[i] += vectors[e][i] * a;
            }
        }
        return out;
    }

    /** {@code ‖r_pred(t)‖₂}. */
    public double residualNorm(int t) {
        return norm(residual(t));
    }

    /** The largest eigenvalue of K₀ (clamped at 0). */
    public double maxEigenvalue() {
        double max = 0;
        for (double l : lambda) {
            max = Math.max(max, l);
        }
        return max;
    }

    /** Which dynamics this prediction follows. */
    public Prediction prediction() {
        return prediction;
    }

    /** The per-mode factor: {@code (1 − ηλ)^t} (Math.pow is exact in sign for a negative base) or {@code e^(−ηλt)}. */
    private double factor(double l, int t) {
        return prediction == Prediction.DISCRETE ? Math.pow(1 - learningRate * l, t) : Math.exp(-learningRate * l * t);
    }

    static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "FrozenKernel[%s, η = %.4g, ηλ_max = %.4g]", prediction.id(), learningRate,
                learningRate * maxEigenvalue());
    }
}
