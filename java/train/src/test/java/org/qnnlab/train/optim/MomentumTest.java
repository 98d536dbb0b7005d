package org.qnnlab.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Heavy ball and Nesterov: steps by hand, convergence under ill-conditioning, argument checks. */
class MomentumTest {

    private static final Objective F = TestFunctions.quadratic(1, 10);

    @Test
    void classicalFirstTwoStepsByHand() {
        // f = ½(θ1² + 10 θ2²) from (1, 1), η = 0.1, μ = 0.9
        // v1 = g0 = (1, 10), θ1 = (1, 1) − 0.1 v1 = (0.9, 0)
        // g1 = (0.9, 0), v2 = 0.9 v1 + g1 = (1.8, 9), θ2 = (0.9 − 0.18, 0 − 0.9) = (0.72, −0.9)
        Momentum m = new Momentum(0.9, false);
        double[] theta = {1, 1};
        assertEquals(5.5, m.step(theta, F, 0.1), 1e-15);
        assertArrayEquals(new double[] {0.9, 0}, theta, 1e-15);
        assertArrayEquals(new double[] {1, 10}, m.state().get("velocity"), 1e-15);
        assertEquals(0.405, m.step(theta, F, 0.1), 1e-15);
        assertArrayEquals(new double[] {0.72, -0.9}, theta, 1e-15);
        assertArrayEquals(new double[] {1.8, 9}, m.state().get("velocity"), 1e-15);
    }

    @Test
    void nesterovFirstTwoStepsByHandDifferFromClassical() {
        // v1 = g0 = (1, 10), θ1 = (1, 1) − 0.1 (g0 + 0.9 v1) = (1 − 0.19, 1 − 1.9) = (0.81, −0.9)
        // g1 = (0.81, −9), v2 = 0.9 v1 + g1 = (1.71, 0), θ2 = θ1 − 0.1 (g1 + 0.9 v2) = (0.81 − 0.2349, −0.9 + 0.9)
        Momentum m = new Momentum(0.9, true);
        double[] theta = {1, 1};
        m.step(theta, F, 0.1);
        assertArrayEquals(new double[] {0.81, -0.9}, theta, 1e-15);
        assertEquals(0.5 * (0.81 * 0.81 + 10 * 0.81), m.step(theta, F, 0.1), 1e-14);
        assertArrayEquals(new double[] {0.5751, 0}, theta, 1e-14);
        assertArrayEquals(new double[] {1.71, 0}, m.state().get("velocity"), 1e-14);
    }

    @Test
    void zeroMomentumIsGradientDescent() {
        double[] a = {0.3, -0.7};
        double[] b = a.clone();
        Optimizer momentum = new Momentum(0, false);
        Optimizer sgd = new Sgd();
        for (int k = 0; k < 3; k++) {
            momentum.step(a, F, 0.05);
            sgd.step(b, F, 0.05);
        }
        assertArrayEquals(b, a, 0);
    }

    @ParameterizedTest
    @CsvSource({"false, 250, 280", "true, 190, 225"})
    void convergesOnAnIllConditionedQuadratic(boolean nesterov, int fewest, int most) {
        // η = 0.01, μ = 0.9: η·a ∈ {0.01, 0.1, 1} all lie in [(1 − √μ)², (1 + √μ)²], so every coordinate contracts
        // by √0.9 ≈ 0.949 a step (classical): ln(1e-6)/ln(0.949) ≈ 265 steps to 1e-6, against SGD's 720.
        // Nesterov damps the stiff coordinate more and measures 207.
        double[] theta = {1, 1, 1};
        int steps = TestFunctions.stepsToReach(new Momentum(0.9, nesterov), TestFunctions.quadratic(1, 10, 100),
                theta, Schedule.constant(0.01), new double[3], 1e-6, 400);
        assertTrue(steps >= fewest && steps <= most, "steps " + steps);
    }

    @Test
    void validatesMomentum() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Momentum(1, false));
        assertEquals("momentum 1.0; allowed: [0, 1)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Momentum(-0.1, false));
        assertThrows(IllegalArgumentException.class, () -> new Momentum(Double.NaN, true));
        assertEquals("momentum", Optimizer.byName("momentum").name());
    }
}
