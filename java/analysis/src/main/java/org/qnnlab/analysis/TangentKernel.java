package org.qnnlab.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntConsumer;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.qnnlab.sim.Simulator;
import org.qnnlab.train.Jacobian;
import org.qnnlab.train.QnnModel;
import org.qnnlab.train.data.Dataset;

/**
 * The quantum neural tangent kernel and training dynamics measured against it.
 *
 * <p>For a model {@code f(x; θ)} and samples {@code x_1..x_n}, the tangent kernel is
 * {@code K_ij(θ) = Σ_k ∂_k f(x_i; θ)·∂_k f(x_j; θ) = (J Jᵀ)_ij}. Gradient flow {@code dθ/dt = −η ∇L} on
 * {@code L = ½ Σ_i r_i²}, {@code r_i = f(x_i) − y_i}, moves the residual as {@code dr/dt = −η K(θ(t)) r}. If the kernel
 * stayed at its initial value (the neural-tangent-kernel regime), the residual would follow kernel regression,
 * {@code r(t) = exp(−η K(θ0) t) r(0)}, decaying exponentially. You, Chakrabarti, Chen and Wu, "Analyzing convergence in
 * quantum neural networks: deviations from neural tangent kernels" (ICML 2023) show that QNNs deviate from this: with a
 * Pauli observable (|f| ≤ 1) and targets ±1 the kernel collapses as f approaches the targets and convergence is at
 * most sublinear (a power law in t), while scaling the observable by γ &gt; max|y| restores linear (exponential)
 * convergence. {@link #train} records the actual and the frozen-kernel residual, the kernel drift
 * {@code ‖K(t) − K(0)‖_F / ‖K(0)‖_F}, the spectrum of K(t), and fits of the residual to both laws ({@link Fits}).
 */
public final class TangentKernel {

    /** {@link Fit#betterFit()} when the power law fits the residual better. */
    public static final String POWER_LAW = "power_law";
    /** {@link Fit#betterFit()} when the exponential fits the residual better. */
    public static final String EXPONENTIAL = "exponential";
    /** {@link Fit#betterFit()} when fewer than 2 recorded steps qualify for the fit (nothing to fit). */
    public static final String NONE = "none";

    /**
     * Residuals at or below {@code RESIDUAL_FLOOR·‖r(0)‖₂} are left out of the fits: once training has converged to
     * rounding level the residual stops decaying and would bend either law.
     */
    public static final double RESIDUAL_FLOOR = 1e-10;

    private TangentKernel() {
    }

    /**
     * One recorded step of {@link #train}.
     *
     * @param step               t, the number of gradient steps taken
     * @param loss               {@code L = ½ Σ r_i²} at θ_t
     * @param residualNorm       {@code ‖f(X; θ_t) − y‖₂}
     * @param frozenResidualNorm {@code ‖exp(−η K(θ0) t) r(0)‖₂}: kernel regression with the kernel frozen at θ0
     * @param drift              {@code ‖K(t) − K(0)‖_F / ‖K(0)‖_F} (0 at step 0; if K(0) = 0, the absolute
     *                           {@code ‖K(t)‖_F})
     * @param eigenvalues        the eigenvalues of K(θ_t), ascending
     */
    public record Step(int step, double loss, double residualNorm, double frozenResidualNorm, double drift,
            double[] eigenvalues) {

        /** Copies the eigenvalues. */
        public Step {
            eigenvalues = eigenvalues.clone();
        }

        /** A copy of the eigenvalues of K(θ_t), ascending. */
        @Override
        public double[] eigenvalues() {
            return eigenvalues.clone();
        }
    }

