package org.qnnlab.sim.qasm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.qnnlab.sim.Angle;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Operation;
import org.qnnlab.sim.StateVector;

/**
 * Reads one OpenQASM 2.0 or 3 program into a {@link Circuit}: a recursive-descent parser that interprets statements
 * as it reads them. Gate definitions are kept as syntax and expanded at each call with the call's arguments;
 * modifiers ({@code ctrl @}, {@code negctrl @}, {@code inv @}, {@code pow(k) @}) act on the expansion; the standard
 * gates come from {@link StandardGates}.
 */
final class Parser implements Expr.Env {

    /** Operations an expansion may produce before the program is refused (nested definitions grow exponentially). */
    static final int MAX_OPERATIONS = 5_000_000;
    /** Nesting of parentheses and unary operators in one expression. */
    private static final int MAX_DEPTH = 200;

    private static final Set<String> UNSUPPORTED = Set.of("for", "while", "if", "else", "def", "defcal", "cal",
            "box", "delay", "output", "let", "extern", "return", "break", "continue", "end", "switch", "case",
            "stretch", "duration", "int", "uint", "bool", "complex", "pragma", "durationof", "sizeof", "void",
            "mutable", "readonly", "array");

    private final Source src;
    private final List<Token> toks;
    private int p;
    private int version = 3;
    private boolean versionSeen;
    private final Set<String> includes = new HashSet<>();

    private record Register(int offset, int size, boolean single) {
    }

    private final Map<String, Register> qregs = new LinkedHashMap<>();
    private final Set<String> cregs = new HashSet<>();
    private int numQubits;

    /** Inputs (trainable parameters): first parameter index and length; {@code length < 0} for a scalar. */
    private record Input(int first, int length) {
    }

    private final Map<String, Input> inputs = new LinkedHashMap<>();
    private final List<String> parameterNames = new ArrayList<>();
    private final Map<String, Angle> constants = new HashMap<>();

    /** A gate call inside a definition or at top level, kept as syntax. */
    private record Call(Token name, List<Modifier> modifiers, List<Expr> args, List<Operand> operands) {
    }

    private record Modifier(Token at, String kind, Expr arg) {
    }

    /** A qubit operand: a register or qubit name, and an index expression or null. */
    private record Operand(Token name, Expr index) {
    }

    /** A gate definition; {@code size} bounds its expansion's length (integer powers and controls included). */
    private record GateDef(Token name, List<String> params, List<String> qubits, List<Call> body, boolean opaque,
            long size) {
    }

    private final Map<String, GateDef> gates = new HashMap<>();
    private final List<Operation> ops = new ArrayList<>();
    private final BitSet measured = new BitSet();

    /** Gate parameters visible while a definition is expanded (innermost call only). */
    private Map<String, Angle> locals = Map.of();

    Parser(Source src) {
        this.src = src;
        this.toks = Lexer.tokens(src.text(), src);
    }

    Qasm.Program parse() {
        while (!peek().kind().equals(Token.Kind.EOF)) {
            statement();
        }
        if (numQubits == 0) {
            throw src.error(peek(), "no qubits declared; expected a 'qreg q[n];' (OpenQASM 2) or 'qubit[n] q;' "
                    + "(OpenQASM 3) declaration");
        }
        if (numQubits > StateVector.MAX_QUBITS) {
            throw src.error(peek(), "the program declares " + numQubits + " qubits; allowed: 1.."
                    + StateVector.MAX_QUBITS);
        }
        Circuit c = new Circuit(numQubits);
        c.declareParameters(parameterNames.size());
        ops.forEach(c::append);
        return new Qasm.Program(c, List.copyOf(parameterNames), version, registerLayout());
    }

    private Map<String, int[]> registerLayout() {
        Map<String, int[]> m = new LinkedHashMap<>();
        qregs.forEach((k, r) -> m.put(k, new int[] {r.offset, r.size}));
        return m;
    }

    // ---------------------------------------------------------------- statements

