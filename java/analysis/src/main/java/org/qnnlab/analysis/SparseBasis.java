package org.qnnlab.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * An orthonormal basis of sparse Pauli-coefficient vectors with an inverted index (Pauli key → basis vectors
 * with that key), so that a candidate is projected only on the basis vectors it overlaps.
 *
 * <p>Every Pauli key the basis holds gets a dense id, and each basis vector keeps its entries' ids: Gram–Schmidt runs
 * on a dense work array over those ids (gathers and scatters), not on hash lookups per entry, which profiled as most
 * of a closure of dimension ~850.
 */
final class SparseBasis {

    /** Entries of a new basis vector below this (relative to its norm) are rounding noise and dropped. */
    private static final double KEEP = 1e-14;

    final List<long[]> keys = new ArrayList<>();
    final List<double[]> vals = new ArrayList<>();
    private final List<int[]> ids = new ArrayList<>();
    private final KeyIndex index = new KeyIndex();
    /** id → the basis vectors holding that key. */
    private IntList[] holders = new IntList[64];
    private int[] stamp = new int[16];
    private int epoch;
    private final IntList cand = new IntList();
    /** Dense work vector over ids, zero outside a call. */
    private double[] work = new double[64];
    private int[] touchStamp = new int[64];
    private int touchEpoch;
    private final IntList touched = new IntList();
    /** Interleaved work of {@link #absorb}: entry {@code id·m + k} is candidate k's coefficient of key id. */
    private double[] wide = new double[0];
    /**
     * True while {@link #wide} may be non-zero at any id below {@link #wideIds} (a projection on basis vectors with
     * more entries than there are ids), false while only the ids in {@link #touched} may be: marking each entry
     * touched cost more than the projection itself on dense algebras.
     */
    private boolean wideAll;
    private int wideIds;

    /** Basis entries × candidates above which a projection pass is split over two threads. */
    private static final long PARALLEL_WORK = 1L << 20;

    int size() {
        return keys.size();
    }

    /**
     * Orthogonalises {@code c} against the basis (modified Gram–Schmidt over the overlapping basis vectors, two
     * passes) and tells whether the residual exceeds {@link Dla#RELATIVE_TOLERANCE} times the larger of its original
     * norm and {@code scale}; if it does, {@code c} holds the residual afterwards (ready for {@link #addResidual}),
     * otherwise its content is unspecified. The scale is the size of the inputs {@code c} was computed from (for a
     * commutator {@code i[A, B]}: {@code 2‖A‖‖B‖}); without it, a commutator that vanishes exactly but comes out as
     * rounding noise (~1e-16) would pass a test relative to its own norm.
     */
    boolean independent(LongDoubleMap c, double scale) {
        double norm0 = c.norm();
        if (norm0 == 0 || norm0 <= Dla.RELATIVE_TOLERANCE * scale) {
            return false;
        }
        int known = index.size();
        ensureIds(known);
        touchEpoch++;
        touched.size = 0;
        double outside = 0; // Σ v² over keys no basis vector holds: Gram–Schmidt never changes them
        for (int t = 0; t < c.size; t++) {
            int slot = c.slots[t];
            double v = c.vals[slot];
            if (v == 0) {
                continue;
            }
            int id = index.get(c.keys[slot]);
            if (id < 0) {
                outside += v * v;
            } else {
                work[id] = v;
                touch(id);
            }
        }
        // the candidates are the basis vectors sharing a key with c; the second pass reuses them: subtracting b_j
        // changes ⟨b_k, c⟩ for k ≠ j only by rounding (the basis is orthonormal), so a vector with no shared key
        // before the first pass has a zero projection to rounding after it
        collectOverlaps(touched.data, touched.size);
        for (int pass = 0; pass < 2; pass++) {
            for (int t = 0; t < cand.size; t++) {
                int j = cand.data[t];
                int[] bi = ids.get(j);
                double[] bv = vals.get(j);
                double dot = 0;
                for (int e = 0; e < bi.length; e++) {
                    dot += bv[e] * work[bi[e]];
                }
                if (dot != 0) {
                    for (int e = 0; e < bi.length; e++) {
                        work[bi[e]] -= dot * bv[e];
                        touch(bi[e]);
                    }
                }
            }
        }
        double r2 = outside;
        for (int t = 0; t < touched.size; t++) {
            double v = work[touched.data[t]];
            r2 += v * v;
        }
        boolean independent = Math.sqrt(r2) > Dla.RELATIVE_TOLERANCE * Math.max(norm0, scale);
        if (independent) { // write the residual back: the entries outside the index are unchanged in c
            for (int t = 0; t < c.size; t++) {
                int slot = c.slots[t];
                int id = index.get(c.keys[slot]);
                if (id >= 0) {
                    c.vals[slot] = 0;
                }
            }
            for (int t = 0; t < touched.size; t++) {
                int id = touched.data[t];
                if (work[id] != 0) {
                    c.add(index.keyOf(id), work[id]);
                }
            }
        }
        for (int t = 0; t < touched.size; t++) {
            work[touched.data[t]] = 0;
        }
        return independent;
    }

