package org.qnnlab.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.qnnlab.analysis.ensemble.CircuitSpec;
import org.qnnlab.analysis.ensemble.EnsembleRunner;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Boundary;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Hamiltonians;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.kernel.KernelTestSupport;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.noise.DensityMatrixSimulator;
import org.qnnlab.sim.noise.NoiseModel;
import org.qnnlab.train.Hessian;
import org.qnnlab.train.ParameterShiftGradient;

/**
 * {@link Landscape} under noise: channels of probability 0 give the noiseless runs; under depolarizing noise every
 * converged run is stationary by an independent gradient (exact parameter shift on the density matrix), its energies
 * are the density matrix's and the noiseless state's at its end point, the best-found reference lies above E0 and
 * success and spurious minima are counted against it; every kernel gives the same runs.
 */
class LandscapeNoiseTest {

    private static final int N = 4;
    private static final Observable H = Hamiltonians.tfim(N, 1, Boundary.OPEN);
    private static final double E0 = Landscape.groundEnergy(H, N);
    private static final Landscape.Options OPTIONS = Landscape.Options.defaults().withInits(5).withSeed(3);

    private static Simulator sim(KernelType type) {
        return new Simulator(KernelTestSupport.requireOrSkip(type, 1));
    }

    private static List<Landscape.Point> explore(Simulator sim, List<Circuit> circuits, List<String> noise,
            OptionalDouble globalMinimum) {
        return Landscape.exploreAll(EnsembleRunner.local(2), sim,
                circuits.stream().map(CircuitSpec::of).toList(), H, E0, OPTIONS, noise, globalMinimum);
    }