    private void statement() {
        Token t = peek();
        if (t.kind() != Token.Kind.IDENT) {
            if (t.is("#")) {
                throw src.error(t, "'#pragma' and other directives are not supported");
            }
            if (t.is("@")) {
                throw src.error(t, "annotations ('@…') are not supported");
            }
            throw src.error(t, "unexpected " + t.show() + "; expected a statement");
        }
        switch (t.text()) {
            case "OPENQASM" -> versionStatement();
            case "include" -> include();
            case "qreg", "creg" -> oldRegister();
            case "qubit" -> qubitDeclaration();
            case "bit" -> bitDeclaration();
            case "input" -> inputDeclaration();
            case "const", "float", "angle" -> constantDeclaration();
            case "gate" -> gateDefinition(false);
            case "opaque" -> gateDefinition(true);
            case "barrier" -> barrier();
            case "measure" -> measureStatement();
            case "reset" -> throw src.error(t, "'reset' cannot be simulated on a state vector without sampling; "
                    + "qnnlab reads circuits that start from |0…0> and measure only at the end");
            default -> {
                if (UNSUPPORTED.contains(t.text())) {
                    throw src.error(t, "'" + t.text() + "' statements are not supported; qnnlab reads the OpenQASM "
                            + "subset for parameterized circuits (declarations, gate definitions, gate calls with "
                            + "modifiers, gphase, barrier, final measurements)");
                }
                if (peekAt(1).is("=") || (peekAt(1).is("[") && cregs.contains(t.text()))) {
                    assignedMeasure();
                } else {
                    topLevelCall();
                }
            }
        }
    }

    private void versionStatement() {
        Token t = next();
        if (versionSeen || p != 1) {
            throw src.error(t, "'OPENQASM' must be the first statement, once");
        }
        Token v = expect(Token.Kind.NUMBER, "a version number such as 2.0 or 3");
        String s = v.text();
        if (s.equals("2.0") || s.equals("2")) {
            version = 2;
        } else if (s.equals("3") || s.startsWith("3.")) {
            version = 3;
        } else {
            throw src.error(v, "OpenQASM version " + s + " is not supported; allowed: 2.0, 3, 3.x");
        }
        versionSeen = true;
        expectSymbol(";");
    }

    private void include() {
        next();
        Token f = expect(Token.Kind.STRING, "a file name in quotes");
        String name = f.text();
        if (!name.equals("qelib1.inc") && !name.equals("stdgates.inc")) {
            throw src.error(f, "cannot include \"" + name + "\"; allowed: \"qelib1.inc\" (OpenQASM 2) and "
                    + "\"stdgates.inc\" (OpenQASM 3), which are built in");
        }
        includes.add(name);
        expectSymbol(";");
    }

    private void oldRegister() {
        Token kw = next();
        Token name = expect(Token.Kind.IDENT, "a register name");
        expectSymbol("[");
        Token n = expect(Token.Kind.NUMBER, "the register size");
        int size = size(n);
        expectSymbol("]");
        expectSymbol(";");
        declare(name, size, kw.text().equals("qreg"), false);
    }

    private void qubitDeclaration() {
        next();
        int size = 1;
        boolean single = true;
        if (peek().is("[")) {
            next();
            size = size(expect(Token.Kind.NUMBER, "the register size"));
            expectSymbol("]");
            single = false;
        }
        Token name = expect(Token.Kind.IDENT, "a register name");
        expectSymbol(";");
        declare(name, size, true, single);
    }

    private void bitDeclaration() {
        next();
        if (peek().is("[")) {
            next();
            size(expect(Token.Kind.NUMBER, "the register size"));
            expectSymbol("]");
        }
        Token name = expect(Token.Kind.IDENT, "a register name");
        declare(name, 0, false, false);
        if (peek().is("=")) {
            next();
            Token m = next();
            if (!m.is("measure")) {
                throw src.error(m, "unexpected " + m.show() + "; a bit register can only be initialized by "
                        + "'measure'");
            }
            markMeasured(operand());
        }
        expectSymbol(";");
    }

