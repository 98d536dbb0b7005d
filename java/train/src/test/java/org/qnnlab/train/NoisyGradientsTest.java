package org.qnnlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
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
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.kernel.KernelTestSupport;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.kernel.ScalarKernel;
import org.qnnlab.sim.noise.Channel;
import org.qnnlab.sim.noise.DensityMatrixSimulator;
import org.qnnlab.sim.noise.NoiseModel;

/**
 * Gradients of noisy circuits on density matrices, on every kernel: the density-matrix adjoint
 * ({@link DensityMatrixAdjointGradient}) against analytic derivatives, exact parameter shift (to 1e-10) and central
 * finite differences (to 1e-6), on HEA and HVA circuits with depolarizing, amplitude-damping and thermal-relaxation
 * noise and on random circuits of every gate kind with random channels; without channels it equals the state-vector
 * {@link AdjointGradient} to 1e-12.
 *
 * <p>Tolerances: adjoint and shift are both exact and compute ~100–1000 passes over ≤ 2^10 amplitudes, so they differ
 * by rounding (~1e-14 measured); 1e-10 leaves room. Finite differences with h = 1e-5 carry the truncation
 * {@code h²/6·|f'''|} ≲ 1e-10·Σ|w| plus rounding ~1e-11; 1e-6 is the brief's bound.
 */
class NoisyGradientsTest {

    private static final double EXACT = 1e-10;
    private static final double FD = 1e-6;
    private static final double NOISELESS = 1e-12;

    static Stream<Arguments> kernelsAndSeeds() {
        return KernelTestSupport.kernelsWith(1, 2, 3);
    }

    private static DensityMatrixSimulator engine(KernelType type) {
        return new DensityMatrixSimulator(new Simulator(KernelTestSupport.requireOrSkip(type, 1)));
    }

    private static List<GradientMethod> methods(DensityMatrixSimulator dm) {
        return List.of(new DensityMatrixAdjointGradient(dm), new ParameterShiftGradient(dm),
                new FiniteDifferenceGradient(dm));
    }

