package org.qnnlab.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.qasm.Qasm;

/** {@code --circuit FILE}: an OpenQASM 2 or 3 file as the circuit of a command, repeated for {@code --layers}. */
final class CircuitFiles {

    private CircuitFiles() {
    }

    /**
     * The file's circuit repeated {@code layers} times with fresh parameters per repetition
     * ({@link Circuit#repeated}); {@code qubits}, when given, must match the file.
     */
    static Circuit read(Path file, Integer qubits, int layers) {
        Circuit c;
        try {
            c = Qasm.read(file).circuit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (qubits != null && qubits != c.numQubits()) {
            throw new IllegalArgumentException("--qubits " + qubits + " does not match " + file + ", which declares "
                    + c.numQubits() + " qubits; omit --qubits with --circuit");
        }
        return c.repeated(layers);
    }

    /** {@code --ansatz} and {@code --circuit} exclude each other. */
    static void checkOne(String ansatz, Path circuit, boolean ansatzRequired) {
        if (ansatz != null && circuit != null) {
            throw new IllegalArgumentException("set either --ansatz or --circuit, not both");
        }
        if (ansatzRequired && ansatz == null && circuit == null) {
            throw new IllegalArgumentException("--ansatz or --circuit is required (ansätze: hea, hva-tfim, hva-xxz; "
                    + "circuits: OpenQASM 2 or 3 files)");
        }
    }
}
