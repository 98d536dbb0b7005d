package org.qnnlab.sim.qasm;

import java.util.ArrayList;
import java.util.List;
import org.qnnlab.sim.Angle;
import org.qnnlab.sim.Gate;
import org.qnnlab.sim.Gates;
import org.qnnlab.sim.Operation;

/** The OpenQASM 3 gate modifiers on an expansion (a list of {@link Operation}s and {@link GPhase}s). */
final class Modifiers {

    private static final double MATCH = 1e-12;

    private Modifiers() {
    }

    /** {@code inv @}: reversed, each element inverted. */
    static List<Object> inverse(List<Object> body) {
        List<Object> out = new ArrayList<>(body.size());
        for (int i = body.size() - 1; i >= 0; i--) {
            Object e = body.get(i);
            out.add(e instanceof GPhase g ? new GPhase(g.gamma().negate()) : ((Operation) e).inverse());
        }
        return out;
    }

    /**
     * {@code ctrl @} / {@code negctrl @} with control qubits {@code controls}: every operation gains them, a global
     * phase becomes a phase gate on them, and a negative control is conjugated by X.
     */
    static List<Object> control(List<Object> body, int[] controls, boolean negative) {
        List<Object> out = new ArrayList<>(body.size() + 2 * controls.length);
        if (negative) {
            for (int c : controls) {
                out.add(new Operation(Gates.X, new int[] {c}, new int[0]));
            }
        }
        for (Object e : body) {
            if (e instanceof GPhase g) {
                int last = controls[controls.length - 1];
                out.add(new Operation(Gates.PHASE, new int[] {last},
                        java.util.Arrays.copyOf(controls, controls.length - 1), g.gamma()));
            } else {
                Operation op = (Operation) e;
                int[] cs = new int[op.controls().length + controls.length];
                System.arraycopy(controls, 0, cs, 0, controls.length);
                System.arraycopy(op.controls(), 0, cs, controls.length, op.controls().length);
                out.add(new Operation(op.gate(), op.targets(), cs, op.angles()));
            }
        }
        if (negative) {
            for (int c : controls) {
                out.add(new Operation(Gates.X, new int[] {c}, new int[0]));
            }
        }
        return out;
    }

    /**
     * {@code pow(r) @}: an integer power repeats the expansion (its inverse for r < 0); a non-integer power is the
     * principal power, supported for one rotation, phase, global phase, diagonal gate or involution (x, y, z, h,
     * swap, …). A rotation or phase with a constant angle is first brought to the principal branch; with an input
     * in its angle, the angle is scaled as it stands.
     */
    static List<Object> power(List<Object> body, double r, Token at, Source src) {
        if (r == Math.rint(r)) {
            if (Math.abs(r) * Math.max(1, body.size()) > Parser.MAX_OPERATIONS) {
                throw src.error(at, "pow(" + r + ") expands to more than " + Parser.MAX_OPERATIONS + " operations");
            }
            List<Object> base = r < 0 ? inverse(body) : body;
            List<Object> out = new ArrayList<>();
            for (long i = 0; i < Math.abs((long) r); i++) {
                out.addAll(base);
            }
            return out;
        }
        if (body.size() != 1) {
            throw src.error(at, "pow(" + r + ") of a gate that expands to " + body.size() + " operations is not "
                    + "supported; non-integer powers are supported for one rotation, phase, diagonal gate or "
                    + "involution");
        }
        Object e = body.get(0);
        if (e instanceof GPhase g) {
            return List.of(new GPhase(principal(g.gamma(), 2 * Math.PI).times(r)));
        }
        Operation op = (Operation) e;
        Gate gate = op.gate();
        switch (gate.family()) {
            case PAULI_ROTATION -> {
                return List.of(new Operation(gate, op.targets(), op.controls(),
                        principal(op.angles()[0], 4 * Math.PI).times(r)));
            }
            case PHASE -> {
                return List.of(new Operation(gate, op.targets(), op.controls(),
                        principal(op.angles()[0], 2 * Math.PI).times(r)));
            }
            default -> {
                double[] values = new double[op.angles().length];
                for (int i = 0; i < values.length; i++) {
                    if (!op.angles()[i].isConstant()) {
                        throw src.error(at, "pow(" + r + ") of '" + gate.name() + "' with an input in its angles "
                                + "is not supported; non-integer powers need rotations, phases or constant gates");
                    }
                    values[i] = op.angles()[i].constantTerm();
                }
                double[] pm = fixedPower(gate.matrix(values), 1 << gate.numQubits(), r);
                if (pm == null) {
                    throw src.error(at, "pow(" + r + ") of '" + gate.name() + "' is not supported; non-integer "
                            + "powers are supported for rotations, phases, diagonal gates and involutions");
                }
                return List.of(new Operation(standardOr(gate.name() + "_pow", pm, gate.numQubits()), op.targets(),
                        op.controls()));
            }
        }
    }

    /** An angle with period {@code period} brought to {@code (−period/2, period/2]} if it is a constant. */
    private static Angle principal(Angle a, double period) {
        if (!a.isConstant()) {
            return a;
        }
        double v = Math.IEEEremainder(a.constantTerm(), period);
        if (v <= -period / 2) {
            v += period;
        }
        return Angle.constant(v);
    }

    /** The principal r-th power of a diagonal or involutory unitary, or null for other matrices. */
    private static double[] fixedPower(double[] m, int d, double r) {
        boolean diagonal = true;
        for (int i = 0; i < d && diagonal; i++) {
            for (int j = 0; j < d; j++) {
                if (i != j && Math.hypot(m[2 * (i * d + j)], m[2 * (i * d + j) + 1]) > MATCH) {
                    diagonal = false;
                    break;
                }
            }
        }
        double[] out = new double[2 * d * d];
        if (diagonal) {
            for (int i = 0; i < d; i++) {
                int k = 2 * (i * d + i);
                double phase = Math.atan2(m[k + 1], m[k]) * r; // atan2 is in (−π, π]: the principal branch
                out[k] = Math.cos(phase);
                out[k + 1] = Math.sin(phase);
            }
            return out;
        }
        // an involution (U² = I) has eigenvalues ±1: U^r = (I + U)/2 + e^{iπr}(I − U)/2. For a unitary U,
        // U² − I = U(U − U†), so U is an involution exactly when it equals its conjugate transpose.
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                int ij = 2 * (i * d + j);
                int ji = 2 * (j * d + i);
                if (Math.abs(m[ij] - m[ji]) > MATCH || Math.abs(m[ij + 1] + m[ji + 1]) > MATCH) {
                    return null;
                }
            }
        }
        double cr = Math.cos(Math.PI * r);
        double ci = Math.sin(Math.PI * r);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                int k = 2 * (i * d + j);
                double id = i == j ? 1 : 0;
                double pr = (id + m[k]) / 2;
                double pi = m[k + 1] / 2;
                double qr = (id - m[k]) / 2;
                double qi = -m[k + 1] / 2;
                out[k] = pr + cr * qr - ci * qi;
                out[k + 1] = pi + cr * qi + ci * qr;
            }
        }
        return out;
    }

    /** The standard fixed gate with this matrix (within 1e-12), else a user unitary named {@code name}. */
    private static Gate standardOr(String name, double[] m, int k) {
        for (Gate g : Gates.standard()) {
            if (g.family() == Gate.Family.FIXED && g.numQubits() == k && close(g.matrix(), m)) {
                return g;
            }
        }
        return Gates.unitary(name, m);
    }

    private static boolean close(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > MATCH) {
                return false;
            }
        }
        return true;
    }
}
