package org.qnnlab.sim;

import java.util.Locale;

/** Boundary condition of a 1-D chain of qubits. */
public enum Boundary {
    /** Bonds (i, i+1) for i = 0..n−2. */
    OPEN,
    /** Open bonds plus the bond (n−1, 0); needs n >= 3 so that no bond repeats. */
    PERIODIC;

    /** Parses {@code open} or {@code periodic} (case-insensitive). */
    public static Boundary parse(String s) {
        for (Boundary b : values()) {
            if (b.name().equalsIgnoreCase(s.trim())) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown boundary '" + s + "'; allowed: open, periodic");
    }

    /** The bonds {@code {i, j}} of an {@code n}-qubit chain. */
    public int[][] bonds(int n) {
        if (this == PERIODIC && n < 3) {
            throw new IllegalArgumentException("a periodic chain needs at least 3 qubits, got " + n);
        }
        int count = this == PERIODIC ? n : n - 1;
        int[][] b = new int[count][];
        for (int i = 0; i < count; i++) {
            b[i] = new int[] {i, (i + 1) % n};
        }
        return b;
    }

    /** Lower-case name. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
