package org.qnnlab.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Checkpoints: state()/restore() resume bit-identically, and bad states are rejected naming the entry. */
class OptimizerStateTest {

    /** Rosenbrock with a decaying rate that keeps the first-order methods stable (η < 2/1330 at the start). */
    private static final Objective F = TestFunctions.rosenbrock();
    private static final Schedule RATE = Schedule.exponential(1e-3, 0.99);

    private static void run(Optimizer optimizer, double[] theta, int from, int steps) {
        for (int k = from; k < from + steps; k++) {
            optimizer.step(theta, F, RATE.rate(k));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "momentum", "adam", "lbfgs"})
    void resumeIsBitIdentical(String name) {
        Optimizer original = Optimizer.byName(name);
        double[] theta = {-1.2, 1};
        run(original, theta, 0, 5);
        Map<String, double[]> snapshot = original.state();
        double[] thetaAt5 = theta.clone();
        run(original, theta, 5, 5);
        Map<String, double[]> stateAt10 = original.state();

        Optimizer resumed = Optimizer.byName(name);
        resumed.restore(snapshot);
        double[] resumedTheta = thetaAt5.clone();
        run(resumed, resumedTheta, 5, 5);

        assertFalse(java.util.Arrays.equals(thetaAt5, theta), "the run must move");
        assertArrayEquals(theta, resumedTheta, 0);
        assertEquals(stateAt10.keySet(), resumed.state().keySet());
        for (String key : stateAt10.keySet()) {
            assertArrayEquals(stateAt10.get(key), resumed.state().get(key), 0, key);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"momentum", "adam", "lbfgs"})
    void stateIsADeepCopyBothWays(String name) {
        Optimizer optimizer = Optimizer.byName(name);
        double[] theta = {-1.2, 1};
        run(optimizer, theta, 0, 3);
        Map<String, double[]> snapshot = optimizer.state();
        Map<String, double[]> copy = new LinkedHashMap<>();
        snapshot.forEach((k, v) -> copy.put(k, v.clone()));

        run(optimizer, theta, 3, 2); // must not write into the snapshot
        snapshot.forEach((k, v) -> assertArrayEquals(copy.get(k), v, 0, k));

        Optimizer restored = Optimizer.byName(name);
        restored.restore(snapshot);
        snapshot.values().forEach(v -> java.util.Arrays.fill(v, 7.0)); // must not reach the restored optimizer
        copy.forEach((k, v) -> assertArrayEquals(v, restored.state().get(k), 0, k));
    }

    @Test
    void freshStatesHaveTheDocumentedEntries() {
        assertEquals(List.of(), List.copyOf(new Sgd().state().keySet()));
        assertEquals(List.of("velocity"), List.copyOf(new Momentum().state().keySet()));
        assertEquals(List.of("step", "m", "v"), List.copyOf(new Adam().state().keySet()));
        assertEquals(List.of("dimension", "s", "y"), List.copyOf(new Lbfgs().state().keySet()));
        assertArrayEquals(new double[] {0}, new Adam().state().get("step"), 0);
        assertEquals(0, new Momentum().state().get("velocity").length);
    }

    @Test
    void unknownAndMissingEntriesAreNamed() {
        assertMessage("unknown state entry 'velocity' for sgd; expected: (none)",
                () -> new Sgd().restore(Map.of("velocity", new double[2])));
        assertMessage("missing state entry 'velocity' for momentum; expected: velocity",
                () -> new Momentum().restore(Map.of()));
        assertMessage("unknown state entry 'mean' for adam; expected: step, m, v",
                () -> new Adam().restore(Map.of("step", new double[] {1}, "mean", new double[2], "v", new double[2])));
        assertMessage("missing state entry 's' for lbfgs; expected: dimension, s, y",
                () -> new Lbfgs().restore(Map.of("dimension", new double[] {2}, "y", new double[2])));
    }

    @Test
    void badLengthsAndValuesAreNamed() {
        assertMessage("state entry 'v' for adam has length 3 but 'm' has length 2",
                () -> new Adam().restore(Map.of("step", new double[] {1}, "m", new double[2], "v", new double[3])));
        assertMessage("state entry 'step' for adam must be one whole number in [0, 2^53], got [1.5]",
                () -> new Adam().restore(Map.of("step", new double[] {1.5}, "m", new double[2], "v", new double[2])));
        assertMessage("state entry 'step' for adam is 0 but 'm' has length 2; the moments are empty exactly when no "
                        + "step was taken",
                () -> new Adam().restore(Map.of("step", new double[] {0}, "m", new double[2], "v", new double[2])));
        assertMessage("state entry 'y' for lbfgs has length 2 but 's' has length 4",
                () -> new Lbfgs().restore(Map.of("dimension", new double[] {2}, "s", new double[4],
                        "y", new double[2])));
        assertMessage("state entry 's' for lbfgs has length 3, not a multiple of 'dimension' 2",
                () -> new Lbfgs().restore(Map.of("dimension", new double[] {2}, "s", new double[3],
                        "y", new double[3])));
        assertMessage("state entries 's' and 'y' for lbfgs: pair 0 fails the curvature condition s·y > 1.0E-10·|s||y|",
                () -> new Lbfgs().restore(Map.of("dimension", new double[] {2}, "s", new double[] {1, 0},
                        "y", new double[] {-1, 0})));
        assertMessage("state entries 's' and 'y' for lbfgs hold 2 pairs but this optimizer keeps at most 1",
                () -> new Lbfgs(1).restore(Map.of("dimension", new double[] {1}, "s", new double[] {1, 1},
                        "y", new double[] {1, 1})));
    }

    @Test
    void aFailedRestoreLeavesTheOptimizerUnchanged() {
        Lbfgs lbfgs = new Lbfgs();
        double[] theta = {-1.2, 1};
        for (int k = 0; k < 3; k++) {
            lbfgs.step(theta, F, 1e-3);
        }
        Map<String, double[]> before = lbfgs.state();
        assertThrows(IllegalArgumentException.class, () -> lbfgs.restore(Map.of("dimension", new double[] {2},
                "s", new double[] {1, 0, 1, 0}, "y", new double[] {1, 0, -1, 0})));
        before.forEach((k, v) -> assertArrayEquals(v, lbfgs.state().get(k), 0, k));
    }

    @ParameterizedTest
    @ValueSource(strings = {"momentum", "adam", "lbfgs"})
    void aStateForOtherParametersIsRejectedAtTheNextStep(String name) {
        Optimizer optimizer = Optimizer.byName(name);
        run(optimizer, new double[] {-1.2, 1}, 0, 2);
        var e = assertThrows(IllegalArgumentException.class,
                () -> optimizer.step(new double[3], TestFunctions.quadratic(1, 1, 1), 0.1));
        assertEquals("theta has 3 parameters but the " + name + " state is for 2; use a fresh optimizer or restore a "
                + "matching state", e.getMessage());
    }

    @Test
    void byNameRejectsUnknownNames() {
        assertMessage("unknown optimizer 'rmsprop'; allowed: sgd, momentum, adam, lbfgs",
                () -> Optimizer.byName("rmsprop"));
        assertMessage("unknown optimizer 'null'; allowed: sgd, momentum, adam, lbfgs", () -> Optimizer.byName(null));
        assertTrue(Optimizer.byName("momentum") instanceof Momentum);
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
