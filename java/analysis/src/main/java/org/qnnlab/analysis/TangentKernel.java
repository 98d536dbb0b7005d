package org.qnnlab.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.IntConsumer;
import org.qnnlab.sim.Simulator;
import org.qnnlab.train.Jacobian;
import org.qnnlab.train.QnnModel;

/**
 * The tangent kernel of a model and the gradient descent measured against it.
 *
 * <p>For a model {@code f(θ) ∈ ℝ^n} on n samples ({@link BatchModel}) the tangent kernel is
 * {@code K_ij(θ) = Σ_k ∂_k f_i ∂_k f_j = (JJᵀ)_ij}. Gradient descent {@code θ ← θ − η Jᵀr} on {@code L = ½‖r‖²},
 * {@code r = f(θ) − y}, moves the residual by {@code −ηK(θ)r} to first order. If the kernel stayed at K₀ = K(θ₀) (the
 * neural-tangent-kernel regime) the residual would follow {@code r(t+1) = (I − ηK₀) r(t)}
 * ({@link FrozenKernel}). X. You, S. Chakrabarti, B. Chen, X. Wu, "Analyzing convergence in quantum neural networks:
 * deviations from neural tangent kernels" (ICML 2023, arXiv:2303.14844) show that quantum neural networks deviate
 * from this: with a Pauli measurement and targets ±1 the kernel vanishes with the residual, which makes convergence at
 * most sublinear, and a measurement range γ larger than the targets' restores fast convergence
 * ({@link TangentKernelStudy} runs several γ and states the paper's prediction beside each).
 *
 * <p>{@link #train} records, per recorded step, the residual and its frozen-kernel prediction, the kernel drift
 * {@code ‖K(t) − K₀‖_F / ‖K₀‖_F}, the spectrum of K(t) and the ratio {@code λ_max(K(t)) / ‖r(t)‖}, and fits the
 * residual to a power law and to an exponential. Comparisons and fits use only steps whose residual is above
 * {@link #RESIDUAL_FLOOR} of its start: below it the residual is rounding, and a ratio to it measures the floating-point
 * floor, not the dynamics.
 *
 * <pre>{@code
 * Simulator sim = Simulator.create();
 * Circuit enc = Encodings.angle(new Circuit(2).declareInputs(2), 2, Gates.RX, 1.0);
 * QnnModel qnn = QnnModel.of(enc, Ansatz.hea(2, 2), Observable.parse("Z0"), 1.0);
 * Dataset parity = Datasets.parity(2, 0, null);
 * TangentKernel.Result r = TangentKernel.train(BatchModel.of(sim, qnn, parity.x(), 2), parity.y(),
 *         qnn.circuit().randomParameters(1), TangentKernel.Options.of(0.2, 200));
 * System.out.println(r.fit().betterFit() + ", drift " + r.finalDrift() + ", λ_max/‖r‖ "
 *         + r.first().kernelResidualRatio() + " -> " + r.lastAboveFloor().kernelResidualRatio());
 * }</pre>
 */
public final class TangentKernel {

    /** {@link Fit#betterFit()} when the power law fits the residual better. */
    public static final String POWER_LAW = "power_law";
    /** {@link Fit#betterFit()} when the exponential fits the residual better. */
    public static final String EXPONENTIAL = "exponential";
    /** {@link Fit#betterFit()} when fewer than 2 recorded steps qualify for the fit (nothing to fit). */
    public static final String NONE = "none";

    /**
     * Residuals at or below {@code RESIDUAL_FLOOR·‖r(0)‖₂} are rounding: fits and actual-vs-predicted comparisons
     * leave them out.
     */
    public static final double RESIDUAL_FLOOR = 1e-12;

    private TangentKernel() {
    }

