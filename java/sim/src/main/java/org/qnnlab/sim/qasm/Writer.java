package org.qnnlab.sim.qasm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.qnnlab.sim.Angle;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Gate;
import org.qnnlab.sim.Gates;
import org.qnnlab.sim.Operation;

/**
 * Writes a {@link Circuit} as OpenQASM 2.0 (constant angles) or 3 (angles affine in {@code theta_j} and {@code x_k}
 * inputs). Gates outside the standard libraries become {@code gate} definitions at the top: iSWAP, and Pauli-string
 * rotations as a basis change, a CX ladder and an {@code rz} (exact, so {@code ctrl @} on them is right in
 * OpenQASM 3). One-qubit matrices become {@code U}/{@code u3} (with their {@code gphase} in OpenQASM 3).
 */
final class Writer {

    private static final double EPS = 1e-14;

    private final int version;
    private final Map<String, String> defs = new LinkedHashMap<>();
    private final StringBuilder body = new StringBuilder();

    Writer(int version) {
        this.version = version;
    }

    String write(Circuit c, int params, int inputs) {
        for (Operation op : c.operations()) {
            operation(op);
        }
        StringBuilder sb = new StringBuilder();
        if (version == 2) {
            sb.append("OPENQASM 2.0;\ninclude \"qelib1.inc\";\n");
        } else {
            sb.append("OPENQASM 3.0;\ninclude \"stdgates.inc\";\n");
            for (int j = 0; j < params; j++) {
                sb.append("input float[64] theta_").append(j).append(";\n");
            }
            for (int k = 0; k < inputs; k++) {
                sb.append("input float[64] x_").append(k).append(";\n");
            }
        }
        defs.values().forEach(sb::append);
        sb.append(version == 2 ? "qreg q[" + c.numQubits() + "];\n" : "qubit[" + c.numQubits() + "] q;\n");
        return sb.append(body).toString();
    }

    private void operation(Operation op) {
        Gate g = op.gate();
        int k = op.controls().length;
        List<String> args = new ArrayList<>();
        for (Angle a : op.angles()) {
            args.add(angle(a));
        }
        String name = switch (g.family()) {
            case U3 -> version == 2 ? (k == 0 ? "u3" : k == 1 ? "cu3" : null) : "U";
            case PHASE -> version == 2 ? (k == 0 ? "p" : k == 1 ? "cp" : null) : k == 1 ? "cp" : "p";
            case PAULI_ROTATION -> rotation(g, k);
            case FIXED -> fixed(op, g, k, args);
        };
        if (name == null) {
            throw new IllegalArgumentException(describe(op) + " has no OpenQASM 2 form (qelib1.inc has no gate "
                    + "for it); write OpenQASM 3, whose ctrl @ modifier expresses it");
        }
        if (name.isEmpty()) {
            return; // written by fixed()
        }
        boolean folded = k > 0 && (version == 2 || isNamedControlled(name));
        String modifier = k == 0 || folded ? "" : k == 1 ? "ctrl @ " : "ctrl(" + k + ") @ ";
        call(modifier + name, args, op.controls(), op.targets());
    }

    private static boolean isNamedControlled(String name) {
        return switch (name) {
            case "cx", "ccx", "cy", "cz", "ch", "cp", "crx", "cry", "crz", "cswap" -> true;
            default -> false;
        };
    }

    private void call(String name, List<String> args, int[] controls, int[] targets) {
        body.append(name);
        if (!args.isEmpty()) {
            body.append('(').append(String.join(", ", args)).append(')');
        }
        List<String> qs = new ArrayList<>();
        for (int q : controls) {
            qs.add("q[" + q + "]");
        }
        for (int q : targets) {
            qs.add("q[" + q + "]");
        }
        if (!qs.isEmpty()) {
            body.append(' ').append(String.join(", ", qs));
        }
        body.append(";\n");
    }

    private String rotation(Gate g, int k) {
        String word = g.pauliWord().orElseThrow();
        if (word.length() == 1 && !word.equals("I")) {
            String n = "r" + word.toLowerCase(Locale.ROOT);
            return k == 0 ? n : k == 1 ? "c" + n : version == 3 ? n : null;
        }
        String n = switch (word) {
            case "XX" -> "rxx";
            case "YY" -> "ryy";
            case "ZZ" -> "rzz";
            default -> "pauli_" + word.toLowerCase(Locale.ROOT);
        };
        if (version == 2 && k > 0) {
            return null;
        }
        if (!(version == 2 && (n.equals("rxx") || n.equals("rzz")))) {
            defs.computeIfAbsent(n, key -> pauliDefinition(key, word));
        }
        return n;
    }

    /** {@code exp(−iθ/2·P)}: basis change to Z on each non-identity letter, a CX ladder, rz(θ), and back. */
    private String pauliDefinition(String name, String word) {
        StringBuilder d = new StringBuilder("gate ").append(name).append("(theta)");
        List<String> qs = new ArrayList<>();
        for (int i = 0; i < word.length(); i++) {
            qs.add("a" + i);
        }
        d.append(' ').append(String.join(", ", qs)).append(" {");
        List<String> active = new ArrayList<>();
        StringBuilder pre = new StringBuilder();
        StringBuilder post = new StringBuilder();
        for (int i = 0; i < word.length(); i++) {
            String a = "a" + i;
            switch (word.charAt(i)) {
                case 'X' -> {
                    pre.append(" h ").append(a).append(';');
                    post.append(" h ").append(a).append(';');
                }
                case 'Y' -> { // V = H·S†, V† Z V = Y
                    pre.append(" sdg ").append(a).append("; h ").append(a).append(';');
                    post.append(" h ").append(a).append("; s ").append(a).append(';');
                }
                default -> {
                }
            }
            if (word.charAt(i) != 'I') {
                active.add(a);
            }
        }
        if (active.isEmpty()) {
            return d.append(version == 3 ? " gphase(-theta/2); }\n" : " }\n").toString();
        }
        StringBuilder ladder = new StringBuilder();
        for (int i = 0; i + 1 < active.size(); i++) {
            ladder.append(" cx ").append(active.get(i)).append(", ").append(active.get(i + 1)).append(';');
        }
        StringBuilder unladder = new StringBuilder();
        for (int i = active.size() - 2; i >= 0; i--) {
            unladder.append(" cx ").append(active.get(i)).append(", ").append(active.get(i + 1)).append(';');
        }
        return d.append(pre).append(ladder).append(" rz(theta) ").append(active.get(active.size() - 1)).append(';')
                .append(unladder).append(post).append(" }\n").toString();
    }

