package org.qnnlab.sim.noise;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.random.RandomGenerator;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.NumberSyntax;
import org.qnnlab.sim.Operation;

/**
 * Where noise goes in a circuit: rules "after every gate of a kind, on given qubits, apply this channel", plus
 * readout errors on sampled bits. Immutable; {@link #apply(Circuit)} returns the circuit with the channels placed
 * ({@link Circuit#channel}), which the density-matrix and trajectory simulators run.
 *
 * <h2>Rules</h2>
 * A rule selects gates by kind ({@link GateKind}: every gate, the 1-qubit gates, the 2-qubit gates, or gates by name)
 * and qubits (a set, or all). A gate's size counts targets and controls (CNOT is a 2-qubit gate); its name in rules
 * is its OpenQASM name with one {@code c} per control ({@code rx}, {@code cx}, {@code cz}, {@code ccx}, {@code crz};
 * {@code cnot} is accepted for {@code cx}). After a selected gate:
 * <ul>
 *   <li>a 1-qubit channel is applied on each of the gate's qubits that the rule covers, controls first, then
 *       targets;</li>
 *   <li>a 2-qubit channel is applied on the gate's two qubits (control first for a controlled gate, else the target
 *       order) when the rule covers both; after a gate of another size it is refused.</li>
 * </ul>
 * Rules apply in the order they were added.
 *
 * <h2>Text form</h2>
 * {@link #parse(String)} is the one home of the syntax (for a CLI {@code --noise} option and YAML):
 * {@code NAME:ARGS[@gates=KIND][@qubits=LIST]}, e.g. {@code depolarizing:0.01}, {@code amplitude_damping:0.05},
 * {@code depolarizing2:0.02}, {@code thermal:50,70,0.1} (T1, T2, gate time), {@code readout:0.02,0.05}
 * (p(1|0), p(0|1)), {@code phase_flip:0.01@gates=rx,ry@qubits=0,2}. KIND is {@code all}, {@code 1q}, {@code 2q} or
 * a comma list of gate names; without it a 1-qubit channel follows every gate and a 2-qubit channel every 2-qubit
 * gate. Numbers follow {@link NumberSyntax}.
 */
public final class NoiseModel {

    /** The channel names {@link #parse} accepts, with their arguments. */
    public static final List<String> SPEC_NAMES = List.of("depolarizing:p", "depolarizing2:p", "bit_flip:p",
            "phase_flip:p", "bit_phase_flip:p", "pauli:pX,pY,pZ", "amplitude_damping:γ", "phase_damping:λ",
            "generalized_amplitude_damping:p,γ", "thermal:T1,T2,gateTime", "readout:p(1|0),p(0|1)");

    /** Which gates a rule follows. */
    public record GateKind(Arity arity, Set<String> names) {

        /** Gate size selectors. */
        public enum Arity {
            /** Every gate. */
            ANY,
            /** Gates on one qubit (targets plus controls). */
            ONE,
            /** Gates on two qubits (targets plus controls). */
            TWO
        }

        /** Every gate. */
        public static final GateKind ALL = new GateKind(Arity.ANY, Set.of());
        /** Every 1-qubit gate. */
        public static final GateKind ONE_QUBIT = new GateKind(Arity.ONE, Set.of());
        /** Every 2-qubit gate (CNOT, CZ, RZZ, …). */
        public static final GateKind TWO_QUBIT = new GateKind(Arity.TWO, Set.of());

        /** Copies the names (lower case; {@code cnot} becomes {@code cx}). */
        public GateKind {
            Set<String> normalized = new TreeSet<>();
            for (String n : names) {
                String s = n.strip().toLowerCase(Locale.ROOT);
                normalized.add(s.equals("cnot") ? "cx" : s);
            }
            names = Set.copyOf(normalized);
        }

        /** The gates named (e.g. {@code "rx"}, {@code "cz"}), of any size. */
        public static GateKind named(String... names) {
            return new GateKind(Arity.ANY, Set.of(names));
        }

        /** Whether a rule of this kind follows {@code op}. */
        public boolean matches(Operation op) {
            int size = op.allQubits().length;
            boolean sizeOk = switch (arity) {
                case ANY -> true;
                case ONE -> size == 1;
                case TWO -> size == 2;
            };
            return sizeOk && (names.isEmpty() || names.contains(nameOf(op)));
        }

