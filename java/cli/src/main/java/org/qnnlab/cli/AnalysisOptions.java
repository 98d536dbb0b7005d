package org.qnnlab.cli;

import java.nio.file.Path;
import java.util.Arrays;
import org.qnnlab.analysis.ensemble.CircuitSpec;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Boundary;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Observable;
import picocli.CommandLine.Option;

/**
 * Options every {@code qnn analyze} command shares: the ansatz options of {@code qnn simulate}, where qubits and layers
 * may be ranges {@code a..b} for sweeps, plus the observable, the seed and the output.
 */
final class AnalysisOptions {

    @Option(names = "--ansatz", paramLabel = "NAME", description = "Ansatz: hea, hva-tfim or hva-xxz (default: hea).")
    String ansatz;

    @Option(names = "--circuit", paramLabel = "FILE",
            description = "An OpenQASM 2 or 3 file instead of --ansatz: its inputs are the parameters (declaration "
                    + "order); --layers L repeats it L times with fresh parameters per repetition.")
    Path circuitFile;

    /** The file's circuit, read once. */
    private Circuit fileCircuit;

    @Option(names = "--qubits", paramLabel = "N|A..B", description = "Qubits, or a range to sweep.")
    String qubits;

    @Option(names = "--layers", paramLabel = "L|A..B", description = "Layers, or a range to sweep.")
    String layers;

    @Option(names = "--boundary", paramLabel = "B", defaultValue = "open",
            description = "Chain boundary for the HVAs: open or periodic (default: ${DEFAULT-VALUE}).")
    String boundary;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seed of the random parameters (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--observable", paramLabel = "OBS",
            description = "Real-weighted Pauli sum, e.g. \"0.5*Z0*Z1 + X2\".")
    String observable;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Directory for the CSV, JSON and PNG results (default: analyze-<command>/ in the working "
                    + "directory; with --json and no --out, no files).")
    Path out;

    @Option(names = "--json", description = "Print the summary as one JSON object (no progress bar).")
    boolean json;

    /** Where {@code qnn analyze <command>} writes its files ({@link Output#forAnalysis}). */
    Output output(String command) {
        return Output.forAnalysis(command, out, json);
    }

    /**
     * The qubit counts ({@code defaultValue} when the option is absent); with {@code --circuit}, the file's qubit
     * count, which {@code --qubits} may repeat but not change.
     */
    int[] qubitRange(String defaultValue) {
        if (circuitFile != null) {
            int n = fileCircuit().numQubits();
            if (qubits != null && !qubits.strip().equals(Integer.toString(n))) {
                throw new IllegalArgumentException("--qubits " + qubits + " does not match " + circuitFile
                        + ", which declares " + n + " qubits; omit --qubits with --circuit");
            }
            return new int[] {n};
        }
        return range("--qubits", qubits == null ? defaultValue : qubits, 1, 30);
    }

    /** The ansatz name ({@code hea} when neither --ansatz nor --circuit is given). */
    String ansatzName() {
        CircuitFiles.checkOne(ansatz, circuitFile, false);
        return ansatz == null ? "hea" : ansatz;
    }

    /** Whether the circuit comes from {@code --circuit}. */
    boolean fromFile() {
        CircuitFiles.checkOne(ansatz, circuitFile, false);
        return circuitFile != null;
    }

    /** The ansatz name or the circuit file's name. */
    String label() {
        return fromFile() ? circuitFile.getFileName().toString() : ansatzName();
    }

    /** Puts {@code "ansatz": name} or {@code "circuit": file name} into a result. */
    void putSource(java.util.Map<String, Object> result) {
        result.put(fromFile() ? "circuit" : "ansatz", label());
    }

    private Circuit fileCircuit() {
        if (fileCircuit == null) {
            CircuitFiles.checkOne(ansatz, circuitFile, false);
            fileCircuit = CircuitFiles.read(circuitFile, null, 1);
        }
        return fileCircuit;
    }

    /** The layer counts ({@code defaultValue} when the option is absent). */
    int[] layerRange(String defaultValue) {
        return range("--layers", layers == null ? defaultValue : layers, 1, 100_000);
    }

    /** A single qubit count; a range is an error naming the option. */
    int singleQubits(String defaultValue) {
        return single("--qubits", qubitRange(defaultValue));
    }

    /** A single layer count; a range is an error naming the option. */
    int singleLayers(String defaultValue) {
        return single("--layers", layerRange(defaultValue));
    }

    /** The chain boundary. */
    Boundary boundary() {
        return Boundary.parse(boundary);
    }

    /** The circuit at n qubits and l layers: the ansatz, or the file's circuit repeated l times. */
    Circuit circuit(int n, int l) {
        if (fromFile()) {
            Circuit c = fileCircuit();
            if (n != c.numQubits()) {
                throw new IllegalArgumentException("--circuit " + circuitFile + " has " + c.numQubits()
                        + " qubits, not " + n);
            }
            return c.repeated(l);
        }
        return Ansatz.byName(ansatzName(), n, l, boundary());
    }

    /**
     * The circuit of {@link #circuit(int, int)} as an ensemble ships it: the ansatz by name, or the file's text
     * repeated l times, so executors rebuild the same operations.
     */
    CircuitSpec circuitSpec(int n, int l) {
        if (fromFile()) {
            circuit(n, l); // checks n against the file
            try {
                return CircuitSpec.qasm(java.nio.file.Files.readString(circuitFile), circuitFile.toString(), l);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return CircuitSpec.ansatz(ansatzName(), n, l, boundary());
    }

    /** The observable, or {@code defaultText} when none was given. */
    Observable observable(String defaultText) {
        return Observable.parse(observable == null ? defaultText : observable);
    }

    /**
     * Parses {@code N} or {@code A..B} (inclusive) within {@code [min, max]}.
     *
     * @throws IllegalArgumentException naming the option, the value and what is allowed
     */
    static int[] range(String option, String text, int min, int max) {
        String t = text.strip();
        try {
            int a;
            int b;
            int dots = t.indexOf("..");
            if (dots >= 0) {
                a = Integer.parseInt(t.substring(0, dots).strip());
                b = Integer.parseInt(t.substring(dots + 2).strip());
            } else {
                a = Integer.parseInt(t);
                b = a;
            }
            if (a > b || a < min || b > max) {
                throw new IllegalArgumentException(option + " " + text + " out of range; allowed: " + min + ".."
                        + max + ", as N or A..B with A <= B");
            }
            int[] r = new int[b - a + 1];
            Arrays.setAll(r, i -> a + i);
            return r;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " '" + text + "' is not a number or a range A..B");
        }
    }

    private static int single(String option, int[] r) {
        if (r.length != 1) {
            throw new IllegalArgumentException(option + " takes one value here, not a range (" + r[0] + ".."
                    + r[r.length - 1] + ")");
        }
        return r[0];
    }
}
