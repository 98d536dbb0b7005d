package org.qnnlab.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.qnnlab.sim.noise.Channel;

/**
 * A parameterized quantum circuit on {@code n} qubits: a list of {@link Operation}s whose angles are affine in the
 * trainable parameters θ ({@link #numParameters()}) and data inputs x ({@link #numInputs()}). The initial state is
 * always {@code |0…0>}; ansätze that start elsewhere (e.g. {@code |+>^n}) begin with the gates that prepare it.
 *
 * <p>Built fluently, e.g. {@code new Circuit(2).h(0).cnot(0, 1).ry(Angle.param(0), 1)}; every method validates its
 * qubits against the circuit size. A circuit is mutable while being built; {@link #inverse()} and {@link #bind}
 * return new circuits.
 *
 * <h2>Noise channels</h2>
 * {@link #channel(Channel, int...)} places a noise channel between gates. Channels are kept beside the gates, not
 * among them ({@link #channels()}, each with its position in {@link #operations()}), so everything that walks a
 * circuit's gates is unchanged; the state-vector {@link Simulator} refuses a circuit with channels, and the
 * density-matrix and trajectory simulators of {@code org.qnnlab.sim.noise} run them.
 */
public final class Circuit {

    private final int numQubits;
    private final List<Operation> ops = new ArrayList<>();
    private final List<ChannelSite> channels = new ArrayList<>();
    private int numParameters;
    private int numInputs;

    /**
     * @throws IllegalArgumentException if {@code numQubits} is outside 1..{@value StateVector#MAX_QUBITS}
     */
    public Circuit(int numQubits) {
        if (numQubits < 1 || numQubits > StateVector.MAX_QUBITS) {
            throw new IllegalArgumentException("qubit count " + numQubits + " out of range; allowed: 1.."
                    + StateVector.MAX_QUBITS);
        }
        this.numQubits = numQubits;
    }

    /** Number of qubits. */
    public int numQubits() {
        return numQubits;
    }

    /** Number of trainable parameters: one more than the largest index used or declared. */
    public int numParameters() {
        return numParameters;
    }

    /**
     * Random parameters by qnnlab's one convention: {@link #numParameters()} values uniform in {@code [0, 2π)}, drawn
     * in parameter order as {@code 2π·rng.nextDouble()} from {@code new Rng(seed)} ({@link Rng}, SplitMix64). Every
     * command's {@code --seed}, every analysis and the demo draw their random points here, so one seed names one point
     * everywhere.
     */
    public double[] randomParameters(long seed) {
        return randomAngles(numParameters(), seed);
    }

    /**
     * {@code count} angles uniform in {@code [0, 2π)} by the convention of {@link #randomParameters(long)}.
     *
     * @throws IllegalArgumentException if count is negative
     */
    public static double[] randomAngles(int count, long seed) {
        if (count < 0) {
            throw new IllegalArgumentException("count " + count + " out of range; allowed: 0 or more");
        }
        Rng rng = new Rng(seed);
        double[] theta = new double[count];
        for (int i = 0; i < count; i++) {
            theta[i] = 2 * Math.PI * rng.nextDouble();
        }
        return theta;
    }

    /** Number of data inputs: one more than the largest index used or declared. */
    public int numInputs() {
        return numInputs;
    }

    /** The operations in application order (unmodifiable view). */
    public List<Operation> operations() {
        return Collections.unmodifiableList(ops);
    }

    /** Number of operations. */
    public int size() {
        return ops.size();
    }

    /**
     * A noise channel placed in a circuit: applied on {@code qubits} (the channel's first matrix qubit first) after the
     * first {@code position} operations of {@link #operations()} and after the channels placed there before it.
     *
     * @param position the number of gate operations before the channel
     * @param channel the channel
     * @param qubits its qubits, one per channel qubit
     */
    public record ChannelSite(int position, Channel channel, int[] qubits) {
        /** Copies the qubits. */
        public ChannelSite {
            qubits = qubits.clone();
        }

        @Override
        public int[] qubits() {
            return qubits.clone();
        }