        @Override
        public String toString() {
            if (!names.isEmpty()) {
                return String.join(",", names);
            }
            return switch (arity) {
                case ANY -> "all";
                case ONE -> "1q";
                case TWO -> "2q";
            };
        }
    }

    /**
     * One rule: {@code channel} after every gate of {@code kind}, on {@code qubits} (empty: all qubits).
     *
     * @param channel the channel
     * @param kind the gates it follows
     * @param qubits the qubits it covers, ascending and distinct; empty for all
     */
    public record Rule(Channel channel, GateKind kind, int[] qubits) {
        /** Copies, sorts and checks the qubits. */
        public Rule {
            java.util.Objects.requireNonNull(channel, "channel");
            java.util.Objects.requireNonNull(kind, "kind");
            qubits = sortedDistinct(qubits, "noise rule " + channel.name());
        }

        @Override
        public int[] qubits() {
            return qubits.clone();
        }

        boolean covers(int q) {
            return qubits.length == 0 || Arrays.binarySearch(qubits, q) >= 0;
        }

        @Override
        public String toString() {
            return channel.name() + " after " + kind + (qubits.length == 0 ? "" : " on " + Arrays.toString(qubits));
        }
    }

    private static final NoiseModel NONE = new NoiseModel(List.of(), new ReadoutError[0], ReadoutError.NONE);

    private final List<Rule> rules;
    /** Per-qubit readout errors (index = qubit), overriding {@link #readoutAll} where not null. */
    private final ReadoutError[] readout;
    private final ReadoutError readoutAll;

    private NoiseModel(List<Rule> rules, ReadoutError[] readout, ReadoutError readoutAll) {
        this.rules = List.copyOf(rules);
        this.readout = readout;
        this.readoutAll = readoutAll;
    }

    /** The noiseless model. */
    public static NoiseModel none() {
        return NONE;
    }

    /** This model with {@code channel} after every gate of {@code kind} on every qubit. */
    public NoiseModel after(GateKind kind, Channel channel) {
        return after(kind, channel, new int[0]);
    }

    /**
     * This model with {@code channel} after every gate of {@code kind} on {@code qubits} (none listed: all).
     *
     * @throws IllegalArgumentException if a qubit is negative or repeated
     */
    public NoiseModel after(GateKind kind, Channel channel, int... qubits) {
        List<Rule> r = new ArrayList<>(rules);
        r.add(new Rule(channel, kind, qubits));
        return new NoiseModel(r, readout, readoutAll);
    }

    /**
     * This model with readout error {@code error} on {@code qubits} (none listed: every qubit not given its own).
     *
     * @throws IllegalArgumentException if a qubit is negative, repeated or above 62
     */
    public NoiseModel withReadout(ReadoutError error, int... qubits) {
        java.util.Objects.requireNonNull(error, "error");
        int[] qs = sortedDistinct(qubits, "readout error");
        if (qs.length == 0) {
            return new NoiseModel(rules, readout, error);
        }
        ReadoutError[] r = Arrays.copyOf(readout, Math.max(readout.length, qs[qs.length - 1] + 1));
        for (int q : qs) {
            r[q] = error;
        }
        return new NoiseModel(rules, r, readoutAll);
    }

    /** This model's rules followed by {@code other}'s; {@code other}'s readout errors win where both set one. */
    public NoiseModel plus(NoiseModel other) {
        List<Rule> r = new ArrayList<>(rules);
        r.addAll(other.rules);
        ReadoutError[] ro = Arrays.copyOf(readout, Math.max(readout.length, other.readout.length));
        for (int q = 0; q < other.readout.length; q++) {
            if (other.readout[q] != null) {
                ro[q] = other.readout[q];
            }
        }
        ReadoutError all = other.readoutAll.isNone() ? readoutAll : other.readoutAll;
        if (!other.readoutAll.isNone()) { // a later "all qubits" setting replaces earlier per-qubit ones of this model
            for (int q = 0; q < readout.length && q < ro.length; q++) {
                if (q >= other.readout.length || other.readout[q] == null) {
                    ro[q] = null;
                }
            }
        }
        return new NoiseModel(r, ro, all);
    }