    /**
     * Fits of the residual norm over the recorded steps t ≥ 1 whose residual is above
     * {@link #RESIDUAL_FLOOR}{@code ·‖r(0)‖₂} (and above 0): power law
     * {@code ‖r‖ ≈ c·t^(−α)} and exponential {@code ‖r‖ ≈ c·e^(−λt)}, each with R² on the log scale
     * ({@link Fits#powerLaw}, {@link Fits#exponential}). Sublinear convergence shows as a power law (You et al.,
     * ICML 2023), linear convergence as an exponential.
     *
     * @param powerLawExponent α
     * @param powerLawR2       R² of {@code log ‖r‖} against {@code log t}
     * @param exponentialRate  λ per step
     * @param exponentialR2    R² of {@code log ‖r‖} against t
     * @param betterFit        {@value #POWER_LAW} or {@value #EXPONENTIAL}, whichever has the higher R² (ties go to
     *                         the exponential); {@value #NONE}, with NaN numbers, when fewer than 2 points qualify
     */
    public record Fit(double powerLawExponent, double powerLawR2, double exponentialRate, double exponentialR2,
            String betterFit) {
    }

    /**
     * The outcome of {@link #train}.
     *
     * @param steps        the recorded steps: 0, every {@code recordEvery}-th step, and the last
     * @param fit          fits of the residual norm over the recorded steps t ≥ 1
     * @param finalTheta   θ after the last step
     * @param learningRate η
     */
    public record Result(List<Step> steps, Fit fit, double[] finalTheta, double learningRate) {

        /** Copies the arguments. */
        public Result {
            steps = List.copyOf(steps);
            finalTheta = finalTheta.clone();
        }

        /** A copy of the final parameters. */
        @Override
        public double[] finalTheta() {
            return finalTheta.clone();
        }

        /** The last recorded step (the end of training). */
        public Step last() {
            return steps.get(steps.size() - 1);
        }
    }

    /**
     * The tangent kernel {@code K_ij = Σ_k ∂_k f(x_i) ∂_k f(x_j) = (J Jᵀ)_ij} at θ, from the adjoint Jacobian
     * ({@link QnnModel#jacobian}, sample-parallel on up to {@code threads} threads). Exactly symmetric and positive
     * semidefinite up to rounding.
     *
     * @throws IllegalArgumentException if a row of {@code xs} does not have the model's feature count, θ has the wrong
     *                                  length, or {@code threads < 1}
     */
    public static double[][] kernel(Simulator sim, QnnModel model, double[] theta, double[][] xs, int threads) {
        Objects.requireNonNull(sim, "sim");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(theta, "theta");
        Objects.requireNonNull(xs, "xs");
        checkThreads(threads);
        return gram(model.jacobian(sim, theta, xs, threads).rows());
    }

    /**
     * {@link #train(Simulator, QnnModel, Dataset, double[], double, int, int, int, IntConsumer)} without a progress
     * callback.
     */
    public static Result train(Simulator sim, QnnModel model, Dataset data, double[] theta0, double learningRate,
            int steps, int recordEvery, int threads) {
        return train(sim, model, data, theta0, learningRate, steps, recordEvery, threads, null);
    }

