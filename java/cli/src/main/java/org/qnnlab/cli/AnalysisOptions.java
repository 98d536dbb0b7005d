package org.qnnlab.cli;

import java.nio.file.Path;
import java.util.Arrays;
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

    @Option(names = "--ansatz", paramLabel = "NAME", defaultValue = "hea",
            description = "Ansatz: hea, hva-tfim or hva-xxz (default: ${DEFAULT-VALUE}).")
    String ansatz;

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

    /** The qubit counts ({@code defaultValue} when the option is absent). */
    int[] qubitRange(String defaultValue) {
        return range("--qubits", qubits == null ? defaultValue : qubits, 1, 30);
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

    /** The ansatz circuit. */
    Circuit circuit(int n, int l) {
        return Ansatz.byName(ansatz, n, l, boundary());
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