    /** The name for a fixed gate, "" if written here (a one-qubit matrix), or null if OpenQASM 2 has none. */
    private String fixed(Operation op, Gate g, int k, List<String> args) {
        Gate standard = Gates.standard().contains(g) ? g : null;
        if (standard != null) {
            String n = g.name();
            switch (n) {
                case "i" -> {
                    return version == 3 || k == 0 ? "id" : null;
                }
                case "iswap", "iswapdg" -> {
                    defs.computeIfAbsent(n, key -> key.equals("iswap")
                            ? "gate iswap a, b { s a; s b; h a; cx a, b; cx b, a; h b; }\n"
                            : "gate iswapdg a, b { h b; cx b, a; cx a, b; h a; sdg b; sdg a; }\n");
                    return version == 2 && k > 0 ? null : n;
                }
                default -> {
                }
            }
            if (version == 3) {
                if (k == 1 && (n.equals("x") || n.equals("y") || n.equals("z") || n.equals("h")
                        || n.equals("swap"))) {
                    return n.equals("swap") ? "cswap" : "c" + n;
                }
                if (k == 2 && n.equals("x")) {
                    return "ccx";
                }
                return n.equals("sxdg") ? "inv @ sx" : n;
            }
            return switch (k) {
                case 0 -> n;
                case 1 -> switch (n) {
                    case "x", "y", "z", "h", "sx" -> "c" + n;
                    case "swap" -> "cswap";
                    default -> null;
                };
                case 2 -> n.equals("x") ? "ccx" : null;
                case 3 -> n.equals("x") ? "c3x" : null;
                case 4 -> n.equals("x") ? "c4x" : null;
                default -> null;
            };
        }
        if (g.numQubits() != 1) {
            throw new IllegalArgumentException(describe(op) + " is a " + g.numQubits() + "-qubit matrix, which "
                    + "qnnlab cannot write in OpenQASM; allowed: standard gates, Pauli rotations and one-qubit "
                    + "matrices");
        }
        double[] u = g.matrix();
        double[] zyz = zyz(u);
        List<String> a = List.of(num(zyz[0]), num(zyz[1]), num(zyz[2]));
        if (version == 2) {
            if (k > 1) {
                return null;
            }
            call(k == 0 ? "u3" : "cu3", a, op.controls(), op.targets());
            if (k == 1 && Math.abs(zyz[3]) > EPS) { // the matrix's phase, observable under the control
                call("u1", List.of(num(zyz[3])), new int[0], op.controls());
            }
            return "";
        }
        String modifier = k == 0 ? "" : k == 1 ? "ctrl @ " : "ctrl(" + k + ") @ ";
        call(modifier + "U", a, op.controls(), op.targets());
        if (k > 0 && Math.abs(zyz[3]) > EPS) {
            call(modifier + "gphase", List.of(num(zyz[3])), op.controls(), new int[0]);
        }
        return "";
    }

    /** {@code {θ, φ, λ, α}} with {@code u = e^{iα}·U(θ, φ, λ)}. */
    static double[] zyz(double[] u) {
        double c = Math.hypot(u[0], u[1]);
        double s = Math.hypot(u[4], u[5]);
        double theta = 2 * Math.atan2(s, c);
        double alpha;
        double phi;
        double lambda;
        if (c > 1e-9) {
            alpha = Math.atan2(u[1], u[0]);
            if (s > 1e-9) {
                phi = Math.atan2(u[5], u[4]) - alpha;
                lambda = Math.atan2(-u[3], -u[2]) - alpha;
            } else {
                phi = 0;
                lambda = Math.atan2(u[7], u[6]) - alpha;
            }
        } else {
            lambda = 0;
            alpha = Math.atan2(-u[3], -u[2]);
            phi = Math.atan2(u[5], u[4]) - alpha;
        }
        return new double[] {theta, phi, lambda, alpha};
    }

    private String angle(Angle a) {
        StringBuilder sb = new StringBuilder();
        for (int j : a.parameters()) {
            term(sb, a.parameterCoefficient(j), "theta_" + j);
        }
        for (int k : a.inputs()) {
            term(sb, a.inputCoefficient(k), "x_" + k);
        }
        double c = a.constantTerm();
        if (sb.isEmpty()) {
            return num(c);
        }
        if (c != 0) {
            sb.append(c < 0 ? " - " : " + ").append(num(Math.abs(c)));
        }
        return sb.toString();
    }

    private static void term(StringBuilder sb, double coef, String name) {
        if (!sb.isEmpty()) {
            sb.append(coef < 0 ? " - " : " + ");
        } else if (coef < 0) {
            sb.append('-');
        }
        double m = Math.abs(coef);
        sb.append(m == 1 ? name : num(m) + "*" + name);
    }

    /** A double that reads back to the same bits. */
    private static String num(double v) {
        return Double.toString(v);
    }

    private static String describe(Operation op) {
        return "operation '" + op + "'";
    }
}