    @Test
    void zeroNoiseGivesTheNoiselessRuns() {
        Simulator sim = sim(KernelType.SCALAR);
        List<Circuit> circuits = List.of(Ansatz.hvaTfim(N, 2, Boundary.OPEN), Ansatz.hvaTfim(N, 5, Boundary.OPEN));
        List<Landscape.Point> clean = Landscape.exploreAll(EnsembleRunner.local(2), sim,
                circuits.stream().map(CircuitSpec::of).toList(), H, E0, OPTIONS);
        List<Landscape.Point> zero = explore(sim, circuits, List.of("depolarizing:0.0"), OptionalDouble.of(E0));
        for (int p = 0; p < circuits.size(); p++) {
            Landscape.Point a = clean.get(p);
            Landscape.Point b = zero.get(p);
            assertEquals(Landscape.ReferenceKind.GROUND_ENERGY, a.reference().kind());
            assertEquals(Landscape.ReferenceKind.GIVEN, b.reference().kind());
            assertEquals(E0, b.reference().value(), 0);
            for (int i = 0; i < OPTIONS.inits(); i++) {
                Landscape.Run x = a.runs().get(i);
                Landscape.Run y = b.runs().get(i);
                String what = "L = " + (p == 0 ? 2 : 5) + ", run " + i;
                assertNull(x.noiselessLoss(), "a noiseless run records no separate noiseless energy");
                assertEquals(x.finalLoss(), y.finalLoss(), 1e-9, what);
                assertEquals(y.finalLoss(), y.noiselessLoss(), 1e-12, "p = 0: the noisy energy is the noiseless one");
                assertEquals(x.kind(), y.kind(), what);
                assertEquals(x.success(), y.success(), what);
                // at L = 2 (M = 4) the minima are isolated: the same end point and Hessian spectrum; at L = 5 they
                // form a manifold of global minima, along which rounding-level differences in the paths end apart
                if (p == 0) {
                    for (int k = 0; k < x.parameters().length; k++) {
                        assertEquals(x.parameters()[k], y.parameters()[k], 1e-4, what + ", θ_" + k);
                    }
                    double scale = Math.abs(x.hessianEigenvalues()[x.hessianEigenvalues().length - 1]);
                    for (int k = 0; k < x.hessianEigenvalues().length; k++) {
                        assertEquals(x.hessianEigenvalues()[k], y.hessianEigenvalues()[k], 1e-6 * scale, what);
                    }
                }
            }
            assertEquals(a.successFraction(), b.successFraction());
            assertEquals(a.minima(), b.minima());
            assertEquals(a.spuriousMinima(), b.spuriousMinima());
        }
        assertEquals(0.0, clean.get(0).successFraction(), "two layers cannot reach the ground state");
        assertEquals(1.0, clean.get(1).successFraction(), "five layers (M = 10 > M_c = 8) do");
        // the best-found reference of the p = 0 runs is then the ground energy itself
        Landscape.Point best = explore(sim, circuits.subList(1, 2), List.of("depolarizing:0.0"),
                OptionalDouble.empty()).get(0);
        assertEquals(Landscape.ReferenceKind.BEST_FOUND, best.reference().kind());
        assertEquals(E0, best.reference().value(), 1e-9);
        assertEquals(1.0, best.successFraction());
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void depolarizingNoiseIsMeasuredAgainstTheBestFound(KernelType type) {
        Simulator sim = sim(type);
        String rule = "depolarizing:0.02";
        Circuit clean = Ansatz.hvaTfim(N, 3, Boundary.OPEN);
        Circuit noisy = NoiseModel.parse(rule).apply(clean);
        DensityMatrixSimulator dm = new DensityMatrixSimulator(sim);
        ParameterShiftGradient shift = new ParameterShiftGradient(dm);
        Landscape.Point p = explore(sim, List.of(clean), List.of(rule), OptionalDouble.empty()).get(0);
        Landscape.Point noiseless = Landscape.exploreAll(EnsembleRunner.local(2), sim, List.of(CircuitSpec.of(clean)),
                H, E0, OPTIONS).get(0);
        double noiselessBest = Double.POSITIVE_INFINITY;
        for (Landscape.Run r : noiseless.runs()) {
            noiselessBest = Math.min(noiselessBest, r.finalLoss());
        }

        assertEquals(Landscape.ReferenceKind.BEST_FOUND, p.reference().kind());
        assertEquals(E0, p.groundEnergy(), 0);
        assertEquals(0, p.unconverged(), "the defaults converge here");
        double best = Double.POSITIVE_INFINITY;
        int ok = 0;
        int spurious = 0;
        for (Landscape.Run r : p.runs()) {
            double[] t = r.parameters();
            assertEquals(dm.expectation(noisy, t, null, H), r.finalLoss(), 1e-12, "Tr(H rho) at the end point");
            assertEquals(sim.expectation(clean, t, null, H), r.noiselessLoss(), 1e-12, "noiseless energy there");
            assertTrue(r.finalLoss() > r.noiselessLoss() + 1e-2, "depolarizing raises the energy at the end point: "
                    + r.finalLoss() + " vs " + r.noiselessLoss());
            assertTrue(r.finalLoss() > noiselessBest + 1e-2, "above the noiseless landscape's best " + noiselessBest);
            double g = norm(shift.gradient(noisy, t, null, H).gradient());
            assertEquals(g, r.gradientNorm(), 1e-9, "adjoint and parameter shift on the density matrix agree");
            assertTrue(g < OPTIONS.gradientTolerance(), "stationary by an independent gradient: " + g);
            best = Math.min(best, r.finalLoss());
            assertEquals(r.finalLoss() <= p.reference().value() + OPTIONS.tolerance(), r.success());
            ok += r.success() ? 1 : 0;
            spurious += r.kind() == Landscape.Kind.MINIMUM && !r.success() ? 1 : 0;
        }
        assertEquals(best, p.reference().value(), 0, "the lowest converged energy");
        assertTrue(best >= E0 - 1e-9, "E0 bounds every state's energy: " + best + " vs " + E0);
        assertTrue(best > E0 + 0.05, "and noise keeps the runs well above it: " + best);
        assertTrue(p.aboveGroundEnergy());
        assertTrue(ok >= 1, "the run that sets the reference succeeds");
        assertEquals((double) ok / OPTIONS.inits(), p.successFraction());
        assertEquals((double) ok / p.converged(), p.convergedSuccessFraction());
        assertEquals(spurious, p.spuriousMinima());
        // the Hessian of one end point, again by exact parameter shift on the density matrix (independent of the adjoint)
        Landscape.Run first = p.runs().get(0);
        double[][] want = Hessian.compute(shift, noisy, first.parameters(), null, H);
        for (int k = 0; k < want.length; k++) {
            for (int l = 0; l < want.length; l++) {
                assertEquals(want[k][l], first.hessian()[k][l], 1e-9, "H[" + k + "][" + l + "]");
            }
        }

        // against E0 as a reference nothing succeeds: the noisy minimum lies above it
        Landscape.Point vsE0 = explore(sim, List.of(clean), List.of(rule), OptionalDouble.of(E0)).get(0);
        assertEquals(Landscape.ReferenceKind.GIVEN, vsE0.reference().kind());
        assertEquals(0.0, vsE0.successFraction());
        assertEquals(vsE0.minima(), vsE0.spuriousMinima());

        // every kernel gives the scalar kernel's runs
        if (type != KernelType.SCALAR) {
            Landscape.Point ref = explore(sim(KernelType.SCALAR), List.of(clean), List.of(rule),
                    OptionalDouble.empty()).get(0);
            assertEquals(ref.reference().value(), p.reference().value(), 1e-9);
            for (int i = 0; i < OPTIONS.inits(); i++) {
                Landscape.Run a = ref.runs().get(i);
                Landscape.Run b = p.runs().get(i);
                assertEquals(a.finalLoss(), b.finalLoss(), 1e-9, type + " vs scalar, run " + i);
                // end points agree to about ‖∇E‖/λ ≲ 1e-6 rad, and the noiseless energy is not stationary there
                assertEquals(a.noiselessLoss(), b.noiselessLoss(), 1e-6, type + " vs scalar, run " + i);
                assertEquals(a.kind(), b.kind(), type + " vs scalar, run " + i);
                assertEquals(a.success(), b.success(), type + " vs scalar, run " + i);
            }
        }
    }

    @Test
    void noConvergedRunLeavesNoBestFoundReference() {
        Landscape.Options oneStep = OPTIONS.withInits(2).withOptimizer(
                org.qnnlab.train.optim.OptimizerSettings.forMinimization().withMaxSteps(1));
        Landscape.Point p = Landscape.exploreAll(EnsembleRunner.local(1), sim(KernelType.SCALAR),
                List.of(CircuitSpec.of(Ansatz.hvaTfim(N, 2, Boundary.OPEN))), H, E0, oneStep,
                List.of("depolarizing:0.01"), OptionalDouble.empty()).get(0);
        assertEquals(2, p.unconverged());
        assertTrue(Double.isNaN(p.reference().value()), "no converged run, no best found");
        assertTrue(Double.isNaN(p.successFraction()), "success unknown, not 0");
        p.runs().forEach(r -> assertFalse(r.success()));
    }

    @Test
    void badNoiseAndReferencesAreRefusedBeforeAnyRun() {
        Simulator sim = sim(KernelType.SCALAR);
        List<Circuit> c = List.of(Ansatz.hvaTfim(N, 1, Boundary.OPEN));
        assertMessage("readout error", () -> explore(sim, c, List.of("readout:0.01,0.02"), OptionalDouble.empty()));
        assertMessage("names qubit 7 but the circuit has 4 qubits",
                () -> explore(sim, c, List.of("depolarizing:0.01@qubits=7"), OptionalDouble.empty()));
        assertMessage("noise spec 'depolarizing'", () -> explore(sim, c, List.of("depolarizing"),
                OptionalDouble.empty()));
        assertMessage("global minimum -5.0 out of range; allowed: a finite number >= the ground energy",
                () -> explore(sim, c, List.of("depolarizing:0.01"), OptionalDouble.of(-5)));
        assertMessage("global minimum NaN out of range", () -> explore(sim, c, List.of(),
                OptionalDouble.of(Double.NaN)));
        // 16·4^16 bytes: refused before anything is allocated
        Circuit big = Ansatz.hvaTfim(16, 1, Boundary.OPEN);
        RuntimeException e = assertThrows(RuntimeException.class, () -> Landscape.exploreAll(EnsembleRunner.local(1),
                sim, List.of(CircuitSpec.of(big)), Hamiltonians.tfim(16, 1, Boundary.OPEN), -20, OPTIONS,
                List.of("depolarizing:0.01"), OptionalDouble.empty()));
        assertTrue(e.getMessage().contains("density matrix"), e.getMessage());
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable call) {
        String m = assertThrows(IllegalArgumentException.class, call).getMessage();
        assertTrue(m.contains(part), m);
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