    /**
     * Full-batch gradient descent on {@code L = ½ Σ_i (f(x_i; θ) − y_i)²}: {@code θ ← θ − η·Jᵀr} for {@code steps}
     * steps (a small η approximates gradient flow with time η·t). At step 0, every {@code recordEvery}-th step and the
     * last step it records a {@link Step}: the loss, {@code ‖r(t)‖₂}, the frozen-kernel prediction
     * {@code ‖V·exp(−ηΛt)·Vᵀ r(0)‖₂} with {@code K(θ0) = VΛVᵀ} (eigenvalues clamped at 0, K being PSD), the relative
     * kernel drift and the spectrum of K(θ_t). The residual norms at the recorded t ≥ 1 (above
     * {@link #RESIDUAL_FLOOR}{@code ·‖r(0)‖₂}) are then fitted to a power law and an exponential ({@link Fit}).
     * Cost: {@code steps + 1} batched adjoint Jacobians; deterministic for any thread count.
     *
     * @param progress called with the number of completed steps (1..steps) after each step; may be null
     * @throws IllegalArgumentException if η is not a finite number &gt; 0, {@code steps < 1}, {@code recordEvery < 1},
     *                                  {@code threads < 1}, the data's feature count differs from the model's, or θ0
     *                                  has the wrong length or a non-finite entry
     * @throws IllegalStateException    if the parameters or residuals become non-finite
     */
    public static Result train(Simulator sim, QnnModel model, Dataset data, double[] theta0, double learningRate,
            int steps, int recordEvery, int threads, IntConsumer progress) {
        Objects.requireNonNull(sim, "sim");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(theta0, "theta0");
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate " + learningRate
                    + " out of range; allowed: a finite number > 0");
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps " + steps + " out of range; allowed: 1 or more");
        }
        if (recordEvery < 1) {
            throw new IllegalArgumentException("recordEvery " + recordEvery + " out of range; allowed: 1 or more");
        }
        checkThreads(threads);
        if (data.features() != model.numFeatures()) {
            throw new IllegalArgumentException("dataset \"" + data.name() + "\" has " + data.features()
                    + " features per sample but the model's encoding takes " + model.numFeatures()
                    + "; allowed: exactly " + model.numFeatures());
        }
        if (theta0.length != model.numParameters()) {
            throw new IllegalArgumentException("theta0 has " + theta0.length + " entries but the model has "
                    + model.numParameters() + " parameters; allowed: exactly " + model.numParameters());
        }
        for (int k = 0; k < theta0.length; k++) {
            if (!Double.isFinite(theta0[k])) {
                throw new IllegalArgumentException("theta0[" + k + "] is " + theta0[k] + "; allowed: finite numbers");
            }
        }

        double[][] xs = data.x();
        double[] y = data.y();
        int n = y.length;
        double[] theta = theta0.clone();
        List<Step> recorded = new ArrayList<>();
        double[][] k0 = null;
        double k0Norm = 0;
        double[][] vecs = null; // vecs[m] = unit eigenvector m of K0
        double[] lambda = null;
        double[] coeff0 = null; // Vᵀ r(0)

        for (int t = 0; t <= steps; t++) {
            Jacobian jac = model.jacobian(sim, theta, xs, threads);
            double[] r = new double[n];
            for (int i = 0; i < n; i++) {
                r[i] = jac.values()[i] - y[i];
                if (!Double.isFinite(r[i])) {
                    throw new IllegalStateException("residual of sample " + i + " is " + r[i] + " at step " + t
                            + "; training diverged (learning rate " + learningRate + ")");
                }
            }
            if (t == 0 || t == steps || t % recordEvery == 0) {
                double[][] kt = gram(jac.rows());
                if (t == 0) {
                    k0 = kt;
                    k0Norm = frobenius(k0, null);
                    EigenDecomposition_F64<DMatrixRMaj> eig = decompose(k0);
                    lambda = new double[n];
                    vecs = new double[n][];
                    coeff0 = new double[n];
                    for (int m = 0; m < n; m++) {
                        lambda[m] = Math.max(0, eig.getEigenvalue(m).getReal());
                        DMatrixRMaj v = eig.getEigenVector(m);
                        vecs[m] = new double[n];
                        double vn = 0;
                        for (int i = 0; i < n; i++) {
                            vecs[m][i] = v.get(i, 0);
                            vn += vecs[m][i] * vecs[m][i];
                        }
                        vn = Math.sqrt(vn); // EJML's symmetric eigenvectors are unit already; be safe
                        double c = 0;
                        for (int i = 0; i < n; i++) {
                            vecs[m][i] /= vn;
                            c += vecs[m][i] * r[i];
                        }
                        coeff0[m] = c;
                    }
                }
                double frozen = frozenNorm(vecs, lambda, coeff0, learningRate * t);
                double diff = frobenius(kt, k0);
                double drift = k0Norm > 0 ? diff / k0Norm : diff;
                double norm2 = 0;
                for (double ri : r) {
                    norm2 += ri * ri;
                }
                recorded.add(new Step(t, 0.5 * norm2, Math.sqrt(norm2), frozen, drift,
                        Spectra.symmetricEigenvalues(kt)));
            }
            if (t == steps) {
                break;
            }
            double[][] rows = jac.rows();
            for (int k = 0; k < theta.length; k++) {
                double g = 0;
                for (int i = 0; i < n; i++) {
                    g += rows[i][k] * r[i];
                }
                theta[k] -= learningRate * g;
                if (!Double.isFinite(theta[k])) {
                    throw new IllegalStateException("parameter " + k + " became " + theta[k] + " at step " + (t + 1)
                            + "; training diverged (learning rate " + learningRate + ")");
                }
            }
            if (progress != null) {
                progress.accept(t + 1);
            }
        }
        return new Result(recorded, fit(recorded), theta, learningRate);
    }

    /**
     * Fits the residual norms of the recorded steps t ≥ 1 above {@link #RESIDUAL_FLOOR}{@code ·‖r(0)‖₂} (see
     * {@link Fit}); {@code recorded} starts with step 0.
     */
    static Fit fit(List<Step> recorded) {
        double floor = RESIDUAL_FLOOR * recorded.get(0).residualNorm();
        List<Step> pts = recorded.stream()
                .filter(s -> s.step() >= 1 && s.residualNorm() > floor && s.residualNorm() > 0).toList();
        if (pts.size() < 2) {
            return new Fit(Double.NaN, Double.NaN, Double.NaN, Double.NaN, NONE);
        }
        double[] t = new double[pts.size()];
        double[] r = new double[pts.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = pts.get(i).step();
            r[i] = pts.get(i).residualNorm();
        }
        Fits.PowerLaw p = Fits.powerLaw(t, r);
        Fits.Exponential e = Fits.exponential(t, r);
        return new Fit(p.exponent(), p.r2(), e.rate(), e.r2(), p.r2() > e.r2() ? POWER_LAW : EXPONENTIAL);
    }

    /** {@code ‖V·exp(−τΛ)·c‖₂ = sqrt(Σ_m (e^(−τλ_m) c_m)²)}, V orthonormal. */
    private static double frozenNorm(double[][] vecs, double[] lambda, double[] coeff, double tau) {
        int n = lambda.length;
        double[] out = new double[n];
        for (int m = 0; m < n; m++) {
            double a = Math.exp(-tau * lambda[m]) * coeff[m];
            for (int i = 0; i < n; i++) {
                out[i] += vecs[m][i] * a;
            }
        }
        double s = 0;
        for (double v : out) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    private static EigenDecomposition_F64<DMatrixRMaj> decompose(double[][] k) {
        int n = k.length;
        DMatrixRMaj m = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m.unsafe_set(i, j, k[i][j]);
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(m)) {
            throw new IllegalStateException("eigendecomposition of the " + n + "×" + n
                    + " initial tangent kernel did not converge");
        }
        return eig;
    }

    /** {@code J Jᵀ}, computed for i ≤ j and mirrored so that it is exactly symmetric. */
    private static double[][] gram(double[][] rows) {
        int n = rows.length;
        double[][] k = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double s = 0;
                double[] a = rows[i];
                double[] b = rows[j];
                for (int p = 0; p < a.length; p++) {
                    s += a[p] * b[p];
                }
                k[i][j] = s;
                k[j][i] = s;
            }
        }
        return k;
    }

    /** {@code ‖a − b‖_F}, or {@code ‖a‖_F} when b is null. */
    private static double frobenius(double[][] a, double[][] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                double d = b == null ? a[i][j] : a[i][j] - b[i][j];
                s += d * d;
            }
        }
        return Math.sqrt(s);
    }

    private static void checkThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads + " out of range; allowed: 1 or more");
        }
    }
}
