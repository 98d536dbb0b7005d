package org.qnnlab.sim.qasm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.qnnlab.sim.Angle;
import org.qnnlab.sim.Gate;
import org.qnnlab.sim.Gates;
import org.qnnlab.sim.Operation;

/**
 * The built-in gates ({@code U}, {@code CX}, {@code gphase}) and the two standard libraries, {@code qelib1.inc}
 * (OpenQASM 2, with the additions Qiskit ships: p, sx, sxdg, cp, csx, cu, rxx, rzz, c3x, c4x, c3sqrtx and the
 * relative-phase Toffolis rccx, rc3x) and
 * {@code stdgates.inc} (OpenQASM 3), as qnnlab operations. Each expansion is exact, global phase included, by the
 * OpenQASM 3 definitions ({@code u2} and {@code u3} carry {@code gphase(−(φ+λ)/2)} relative to {@code U}); in
 * OpenQASM 2 no gate can be controlled, so the global phases of its definitions (e.g. {@code rz} as {@code u1}) are
 * unobservable and the same table serves.
 */
final class StandardGates {

    private static final Map<String, int[]> SIGNATURES = new LinkedHashMap<>();
    private static final Set<String> STDGATES = Set.of("p", "x", "y", "z", "h", "s", "sdg", "t", "tdg", "sx", "rx",
            "ry", "rz", "cx", "cy", "cz", "cp", "crx", "cry", "crz", "ch", "swap", "ccx", "cswap", "cu", "CX",
            "phase", "cphase", "id", "u1", "u2", "u3");
    private static final Set<String> QELIB1 = Set.of("u3", "u2", "u1", "cx", "id", "u0", "u", "p", "x", "y", "z",
            "h", "s", "sdg", "t", "tdg", "rx", "ry", "rz", "sx", "sxdg", "cz", "cy", "swap", "ch", "ccx", "cswap",
            "crx", "cry", "crz", "cu1", "cp", "cu3", "csx", "cu", "rxx", "rzz", "c3x", "c4x", "rccx", "rc3x", "rcccx",
            "c3sqrtx", "cccx", "ccccx");

    static {
        sig(3, 1, "U", "u3", "u");
        sig(2, 1, "u2");
        sig(1, 1, "u1", "p", "phase", "rx", "ry", "rz", "u0");
        sig(0, 1, "x", "y", "z", "h", "s", "sdg", "t", "tdg", "sx", "sxdg", "id");
        sig(0, 2, "CX", "cx", "cy", "cz", "ch", "csx", "swap");
        sig(1, 2, "cp", "cphase", "cu1", "crx", "cry", "crz", "rxx", "rzz");
        sig(3, 2, "cu3");
        sig(4, 2, "cu");
        sig(0, 3, "ccx", "cswap", "rccx");
        sig(0, 4, "c3x", "cccx", "rc3x", "rcccx", "c3sqrtx");
        sig(0, 5, "c4x", "ccccx");
    }

    private StandardGates() {
    }

    private static void sig(int params, int qubits, String... names) {
        for (String n : names) {
            SIGNATURES.put(n, new int[] {params, qubits});
        }
    }

    /** Whether {@code name} is built in or comes from an included library. */
    static boolean available(String name, int version, Set<String> includes) {
        return origin(name, version, includes) != null;
    }

    /** Where {@code name} comes from ("built in", "qelib1.inc", "stdgates.inc"), or null if not available. */
    static String origin(String name, int version, Set<String> includes) {
        if (name.equals("U") || (version == 2 && name.equals("CX"))) {
            return "built in";
        }
        if (includes.contains("stdgates.inc") && STDGATES.contains(name)) {
            return "stdgates.inc";
        }
        if (includes.contains("qelib1.inc") && QELIB1.contains(name)) {
            return "qelib1.inc";
        }
        return null;
    }

    /** {@code {parameters, qubits}} of a standard gate. */
    static int[] signature(String name) {
        return SIGNATURES.get(name);
    }

    /** The gates a program may call, for an error message. */
    static String describeAvailable(int version, Set<String> includes) {
        StringBuilder sb = new StringBuilder("allowed: U, " + (version == 2 ? "CX" : "gphase"));
        if (includes.contains("qelib1.inc")) {
            sb.append(" and the gates of qelib1.inc (").append(String.join(", ", sorted(QELIB1))).append(")");
        }
        if (includes.contains("stdgates.inc")) {
            sb.append(" and the gates of stdgates.inc (").append(String.join(", ", sorted(STDGATES))).append(")");
        }
        if (includes.isEmpty()) {
            sb.append(" (include \"").append(version == 2 ? "qelib1.inc" : "stdgates.inc")
                    .append("\" for the standard gates)");
        }
        return sb.toString();
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }

    /** The exact expansion of standard gate {@code name} with angles {@code a} on qubits {@code q}. */
    static List<Object> expand(String name, Angle[] a, int[] q) {
        List<Object> out = new ArrayList<>(2);
        int[] none = {};
        switch (name) {
            case "U" -> out.add(op(Gates.U3, q, none, a));
            case "u3", "u" -> {
                out.add(op(Gates.U3, q, none, a));
                out.add(new GPhase(a[1].plus(a[2]).times(-0.5)));
            }
            case "u2" -> {
                out.add(op(Gates.U3, q, none, Angle.constant(Math.PI / 2), a[0], a[1]));
                out.add(new GPhase(a[0].plus(a[1]).times(-0.5)));
            }
            case "u1", "p", "phase" -> out.add(op(Gates.PHASE, q, none, a));
            case "id", "u0" -> {
            }
            case "x", "y", "z", "h", "s", "sdg", "t", "tdg", "sx", "sxdg" -> out.add(op(Gates.byName(name), q, none));
            case "rx" -> out.add(op(Gates.RX, q, none, a));
            case "ry" -> out.add(op(Gates.RY, q, none, a));
            case "rz" -> out.add(op(Gates.RZ, q, none, a));
            case "CX", "cx" -> out.add(controlled(Gates.X, q, 1));
            case "cy" -> out.add(controlled(Gates.Y, q, 1));
            case "cz" -> out.add(controlled(Gates.Z, q, 1));
            case "ch" -> out.add(controlled(Gates.H, q, 1));
            case "csx" -> out.add(controlled(Gates.SX, q, 1));
            case "swap" -> out.add(op(Gates.SWAP, q, none));
            case "cp", "cphase", "cu1" -> out.add(controlled(Gates.PHASE, q, 1, a));
            case "crx" -> out.add(controlled(Gates.RX, q, 1, a));
            case "cry" -> out.add(controlled(Gates.RY, q, 1, a));
            case "crz" -> out.add(controlled(Gates.RZ, q, 1, a));
            case "rxx" -> out.add(op(Gates.RXX, q, none, a));
            case "rzz" -> out.add(op(Gates.RZZ, q, none, a));
            case "cu3" -> out.add(controlled(Gates.U3, q, 1, a));
            case "cu" -> { // p(γ) on the control, then the controlled U(θ, φ, λ)
                out.add(op(Gates.PHASE, new int[] {q[0]}, none, a[3]));
                out.add(controlled(Gates.U3, q, 1, a[0], a[1], a[2]));
            }
            case "ccx" -> out.add(controlled(Gates.X, q, 2));
            case "c3x", "cccx" -> out.add(controlled(Gates.X, q, 3));
            case "c4x", "ccccx" -> out.add(controlled(Gates.X, q, 4));
            case "c3sqrtx" -> out.add(controlled(Gates.SX, q, 3));
            case "rccx" -> relativePhaseToffoli(out, q[0], q[1], q[2]);
            case "rc3x", "rcccx" -> relativePhaseC3x(out, q[0], q[1], q[2], q[3]);
            case "cswap" -> out.add(controlled(Gates.SWAP, q, 1));
            default -> throw new IllegalStateException("not a standard gate: " + name);
        }
        return out;
    }

    /**
     * The Toffoli up to relative phases (Margolus; qelib1.inc's rccx): H·T·CX·T†·CX·T·CX·T†·H on the target. OpenQASM 2
     * cannot control it, so the global phase of qelib1's u2(0, π) for H is immaterial.
     */
    private static void relativePhaseToffoli(List<Object> out, int a, int b, int c) {
        int[] none = {};
        int[] t = {c};
        out.add(op(Gates.H, t, none));
        out.add(op(Gates.T, t, none));
        out.add(op(Gates.X, t, new int[] {b}));
        out.add(op(Gates.TDG, t, none));
        out.add(op(Gates.X, t, new int[] {a}));
        out.add(op(Gates.T, t, none));
        out.add(op(Gates.X, t, new int[] {b}));
        out.add(op(Gates.TDG, t, none));
        out.add(op(Gates.H, t, none));
    }

    /** The three-controlled X up to relative phases (Maslov; qelib1.inc's rc3x), on target d. */
    private static void relativePhaseC3x(List<Object> out, int a, int b, int c, int d) {
        int[] none = {};
        int[] t = {d};
        Gate[] seq = {Gates.H, Gates.T, null, Gates.TDG, Gates.H, null, Gates.T, null, Gates.TDG, null, Gates.T,
            null, Gates.TDG, Gates.H, Gates.T, null, Gates.TDG, Gates.H};
        int[] controls = {c, a, b, a, b, c}; // the CX controls, in order
        int k = 0;
        for (Gate g : seq) {
            out.add(g != null ? op(g, t, none) : op(Gates.X, t, new int[] {controls[k++]}));
        }
    }

    private static Operation op(Gate g, int[] targets, int[] controls, Angle... a) {
        return new Operation(g, targets, controls, a);
    }

    /** {@code g} on the last qubits of {@code q} under the first {@code k}. */
    private static Operation controlled(Gate g, int[] q, int k, Angle... a) {
        return new Operation(g, java.util.Arrays.copyOfRange(q, k, q.length), java.util.Arrays.copyOfRange(q, 0, k),
                a);
    }
}
