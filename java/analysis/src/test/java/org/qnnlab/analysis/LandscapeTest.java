package org.qnnlab.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Boundary;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Hamiltonians;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.kernel.KernelTestSupport;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.train.ParameterShiftGradient;
import org.qnnlab.train.optim.OptimizerSettings;

/**
 * Landscape classification against analytic end points (a product landscape with known saddles and minima), the
 * convergence rule, and success counts on a small TFIM chain against the exact ground energy, on every kernel.
 */
class LandscapeTest {

    /** E(θ0, θ1) = ⟨Z0 Z1⟩ after RY(θ0) on q0 and RY(θ1) on q1 = cos θ0 · cos θ1. */
    private static Circuit product() {
        Circuit c = new Circuit(2);
        return c.ry(c.newParameter(), 0).ry(c.newParameter(), 1);
    }

    private static final Observable ZZ = Observable.parse("Z0*Z1");

    private static Simulator sim(KernelType type, int threads) {
        return new Simulator(KernelTestSupport.requireOrSkip(type, threads));
    }

    @Test
    void groundEnergiesMatchExactDiagonalization() {
        // open TFIM chains at g = 1, 4 and 6 sites (numpy.linalg.eigvalsh of the dense matrices)
        assertEquals(-4.758770483143634, Landscape.groundEnergy(Hamiltonians.tfim(4, 1, Boundary.OPEN), 4), 1e-10);
        assertEquals(-7.296229810558, Landscape.groundEnergy(Hamiltonians.tfim(6, 1, Boundary.OPEN), 6), 1e-9);
        // a complex Hermitian observable: Y0 has eigenvalues ±1; 0.5·(Y0·Z1) + 2 → minimum 1.5
        assertEquals(1.5, Landscape.groundEnergy(Observable.parse("0.5*Y0*Z1 + 2"), 2), 1e-12);
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void aZeroGradientSaddleIsASaddle(KernelType type) {
        // at (π/2, π/2): ∇E = (−sin θ0 cos θ1, −cos θ0 sin θ1) = 0 and the Hessian [[0, 1], [1, 0]] has eigenvalues ±1
        Landscape.Run r = Landscape.run(sim(type, 1), product(), ZZ, new double[] {Math.PI / 2, Math.PI / 2}, 7,
                -1, Landscape.Options.defaults());
        assertEquals(Landscape.Kind.SADDLE, r.kind());
        assertEquals(0, r.steps(), "converged where it started");
        assertTrue(r.gradientNorm() < 1e-15, "gradient " + r.gradientNorm());
        assertEquals(0, r.finalLoss(), 1e-15);
        assertArrayEquals(new double[] {-1, 1}, r.hessianEigenvalues(), 1e-12);
        assertArrayEquals(new double[] {0, 1}, r.hessian()[0], 1e-12, "the Hessian itself, row 0");
        assertArrayEquals(new double[] {1, 0}, r.hessian()[1], 1e-12, "row 1");
        assertArrayEquals(new double[] {Math.PI / 2, Math.PI / 2}, r.parameters(), 0, "the end point is the start");
        assertEquals(7, r.seed());
        assertTrue(!r.success() && r.converged());
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void everyEndPointOfTheProductLandscapeIsAGlobalMinimum(KernelType type) {
        // cos θ0 cos θ1 has no spurious minima: its minima (−1, at θ0, θ1 ∈ {0, π} with cos θ0 = −cos θ1) are all
        // global, with Hessian diag(1, 1); saddles (E = 0) are a set of measure zero that random starts miss
        Landscape.Point p = Landscape.explore(sim(type, 1), product(), ZZ, -1,
                Landscape.Options.defaults().withInits(12).withThreads(2));
        assertEquals(1.0, p.successFraction());
        assertEquals(1.0, p.convergedSuccessFraction());
        assertEquals(12, p.minima());
        assertEquals(0, p.saddles() + p.unconverged() + p.spuriousMinima());
        for (Landscape.Run r : p.runs()) {
            double[] t = r.parameters();
            assertEquals(-1, Math.cos(t[0]) * Math.cos(t[1]), 1e-10, "analytic energy at the end point");
            assertEquals(-1, r.finalLoss(), 1e-10);
            assertArrayEquals(new double[] {1, 1}, r.hessianEigenvalues(), 1e-5);
            assertTrue(r.gradientNorm() < Landscape.DEFAULT_GRADIENT_TOLERANCE);
        }
        // started at a minimum, a run stops there at once
        Landscape.Run atMin = Landscape.run(sim(type, 1), product(), ZZ, new double[] {Math.PI, 0}, 0, -1,
                Landscape.Options.defaults());
        assertEquals(Landscape.Kind.MINIMUM, atMin.kind());
        assertEquals(0, atMin.steps());
        assertArrayEquals(new double[] {1, 1}, atMin.hessianEigenvalues(), 1e-12);
    }

    @Test
    void aRunCappedBeforeConvergenceIsUnconverged() {
        Simulator sim = sim(KernelType.SCALAR, 1);
        Landscape.Options oneStep = Landscape.Options.defaults().withInits(4)
                .withOptimizer(OptimizerSettings.forMinimization().withMaxSteps(1));
        Landscape.Point p = Landscape.explore(sim, product(), ZZ, -1, oneStep);
        assertEquals(4, p.unconverged());
        assertEquals(0, p.minima() + p.saddles() + p.converged());
        p.runs().forEach(r -> assertNull(r.hessian(), "no Hessian at an unconverged end point"));
        assertTrue(Double.isNaN(p.convergedSuccessFraction()), "no converged run to take a share of");
        for (Landscape.Run r : p.runs()) {
            assertEquals(Landscape.Kind.UNCONVERGED, r.kind());
            assertNull(r.hessianEigenvalues(), "no Hessian at a point that is still moving");
            assertEquals(1, r.steps());
            double[] t = r.parameters();
            double analytic = Math.hypot(Math.sin(t[0]) * Math.cos(t[1]), Math.cos(t[0]) * Math.sin(t[1]));
            assertEquals(analytic, r.gradientNorm(), 1e-12);
            assertTrue(r.gradientNorm() >= Landscape.DEFAULT_GRADIENT_TOLERANCE);
        }
        // the same starts with the default budget all converge
        assertEquals(0, Landscape.explore(sim, product(), ZZ, -1, oneStep.withOptimizer(
                OptimizerSettings.forMinimization())).unconverged());
    }

    @Test
    void withoutHessiansConvergedRunsAreStationary() {
        Landscape.Point p = Landscape.explore(sim(KernelType.SCALAR, 1), product(), ZZ, -1,
                Landscape.Options.defaults().withInits(3).withHessian(false));
        assertEquals(3, p.converged());
        assertEquals(0, p.minima() + p.saddles() + p.spuriousMinima());
        p.runs().forEach(r -> assertEquals(Landscape.Kind.STATIONARY, r.kind()));
        p.runs().forEach(r -> assertNull(r.hessianEigenvalues()));
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void tfimSuccessCountsAgreeWithTheExactGroundEnergy(KernelType type) {
        Simulator sim = sim(type, 1);
        int n = 4;
        Observable h = Hamiltonians.tfim(n, 1, Boundary.OPEN);
        double e0 = Landscape.groundEnergy(h, n);
        Landscape.Options o = Landscape.Options.defaults().withInits(6).withThreads(2);
        ParameterShiftGradient shift = new ParameterShiftGradient(sim);

        // one layer (M = 2) cannot reach the ground state: a dense grid over the 2-torus bounds its minimum away
        Circuit shallow = Ansatz.hvaTfim(n, 1, Boundary.OPEN);
        double gridMin = gridMinimum(sim, shallow, h, 120);
        assertTrue(gridMin > e0 + 0.1, "grid minimum " + gridMin + " vs E0 " + e0);
        Landscape.Point p1 = Landscape.explore(sim, shallow, h, e0, o);
        assertEquals(0.0, p1.successFraction());
        double best = Double.POSITIVE_INFINITY;
        for (Landscape.Run r : p1.runs()) {
            best = Math.min(best, r.finalLoss());
        }
        assertTrue(best <= gridMin + 1e-12, "the best run " + best + " reaches at least the grid minimum " + gridMin);

        // eight layers (M = 16, past M_c = 8 for n = 4 open): every start converges to the ground energy
        Circuit deepCircuit = Ansatz.hvaTfim(n, 8, Boundary.OPEN);
        Landscape.Point deep = Landscape.explore(sim, deepCircuit, h, e0, o);
        assertEquals(1.0, deep.successFraction(), "overparametrized: " + deep);
        assertEquals(0, deep.unconverged(), "the defaults converge here");
        assertEquals(6, deep.minima(), "a global minimum has no direction of descent");

        for (Landscape.Point p : List.of(p1, deep)) {
            Circuit c = p == p1 ? shallow : deepCircuit;
            int ok = 0;
            int convergedOk = 0;
            int minima = 0;
            for (Landscape.Run r : p.runs()) {
                double energy = sim.expectation(c, r.parameters(), null, h);
                assertEquals(energy, r.finalLoss(), 1e-10, "the reported energy is the end point's");
                assertTrue(energy >= e0 - 1e-10, "no energy below the ground energy");
                assertEquals(energy <= e0 + o.tolerance(), r.success());
                double gnorm = norm(shift.gradient(c, r.parameters(), null, h).gradient());
                assertEquals(gnorm, r.gradientNorm(), 1e-9, "adjoint and parameter-shift gradients agree");
                assertEquals(gnorm >= o.gradientTolerance(), r.kind() == Landscape.Kind.UNCONVERGED);
                ok += r.success() ? 1 : 0;
                convergedOk += r.success() && r.converged() ? 1 : 0;
                minima += r.kind() == Landscape.Kind.MINIMUM ? 1 : 0;
            }
            assertEquals((double) ok / o.inits(), p.successFraction());
            assertEquals((double) convergedOk / p.converged(), p.convergedSuccessFraction());
            assertEquals(minima, p.minima());
            assertEquals(o.inits(), p.minima() + p.saddles() + p.unconverged());
        }
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        int n = 4;
        Observable h = Hamiltonians.tfim(n, 1, Boundary.PERIODIC);
        Circuit c = Ansatz.hvaTfim(n, 3, Boundary.PERIODIC);
        double e0 = Landscape.groundEnergy(h, n);
        Landscape.Options o = Landscape.Options.defaults().withInits(5).withSeed(11);
        Landscape.Point one = Landscape.explore(sim(KernelType.SCALAR, 1), c, h, e0, o.withThreads(1));
        for (KernelType type : KernelType.values()) {
            Landscape.Point a = Landscape.explore(sim(type, 1), c, h, e0, o.withThreads(1));
            Landscape.Point b = Landscape.explore(sim(type, 2), c, h, e0, o.withThreads(3));
            assertSameRuns(a, b, type + ": 1 and 3 threads");
            for (int i = 0; i < o.inits(); i++) {
                assertEquals(one.runs().get(i).finalLoss(), a.runs().get(i).finalLoss(), 1e-9, type + " vs scalar");
            }
        }
    }

    @Test
    void badOptionsAreNamed() {
        Landscape.Options d = Landscape.Options.defaults();
        assertMessage("gradient tolerance 0.0 out of range", () -> d.withGradientTolerance(0));
        assertMessage("tolerance -1.0 out of range", () -> d.withTolerance(-1));
        assertMessage("inits 0 out of range; allowed: 1 or more", () -> d.withInits(0));
        assertMessage("threads 0 out of range", () -> d.withThreads(0));
        assertMessage("unknown optimizer 'bfgs'", () -> OptimizerSettings.defaults("bfgs"));
        assertMessage("max steps 0 out of range", () -> OptimizerSettings.forMinimization().withMaxSteps(0));
        Circuit fixed = new Circuit(1).ry(0.3, 0);
        assertMessage("no trainable parameters", () -> Landscape.explore(Simulator.create(), fixed, ZZ, 0, d));
    }

    /** Bit-identical runs (records compare arrays by identity, so field by field). */
    private static void assertSameRuns(Landscape.Point a, Landscape.Point b, String what) {
        assertEquals(a.runs().size(), b.runs().size(), what);
        for (int i = 0; i < a.runs().size(); i++) {
            Landscape.Run x = a.runs().get(i);
            Landscape.Run y = b.runs().get(i);
            assertEquals(x.seed(), y.seed(), what);
            assertEquals(x.finalLoss(), y.finalLoss(), 0, what);
            assertEquals(x.steps(), y.steps(), what);
            assertEquals(x.gradientNorm(), y.gradientNorm(), 0, what);
            assertEquals(x.kind(), y.kind(), what);
            assertArrayEquals(x.parameters(), y.parameters(), 0, what);
            assertArrayEquals(x.hessianEigenvalues(), y.hessianEigenvalues(), 0, what);
        }
        assertEquals(a.successFraction(), b.successFraction(), what);
        assertEquals(a.minima(), b.minima(), what);
        assertEquals(a.saddles(), b.saddles(), what);
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable call) {
        String m = assertThrows(IllegalArgumentException.class, call).getMessage();
        assertTrue(m.contains(part), m);
    }

    /** min E over a grid of {@code k × k} points of [0, 2π)² (a 2-parameter circuit). */
    private static double gridMinimum(Simulator sim, Circuit c, Observable h, int k) {
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double[] t = {2 * Math.PI * i / k, 2 * Math.PI * j / k};
                min = Math.min(min, sim.expectation(c, t, null, h));
            }
        }
        return min;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    @Test
    void totalsSumTheRunsOfSeveralPoints() {
        double[] none = {};
        Landscape.Run ok = new Landscape.Run(1, -1, 5, 1e-7, Landscape.Kind.MINIMUM, true, none, none, null);
        Landscape.Run spurious = new Landscape.Run(2, 0.5, 9, 1e-7, Landscape.Kind.MINIMUM, false, none, none, null);
        Landscape.Run saddle = new Landscape.Run(3, 0.2, 9, 1e-7, Landscape.Kind.SADDLE, false, none, none, null);
        Landscape.Run slow = new Landscape.Run(4, 0.1, 2000, 1e-2, Landscape.Kind.UNCONVERGED, false, none, null, null);
        Landscape.Reference ref = new Landscape.Reference(Landscape.ReferenceKind.GROUND_ENERGY, -1);
        Landscape.Point a = Landscape.Point.of(2, List.of(ok, spurious, slow), ref, -1, 1e-4);
        Landscape.Point b = Landscape.Point.of(4, List.of(ok, saddle), ref, -1, 1e-4);
        Landscape.Totals t = Landscape.Totals.of(List.of(a, b));
        assertEquals(new Landscape.Totals(5, 2, 4, 1), t);
        assertEquals(1, t.unconverged());
        assertEquals(0.4, t.successFraction(), 0);
        assertEquals(0.25, t.spuriousFraction(), 0);
        assertTrue(Double.isNaN(Landscape.Totals.of(List.of()).successFraction()));
    }
}
