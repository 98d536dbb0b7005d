package org.qnnlab.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Gradient descent: steps by hand, the textbook convergence rate, argument checks. */
class SgdTest {

    @Test
    void firstTwoStepsByHand() {
        // f = ½(θ1² + 10 θ2²) from (1, 1), η = 0.1: g0 = (1, 10) -> θ1 = (0.9, 0); g1 = (0.9, 0) -> θ2 = (0.81, 0)
        Objective f = TestFunctions.quadratic(1, 10);
        double[] theta = {1, 1};
        Sgd sgd = new Sgd();
        assertEquals(5.5, sgd.step(theta, f, 0.1), 1e-15);
        assertEquals(0.9, theta[0], 1e-15);
        assertEquals(0.0, theta[1], 1e-15);
        assertEquals(0.405, sgd.step(theta, f, 0.1), 1e-15);
        assertEquals(0.81, theta[0], 1e-15);
        assertEquals(0.0, theta[1], 1e-15);
    }

    @Test
    void convergesAtTheTextbookRateOnAnIllConditionedQuadratic() {
        // η = 0.019 < 2/100; the slowest coordinate (a = 1) shrinks by 0.981 a step: ln(1e-6)/ln(0.981) ≈ 720 steps
        double[] theta = {1, 1, 1};
        int steps = TestFunctions.stepsToReach(new Sgd(), TestFunctions.quadratic(1, 10, 100), theta,
                Schedule.constant(0.019), new double[3], 1e-6, 2000);
        assertTrue(steps >= 700 && steps <= 740, "steps " + steps);
    }

    @Test
    void rejectsBadLearningRatesAndAChangedDimension() {
        Sgd sgd = new Sgd();
        Objective f = TestFunctions.quadratic(1, 1);
        var e = assertThrows(IllegalArgumentException.class, () -> sgd.step(new double[2], f, -0.1));
        assertEquals("learning rate -0.1; allowed: a finite number >= 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> sgd.step(new double[2], f, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> sgd.step(new double[2], f, Double.POSITIVE_INFINITY));
        assertEquals("sgd", Optimizer.byName("sgd").name());
    }
}
