package org.qnnlab.sim;

/**
 * Data encodings: circuits whose angles depend on data inputs x (and, for re-uploading, trainable parameters θ).
 */
public final class Encodings {

    private Encodings() {
    }

    /**
     * Angle encoding: {@code rotation(scale·x_k)} on qubit {@code k mod n} for k = 0..features−1 (features beyond n
     * wrap around and are encoded again on the same qubits). Appends to {@code c}; uses inputs 0..features−1.
     */
    public static Circuit angle(Circuit c, int features, Gate rotation, double scale) {
        checkRotation(rotation);
        if (features < 1) {
            throw new IllegalArgumentException("feature count " + features + " out of range; allowed: 1 or more");
        }
        for (int k = 0; k < features; k++) {
            c.add(rotation, new int[] {k % c.numQubits()}, Angle.input(k, scale));
        }
        return c;
    }

    /**
     * Data re-uploading (Pérez-Salinas et al., Quantum 4, 226 (2020)): {@code layers} repetitions of an RX angle
     * encoding of all features followed by one default hardware-efficient layer (RY block, RZ block, CZ ladder).
     * Parameters: {@code 2·n} per layer in HEA order.
     */
    public static Circuit reuploading(int n, int layers, int features) {
        Ansatz.checkSize(n, layers, 1);
        Circuit c = new Circuit(n);
        c.declareInputs(features);
        for (int l = 0; l < layers; l++) {
            angle(c, features, Gates.RX, 1.0);
            c.append(shift(Ansatz.hea(n, 1), c.numParameters()));
        }
        return c;
    }

    /** A copy of {@code block} with every parameter index shifted by {@code offset}. */
    private static Circuit shift(Circuit block, int offset) {
        Circuit out = new Circuit(block.numQubits());
        for (Operation op : block.operations()) {
            Angle[] a = op.angles();
            for (int i = 0; i < a.length; i++) {
                Angle shifted = Angle.constant(a[i].constantTerm());
                for (int j : a[i].parameters()) {
                    shifted = shifted.plus(Angle.param(j + offset, a[i].parameterCoefficient(j)));
                }
                for (int k : a[i].inputs()) {
                    shifted = shifted.plus(Angle.input(k, a[i].inputCoefficient(k)));
                }
                a[i] = shifted;
            }
            out.append(new Operation(op.gate(), op.targets(), op.controls(), a));
        }
        return out;
    }

    private static void checkRotation(Gate rotation) {
        if (rotation.numQubits() != 1 || rotation.numAngles() != 1) {
            throw new IllegalArgumentException("encoding rotation '" + rotation.name()
                    + "' must be a single-qubit, single-angle gate (rx, ry, rz, phase)");
        }
    }
}