    /**
     * Adds to the basis, in order, the independent residuals of the candidates {@code c_0 … c_{m−1}}, and returns
     * their coordinates: {@code c_k = Σ_j out[k][j]·b_j} to rounding over the basis as it stands after the block
     * ({@code size()} entries each; an independent candidate's own new vector gets its residual norm). A candidate is
     * dependent when its residual is at most {@link Dla#RELATIVE_TOLERANCE} times the larger of its norm and
     * {@code scale}, as in {@link #independent}; the candidates are left unchanged.
     *
     * <p>Block Gram–Schmidt: the candidates' coefficients lie side by side in one array over the key ids, so one pass
     * over the basis vectors they overlap reads each basis entry once for all m candidates (a closure tests about 16
     * at a time, nearly all dependent; bench/README). Against an orthonormal basis one pass leaves a residual accurate
     * to rounding, which decides dependence; the candidates whose residual stays above the
     * bound are projected on the old vectors a second time, together (twice is enough), and then in order twice on
     * the vectors the block has added so far before each joins the basis.
     *
     * @param capacity the largest basis size allowed
     * @return the coordinates, or null (the basis holding what was added so far) when an independent candidate
     *     would exceed {@code capacity}
     */
    double[][] absorb(List<LongDoubleMap> cands, double scale, int capacity) {
        int m = cands.size();
        int start = size();
        for (LongDoubleMap c : cands) {
            for (int t = 0; t < c.size; t++) {
                int slot = c.slots[t];
                if (c.vals[slot] != 0) {
                    index.idFor(c.keys[slot]);
                }
            }
        }
        int known = index.size();
        if (wide.length < (long) known * m) {
            wide = new double[Math.max(2 * wide.length, known * m)];
        }
        ensureIds(known);
        touchEpoch++;
        touched.size = 0;
        wideAll = false;
        wideIds = known;
        double[] norm0 = new double[m];
        for (int k = 0; k < m; k++) {
            LongDoubleMap c = cands.get(k);
            norm0[k] = c.norm();
            for (int t = 0; t < c.size; t++) {
                int slot = c.slots[t];
                if (c.vals[slot] != 0) {
                    int id = index.get(c.keys[slot]);
                    wide[id * m + k] = c.vals[slot];
                    touch(id);
                }
            }
        }
        collectOverlaps(touched.data, touched.size);
        int[] old = Arrays.copyOf(cand.data, cand.size);
        double[][] d = new double[m][start + m];
        project(m, range(0, m), old, d);
        // a residual above the bound after one pass is projected on the old vectors once more, all such at once
        int[] flagged = new int[m];
        int count = 0;
        double[] bound = new double[m];
        for (int k = 0; k < m; k++) {
            bound[k] = Dla.RELATIVE_TOLERANCE * Math.max(norm0[k], scale);
            if (norm0[k] > Dla.RELATIVE_TOLERANCE * scale && residualNorm(m, k) > bound[k]) {
                flagged[count++] = k;
            }
        }
        flagged = Arrays.copyOf(flagged, count);
        if (count > 0) {
            project(m, flagged, old, d);
        }
        for (int k : flagged) {
            int[] added = range(start, size());
            project(m, new int[] {k}, added, d);
            project(m, new int[] {k}, added, d);
            double r = residualNorm(m, k);
            if (r <= bound[k]) {
                continue;
            }
            if (size() == capacity) {
                clearWide(m);
                return null;
            }
            d[k][size()] = r;
            appendColumn(m, k, r);
        }
        clearWide(m);
        double[][] out = new double[m][];
        for (int k = 0; k < m; k++) {
            out[k] = Arrays.copyOf(d[k], size());
        }
        return out;
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

    /**
     * Columns {@code cols} of {@link #wide} minus their projections on the basis vectors {@code list} (one pass);
     * the coefficients are added to {@code d[k][j]}. Large passes run
     * on two threads of the common pool, each with half the columns (disjoint writes, each streaming the basis).
     */
    private void project(int m, int[] cols, int[] list, double[][] d) {
        if (cols.length == 0 || list.length == 0) {
            return;
        }
        long entries = 0;
        for (int j : list) {
            entries += ids.get(j).length;
        }
        wideAll |= entries > wideIds;
        double[][] c = new double[cols.length][list.length];
        if (cols.length >= 8 && entries * cols.length >= PARALLEL_WORK) {
            int half = (cols.length / 2 + 3) & ~3;
            IntStream.range(0, 2).parallel().forEach(part -> projectColumns(m, cols, part == 0 ? 0 : half,
                    part == 0 ? half : cols.length, list, c));
        } else {
            projectColumns(m, cols, 0, cols.length, list, c);
        }
        if (!wideAll) {
            for (int j : list) {
                for (int id : ids.get(j)) {
                    touch(id);
                }
            }
        }
        for (int q = 0; q < cols.length; q++) {
            double[] dk = d[cols[q]];
            for (int t = 0; t < list.length; t++) {
                dk[list[t]] += c[q][t];
            }
        }
    }

    /**
     * The pass of {@link #project} for columns {@code cols[q0 … q1−1]}, modified Gram–Schmidt: each basis vector's
     * dots with four columns, then at once its subtraction from them, so its entries are read from memory once and
     * stay in L1 for both. The coefficients go to {@code c[q]}.
     */
    private void projectColumns(int m, int[] cols, int q0, int q1, int[] list, double[][] c) {
        double[] w = wide;
        for (int t = 0; t < list.length; t++) {
            int[] bi = ids.get(list[t]);
            double[] bv = vals.get(list[t]);
            int q = q0;
            for (; q + 4 <= q1; q += 4) {
                int k0 = cols[q];
                int k1 = cols[q + 1];
                int k2 = cols[q + 2];
                int k3 = cols[q + 3];
                double a0 = 0;
                double a1 = 0;
                double a2 = 0;
                double a3 = 0;
                for (int e = 0; e < bi.length; e++) {
                    double v = bv[e];
                    int base = bi[e] * m;
                    a0 += v * w[base + k0];
                    a1 += v * w[base + k1];
                    a2 += v * w[base + k2];
                    a3 += v * w[base + k3];
                }
                c[q][t] = a0;
                c[q + 1][t] = a1;
                c[q + 2][t] = a2;
                c[q + 3][t] = a3;
                if (a0 == 0 && a1 == 0 && a2 == 0 && a3 == 0) {
                    continue;
                }
                for (int e = 0; e < bi.length; e++) {
                    double v = bv[e];
                    int base = bi[e] * m;
                    w[base + k0] -= a0 * v;
                    w[base + k1] -= a1 * v;
                    w[base + k2] -= a2 * v;
                    w[base + k3] -= a3 * v;
                }
            }
            for (; q < q1; q++) {
                int k = cols[q];
                double a = 0;
                for (int e = 0; e < bi.length; e++) {
                    a += bv[e] * w[bi[e] * m + k];
                }
                c[q][t] = a;
                if (a != 0) {
                    for (int e = 0; e < bi.length; e++) {
                        w[bi[e] * m + k] -= a * bv[e];
                    }
                }
            }
        }
    }

    /** The number of ids {@link #wideId} enumerates: those that may hold non-zero entries of {@link #wide}. */
    private int wideCount() {
        return wideAll ? wideIds : touched.size;
    }

    /** The t-th id that may hold non-zero entries of {@link #wide}. */
    private int wideId(int t) {
        return wideAll ? t : touched.data[t];
    }

    /** The norm of column k of {@link #wide}. */
    private double residualNorm(int m, int k) {
        double s = 0;
        for (int t = 0, n = wideCount(); t < n; t++) {
            double v = wide[wideId(t) * m + k];
            s += v * v;
        }
        return Math.sqrt(s);
    }

    /** Appends column k of {@link #wide} divided by its norm {@code norm}, dropping entries as {@link #addResidual}. */
    private void appendColumn(int m, int k, double norm) {
        double cut = KEEP * norm;
        int count = 0;
        int n = wideCount();
        for (int t = 0; t < n; t++) {
            if (Math.abs(wide[wideId(t) * m + k]) > cut) {
                count++;
            }
        }
        long[] key = new long[count];
        double[] v = new double[count];
        int i = 0;
        for (int t = 0; t < n; t++) {
            int id = wideId(t);
            double x = wide[id * m + k];
            if (Math.abs(x) > cut) {
                key[i] = index.keyOf(id);
                v[i++] = x / norm;
            }
        }
        append(key, v);
    }

    private void clearWide(int m) {
        for (int t = 0, n = wideCount(); t < n; t++) {
            int base = wideId(t) * m;
            for (int k = 0; k < m; k++) {
                wide[base + k] = 0;
            }
        }
    }

    /** Grows the per-id work and stamp arrays to hold {@code known} ids. */
    private void ensureIds(int known) {
        if (work.length < known) {
            work = Arrays.copyOf(work, Math.max(2 * work.length, known));
            touchStamp = Arrays.copyOf(touchStamp, work.length);
        }
    }

    private void touch(int id) {
        if (touchStamp[id] != touchEpoch) {
            touchStamp[id] = touchEpoch;
            touched.add(id);
        }
    }

    /**
     * The basis vectors holding any of the given ids, ascending, into {@link #cand}. Once the inverted lists walked
     * add up to four times the basis size, the candidates are simply all basis vectors: for algebras of dense sums every
     * key is held by many vectors, and walking the lists cost more than the projections they were meant to save.
     */
    private void collectOverlaps(int[] idList, int count) {
        int n = keys.size();
        if (stamp.length < n) {
            stamp = Arrays.copyOf(stamp, Math.max(2 * stamp.length, n));
        }
        epoch++;
        cand.size = 0;
        long walked = 0;
        for (int t0 = 0; t0 < count; t0++) {
            int id = idList[t0];
            IntList l = id < holders.length ? holders[id] : null;
            if (l == null) {
                continue;
            }
            walked += l.size;
            if (walked > 4L * n) {
                cand.size = 0;
                for (int j = 0; j < n; j++) {
                    cand.add(j);
                }
                return;
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

    /** The basis vectors overlapping the non-zero entries of {@code c}, ascending, into {@link #cand}. */
    private void collectOverlaps(LongDoubleMap c) {
        IntList found = new IntList();
        for (int t = 0; t < c.size; t++) {
            int s = c.slots[t];
            if (c.vals[s] != 0) {
                int id = index.get(c.keys[s]);
                if (id >= 0) {
                    found.add(id);
                }
            }
        }
        collectOverlaps(found.data, found.size);
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
        int[] bi = new int[k.length];
        for (int e = 0; e < k.length; e++) {
            int id = index.idFor(k[e]);
            if (id >= holders.length) {
                holders = Arrays.copyOf(holders, Math.max(2 * holders.length, id + 1));
            }
            if (holders[id] == null) {
                holders[id] = new IntList();
            }
            holders[id].add(j);
            bi[e] = id;
        }
        ids.add(bi);
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

    /** The number of distinct Pauli keys the basis holds: the size a {@link #coordinatesAll} scratch array needs. */
    int keyCount() {
        return index.size();
    }

    /**
     * {@code out[j] = ⟨b_j, c⟩} for every basis vector, by gathers from a dense copy of c over the basis's key ids
     * (no hash lookup per basis entry). {@code scratch} (at least {@link #keyCount()} long, all zero) is the caller's,
     * so that threads may call this concurrently; it is zero again on return. The basis must not change meanwhile.
     */
    void coordinatesAll(LongDoubleMap c, double[] scratch, double[] out) {
        for (int t = 0; t < c.size; t++) {
            int slot = c.slots[t];
            int id = index.get(c.keys[slot]);
            if (id >= 0) {
                scratch[id] = c.vals[slot];
            }
        }
        for (int j = 0; j < ids.size(); j++) {
            int[] bi = ids.get(j);
            double[] bv = vals.get(j);
            double dot = 0;
            for (int e = 0; e < bi.length; e++) {
                dot += bv[e] * scratch[bi[e]];
            }
            out[j] = dot;
        }
        for (int t = 0; t < c.size; t++) {
            int id = index.get(c.keys[c.slots[t]]);
            if (id >= 0) {
                scratch[id] = 0;
            }
        }
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

    /**
     * Open-addressing map from Pauli key to a dense id (0, 1, … in order of first use), hashed with
     * {@link LongSet#hash}: a boxed {@code HashMap<Long, …>} hashes a key to {@code x ^ z} of its two masks, so every
     * string of Y's collides at 0 and every X_S with Z_S, and its bins degrade to trees.
     */
    private static final class KeyIndex {
        private static final long EMPTY = -1L; // keys never have bit 63 set
        private long[] table = filled(64);
        private int[] idAt = new int[64];
        private long[] keyById = new long[64];
        private int size;

        private static long[] filled(int n) {
            long[] a = new long[n];
            Arrays.fill(a, EMPTY);
            return a;
        }

        int size() {
            return size;
        }

        long keyOf(int id) {
            return keyById[id];
        }

        /** The id of {@code k}, or −1. */
        int get(long k) {
            int mask = table.length - 1;
            for (int i = LongSet.hash(k) & mask; table[i] != EMPTY; i = (i + 1) & mask) {
                if (table[i] == k) {
                    return idAt[i];
                }
            }
            return -1;
        }

        /** The id of {@code k}, assigning the next one if new. */
        int idFor(long k) {
            int id = get(k);
            if (id >= 0) {
                return id;
            }
            if (2 * (size + 1) > table.length) {
                table = filled(2 * table.length);
                idAt = new int[table.length];
                for (int j = 0; j < size; j++) {
                    put(keyById[j], j);
                }
            }
            if (size == keyById.length) {
                keyById = Arrays.copyOf(keyById, 2 * size);
            }
            keyById[size] = k;
            put(k, size);
            return size++;
        }

        private void put(long k, int id) {
            int mask = table.length - 1;
            int i = LongSet.hash(k) & mask;
            while (table[i] != EMPTY) {
                i = (i + 1) & mask;
            }
            table[i] = k;
            idAt[i] = id;
        }
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