    private void declare(Token name, int size, boolean quantum, boolean single) {
        String n = name.text();
        if (qregs.containsKey(n) || cregs.contains(n) || inputs.containsKey(n) || constants.containsKey(n)) {
            throw src.error(name, "'" + n + "' is already declared");
        }
        if (quantum) {
            if ((long) numQubits + size > 1000) {
                throw src.error(name, "register '" + n + "' brings the program to " + (numQubits + size)
                        + " qubits; allowed: 1.." + StateVector.MAX_QUBITS);
            }
            qregs.put(n, new Register(numQubits, size, single));
            numQubits += size;
        } else {
            cregs.add(n);
        }
    }

    private int size(Token n) {
        int v;
        try {
            v = Integer.parseInt(n.text());
        } catch (NumberFormatException e) {
            throw src.error(n, "register size " + n.show() + " is not a whole number; allowed: 1 or more");
        }
        if (v < 1) {
            throw src.error(n, "register size " + v + " out of range; allowed: 1 or more");
        }
        return v;
    }

    private void inputDeclaration() {
        next();
        Token type = next();
        int length = -1;
        if (type.is("array")) {
            expectSymbol("[");
            Token inner = next();
            if (!inner.is("float") && !inner.is("angle")) {
                throw src.error(inner, "input arrays of " + inner.show() + " are not supported; allowed: "
                        + "array[float[64], n] or array[angle, n]");
            }
            skipWidth();
            expectSymbol(",");
            Token n = expect(Token.Kind.NUMBER, "the array length");
            length = size(n);
            expectSymbol("]");
        } else if (type.is("float") || type.is("angle")) {
            skipWidth();
        } else {
            throw src.error(type, "input of type " + type.show() + " is not supported; allowed: float[64], angle "
                    + "and arrays of them, which become trainable parameters");
        }
        Token name = expect(Token.Kind.IDENT, "the input's name");
        String n = name.text();
        if (qregs.containsKey(n) || cregs.contains(n) || inputs.containsKey(n) || constants.containsKey(n)) {
            throw src.error(name, "'" + n + "' is already declared");
        }
        inputs.put(n, new Input(parameterNames.size(), length));
        if (length < 0) {
            parameterNames.add(n);
        } else {
            for (int i = 0; i < length; i++) {
                parameterNames.add(n + "[" + i + "]");
            }
        }
        expectSymbol(";");
    }

    private void skipWidth() {
        if (peek().is("[")) {
            next();
            expect(Token.Kind.NUMBER, "a bit width");
            expectSymbol("]");
        }
    }

    private void constantDeclaration() {
        Token first = next();
        Token type = first;
        if (first.is("const")) {
            type = next();
        }
        if (!type.is("float") && !type.is("angle")) {
            throw src.error(type, "constants of type " + type.show() + " are not supported; allowed: float, angle");
        }
        skipWidth();
        Token name = expect(Token.Kind.IDENT, "the constant's name");
        String n = name.text();
        if (qregs.containsKey(n) || cregs.contains(n) || inputs.containsKey(n) || constants.containsKey(n)) {
            throw src.error(name, "'" + n + "' is already declared");
        }
        if (!peek().is("=")) {
            throw src.error(peek(), "unexpected " + peek().show() + "; a classical variable needs a value ('= …'), "
                    + "or declare it as an 'input'");
        }
        next();
        Expr e = expr(0);
        constants.put(n, e.eval(this));
        expectSymbol(";");
    }

