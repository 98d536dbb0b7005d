package org.qnnlab.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;

/**
 * An orthonormal basis of sparse Pauli-coefficient vectors with an inverted index (Pauli key → basis vectors
 * with that key), so that a candidate is projected only on the basis vectors it overlaps.
 */
final class SparseBasis {

    /** Entries of a new basis vector below this (relative to its norm) are rounding noise and dropped. */
    private static final double KEEP = 1e-14;

    final List<long[]> keys = new ArrayList<>();
    final List<double[]> vals = new ArrayList<>();
    private final HashMap<Long, IntList> index = new HashMap<>();
    private int[] stamp = new int[16];
    private int epoch;
    private final IntList cand = new IntList();

    int size() {
        return keys.size();
    }

    /**
     * Orthogonalises {@code c} in place against the basis (modified Gram–Schmidt over the overlapping basis
     * vectors, two passes) and tells whether the residual exceeds {@link Dla#RELATIVE_TOLERANCE} times the larger
     * of its original norm and {@code scale}. The scale is the size of the inputs {@code c} was computed from
     * (for a commutator {@code i[A, B]}: {@code 2‖A‖‖B‖}); without it, a commutator that vanishes exactly but
     * comes out as rounding noise (~1e-16) would pass a test relative to its own norm.
     */
    boolean independent(LongDoubleMap c, double scale) {
        double norm0 = c.norm();
        if (norm0 == 0 || norm0 <= Dla.RELATIVE_TOLERANCE * scale) {
            return false;
        }
        for (int pass = 0; pass < 2; pass++) {
            collectOverlaps(c);
            for (int t = 0; t < cand.size; t++) {
                int j = cand.data[t];
                long[] bk = keys.get(j);
                double[] bv = vals.get(j);
                double dot = 0;
                for (int e = 0; e < bk.length; e++) {
                    dot += bv[e] * c.get(bk[e]);
                }
                if (dot != 0) {
                    for (int e = 0; e < bk.length; e++) {
                        c.add(bk[e], -dot * bv[e]);
                    }
                }
            }
        }
        return c.norm() > Dla.RELATIVE_TOLERANCE * Math.max(norm0, scale);
    }

    private void collectOverlaps(LongDoubleMap c) {
        if (stamp.length < keys.size()) {
            stamp = Arrays.copyOf(stamp, Math.max(2 * stamp.length, keys.size()));
        }
        epoch++;
        cand.size = 0;
        for (int t0 = 0; t0 < c.size; t0++) {
            int s = c.slots[t0];
            long k = c.keys[s];
            if (c.vals[s] == 0) {
                continue;
            }
            IntList l = index.get(k);
            if (l == null) {
                continue;
            }
            for (int t = 0; t < l.size; t++) {
                int j = l.data[t];
                if (stamp[j] != epoch) {
                    stamp[j] = epoch;
                    cand.add(j);
                }
            }
        }
        Arrays.sort(cand.data, 0, cand.size);
    }

    /** Appends the normalised residual {@code c} (after {@link #independent} returned true). */
    void addResidual(LongDoubleMap c) {
        double norm = c.norm();
        double cut = KEEP * norm;
        int count = 0;
        for (int t = 0; t < c.size; t++) {
            if (Math.abs(c.vals[c.slots[t]]) > cut) {
                count++;
            }
        }
        long[] k = new long[count];
        double[] v = new double[count];
        int i = 0;
        for (int t = 0; t < c.size; t++) {
            int s = c.slots[t];
            if (Math.abs(c.vals[s]) > cut) {
                k[i] = c.keys[s];
                v[i++] = c.vals[s] / norm;
            }
        }
        append(k, v);
    }

    /** Appends the unit vector of the single Pauli string {@code key} (orthogonal to the basis: not checked). */
    void addString(long key) {
        append(new long[] {key}, new double[] {1});
    }

    /** Appends a unit vector orthogonal to the basis (not checked). */
    void append(long[] k, double[] v) {
        int j = keys.size();
        keys.add(k);
        vals.add(v);
        for (long key : k) {
            index.computeIfAbsent(key, kk -> new IntList()).add(j);
        }
    }

    /** The coordinates {@code ⟨b_j, c⟩} of {@code c} on every basis vector (zero where they share no string). */
    double[] coordinates(LongDoubleMap c) {
        double[] out = new double[keys.size()];
        collectOverlaps(c);
        for (int t = 0; t < cand.size; t++) {
            int j = cand.data[t];
            out[j] = dot(j, c);
        }
        return out;
    }

    /** {@code ⟨b_j, c⟩}. */
    double dot(int j, LongDoubleMap c) {
        long[] bk = keys.get(j);
        double[] bv = vals.get(j);
        double s = 0;
        for (int e = 0; e < bk.length; e++) {
            s += bv[e] * c.get(bk[e]);
        }
        return s;
    }

    /** A growable int array. */
    private static final class IntList {
        int[] data = new int[4];
        int size;

        void add(int v) {
            if (size == data.length) {
                data = Arrays.copyOf(data, 2 * size);
            }
            data[size++] = v;
        }
    }
}
