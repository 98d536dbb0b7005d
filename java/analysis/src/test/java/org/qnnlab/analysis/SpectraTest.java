package org.qnnlab.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SpectraTest {

    @Test
    void eigenvaluesOfKnownSymmetricMatrices() {
        assertArrayEquals(new double[] {1, 3}, Spectra.symmetricEigenvalues(new double[][] {{2, 1}, {1, 2}}), 1e-12);
        // tridiagonal (2, −1): eigenvalues 2 − 2cos(kπ/4), k = 1..3
        double[][] t = {{2, -1, 0}, {-1, 2, -1}, {0, -1, 2}};
        assertArrayEquals(new double[] {2 - Math.sqrt(2), 2, 2 + Math.sqrt(2)}, Spectra.symmetricEigenvalues(t),
                1e-12);
        assertArrayEquals(new double[] {-5, 0.5, 7},
                Spectra.symmetricEigenvalues(new double[][] {{7, 0, 0}, {0, -5, 0}, {0, 0, 0.5}}), 1e-12);
        assertEquals(0, Spectra.symmetricEigenvalues(new double[0][0]).length);
    }

    @Test
    void rankOfRankDeficientGramMatrix() {
        // A = V Vᵀ with V 6×3 random: rank 3, three eigenvalues at rounding level
        SplittableRandom rng = new SplittableRandom(7);
        int d = 6;
        int r = 3;
        double[][] v = new double[d][r];
        for (double[] row : v) {
            for (int j = 0; j < r; j++) {
                row[j] = rng.nextGaussian();
            }
        }
        double[][] a = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < r; k++) {
                    a[i][j] += v[i][k] * v[j][k];
                }
            }
        }
        double[] ev = Spectra.symmetricEigenvalues(a);
        for (int i = 1; i < d; i++) {
            assertTrue(ev[i - 1] <= ev[i], "ascending");
        }
        assertEquals(3, Spectra.rank(ev, 1e-8));
        assertEquals(3, Spectra.rank(a, 1e-8));
        assertTrue(Math.abs(ev[0]) < 1e-12 && ev[3] > 1e-3, java.util.Arrays.toString(ev));
    }

    @Test
    void toleranceIsRelativeToTheLargestEigenvalue() {
        double[] ev = {1e-12, 1e-6, 1};
        assertEquals(3, Spectra.rank(ev, 0));
        assertEquals(3, Spectra.rank(ev, 1e-12)); // λ ≥ tol·λ_max counts
        assertEquals(2, Spectra.rank(ev, 1e-8));
        assertEquals(1, Spectra.rank(ev, 1e-4));
        assertEquals(1, Spectra.rank(ev, 1));
        assertEquals(1e-8 * 1000, Spectra.threshold(new double[] {3, -1000}, 1e-8), 0);
        // scale invariance: the same matrix times 1e-20 has the same rank
        double[][] a = {{1e-20, 0}, {0, 1e-30}};
        assertEquals(1, Spectra.rank(a, 1e-8));
        assertEquals(2, Spectra.rank(a, 1e-12));
        // zero matrix and rounding-level negative eigenvalues of a PSD matrix
        assertEquals(0, Spectra.rank(new double[][] {{0, 0}, {0, 0}}, 1e-8));
        assertEquals(1, Spectra.rank(new double[] {-1e-17, 2}, 1e-8));
        // indefinite (Hessian-like): both signs count
        assertEquals(2, Spectra.rank(new double[] {-3, 0, 2}, 1e-8));
    }

    @Test
    void rejectsBadInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Spectra.symmetricEigenvalues(new double[][] {{1, 2}, {0, 1}}));
        assertTrue(e.getMessage().contains("not symmetric"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Spectra.symmetricEigenvalues(new double[][] {{1, 2}, {2}}));
        assertTrue(e.getMessage().contains("not square"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Spectra.symmetricEigenvalues(new double[][] {{1, Double.NaN}, {Double.NaN, 1}}));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Spectra.rank(new double[] {1}, -0.1));
        assertTrue(e.getMessage().contains("-0.1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Spectra.rank(new double[] {1}, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Spectra.rank(new double[] {1}, 1.5));
        // asymmetry at rounding level is accepted and symmetrised
        assertArrayEquals(new double[] {1, 3},
                Spectra.symmetricEigenvalues(new double[][] {{2, 1 + 1e-15}, {1, 2}}), 1e-12);
    }
}
