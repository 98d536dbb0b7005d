package org.qnnlab.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The record's validation, defensive copies, subset, split and rescaling. */
class DatasetTest {

    private static Dataset abc() {
        return new Dataset("abc", new double[][] {{1, 10}, {2, 20}, {3, 30}, {4, 40}, {5, 50}},
                new double[] {0.1, 0.2, 0.3, 0.4, 0.5});
    }

    @Test
    void sizeFeaturesAndAccessors() {
        Dataset d = abc();
        assertEquals(5, d.size());
        assertEquals(2, d.features());
        assertEquals("abc", d.name());
        assertArrayEquals(new double[] {3, 30}, d.row(2));
        assertEquals(0.4, d.target(3));
        assertEquals("Dataset[abc: 5 samples x 2 features]", d.toString());
    }

    @Test
    void copiesInAndOut() {
        double[][] x = {{1, 2}};
        double[] y = {3};
        Dataset d = new Dataset("d", x, y);
        x[0][0] = 99;
        y[0] = 99;
        assertEquals(1, d.x()[0][0]);
        assertEquals(3, d.y()[0]);
        d.x()[0][1] = 77;
        d.y()[0] = 77;
        d.row(0)[0] = 55;
        assertArrayEquals(new double[] {1, 2}, d.x()[0]);
        assertArrayEquals(new double[] {3}, d.y());
    }

    @Test
    void equalityIsByValue() {
        assertEquals(abc(), abc());
        assertEquals(abc().hashCode(), abc().hashCode());
        assertNotEquals(abc(), abc().subset(new int[] {0, 1, 2, 3}));
    }

    @Test
    void zeroFeaturesAreAllowed() {
        Dataset d = new Dataset("vqe", new double[][] {{}, {}}, new double[] {0, 1});
        assertEquals(0, d.features());
        assertEquals(2, d.size());
        assertEquals(0, d.rescaled(0, 1).features());
    }

