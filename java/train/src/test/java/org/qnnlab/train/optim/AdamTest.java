package org.qnnlab.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Adam: steps by hand (bias correction included), convergence under ill-conditioning, argument checks. */
class AdamTest {

    @Test
    void firstTwoStepsByHand() {
        // f = ½(θ1² + 10 θ2²) from (1, 1), η = 0.1, β1 = 0.9, β2 = 0.999, ε = 1e-8
        Objective f = TestFunctions.quadratic(1, 10);
        Adam adam = new Adam();
        double[] theta = {1, 1};

        // t = 1: g = (1, 10); m = 0.1 g, v = 0.001 g²; m̂ = g, v̂ = g²: the step is η·|g|/(|g| + ε) per coordinate
        assertEquals(5.5, adam.step(theta, f, 0.1), 1e-15);
        assertEquals(1 - 0.1 * 1 / (1 + 1e-8), theta[0], 1e-15);
        assertEquals(1 - 0.1 * 10 / (10 + 1e-8), theta[1], 1e-15);
        assertArrayEquals(new double[] {0.1, 1}, adam.state().get("m"), 1e-15);
        assertArrayEquals(new double[] {0.001, 0.1}, adam.state().get("v"), 1e-15);
        assertArrayEquals(new double[] {1}, adam.state().get("step"), 0);

        // t = 2: g ≈ (0.9, 9); m = 0.9·0.1 + 0.1·0.9 = 0.18 (×10 for θ2), v = 0.999·0.001 + 0.001·0.81 = 0.001809
        // (×100); m̂ = m/(1 − 0.81), v̂ = v/(1 − 0.998001); both coordinates move by 0.1·(0.18/0.19)/√(0.001809/0.001999)
        // (ε and θ1's 1e-9 offsets change this by < 1e-8)
        adam.step(theta, f, 0.1);
        double expected = 0.9 - 0.1 * (0.18 / 0.19) / Math.sqrt(0.001809 / 0.001999);
        assertEquals(0.8004122277, expected, 1e-10);
        assertEquals(expected, theta[0], 1e-8);
        assertEquals(expected, theta[1], 1e-8);
        assertArrayEquals(new double[] {2}, adam.state().get("step"), 0);
    }

    @Test
    void convergesOnAnIllConditionedQuadratic() {
        // Adam's per-coordinate scaling makes the three curvatures look alike: 189 steps to 1e-6 with η = 0.1,
        // where SGD needs 720
        double[] theta = {1, 1, 1};
        int steps = TestFunctions.stepsToReach(new Adam(), TestFunctions.quadratic(1, 10, 100), theta,
                Schedule.constant(0.1), new double[3], 1e-6, 300);
        assertTrue(steps >= 170 && steps <= 210, "steps " + steps);
    }

    @Test
    void validatesHyperParameters() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Adam(1, 0.999, 1e-8));
        assertEquals("beta1 1.0; allowed: [0, 1)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Adam(0.9, -0.5, 1e-8));
        assertEquals("beta2 -0.5; allowed: [0, 1)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Adam(0.9, 0.999, 0));
        assertEquals("epsilon 0.0; allowed: a finite number > 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Adam(0.9, 0.999, Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> new Adam(Double.NaN, 0.999, 1e-8));
        assertEquals("adam", Optimizer.byName("adam").name());
    }
}
