package org.qnnlab.analysis;

import java.util.Arrays;

/**
 * An open-addressing set of Pauli keys. Keys never have bit 63 set (masks are 31-bit), so {@code −1} marks an
 * empty slot.
 */
final class LongSet {
    private static final long EMPTY = -1L;
    private long[] table;
    private int size;

    LongSet(int capacity) {
        table = new long[Math.max(16, Integer.highestOneBit(Math.max(1, capacity) * 2 - 1) * 2)];
        Arrays.fill(table, EMPTY);
    }

    /** Adds {@code k}; true if it was not present. */
    boolean add(long k) {
        int mask = table.length - 1;
        int i = hash(k) & mask;
        while (table[i] != EMPTY) {
            if (table[i] == k) {
                return false;
            }
            i = (i + 1) & mask;
        }
        table[i] = k;
        if (++size * 2 > table.length) {
            grow();
        }
        return true;
    }

    private void grow() {
        long[] old = table;
        table = new long[old.length * 2];
        Arrays.fill(table, EMPTY);
        int mask = table.length - 1;
        for (long k : old) {
            if (k != EMPTY) {
                int i = hash(k) & mask;
                while (table[i] != EMPTY) {
                    i = (i + 1) & mask;
                }
                table[i] = k;
            }
        }
    }

    static int hash(long k) {
        long h = k * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