        /** E.g. {@code depolarizing(0.01) q3}. */
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(channel.name()).append(' ');
            for (int i = 0; i < qubits.length; i++) {
                sb.append(i == 0 ? "q" : ",q").append(qubits[i]);
            }
            return sb.toString();
        }
    }

    /**
     * Places {@code channel} on {@code qubits} after the operations added so far (one qubit per channel qubit, the
     * first listed the most significant index bit of its Kraus matrices).
     *
     * @throws IllegalArgumentException if the qubit count does not match the channel, a qubit repeats or is outside
     *     0..n−1
     */
    public Circuit channel(Channel channel, int... qubits) {
        java.util.Objects.requireNonNull(channel, "channel");
        if (qubits.length != channel.numQubits()) {
            throw new IllegalArgumentException("channel " + channel.name() + " acts on " + channel.numQubits()
                    + " qubit(s), got " + qubits.length + " " + java.util.Arrays.toString(qubits));
        }
        long seen = 0;
        for (int q : qubits) {
            if (q < 0 || q >= numQubits) {
                throw new IllegalArgumentException("qubit " + q + " of channel " + channel.name()
                        + " out of range for a " + numQubits + "-qubit circuit; allowed: 0.." + (numQubits - 1));
            }
            if ((seen & (1L << q)) != 0) {
                throw new IllegalArgumentException("qubit " + q + " appears twice in channel " + channel.name()
                        + "; allowed: distinct qubits");
            }
            seen |= 1L << q;
        }
        channels.add(new ChannelSite(ops.size(), channel, qubits));
        return this;
    }

    /** The noise channels in application order, each with its position among the operations (unmodifiable). */
    public List<ChannelSite> channels() {
        return Collections.unmodifiableList(channels);
    }

    /** True when the circuit holds at least one noise channel. */
    public boolean hasChannels() {
        return !channels.isEmpty();
    }

    /** Allocates the next trainable parameter and returns it as an angle {@code θ_j}. */
    public Angle newParameter() {
        return Angle.param(numParameters++);
    }

    /** Allocates the next data input and returns it as an angle {@code x_k}. */
    public Angle newInput() {
        return Angle.input(numInputs++);
    }

    /** Declares at least {@code count} parameters (e.g. for parameters not yet used by a gate). */
    public Circuit declareParameters(int count) {
        numParameters = Math.max(numParameters, count);
        return this;
    }

    /** Declares at least {@code count} data inputs. */
    public Circuit declareInputs(int count) {
        numInputs = Math.max(numInputs, count);
        return this;
    }

    /**
     * Appends an operation after checking its qubits against this circuit.
     *
     * @throws IllegalArgumentException if a qubit is outside 0..n−1
     */
    public Circuit append(Operation op) {
        for (int q : op.allQubits()) {
            if (q >= numQubits) {
                throw new IllegalArgumentException("qubit " + q + " in " + op + " out of range for a " + numQubits
                        + "-qubit circuit; allowed: 0.." + (numQubits - 1));
            }
        }
        ops.add(op);
        for (Angle a : op.angles()) {
            numParameters = Math.max(numParameters, a.maxParameter() + 1);
            numInputs = Math.max(numInputs, a.maxInput() + 1);
        }
        return this;
    }

    /** Appends every operation of {@code other} (which must not have more qubits). */
    public Circuit append(Circuit other) {
        if (other.numQubits > numQubits) {
            throw new IllegalArgumentException("cannot append a " + other.numQubits + "-qubit circuit to a "
                    + numQubits + "-qubit circuit");
        }
        appendInterleaved(other, other.ops);
        declareParameters(other.numParameters);
        declareInputs(other.numInputs);
        return this;
    }

    /**
     * Appends {@code ops} (the operations of {@code source}, possibly rewritten one for one) with {@code source}'s
     * channels at their positions.
     */
    private void appendInterleaved(Circuit source, List<Operation> ops) {
        int c = 0;
        List<ChannelSite> sites = source.channels;
        for (int i = 0; i <= ops.size(); i++) {
            for (; c < sites.size() && sites.get(c).position() == i; c++) {
                channel(sites.get(c).channel(), sites.get(c).qubits);
            }
            if (i < ops.size()) {
                append(ops.get(i));
            }
        }
    }

    /** Appends {@code gate} on {@code targets} with the given angles and no controls. */
    public Circuit add(Gate gate, int[] targets, Angle... angles) {
        return append(new Operation(gate, targets, new int[0], angles));
    }

    /** Appends {@code gate} on {@code targets} under {@code controls} with the given angles. */
    public Circuit controlled(Gate gate, int[] controls, int[] targets, Angle... angles) {
        return append(new Operation(gate, targets, controls, angles));
    }

    /** Appends a fixed gate. */
    public Circuit gate(Gate gate, int... targets) {
        return add(gate, targets);
    }

    // ---- fixed single-qubit gates

    /** Hadamard on {@code q}. */
    public Circuit h(int q) {
        return gate(Gates.H, q);
    }

    /** Pauli X on {@code q}. */
    public Circuit x(int q) {
        return gate(Gates.X, q);
    }

    /** Pauli Y on {@code q}. */
    public Circuit y(int q) {
        return gate(Gates.Y, q);
    }

    /** Pauli Z on {@code q}. */
    public Circuit z(int q) {
        return gate(Gates.Z, q);
    }

    /** S on {@code q}. */
    public Circuit s(int q) {
        return gate(Gates.S, q);
    }

    /** S† on {@code q}. */
    public Circuit sdg(int q) {
        return gate(Gates.SDG, q);
    }

    /** T on {@code q}. */
    public Circuit t(int q) {
        return gate(Gates.T, q);
    }

    /** T† on {@code q}. */
    public Circuit tdg(int q) {
        return gate(Gates.TDG, q);
    }

    /** √X on {@code q}. */
    public Circuit sx(int q) {
        return gate(Gates.SX, q);
    }

    // ---- rotations

    /** RX(a) on {@code q}. */
    public Circuit rx(Angle a, int q) {
        return add(Gates.RX, new int[] {q}, a);
    }

    /** RY(a) on {@code q}. */
    public Circuit ry(Angle a, int q) {
        return add(Gates.RY, new int[] {q}, a);
    }

    /** RZ(a) on {@code q}. */
    public Circuit rz(Angle a, int q) {
        return add(Gates.RZ, new int[] {q}, a);
    }

    /** PhaseShift(a) = diag(1, e^{ia}) on {@code q}. */
    public Circuit phase(Angle a, int q) {
        return add(Gates.PHASE, new int[] {q}, a);
    }

    /** U3(θ, φ, λ) on {@code q}. */
    public Circuit u3(Angle theta, Angle phi, Angle lambda, int q) {
        return add(Gates.U3, new int[] {q}, theta, phi, lambda);
    }

    /** RX by a constant angle. */
    public Circuit rx(double radians, int q) {
        return rx(Angle.constant(radians), q);
    }

    /** RY by a constant angle. */
    public Circuit ry(double radians, int q) {
        return ry(Angle.constant(radians), q);
    }

    /** RZ by a constant angle. */
    public Circuit rz(double radians, int q) {
        return rz(Angle.constant(radians), q);
    }

    // ---- two-qubit gates

    /** CNOT with control {@code c}, target {@code t}. */
    public Circuit cnot(int c, int t) {
        return controlled(Gates.X, new int[] {c}, new int[] {t});
    }

    /** CZ on {@code a}, {@code b} (symmetric). */
    public Circuit cz(int a, int b) {
        return controlled(Gates.Z, new int[] {a}, new int[] {b});
    }

    /** SWAP of {@code a} and {@code b}. */
    public Circuit swap(int a, int b) {
        return gate(Gates.SWAP, a, b);
    }

    /** iSWAP of {@code a} and {@code b}. */
    public Circuit iswap(int a, int b) {
        return gate(Gates.ISWAP, a, b);
    }

    /** Controlled RX. */
    public Circuit crx(Angle a, int c, int t) {
        return controlled(Gates.RX, new int[] {c}, new int[] {t}, a);
    }

    /** Controlled RY. */
    public Circuit cry(Angle a, int c, int t) {
        return controlled(Gates.RY, new int[] {c}, new int[] {t}, a);
    }

    /** Controlled RZ. */
    public Circuit crz(Angle a, int c, int t) {
        return controlled(Gates.RZ, new int[] {c}, new int[] {t}, a);
    }

    /** CPhase(a) = diag(1, 1, 1, e^{ia}). */
    public Circuit cphase(Angle a, int c, int t) {
        return controlled(Gates.PHASE, new int[] {c}, new int[] {t}, a);
    }

    /** RXX(a) = exp(−ia X⊗X/2). */
    public Circuit rxx(Angle a, int q0, int q1) {
        return add(Gates.RXX, new int[] {q0, q1}, a);
    }

    /** RYY(a) = exp(−ia Y⊗Y/2). */
    public Circuit ryy(Angle a, int q0, int q1) {
        return add(Gates.RYY, new int[] {q0, q1}, a);
    }

    /** RZZ(a) = exp(−ia Z⊗Z/2). */
    public Circuit rzz(Angle a, int q0, int q1) {
        return add(Gates.RZZ, new int[] {q0, q1}, a);
    }

    /**
     * {@code exp(−ia/2·P)} for the Pauli word {@code word} (e.g. {@code "XYZ"}) on {@code qubits} (one per letter,
     * first letter on the first qubit).
     */
    public Circuit pauliRotation(Angle a, String word, int... qubits) {
        return add(Gates.pauliRotation(word), qubits, a);
    }

    /** A fixed user unitary (checked, see {@link Gates#unitary}) on {@code qubits}, first qubit most significant. */
    public Circuit unitary(double[] matrix, int... qubits) {
        return gate(Gates.unitary("unitary", matrix), qubits);
    }

    /**
     * This circuit applied {@code times} times in a row, each repetition with its own parameters: repetition r uses
     * {@code θ_{r·M} … θ_{r·M+M−1}} where this circuit uses {@code θ_0 … θ_{M−1}} ({@code M = numParameters()}), so
     * a circuit read from a file serves as one layer of a deeper ansatz. Data inputs are shared by all repetitions.
     *
     * @throws IllegalArgumentException if {@code times} is below 1 or the result would exceed 10^7 operations
     */
    public Circuit repeated(int times) {
        if (times < 1 || (long) times * Math.max(1, ops.size()) > 10_000_000L) {
            throw new IllegalArgumentException("repetitions " + times + " out of range for a circuit of "
                    + ops.size() + " operations; allowed: 1.." + Math.max(1, 10_000_000 / Math.max(1, ops.size())));
        }
        Circuit r = new Circuit(numQubits);
        for (int t = 0; t < times; t++) {
            int offset = t * numParameters;
            List<Operation> shifted = new ArrayList<>(ops.size());
            for (Operation op : ops) {
                Angle[] a = op.angles().clone();
                for (int i = 0; i < a.length; i++) {
                    a[i] = a[i].shiftParameters(offset);
                }
                shifted.add(new Operation(op.gate(), op.targets(), op.controls(), a));
            }
            r.appendInterleaved(this, shifted);
        }
        r.declareParameters(times * numParameters);
        r.declareInputs(numInputs);
        return r;
    }

    /**
     * The inverse circuit {@code U†}: operations reversed, each replaced by its inverse. Angles stay affine
     * expressions of the same parameters, so the inverse is still trainable.
     *
     * @throws IllegalStateException if the circuit holds noise channels (a channel has no inverse)
     */
    public Circuit inverse() {
        if (!channels.isEmpty()) {
            throw new IllegalStateException("a circuit with noise channels has no inverse (first: "
                    + channels.get(0) + " after operation " + channels.get(0).position() + ")");
        }
        Circuit inv = new Circuit(numQubits);
        for (int i = ops.size() - 1; i >= 0; i--) {
            inv.append(ops.get(i).inverse());
        }
        inv.declareParameters(numParameters);
        inv.declareInputs(numInputs);
        return inv;
    }

    /**
     * Substitutes values for all parameters and inputs: the result has constant angles only.
     *
     * @throws IllegalArgumentException on a length mismatch or a non-finite value
     */
    public Circuit bind(double[] theta, double[] x) {
        checkBinding(theta, x);
        Circuit b = new Circuit(numQubits);
        List<Operation> bound = new ArrayList<>(ops.size());
        for (Operation op : ops) {
            double[] v = op.angleValues(theta, x);
            Angle[] a = new Angle[v.length];
            for (int i = 0; i < v.length; i++) {
                a[i] = Angle.constant(v[i]);
            }
            bound.add(new Operation(op.gate(), op.targets(), op.controls(), a));
        }
        b.appendInterleaved(this, bound);
        return b;
    }

    /**
     * Checks that θ and x have exactly {@link #numParameters()} and {@link #numInputs()} finite entries.
     *
     * @throws IllegalArgumentException naming the expected and given counts or the bad value
     */
    public void checkBinding(double[] theta, double[] x) {
        check(theta, numParameters, "parameter");
        check(x, numInputs, "input");
    }

    private static void check(double[] values, int expected, String what) {
        int given = values == null ? 0 : values.length;
        if (given != expected) {
            throw new IllegalArgumentException("circuit has " + expected + " " + what + (expected == 1 ? "" : "s")
                    + " but " + given + " value" + (given == 1 ? " was" : "s were") + " given");
        }
        for (int i = 0; i < given; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(what + " " + i + " is " + values[i] + "; allowed: finite numbers");
            }
        }
    }

    /** One operation per line, preceded by a summary line. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Circuit[" + numQubits + " qubits, " + ops.size() + " ops, "
                + (channels.isEmpty() ? "" : channels.size() + " channels, ")
                + numParameters + " params, " + numInputs + " inputs]");
        int c = 0;
        for (int i = 0; i <= ops.size(); i++) {
            for (; c < channels.size() && channels.get(c).position() == i; c++) {
                sb.append("\n  ").append(channels.get(c));
            }
            if (i < ops.size()) {
                sb.append("\n  ").append(ops.get(i));
            }
        }
        return sb.toString();
    }
}
