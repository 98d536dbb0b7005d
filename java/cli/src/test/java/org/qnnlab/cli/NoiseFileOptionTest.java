package org.qnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --noise-file}: a YAML (or JSON) noise model on every command that takes {@code --noise}, giving the same
 * numbers as the same rules on the command line, with the file's rules first; bad files are one-line errors naming
 * the file, and nothing is written.
 */
class NoiseFileOptionTest {

    @TempDir
    Path dir;

    private Path file(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private static void assertError(String expected, String... args) {
        CliRun.assertOneLineError(expected, args);
    }

    @Test
    void aFileGivesTheNumbersOfTheSameRulesOnTheCommandLineOnSimulateAndGrad() throws Exception {
        Path yaml = file("noise.yaml", "# a device model\nnoise:\n  - depolarizing:0.02\n"
                + "  - amplitude_damping:0.05@gates=cz\n");
        Path json = file("noise.json", "{\"noise\": [\"depolarizing:0.02\", \"amplitude_damping:0.05@gates=cz\"]}");
        String[] circuit = {"--ansatz", "hea", "--qubits", "3", "--layers", "2", "--seed", "5", "--observable",
            "Z0*Z1 + 0.5*X2", "--kernel", "scalar", "--json"};
        JsonNode flags = CliRun.of(cat(cat(new String[] {"simulate"}, circuit), "--noise", "depolarizing:0.02",
                "--noise", "amplitude_damping:0.05@gates=cz")).json();
        JsonNode fromYaml = CliRun.of(cat(cat(new String[] {"simulate"}, circuit), "--noise-file", yaml.toString()))
                .json();
        JsonNode fromJson = CliRun.of(cat(cat(new String[] {"simulate"}, circuit), "--noise-file", json.toString()))
                .json();
        assertEquals(flags.get("expectation").asDouble(), fromYaml.get("expectation").asDouble(), 0.0);
        assertEquals(flags.get("expectation").asDouble(), fromJson.get("expectation").asDouble(), 0.0);
        assertEquals(flags.get("noise"), fromYaml.get("noise"), "the JSON lists the rules that ran");
        JsonNode noiseless = CliRun.of(cat(new String[] {"simulate"}, circuit)).json();
        assertTrue(Math.abs(noiseless.get("expectation").asDouble() - fromYaml.get("expectation").asDouble()) > 1e-3,
                "the file's noise changed the value");

        // file rules first, then --noise: the same as all three on the command line
        JsonNode mixed = CliRun.of(cat(cat(new String[] {"grad"}, circuit), "--noise-file", yaml.toString(),
                "--noise", "phase_flip:0.03@qubits=1")).json();
        JsonNode all = CliRun.of(cat(cat(new String[] {"grad"}, circuit), "--noise", "depolarizing:0.02", "--noise",
                "amplitude_damping:0.05@gates=cz", "--noise", "phase_flip:0.03@qubits=1")).json();
        assertEquals(all.get("noise"), mixed.get("noise"));
        assertEquals(3, mixed.get("noise").size());
        assertEquals(all.get("gradient"), mixed.get("gradient"));
    }

    @Test
    void theAnalysesReadTheFileToo() throws Exception {
        Path yaml = file("noise.yaml", "noise: [depolarizing:0.01]\n");
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        String[] args = {"analyze", "qfim", "--ansatz", "hva-tfim", "--qubits", "2", "--layers", "1..2", "--points",
            "2", "--kernel", "scalar"};
        CliRun r1 = CliRun.of(cat(args, "--noise-file", yaml.toString(), "--out", a.toString()));
        assertEquals(0, r1.exitCode(), r1.err());
        CliRun r2 = CliRun.of(cat(args, "--noise", "depolarizing:0.01", "--out", b.toString()));
        assertEquals(0, r2.exitCode(), r2.err());
        assertEquals(Files.readString(b.resolve("qfim.csv")), Files.readString(a.resolve("qfim.csv")));
        assertTrue(Files.readString(a.resolve("qfim.json")).contains("\"depolarizing:0.01\""), "the run's JSON lists "
                + "the file's rule");
    }

    @Test
    void badFilesAreOneLineErrorsNamingTheFileAndWriteNothing() throws Exception {
        Path out = dir.resolve("out");
        String[] gradvar = {"analyze", "gradvar", "--ansatz", "hea", "--qubits", "2", "--layers", "1", "--samples",
            "10", "--out", out.toString()};
        assertError("noise file not found: " + dir.resolve("missing.yaml"),
                cat(gradvar, "--noise-file", dir.resolve("missing.yaml").toString()));
        Path wrongKey = file("wrong.yaml", "rules:\n  - depolarizing:0.01\n");
        assertError(wrongKey + ":1: unknown key 'rules' in the top level; allowed: noise",
                cat(gradvar, "--noise-file", wrongKey.toString()));
        Path empty = file("empty.yaml", "noise: []\n");
        assertError(empty + ": the noise file has no rules", cat(gradvar, "--noise-file", empty.toString()));
        Path blank = file("blank.yaml", "# nothing\n");
        assertError(blank + ": the noise file is empty", cat(gradvar, "--noise-file", blank.toString()));
        Path mapping = file("mapping.yaml", "noise:\n  - depolarizing: 0.01\n");
        assertError(mapping + ":", cat(gradvar, "--noise-file", mapping.toString()));
        Path badRule = file("bad.yaml", "noise: [depolarizing:1.5]\n");
        assertError("1.5", cat(gradvar, "--noise-file", badRule.toString()));
        assertError("is a directory, not a YAML file", "simulate", "--ansatz", "hea", "--qubits", "2", "--layers", "1",
                "--observable", "Z0", "--noise-file", dir.toString());
        assertFalse(Files.exists(out), "nothing written");
    }

    private static String[] cat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
