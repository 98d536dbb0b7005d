package org.qnnlab.sim;

import java.util.Optional;

/**
 * A gate type: a unitary on {@code k} target qubits that depends on {@code numAngles()} real angles. Where it acts
 * (targets, controls) and with which angles is an {@link Operation}; the standard gates are in {@link Gates}.
 *
 * <p>Matrices are {@code 2^k × 2^k}, row-major, interleaved {@code (re, im)}; matrix index bit {@code k-1-j} belongs
 * to the {@code j}-th target (the first target is the most significant bit, as in textbooks). Rotations follow
 * {@code R_P(θ) = exp(−iθ/2·P)}.
 */
public final class Gate {

    /** How the matrix depends on the angles; decides the kernel path and the derivative. */
    public enum Family {
        /** A constant matrix. */
        FIXED,
        /** {@code exp(−iθ/2·P)} for a Pauli word P on the targets. */
        PAULI_ROTATION,
        /** {@code diag(1, …, 1, e^{iφ})}: phase on the all-ones target state. */
        PHASE,
        /** Qiskit/OpenQASM {@code U3(θ, φ, λ) = RZ(φ)·RY(θ)·RZ(λ)} up to the phase that makes entry (0,0) real. */
        U3
    }

    private final String name;
    private final Family family;
    private final int numQubits;
    private final int numAngles;
    private final double[] fixed; // FIXED only
    private final String pauliWord; // PAULI_ROTATION only
    /**
     * The matrix of {@link #pauliWord}, built on first use (words may have up to 62 letters, but only small ones are
     * ever expanded) and then reused: training loops build a rotation's matrix per gate application.
     */
    private volatile double[] pauli; // PAULI_ROTATION only
    private final boolean diagonal;
    private final String adjointName;

    Gate(String name, Family family, int numQubits, int numAngles, double[] fixed, String pauliWord,
            String adjointName) {
        this.name = name;
        this.family = family;
        this.numQubits = numQubits;
        this.numAngles = numAngles;
        this.fixed = fixed;
        this.pauliWord = pauliWord;
        this.adjointName = adjointName;
        this.diagonal = switch (family) {
            case FIXED -> ComplexMatrices.isDiagonal(fixed, 1 << numQubits);
            case PAULI_ROTATION -> pauliWord.chars().allMatch(c -> c == 'Z' || c == 'I');
            case PHASE -> true;
            case U3 -> false;
        };
    }

    /** Lower-case name as used in circuits and OpenQASM, e.g. {@code "rx"}, {@code "cnot"} is {@code x} + control. */
    public String name() {
        return name;
    }

    /** How the matrix depends on the angles. */
    public Family family() {
        return family;
    }

    /** Number of target qubits k. */
    public int numQubits() {
        return numQubits;
    }

    /** Number of angles the matrix depends on (0 for fixed gates). */
    public int numAngles() {
        return numAngles;
    }

    /** True when the matrix is diagonal for every angle (kernels take a cheaper path). */
    public boolean isDiagonal() {
        return diagonal;
    }

    /** The Pauli word of a {@link Family#PAULI_ROTATION}, first letter on the first target; else empty. */
    public Optional<String> pauliWord() {
        return Optional.ofNullable(pauliWord);
    }

    /**
     * The {@code 2^k × 2^k} matrix at the given angles.
     *
     * @throws IllegalArgumentException if the number of angles is wrong or an angle is not finite
     */
    public double[] matrix(double... angles) {
        checkAngles(angles);
        int d = 1 << numQubits;
        return switch (family) {
            case FIXED -> fixed.clone();
            case PAULI_ROTATION -> {
                double c = Math.cos(angles[0] / 2), s = Math.sin(angles[0] / 2);
                // c·I − i·s·P: P's entries are 0, ±1 or ±i, so each entry is exact in one step
                double[] p = pauli();
                double[] m = new double[2 * d * d];
                for (int e = 0; e < d * d; e++) {
                    m[2 * e] = s * p[2 * e + 1];
                    m[2 * e + 1] = -s * p[2 * e];
                }
                for (int i = 0; i < d; i++) {
                    m[2 * (i * d + i)] += c;
                }
                yield m;
            }
            case PHASE -> {
                double[] m = ComplexMatrices.identity(d);
                m[2 * (d * d - 1)] = Math.cos(angles[0]);
                m[2 * (d * d - 1) + 1] = Math.sin(angles[0]);
                yield m;
            }
            case U3 -> {
                double c = Math.cos(angles[0] / 2), s = Math.sin(angles[0] / 2);
                double phi = angles[1], lam = angles[2];
                yield new double[] {
                    c, 0, -Math.cos(lam) * s, -Math.sin(lam) * s,
                    Math.cos(phi) * s, Math.sin(phi) * s, Math.cos(phi + lam) * c, Math.sin(phi + lam) * c};
            }
        };
    }