    /**
     * How to run {@link #train}.
     *
     * @param learningRate η₀ &gt; 0; the step is {@code scaling.step(η₀, p)} ({@link LearningRateScaling})
     * @param scaling      how η₀ becomes the step for p parameters
     * @param prediction   the frozen-kernel dynamics to compare with ({@link FrozenKernel.Prediction#DISCRETE} is the
     *                     gradient descent actually run)
     * @param steps        gradient steps, ≥ 1
     * @param recordEvery  record step 0, every {@code recordEvery}-th step and the last, ≥ 1
     */
    public record Options(double learningRate, LearningRateScaling scaling, FrozenKernel.Prediction prediction,
            int steps, int recordEvery) implements java.io.Serializable {

        /**
         * Checks every field.
         *
         * @throws IllegalArgumentException naming the bad value and what is allowed
         */
        public Options {
            Objects.requireNonNull(scaling, "scaling");
            Objects.requireNonNull(prediction, "prediction");
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
        }

        /** η₀ as the step (no scaling), the discrete prediction, every step recorded. */
        public static Options of(double learningRate, int steps) {
            return new Options(learningRate, LearningRateScaling.NONE, FrozenKernel.Prediction.DISCRETE, steps, 1);
        }

        /** A copy with another learning rate. */
        public Options withLearningRate(double rate) {
            return new Options(rate, scaling, prediction, steps, recordEvery);
        }

        /** A copy with another scaling. */
        public Options withScaling(LearningRateScaling s) {
            return new Options(learningRate, s, prediction, steps, recordEvery);
        }

        /** A copy with another prediction. */
        public Options withPrediction(FrozenKernel.Prediction p) {
            return new Options(learningRate, scaling, p, steps, recordEvery);
        }

        /** A copy with another recording interval. */
        public Options withRecordEvery(int every) {
            return new Options(learningRate, scaling, prediction, steps, every);
        }
    }

    /**
     * One recorded step of {@link #train}.
     *
     * @param step                  t, the number of gradient steps taken
     * @param loss                  {@code L = ½ Σ r_i²} at θ_t
     * @param residualNorm          {@code ‖r(t)‖₂ = ‖f(θ_t) − y‖₂}
     * @param predictedResidualNorm {@code ‖r_pred(t)‖₂}, the frozen-kernel prediction ({@link FrozenKernel})
     * @param predictionError       {@code ‖r(t) − r_pred(t)‖₂}: the deviation as a vector, not only in norm
     * @param drift                 {@code ‖K(t) − K₀‖_F / ‖K₀‖_F} (0 at step 0; if K₀ = 0, the absolute
     *                              {@code ‖K(t)‖_F})
     * @param eigenvalues           the eigenvalues of K(θ_t), ascending
     */
    public record Step(int step, double loss, double residualNorm, double predictedResidualNorm,
            double predictionError, double drift, double[] eigenvalues) implements java.io.Serializable {

        /** Copies the eigenvalues. */
        public Step {
            eigenvalues = eigenvalues.clone();
        }

        /** A copy of the eigenvalues of K(θ_t), ascending. */
        @Override
        public double[] eigenvalues() {
            return eigenvalues.clone();
        }

        /** {@code λ_max(K(θ_t))}. */
        public double maxEigenvalue() {
            return eigenvalues[eigenvalues.length - 1];
        }

        /**
         * {@code λ_max(K(t)) / ‖r(t)‖}: bounded when the kernel vanishes with the residual, as You et al. show for a
         * Pauli measurement with the targets at its eigenvalues; when the kernel stays finite (linear convergence) it
         * grows as 1/‖r‖. NaN when the residual is exactly 0.
         */
        public double kernelResidualRatio() {
            return residualNorm > 0 ? maxEigenvalue() / residualNorm : Double.NaN;
        }
    }

