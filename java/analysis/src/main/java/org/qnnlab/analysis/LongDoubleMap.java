package org.qnnlab.analysis;

import java.util.Arrays;

/**
 * An open-addressing map from Pauli keys to real coefficients ({@code −1} marks an empty slot). The occupied slots
 * are listed in {@link #slots} (insertion order), so iteration and {@link #clear()} cost the number of entries,
 * not the capacity.
 */
final class LongDoubleMap {
    static final long EMPTY = -1L;
    long[] keys;
    double[] vals;
    /** The occupied slot indices, {@code size} of them. */
    int[] slots;
    int size;

    LongDoubleMap(int capacity) {
        int cap = Math.max(16, Integer.highestOneBit(Math.max(1, capacity) * 2 - 1) * 2);
        keys = new long[cap];
        vals = new double[cap];
        slots = new int[cap / 2 + 1];
        Arrays.fill(keys, EMPTY);
    }

    void clear() {
        for (int t = 0; t < size; t++) {
            keys[slots[t]] = EMPTY;
            vals[slots[t]] = 0;
        }
        size = 0;
    }

    double get(long k) {
        int mask = keys.length - 1;
        int i = LongSet.hash(k) & mask;
        while (keys[i] != EMPTY) {
            if (keys[i] == k) {
                return vals[i];
            }
            i = (i + 1) & mask;
        }
        return 0;
    }

    /** {@code map[k] += v}. */
    void add(long k, double v) {
        int mask = keys.length - 1;
        int i = LongSet.hash(k) & mask;
        while (keys[i] != EMPTY) {
            if (keys[i] == k) {
                vals[i] += v;
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = k;
        vals[i] = v;
        slots[size++] = i;
        if (size * 2 > keys.length) {
            grow();
        }
    }

    double norm() {
        double s = 0;
        for (int t = 0; t < size; t++) {
            double v = vals[slots[t]];
            s += v * v;
        }
        return Math.sqrt(s);
    }

    private void grow() {
        long[] ok = keys;
        double[] ov = vals;
        int[] os = slots;
        keys = new long[ok.length * 2];
        vals = new double[ok.length * 2];
        slots = new int[keys.length / 2 + 1];
        Arrays.fill(keys, EMPTY);
        int mask = keys.length - 1;
        for (int t = 0; t < size; t++) {
            int s = os[t];
            int i = LongSet.hash(ok[s]) & mask;
            while (keys[i] != EMPTY) {
                i = (i + 1) & mask;
            }
            keys[i] = ok[s];
            vals[i] = ov[s];
            slots[t] = i;
        }
    }
}
