package org.qnnlab.sim.kernel;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The reference kernel: plain, single-threaded loops written to be obviously correct. It is the specification every
 * other kernel is tested against; keep it short and never delete it.
 *
 * <p>Assumes valid input (see {@link StateKernel}).
 */
public final class ScalarKernel implements StateKernel {

    @Override
    public KernelType type() {
        return KernelType.SCALAR;
    }

    @Override
    public int threads() {
        return 1;
    }

    @Override
    public void apply1(MemorySegment s, int n, int q, double[] m, long ctrl) {
        applyMatrix(s, n, new int[] {q}, m, ctrl);
    }

    @Override
    public void apply2(MemorySegment s, int n, int q0, int q1, double[] m, long ctrl) {
        applyMatrix(s, n, new int[] {q0, q1}, m, ctrl);
    }

    @Override
    public void applyMatrix(MemorySegment s, int n, int[] qs, double[] m, long ctrl) {
        int k = qs.length;
        int dim = 1 << k;
        long[] offset = subspaceOffsets(qs);
        int[] sorted = qs.clone();
        Arrays.sort(sorted);
        double[] vr = new double[dim];
        double[] vi = new double[dim];
        for (long base = 0; base < (1L << (n - k)); base++) {
            long i = insertZeros(base, sorted);
            if ((i & ctrl) != ctrl) {
                continue;
            }
            for (int c = 0; c < dim; c++) {
                vr[c] = re(s, i + offset[c]);
                vi[c] = im(s, i + offset[c]);
            }
            for (int r = 0; r < dim; r++) {
                double ar = 0;
                double ai = 0;
                for (int c = 0; c < dim; c++) {
                    double mr = m[2 * (r * dim + c)];
                    double mi = m[2 * (r * dim + c) + 1];
                    ar += mr * vr[c] - mi * vi[c];
                    ai += mr * vi[c] + mi * vr[c];
                }
                set(s, i + offset[r], ar, ai);
            }
        }
    }

    @Override
    public void applyDiagonal(MemorySegment s, int n, int[] qs, double[] d, long ctrl) {
        for (long b = 0; b < (1L << n); b++) {
            if ((b & ctrl) != ctrl) {
                continue;
            }
            int r = subspaceIndex(b, qs);
            mul(s, b, d[2 * r], d[2 * r + 1]);
        }
    }

    @Override
    public void applyPauliRotation(MemorySegment s, int n, long x, long z, double theta, long ctrl) {
        // exp(-i θ/2 P) = cos(θ/2) I - i sin(θ/2) P; with x = 0, P is diagonal with entries ±1.
        double c = Math.cos(theta / 2);
        double sn = Math.sin(theta / 2);
        for (long b = 0; b < (1L << n); b++) {
            long partner = b ^ x;
            if ((b & ctrl) != ctrl || partner < b) {
                continue;
            }
            if (x == 0) {
                mul(s, b, c, -sn * sign(b, z));
                continue;
            }
            double[] pb = pauliPhase(partner, x, z); // <b|P|partner>
            double[] pp = pauliPhase(b, x, z); // <partner|P|b>
            double br = re(s, b), bi = im(s, b), qr = re(s, partner), qi = im(s, partner);
            // -i·sn·(phase·amp) = sn·(phase·amp)·(-i)
            double tr = pb[0] * qr - pb[1] * qi, ti = pb[0] * qi + pb[1] * qr;
            double ur = pp[0] * br - pp[1] * bi, ui = pp[0] * bi + pp[1] * br;
            set(s, b, c * br + sn * ti, c * bi - sn * tr);
            set(s, partner, c * qr + sn * ui, c * qi - sn * ur);
        }
    }

    @Override
    public void applyPauli(MemorySegment s, int n, long x, long z) {
        for (long b = 0; b < (1L << n); b++) {
            long partner = b ^ x;
            if (partner < b) {
                continue;
            }
            double[] pb = pauliPhase(partner, x, z);
            double[] pp = pauliPhase(b, x, z);
            double br = re(s, b), bi = im(s, b), qr = re(s, partner), qi = im(s, partner);
            set(s, b, pb[0] * qr - pb[1] * qi, pb[0] * qi + pb[1] * qr);
            if (partner != b) {
                set(s, partner, pp[0] * br - pp[1] * bi, pp[0] * bi + pp[1] * br);
            }
        }
    }