    /**
     * Fits of the residual norm over the recorded steps t ≥ 1 whose residual is above
     * {@link #RESIDUAL_FLOOR}{@code ·‖r(0)‖₂}: power law {@code ‖r‖ ≈ c·t^(−α)} and exponential
     * {@code ‖r‖ ≈ c·e^(−λt)}, each with R² on the log scale ({@link Fits#powerLaw}, {@link Fits#exponential}).
     * Sublinear convergence shows as a power law, linear convergence as an exponential.
     *
     * @param powerLawExponent α
     * @param powerLawR2       R² of {@code log ‖r‖} against {@code log t}
     * @param exponentialRate  λ per step
     * @param exponentialR2    R² of {@code log ‖r‖} against t
     * @param betterFit        {@value #POWER_LAW} or {@value #EXPONENTIAL}, whichever has the higher R² (ties go to
     *                         the exponential); {@value #NONE}, with NaN numbers, when fewer than 2 points qualify
     * @param points           the number of recorded steps fitted
     * @param tailExponent     the power-law exponent fitted over the same points in the second half of the run only
     *                         ({@code t ≥ T/2}; NaN with fewer than 2): the local exponent at the end, which an
     *                         asymptotic statement such as You et al.'s bound speaks to, free of the early transient
     */
    public record Fit(double powerLawExponent, double powerLawR2, double exponentialRate, double exponentialR2,
            String betterFit, int points, double tailExponent) implements java.io.Serializable {
    }

    /**
     * Actual against predicted residuals over the recorded steps where both are above
     * {@link #RESIDUAL_FLOOR}{@code ·‖r(0)‖₂}.
     *
     * @param steps               how many recorded steps were compared
     * @param lastStep            the last compared step (−1 if none)
     * @param actualOverPredicted {@code ‖r‖ / ‖r_pred‖} at {@code lastStep}: above 1 the run is slower than the frozen
     *                            kernel predicts
     * @param maxRelativeError    {@code max ‖r − r_pred‖ / ‖r_pred‖} over the compared steps
     */
    public record Comparison(int steps, int lastStep, double actualOverPredicted, double maxRelativeError)
            implements java.io.Serializable {
    }

    /**
     * The outcome of {@link #train}.
     *
     * @param steps        the recorded steps: 0, every {@code recordEvery}-th step, and the last
     * @param fit          fits of the residual norm over the recorded steps t ≥ 1 above the floor
     * @param comparison   actual against frozen-kernel residuals above the floor
     * @param finalTheta   θ after the last step
     * @param learningRate η, the step actually taken (after {@link LearningRateScaling})
     * @param prediction   which frozen-kernel dynamics the predicted residuals follow
     * @param initialKernel K₀ = K(θ₀), samples × samples: the kernel the prediction is frozen at
     * @param finalKernel  K(θ_T) at the last step
     */
    public record Result(List<Step> steps, Fit fit, Comparison comparison, double[] finalTheta, double learningRate,
            FrozenKernel.Prediction prediction, double[][] initialKernel, double[][] finalKernel)
            implements java.io.Serializable {

        /** Copies the arguments. */
        public Result {
            steps = List.copyOf(steps);
            finalTheta = finalTheta.clone();
            initialKernel = copy(initialKernel);
            finalKernel = copy(finalKernel);
        }

        /** A copy of the final parameters. */
        @Override
        public double[] finalTheta() {
            return finalTheta.clone();
        }

        /** A copy of K₀. */
        @Override
        public double[][] initialKernel() {
            return copy(initialKernel);
        }

        /** A copy of K(θ_T). */
        @Override
        public double[][] finalKernel() {
            return copy(finalKernel);
        }

        private static double[][] copy(double[][] k) {
            return Arrays.stream(k).map(double[]::clone).toArray(double[][]::new);
        }

        /** Step 0. */
        public Step first() {
            return steps.get(0);
        }

        /** The last recorded step (the end of training). */
        public Step last() {
            return steps.get(steps.size() - 1);
        }

        /**
         * The last recorded step whose residual is above {@link #RESIDUAL_FLOOR}{@code ·‖r(0)‖₂} (step 0 if none is):
         * the end of the run as far as a ratio to the residual means anything.
         */
        public Step lastAboveFloor() {
            double floor = RESIDUAL_FLOOR * first().residualNorm();
            for (int i = steps.size() - 1; i > 0; i--) {
                if (steps.get(i).residualNorm() > floor) {
                    return steps.get(i);
                }
            }
            return first();
        }

        /** The kernel drift {@code ‖K(T) − K₀‖_F / ‖K₀‖_F} at the last step. */
        public double finalDrift() {
            return last().drift();
        }
    }

