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
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Boundary;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.RandomCircuits;
import org.qnnlab.sim.ShotEstimator;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.kernel.KernelTestSupport;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.kernel.ScalarKernel;
import org.qnnlab.sim.noise.Channel;
import org.qnnlab.sim.noise.DensityMatrixSimulator;
import org.qnnlab.sim.noise.NoiseModel;

/**
 * The Hessian against analytic values and finite differences, noiseless and under noise (on density matrices);
 * multi-observable Jacobians; shot-based shifts. Every test runs on every kernel.
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
        double[][] h = assertFiniteDifferences(new AdjointGradient(sim), c, theta, o);
        assertEquals(0, maxDifference(h, Hessian.compute(sim, c, theta, null, o)), 0.0,
                "the Simulator form is the AdjointGradient form");
    }

    private static double maxDifference(double[][] a, double[][] b) {
        double d = 0;
        for (int k = 0; k < a.length; k++) {
            for (int l = 0; l < a.length; l++) {
                d = Math.max(d, Math.abs(a[k][l] - b[k][l]));
            }
        }
        return d;
    }

    /**
     * Under noise the shift rule on the density-matrix adjoint gradient is still exact: it matches central finite
     * differences of that gradient (h = 1e-5: truncation h²/6·|∂³f| ≲ 1e-10, rounding ~1e-11/h ≈ 1e-6 at worst), on
     * the HVA with depolarizing and amplitude damping and on random circuits of every gate kind (controlled rotations
     * take the four-term rule) with random channels; and the noise visibly changes it.
     */
    @ParameterizedTest
    @MethodSource("kernelsAndSeeds")
    void noisyHessianMatchesFiniteDifferencesOfTheDensityMatrixAdjointGradient(KernelType type, long seed) {
        Simulator sim = simulator(type);
        DensityMatrixAdjointGradient adj = new DensityMatrixAdjointGradient(new DensityMatrixSimulator(sim));
        Circuit clean = Ansatz.hvaTfim(3, 2, Boundary.OPEN);
        Circuit hva = NoiseModel.parse(List.of("depolarizing:0.03", "amplitude_damping:0.05@gates=2q")).apply(clean);
        Observable tfim = Observable.parse("-1*Z0*Z1 - Z1*Z2 - X0 - X1 - X2");
        double[] t = hva.randomParameters(seed);
        double[][] h = assertFiniteDifferences(adj, hva, t, tfim);
        double[][] noiseless = Hessian.compute(sim, clean, t, null, tfim);
        double differs = 0;
        for (int k = 0; k < t.length; k++) {
            for (int l = 0; l < t.length; l++) {
                differs = Math.max(differs, Math.abs(h[k][l] - noiseless[k][l]));
            }
        }
        assertTrue(differs > 1e-2, "the noise changes the Hessian: max difference " + differs);

        SplittableRandom rng = new SplittableRandom(seed);
        int n = 2 + rng.nextInt(2);
        Circuit gates = RandomCircuits.circuit(n, rng.longs(12).boxed().toList());
        List<Channel> channels = List.of(Channel.depolarizing(0.05), Channel.amplitudeDamping(0.1),
                Channel.phaseDamping(0.2), Channel.depolarizing2(0.04));
        Circuit c = RandomCircuits.withChannels(gates, channels, rng);
        assertFiniteDifferences(adj, c, RandomCircuits.randomParams(c, seed),
                Observable.parse("0.6*Z0*X1 + 0.3*Y0 - 0.8*Z" + (n - 1)));
    }

    /** With channels of probability 0 the density-matrix Hessian is the state-vector one, to rounding. */
    @ParameterizedTest
    @MethodSource("kernelsAndSeeds")
    void noiselessLimitOfTheNoisyHessianIsTheStateVectorHessian(KernelType type, long seed) {
        Simulator sim = simulator(type);
        Circuit clean = Ansatz.hvaTfim(3, 2, Boundary.PERIODIC);
        Circuit zero = NoiseModel.parse("depolarizing:0.0").apply(clean);
        assertTrue(zero.channels().size() > 0, "channels placed");
        Observable o = Observable.parse("-1*Z0*Z1 - Z1*Z2 - Z2*Z0 - 0.7*X0 - 0.7*X1 - 0.7*X2");
        double[] t = clean.randomParameters(seed);
        double[][] want = Hessian.compute(sim, clean, t, null, o);
        double[][] got = Hessian.compute(new DensityMatrixAdjointGradient(new DensityMatrixSimulator(sim)), zero, t,
                null, o);
        for (int k = 0; k < t.length; k++) {
            for (int l = 0; l < t.length; l++) {
                assertEquals(want[k][l], got[k][l], 1e-11, "H[" + k + "][" + l + "]");
            }
        }
    }

    /** Asserts the Hessian by {@code method} matches central differences of its gradient, and returns it. */
    private static double[][] assertFiniteDifferences(GradientMethod method, Circuit c, double[] theta,
            Observable o) {
        double[][] h = Hessian.compute(method, c, theta, null, o);
        double eps = 1e-5;
        for (int k = 0; k < theta.length; k++) {
            double[] p = theta.clone();
            double[] m = theta.clone();
            p[k] += eps;
            m[k] -= eps;
            double[] gp = method.gradient(c, p, null, o).gradient();
            double[] gm = method.gradient(c, m, null, o).gradient();
            for (int l = 0; l < theta.length; l++) {
                assertEquals((gp[l] - gm[l]) / (2 * eps), h[l][k], 1e-6, "H[" + l + "][" + k + "] of " + c);
                assertEquals(h[k][l], h[l][k], 0, "symmetric");
            }
        }
        return h;
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