    /** The rules in application order. */
    public List<Rule> rules() {
        return rules;
    }

    /** The readout error on qubit {@code q} ({@link ReadoutError#NONE} if none). */
    public ReadoutError readout(int q) {
        ReadoutError e = q < readout.length ? readout[q] : null;
        return e != null ? e : readoutAll;
    }

    /** True when some qubit has a readout error. */
    public boolean hasReadoutError() {
        if (!readoutAll.isNone()) {
            return true;
        }
        for (ReadoutError e : readout) {
            if (e != null && !e.isNone()) {
                return true;
            }
        }
        return false;
    }

    /** True when the model has no rule and no readout error. */
    public boolean isNoiseless() {
        return rules.isEmpty() && !hasReadoutError();
    }

    /**
     * The circuit with this model's channels placed after the gates they follow (and the circuit's own channels
     * kept where they were); the same circuit object when there are no rules.
     *
     * @throws IllegalArgumentException if a rule or readout error names a qubit the circuit does not have, or a
     *     2-qubit channel follows a gate that is not on two qubits
     */
    public Circuit apply(Circuit circuit) {
        int n = circuit.numQubits();
        checkQubits(n);
        if (rules.isEmpty()) {
            return circuit;
        }
        Circuit out = new Circuit(n);
        List<Operation> ops = circuit.operations();
        List<Circuit.ChannelSite> sites = circuit.channels();
        int c = 0;
        for (int i = 0; i <= ops.size(); i++) {
            for (; c < sites.size() && sites.get(c).position() == i; c++) {
                out.channel(sites.get(c).channel(), sites.get(c).qubits());
            }
            if (i == ops.size()) {
                break;
            }
            Operation op = ops.get(i);
            out.append(op);
            for (Rule rule : rules) {
                if (rule.kind().matches(op)) {
                    place(rule, op, out);
                }
            }
        }
        out.declareParameters(circuit.numParameters());
        out.declareInputs(circuit.numInputs());
        return out;
    }

    /**
     * Refuses a model that names qubits a circuit of {@code numQubits} qubits does not have.
     *
     * @throws IllegalArgumentException naming the rule and the qubit
     */
    public void checkQubits(int numQubits) {
        for (Rule rule : rules) {
            int[] qs = rule.qubits;
            if (qs.length > 0 && qs[qs.length - 1] >= numQubits) {
                throw new IllegalArgumentException("noise rule " + rule + " names qubit " + qs[qs.length - 1]
                        + " but the circuit has " + numQubits + " qubit" + (numQubits == 1 ? "" : "s")
                        + "; allowed: 0.." + (numQubits - 1));
            }
        }
        for (int q = numQubits; q < readout.length; q++) {
            if (readout[q] != null) {
                throw new IllegalArgumentException("readout error " + readout[q] + " names qubit " + q
                        + " but the circuit has " + numQubits + " qubit" + (numQubits == 1 ? "" : "s")
                        + "; allowed: 0.." + (numQubits - 1));
            }
        }
    }

    private static void place(Rule rule, Operation op, Circuit out) {
        int[] qubits = orderedQubits(op);
        Channel ch = rule.channel();
        if (ch.numQubits() == 1) {
            for (int q : qubits) {
                if (rule.covers(q)) {
                    out.channel(ch, q);
                }
            }
            return;
        }
        if (qubits.length != ch.numQubits()) {
            throw new IllegalArgumentException("noise rule " + rule + " puts a " + ch.numQubits()
                    + "-qubit channel after " + op + ", a " + qubits.length + "-qubit gate; allowed: gates on "
                    + ch.numQubits() + " qubits (select them with @gates=2q or by name)");
        }
        for (int q : qubits) {
            if (!rule.covers(q)) {
                return;
            }
        }
        out.channel(ch, qubits);
    }

    /** Controls first, then targets: the textbook order of a controlled gate's matrix. */
    private static int[] orderedQubits(Operation op) {
        int[] c = op.controls();
        int[] t = op.targets();
        int[] all = Arrays.copyOf(c, c.length + t.length);
        System.arraycopy(t, 0, all, c.length, t.length);
        return all;
    }