    private void gateDefinition(boolean opaque) {
        next();
        Token name = expect(Token.Kind.IDENT, "the gate's name");
        String n = name.text();
        if (gates.containsKey(n) || StandardGates.available(n, version, includes)) {
            throw src.error(name, "gate '" + n + "' is already defined" + (gates.containsKey(n) ? ""
                    : " (" + StandardGates.origin(n, version, includes) + ")"));
        }
        List<String> params = new ArrayList<>();
        if (peek().is("(")) {
            next();
            if (!peek().is(")")) {
                do {
                    params.add(uniqueName(params, "a parameter name"));
                } while (accept(","));
            }
            expectSymbol(")");
        }
        List<String> qubits = new ArrayList<>();
        do {
            qubits.add(uniqueName(qubits, "a qubit argument name"));
        } while (accept(","));
        if (opaque) {
            expectSymbol(";");
            gates.put(n, new GateDef(name, params, qubits, List.of(), true, 0));
            return;
        }
        expectSymbol("{");
        List<Call> body = new ArrayList<>();
        long size = 0;
        while (!peek().is("}")) {
            Token t = peek();
            if (t.kind() == Token.Kind.EOF) {
                throw src.error(t, "gate '" + n + "' is not closed; expected '}'");
            }
            if (t.is("barrier")) {
                barrierIn(qubits);
                continue;
            }
            if (t.is("measure") || t.is("reset")) {
                throw src.error(t, "'" + t.text() + "' is not allowed in a gate definition");
            }
            Call c = call();
            if (c.name().text().equals(n)) {
                throw src.error(c.name(), "gate '" + n + "' calls itself: recursive gate definitions are not "
                        + "allowed");
            }
            if (!gates.containsKey(c.name().text()) && !StandardGates.available(c.name().text(), version, includes)
                    && !c.name().text().equals("gphase")) {
                throw unknownGate(c.name());
            }
            for (Operand o : c.operands()) {
                if (o.index() != null) {
                    throw src.error(o.name(), "qubit arguments inside a gate definition are names, not indexed "
                            + "registers");
                }
                if (!qubits.contains(o.name().text())) {
                    throw src.error(o.name(), "unknown qubit '" + o.name().text() + "' in gate '" + n
                            + "'; allowed: " + String.join(", ", qubits));
                }
            }
            body.add(c);
            size = Math.min(Long.MAX_VALUE / 4, size + sizeOf(c));
        }
        next();
        gates.put(n, new GateDef(name, params, qubits, body, false, size));
    }

    /** An upper bound on the length of call {@code c}'s expansion (a power that is not a literal counts once). */
    private long sizeOf(Call c) {
        GateDef callee = gates.get(c.name().text());
        long n = callee == null ? 2 : Math.max(1, callee.size());
        for (Modifier m : c.modifiers()) {
            if (m.kind().equals("pow") && m.arg() instanceof Expr.Num num) {
                n = (long) Math.min(Long.MAX_VALUE / 4.0, n * Math.max(1, Math.ceil(Math.abs(num.value()))));
            } else if (m.kind().equals("negctrl")) {
                n += 2L * 64;
            }
        }
        return n;
    }

    private String uniqueName(List<String> seen, String what) {
        Token t = expect(Token.Kind.IDENT, what);
        if (seen.contains(t.text())) {
            throw src.error(t, "'" + t.text() + "' is listed twice");
        }
        return t.text();
    }

    private void barrier() {
        next();
        if (!peek().is(";")) {
            do {
                Operand o = operand();
                qubitsOf(o); // validated, otherwise ignored
            } while (accept(","));
        }
        expectSymbol(";");
    }

    private void barrierIn(List<String> qubits) {
        next();
        while (!peek().is(";")) {
            Token t = next();
            if (t.kind() == Token.Kind.EOF) {
                throw src.error(t, "barrier is not terminated; expected ';'");
            }
        }
        next();
    }

    private void measureStatement() {
        next();
        Operand q = operand();
        markMeasured(q);
        if (accept("->")) {
            Token c = expect(Token.Kind.IDENT, "a bit register");
            if (!cregs.contains(c.text())) {
                throw src.error(c, "unknown bit register '" + c.text() + "'");
            }
            if (accept("[")) {
                expr(0);
                expectSymbol("]");
            }
        }
        expectSymbol(";");
    }

