package org.qnnlab.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The synthetic generators: labels, geometry, determinism and argument checks. */
class DatasetsTest {

    private static final double PI = Math.PI;

    @Test
    void parityOfAllThreeBitStrings() {
        Dataset d = Datasets.parity(3, 0, null);
        assertEquals("parity-3", d.name());
        assertEquals(8, d.size());
        assertEquals(3, d.features());
        double[][] expectedX = {{0, 0, 0}, {0, 0, PI}, {0, PI, 0}, {0, PI, PI}, {PI, 0, 0}, {PI, 0, PI}, {PI, PI, 0},
            {PI, PI, PI}};
        double[] expectedY = {1, -1, -1, 1, -1, 1, 1, -1};
        assertArrayEquals(expectedX, d.x());
        assertArrayEquals(expectedY, d.y());
    }

    @Test
    void exhaustiveParityCoversEveryStringOnce() {
        Dataset d = Datasets.parity(10, 0, null);
        assertEquals(1024, d.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < d.size(); i++) {
            seen.add(java.util.Arrays.toString(d.row(i)));
        }
        assertEquals(1024, seen.size());
        assertEquals(0, java.util.Arrays.stream(d.y()).sum()); // half even, half odd
    }

    @Test
    void randomParityStringsAreLabelledByTheirParity() {
        Dataset d = Datasets.parity(5, 200, new SplittableRandom(3));
        assertEquals(200, d.size());
        assertEquals(5, d.features());
        int distinct = 0;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < d.size(); i++) {
            int ones = 0;
            for (double v : d.row(i)) {
                assertTrue(v == 0 || v == PI, "feature " + v);
                ones += v == PI ? 1 : 0;
            }
            assertEquals(ones % 2 == 0 ? 1.0 : -1.0, d.target(i));
            if (seen.add(java.util.Arrays.toString(d.row(i)))) {
                distinct++;
            }
        }
        assertTrue(distinct > 25, "200 draws from 32 strings hit only " + distinct);
        assertEquals(d, Datasets.parity(5, 200, new SplittableRandom(3)));
        assertNotEquals(d, Datasets.parity(5, 200, new SplittableRandom(4)));
    }

    @Test
    void parityChecksItsArguments() {
        assertMessage(() -> Datasets.parity(0, 0, null), "0", "1..20");
        assertMessage(() -> Datasets.parity(21, 0, null), "21", "1..20");
        assertMessage(() -> Datasets.parity(3, -1, new SplittableRandom(1)), "-1", ">= 0");
        assertEquals(2, Datasets.parity(1, 0, null).size());
    }

    @Test
    void twoMoonsWithoutNoiseLieOnTheirSemicircles() {
        Dataset raw = Datasets.moonsRaw(101, 0, new SplittableRandom(5));
        int plus = 0;
        int minus = 0;
        for (int i = 0; i < raw.size(); i++) {
            double px = raw.row(i)[0];
            double py = raw.row(i)[1];
            if (raw.target(i) == 1) {
                plus++;
                assertEquals(1, px * px + py * py, 1e-12, "upper moon radius");
                assertTrue(py >= 0, "upper moon y " + py);
            } else {
                minus++;
                assertEquals(-1, raw.target(i));
                assertEquals(1, (px - 1) * (px - 1) + (py - 0.5) * (py - 0.5), 1e-12, "lower moon radius");
                assertTrue(py <= 0.5, "lower moon y " + py);
            }
        }
        assertEquals(51, plus);
        assertEquals(50, minus);
    }

    @Test
    void twoMoonsAreMoonsRawRescaledToZeroPi() {
        Dataset moons = Datasets.twoMoons(60, 0.1, new SplittableRandom(9));
        Dataset raw = Datasets.moonsRaw(60, 0.1, new SplittableRandom(9));
        assertEquals(raw.rescaled(0, PI), moons);
        assertEquals("two-moons", moons.name());
        assertEquals(2, moons.features());
        for (int j = 0; j < 2; j++) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < moons.size(); i++) {
                min = Math.min(min, moons.row(i)[j]);
                max = Math.max(max, moons.row(i)[j]);
            }
            assertEquals(0, min);
            assertEquals(PI, max);
        }
    }

    @Test
    void twoMoonsWithoutNoiseHaveTheDocumentedRescaledGeometry() {
        // with an odd number of points per moon the extremes are hit exactly: x in [-1, 2], y in [-1/2, 1]
        // map affinely onto [0, π], so the upper moon is the ellipse ((u·3/π − 1)² + (v·1.5/π − 0.5)² = 1)
        Dataset d = Datasets.twoMoons(202, 0, new SplittableRandom(2));
        int plus = 0;
        for (int i = 0; i < d.size(); i++) {
            double px = d.row(i)[0] * 3 / PI - 1;
            double py = d.row(i)[1] * 1.5 / PI - 0.5;
            if (d.target(i) > 0) {
                plus++;
                assertEquals(1, px * px + py * py, 1e-12);
            } else {
                assertEquals(1, (px - 1) * (px - 1) + (py - 0.5) * (py - 0.5), 1e-12);
            }
        }
        assertEquals(101, plus);
    }

    @Test
    void noisyMoonsAreMostlySeparableByTheNearerMoon() {
        Dataset raw = Datasets.moonsRaw(400, 0.1, new SplittableRandom(17));
        int correct = 0;
        for (int i = 0; i < raw.size(); i++) {
            double px = raw.row(i)[0];
            double py = raw.row(i)[1];
            double toUpper = distanceToArc(px, py, 0, 0, 1);
            double toLower = distanceToArc(px, py, 1, 0.5, -1);
            double predicted = toUpper < toLower ? 1 : -1;
            correct += predicted == raw.target(i) ? 1 : 0;
        }
        assertTrue(correct >= 380, correct + " of 400 classified by the nearer moon");
    }

    /** Distance from (px, py) to the unit half-circle centred at (cx, cy), upper (side 1) or lower (side −1). */
    private static double distanceToArc(double px, double py, double cx, double cy, int side) {
        double dx = px - cx;
        double dy = py - cy;
        if (dy * side >= 0) {
            return Math.abs(Math.hypot(dx, dy) - 1);
        }
        return Math.min(Math.hypot(dx - 1, dy), Math.hypot(dx + 1, dy));
    }

    @Test
    void twoMoonsAreBalancedShuffledAndDeterministic() {
        Dataset a = Datasets.twoMoons(100, 0.2, new SplittableRandom(42));
        assertEquals(a, Datasets.twoMoons(100, 0.2, new SplittableRandom(42)));
        assertNotEquals(a, Datasets.twoMoons(100, 0.2, new SplittableRandom(43)));
        double sum = 0;
        int changes = 0;
        for (int i = 0; i < a.size(); i++) {
            assertTrue(a.target(i) == 1 || a.target(i) == -1);
            sum += a.target(i);
            if (i > 0 && a.target(i) != a.target(i - 1)) {
                changes++;
            }
        }
        assertEquals(0, sum);
        assertTrue(changes > 20, "classes look unshuffled: " + changes + " label changes");
        assertEquals(1, java.util.Arrays.stream(Datasets.twoMoons(7, 0, new SplittableRandom(1)).y()).sum());
    }

    @Test
    void twoMoonsCheckTheirArguments() {
        assertMessage(() -> Datasets.twoMoons(1, 0, new SplittableRandom(1)), "count 1", ">= 2");
        assertMessage(() -> Datasets.twoMoons(10, -0.1, new SplittableRandom(1)), "-0.1", ">= 0");
        assertMessage(() -> Datasets.twoMoons(10, Double.NaN, new SplittableRandom(1)), "NaN", ">= 0");
    }

    @Test
    void tfimLabelsAreTheSignOfGMinusOne() {
        Dataset d = Datasets.tfimPhases(500, 2.5, new SplittableRandom(8));
        assertEquals("tfim-phases", d.name());
        assertEquals(1, d.features());
        int para = 0;
        for (int i = 0; i < d.size(); i++) {
            double g = d.row(i)[0];
            assertTrue(g >= 0 && g <= 2.5, "g = " + g);
            assertEquals(Math.signum(g - 1), d.target(i));
            para += g > 1 ? 1 : 0;
        }
        assertTrue(para > 250 && para < 350, para + " paramagnetic of 500 (expect ~300)");
        assertEquals(d, Datasets.tfimPhases(500, 2.5, new SplittableRandom(8)));
        // g is gMax · nextDouble()
        SplittableRandom r = new SplittableRandom(8);
        assertEquals(2.5 * r.nextDouble(), d.row(0)[0]);
    }

    @Test
    void tfimChecksItsArguments() {
        assertMessage(() -> Datasets.tfimPhases(0, 2, new SplittableRandom(1)), "count 0", ">= 1");
        assertMessage(() -> Datasets.tfimPhases(5, 0, new SplittableRandom(1)), "gMax 0.0", "> 0");
        assertMessage(() -> Datasets.tfimPhases(5, Double.POSITIVE_INFINITY, new SplittableRandom(1)), "Infinity",
                "> 0");
    }

    @Test
    void labelledUsesTheTeacherOnUniformFeatures() {
        AtomicInteger calls = new AtomicInteger();
        Dataset d = Datasets.labelled("teacher", 300, 3, -1, 2, x -> {
            calls.incrementAndGet();
            return Math.sin(x[0]) + x[1] * x[2];
        }, new SplittableRandom(4));
        assertEquals(300, calls.get());
        assertEquals("teacher", d.name());
        assertEquals(3, d.features());
        double[] mean = new double[3];
        for (int i = 0; i < d.size(); i++) {
            double[] x = d.row(i);
            assertEquals(Math.sin(x[0]) + x[1] * x[2], d.target(i), 0);
            for (int j = 0; j < 3; j++) {
                assertTrue(x[j] >= -1 && x[j] <= 2, "feature " + x[j]);
                mean[j] += x[j] / d.size();
            }
        }
        for (double m : mean) {
            assertEquals(0.5, m, 0.15); // uniform on [-1, 2]
        }
        // rows are lo·(1−u) + hi·u from nextDouble(), row by row
        SplittableRandom r = new SplittableRandom(4);
        double u = r.nextDouble();
        assertEquals(-1 * (1 - u) + 2 * u, d.row(0)[0], 0);
        assertEquals(d, Datasets.labelled("teacher", 300, 3, -1, 2, x -> Math.sin(x[0]) + x[1] * x[2],
                new SplittableRandom(4)));
    }

    @Test
    void labelledTeacherCannotCorruptTheDataset() {
        Dataset d = Datasets.labelled("t", 4, 2, 0, 1, x -> {
            double s = x[0] + x[1];
            x[0] = 100;
            return s;
        }, new SplittableRandom(1));
        for (int i = 0; i < d.size(); i++) {
            assertTrue(d.row(i)[0] <= 1);
            assertEquals(d.row(i)[0] + d.row(i)[1], d.target(i), 0);
        }
    }

    @Test
    void labelledChecksItsArguments() {
        SplittableRandom r = new SplittableRandom(1);
        assertMessage(() -> Datasets.labelled("t", 0, 2, 0, 1, x -> 0, r), "count 0", ">= 1");
        assertMessage(() -> Datasets.labelled("t", 3, 0, 0, 1, x -> 0, r), "features 0", ">= 1");
        assertMessage(() -> Datasets.labelled("t", 3, 2, 1, 1, x -> 0, r), "[1.0, 1.0]", "lo < hi");
        assertMessage(() -> Datasets.labelled("t", 3, 2, 0, 1, x -> Double.NaN, r), "teacher returned NaN",
                "sample 0");
    }

    @Test
    void noneIsOneEmptySampleWithTargetZero() {
        Dataset d = Datasets.none();
        assertEquals(1, d.size());
        assertEquals(0, d.features());
        assertEquals(0, d.target(0));
        assertEquals(0, d.row(0).length);
    }

    private static void assertMessage(Executable call, String... parts) {
        var e = assertThrows(IllegalArgumentException.class, call);
        for (String p : List.of(parts)) {
            assertTrue(e.getMessage().contains(p), "message \"" + e.getMessage() + "\" lacks \"" + p + "\"");
        }
    }
}