    @Test
    void validationMessages() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Dataset("d", new double[][] {{1}, {2}, {3}}, new double[] {1, 2}));
        assertTrue(e.getMessage().contains("3 rows") && e.getMessage().contains("2 targets"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> new Dataset("d", new double[0][], new double[0]));
        assertTrue(e.getMessage().contains("no samples"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> new Dataset("d", new double[][] {{1, 2}, {3}}, new double[] {1, 2}));
        assertTrue(e.getMessage().contains("row 1 has 1 features, expected 2"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> new Dataset("d", new double[][] {{1, 2}, {3, Double.NaN}}, new double[] {1, 2}));
        assertTrue(e.getMessage().contains("row 1, column 1 is NaN"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> new Dataset("d", new double[][] {{1}, {2}}, new double[] {1, Double.POSITIVE_INFINITY}));
        assertTrue(e.getMessage().contains("y at row 1 is Infinity"), e.getMessage());
    }

    @Test
    void subsetKeepsTheGivenOrderAndAllowsRepeats() {
        Dataset s = abc().subset(new int[] {4, 0, 4});
        assertArrayEquals(new double[][] {{5, 50}, {1, 10}, {5, 50}}, s.x());
        assertArrayEquals(new double[] {0.5, 0.1, 0.5}, s.y());
        assertEquals("abc", s.name());

        var e = assertThrows(IllegalArgumentException.class, () -> abc().subset(new int[] {1, 5}));
        assertTrue(e.getMessage().contains("index 5 at position 1 is out of range 0..4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> abc().subset(new int[0]));
    }

    @Test
    void splitIsADeterministicPartition() {
        Dataset d = abc();
        Dataset[] a = d.split(0.6, new SplittableRandom(7));
        Dataset[] b = d.split(0.6, new SplittableRandom(7));
        assertEquals(a[0], b[0]);
        assertEquals(a[1], b[1]);
        assertEquals(3, a[0].size());
        assertEquals(2, a[1].size());
        assertEquals("abc/train", a[0].name());
        assertEquals("abc/test", a[1].name());
        // every sample lands in exactly one part, with its target
        double[] firstFeature = new double[5];
        int k = 0;
        for (Dataset part : a) {
            for (int i = 0; i < part.size(); i++) {
                double[] row = part.row(i);
                assertEquals(row[0] / 10, part.target(i), 1e-15);
                assertEquals(row[0] * 10, row[1]);
                firstFeature[k++] = row[0];
            }
        }
        Arrays.sort(firstFeature);
        assertArrayEquals(new double[] {1, 2, 3, 4, 5}, firstFeature);
    }

    @Test
    void splitUsesTheGeneratorsPermutation() {
        // the permutation is Fisher-Yates with nextInt(i + 1), i = n-1 .. 1; replay it by hand
        Dataset d = abc();
        SplittableRandom r = new SplittableRandom(11);
        int[] perm = {0, 1, 2, 3, 4};
        for (int i = 4; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        Dataset[] parts = d.split(0.4, new SplittableRandom(11));
        assertEquals(d.subset(new int[] {perm[0], perm[1]}).x().length, parts[0].size());
        assertArrayEquals(d.subset(new int[] {perm[0], perm[1]}).x(), parts[0].x());
        assertArrayEquals(d.subset(new int[] {perm[2], perm[3], perm[4]}).y(), parts[1].y());
        // different seeds shuffle differently (for these two seeds)
        assertNotEquals(Arrays.deepToString(d.split(0.4, new SplittableRandom(1))[0].x()),
                Arrays.deepToString(d.split(0.4, new SplittableRandom(2))[0].x()));
    }

    @Test
    void splitRejectsBadFractions() {
        for (double f : new double[] {0, 1, -0.5, 1.5, Double.NaN}) {
            var e = assertThrows(IllegalArgumentException.class, () -> abc().split(f, new SplittableRandom(1)));
            assertTrue(e.getMessage().contains(String.valueOf(f)) && e.getMessage().contains("between 0 and 1"),
                    e.getMessage());
        }
        var e = assertThrows(IllegalArgumentException.class, () -> abc().split(0.05, new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("0 train and 5 test"), e.getMessage());
    }

    @Test
    void rescaledMapsEachColumnOntoTheRange() {
        Dataset d = new Dataset("r", new double[][] {{-1, 5, 0}, {1, 5, 10}, {0, 5, 2.5}}, new double[] {7, 8, 9});
        Dataset r = d.rescaled(0, Math.PI);
        assertArrayEquals(new double[] {0, Math.PI / 2, 0}, r.row(0), 1e-15);
        assertArrayEquals(new double[] {Math.PI, Math.PI / 2, Math.PI}, r.row(1), 0);
        assertArrayEquals(new double[] {Math.PI / 2, Math.PI / 2, Math.PI / 4}, r.row(2), 1e-15);
        assertArrayEquals(new double[] {7, 8, 9}, r.y());
        assertEquals(0.0, r.row(0)[0]); // the minimum maps exactly onto lo
        assertArrayEquals(new double[] {-1, 5, 0}, d.row(0)); // the original is untouched

        Dataset s = d.rescaled(-2, 2);
        assertArrayEquals(new double[] {-2, 0, -2}, s.row(0), 0);
        assertArrayEquals(new double[] {2, 0, 2}, s.row(1), 0);
        assertArrayEquals(new double[] {0, 0, -1}, s.row(2), 1e-15);

        var e = assertThrows(IllegalArgumentException.class, () -> d.rescaled(1, 1));
        assertTrue(e.getMessage().contains("[1.0, 1.0]") && e.getMessage().contains("lo < hi"), e.getMessage());
    }

    @Test
    void rescaledSurvivesHugeValues() {
        Dataset d = new Dataset("h", new double[][] {{-Double.MAX_VALUE}, {0}, {Double.MAX_VALUE}}, new double[3]);
        assertArrayEquals(new double[][] {{0}, {0.5}, {1}}, d.rescaled(0, 1).x());
    }
}