    private void assignedMeasure() {
        Token c = next();
        if (!cregs.contains(c.text())) {
            throw src.error(c, "assignment to '" + c.text() + "' is not supported; only bit registers may be "
                    + "assigned, from 'measure'");
        }
        if (accept("[")) {
            expr(0);
            expectSymbol("]");
        }
        expectSymbol("=");
        Token m = next();
        if (!m.is("measure")) {
            throw src.error(m, "unexpected " + m.show() + "; only 'measure' can be assigned to a bit register");
        }
        markMeasured(operand());
        expectSymbol(";");
    }

    private void markMeasured(Operand o) {
        for (int q : qubitsOf(o)) {
            measured.set(q);
        }
    }

    private void topLevelCall() {
        Call c = call();
        String name = c.name().text();
        if (!name.equals("gphase") && !gates.containsKey(name) && !StandardGates.available(name, version, includes)) {
            throw unknownGate(c.name());
        }
        if (c.operands().isEmpty() && !name.equals("gphase")) {
            throw src.error(c.name(), "gate '" + name + "' needs qubit operands");
        }
        List<Angle> args = new ArrayList<>();
        for (Expr e : c.args()) {
            args.add(e.eval(this));
        }
        // broadcast: registers of equal size apply elementwise, single qubits repeat
        List<int[]> operands = new ArrayList<>();
        int width = 1;
        Token wide = null;
        for (Operand o : c.operands()) {
            int[] qs = qubitsOf(o);
            boolean register = o.index() == null && !qregs.get(o.name().text()).single();
            if (register) {
                if (wide != null && qs.length != width) {
                    throw src.error(o.name(), "register '" + o.name().text() + "' has " + qs.length
                            + " qubits but '" + wide.text() + "' has " + width + "; registers in one call must "
                            + "have equal sizes");
                }
                width = qs.length;
                wide = o.name();
            }
            operands.add(register ? qs : new int[] {qs[0]});
        }
        for (int i = 0; i < width; i++) {
            int[] qubits = new int[operands.size()];
            for (int k = 0; k < qubits.length; k++) {
                int[] qs = operands.get(k);
                qubits[k] = qs.length == 1 ? qs[0] : qs[i];
                if (measured.get(qubits[k])) {
                    throw src.error(c.name(), "gate '" + name + "' acts on qubit " + describe(qubits[k])
                            + " after it was measured; qnnlab simulates measurements only at the end of a circuit");
                }
            }
            for (Object e : apply(c, args, qubits)) {
                if (e instanceof Operation op) {
                    ops.add(op);
                } // a global phase outside any control changes no state's physics: dropped
            }
            checkSize(ops.size(), c.name());
        }
    }

    private String describe(int qubit) {
        for (Map.Entry<String, Register> e : qregs.entrySet()) {
            Register r = e.getValue();
            if (qubit >= r.offset && qubit < r.offset + r.size) {
                return r.single ? e.getKey() : e.getKey() + "[" + (qubit - r.offset) + "]";
            }
        }
        return Integer.toString(qubit);
    }

    private int[] qubitsOf(Operand o) {
        Register r = qregs.get(o.name().text());
        if (r == null) {
            throw src.error(o.name(), (cregs.contains(o.name().text()) ? "'" + o.name().text()
                    + "' is a bit register, not qubits" : "unknown qubit register '" + o.name().text() + "'")
                    + (qregs.isEmpty() ? "; no qubits declared yet" : "; declared: "
                            + String.join(", ", qregs.keySet())));
        }
        if (o.index() == null) {
            int[] all = new int[r.size];
            Arrays.setAll(all, i -> r.offset + i);
            return all;
        }
        if (r.single) {
            throw src.error(o.name(), "'" + o.name().text() + "' is a single qubit and cannot be indexed");
        }
        int i = Expr.integer(o.index(), this, "a qubit index");
        if (i < 0 || i >= r.size) {
            throw src.error(o.index().at(), "index " + i + " out of range for register '" + o.name().text()
                    + "' of " + r.size + " qubits; allowed: 0.." + (r.size - 1));
        }
        return new int[] {r.offset + i};
    }

    // ---------------------------------------------------------------- calls and their expansion

