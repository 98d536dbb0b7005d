package org.qnnlab.kernel.vector;

/**
 * Per-lane coefficient tables, built once per call in plain Java and loaded as vectors by the loops.
 *
 * <p>Tables are written into a per-thread buffer ({@link #buffer}) rather than a new array: a 10-qubit training step
 * makes hundreds of kernel calls per sample, and fresh tables were 30% of its garbage (measured with JFR,
 * 2026-11-27). Every builder writes every entry of the prefix it returns, so nothing depends on a zeroed buffer.
 *
 * <p>A complex coefficient {@code a} acting on interleaved amplitudes {@code v} is stored as two lane vectors:
 * {@code R = (ar, ar, …)} and {@code I = (-ai, ai, …)}, so that {@code a·v = R·v + I·swapReIm(v)}. Lanes are doubles;
 * "complex lane" {@code c} is the amplitude in double lanes {@code 2c, 2c+1}.
 */
final class Coefficients {

    private Coefficients() {
    }

    /**
     * The table for a dense gate on {@code qs} (matrix {@code m}, first listed qubit most significant) as the loops
     * see it: {@code high} are the target qubits at or above log2(complex lanes), whose bits select one of
     * {@code S = 2^high.length} vector streams (bit j of the stream index is qubit {@code high[j]}); the remaining
     * (low) target bits live inside a register, and {@code xs} lists the complex-lane XOR patterns over them. Term
     * {@code (out, in, x)} at {@code ((out·S + in)·X + x)·2·lanes} holds, per output lane, the matrix entry that
     * multiplies lane {@code c ^ xs[x]} of input stream {@code in}. Lanes failing the in-register controls
     * {@code lowCtrl} get the identity.
     */
    static double[] dense(int lanes, int[] qs, double[] m, int[] high, int[] xs, long lowCtrl) {
        int complexLanes = lanes / 2;
        int streams = 1 << high.length;
        int dim = 1 << qs.length;
        double[] t = buffer(streams * streams * xs.length * 2 * lanes);
        // A matrix index is a bit gather over qs, and stream bits (high qubits) and lane bits (low qubits) are
        // disjoint, so row = rowOf(stream) | rowOf(lane): one gather per stream and per lane, not per entry.
        for (int o = 0; o < streams; o++) {
            int ro = subspaceIndex(spread(o, high), qs);
            for (int i = 0; i < streams; i++) {
                int ri = subspaceIndex(spread(i, high), qs);
                for (int x = 0; x < xs.length; x++) {
                    int base = ((o * streams + i) * xs.length + x) * 2 * lanes;
                    for (int c = 0; c < complexLanes; c++) {
                        double re;
                        double im;
                        if ((c & lowCtrl) != lowCtrl) {
                            re = o == i && xs[x] == 0 ? 1 : 0;
                            im = 0;
                        } else {
                            int e = (ro | subspaceIndex(c, qs)) * dim + (ri | subspaceIndex(c ^ xs[x], qs));
                            re = m[2 * e];
                            im = m[2 * e + 1];
                        }
                        put(t, base, lanes, c, re, im);
                    }
                }
            }
        }
        return t;
    }

    /**
     * Table for {@code out[b] = d·v[b] + w·(-1)^parity((b^x)&z)·v[b^x]}, restricted to the in-register part: per
     * lane {@code c}, {@code [D (real, lanes)] [R of w·(-1)^parity((c^xl)&zl) (lanes)] [I of the same (lanes)]}; lanes
     * failing {@code lowCtrl} get {@code D = 1, w = 0}. The high bits' parity is applied per vector by the loop.
     */
    static double[] pauli(int lanes, long xl, long zl, double d, double wr, double wi, long lowCtrl) {
        double[] t = buffer(3 * lanes);
        for (int c = 0; c < lanes / 2; c++) {
            boolean on = (c & lowCtrl) == lowCtrl;
            double sign = (Long.bitCount((c ^ xl) & zl) & 1) == 0 ? 1 : -1;
            t[2 * c] = on ? d : 1;
            t[2 * c + 1] = on ? d : 1;
            put(t, lanes, lanes, c, on ? sign * wr : 0, on ? sign * wi : 0);
        }
        return t;
    }

    /**
     * Table for a diagonal on {@code qs}: one (R, I) pair per pattern {@code h} of the high target bits
     * ({@code high[j]} is bit j of h, as in {@link #dense}), at {@code h·2·lanes}, per lane the entry of {@code d}.
     */
    static double[] diagonal(int lanes, int[] qs, double[] d, int[] high, long lowCtrl) {
        int patterns = 1 << high.length;
        double[] t = buffer(patterns * 2 * lanes);
        for (int h = 0; h < patterns; h++) {
            int rh = subspaceIndex(spread(h, high), qs); // disjoint from the lane bits, as in dense
            for (int c = 0; c < lanes / 2; c++) {
                if ((c & lowCtrl) != lowCtrl) {
                    put(t, h * 2 * lanes, lanes, c, 1, 0);
                } else {
                    int r = rh | subspaceIndex(c, qs);
                    put(t, h * 2 * lanes, lanes, c, d[2 * r], d[2 * r + 1]);
                }
            }
        }
        return t;
    }

    /** One complex number as (R, I) lane vectors: {@code a·v = R·v + I·swap(v)}. */
    static double[] scalar(int lanes, double re, double im) {
        double[] t = buffer(2 * lanes);
        for (int c = 0; c < lanes / 2; c++) {
            put(t, 0, lanes, c, re, im);
        }
        return t;
    }

    private static final ThreadLocal<double[]> BUFFER = ThreadLocal.withInitial(() -> new double[256]);

    /**
     * This thread's table buffer, at least {@code size} long (its prefix is the table; the rest is stale). A table
     * is read only while the kernel call that built it runs (its worker blocks join before the call returns), and a
     * kernel call never makes another on its own thread, so one buffer per thread is never shared by two live
     * tables. Callers must not keep a table past their call.
     */
    static double[] buffer(int size) {
        double[] b = BUFFER.get();
        if (b.length < size) {
            b = new double[Math.max(size, 2 * b.length)];
            BUFFER.set(b);
        }
        return b;
    }

    /** All subsets of {@code mask} (a set of complex-lane bits), ascending; {@code 0} first. */
    static int[] subsets(int mask) {
        int[] xs = new int[1 << Integer.bitCount(mask)];
        int k = 0;
        for (int x = 0; x <= mask; x++) {
            if ((x & ~mask) == 0) {
                xs[k++] = x;
            }
        }
        return xs;
    }

    private static void put(double[] t, int base, int lanes, int c, double re, double im) {
        t[base + 2 * c] = re;
        t[base + 2 * c + 1] = re;
        t[base + lanes + 2 * c] = -im;
        t[base + lanes + 2 * c + 1] = im;
    }

    /** Basis offset with bit j of {@code bits} placed at qubit {@code qubits[j]}. */
    static long spread(int bits, int[] qubits) {
        long b = 0;
        for (int j = 0; j < qubits.length; j++) {
            b |= (long) ((bits >> j) & 1) << qubits[j];
        }
        return b;
    }

    /** The row of basis state {@code b} in a matrix on {@code qs} (first listed qubit most significant). */
    static int subspaceIndex(long b, int[] qs) {
        int r = 0;
        for (int q : qs) {
            r = (r << 1) | (int) ((b >>> q) & 1);
        }
        return r;
    }
}
