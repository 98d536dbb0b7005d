package org.qnnlab.cli;

import java.nio.file.Path;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Boundary;
import org.qnnlab.sim.Circuit;
import picocli.CommandLine.Option;

/** The circuit options of {@code simulate}, {@code grad} and {@code export}: a named ansatz or an OpenQASM file. */
final class AnsatzOptions {

    @Option(names = "--ansatz", paramLabel = "NAME", description = "Ansatz: hea, hva-tfim or hva-xxz.")
    String name;

    @Option(names = "--circuit", paramLabel = "FILE",
            description = "An OpenQASM 2 or 3 file instead of --ansatz; its inputs are the parameters, in "
                    + "declaration order; --layers repeats it with fresh parameters per repetition.")
    Path circuit;

    @Option(names = "--qubits", paramLabel = "N", description = "Number of qubits (with --ansatz).")
    Integer qubits;

    @Option(names = "--layers", paramLabel = "L", defaultValue = "1", description = "Number of layers (default: 1).")
    int layers;

    @Option(names = "--boundary", paramLabel = "B", defaultValue = "open",
            description = "Chain boundary for the HVAs: open or periodic (default: open).")
    String boundary;

    /** Builds the circuit, validating every option. */
    Circuit build() {
        CircuitFiles.checkOne(name, circuit, true);
        if (circuit != null) {
            return CircuitFiles.read(circuit, qubits, layers);
        }
        if (qubits == null) {
            throw new IllegalArgumentException("--qubits is required with --ansatz");
        }
        return Ansatz.byName(name, qubits, layers, Boundary.parse(boundary));
    }

    /** The ansatz's name or the circuit file's name, for output. */
    String label() {
        return circuit != null ? circuit.getFileName().toString() : name;
    }
}