    @Override
    public double expectationPauli(MemorySegment s, int n, long x, long z) {
        double sum = 0;
        for (long b = 0; b < (1L << n); b++) {
            long partner = b ^ x;
            double[] ph = pauliPhase(partner, x, z); // (Pψ)[b] = ph·ψ[partner]
            double pr = ph[0] * re(s, partner) - ph[1] * im(s, partner);
            double pi = ph[0] * im(s, partner) + ph[1] * re(s, partner);
            sum += re(s, b) * pr + im(s, b) * pi;
        }
        return sum;
    }

    @Override
    public double[] inner(MemorySegment a, MemorySegment b, int n) {
        double sr = 0;
        double si = 0;
        for (long i = 0; i < (1L << n); i++) {
            sr += re(a, i) * re(b, i) + im(a, i) * im(b, i);
            si += re(a, i) * im(b, i) - im(a, i) * re(b, i);
        }
        return new double[] {sr, si};
    }

    @Override
    public double normSquared(MemorySegment s, int n) {
        double sum = 0;
        for (long i = 0; i < (1L << n); i++) {
            sum += re(s, i) * re(s, i) + im(s, i) * im(s, i);
        }
        return sum;
    }

    @Override
    public void scale(MemorySegment s, int n, double re, double im) {
        for (long i = 0; i < (1L << n); i++) {
            mul(s, i, re, im);
        }
    }

    @Override
    public void axpy(MemorySegment y, MemorySegment x, int n, double re, double im) {
        for (long i = 0; i < (1L << n); i++) {
            double xr = re(x, i), xi = im(x, i);
            set(y, i, re(y, i) + re * xr - im * xi, im(y, i) + re * xi + im * xr);
        }
    }

    /** {@code <b^x|P|b>}: the phase {@code i^{popcount(x&z)}·(-1)^{popcount(b&z)}} as {@code {re, im}}. */
    static double[] pauliPhase(long b, long x, long z) {
        int power = (Long.bitCount(x & z) + 2 * Long.bitCount(b & z)) & 3;
        return switch (power) {
            case 0 -> new double[] {1, 0};
            case 1 -> new double[] {0, 1};
            case 2 -> new double[] {-1, 0};
            default -> new double[] {0, -1};
        };
    }

    private static double sign(long b, long z) {
        return (Long.bitCount(b & z) & 1) == 0 ? 1 : -1;
    }

    /** Offsets of the {@code 2^k} basis states of the subspace on {@code qs}, first listed qubit most significant. */
    static long[] subspaceOffsets(int[] qs) {
        int k = qs.length;
        long[] offset = new long[1 << k];
        for (int r = 0; r < offset.length; r++) {
            for (int j = 0; j < k; j++) {
                if (((r >> (k - 1 - j)) & 1) != 0) {
                    offset[r] |= 1L << qs[j];
                }
            }
        }
        return offset;
    }

    /** The row of basis state {@code b} in a matrix on {@code qs} (first listed qubit most significant). */
    static int subspaceIndex(long b, int[] qs) {
        int r = 0;
        for (int q : qs) {
            r = (r << 1) | (int) ((b >>> q) & 1);
        }
        return r;
    }

    /** Spreads {@code base} so that the bit positions in {@code sortedQubits} (ascending) are zero. */
    static long insertZeros(long base, int[] sortedQubits) {
        long i = base;
        for (int q : sortedQubits) {
            long low = i & ((1L << q) - 1);
            i = ((i ^ low) << 1) | low;
        }
        return i;
    }

    private static double re(MemorySegment s, long i) {
        return s.getAtIndex(JAVA_DOUBLE, 2 * i);
    }

    private static double im(MemorySegment s, long i) {
        return s.getAtIndex(JAVA_DOUBLE, 2 * i + 1);
    }

    private static void set(MemorySegment s, long i, double re, double im) {
        s.setAtIndex(JAVA_DOUBLE, 2 * i, re);
        s.setAtIndex(JAVA_DOUBLE, 2 * i + 1, im);
    }

    private static void mul(MemorySegment s, long i, double re, double im) {
        double ar = re(s, i), ai = im(s, i);
        set(s, i, ar * re - ai * im, ar * im + ai * re);
    }
}
