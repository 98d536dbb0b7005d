package org.qnnlab.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Encodings;
import org.qnnlab.sim.Gates;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Rng;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.kernel.KernelTestSupport;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.train.Jacobian;
import org.qnnlab.train.ParameterShiftGradient;
import org.qnnlab.train.QnnModel;
import org.qnnlab.train.data.Dataset;
import org.qnnlab.train.data.Datasets;

/**
 * Tangent-kernel dynamics: the discrete frozen-kernel prediction against a linear model (where it is exact) and
 * against independent dense iterations, the continuous option against the analytic matrix exponential, the QNN kernel
 * against parameter-shift gradients on every kernel, the fits on known laws, learning-rate scaling, and the
 * measurement-range experiment of You, Chakrabarti, Chen and Wu (ICML 2023).
 */
class TangentKernelTest {

    /** RX angle encoding of {@code features} inputs on {@code n} qubits. */
    private static Circuit encoding(int n, int features) {
        return Encodings.angle(new Circuit(n).declareInputs(features), features, Gates.RX, 1.0);
    }

    /** The encoding followed by a default HEA with {@code layers}, measured with γ·observable. */
    private static QnnModel model(int n, int features, int layers, String observable, double gamma) {
        return QnnModel.of(encoding(n, features), Ansatz.hea(n, layers), Observable.parse(observable), gamma);
    }

    /** 6 samples of 3 features in [0, π] labelled by a smooth teacher with values in [−0.8, 0.8]. */
    private static Dataset smallRegression() {
        return Datasets.labelled("teacher", 6, 3, 0, Math.PI,
                x -> 0.8 * Math.sin(x[0] - x[1]) * Math.cos(x[2]), new Rng(11));
    }

    private static Simulator simulator(KernelType type) {
        return new Simulator(KernelTestSupport.requireOrSkip(type, 1));
    }

    /** A seeded n×p matrix with entries uniform in [−1, 1). */
    private static double[][] randomMatrix(int n, int p, long seed) {
        Rng rng = new Rng(seed);
        double[][] a = new double[n][p];
        for (double[] row : a) {
            for (int k = 0; k < p; k++) {
                row[k] = 2 * rng.nextDouble() - 1;
            }
        }
        return a;
    }