    private Call call() {
        List<Modifier> mods = new ArrayList<>();
        while (peek().kind() == Token.Kind.IDENT
                && (peek().is("ctrl") || peek().is("negctrl") || peek().is("inv") || peek().is("pow"))
                && (peekAt(1).is("@") || peekAt(1).is("("))) {
            Token m = next();
            if (version == 2) {
                throw src.error(m, "gate modifiers ('" + m.text() + " @') are OpenQASM 3; this file declares "
                        + "OPENQASM 2.0");
            }
            Expr arg = null;
            if (accept("(")) {
                arg = expr(0);
                expectSymbol(")");
            } else if (m.is("pow")) {
                throw src.error(peek(), "unexpected " + peek().show() + "; expected '(' and the power, as in "
                        + "pow(2) @");
            }
            expectSymbol("@");
            mods.add(new Modifier(m, m.text(), arg));
        }
        Token name = expect(Token.Kind.IDENT, "a gate name");
        List<Expr> args = new ArrayList<>();
        if (accept("(")) {
            if (!peek().is(")")) {
                do {
                    args.add(expr(0));
                } while (accept(","));
            }
            expectSymbol(")");
        }
        List<Operand> operands = new ArrayList<>();
        if (!peek().is(";")) {
            do {
                operands.add(operand());
            } while (accept(","));
        }
        expectSymbol(";");
        return new Call(name, mods, args, operands);
    }

    private Operand operand() {
        Token t = peek();
        if (t.is("$")) {
            throw src.error(t, "physical qubits ('$n') are not supported; declare a register");
        }
        Token name = expect(Token.Kind.IDENT, "a qubit or register");
        Expr index = null;
        if (accept("[")) {
            index = expr(0);
            if (peek().is(":") || peek().is(",")) {
                throw src.error(peek(), "register slices and index lists are not supported; index one qubit");
            }
            expectSymbol("]");
        }
        return new Operand(name, index);
    }

    /**
     * The elements ({@link Operation}s and {@link GPhase}s) of call {@code c} on {@code qubits} with argument values
     * {@code args}: modifiers take their control qubits from the front, then act on the gate's expansion from the
     * innermost (rightmost) out.
     */
    private List<Object> apply(Call c, List<Angle> args, int[] qubits) {
        Set<Integer> seen = new HashSet<>();
        for (int q : qubits) {
            if (!seen.add(q)) {
                throw src.error(c.name(), "qubit " + describe(q) + " appears twice in the call of '"
                        + c.name().text() + "'");
            }
        }
        int used = 0;
        int[][] controlsOf = new int[c.modifiers().size()][];
        for (int m = 0; m < controlsOf.length; m++) {
            Modifier mod = c.modifiers().get(m);
            if (mod.kind().equals("ctrl") || mod.kind().equals("negctrl")) {
                int k = mod.arg() == null ? 1 : Expr.integer(mod.arg(), this, "the number of controls");
                if (k < 1) {
                    throw src.error(mod.at(), mod.kind() + "(" + k + ") needs 1 or more controls");
                }
                if (used + k > qubits.length) {
                    throw src.error(mod.at(), mod.kind() + " takes " + k + " control qubit(s) but the call has "
                            + "only " + (qubits.length - used) + " operand(s) left");
                }
                controlsOf[m] = Arrays.copyOfRange(qubits, used, used + k);
                used += k;
            }
        }
        int[] targets = Arrays.copyOfRange(qubits, used, qubits.length);
        List<Object> body = expand(c.name(), args, targets);
        for (int m = controlsOf.length - 1; m >= 0; m--) {
            Modifier mod = c.modifiers().get(m);
            body = switch (mod.kind()) {
                case "inv" -> Modifiers.inverse(body);
                case "pow" -> Modifiers.power(body, powerOf(mod), mod.at(), src);
                default -> Modifiers.control(body, controlsOf[m], mod.kind().equals("negctrl"));
            };
            checkSize(body.size(), c.name());
        }
        return body;
    }