    /** A gate's name in rules: its gate name after one {@code c} per control. */
    static String nameOf(Operation op) {
        return "c".repeat(op.controls().length) + op.gate().name().toLowerCase(Locale.ROOT);
    }

    /**
     * {@code outcomes} (basis indices of {@code numQubits} qubits) with every bit passed through its qubit's readout
     * error, drawing one uniform per shot and noisy qubit (in qubit order) from {@code rng}; a new array.
     */
    public long[] applyReadout(long[] outcomes, int numQubits, RandomGenerator rng) {
        checkQubits(numQubits);
        long[] out = outcomes.clone();
        if (!hasReadoutError()) {
            return out;
        }
        ReadoutError[] perQubit = new ReadoutError[numQubits];
        for (int q = 0; q < numQubits; q++) {
            perQubit[q] = readout(q);
        }
        for (int s = 0; s < out.length; s++) {
            long b = out[s];
            for (int q = 0; q < numQubits; q++) {
                if (!perQubit[q].isNone()) {
                    int bit = (int) (b >>> q & 1);
                    int read = perQubit[q].read(bit, rng);
                    b = (b & ~(1L << q)) | ((long) read << q);
                }
            }
            out[s] = b;
        }
        return out;
    }

    // ---- text form

    /**
     * A model from several specs (each as in {@link #parse(String)}), rules in the given order.
     *
     * @throws IllegalArgumentException as {@link #parse(String)}, naming the spec
     */
    public static NoiseModel parse(List<String> specs) {
        NoiseModel m = none();
        for (String s : specs) {
            m = m.plus(parse(s));
        }
        return m;
    }

