package org.qnnlab.analysis.ensemble;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Boundary;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.qasm.Qasm;

/**
 * A circuit as a job ships it: the recipe the driver built it from, rebuilt on each executor.
 * <ul>
 *   <li>{@link #ansatz}: an ansatz by name, qubits, layers and boundary ({@link Ansatz#byName}): the same
 *       operations, so the same bits.</li>
 *   <li>{@link #qasm}: OpenQASM text as read from a file, repeated {@code layers} times ({@link Circuit#repeated}),
 *       as {@code --circuit FILE --layers L} builds it: the same operations, so the same bits.</li>
 *   <li>{@link #of}: any circuit, written as OpenQASM 3 ({@link Qasm#toQasm3}) when first serialized. Reading it back
 *       gives the same state and parameter order, but not always the same operations: gates outside
 *       {@code stdgates.inc} (the HVAs' Pauli-string rotations {@code rzz}) are written as {@code gate} definitions
 *       and come back decomposed ({@code cx; rz; cx}), equal only to rounding. Use the other two forms where results
 *       must be bit-identical across engines.</li>
 * </ul>
 * In the JVM that made a spec, {@link #circuit()} is the circuit built there, so the local engine pays no round trip.
 */
public final class CircuitSpec implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String ansatz;
    private final int qubits;
    private final int layers;
    private final Boundary boundary;
    private final String source;
    private String qasm;
    private transient Circuit circuit;

    private CircuitSpec(String ansatz, int layers, Boundary boundary, String source, String qasm, Circuit circuit) {
        this.ansatz = ansatz;
        this.qubits = circuit.numQubits();
        this.layers = layers;
        this.boundary = boundary;
        this.source = source;
        this.qasm = qasm;
        this.circuit = circuit;
    }

    /**
     * Ships {@link Ansatz#byName Ansatz.byName(name, qubits, layers, boundary)} by its name; built here first, so a
     * bad name or size fails on the driver.
     *
     * @throws IllegalArgumentException as {@link Ansatz#byName}
     */
    public static CircuitSpec ansatz(String name, int qubits, int layers, Boundary boundary) {
        Objects.requireNonNull(boundary, "boundary");
        return new CircuitSpec(name, layers, boundary, null, null, Ansatz.byName(name, qubits, layers, boundary));
    }

    /**
     * Ships OpenQASM text repeated {@code layers} times: {@link Qasm#parse Qasm.parse(text, source)}{@code
     * .circuit().repeated(layers)}, parsed here first, so bad text fails on the driver.
     *
     * @param source the name parse errors give (the file name)
     * @throws org.qnnlab.sim.qasm.QasmException for text that does not parse
     * @throws IllegalArgumentException for a layer count {@link Circuit#repeated} refuses
     */
    public static CircuitSpec qasm(String text, String source, int layers) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(source, "source");
        return new CircuitSpec(null, layers, null, source, text, Qasm.parse(text, source).circuit().repeated(layers));
    }

    /**
     * Ships {@code circuit} as OpenQASM 3, written on first serialization (a local run never writes it): the same
     * state, the same bits only where every operation is a standard gate (see the class comment).
     *
     * @throws IllegalArgumentException on serialization, for an operation OpenQASM 3 cannot express
     */
    public static CircuitSpec of(Circuit circuit) {
        return new CircuitSpec(null, 1, null, null, null, Objects.requireNonNull(circuit, "circuit"));
    }

    /** The circuit: the one built in the JVM that made the spec, else rebuilt from what was shipped. */
    public synchronized Circuit circuit() {
        if (circuit == null) {
            circuit = ansatz != null ? Ansatz.byName(ansatz, qubits, layers, boundary)
                    : Qasm.parse(qasm, source != null ? source : "<shipped circuit>").circuit().repeated(layers);
        }
        return circuit;
    }

    /** The circuit's qubit count, without building it. */
    public int qubits() {
        return qubits;
    }

    @Serial
    private synchronized void writeObject(ObjectOutputStream out) throws IOException {
        if (ansatz == null && qasm == null) {
            qasm = Qasm.toQasm3(circuit);
        }
        out.defaultWriteObject();
    }

    @Override
    public String toString() {
        if (ansatz != null) {
            return ansatz + " n=" + qubits + " L=" + layers + " " + boundary.id();
        }
        return (source != null ? source + " ×" + layers : "OpenQASM 3") + " (" + qubits + " qubits)";
    }
}