    private static void assertAgree(DensityMatrixSimulator dm, Circuit c, double[] theta, Observable o, String what) {
        List<GradientMethod> m = methods(dm);
        Gradient adj = m.get(0).gradient(c, theta, null, o);
        Gradient shift = m.get(1).gradient(c, theta, null, o);
        Gradient fd = m.get(2).gradient(c, theta, null, o);
        assertEquals(dm.expectation(c, theta, null, o), adj.value(), 1e-12, "value, " + what);
        assertEquals(adj.value(), shift.value(), 1e-12, "value, " + what);
        double norm = 0;
        for (int k = 0; k < theta.length; k++) {
            assertEquals(shift.gradient()[k], adj.gradient()[k], EXACT, "adjoint vs shift, parameter " + k + ", " + what);
            assertEquals(shift.gradient()[k], fd.gradient()[k], FD, "fd vs shift, parameter " + k + ", " + what);
            norm += Math.abs(adj.gradient()[k]);
        }
        assertTrue(norm > 1e-3, "a gradient that is not all zero, " + what + ": " + norm);
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void depolarizingAndAmplitudeDampingMatchTheirAnalyticDerivatives(KernelType type) {
        DensityMatrixSimulator dm = engine(type);
        double theta = 0.7;
        // RY(θ)|0>, then depolarizing p: <Z> = (1 − 4p/3) cos θ
        double p = 0.1;
        Circuit dep = new Circuit(1).declareParameters(1).ry(Angle.param(0), 0).channel(Channel.depolarizing(p), 0);
        // RX(2θ + 0.3)|0>, then amplitude damping γ: P(1) = (1 − γ) sin²(α/2), <Z> = 1 − 2(1 − γ) sin²(α/2)
        double gamma = 0.3;
        Circuit amp = new Circuit(1).declareParameters(1).rx(Angle.param(0, 2).plus(0.3), 0)
                .channel(Channel.amplitudeDamping(gamma), 0);
        double alpha = 2 * theta + 0.3;
        for (GradientMethod m : methods(dm)) {
            double tol = m instanceof FiniteDifferenceGradient ? FD : 1e-13;
            Gradient g = m.gradient(dep, new double[] {theta}, null, Observable.parse("Z0"));
            assertEquals((1 - 4 * p / 3) * Math.cos(theta), g.value(), 1e-14, m.name());
            assertEquals(-(1 - 4 * p / 3) * Math.sin(theta), g.gradient()[0], tol, m.name());
            g = m.gradient(amp, new double[] {theta}, null, Observable.parse("Z0"));
            assertEquals(1 - 2 * (1 - gamma) * Math.pow(Math.sin(alpha / 2), 2), g.value(), 1e-14, m.name());
            assertEquals(-2 * (1 - gamma) * Math.sin(alpha), g.gradient()[0], tol, m.name()); // d/dθ = 2·d/dα
        }
    }

    @ParameterizedTest
    @MethodSource("kernelsAndSeeds")
    void methodsAgreeOnNoisyHeaAndHva(KernelType type, long seed) {
        DensityMatrixSimulator dm = engine(type);
        List<NoiseModel> models = List.of(
                NoiseModel.parse("depolarizing:0.02"),
                NoiseModel.parse(List.of("amplitude_damping:0.05", "depolarizing2:0.03@gates=2q")),
                NoiseModel.parse(List.of("thermal:50,40,1@gates=1q", "thermal:50,70,4@gates=2q")));
        Observable o = Observable.parse("0.7*Z0*Z1 - 0.4*X2 + 0.3*Y1 + 0.5");
        for (NoiseModel noise : models) {
            Circuit hea = noise.apply(Ansatz.hea(3, 2));
            assertAgree(dm, hea, hea.randomParameters(seed), o, "HEA with " + noise);
            Circuit hva = noise.apply(Ansatz.hvaTfim(3, 2, Boundary.OPEN));
            assertAgree(dm, hva, hva.randomParameters(seed), o, "HVA with " + noise);
        }
    }

    /** Random circuits of every gate kind (controlled rotations, U3, Pauli strings, shared and affine angles). */
    @ParameterizedTest
    @MethodSource("kernelsAndSeeds")
    void methodsAgreeOnRandomCircuitsWithRandomChannels(KernelType type, long seed) {
        DensityMatrixSimulator dm = engine(type);
        SplittableRandom rng = new SplittableRandom(seed);
        int n = 2 + rng.nextInt(2);
        Circuit gates = RandomCircuits.circuit(n, rng.longs(14).boxed().toList());
        List<Channel> channels = List.of(Channel.depolarizing(0.05), Channel.amplitudeDamping(0.1),
                Channel.phaseDamping(0.2), Channel.thermalRelaxation(30, 45, 2), Channel.depolarizing2(0.04),
                Channel.generalizedAmplitudeDamping(0.8, 0.1));
        Circuit c = RandomCircuits.withChannels(gates, channels, rng);
        double[] theta = RandomCircuits.randomParams(c, seed);
        assertAgree(dm, c, theta, Observable.parse("0.7*Z0*X1 - 0.4*Y" + (n - 1) + " + 0.2*X0 + 1.5"),
                "random circuit " + c);
    }

    /** Many channels: the checkpoint segments (⌈√m⌉ channels each) are exercised, including a short last one. */
    @ParameterizedTest
    @EnumSource(KernelType.class)
    void checkpointedSweepOverManyChannels(KernelType type) {
        DensityMatrixSimulator dm = engine(type);
        Circuit c = NoiseModel.parse("depolarizing:0.01").apply(Ansatz.hea(3, 4)); // 4·(6 + 2·2) = 40 channels
        assertEquals(40, c.channels().size());
        assertEquals(3 + 6 + 7, DensityMatrixAdjointGradient.matricesNeeded(40));
        assertAgree(dm, c, c.randomParameters(5), Observable.parse("Z0 + X1*X2"), "HEA(3, 4) with depolarizing");
    }

    /** 7 qubits (a 14-qubit vector): fused forward runs and fused inverse pairs give the unfused gradient. */
    @ParameterizedTest
    @EnumSource(KernelType.class)
    void fusedAndUnfusedSweepsAgree(KernelType type) {
        Simulator sim = new Simulator(KernelTestSupport.requireOrSkip(type, 1));
        Circuit c = NoiseModel.parse(List.of("depolarizing:0.02", "amplitude_damping:0.03@gates=1q"))
                .apply(Ansatz.hea(7, 2));
        double[] theta = c.randomParameters(3);
        Observable o = Observable.parse("Z0*Z6 + 0.5*X3");
        Gradient fused = new DensityMatrixAdjointGradient(new DensityMatrixSimulator(sim)).gradient(c, theta, null, o);
        Gradient plain = new DensityMatrixAdjointGradient(new DensityMatrixSimulator(sim.withFusion(false)))
                .gradient(c, theta, null, o);
        assertEquals(plain.value(), fused.value(), 1e-12);
        for (int k = 0; k < theta.length; k++) {
            assertEquals(plain.gradient()[k], fused.gradient()[k], 1e-12, "parameter " + k);
        }
        // and one parameter by exact shift, as an independent check at this size
        Gradient shift = new ParameterShiftGradient(new DensityMatrixSimulator(sim)).gradient(c, theta, null, o);
        assertEquals(shift.gradient()[5], fused.gradient()[5], EXACT);
    }

    @ParameterizedTest
    @MethodSource("kernelsAndSeeds")
    void noiselessLimitEqualsTheStateVectorAdjoint(KernelType type, long seed) {
        DensityMatrixSimulator dm = engine(type);
        SplittableRandom rng = new SplittableRandom(seed);
        int n = 2 + rng.nextInt(3);
        Circuit c = RandomCircuits.circuit(n, rng.longs(25).boxed().toList());
        double[] theta = RandomCircuits.randomParams(c, seed);
        Observable o = Observable.parse("0.7*Z0*X1 - 0.4*Y" + (n - 1) + " + 0.2*X0 + 1.5");
        Gradient want = new AdjointGradient(dm.simulator()).gradient(c, theta, null, o);
        Gradient got = new DensityMatrixAdjointGradient(dm).gradient(c, theta, null, o);
        assertEquals(want.value(), got.value(), NOISELESS);
        for (int k = 0; k < theta.length; k++) {
            assertEquals(want.gradient()[k], got.gradient()[k], NOISELESS, "parameter " + k + " of " + c);
        }
        // a channel of probability 0 is the identity
        Circuit zero = NoiseModel.parse("depolarizing:0").apply(Ansatz.hea(3, 2));
        double[] t = zero.randomParameters(seed);
        Observable o3 = Observable.parse("Z0*X2 - 0.4*Y1");
        Gradient sv = new AdjointGradient(dm.simulator()).gradient(Ansatz.hea(3, 2), t, null, o3);
        Gradient dmg = new DensityMatrixAdjointGradient(dm).gradient(zero, t, null, o3);
        for (int k = 0; k < t.length; k++) {
            assertEquals(sv.gradient()[k], dmg.gradient()[k], NOISELESS, "depolarizing:0, parameter " + k);
        }
    }

    @ParameterizedTest
    @EnumSource(value = KernelType.class, names = "SCALAR", mode = EnumSource.Mode.EXCLUDE)
    void adjointAgreesWithTheScalarKernel(KernelType type) {
        DensityMatrixSimulator tested = engine(type);
        DensityMatrixSimulator reference = new DensityMatrixSimulator(new Simulator(new ScalarKernel()));
        Circuit c = NoiseModel.parse(List.of("amplitude_damping:0.05", "depolarizing:0.02")).apply(Ansatz.hea(4, 2));
        double[] theta = c.randomParameters(9);
        Observable o = Observable.parse("Z0*Z3 - 0.5*X1");
        Gradient g = new DensityMatrixAdjointGradient(tested).gradient(c, theta, null, o);
        Gradient want = new DensityMatrixAdjointGradient(reference).gradient(c, theta, null, o);
        for (int k = 0; k < theta.length; k++) {
            assertEquals(want.gradient()[k], g.gradient()[k], 1e-12, type + " vs scalar, parameter " + k);
        }
    }

    @Test
    void stateVectorMethodsRefuseChannelsAndNamesSelectNoisyMethods() {
        Simulator sim = new Simulator(new ScalarKernel());
        DensityMatrixSimulator dm = new DensityMatrixSimulator(sim);
        Circuit c = NoiseModel.parse("depolarizing:0.01").apply(Ansatz.hea(2, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AdjointGradient(sim).gradient(c, new double[4], null, Observable.parse("Z0")));
        assertTrue(e.getMessage().contains("channel"), e.getMessage());
        assertTrue(GradientMethod.byName("adjoint", dm) instanceof DensityMatrixAdjointGradient);
        assertEquals("shift", GradientMethod.byName("shift", dm).name());
        assertEquals("fd", GradientMethod.byName("fd", dm).name());
        e = assertThrows(IllegalArgumentException.class, () -> GradientMethod.byName("exact", dm));
        assertEquals("unknown gradient method 'exact'; allowed: adjoint, shift, fd", e.getMessage());
    }

    /**
     * A {@link QnnModel} whose circuit holds channels trains on density matrices: its values are the noisy
     * expectations and its Jacobian rows are the parameter-shift gradients of each sample, with data inputs.
     */
    @ParameterizedTest
    @EnumSource(KernelType.class)
    void aNoisyModelsValuesAndJacobianAreTheDensityMatrixOnes(KernelType type) {
        DensityMatrixSimulator dm = engine(type);
        Simulator sim = dm.simulator();
        Circuit enc = org.qnnlab.sim.Encodings.angle(new Circuit(3).declareInputs(3), 3, org.qnnlab.sim.Gates.RX, 1.0);
        Circuit clean = new Circuit(3).append(enc).append(Ansatz.hea(3, 2));
        Circuit noisy = NoiseModel.parse(List.of("depolarizing:0.03", "amplitude_damping:0.02@gates=2q"))
                .apply(clean);
        QnnModel model = new QnnModel(noisy, Observable.parse("Z0*Z1 + 0.5*X2"), 1.5);
        double[] theta = noisy.randomParameters(4);
        double[][] xs = {{0.1, 0.7, -0.4}, {1.3, -0.2, 2.2}};
        double[] values = model.values(sim, theta, xs, 2);
        Jacobian j = model.jacobian(sim, theta, xs, 2);
        ParameterShiftGradient shift = new ParameterShiftGradient(dm);
        for (int i = 0; i < xs.length; i++) {
            Gradient g = shift.gradient(noisy, theta, xs[i], model.scaledObservable());
            assertEquals(g.value(), values[i], NOISELESS, "value " + i);
            assertEquals(g.value(), j.values()[i], NOISELESS, "jacobian value " + i);
            for (int k = 0; k < theta.length; k++) {
                assertEquals(g.gradient()[k], j.rows()[i][k], EXACT, "row " + i + " θ" + k);
            }
            double cleanValue = new QnnModel(clean, model.observable(), 1.5).value(sim, theta, xs[i]);
            assertTrue(Math.abs(cleanValue - values[i]) > 1e-4, "the noise changes the value");
        }
    }
}
