package org.qnnlab.analysis;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Spectra of real symmetric matrices (QFIM, tangent kernel, Hessian) over EJML: eigenvalues in ascending order and
 * the numerical rank with a relative tolerance.
 *
 * <p>Rank convention: an eigenvalue counts when {@code |λ| ≥ tol·max|λ|} and {@code |λ| > 0}. For a positive
 * semidefinite matrix (QFIM, tangent kernel) this is {@code λ ≥ tol·λ_max}, with rounding-level negative eigenvalues
 * left out; for an indefinite one (Hessian) both signs count. A zero matrix has rank 0.
 */
public final class Spectra {

    /**
     * Largest tolerated asymmetry {@code |a_ij − a_ji|} relative to {@code max|a|}; the matrix is symmetrised as
     * {@code (A + Aᵀ)/2} before decomposition.
     */
    public static final double SYMMETRY_TOLERANCE = 1e-8;

    private Spectra() {
    }

    /**
     * The eigenvalues of the real symmetric matrix {@code a}, ascending (symmetric QR algorithm).
     *
     * @throws IllegalArgumentException if {@code a} is not square, has a non-finite entry (named by position) or is
     *     not symmetric to {@link #SYMMETRY_TOLERANCE} relative to its largest entry
     * @throws IllegalStateException if the decomposition does not converge
     */
    public static double[] symmetricEigenvalues(double[][] a) {
        DMatrixRMaj m = symmetrized(a);
        int d = m.numRows;
        if (d == 0) {
            return new double[0];
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, false, true);
        if (!eig.decompose(m)) {
            throw new IllegalStateException("symmetric eigendecomposition of a " + d + "×" + d
                    + " matrix did not converge");
        }
        double[] ev = new double[d];
        for (int i = 0; i < d; i++) {
            ev[i] = eig.getEigenvalue(i).getReal();
        }
        Arrays.sort(ev);
        return ev;
    }

    /**
     * The number of eigenvalues with {@code |λ| ≥ relativeTolerance·max|λ|} (and {@code |λ| > 0}).
     *
     * @param eigenvalues any order
     * @param relativeTolerance in [0, 1]
     * @throws IllegalArgumentException on a tolerance outside [0, 1] or a non-finite eigenvalue
     */
    public static int rank(double[] eigenvalues, double relativeTolerance) {
        double cut = threshold(eigenvalues, relativeTolerance);
        int r = 0;
        for (double l : eigenvalues) {
            if (Math.abs(l) > 0 && Math.abs(l) >= cut) {
                r++;
            }
        }
        return r;
    }

    /** The numerical rank of the real symmetric matrix {@code a}: {@link #rank(double[], double)} of its spectrum. */
    public static int rank(double[][] a, double relativeTolerance) {
        checkTolerance(relativeTolerance);
        return rank(symmetricEigenvalues(a), relativeTolerance);
    }

    /**
     * The absolute cut-off {@code relativeTolerance·max|λ|} that {@link #rank(double[], double)} applies (0 for an
     * empty spectrum).
     *
     * @throws IllegalArgumentException on a tolerance outside [0, 1] or a non-finite eigenvalue
     */
    public static double threshold(double[] eigenvalues, double relativeTolerance) {
        checkTolerance(relativeTolerance);
        double max = 0;
        for (int i = 0; i < eigenvalues.length; i++) {
            if (!Double.isFinite(eigenvalues[i])) {
                throw new IllegalArgumentException("eigenvalue " + i + " is " + eigenvalues[i]
                        + "; allowed: finite numbers");
            }
            max = Math.max(max, Math.abs(eigenvalues[i]));
        }
        return relativeTolerance * max;
    }

    private static void checkTolerance(double tol) {
        if (!(tol >= 0 && tol <= 1)) {
            throw new IllegalArgumentException("relative tolerance " + tol + " out of range; allowed: 0..1");
        }
    }

    /** Validates {@code a} and returns {@code (A + Aᵀ)/2} as an EJML matrix. */
    private static DMatrixRMaj symmetrized(double[][] a) {
        int d = a.length;
        double max = 0;
        for (int i = 0; i < d; i++) {
            if (a[i] == null || a[i].length != d) {
                throw new IllegalArgumentException("matrix is not square: row " + i + " has "
                        + (a[i] == null ? "no" : String.valueOf(a[i].length)) + " entries, expected " + d);
            }
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(a[i][j])) {
                    throw new IllegalArgumentException("matrix entry (" + i + ", " + j + ") is " + a[i][j]
                            + "; allowed: finite numbers");
                }
                max = Math.max(max, Math.abs(a[i][j]));
            }
        }
        DMatrixRMaj m = new DMatrixRMaj(d, d);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double asym = Math.abs(a[i][j] - a[j][i]);
                if (asym > SYMMETRY_TOLERANCE * max) {
                    throw new IllegalArgumentException("matrix is not symmetric: entries (" + i + ", " + j + ") = "
                            + a[i][j] + " and (" + j + ", " + i + ") = " + a[j][i] + " differ by " + asym
                            + "; allowed: " + SYMMETRY_TOLERANCE + " relative to the largest entry " + max);
                }
                m.unsafe_set(i, j, 0.5 * (a[i][j] + a[j][i]));
            }
        }
        return m;
    }
}
