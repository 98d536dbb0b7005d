package org.qnnlab.sim;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * One gate application in a circuit: a {@link Gate} on target qubits, under control qubits (all must be |1>), with
 * one {@link Angle} per gate angle. Immutable; validated on construction (distinct qubits, angle count).
 */
public final class Operation {

    private final Gate gate;
    private final int[] targets;
    private final int[] controls;
    private final Angle[] angles;
    // Derived once: training loops query these per gate application.
    private final boolean trainable;
    private final long controlMask;
    private final int maxQubit;
    /** Built on first use; a benign race (the object is immutable) at worst builds it twice. */
    private Operation inverse;

    /**
     * @throws IllegalArgumentException on a wrong number of targets or angles, negative or repeated qubits
     */
    public Operation(Gate gate, int[] targets, int[] controls, Angle... angles) {
        this.gate = gate;
        this.targets = targets.clone();
        this.controls = controls.clone();
        this.angles = angles.clone();
        if (targets.length != gate.numQubits()) {
            throw new IllegalArgumentException("gate " + gate.name() + " acts on " + gate.numQubits()
                    + " qubit(s), got " + targets.length + " target(s) " + Arrays.toString(targets));
        }
        if (angles.length != gate.numAngles()) {
            throw new IllegalArgumentException("gate " + gate.name() + " takes " + gate.numAngles()
                    + " angle(s), got " + angles.length);
        }
        long seen = 0;
        for (int q : allQubits()) {
            if (q < 0 || q > 62) {
                throw new IllegalArgumentException("qubit " + q + " in " + gate.name() + " out of range; allowed: 0..62");
            }
            if ((seen & (1L << q)) != 0) {
                throw new IllegalArgumentException("qubit " + q + " appears twice in " + describe()
                        + "; targets and controls must be distinct");
            }
            seen |= 1L << q;
        }
        this.trainable = Arrays.stream(this.angles).anyMatch(Angle::isTrainable);
        long m = 0;
        for (int c : this.controls) {
            m |= 1L << c;
        }
        this.controlMask = m;
        this.maxQubit = 63 - Long.numberOfLeadingZeros(seen);
    }

    /** The gate type. */
    public Gate gate() {
        return gate;
    }

    /** Target qubits, in matrix order (first = most significant matrix index bit). */
    public int[] targets() {
        return targets.clone();
    }

    /** Control qubits (may be empty). */
    public int[] controls() {
        return controls.clone();
    }

    /** The angle expressions, one per gate angle. */
    public Angle[] angles() {
        return angles.clone();
    }

    /** Bit mask of the control qubits. */
    public long controlMask() {
        return controlMask;
    }

    /** Targets then controls. */
    public int[] allQubits() {
        int[] all = Arrays.copyOf(targets, targets.length + controls.length);
        System.arraycopy(controls, 0, all, targets.length, controls.length);
        return all;
    }

    /** Largest qubit index used. */
    public int maxQubit() {
        return maxQubit;
    }

    /** True when some angle depends on a trainable parameter. */
    public boolean isTrainable() {
        return trainable;
    }

    /** The angle values at θ, x. */
    public double[] angleValues(double[] theta, double[] x) {
        double[] v = new double[angles.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = angles[i].value(theta, x);
        }
        return v;
    }

    /**
     * The Pauli string {@code (x, z)} masks of a Pauli-rotation operation ({@code exp(−iθ/2·P)}) on its targets, as
     * {@code {x, z}} (the kernels' convention: Y sets both bits).
     *
     * @throws IllegalStateException if the gate is not a Pauli rotation
     */
    public long[] pauliMasks() {
        String word = gate.pauliWord().orElseThrow(() -> new IllegalStateException(gate.name()
                + " is not a Pauli rotation"));
        long xm = 0;
        long zm = 0;
        for (int j = 0; j < targets.length; j++) {
            char c = word.charAt(j);
            if (c == 'X' || c == 'Y') {
                xm |= 1L << targets[j];
            }
            if (c == 'Z' || c == 'Y') {
                zm |= 1L << targets[j];
            }
        }
        return new long[] {xm, zm};
    }

    /** The inverse operation: adjoint gate, adjoint angles, same qubits. */
    public Operation inverse() {
        Operation inv = inverse;
        if (inv == null) {
            inv = new Operation(gate.adjoint(), targets, controls, gate.adjointAngles(angles));
            inverse = inv;
        }
        return inv;
    }

    private String describe() {
        return gate.name() + " on targets " + Arrays.toString(targets)
                + (controls.length > 0 ? " controls " + Arrays.toString(controls) : "");
    }

    /** E.g. {@code ry(θ3) q1} or {@code x q2 ctrl q0}. */
    @Override
    public String toString() {
        String a = angles.length == 0 ? ""
                : Arrays.stream(angles).map(Angle::toString).collect(Collectors.joining(", ", "(", ")"));
        String t = Arrays.stream(targets).mapToObj(q -> "q" + q).collect(Collectors.joining(","));
        String c = controls.length == 0 ? ""
                : Arrays.stream(controls).mapToObj(q -> "q" + q).collect(Collectors.joining(",", " ctrl ", ""));
        return gate.name() + a + " " + t + c;
    }
}
