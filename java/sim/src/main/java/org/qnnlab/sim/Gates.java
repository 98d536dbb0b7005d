package org.qnnlab.sim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The standard gates and factories for user-defined ones. Controlled gates (CNOT, CZ, CRX, …) are these gates with
 * control qubits on an {@link Operation}; {@link Circuit} has a method for each.
 *
 * <p>User matrices are checked for unitarity: {@code max |U†U − I|} must be at most {@value #UNITARITY_TOLERANCE}.
 */
public final class Gates {

    /** Largest entry of {@code |U†U − I|} accepted for a user matrix. */
    public static final double UNITARITY_TOLERANCE = 1e-10;

    private static final double R = Math.sqrt(0.5);
    private static final Map<String, Gate> BY_NAME = new LinkedHashMap<>();

    /** Identity. */
    public static final Gate I = fixed("i", "i", 1, 1, 0, 0, 0, 0, 0, 1, 0);
    /** Pauli X. */
    public static final Gate X = fixed("x", "x", 1, 0, 0, 1, 0, 1, 0, 0, 0);
    /** Pauli Y. */
    public static final Gate Y = fixed("y", "y", 1, 0, 0, 0, -1, 0, 1, 0, 0);
    /** Pauli Z. */
    public static final Gate Z = fixed("z", "z", 1, 1, 0, 0, 0, 0, 0, -1, 0);
    /** Hadamard. */
    public static final Gate H = fixed("h", "h", 1, R, 0, R, 0, R, 0, -R, 0);
    /** S = diag(1, i). */
    public static final Gate S = fixed("s", "sdg", 1, 1, 0, 0, 0, 0, 0, 0, 1);
    /** S† = diag(1, −i). */
    public static final Gate SDG = fixed("sdg", "s", 1, 1, 0, 0, 0, 0, 0, 0, -1);
    /** T = diag(1, e^{iπ/4}). */
    public static final Gate T = fixed("t", "tdg", 1, 1, 0, 0, 0, 0, 0, R, R);
    /** T† = diag(1, e^{−iπ/4}). */
    public static final Gate TDG = fixed("tdg", "t", 1, 1, 0, 0, 0, 0, 0, R, -R);
    /** √X = ½[[1+i, 1−i], [1−i, 1+i]]. */
    public static final Gate SX = fixed("sx", "sxdg", 1, .5, .5, .5, -.5, .5, -.5, .5, .5);
    /** √X†. */
    public static final Gate SXDG = fixed("sxdg", "sx", 1, .5, -.5, .5, .5, .5, .5, .5, -.5);
    /** SWAP. */
    public static final Gate SWAP = fixed("swap", "swap", 2,
            1, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 1, 0, 0, 0,
            0, 0, 1, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 1, 0);
    /** iSWAP: swaps |01> and |10> with a phase i. */
    public static final Gate ISWAP = fixed("iswap", "iswapdg", 2,
            1, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 1, 0, 0,
            0, 0, 0, 1, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 1, 0);
    /** iSWAP†. */
    public static final Gate ISWAPDG = fixed("iswapdg", "iswap", 2,
            1, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, -1, 0, 0,
            0, 0, 0, -1, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 1, 0);
    /** RX(θ) = exp(−iθX/2). */
    public static final Gate RX = register(new Gate("rx", Gate.Family.PAULI_ROTATION, 1, 1, null, "X", "rx"));
    /** RY(θ) = exp(−iθY/2). */
    public static final Gate RY = register(new Gate("ry", Gate.Family.PAULI_ROTATION, 1, 1, null, "Y", "ry"));
    /** RZ(θ) = exp(−iθZ/2). */
    public static final Gate RZ = register(new Gate("rz", Gate.Family.PAULI_ROTATION, 1, 1, null, "Z", "rz"));
    /** PhaseShift(φ) = diag(1, e^{iφ}); with one control it is CPhase. */
    public static final Gate PHASE = register(new Gate("phase", Gate.Family.PHASE, 1, 1, null, null, "phase"));
    /** U3(θ, φ, λ) = [[cos θ/2, −e^{iλ} sin θ/2], [e^{iφ} sin θ/2, e^{i(φ+λ)} cos θ/2]]. */
    public static final Gate U3 = register(new Gate("u3", Gate.Family.U3, 1, 3, null, null, "u3"));
    /** RXX(θ) = exp(−iθ X⊗X/2). */
    public static final Gate RXX = register(new Gate("rxx", Gate.Family.PAULI_ROTATION, 2, 1, null, "XX", "rxx"));
    /** RYY(θ) = exp(−iθ Y⊗Y/2). */
    public static final Gate RYY = register(new Gate("ryy", Gate.Family.PAULI_ROTATION, 2, 1, null, "YY", "ryy"));
    /** RZZ(θ) = exp(−iθ Z⊗Z/2). */
    public static final Gate RZZ = register(new Gate("rzz", Gate.Family.PAULI_ROTATION, 2, 1, null, "ZZ", "rzz"));

    private Gates() {
    }

    /** Every named standard gate, in declaration order. */
    public static List<Gate> standard() {
        return List.copyOf(BY_NAME.values());
    }

    /**
     * The standard gate with this name (case-insensitive).
     *
     * @throws IllegalArgumentException naming the unknown gate and the allowed names
     */
    public static Gate byName(String name) {
        Gate g = byNameOrNull(name);
        if (g == null) {
            throw new IllegalArgumentException("unknown gate '" + name + "'; allowed: "
                    + String.join(", ", BY_NAME.keySet()));
        }
        return g;
    }

    static Gate byNameOrNull(String name) {
        return name == null ? null : BY_NAME.get(name.toLowerCase(Locale.ROOT));
    }

    /**
     * A Pauli-string rotation {@code exp(−iθ/2·P)} for a word such as {@code "XYZ"} (first letter on the first
     * target). Words of length 1..62 over I, X, Y, Z.
     */
    public static Gate pauliRotation(String word) {
        String w = word.trim().toUpperCase(Locale.ROOT);
        if (w.isEmpty() || w.length() > 62 || !w.chars().allMatch(c -> "IXYZ".indexOf(c) >= 0)) {
            throw new IllegalArgumentException("Pauli word '" + word
                    + "' is not 1..62 letters from I, X, Y, Z (e.g. \"XZ\" for X on the first target, Z on the second)");
        }
        return new Gate("pauli_" + w.toLowerCase(Locale.ROOT), Gate.Family.PAULI_ROTATION, w.length(), 1, null, w,
                "pauli_" + w.toLowerCase(Locale.ROOT));
    }

    /**
     * A fixed unitary on k = 1..5 qubits from a {@code 2^k × 2^k} row-major interleaved matrix (first target most
     * significant).
     *
     * @throws IllegalArgumentException if the size is wrong, a value is not finite, or the matrix is not unitary
     *     within {@value #UNITARITY_TOLERANCE}
     */
    public static Gate unitary(String name, double[] matrix) {
        int d = ComplexMatrices.dimension(matrix);
        if (d < 2 || d > 32) {
            throw new IllegalArgumentException("matrix of " + matrix.length + " doubles is not a 2^k × 2^k complex "
                    + "matrix for k = 1..5 (expected 8, 32, 128, 512 or 2048 interleaved re, im values)");
        }
        checkFinite(matrix, "matrix");
        double err = ComplexMatrices.unitarityError(matrix, d);
        if (!(err <= UNITARITY_TOLERANCE)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "matrix '%s' is not unitary: max |U†U − I| = %.3g exceeds the tolerance %.0e", name, err,
                    UNITARITY_TOLERANCE));
        }
        return new Gate(name, Gate.Family.FIXED, Integer.numberOfTrailingZeros(d), 0, matrix.clone(), null,
                name + "_dg");
    }

    /**
     * A fixed diagonal gate on k = 1..5 qubits from {@code 2^k} interleaved complex entries, each of modulus 1
     * within {@value #UNITARITY_TOLERANCE}.
     */
    public static Gate diagonal(String name, double[] entries) {
        int d = entries.length / 2;
        if (entries.length % 2 != 0 || d < 2 || d > 32 || Integer.bitCount(d) != 1) {
            throw new IllegalArgumentException("diagonal of " + entries.length + " doubles is not 2^k interleaved "
                    + "complex entries for k = 1..5 (expected 4, 8, 16, 32 or 64 values)");
        }
        return unitary(name, ComplexMatrices.fromDiagonal(entries));
    }

    private static void checkFinite(double[] values, String what) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(what + " entry " + i + " is " + values[i]
                        + "; allowed: finite numbers");
            }
        }
    }

    private static Gate fixed(String name, String adjointName, int k, double... m) {
        return register(new Gate(name, Gate.Family.FIXED, k, 0, m, null, adjointName));
    }

    private static Gate register(Gate g) {
        BY_NAME.put(g.name(), g);
        return g;
    }
}
