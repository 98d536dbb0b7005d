package org.qnnlab.sim;

/**
 * Small dense complex matrices in qnnlab's gate format: row-major, interleaved {@code (re, im)}, dimension a power of
 * two. Only what gate and channel construction and checks need; state-sized work belongs in the kernels. Public for
 * {@code org.qnnlab.sim.noise}, which builds Kraus sets and superoperators from the same operations.
 */
public final class ComplexMatrices {

    private ComplexMatrices() {
    }

    /** Dimension of a square matrix stored in {@code m}, or -1 if its length is not {@code 2·d²} for a power of 2. */
    public static int dimension(double[] m) {
        for (int d = 2; d <= 64; d *= 2) {
            if (m.length == 2 * d * d) {
                return d;
            }
        }
        return -1;
    }

    /** The {@code d × d} identity. */
    public static double[] identity(int d) {
        double[] m = new double[2 * d * d];
        for (int i = 0; i < d; i++) {
            m[2 * (i * d + i)] = 1;
        }
        return m;
    }

    /** {@code a·b}. */
    public static double[] multiply(double[] a, double[] b, int d) {
        double[] c = new double[2 * d * d];
        for (int i = 0; i < d; i++) {
            for (int k = 0; k < d; k++) {
                double ar = a[2 * (i * d + k)], ai = a[2 * (i * d + k) + 1];
                for (int j = 0; j < d; j++) {
                    double br = b[2 * (k * d + j)], bi = b[2 * (k * d + j) + 1];
                    c[2 * (i * d + j)] += ar * br - ai * bi;
                    c[2 * (i * d + j) + 1] += ar * bi + ai * br;
                }
            }
        }
        return c;
    }

    /** Conjugate transpose. */
    public static double[] adjoint(double[] a, int d) {
        double[] c = new double[2 * d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                c[2 * (j * d + i)] = a[2 * (i * d + j)];
                c[2 * (j * d + i) + 1] = -a[2 * (i * d + j) + 1];
            }
        }
        return c;
    }

    /** {@code s·a} for complex {@code s = (sr, si)}. */
    public static double[] scale(double[] a, double sr, double si) {
        double[] c = new double[a.length];
        for (int i = 0; i < a.length; i += 2) {
            c[i] = sr * a[i] - si * a[i + 1];
            c[i + 1] = sr * a[i + 1] + si * a[i];
        }
        return c;
    }

    /** {@code a + b}. */
    public static double[] add(double[] a, double[] b) {
        double[] c = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i] + b[i];
        }
        return c;
    }

    /** Kronecker product {@code a ⊗ b} ({@code a} acts on the more significant index bits). */
    public static double[] kron(double[] a, int da, double[] b, int db) {
        int d = da * db;
        double[] c = new double[2 * d * d];
        for (int i = 0; i < da; i++) {
            for (int j = 0; j < da; j++) {
                double ar = a[2 * (i * da + j)], ai = a[2 * (i * da + j) + 1];
                for (int k = 0; k < db; k++) {
                    for (int l = 0; l < db; l++) {
                        double br = b[2 * (k * db + l)], bi = b[2 * (k * db + l) + 1];
                        int r = i * db + k, col = j * db + l;
                        c[2 * (r * d + col)] = ar * br - ai * bi;
                        c[2 * (r * d + col) + 1] = ar * bi + ai * br;
                    }
                }
            }
        }
        return c;
    }

    /** Largest entry of {@code |a†a − I|}: 0 for an exact unitary. */
    public static double unitarityError(double[] a, int d) {
        double[] p = multiply(adjoint(a, d), a, d);
        double err = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double re = p[2 * (i * d + j)] - (i == j ? 1 : 0);
                double im = p[2 * (i * d + j) + 1];
                err = Math.max(err, Math.hypot(re, im));
            }
        }
        return err;
    }

    /** Whether every entry off the diagonal is exactly zero. */
    public static boolean isDiagonal(double[] a, int d) {
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                if (i != j && (a[2 * (i * d + j)] != 0 || a[2 * (i * d + j) + 1] != 0)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The diagonal of {@code a} as {@code d} interleaved complex numbers. */
    public static double[] diagonalOf(double[] a, int d) {
        double[] diag = new double[2 * d];
        for (int i = 0; i < d; i++) {
            diag[2 * i] = a[2 * (i * d + i)];
            diag[2 * i + 1] = a[2 * (i * d + i) + 1];
        }
        return diag;
    }

    /** A diagonal matrix from {@code d} interleaved complex entries. */
    public static double[] fromDiagonal(double[] diag) {
        int d = diag.length / 2;
        double[] m = new double[2 * d * d];
        for (int i = 0; i < d; i++) {
            m[2 * (i * d + i)] = diag[2 * i];
            m[2 * (i * d + i) + 1] = diag[2 * i + 1];
        }
        return m;
    }

    /** The matrix of a Pauli word such as {@code "XZY"}, first letter on the most significant index bit. */
    public static double[] pauliWord(String word) {
        double[] m = {1, 0};
        int d = 1;
        for (char ch : word.toCharArray()) {
            double[] p = switch (ch) {
                case 'I' -> new double[] {1, 0, 0, 0, 0, 0, 1, 0};
                case 'X' -> new double[] {0, 0, 1, 0, 1, 0, 0, 0};
                case 'Y' -> new double[] {0, 0, 0, -1, 0, 1, 0, 0};
                case 'Z' -> new double[] {1, 0, 0, 0, 0, 0, -1, 0};
                default -> throw new IllegalArgumentException("'" + ch + "' in Pauli word '" + word
                        + "' is not a Pauli letter; allowed: I, X, Y, Z");
            };
            m = kron(m, d, p, 2);
            d *= 2;
        }
        return m;
    }
}
