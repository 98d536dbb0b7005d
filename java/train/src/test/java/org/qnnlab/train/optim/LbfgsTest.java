package org.qnnlab.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * L-BFGS: the first two steps against the dense BFGS formula, Rosenbrock, the step count against SGD, and the line
 * search's limits.
 */
class LbfgsTest {

    @Test
    void firstStepIsSteepestDescentAndSecondMatchesTheDenseBfgsUpdate() {
        // f = ½(θ1² + 10 θ2²) from (1, 1), η = 0.1
        Objective f = TestFunctions.quadratic(1, 10);
        Lbfgs lbfgs = new Lbfgs();
        double[] theta = {1, 1};

        // no history: d = −g0 = (−1, −10), α = η; f(0.9, 0) = 0.405 passes Armijo, so θ1 = (0.9, 0)
        assertEquals(5.5, lbfgs.step(theta, f, 0.1), 1e-15);
        assertArrayEquals(new double[] {0.9, 0}, theta, 1e-15);
        double[] s = {-0.1, -1};
        double[] y = {-0.1, -10}; // g1 − g0 = (0.9, 0) − (1, 10)
        assertArrayEquals(s, lbfgs.state().get("s"), 1e-15);
        assertArrayEquals(y, lbfgs.state().get("y"), 1e-15);

        // one pair: H1 = (I − ρ s yᵀ) γI (I − ρ y sᵀ) + ρ s sᵀ (Nocedal & Wright eq. 6.17), ρ = 1/s·y, γ = s·y/y·y
        double sy = s[0] * y[0] + s[1] * y[1];
        double rho = 1 / sy;
        double gamma = sy / (y[0] * y[0] + y[1] * y[1]);
        double[][] v = new double[2][2]; // V = I − ρ y sᵀ
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                v[i][j] = (i == j ? 1 : 0) - rho * y[i] * s[j];
            }
        }
        double[][] h = new double[2][2]; // Vᵀ γ V + ρ s sᵀ
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                h[i][j] = gamma * (v[0][i] * v[0][j] + v[1][i] * v[1][j]) + rho * s[i] * s[j];
            }
        }
        double[] g1 = {0.9, 0};
        double[] expected = {0.9 - (h[0][0] * g1[0] + h[0][1] * g1[1]), -(h[1][0] * g1[0] + h[1][1] * g1[1])};
        assertArrayEquals(new double[] {0.80830079, -0.00808301}, expected, 1e-8); // unit step passes Armijo
        assertEquals(0.405, lbfgs.step(theta, f, 0.1), 1e-15);
        assertArrayEquals(expected, theta, 1e-14);
    }

    @Test
    void solvesRosenbrockFromTheClassicStart() {
        // within 1e-6 of (1, 1) in fewer than 100 steps (38 measured)
        double[] theta = {-1.2, 1};
        TestFunctions.stepsToReach(new Lbfgs(), TestFunctions.rosenbrock(), theta, Schedule.constant(1e-3),
                new double[] {1, 1}, 1e-6, 99);
        assertTrue(TestFunctions.rosenbrock().valueAndGradient(theta, new double[2]) < 1e-11);
    }

    @Test
    void needsFarFewerStepsThanSgdOnAnIllConditionedQuadratic() {
        // measured: 8 steps against 721
        Objective f = TestFunctions.quadratic(1, 10, 100);
        int lbfgs = TestFunctions.stepsToReach(new Lbfgs(), f, new double[] {1, 1, 1}, Schedule.constant(0.01),
                new double[3], 1e-6, 100);
        int sgd = TestFunctions.stepsToReach(new Sgd(), f, new double[] {1, 1, 1}, Schedule.constant(0.019),
                new double[3], 1e-6, 2000);
        assertTrue(lbfgs * 20 < sgd, "lbfgs " + lbfgs + " steps, sgd " + sgd);
    }

    @Test
    void backtracksByHalvingUntilArmijoHolds() {
        // f = θ² from θ = 1, η = 1.5: d = −g = −2; α = 1.5 gives θ = −2, f = 4 > 1, rejected;
        // α = 0.75 gives θ = −0.5, f = 0.25 <= 1 − 1e-4·0.75·4, accepted: three evaluations
        AtomicInteger evaluations = new AtomicInteger();
        Objective square = (t, g) -> {
            evaluations.incrementAndGet();
            g[0] = 2 * t[0];
            return t[0] * t[0];
        };
        double[] theta = {1};
        assertEquals(1.0, new Lbfgs().step(theta, square, 1.5), 0);
        assertArrayEquals(new double[] {-0.5}, theta, 0);
        assertEquals(3, evaluations.get());
    }

    @Test
    void failedLineSearchLeavesThetaAndDropsTheHistory() {
        // a valid first step builds a pair; then every trial point is NaN: 30 trials, θ unchanged, history gone
        Objective quadratic = TestFunctions.quadratic(1, 10);
        Lbfgs lbfgs = new Lbfgs();
        double[] theta = {1, 1};
        lbfgs.step(theta, quadratic, 0.1);
        assertEquals(2, lbfgs.state().get("s").length);

        double[] start = theta.clone();
        AtomicInteger evaluations = new AtomicInteger();
        Objective nanAwayFromStart = (t, g) -> {
            evaluations.incrementAndGet();
            double value = quadratic.valueAndGradient(t, g);
            return java.util.Arrays.equals(t, start) ? value : Double.NaN;
        };
        assertEquals(0.405, lbfgs.step(theta, nanAwayFromStart, 0.1), 1e-15);
        assertEquals(1 + Lbfgs.MAX_LINE_SEARCH_EVALUATIONS, evaluations.get());
        assertArrayEquals(start, theta, 0);
        assertEquals(0, lbfgs.state().get("s").length);
        assertArrayEquals(new double[] {2}, lbfgs.state().get("dimension"), 0);
    }

    @Test
    void stopsAtAZeroGradientAfterOneEvaluation() {
        AtomicInteger evaluations = new AtomicInteger();
        Objective flat = (t, g) -> {
            evaluations.incrementAndGet();
            return 3.0; // gradient stays zero
        };
        double[] theta = {0.5, -0.5};
        assertEquals(3.0, new Lbfgs().step(theta, flat, 0.1), 0);
        assertEquals(1, evaluations.get());
        assertArrayEquals(new double[] {0.5, -0.5}, theta, 0);
    }

    @Test
    void keepsAtMostHistoryPairs() {
        Lbfgs lbfgs = new Lbfgs(2);
        double[] theta = {-1.2, 1};
        for (int k = 0; k < 6; k++) {
            lbfgs.step(theta, TestFunctions.rosenbrock(), 1e-3);
        }
        assertEquals(2 * 2, lbfgs.state().get("s").length);
    }

    @Test
    void validatesHistory() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Lbfgs(0));
        assertEquals("L-BFGS history 0; allowed: an integer >= 1", e.getMessage());
        assertEquals("lbfgs", Optimizer.byName("lbfgs").name());
    }
}