    private double powerOf(Modifier mod) {
        if (mod.arg() == null) {
            throw src.error(mod.at(), "pow needs its power, as in pow(2) @");
        }
        Angle v = mod.arg().eval(this);
        if (!v.isConstant()) {
            throw src.error(mod.arg().at(), "the power of pow(…) must be a constant, not an input");
        }
        return v.constantTerm();
    }

    /** The expansion of gate {@code name} (standard or defined) on {@code targets}. */
    private List<Object> expand(Token name, List<Angle> args, int[] targets) {
        String n = name.text();
        if (n.equals("gphase")) {
            arity(name, 1, 0, args.size(), targets.length);
            return List.of(new GPhase(args.get(0)));
        }
        GateDef def = gates.get(n);
        if (def == null) {
            int[] sig = StandardGates.signature(n);
            arity(name, sig[0], sig[1], args.size(), targets.length);
            List<Object> out = StandardGates.expand(n, args.toArray(Angle[]::new), targets);
            checkSize(out.size(), name);
            return out;
        }
        if (def.opaque()) {
            throw src.error(name, "gate '" + n + "' is opaque (declared without a body), so it cannot be simulated");
        }
        if (def.size() > MAX_OPERATIONS) {
            throw src.error(name, "gate '" + n + "' expands to more than " + MAX_OPERATIONS + " operations; "
                    + "allowed: up to " + MAX_OPERATIONS);
        }
        arity(name, def.params().size(), def.qubits().size(), args.size(), targets.length);
        Map<String, Angle> env = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            env.put(def.params().get(i), args.get(i));
        }
        Map<String, Integer> qmap = new HashMap<>();
        for (int i = 0; i < targets.length; i++) {
            qmap.put(def.qubits().get(i), targets[i]);
        }
        List<Object> out = new ArrayList<>();
        Map<String, Angle> saved = locals;
        try {
            for (Call c : def.body()) {
                locals = env;
                List<Angle> values = new ArrayList<>();
                for (Expr e : c.args()) {
                    values.add(e.eval(this));
                }
                int[] qs = new int[c.operands().size()];
                for (int i = 0; i < qs.length; i++) {
                    qs[i] = qmap.get(c.operands().get(i).name().text());
                }
                out.addAll(apply(c, values, qs)); // a defined gate it calls sees only its own parameters

                checkSize(out.size(), name);
            }
        } finally {
            locals = saved;
        }
        return out;
    }

    private void arity(Token name, int params, int qubits, int givenParams, int givenQubits) {
        if (params != givenParams) {
            throw src.error(name, "gate '" + name.text() + "' takes " + params + " parameter(s), got " + givenParams);
        }
        if (qubits != givenQubits) {
            throw src.error(name, "gate '" + name.text() + "' acts on " + qubits + " qubit(s), got " + givenQubits);
        }
    }

    /** Refuses an expansion, or the program, once it holds more than {@link #MAX_OPERATIONS} operations. */
    private void checkSize(int n, Token at) {
        if (n > MAX_OPERATIONS) {
            throw src.error(at, "the program expands to more than " + MAX_OPERATIONS + " operations; allowed: "
                    + "up to " + MAX_OPERATIONS);
        }
    }

    private QasmException unknownGate(Token name) {
        return src.error(name, "unknown gate '" + name.text() + "'; " + StandardGates.describeAvailable(version,
                includes) + (gates.isEmpty() ? "" : "; defined: " + String.join(", ", gates.keySet())));
    }

    // ---------------------------------------------------------------- expressions

    private Expr expr(int depth) {
        Expr left = term(depth);
        while (peek().is("+") || peek().is("-")) {
            Token op = next();
            left = new Expr.Bin(op, op.text().charAt(0), left, term(depth));
        }
        return left;
    }

    private Expr term(int depth) {
        Expr left = unary(depth);
        while (peek().is("*") || peek().is("/")) {
            Token op = next();
            left = new Expr.Bin(op, op.text().charAt(0), left, unary(depth));
        }
        return left;
    }

    private Expr unary(int depth) {
        if (depth > MAX_DEPTH) {
            throw src.error(peek(), "expression nested deeper than " + MAX_DEPTH + " levels");
        }
        if (peek().is("-")) {
            Token t = next();
            return new Expr.Neg(t, unary(depth + 1));
        }
        if (peek().is("+")) {
            next();
            return unary(depth + 1);
        }
        Expr base = primary(depth);
        if (peek().is("**") || peek().is("^")) {
            Token op = next();
            if (op.is("^") && version == 3) {
                throw src.error(op, "'^' is bitwise xor in OpenQASM 3; use '**' for a power");
            }
            return new Expr.Bin(op, '^', base, unary(depth + 1));
        }
        return base;
    }

    private Expr primary(int depth) {
        Token t = next();
        if (t.kind() == Token.Kind.NUMBER) {
            try {
                return new Expr.Num(t, Double.parseDouble(t.text().replace("_", "")));
            } catch (NumberFormatException e) {
                throw src.error(t, "number " + t.show() + " does not parse");
            }
        }
        if (t.is("(")) {
            Expr e = expr(depth + 1);
            expectSymbol(")");
            return e;
        }
        if (t.kind() == Token.Kind.IDENT) {
            if (peek().is("(") && Expr.Call.FUNCTIONS.contains(t.text())) {
                next();
                Expr arg = expr(depth + 1);
                expectSymbol(")");
                return new Expr.Call(t, t.text(), arg);
            }
            if (peek().is("(")) {
                throw src.error(t, "unknown function '" + t.text() + "'; allowed: sin, cos, tan, exp, ln, sqrt, "
                        + "arcsin, arccos, arctan");
            }
            if (peek().is("[")) {
                next();
                Expr index = expr(depth + 1);
                expectSymbol("]");
                return new Expr.Index(t, index);
            }
            return new Expr.Sym(t);
        }
        throw src.error(t, "unexpected " + t.show() + "; expected a number, a name or '('");
    }

    @Override
    public Angle lookup(String name) {
        Angle local = locals.get(name);
        if (local != null) {
            return local;
        }
        Angle c = constants.get(name);
        if (c != null) {
            return c;
        }
        Input in = inputs.get(name);
        if (in != null) {
            if (in.length() >= 0) {
                return null; // an array needs an index
            }
            return Angle.param(in.first());
        }
        return null;
    }

    @Override
    public Angle element(Token name, int index) {
        Input in = inputs.get(name.text());
        if (in == null || in.length() < 0 || locals.containsKey(name.text())) {
            throw src.error(name, "'" + name.text() + "' is not an input array");
        }
        if (index < 0 || index >= in.length()) {
            throw src.error(name, "index " + index + " out of range for input array '" + name.text() + "' of "
                    + in.length() + "; allowed: 0.." + (in.length() - 1));
        }
        return Angle.param(in.first() + index);
    }

    @Override
    public QasmException error(Token at, String message) {
        return src.error(at, message);
    }

    // ---------------------------------------------------------------- tokens

    private Token peek() {
        return toks.get(p);
    }

    private Token peekAt(int k) {
        return toks.get(Math.min(p + k, toks.size() - 1));
    }

    private Token next() {
        Token t = toks.get(p);
        if (t.kind() != Token.Kind.EOF) {
            p++;
        }
        return t;
    }

    private boolean accept(String symbol) {
        if (peek().is(symbol)) {
            p++;
            return true;
        }
        return false;
    }

    private void expectSymbol(String symbol) {
        Token t = peek();
        if (!t.is(symbol) || t.kind() != Token.Kind.SYMBOL) {
            throw src.error(t, "unexpected " + t.show() + "; expected '" + symbol + "'");
        }
        p++;
    }

    private Token expect(Token.Kind kind, String what) {
        Token t = peek();
        if (t.kind() != kind) {
            throw src.error(t, "unexpected " + t.show() + "; expected " + what);
        }
        p++;
        return t;
    }
}