    /** The diagonal ({@code 2^k} interleaved complex entries) of a {@link #isDiagonal() diagonal} gate. */
    public double[] diagonal(double... angles) {
        if (!diagonal) {
            throw new IllegalStateException("gate " + name + " is not diagonal");
        }
        if (family == Family.PAULI_ROTATION) {
            checkAngles(angles);
            int d = 1 << numQubits;
            double c = Math.cos(angles[0] / 2), s = Math.sin(angles[0] / 2);
            double[] p = pauli();
            double[] v = new double[2 * d];
            for (int i = 0; i < d; i++) { // a Z word is diagonal with real entries ±1: c − i·s·p
                v[2 * i] = c;
                v[2 * i + 1] = -s * p[2 * (i * d + i)];
            }
            return v;
        }
        if (family == Family.FIXED) {
            checkAngles(angles);
            return ComplexMatrices.diagonalOf(fixed, 1 << numQubits); // a fresh array; skips matrix()'s copy
        }
        return ComplexMatrices.diagonalOf(matrix(angles), 1 << numQubits);
    }

    /**
     * The analytic derivative {@code ∂U/∂angle_a} at the given angles (a dense matrix, not unitary). For a Pauli
     * rotation it is {@code −(i/2)·P·U}.
     */
    public double[] derivative(int a, double... angles) {
        checkAngles(angles);
        if (a < 0 || a >= numAngles) {
            throw new IllegalArgumentException("angle index " + a + " out of range for gate " + name
                    + "; allowed: 0.." + (numAngles - 1));
        }
        int d = 1 << numQubits;
        return switch (family) {
            case FIXED -> throw new IllegalStateException("unreachable: fixed gates have no angles");
            case PAULI_ROTATION -> ComplexMatrices.scale(
                    ComplexMatrices.multiply(pauli(), matrix(angles), d), 0, -0.5);
            case PHASE -> {
                double[] m = new double[2 * d * d];
                m[2 * (d * d - 1)] = -Math.sin(angles[0]);
                m[2 * (d * d - 1) + 1] = Math.cos(angles[0]);
                yield m;
            }
            case U3 -> u3Derivative(a, angles[0], angles[1], angles[2]);
        };
    }

    private static double[] u3Derivative(int a, double theta, double phi, double lam) {
        double c = Math.cos(theta / 2), s = Math.sin(theta / 2);
        return switch (a) {
            case 0 -> new double[] {
                -s / 2, 0, -Math.cos(lam) * c / 2, -Math.sin(lam) * c / 2,
                Math.cos(phi) * c / 2, Math.sin(phi) * c / 2, -Math.cos(phi + lam) * s / 2,
                -Math.sin(phi + lam) * s / 2};
            // ∂/∂φ multiplies the second row by i
            case 1 -> new double[] {
                0, 0, 0, 0,
                -Math.sin(phi) * s, Math.cos(phi) * s, -Math.sin(phi + lam) * c, Math.cos(phi + lam) * c};
            // ∂/∂λ multiplies the second column by i
            default -> new double[] {
                0, 0, Math.sin(lam) * s, -Math.cos(lam) * s,
                0, 0, -Math.sin(phi + lam) * c, Math.cos(phi + lam) * c};
        };
    }

    /**
     * The Hermitian generator {@code G} with {@code ∂U/∂θ = −i·G·U}, for single-angle gates whose generator does not
     * depend on the angle: {@code P/2} for Pauli rotations, {@code −|1…1><1…1|} for phase gates. Empty otherwise.
     */
    public Optional<double[]> generator() {
        int d = 1 << numQubits;
        return switch (family) {
            case PAULI_ROTATION -> Optional.of(ComplexMatrices.scale(pauli(), 0.5, 0));
            case PHASE -> {
                double[] g = new double[2 * d * d];
                g[2 * (d * d - 1)] = -1;
                yield Optional.of(g);
            }
            default -> Optional.empty();
        };
    }

    /** The gate whose matrix at {@link #adjointAngles adjoint angles} is this gate's conjugate transpose. */
    public Gate adjoint() {
        if (family != Family.FIXED) {
            return this; // parametric gates invert through their angles
        }
        // Only a standard gate's adjoint is looked up by name: a user gate may share a standard gate's name.
        Gate known = Gates.byNameOrNull(name) == this ? Gates.byNameOrNull(adjointName) : null;
        return known != null ? known
                : new Gate(adjointName, Family.FIXED, numQubits, 0, ComplexMatrices.adjoint(fixed, 1 << numQubits),
                        null, name);
    }

    /** Angles of the adjoint gate: negated for rotations and phases; {@code (−θ, −λ, −φ)} for U3. */
    public Angle[] adjointAngles(Angle[] angles) {
        return switch (family) {
            case FIXED -> angles;
            case PAULI_ROTATION, PHASE -> new Angle[] {angles[0].negate()};
            case U3 -> new Angle[] {angles[0].negate(), angles[2].negate(), angles[1].negate()};
        };
    }

    /** The cached matrix of the Pauli word (never handed out: callers copy or combine it). */
    private double[] pauli() {
        double[] p = pauli;
        if (p == null) {
            p = ComplexMatrices.pauliWord(pauliWord);
            pauli = p;
        }
        return p;
    }

    private void checkAngles(double[] angles) {
        if (angles.length != numAngles) {
            throw new IllegalArgumentException("gate " + name + " takes " + numAngles + " angle(s), got "
                    + angles.length);
        }
        for (double a : angles) {
            if (!Double.isFinite(a)) {
                throw new IllegalArgumentException("angle " + a + " for gate " + name + " is not finite");
            }
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
