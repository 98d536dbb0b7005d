package org.qnnlab.train.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Losses against hand-computed values and derivatives, derivatives against central differences of {@link Loss#value}
 * (step 1e-6, agreement to 1e-6), and input checks.
 */
class LossTest {

    private static final double EPS = 1e-15;

    @Test
    void mseByHand() {
        // residuals (−0.5, −0.2, 2): mean of (0.25, 0.04, 4) = 1.43; derivative 2 r / 3
        Loss mse = Loss.byName("mse");
        double[] f = {0.5, -0.2, 1.0};
        double[] y = {1, 0, -1};
        assertEquals(1.43, mse.value(f, y), EPS);
        assertArrayEquals(new double[] {-1.0 / 3, -0.4 / 3, 4.0 / 3}, mse.derivative(f, y), EPS);
    }

    @Test
    void bceByHand() {
        // p = (f + 1)/2 = (0.8, 0.4); L = −(ln 0.8 + ln 0.6)/2
        // dL/df = ½·[(1 − y)/(1 − p) − y/p]/N: (−1/0.8)/4 = −0.3125 and (1/0.6)/4
        Loss bce = Loss.byName("bce");
        double[] f = {0.6, -0.2};
        double[] y = {1, 0};
        assertEquals(-(Math.log(0.8) + Math.log(0.6)) / 2, bce.value(f, y), EPS);
        assertArrayEquals(new double[] {-0.3125, 1 / 0.6 / 4}, bce.derivative(f, y), EPS);
    }

    @Test
    void bceReadsMinusOneAsZeroAndAcceptsSoftLabels() {
        Loss bce = Loss.byName("bce");
        double[] f = {0.6, -0.2};
        assertEquals(bce.value(f, new double[] {1, 0}), bce.value(f, new double[] {1, -1}), 0);
        assertArrayEquals(bce.derivative(f, new double[] {1, 0}), bce.derivative(f, new double[] {1, -1}), 0);
        // y = 0.25 at p = 0.8: −(0.25 ln 0.8 + 0.75 ln 0.2)
        assertEquals(-(0.25 * Math.log(0.8) + 0.75 * Math.log(0.2)), bce.value(new double[] {0.6},
                new double[] {0.25}), EPS);
    }

    @Test
    void bceClipsAtTheEndsWithZeroGradient() {
        // f = −1 with label 1: p = 0 is clipped to 1e-12, loss −ln 1e-12 ≈ 27.63, gradient 0 (the clamp is flat)
        Loss bce = Loss.byName("bce");
        assertEquals(-Math.log(1e-12), bce.value(new double[] {-1}, new double[] {1}), 1e-12);
        assertArrayEquals(new double[] {0}, bce.derivative(new double[] {-1}, new double[] {1}), 0);
        // f = 1 with label 1: p = 1 clipped to 1 − 1e-12, loss ≈ 1e-12
        assertEquals(1e-12, bce.value(new double[] {1}, new double[] {1}), 1e-15);
        assertArrayEquals(new double[] {0}, bce.derivative(new double[] {1}, new double[] {1}), 0);
        // just inside the interval the gradient is the unclipped one
        double f = 2 * 1e-6 - 1; // p = 1e-6
        assertEquals(-1 / 1e-6 / 2, bce.derivative(new double[] {f}, new double[] {1})[0], 1e-3);
    }

    @Test
    void hingeByHand() {
        // y f = (0.5, 2, −0.3): max(0, 1 − y f) = (0.5, 0, 1.3), mean 0.6; derivative −y/3 where y f < 1
        Loss hinge = Loss.byName("hinge");
        double[] f = {0.5, -2, 0.3};
        double[] y = {1, -1, -1};
        assertEquals(0.6, hinge.value(f, y), EPS);
        assertArrayEquals(new double[] {-1.0 / 3, 0, 1.0 / 3}, hinge.derivative(f, y), EPS);
        // at the kink y f = 1 the loss is 0 and the chosen subgradient is 0
        assertEquals(0, hinge.value(new double[] {1}, new double[] {1}), 0);
        assertArrayEquals(new double[] {0}, hinge.derivative(new double[] {1}, new double[] {1}), 0);
    }

    @Test
    void expectationIsTheMeanAndIgnoresTargets() {
        Loss energy = Loss.byName("expectation");
        double[] f = {0.2, -0.4, 0.8, 0.0};
        assertEquals(0.15, energy.value(f, null), EPS);
        assertEquals(0.15, energy.value(f, new double[0]), EPS);
        assertEquals(0.15, energy.value(f, new double[] {Double.NaN}), EPS);
        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, energy.derivative(f, null), 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mse", "bce", "hinge", "expectation"})
    void derivativeMatchesCentralDifferences(String name) {
        Loss loss = Loss.byName(name);
        SplittableRandom rng = new SplittableRandom(42);
        double h = 1e-6;
        for (int trial = 0; trial < 20; trial++) {
            int n = 1 + rng.nextInt(6);
            double[] f = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = switch (name) {
                    case "bce" -> rng.nextBoolean() ? 1 : rng.nextDouble();
                    case "hinge" -> rng.nextBoolean() ? 1 : -1;
                    default -> rng.nextDouble(-1, 1);
                };
                do {
                    f[i] = rng.nextDouble(-0.99, 0.99);
                } while (name.equals("hinge") && Math.abs(1 - y[i] * f[i]) < 1e-3); // not at the kink
            }
            double[] analytic = loss.derivative(f, y);
            for (int i = 0; i < n; i++) {
                double[] plus = f.clone();
                double[] minus = f.clone();
                plus[i] += h;
                minus[i] -= h;
                double numeric = (loss.value(plus, y) - loss.value(minus, y)) / (2 * h);
                assertEquals(numeric, analytic[i], 1e-6, name + " trial " + trial + " index " + i);
            }
        }
    }

    @Test
    void rejectsMismatchedLengthsAndNonFiniteValues() {
        for (String name : new String[] {"mse", "bce", "hinge"}) {
            Loss loss = Loss.byName(name);
            assertMessage("predictions has 3 values but targets has 2",
                    () -> loss.value(new double[] {0, 0, 0}, new double[] {1, 1}));
            assertMessage("predictions has 3 values but targets has 2",
                    () -> loss.derivative(new double[] {0, 0, 0}, new double[] {1, 1}));
            assertMessage("prediction 1 is NaN; predictions must be finite",
                    () -> loss.value(new double[] {0, Double.NaN}, new double[] {1, 1}));
            assertMessage("target 0 is Infinity; targets must be finite",
                    () -> loss.derivative(new double[] {0, 0}, new double[] {Double.POSITIVE_INFINITY, 1}));
            assertMessage("targets are null; this loss needs one target per prediction",
                    () -> loss.value(new double[] {0}, null));
        }
        Loss energy = Loss.byName("expectation");
        assertMessage("prediction 2 is -Infinity; predictions must be finite",
                () -> energy.derivative(new double[] {0, 0, Double.NEGATIVE_INFINITY}, null));
        assertMessage("predictions are empty; a loss needs at least one sample",
                () -> energy.value(new double[0], null));
        assertMessage("predictions are null; a loss needs at least one sample", () -> energy.value(null, null));
    }

    @Test
    void rejectsLabelsOutsideEachLossesSet() {
        assertMessage("target 1 is 0.0; hinge labels must be -1 or +1",
                () -> Loss.byName("hinge").value(new double[] {0.1, 0.2}, new double[] {1, 0}));
        assertMessage("target 0 is 0.5; hinge labels must be -1 or +1",
                () -> Loss.byName("hinge").derivative(new double[] {0.1}, new double[] {0.5}));
        assertMessage("target 1 is 2.0; bce labels must be in [0, 1] (or -1, read as 0)",
                () -> Loss.byName("bce").value(new double[] {0.1, 0.2}, new double[] {1, 2}));
        assertMessage("target 0 is -0.5; bce labels must be in [0, 1] (or -1, read as 0)",
                () -> Loss.byName("bce").derivative(new double[] {0.1}, new double[] {-0.5}));
    }

    @Test
    void byNameKnowsFourLosses() {
        for (String name : new String[] {"mse", "bce", "hinge", "expectation"}) {
            assertEquals(name, Loss.byName(name).name());
        }
        assertMessage("unknown loss 'cross_entropy'; allowed: mse, bce, hinge, expectation",
                () -> Loss.byName("cross_entropy"));
    }

    private static void assertMessage(String expected, Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