    private static double[] times(double[][] a, double[] v) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < v.length; k++) {
                out[i] += a[i][k] * v[k];
            }
        }
        return out;
    }

    private static double[] timesTransposed(double[][] a, double[] r) {
        double[] out = new double[a[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < out.length; k++) {
                out[k] += a[i][k] * r[i];
            }
        }
        return out;
    }

    private static double norm(double[] v) {
        return FrozenKernel.norm(v);
    }

    /** λ_max(AAᵀ) from the library's dense eigenvalues (only used to choose η). */
    private static double maxEigenvalue(double[][] a) {
        double[] ev = Spectra.symmetricEigenvalues(TangentKernel.gram(a));
        return ev[ev.length - 1];
    }

    /**
     * For {@code f = Aθ + b} the Jacobian is A at every θ, so one gradient step maps r to {@code r − ηAAᵀr} exactly:
     * the discrete frozen-kernel prediction is the trajectory. Checked against an independent dense iteration of
     * {@code r ← r − ηA(Aᵀr)} at ηλ_max = 0.5 (monotone), 1.5 (the top mode oscillates) and 2.5 (it diverges), with
     * more samples than parameters so the residual keeps a null-space part and never reaches rounding level.
     */
    @ParameterizedTest
    @ValueSource(doubles = {0.5, 1.5, 2.5})
    void linearModelFollowsTheDiscretePredictionExactly(double etaTimesLambdaMax) {
        double[][] a = randomMatrix(6, 4, 21);
        double[] b = {0.3, -0.2, 0.5, 0.1, -0.4, 0.2};
        double[] y = {1, -1, 1, 1, -1, -1};
        double[] theta0 = {0.4, -1.1, 0.7, 2.0};
        double eta = etaTimesLambdaMax / maxEigenvalue(a);
        int steps = 30;
        TangentKernel.Result res = TangentKernel.train(BatchModel.linear(a, b), y, theta0,
                TangentKernel.Options.of(eta, steps));
        assertEquals(steps + 1, res.steps().size());
        assertEquals(eta, res.learningRate());

        double[] f = times(a, theta0);
        double[] r = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            r[i] = f[i] + b[i] - y[i];
        }
        double[] theta = theta0.clone();
        for (int t = 0; t <= steps; t++) {
            TangentKernel.Step s = res.steps().get(t);
            double ref = norm(r);
            assertEquals(ref, s.residualNorm(), 1e-12 * ref, "actual ‖r‖ at step " + t);
            assertEquals(ref, s.predictedResidualNorm(), 1e-12 * ref, "discrete prediction at step " + t);
            assertTrue(s.predictionError() <= 1e-12 * ref, "‖r − r_pred‖ = " + s.predictionError() + " at " + t);
            assertEquals(0.0, s.drift(), 0.0, "AAᵀ is computed from the same rows at every step");
            if (t == steps) {
                break;
            }
            double[] grad = timesTransposed(a, r);
            double[] kr = times(a, grad);
            for (int i = 0; i < r.length; i++) {
                r[i] -= eta * kr[i];
            }
            for (int k = 0; k < theta.length; k++) {
                theta[k] -= eta * grad[k];
            }
        }
        assertArrayEquals(theta, res.finalTheta(), 1e-12 * norm(theta));
        TangentKernel.Comparison c = res.comparison();
        assertEquals(steps + 1, c.steps());
        assertEquals(steps, c.lastStep());
        assertTrue(c.maxRelativeError() <= 1e-12, c.toString());
        assertEquals(1.0, c.actualOverPredicted(), 1e-12);
        if (etaTimesLambdaMax > 2) {
            assertTrue(res.last().residualNorm() > 100 * res.first().residualNorm(), "the top mode diverges");
        }

        // the continuous prediction is another dynamics: it misses the gradient descent actually run
        TangentKernel.Result cont = TangentKernel.train(BatchModel.linear(a, b), y, theta0,
                TangentKernel.Options.of(eta, steps).withPrediction(FrozenKernel.Prediction.CONTINUOUS));
        assertEquals(res.last().residualNorm(), cont.last().residualNorm(), 0.0, "same run");
        assertTrue(cont.comparison().maxRelativeError() > 0.05, "continuous vs discrete: " + cont.comparison());
    }

    /**
     * K₀ = R·diag(1, 4)·Rᵀ with R a rotation by φ: the continuous prediction is {@code R·diag(e^(−ηt), e^(−4ηt))·Rᵀ
     * r(0)} and the discrete one {@code R·diag((1−η)^t, (1−4η)^t)·Rᵀ r(0)}, written out here by hand; and the 1×1 case
     * {@code r(t) = e^(−ηkt) r(0)} through a one-sample linear model.
     */
    @Test
    void predictionsMatchTheAnalyticTwoByTwoAndOneByOneCases() {
        double phi = 0.37;
        double c = Math.cos(phi);
        double s = Math.sin(phi);
        double[][] k0 = {{c * c + 4 * s * s, c * s - 4 * s * c}, {c * s - 4 * s * c, s * s + 4 * c * c}};
        double[] r0 = {0.8, -1.3};
        double eta = 0.3;
        FrozenKernel cont = new FrozenKernel(k0, r0, eta, FrozenKernel.Prediction.CONTINUOUS);
        FrozenKernel disc = new FrozenKernel(k0, r0, eta, FrozenKernel.Prediction.DISCRETE);
        double u = c * r0[0] + s * r0[1]; // coordinates in the eigenbasis (c, s) ↦ 1, (−s, c) ↦ 4
        double w = -s * r0[0] + c * r0[1];
        for (int t : new int[] {0, 1, 2, 5, 17}) {
            double eu = Math.exp(-eta * t);
            double ew = Math.exp(-4 * eta * t);
            assertArrayEquals(new double[] {c * u * eu - s * w * ew, s * u * eu + c * w * ew}, cont.residual(t),
                    1e-14, "continuous at t = " + t);
            double du = Math.pow(1 - eta, t);
            double dw = Math.pow(1 - 4 * eta, t); // 1 − 4η = −0.2: alternating sign
            assertArrayEquals(new double[] {c * u * du - s * w * dw, s * u * du + c * w * dw}, disc.residual(t),
                    1e-14, "discrete at t = " + t);
        }
        assertEquals(4.0, cont.maxEigenvalue(), 1e-14);

        // one sample, f = a·θ + b: K = |a|² = 1.25
        double[][] a = {{1.0, 0.5}};
        TangentKernel.Result one = TangentKernel.train(BatchModel.linear(a, new double[] {0.2}),
                new double[] {1.0}, new double[] {0.1, 0.3}, TangentKernel.Options.of(0.1, 12)
                        .withPrediction(FrozenKernel.Prediction.CONTINUOUS));
        double start = Math.abs(1.0 * 0.1 + 0.5 * 0.3 + 0.2 - 1.0);
        for (TangentKernel.Step st : one.steps()) {
            assertEquals(start * Math.exp(-0.1 * 1.25 * st.step()), st.predictedResidualNorm(), 1e-15);
            assertEquals(start * Math.pow(1 - 0.1 * 1.25, st.step()), st.residualNorm(), 1e-15);
        }
    }

    /**
     * K = JJᵀ against gradients from the parameter-shift rule (an independent method: two shifted circuit runs per
     * parameter), with γ ≠ 1 so the kernel sees the scaled observable; exactly symmetric, PSD, and the same bits for
     * any thread count.
     */
    @ParameterizedTest
    @EnumSource(KernelType.class)
    void kernelIsJJTransposeFromParameterShiftGradients(KernelType type) {
        Simulator sim = simulator(type);
        QnnModel m = model(3, 3, 2, "0.7*Z0*Z1 + X2", 2.0);
        Dataset data = smallRegression();
        double[][] xs = data.x();
        double[] theta = m.circuit().randomParameters(5);
        double[][] k = TangentKernel.kernel(sim, m, theta, xs, 2);

        ParameterShiftGradient shift = new ParameterShiftGradient(sim);
        double[][] j = new double[xs.length][];
        for (int i = 0; i < xs.length; i++) {
            j[i] = shift.gradient(m.circuit(), theta, xs[i], m.scaledObservable()).gradient();
        }
        double max = 0;
        for (int p = 0; p < xs.length; p++) {
            for (int q = 0; q < xs.length; q++) {
                double expected = 0;
                for (int l = 0; l < m.numParameters(); l++) {
                    expected += j[p][l] * j[q][l];
                }
                assertEquals(expected, k[p][q], 1e-9, "K[" + p + "][" + q + "]");
                assertEquals(k[p][q], k[q][p], 0.0, "exact symmetry");
                max = Math.max(max, Math.abs(k[p][q]));
            }
        }
        assertTrue(max > 0.1, "a non-trivial kernel, max |K| = " + max);
        double[] ev = Spectra.symmetricEigenvalues(k);
        assertTrue(ev[0] >= -1e-12 * ev[ev.length - 1], "PSD: smallest eigenvalue " + ev[0]);
        double[][] k1 = TangentKernel.kernel(sim, m, theta, xs, 1);
        for (int p = 0; p < xs.length; p++) {
            assertArrayEquals(k1[p], k[p], 0.0);
        }
    }

    /**
     * At a tiny step the QNN stays in the linear regime: the residual decrease matches the discrete frozen-kernel
     * prediction to 1%, the drift grows from 0 and stays small. On every kernel, and the same run on the scalar
     * kernel (the reference) agrees to rounding.
     */
    @ParameterizedTest
    @EnumSource(KernelType.class)
    void tinyLearningRateTracksTheFrozenKernel(KernelType type) {
        QnnModel m = model(3, 3, 2, "Z0", 1.0);
        Dataset data = smallRegression();
        double[] theta0 = m.circuit().randomParameters(7);
        TangentKernel.Options o = TangentKernel.Options.of(1e-4, 5);
        TangentKernel.Result res = TangentKernel.train(BatchModel.of(simulator(type), m, data.x(), 2), data.y(),
                theta0, o);
        List<TangentKernel.Step> s = res.steps();
        assertEquals(6, s.size());
        double r0 = s.get(0).residualNorm();
        assertEquals(r0, s.get(0).predictedResidualNorm(), 1e-12 * r0, "same start");
        assertEquals(0.0, s.get(0).drift(), 0.0, "no drift at step 0");
        for (int t = 1; t <= 5; t++) {
            TangentKernel.Step st = s.get(t);
            double actualDrop = r0 - st.residualNorm();
            double frozenDrop = r0 - st.predictedResidualNorm();
            assertTrue(frozenDrop > 0, "the frozen kernel predicts a decrease");
            assertEquals(frozenDrop, actualDrop, 1e-2 * frozenDrop, "residual decrease at step " + t);
            assertTrue(st.predictionError() < 5e-6 * r0, "‖r − r_pred‖ = " + st.predictionError());
            assertTrue(st.drift() > s.get(t - 1).drift(), "drift grows at step " + t);
            assertTrue(st.drift() < 1e-2, "drift stays small at tiny η: " + st.drift());
            assertEquals(0.5 * st.residualNorm() * st.residualNorm(), st.loss(), 1e-15);
        }
        TangentKernel.Result ref = TangentKernel.train(BatchModel.of(simulator(KernelType.SCALAR), m, data.x(), 1),
                data.y(), theta0, o);
        assertArrayEquals(ref.finalTheta(), res.finalTheta(), 1e-12);
        assertEquals(ref.last().residualNorm(), res.last().residualNorm(), 1e-12 * r0);
        assertArrayEquals(ref.last().eigenvalues(), res.last().eigenvalues(), 1e-12);
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void recordsTheScheduleAndTakesPlainGradientSteps(KernelType type) {
        Simulator sim = simulator(type);
        QnnModel m = model(2, 2, 1, "Z0 + 0.5*X1", 1.0);
        Dataset data = Datasets.parity(2, 0, null);
        double[] theta0 = m.circuit().randomParameters(3);
        double eta = 0.05;
        List<Integer> progress = new ArrayList<>();
        BatchModel batch = BatchModel.of(sim, m, data.x(), 1);
        TangentKernel.Result res = TangentKernel.train(batch, data.y(), theta0,
                TangentKernel.Options.of(eta, 7).withRecordEvery(3), progress::add);
        assertEquals(List.of(0, 3, 6, 7), res.steps().stream().map(TangentKernel.Step::step).toList());
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), progress);
        assertEquals(eta, res.learningRate());

        double[][] k0 = TangentKernel.kernel(sim, m, theta0, data.x(), 1);
        assertArrayEquals(Spectra.symmetricEigenvalues(k0), res.first().eigenvalues(), 1e-12);
        assertArrayEquals(k0, res.initialKernel(), "K₀ is the kernel at θ₀");
        double[][] kT = TangentKernel.kernel(sim, m, res.finalTheta(), data.x(), 1);
        assertArrayEquals(kT, res.finalKernel(), "the final K is the kernel at θ_T");
        assertTrue(Math.abs(kT[0][0] - k0[0][0]) > 1e-6, "seven steps moved the kernel: the two are not one matrix");

        // one step is θ − η·Jᵀr
        TangentKernel.Result one = TangentKernel.train(batch, data.y(), theta0, TangentKernel.Options.of(eta, 1));
        Jacobian jac = m.jacobian(sim, theta0, data.x(), 1);
        double[] expected = theta0.clone();
        for (int k = 0; k < expected.length; k++) {
            for (int i = 0; i < data.size(); i++) {
                expected[k] -= eta * jac.rows()[i][k] * (jac.values()[i] - data.target(i));
            }
        }
        assertArrayEquals(expected, one.finalTheta(), 1e-14);
        assertEquals(TangentKernel.NONE, one.fit().betterFit(), "one point t ≥ 1 cannot be fitted");
        assertTrue(Double.isNaN(one.fit().powerLawExponent()));
        double[] f1 = m.values(sim, one.finalTheta(), data.x(), 1);
        double r2 = 0;
        for (int i = 0; i < f1.length; i++) {
            r2 += (f1[i] - data.target(i)) * (f1[i] - data.target(i));
        }
        assertEquals(Math.sqrt(r2), one.last().residualNorm(), 1e-14);
    }

    /** A recorded step with only a residual, a prediction and a one-eigenvalue spectrum. */
    private static TangentKernel.Step step(int t, double residual, double predicted) {
        return new TangentKernel.Step(t, 0.5 * residual * residual, residual, predicted,
                Math.abs(residual - predicted), 0, new double[] {1.0});
    }

    /**
     * Exact laws are recovered exactly (R² = 1), and residuals at or below 1e-12 of the start (a rounding plateau)
     * are left out of the fits and of the comparison.
     */
    @Test
    void fitsRecoverKnownLawsAndIgnoreTheFloor() {
        List<TangentKernel.Step> power = new ArrayList<>();
        List<TangentKernel.Step> expo = new ArrayList<>();
        power.add(step(0, 3, 3));
        expo.add(step(0, 2, 2));
        for (int t = 5; t <= 400; t += 5) {
            power.add(step(t, 3 * Math.pow(t, -0.7), 1));
            // e^(−0.1t) falls below 1e-12·2 at t ≈ 284, then sits on a rounding plateau
            expo.add(step(t, Math.max(2 * Math.exp(-0.1 * t), 1e-15), 1e-15));
        }
        TangentKernel.Fit p = TangentKernel.fit(power);
        assertEquals(0.7, p.powerLawExponent(), 1e-12);
        assertEquals(1.0, p.powerLawR2(), 1e-12);
        assertEquals(0.7, p.tailExponent(), 1e-12, "a pure power law has the same exponent at the tail");
        assertEquals(TangentKernel.POWER_LAW, p.betterFit());
        assertEquals(80, p.points());

        TangentKernel.Fit e = TangentKernel.fit(expo);
        assertEquals(0.1, e.exponentialRate(), 1e-12);
        assertEquals(1.0, e.exponentialR2(), 1e-12);
        assertEquals(TangentKernel.EXPONENTIAL, e.betterFit());
        assertEquals(55, e.points(), "t = 5..275: 2e^(−0.1t) > 2e-12 below t = 276.3");
        // on t ∈ [200, 275] the local log-log slope of e^(−0.1t) is −0.1t, so the fitted exponent lies in (20, 27.5)
        assertTrue(e.tailExponent() > 20 && e.tailExponent() < 27.5, "tail exponent " + e.tailExponent());

        // comparison: the prediction below the floor from t = 5 on; only step 0 is compared
        TangentKernel.Comparison c = TangentKernel.compare(expo);
        assertEquals(1, c.steps());
        assertEquals(0, c.lastStep());
        TangentKernel.Comparison cp = TangentKernel.compare(power);
        assertEquals(81, cp.steps());
        assertEquals(3 * Math.pow(400, -0.7), cp.actualOverPredicted(), 1e-15);
    }

    @Test
    void kernelResidualRatioAndTheLastStepAboveTheFloor() {
        TangentKernel.Step s = new TangentKernel.Step(3, 8, 4, 4, 0, 0, new double[] {0.1, 2});
        assertEquals(0.5, s.kernelResidualRatio(), 0.0);
        assertEquals(2.0, s.maxEigenvalue(), 0.0);
        assertTrue(Double.isNaN(new TangentKernel.Step(4, 0, 0, 0, 0, 0, new double[] {1}).kernelResidualRatio()));
        List<TangentKernel.Step> steps = List.of(step(0, 1, 1), step(5, 1e-6, 1), step(10, 1e-13, 1));
        TangentKernel.Result r = new TangentKernel.Result(steps, TangentKernel.fit(steps), TangentKernel.compare(steps),
                new double[0], 0.1, FrozenKernel.Prediction.DISCRETE, new double[][] {{1}}, new double[][] {{2}});
        assertEquals(5, r.lastAboveFloor().step());
        assertEquals(10, r.last().step());
    }

    /**
     * {@code [A A]} has twice the parameters and twice the kernel of A. With {@link LearningRateScaling#PARAMETERS}
     * the step halves, ηK is the same, and the residual trajectories agree to rounding; without scaling they do not.
     */
    @Test
    void learningRateScalingMakesParameterCountsComparable() {
        double[][] a = randomMatrix(5, 3, 8);
        double[][] aa = new double[5][6];
        for (int i = 0; i < 5; i++) {
            System.arraycopy(a[i], 0, aa[i], 0, 3);
            System.arraycopy(a[i], 0, aa[i], 3, 3);
        }
        double[] b = new double[5];
        double[] y = {1, -1, 0.5, 0, 2};
        double[] t3 = {0.1, 0.2, 0.3};
        double[] t6 = {0.05, 0.1, 0.15, 0.05, 0.1, 0.15}; // [A A]·t6 = A·t3: the same start
        TangentKernel.Options o = TangentKernel.Options.of(0.6, 20).withScaling(LearningRateScaling.PARAMETERS);
        TangentKernel.Result r3 = TangentKernel.train(BatchModel.linear(a, b), y, t3, o);
        TangentKernel.Result r6 = TangentKernel.train(BatchModel.linear(aa, b), y, t6, o);
        assertEquals(0.6 / 3, r3.learningRate(), 1e-16);
        assertEquals(0.6 / 6, r6.learningRate(), 1e-16);
        for (int t = 0; t <= 20; t++) {
            double ref = r3.steps().get(t).residualNorm();
            assertEquals(ref, r6.steps().get(t).residualNorm(), 1e-13 * ref, "step " + t);
        }
        TangentKernel.Result n6 = TangentKernel.train(BatchModel.linear(aa, b), y, t6,
                o.withScaling(LearningRateScaling.NONE));
        assertEquals(0.6, n6.learningRate());
        assertTrue(Math.abs(n6.steps().get(1).residualNorm() - r3.steps().get(1).residualNorm()) > 1e-3);

        assertEquals(0.25, LearningRateScaling.PARAMETERS.step(2, 8), 0.0);
        assertEquals(2.0, LearningRateScaling.NONE.step(2, 8), 0.0);
        assertEquals(LearningRateScaling.PARAMETERS, LearningRateScaling.parse(" Parameters"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LearningRateScaling.parse("sqrt"));
        assertTrue(e.getMessage().contains("'sqrt'") && e.getMessage().contains("none, parameters"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FrozenKernel.Prediction.parse("exact"));
        assertTrue(e.getMessage().contains("'exact'") && e.getMessage().contains("discrete, continuous"));
    }

    /**
     * The measurement-range experiment of You, Chakrabarti, Chen and Wu (ICML 2023) on 2-bit parity (targets ±1; the
     * model can represent it exactly: RX(π·bit) encodes the bits and two HEA layers can put the parity on qubit 0).
     * With the Pauli measurement Z0 and γ = 1 the targets are its eigenvalues: fitting them drives the state to an
     * eigenstate of Z0 where every ∂_k f vanishes, so the kernel vanishes with the residual. Near a target, with
     * ε = 1 − |f|, ‖∇f‖² ∝ ε and dε/dt ∝ −ε², so ε ∝ 1/t: λ_max(K)/‖r‖ tends to a constant and the local power-law
     * exponent to 1, the paper's bound. With γ = 3 the targets ±1 are interior values ⟨Z0⟩ = ±1/3, the kernel stays
     * finite, λ_max(K)/‖r‖ grows as 1/‖r‖ and the residual decays exponentially. On every kernel.
     */
    @ParameterizedTest
    @EnumSource(KernelType.class)
    void scaledMeasurementRestoresExponentialConvergence(KernelType type) {
        Dataset data = Datasets.parity(2, 0, null);
        Circuit circuit = new Circuit(2).append(encoding(2, 2)).append(Ansatz.hea(2, 2));
        double[] theta0 = circuit.randomParameters(2);
        List<Integer> progress = new ArrayList<>();
        TangentKernelStudy.Result study = TangentKernelStudy.run(simulator(type), circuit, Observable.parse("Z0"),
                data, new double[] {1, 3}, theta0, TangentKernel.Options.of(0.2, 150).withRecordEvery(5), 2,
                progress::add);
        assertEquals(300, progress.size());
        assertEquals(300, progress.get(299), "steps counted over both γ");
        TangentKernelStudy.Run pauli = study.run(1);
        TangentKernelStudy.Run scaled = study.run(3);
        TangentKernel.Result r1 = pauli.result();
        TangentKernel.Result r3 = scaled.result();
        assertEquals(0.2, r1.learningRate(), 1e-16);
        assertEquals(0.2 / 9, r3.learningRate(), 1e-16, "η₀/γ²");
        // same θ₀: K ∝ γ², so K₀ at γ = 3 is 9 times K₀ at γ = 1
        double[] ev1 = r1.first().eigenvalues();
        double[] ev3 = r3.first().eigenvalues();
        assertEquals(9 * ev1[3], ev3[3], 1e-12 * ev3[3]);

        assertEquals(TangentKernelStudy.Theory.Regime.SUBLINEAR, pauli.theory().regime());
        assertEquals(1.0, pauli.theory().exponentBound());
        assertEquals(TangentKernelStudy.Theory.Regime.LINEAR, scaled.theory().regime());
        assertTrue(Double.isNaN(scaled.theory().exponentBound()));

        assertEquals(TangentKernel.POWER_LAW, r1.fit().betterFit(), r1.fit().toString());
        assertTrue(r1.fit().powerLawR2() > 0.98, r1.fit().toString());
        assertEquals(1.0, r1.fit().tailExponent(), 0.1, "ε ∝ 1/t near the targets: " + r1.fit());
        assertEquals(TangentKernel.EXPONENTIAL, r3.fit().betterFit(), r3.fit().toString());
        assertTrue(r3.fit().exponentialR2() > 0.99, r3.fit().toString());

        // γ = 1: λ_max/‖r‖ settles to a constant C (compare the last two recorded quarters of the run)
        double cEnd = r1.last().kernelResidualRatio();
        double cMid = r1.steps().get(r1.steps().size() * 3 / 4).kernelResidualRatio();
        assertEquals(cEnd, cMid, 0.05 * cEnd, "λ_max ∝ ‖r‖ for the Pauli measurement");
        assertTrue(r1.last().maxEigenvalue() < 0.1 * r1.first().maxEigenvalue(), "the kernel vanishes");
        double bound = pauli.sublinearResidualBound();
        assertTrue(r1.last().residualNorm() >= 0.95 * bound, "‖r(T)‖ " + r1.last().residualNorm()
                + " vs the gradient-flow bound " + bound + " with the measured C " + pauli.kernelResidualConstant());
        // γ = 3: the kernel stays finite while the residual falls, so the ratio grows as 1/‖r‖
        TangentKernel.Step end3 = r3.lastAboveFloor();
        assertTrue(end3.kernelResidualRatio() > 1e6 * r3.first().kernelResidualRatio(), end3.toString());
        assertTrue(end3.maxEigenvalue() > 0.3 * r3.first().maxEigenvalue(), "no collapse");
        assertTrue(Double.isNaN(scaled.sublinearResidualBound()));
        assertTrue(r3.last().residualNorm() < 1e-3 * r1.last().residualNorm());

        // The model spans only 2 of the 4 functions of the bits for every θ (the CZs map X0, Y0, Z0 to X0Z1, Y0Z1,
        // Z0; on basis-state inputs only the Z parts survive: f = γ(u·(−1)^b0 + w·(−1)^(b0+b1))), so K has rank 2.
        for (TangentKernel.Result r : List.of(r1, r3)) {
            for (TangentKernel.Step st : List.of(r.first(), r.last())) {
                double[] ev = st.eigenvalues();
                assertEquals(0, ev[1], 1e-12 * ev[3], "two symmetry zeros " + Arrays.toString(ev));
            }
        }
    }

    @Test
    void theoryFollowsTheMeasurementRangeAndTheTargets() {
        double[] pm1 = {1, -1, -1, 1};
        assertEquals(TangentKernelStudy.Theory.Regime.SUBLINEAR,
                TangentKernelStudy.Theory.of(model(2, 2, 1, "Z0", 1), pm1).regime());
        TangentKernelStudy.Theory half = TangentKernelStudy.Theory.of(model(2, 2, 1, "0.5*Z0*Z1", 2), pm1);
        assertEquals(TangentKernelStudy.Theory.Regime.SUBLINEAR, half.regime(), "range γ·|w| = 1");
        assertEquals(1.0, half.measurementRange(), 0.0);
        TangentKernelStudy.Theory lin = TangentKernelStudy.Theory.of(model(2, 2, 1, "Z0", 1.5), pm1);
        assertEquals(TangentKernelStudy.Theory.Regime.LINEAR, lin.regime());
        assertTrue(lin.statement().contains("±1.5") && lin.statement().contains("max |y| = 1"), lin.statement());
        assertEquals(TangentKernelStudy.Theory.Regime.UNREACHABLE,
                TangentKernelStudy.Theory.of(model(2, 2, 1, "Z0", 0.5), pm1).regime());
        assertEquals(TangentKernelStudy.Theory.Regime.NO_STATEMENT,
                TangentKernelStudy.Theory.of(model(2, 2, 1, "Z0 + X1", 1), pm1).regime());
        assertEquals(TangentKernelStudy.Theory.Regime.NO_STATEMENT,
                TangentKernelStudy.Theory.of(model(2, 2, 1, "Z0", 1), new double[] {1, 0.5}).regime());
    }

    @Test
    void argumentsAreValidated() {
        QnnModel m = model(2, 2, 1, "Z0", 1.0);
        Dataset data = Datasets.parity(2, 0, null);
        BatchModel batch = BatchModel.of(Simulator.create(), m, data.x(), 1);
        double[] th = new double[m.numParameters()];
        for (double eta : new double[] {0, -0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TangentKernel.Options.of(eta, 10));
            assertTrue(e.getMessage().contains("learning rate " + eta) && e.getMessage().contains("> 0"),
                    e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TangentKernel.Options.of(0.1, 0));
        assertTrue(e.getMessage().contains("steps 0") && e.getMessage().contains("1 or more"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TangentKernel.Options.of(0.1, 5).withRecordEvery(0));
        assertTrue(e.getMessage().contains("recordEvery 0") && e.getMessage().contains("1 or more"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BatchModel.of(Simulator.create(), m, data.x(), 0));
        assertTrue(e.getMessage().contains("threads 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> BatchModel.of(Simulator.create(), m, Datasets.parity(3, 0, null).x(), 1));
        assertTrue(e.getMessage().contains("3 features") && e.getMessage().contains("exactly 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TangentKernel.train(batch, data.y(), new double[3],
                TangentKernel.Options.of(0.1, 5)));
        assertTrue(e.getMessage().contains("theta0 has 3 entries"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TangentKernel.train(batch, new double[3], th,
                TangentKernel.Options.of(0.1, 5)));
        assertTrue(e.getMessage().contains("targets has 3 entries") && e.getMessage().contains("exactly 4"));
        e = assertThrows(IllegalArgumentException.class,
                () -> TangentKernel.kernel(Simulator.create(), m, th, new double[][] {{1, 2, 3}}, 1));
        assertTrue(e.getMessage().contains("3 features"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> BatchModel.linear(new double[][] {{1, 2}, {3}}, new double[2]));
        assertTrue(e.getMessage().contains("row 1 of A has 1 entries"), e.getMessage());

        Circuit circuit = m.circuit();
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY, 1e308, 1e-200}) {
            e = assertThrows(IllegalArgumentException.class, () -> TangentKernelStudy.run(Simulator.create(),
                    circuit, Observable.parse("Z0"), data, new double[] {1, bad}, th,
                    TangentKernel.Options.of(0.1, 5), 1, null));
            assertTrue(e.getMessage().contains("gamma " + bad + " (entry 2 of the list)")
                    && e.getMessage().contains("allowed: 1e-100..1e100"), e.getMessage());
        }
        // γ in range whose step η₀/γ² underflows is refused as γ, before any step
        e = assertThrows(IllegalArgumentException.class, () -> TangentKernelStudy.run(Simulator.create(), circuit,
                Observable.parse("Z0"), data, new double[] {1e100}, th, TangentKernel.Options.of(1e-300, 5), 1,
                null));
        assertTrue(e.getMessage().contains("gamma 1.0E100 (entry 1 of the list)")
                && e.getMessage().contains("a normal double (here it is 0.0)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TangentKernelStudy.run(Simulator.create(), circuit,
                Observable.parse("Z0"), data, new double[0], th, TangentKernel.Options.of(0.1, 5), 1, null));
        assertTrue(e.getMessage().contains("no gamma values"), e.getMessage());
    }
}
