package org.qnnlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.qnnlab.sim.Angle;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.RandomCircuits;
import org.qnnlab.sim.ShotEstimator;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.kernel.KernelTestSupport;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.kernel.ScalarKernel;

/**
 * The Hessian against analytic values and finite differences; multi-observable Jacobians; shot-based shifts. Every
 * test runs on every kernel.
 */
class HessianAndJacobianTest {

    static Stream<Arguments> kernelsAndSeeds() {
        return KernelTestSupport.kernelsWith(1, 2, 3);
    }

    private static Simulator simulator(KernelType type) {
        return new Simulator(KernelTestSupport.requireOrSkip(type, 1)); // states of ≤ 3 qubits: one thread
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void productOfCosinesHasTheAnalyticHessian(KernelType type) {
        Simulator sim = simulator(type);
        // RY(θ0) ⊗ RY(θ1) on |00>, O = Z0 Z1: f = cos θ0 cos θ1
        Circuit c = new Circuit(2).declareParameters(2).ry(Angle.param(0), 0).ry(Angle.param(1), 1);
        double a = 0.7;
        double b = -1.3;
        double[][] h = Hessian.compute(sim, c, new double[] {a, b}, null, Observable.parse("Z0*Z1"));
        assertEquals(-Math.cos(a) * Math.cos(b), h[0][0], 1e-12);
        assertEquals(-Math.cos(a) * Math.cos(b), h[1][1], 1e-12);
        assertEquals(Math.sin(a) * Math.sin(b), h[0][1], 1e-12);
        assertEquals(h[0][1], h[1][0], 0);
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void sharedAndScaledParameterFollowsTheChainRule(KernelType type) {
        Simulator sim = simulator(type);
        // RX(2θ) twice on |0>: <Z> = cos 4θ, f'' = −16 cos 4θ; and a controlled rotation (four-term rule)
        Circuit c = new Circuit(1).declareParameters(1).rx(Angle.param(0, 2), 0).rx(Angle.param(0, 2), 0);
        double[][] h = Hessian.compute(sim, c, new double[] {0.3}, null, Observable.parse("Z0"));
        assertEquals(-16 * Math.cos(1.2), h[0][0], 1e-12);
        // H then CRY(θ): <Z1> = 1/2 + cos θ / 2, f'' = −cos θ / 2
        Circuit cr = new Circuit(2).declareParameters(1).h(0).cry(Angle.param(0), 0, 1);
        double[][] hc = Hessian.compute(sim, cr, new double[] {0.9}, null, Observable.parse("Z1"));
        assertEquals(-0.5 * Math.cos(0.9), hc[0][0], 1e-12);
    }

    @ParameterizedTest
    @MethodSource("kernelsAndSeeds")
    void hessianMatchesFiniteDifferencesOfTheAdjointGradient(KernelType type, long seed) {
        Simulator sim = simulator(type);
        SplittableRandom rng = new SplittableRandom(seed);
        int n = 2 + rng.nextInt(2);
        Circuit c = RandomCircuits.circuit(n, rng.longs(12).boxed().toList());
        double[] theta = RandomCircuits.randomParams(c, seed);
        Observable o = Observable.parse("0.6*Z0*X1 + 0.3*Y0 - 0.8*Z" + (n - 1));
        double[][] h = Hessian.compute(sim, c, theta, null, o);
        AdjointGradient adj = new AdjointGradient(sim);
        double eps = 1e-5;
        for (int k = 0; k < theta.length; k++) {
            double[] p = theta.clone();
            double[] m = theta.clone();
            p[k] += eps;
            m[k] -= eps;
            double[] gp = adj.gradient(c, p, null, o).gradient();
            double[] gm = adj.gradient(c, m, null, o).gradient();
            for (int l = 0; l < theta.length; l++) {
                assertEquals((gp[l] - gm[l]) / (2 * eps), h[l][k], 1e-6, "H[" + l + "][" + k + "] of " + c);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void jacobianOverObservablesEqualsSeparateGradients(KernelType type) {
        Simulator sim = simulator(type);
        Circuit c = RandomCircuits.circuit(3, new SplittableRandom(9).longs(20).boxed().toList());
        double[] theta = RandomCircuits.randomParams(c, 9);
        List<Observable> obs = List.of(Observable.parse("Z0"), Observable.parse("X1*Y2 + 0.5"),
                Observable.parse("0.3*Z0*Z1*Z2 - X0"));
        AdjointGradient adj = new AdjointGradient(sim);
        Jacobian j = adj.jacobian(c, theta, null, obs);
        for (int i = 0; i < obs.size(); i++) {
            Gradient g = new ParameterShiftGradient(sim).gradient(c, theta, null, obs.get(i));
            assertEquals(g.value(), j.values()[i], 1e-12);
            for (int k = 0; k < theta.length; k++) {
                assertEquals(g.gradient()[k], j.rows()[i][k], 1e-9, "observable " + i + ", parameter " + k);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void shotBasedShiftIsUnbiasedWithinItsStandardError(KernelType type) {
        Simulator sim = simulator(type);
        // f = cos θ on one qubit; each shifted term is a mean of ±1 outcomes with variance ≤ 1/shots
        Circuit c = new Circuit(1).declareParameters(1).ry(Angle.param(0), 0);
        int shots = 20_000;
        double theta = 0.8;
        int runs = 20;
        double sum = 0;
        for (int r = 0; r < runs; r++) {
            ParameterShiftGradient ps = new ParameterShiftGradient(sim, shots, 100 + r);
            sum += ps.gradient(c, new double[] {theta}, null, Observable.parse("Z0")).gradient()[0];
        }
        double mean = sum / runs;
        // sd of one estimate ≤ sqrt(2·(1/4)·(1/shots)) ≈ 0.005; of the mean over 20 runs ≈ 0.0011
        assertEquals(-Math.sin(theta), mean, 0.005);
        ParameterShiftGradient a = new ParameterShiftGradient(sim, shots, 7);
        ParameterShiftGradient b = new ParameterShiftGradient(sim, shots, 7);
        double first = a.gradient(c, new double[] {theta}, null, Observable.parse("Z0")).gradient()[0];
        assertEquals(first, b.gradient(c, new double[] {theta}, null, Observable.parse("Z0")).gradient()[0], 0,
                "the same seed and call sequence give the same estimate");
        // StateKernel.sample promises the same shots for a seed on every kernel: the states differ only in rounding,
        // and a shot could change only if a uniform fell within ~1e-16 of a cumulative probability
        ParameterShiftGradient scalar = new ParameterShiftGradient(new Simulator(new ScalarKernel()), shots, 7);
        assertEquals(scalar.gradient(c, new double[] {theta}, null, Observable.parse("Z0")).gradient()[0], first, 0,
                "the same seed gives the same shots on " + type + " as on the scalar kernel");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new ParameterShiftGradient(sim, 0, 1));
        assertTrue(e.getMessage().contains("shots 0") && e.getMessage().contains("" + ShotEstimator.MAX_SHOTS));
    }
}
