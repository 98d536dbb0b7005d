package org.qnnlab.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Schedules at chosen steps, computed by hand, and the parser's errors. */
class ScheduleTest {

    private static final double EPS = 1e-15;

    @Test
    void constant() {
        Schedule s = Schedule.constant(0.1);
        assertEquals(0.1, s.rate(0), 0);
        assertEquals(0.1, s.rate(1_000_000), 0);
    }

    @Test
    void stepDecayMultipliesEveryInterval() {
        Schedule s = Schedule.stepDecay(0.1, 10, 0.5);
        assertEquals(0.1, s.rate(0), EPS);
        assertEquals(0.1, s.rate(9), EPS);
        assertEquals(0.05, s.rate(10), EPS);
        assertEquals(0.025, s.rate(25), EPS);
    }

    @Test
    void exponentialDecaysEveryStep() {
        Schedule s = Schedule.exponential(0.1, 0.9);
        assertEquals(0.1, s.rate(0), EPS);
        assertEquals(0.09, s.rate(1), EPS);
        assertEquals(0.081, s.rate(2), EPS);
        assertEquals(0.1 * Math.pow(0.9, 50), s.rate(50), EPS);
    }

    @Test
    void cosineAnnealsToTheMinimumAndStays() {
        Schedule s = Schedule.cosine(0.1, 100, 0.01);
        assertEquals(0.1, s.rate(0), EPS);
        assertEquals(0.01 + 0.09 * (1 + Math.sqrt(0.5)) / 2, s.rate(25), EPS); // cos(π/4) = √½
        assertEquals(0.055, s.rate(50), EPS); // halfway: the mean of 0.1 and 0.01
        assertEquals(0.01 + 0.09 * (1 - Math.sqrt(0.5)) / 2, s.rate(75), EPS);
        assertEquals(0.01, s.rate(100), EPS);
        assertEquals(0.01, s.rate(500), EPS);
    }

    @Test
    void warmupRampsLinearlyThenHandsOver() {
        Schedule s = Schedule.warmup(Schedule.constant(0.1), 4);
        assertEquals(0.025, s.rate(0), EPS);
        assertEquals(0.05, s.rate(1), EPS);
        assertEquals(0.075, s.rate(2), EPS);
        assertEquals(0.1, s.rate(3), EPS);
        assertEquals(0.1, s.rate(4), EPS);
        // the inner schedule is not shifted: step 2 of exponential(0.1, 0.5) is 0.025, ramped by 3/4
        Schedule decaying = Schedule.warmup(Schedule.exponential(0.1, 0.5), 4);
        assertEquals(0.025 * 0.75, decaying.rate(2), EPS);
        assertEquals(0.1 / 32, decaying.rate(5), EPS);
    }

    @Test
    void parsesKindsAndParameters() {
        assertEquals(0.02, Schedule.of("constant", 0.02, null, 10).rate(7), 0);
        Schedule step = Schedule.of("step", 0.1, Map.of("every", 5.0, "factor", 0.5), 100);
        assertEquals(0.05, step.rate(5), EPS);
        assertEquals(0.01, Schedule.of("step", 0.1, Map.of("every", 5.0), 100).rate(5), EPS); // factor 0.1
        assertEquals(0.081, Schedule.of("exponential", 0.1, Map.of("decay", 0.9), 100).rate(2), EPS);
        Schedule cosine = Schedule.of("cosine", 0.1, Map.of("min_lr", 0.02, "warmup", 2.0), 10);
        assertEquals(0.05, cosine.rate(0), EPS); // ramp 1/2 of cosine's 0.1
        assertEquals(0.06, cosine.rate(5), EPS);
        assertEquals(0.02, cosine.rate(10), EPS);
        assertEquals(0.0, Schedule.of("cosine", 0.1, Map.of(), 10).rate(10), EPS); // min_lr defaults to 0
        assertEquals(0.05, Schedule.of("constant", 0.1, Map.of("warmup", 2.0), 10).rate(0), EPS);
    }

    @Test
    void parserErrorsNameTheProblemAndTheAllowedValues() {
        assertMessage("unknown schedule 'linear'; allowed: constant, step, exponential, cosine",
                () -> Schedule.of("linear", 0.1, Map.of(), 10));
        assertMessage("unknown parameter 'decay' for schedule 'step'; allowed: every, factor, warmup",
                () -> Schedule.of("step", 0.1, Map.of("every", 3.0, "decay", 0.5), 10));
        assertMessage("unknown parameter 'every' for schedule 'constant'; allowed: warmup",
                () -> Schedule.of("constant", 0.1, Map.of("every", 3.0), 10));
        assertMessage("schedule 'exponential' needs parameter 'decay'",
                () -> Schedule.of("exponential", 0.1, Map.of(), 10));
        assertMessage("parameter 'every' for schedule 'step' is 2.5; allowed: a whole number",
                () -> Schedule.of("step", 0.1, Map.of("every", 2.5), 10));
        assertMessage("cosine schedule totalSteps=0; allowed: an integer >= 1",
                () -> Schedule.of("cosine", 0.1, Map.of(), 0));
        assertMessage("warmup -3; allowed: an integer >= 0",
                () -> Schedule.of("constant", 0.1, Map.of("warmup", -3.0), 10));
    }

    @Test
    void factoriesValidate() {
        assertMessage("learning rate lr=0.0; allowed: a finite number > 0", () -> Schedule.constant(0));
        assertMessage("learning rate lr=NaN; allowed: a finite number > 0", () -> Schedule.exponential(Double.NaN, 0.9));
        assertMessage("step-decay interval every=0; allowed: an integer >= 1", () -> Schedule.stepDecay(0.1, 0, 0.5));
        assertMessage("decay factor=1.5; allowed: (0, 1]", () -> Schedule.stepDecay(0.1, 10, 1.5));
        assertMessage("decay decay=0.0; allowed: (0, 1]", () -> Schedule.exponential(0.1, 0));
        assertMessage("cosine schedule min_lr=0.2; allowed: [0, lr=0.1]", () -> Schedule.cosine(0.1, 10, 0.2));
        assertMessage("schedule step -1; allowed: an integer >= 0", () -> Schedule.constant(0.1).rate(-1));
        assertMessage("schedule step -1; allowed: an integer >= 0",
                () -> Schedule.warmup(Schedule.constant(0.1), 3).rate(-1));
    }

    private static void assertMessage(String expected, Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
