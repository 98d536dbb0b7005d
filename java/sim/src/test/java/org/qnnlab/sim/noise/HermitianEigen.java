package org.qnnlab.sim.noise;

/**
 * Eigenvalues of small Hermitian matrices for tests (EJML lives in the analysis module, above sim): the Hermitian
 * {@code H = A + iB} is embedded as the real symmetric {@code [[A, −B], [B, A]]}, whose spectrum is H's with every
 * eigenvalue twice, and diagonalised by cyclic Jacobi rotations until the off-diagonal mass is below 1e-30 of the
 * total. Shared through the test-jar.
 */
public final class HermitianEigen {

    private HermitianEigen() {
    }

    /**
     * The eigenvalues of a Hermitian {@code d × d} matrix (interleaved row-major), ascending.
     *
     * @throws IllegalArgumentException if the matrix is not Hermitian to 1e-12
     */
    public static double[] eigenvalues(double[] h) {
        int d = (int) Math.round(Math.sqrt(h.length / 2.0));
        int m = 2 * d;
        double[][] a = new double[m][m];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double re = h[2 * (i * d + j)];
                double im = h[2 * (i * d + j) + 1];
                double reT = h[2 * (j * d + i)];
                double imT = h[2 * (j * d + i) + 1];
                if (Math.abs(re - reT) > 1e-12 || Math.abs(im + imT) > 1e-12) {
                    throw new IllegalArgumentException("matrix is not Hermitian at (" + i + ", " + j + ")");
                }
                a[i][j] = re;
                a[i + d][j + d] = re;
                a[i][j + d] = -im;
                a[i + d][j] = im;
            }
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            double total = 0;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    total += a[i][j] * a[i][j];
                    if (i != j) {
                        off += a[i][j] * a[i][j];
                    }
                }
            }
            if (off <= 1e-30 * Math.max(total, 1e-300)) {
                break;
            }
            for (int p = 0; p < m - 1; p++) {
                for (int q = p + 1; q < m; q++) {
                    if (a[p][q] == 0) {
                        continue;
                    }
                    // the rotation that zeroes a[p][q] (Golub and Van Loan, Algorithm 8.4.1)
                    double tau = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(tau == 0 ? 1 : tau) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
                    double c = 1 / Math.sqrt(1 + t * t);
                    double s = t * c;
                    for (int k = 0; k < m; k++) {
                        double akp = a[k][p];
                        double akq = a[k][q];
                        a[k][p] = c * akp - s * akq;
                        a[k][q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < m; k++) {
                        double apk = a[p][k];
                        double aqk = a[q][k];
                        a[p][k] = c * apk - s * aqk;
                        a[q][k] = s * apk + c * aqk;
                    }
                }
            }
        }
        double[] all = new double[m];
        for (int i = 0; i < m; i++) {
            all[i] = a[i][i];
        }
        java.util.Arrays.sort(all);
        double[] ev = new double[d];
        for (int i = 0; i < d; i++) {
            ev[i] = all[2 * i]; // each eigenvalue appears twice in the embedding
        }
        return ev;
    }
}
