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
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.RandomCircuits;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.kernel.KernelTestSupport;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.kernel.ScalarKernel;

/**
 * Gradients against analytic derivatives, and the three methods against each other, on every kernel: adjoint and
 * parameter shift are exact (agree to 1e-9 and, in practice, ~1e-14), finite differences agree to their truncation
 * (1e-7 here). Across kernels the adjoint gradient agrees with the scalar kernel's (the specification) to rounding.
 */
class GradientMethodsTest {

    private static final double EXACT = 1e-9;
    private static final double FD = 1e-7;
    /**
     * Adjoint gradients of one kernel against the scalar kernel's, relative to {@link #SCALE}: both compute the same
     * ~100 state passes of ≤ 2^5 amplitudes in double precision and differ only in rounding (fused multiply-adds,
     * summation order), ~1e-16 per pass; measured ≤ 4e-16, so 1e-12 is loose but still far below any error in a gate
     * or a derivative.
     */
    private static final double ACROSS_KERNELS = 1e-12;
    /** Σ|w| + |c| of {@link #observable}: a bound on its value and on each derivative term. */
    private static final double SCALE = 0.7 + 0.4 + 0.2 + 1.5;

    private static final long[] SEEDS = {1, 2, 3, 4, 5, 6, 7, 8};

    static Stream<Arguments> kernelsAndSeeds() {
        return KernelTestSupport.kernelsWith(SEEDS);
    }

    private static Simulator simulator(KernelType type) {
        return new Simulator(KernelTestSupport.requireOrSkip(type, 1)); // states of ≤ 5 qubits: one thread
    }

    /** The random circuit of a seed: 2–5 qubits, 25 operations of every kind ({@link RandomCircuits}). */
    private static Circuit randomCircuit(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = 2 + rng.nextInt(4);
        return RandomCircuits.circuit(n, rng.longs(25).boxed().toList());
    }

    private static Observable observable(int n) {
        return Observable.parse("0.7*Z0*X1 - 0.4*Y" + (n - 1) + " + 0.2*X0 + 1.5");
    }

