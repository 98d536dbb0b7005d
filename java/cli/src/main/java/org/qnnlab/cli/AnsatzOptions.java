package org.qnnlab.cli;

import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Boundary;
import org.qnnlab.sim.Circuit;
import picocli.CommandLine.Option;

/** The ansatz options shared by {@code simulate} and later {@code grad} and {@code analyze}. */
final class AnsatzOptions {

    @Option(names = "--ansatz", paramLabel = "NAME", required = true,
            description = "Ansatz: hea, hva-tfim or hva-xxz.")
    String name;

    @Option(names = "--qubits", paramLabel = "N", required = true, description = "Number of qubits.")
    int qubits;

    @Option(names = "--layers", paramLabel = "L", defaultValue = "1", description = "Number of layers (default: 1).")
    int layers;

    @Option(names = "--boundary", paramLabel = "B", defaultValue = "open",
            description = "Chain boundary for the HVAs: open or periodic (default: open).")
    String boundary;

    /** Builds the circuit, validating every option. */
    Circuit build() {
        return Ansatz.byName(name, qubits, layers, Boundary.parse(boundary));
    }
}
