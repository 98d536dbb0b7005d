package org.qnnlab.train.optim;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;

/** Objectives with known minima, and a loop that counts the steps an optimizer needs to reach one. */
final class TestFunctions {

    private TestFunctions() {
    }

    /** {@code f = ½ Σ a_i θ_i²}, {@code ∇f = a_i θ_i}; minimum 0 at θ = 0, condition number max a / min a. */
    static Objective quadratic(double... a) {
        return (theta, gradient) -> {
            double f = 0;
            for (int i = 0; i < a.length; i++) {
                f += 0.5 * a[i] * theta[i] * theta[i];
                gradient[i] = a[i] * theta[i];
            }
            return f;
        };
    }

    /** Rosenbrock's banana {@code (1 − x)² + 100 (y − x²)²}; minimum 0 at (1, 1). */
    static Objective rosenbrock() {
        return (theta, gradient) -> {
            double x = theta[0];
            double y = theta[1];
            double valley = y - x * x;
            gradient[0] = -2 * (1 - x) - 400 * x * valley;
            gradient[1] = 200 * valley;
            return (1 - x) * (1 - x) + 100 * valley * valley;
        };
    }

    /**
     * Steps until {@code max_i |θ_i − target_i| <= tol}, updating {@code theta}; fails the test after {@code maxSteps}.
     */
    static int stepsToReach(Optimizer optimizer, Objective f, double[] theta, Schedule schedule, double[] target,
                            double tol, int maxSteps) {
        for (int step = 0; step <= maxSteps; step++) {
            if (distance(theta, target) <= tol) {
                return step;
            }
            if (step < maxSteps) {
                optimizer.step(theta, f, schedule.rate(step));
            }
        }
        return fail(optimizer.name() + " not within " + tol + " of " + Arrays.toString(target) + " after " + maxSteps
                + " steps: θ = " + Arrays.toString(theta));
    }

    static double distance(double[] a, double[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