    private static List<GradientMethod> methods(Simulator sim) {
        return List.of(new AdjointGradient(sim), new ParameterShiftGradient(sim), new FiniteDifferenceGradient(sim));
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void ryOnZeroGivesMinusSine(KernelType type) {
        List<GradientMethod> methods = methods(simulator(type));
        // <Z> after RY(a·θ + c)|0> is cos(aθ + c), so d/dθ = −a·sin(aθ + c)
        Circuit c = new Circuit(1).declareParameters(1).ry(Angle.param(0, 1.7).plus(0.3), 0);
        double theta = 0.4;
        for (GradientMethod m : methods) {
            Gradient g = m.gradient(c, new double[] {theta}, null, Observable.parse("Z0"));
            assertEquals(Math.cos(1.7 * theta + 0.3), g.value(), 1e-14, m.name());
            assertEquals(-1.7 * Math.sin(1.7 * theta + 0.3), g.gradient()[0], m == methods.get(2) ? FD : EXACT,
                    m.name());
        }
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void sharedParameterSumsItsOccurrences(KernelType type) {
        List<GradientMethod> methods = methods(simulator(type));
        // RX(θ) then RX(θ) on |0> is RX(2θ): <Z> = cos 2θ, derivative −2 sin 2θ
        Circuit c = new Circuit(1).declareParameters(1).rx(Angle.param(0), 0).rx(Angle.param(0), 0);
        for (GradientMethod m : methods) {
            Gradient g = m.gradient(c, new double[] {0.25}, null, Observable.parse("Z0"));
            assertEquals(-2 * Math.sin(0.5), g.gradient()[0], m.name().equals("fd") ? FD : EXACT, m.name());
        }
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void controlledRotationUsesTheFourTermRule(KernelType type) {
        List<GradientMethod> methods = methods(simulator(type));
        // H on control, CRY(θ) on target: <Z1> = 1/2 + cos(θ)/2, derivative −sin(θ)/2
        Circuit c = new Circuit(2).declareParameters(1).h(0).cry(Angle.param(0), 0, 1);
        for (GradientMethod m : methods) {
            Gradient g = m.gradient(c, new double[] {0.9}, null, Observable.parse("Z1"));
            assertEquals(0.5 + 0.5 * Math.cos(0.9), g.value(), 1e-14);
            assertEquals(-0.5 * Math.sin(0.9), g.gradient()[0], m.name().equals("fd") ? FD : EXACT, m.name());
        }
    }

    @Test
    void anglesWhoseStepIsLostInRoundingAreRefused() {
        Simulator sim = new Simulator(new ScalarKernel());
        Circuit c = new Circuit(1).declareParameters(1).rx(Angle.param(0), 0);
        Observable o = Observable.parse("Z0");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FiniteDifferenceGradient(sim).gradient(c, new double[] {1e300}, null, o));
        assertEquals("parameter 0 is 1.0E300: the step of fd (step 1.0E-5) is lost in rounding there (doubles near "
                + "it are 1.49e+284 apart); allowed: |θ| < 6.71e+07 for this method; use the adjoint method or an "
                + "equivalent smaller angle", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new ParameterShiftGradient(sim).gradient(c, new double[] {-1e300}, null, o));
        assertTrue(e.getMessage().startsWith("parameter 0 is -1.0E300: the step of shift (±π/2) is lost")
                && e.getMessage().contains("|θ| < 2.10e+06"), e.getMessage());
        // just inside the bounds: the right derivative of <Z> = cos θ, -sin θ
        for (double theta : new double[] {Math.scalb(1.0, 26) - 1, -Math.scalb(1.0, 21) + 1, 0}) {
            boolean fdOnly = Math.abs(theta) >= Math.scalb(1.0, 21);
            for (GradientMethod m : fdOnly ? List.<GradientMethod>of(new FiniteDifferenceGradient(sim))
                    : List.of(new FiniteDifferenceGradient(sim), new ParameterShiftGradient(sim))) {
                double d = m.gradient(c, new double[] {theta}, null, o).gradient()[0];
                assertEquals(-Math.sin(theta), d, m.name().equals("fd") ? 1e-6 : EXACT, m.name() + " at " + theta);
            }
        }
        assertEquals(-Math.sin(1e300), new AdjointGradient(sim).gradient(c, new double[] {1e300}, null, o)
                .gradient()[0], EXACT, "the adjoint has no step");
    }

    @ParameterizedTest
    @MethodSource("kernelsAndSeeds")
    void methodsAgreeOnRandomCircuits(KernelType type, long seed) {
        Simulator sim = simulator(type);
        Circuit c = randomCircuit(seed);
        double[] theta = RandomCircuits.randomParams(c, seed);
        Observable o = observable(c.numQubits());
        Gradient adj = new AdjointGradient(sim).gradient(c, theta, null, o);
        Gradient shift = new ParameterShiftGradient(sim).gradient(c, theta, null, o);
        Gradient fd = new FiniteDifferenceGradient(sim).gradient(c, theta, null, o);
        assertEquals(adj.value(), shift.value(), 1e-12);
        for (int k = 0; k < theta.length; k++) {
            assertEquals(adj.gradient()[k], shift.gradient()[k], EXACT, "adjoint vs shift, parameter " + k + " of " + c);
            assertEquals(adj.gradient()[k], fd.gradient()[k], FD, "adjoint vs fd, parameter " + k + " of " + c);
        }
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void heaWithInputsAgrees(KernelType type) {
        Simulator sim = simulator(type);
        Circuit c = Ansatz.hea(4, 2);
        double[] theta = RandomCircuits.randomParams(c, 11);
        Observable o = Observable.parse("Z0*Z1 + 0.5*X2 - Y3*Z0");
        Gradient adj = new AdjointGradient(sim).gradient(c, theta, null, o);
        Gradient shift = new ParameterShiftGradient(sim).gradient(c, theta, null, o);
        for (int k = 0; k < theta.length; k++) {
            assertEquals(adj.gradient()[k], shift.gradient()[k], EXACT, "parameter " + k);
        }
    }

    @ParameterizedTest
    @EnumSource(value = KernelType.class, names = "SCALAR", mode = EnumSource.Mode.EXCLUDE)
    void adjointGradientsAgreeWithTheScalarKernel(KernelType type) {
        AdjointGradient tested = new AdjointGradient(simulator(type));
        AdjointGradient reference = new AdjointGradient(new Simulator(new ScalarKernel()));
        for (long seed : SEEDS) {
            Circuit c = randomCircuit(seed);
            double[] theta = RandomCircuits.randomParams(c, seed);
            Observable o = observable(c.numQubits());
            Gradient g = tested.gradient(c, theta, null, o);
            Gradient want = reference.gradient(c, theta, null, o);
            assertEquals(want.value(), g.value(), ACROSS_KERNELS * SCALE, "value, seed " + seed);
            for (int k = 0; k < theta.length; k++) {
                assertEquals(want.gradient()[k], g.gradient()[k], ACROSS_KERNELS * SCALE,
                        type + " vs scalar, parameter " + k + ", seed " + seed + " of " + c);
            }
        }
    }

    @Test
    void badInputsNameTheProblem() {
        // every check runs before the kernel is touched, so one kernel covers them all
        Simulator sim = new Simulator(new ScalarKernel());
        Circuit c = Ansatz.hea(2, 1);
        GradientMethod m = new AdjointGradient(sim);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.gradient(c, new double[3], null, Observable.parse("Z0")));
        assertTrue(e.getMessage().contains("4 parameters but 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> m.gradient(c, new double[] {0, Double.NaN, 0, 0}, null, Observable.parse("Z0")));
        assertTrue(e.getMessage().contains("parameter 1 is NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> m.gradient(c, new double[4], null, Observable.parse("Z5")));
        assertTrue(e.getMessage().contains("qubit 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GradientMethod.byName("backprop", sim));
        assertTrue(e.getMessage().contains("adjoint, shift, fd"), e.getMessage());
    }
}