    /**
     * A model of one rule or readout error from text such as {@code depolarizing:0.01},
     * {@code thermal:50,70,0.1@gates=1q} or {@code readout:0.02,0.05@qubits=0} (see the class comment).
     *
     * @throws IllegalArgumentException in one line naming the bad token and what is allowed
     */
    public static NoiseModel parse(String spec) {
        String text = spec.strip();
        String[] parts = text.split("@", -1);
        String head = parts[0].strip();
        int colon = head.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("noise spec '" + spec + "': no ':'; allowed: NAME:ARGS"
                    + "[@gates=KIND][@qubits=LIST] with NAME:ARGS one of " + String.join(", ", SPEC_NAMES));
        }
        String name = head.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        String[] args = head.substring(colon + 1).split(",", -1);
        GateKind kind = null;
        int[] qubits = new int[0];
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            int eq = p.indexOf('=');
            String key = eq < 0 ? p : p.substring(0, eq).strip();
            String value = eq < 0 ? "" : p.substring(eq + 1).strip();
            if (!key.equals("gates") && !key.equals("qubits")) {
                throw new IllegalArgumentException("noise spec '" + spec + "': '@" + p
                        + "' is not an option; allowed: @gates=all|1q|2q|NAME,… and @qubits=LIST");
            }
            if (value.isEmpty()) {
                throw new IllegalArgumentException("noise spec '" + spec + "': '@" + p + "' has no value; allowed: @"
                        + key + "=" + (key.equals("gates") ? "all|1q|2q|NAME,…" : "Q,Q,…"));
            }
            if (key.equals("gates")) {
                kind = parseKind(value, spec);
            } else {
                qubits = parseQubits(value, spec);
            }
        }
        if (name.equals("readout")) {
            double[] a = numbers(name, args, 2, spec);
            if (kind != null) {
                throw new IllegalArgumentException("noise spec '" + spec + "': readout errors act on measurements, "
                        + "not after gates; allowed: @qubits=LIST only");
            }
            return none().withReadout(new ReadoutError(a[0], a[1]), qubits);
        }
        Channel channel = switch (name) {
            case "depolarizing" -> Channel.depolarizing(numbers(name, args, 1, spec)[0]);
            case "depolarizing2" -> Channel.depolarizing2(numbers(name, args, 1, spec)[0]);
            case "bit_flip" -> Channel.bitFlip(numbers(name, args, 1, spec)[0]);
            case "phase_flip" -> Channel.phaseFlip(numbers(name, args, 1, spec)[0]);
            case "bit_phase_flip" -> Channel.bitPhaseFlip(numbers(name, args, 1, spec)[0]);
            case "pauli" -> {
                double[] a = numbers(name, args, 3, spec);
                yield Channel.pauli(a[0], a[1], a[2]);
            }
            case "amplitude_damping" -> Channel.amplitudeDamping(numbers(name, args, 1, spec)[0]);
            case "phase_damping" -> Channel.phaseDamping(numbers(name, args, 1, spec)[0]);
            case "generalized_amplitude_damping" -> {
                double[] a = numbers(name, args, 2, spec);
                yield Channel.generalizedAmplitudeDamping(a[0], a[1]);
            }
            case "thermal" -> {
                double[] a = numbers(name, args, 3, spec);
                yield Channel.thermalRelaxation(a[0], a[1], a[2]);
            }
            default -> throw new IllegalArgumentException("noise spec '" + spec + "': unknown channel '" + name
                    + "'; allowed: " + String.join(", ", SPEC_NAMES));
        };
        if (kind == null) {
            kind = channel.numQubits() == 1 ? GateKind.ALL : GateKind.TWO_QUBIT;
        }
        return none().after(kind, channel, qubits);
    }

    private static double[] numbers(String name, String[] args, int count, String spec) {
        if (args.length != count) {
            throw new IllegalArgumentException("noise spec '" + spec + "': " + name + " takes " + count
                    + " number" + (count == 1 ? "" : "s") + ", got " + args.length + "; allowed: "
                    + SPEC_NAMES.stream().filter(s -> s.startsWith(name + ":")).findFirst().orElse(name));
        }
        double[] v = new double[count];
        for (int i = 0; i < count; i++) {
            v[i] = NumberSyntax.parse(args[i], "noise spec '" + spec + "': " + name + " argument");
        }
        return v;
    }

    private static GateKind parseKind(String value, String spec) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "all":
                return GateKind.ALL;
            case "1q":
                return GateKind.ONE_QUBIT;
            case "2q":
                return GateKind.TWO_QUBIT;
            default:
                break;
        }
        List<String> names = new ArrayList<>();
        for (String n : value.split(",", -1)) {
            String s = n.strip();
            if (!s.matches("[A-Za-z][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("noise spec '" + spec + "': gate name '" + s + "' is not a "
                        + "name; allowed: all, 1q, 2q or gate names such as rx,cz,cx");
            }
            names.add(s);
        }
        return new GateKind(GateKind.Arity.ANY, Set.copyOf(names));
    }

    private static int[] parseQubits(String value, String spec) {
        String[] items = value.split(",", -1);
        int[] qs = new int[items.length];
        for (int i = 0; i < items.length; i++) {
            String s = items[i].strip();
            if (!s.matches("[0-9]{1,2}")) {
                throw new IllegalArgumentException("noise spec '" + spec + "': qubit '" + s + "' is not a qubit "
                        + "index; allowed: 0..62");
            }
            qs[i] = Integer.parseInt(s);
        }
        return qs;
    }

    private static int[] sortedDistinct(int[] qubits, String what) {
        int[] qs = qubits.clone();
        Arrays.sort(qs);
        for (int i = 0; i < qs.length; i++) {
            if (qs[i] < 0 || qs[i] > 62) {
                throw new IllegalArgumentException(what + " names qubit " + qs[i] + "; allowed: 0..62");
            }
            if (i > 0 && qs[i] == qs[i - 1]) {
                throw new IllegalArgumentException(what + " names qubit " + qs[i] + " twice; allowed: distinct "
                        + "qubits");
            }
        }
        return qs;
    }

    /** The rules and readout errors, one per line. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("NoiseModel[");
        for (Rule r : rules) {
            sb.append("\n  ").append(r);
        }
        if (!readoutAll.isNone()) {
            sb.append("\n  ").append(readoutAll).append(" on every qubit");
        }
        for (int q = 0; q < readout.length; q++) {
            if (readout[q] != null) {
                sb.append("\n  ").append(readout[q]).append(" on q").append(q);
            }
        }
        return sb.append(rules.isEmpty() && !hasReadoutError() ? "]" : "\n]").toString();
    }
}