    /**
     * The tangent kernel {@code K_ij = Σ_k ∂_k f(x_i) ∂_k f(x_j) = (JJᵀ)_ij} at θ, from the adjoint Jacobian
     * ({@link QnnModel#jacobian}, sample-parallel on up to {@code threads} threads). Exactly symmetric and positive
     * semidefinite up to rounding.
     *
     * @throws IllegalArgumentException if a row of {@code xs} does not have the model's feature count, θ has the wrong
     *                                  length, or {@code threads < 1}
     */
    public static double[][] kernel(Simulator sim, QnnModel model, double[] theta, double[][] xs, int threads) {
        Objects.requireNonNull(theta, "theta");
        return gram(BatchModel.of(sim, model, xs, threads).jacobian(theta).rows());
    }

    /** {@link #train(BatchModel, double[], double[], Options, IntConsumer)} without a progress callback. */
    public static Result train(BatchModel model, double[] targets, double[] theta0, Options options) {
        return train(model, targets, theta0, options, null);
    }

    /**
     * Full-batch gradient descent on {@code L = ½ Σ_i (f_i(θ) − y_i)²}: {@code θ ← θ − η·Jᵀr} for
     * {@code options.steps()} steps, with {@code η = options.scaling().step(options.learningRate(), p)}. At step 0,
     * every {@code recordEvery}-th step and the last step it records a {@link Step}: the loss, {@code ‖r(t)‖₂}, the
     * frozen-kernel prediction {@code r_pred(t)} from {@code K₀ = K(θ₀)} ({@link FrozenKernel}, discrete or
     * continuous as {@code options.prediction()} says) and its deviation from r(t), the relative kernel drift and the
     * spectrum of K(θ_t). Then it fits the residual norms ({@link Fit}) and compares them with the prediction
     * ({@link Comparison}), both above {@link #RESIDUAL_FLOOR}. Cost: {@code steps + 1} Jacobians; deterministic
     * whenever the model's Jacobian is (a {@link BatchModel#of QNN batch} is, for any thread count).
     *
     * @param targets  y, one per sample
     * @param progress called with the number of completed steps (1..steps) after each step; may be null
     * @throws IllegalArgumentException if {@code targets} does not have one finite entry per sample, or θ₀ has the
     *                                  wrong length or a non-finite entry
     * @throws IllegalStateException    if the parameters or residuals become non-finite (training diverged)
     */
    public static Result train(BatchModel model, double[] targets, double[] theta0, Options options,
            IntConsumer progress) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(theta0, "theta0");
        Objects.requireNonNull(options, "options");
        int n = model.numSamples();
        int p = model.numParameters();
        if (targets.length != n) {
            throw new IllegalArgumentException("targets has " + targets.length + " entries but the model has " + n
                    + " samples; allowed: exactly " + n);
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(targets[i])) {
                throw new IllegalArgumentException("target " + i + " is " + targets[i] + "; allowed: finite numbers");
            }
        }
        if (theta0.length != p) {
            throw new IllegalArgumentException("theta0 has " + theta0.length + " entries but the model has " + p
                    + " parameters; allowed: exactly " + p);
        }
        for (int k = 0; k < p; k++) {
            if (!Double.isFinite(theta0[k])) {
                throw new IllegalArgumentException("theta0[" + k + "] is " + theta0[k] + "; allowed: finite numbers");
            }
        }
        double eta = options.scaling().step(options.learningRate(), p);
        int steps = options.steps();
        double[] theta = theta0.clone();
        List<Step> recorded = new ArrayList<>();
        double[][] k0 = null;
        double[][] kLast = null;
        double k0Norm = 0;
        FrozenKernel frozen = null;

        for (int t = 0; t <= steps; t++) {
            Jacobian jac = model.jacobian(theta);
            double[] r = new double[n];
            for (int i = 0; i < n; i++) {
                r[i] = jac.values()[i] - targets[i];
                if (!Double.isFinite(r[i])) {
                    throw new IllegalStateException("residual of sample " + i + " is " + r[i] + " at step " + t
                            + "; training diverged (step size " + eta + ")");
                }
            }
            if (t == 0 || t == steps || t % options.recordEvery() == 0) {
                double[][] kt = gram(jac.rows());
                kLast = kt;
                if (t == 0) {
                    k0 = kt;
                    k0Norm = frobenius(k0, null);
                    frozen = new FrozenKernel(k0, r, eta, options.prediction());
                }
                double[] predicted = frozen.residual(t);
                double[] error = new double[n];
                for (int i = 0; i < n; i++) {
                    error[i] = r[i] - predicted[i];
                }
                double diff = frobenius(kt, k0);
                double norm = FrozenKernel.norm(r);
                recorded.add(new Step(t, 0.5 * norm * norm, norm, FrozenKernel.norm(predicted),
                        FrozenKernel.norm(error), k0Norm > 0 ? diff / k0Norm : diff, Spectra.symmetricEigenvalues(kt)));
            }
            if (t == steps) {
                break;
            }
            double[][] rows = jac.rows();
            for (int k = 0; k < p; k++) {
                double g = 0;
                for (int i = 0; i < n; i++) {
                    g += rows[i][k] * r[i];
                }
                theta[k] -= eta * g;
                if (!Double.isFinite(theta[k])) {
                    throw new IllegalStateException("parameter " + k + " became " + theta[k] + " at step " + (t + 1)
                            + "; training diverged (step size " + eta + ")");
                }
            }
            if (progress != null) {
                progress.accept(t + 1);
            }
        }
        return new Result(recorded, fit(recorded), compare(recorded), theta, eta, options.prediction(), k0, kLast);
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
            return new Fit(Double.NaN, Double.NaN, Double.NaN, Double.NaN, NONE, pts.size(), Double.NaN);
        }
        double[] t = new double[pts.size()];
        double[] r = new double[pts.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = pts.get(i).step();
            r[i] = pts.get(i).residualNorm();
        }
        Fits.PowerLaw pl = Fits.powerLaw(t, r);
        Fits.Exponential ex = Fits.exponential(t, r);
        double half = recorded.get(recorded.size() - 1).step() / 2.0;
        List<Step> tail = pts.stream().filter(s -> s.step() >= half).toList();
        double tailExponent = Double.NaN;
        if (tail.size() >= 2) {
            tailExponent = Fits.powerLaw(tail.stream().mapToDouble(Step::step).toArray(),
                    tail.stream().mapToDouble(Step::residualNorm).toArray()).exponent();
        }
        return new Fit(pl.exponent(), pl.r2(), ex.rate(), ex.r2(), pl.r2() > ex.r2() ? POWER_LAW : EXPONENTIAL,
                t.length, tailExponent);
    }

    /** The {@link Comparison} over the recorded steps whose actual and predicted residuals are above the floor. */
    static Comparison compare(List<Step> recorded) {
        double floor = RESIDUAL_FLOOR * recorded.get(0).residualNorm();
        int count = 0;
        Step last = null;
        double maxError = 0;
        for (Step s : recorded) {
            if (s.residualNorm() > floor && s.predictedResidualNorm() > floor) {
                count++;
                last = s;
                maxError = Math.max(maxError, s.predictionError() / s.predictedResidualNorm());
            }
        }
        return last == null ? new Comparison(0, -1, Double.NaN, Double.NaN)
                : new Comparison(count, last.step(), last.residualNorm() / last.predictedResidualNorm(), maxError);
    }

    /** {@code J Jᵀ}, computed for i ≤ j and mirrored so that it is exactly symmetric. */
    static double[][] gram(double[][] rows) {
        int n = rows.length;
        double[][] k = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double s = 0;
                double[] a = rows[i];
                double[] b = rows[j];
                for (int q = 0; q < a.length; q++) {
                    s += a[q] * b[q];
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
}
