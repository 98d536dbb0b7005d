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
 * {@code --circuit FILE} beside {@code --ansatz}, and {@code qnn export}: an exported ansatz read back gives the same
 * numbers in simulate, grad and analyze; bad files are refused in one line naming file, line and column.
 */
class CircuitOptionTest {

    @TempDir
    Path dir;

    private Path export(String... args) throws Exception {
        Path f = dir.resolve("c" + System.nanoTime() + ".qasm");
        String[] full = new String[args.length + 3];
        full[0] = "export";
        System.arraycopy(args, 0, full, 1, args.length);
        full[args.length + 1] = "--out";
        full[args.length + 2] = f.toString();
        CliRun r = CliRun.of(full);
        assertEquals(0, r.exitCode(), r.err());
        return f;
    }

    @Test
    void anExportedAnsatzGivesTheSameExpectationAndGradient() throws Exception {
        Path f = export("--ansatz", "hva-tfim", "--qubits", "4", "--layers", "2", "--boundary", "periodic");
        String obs = "Z0*Z1 + 0.5*X2 - 0.25*Y3";
        JsonNode a = CliRun.of("grad", "--ansatz", "hva-tfim", "--qubits", "4", "--layers", "2", "--boundary",
                "periodic", "--seed", "5", "--observable", obs, "--json").json();
        JsonNode b = CliRun.of("grad", "--circuit", f.toString(), "--seed", "5", "--observable", obs, "--json")
                .json();
        assertEquals(f.getFileName().toString(), b.get("circuit").asText());
        assertEquals(a.get("value").asDouble(), b.get("value").asDouble(), 1e-12);
        assertEquals(a.get("gradient").size(), b.get("gradient").size());
        for (int k = 0; k < a.get("gradient").size(); k++) {
            assertEquals(a.get("gradient").get(k).asDouble(), b.get("gradient").get(k).asDouble(), 1e-12, "θ" + k);
        }
        // --layers repeats the file with fresh parameters: one exported HEA layer twice is the two-layer HEA (the
        // HVAs would repeat their initial state's preparation too)
        Path layer = export("--ansatz", "hea", "--qubits", "4", "--layers", "1");
        JsonNode c = CliRun.of("simulate", "--circuit", layer.toString(), "--layers", "2", "--seed", "5",
                "--observable", obs, "--json").json();
        JsonNode d = CliRun.of("simulate", "--ansatz", "hea", "--qubits", "4", "--layers", "2", "--seed", "5",
                "--observable", obs, "--json").json();
        assertEquals(d.get("expectation").asDouble(), c.get("expectation").asDouble(), 1e-12);
    }

    @Test
    void aBoundExportReadsBackWithoutParameters() throws Exception {
        Path f = export("--ansatz", "hea", "--qubits", "3", "--layers", "2", "--format", "qasm2", "--seed", "9");
        assertTrue(Files.readString(f).startsWith("OPENQASM 2.0;"));
        JsonNode a = CliRun.of("simulate", "--ansatz", "hea", "--qubits", "3", "--layers", "2", "--seed", "9",
                "--observable", "X0*Z2", "--json").json();
        JsonNode b = CliRun.of("simulate", "--circuit", f.toString(), "--observable", "X0*Z2", "--json").json();
        assertEquals(0, b.get("parameters").asInt());
        assertEquals(a.get("expectation").asDouble(), b.get("expectation").asDouble(), 1e-12);
    }

    @Test
    void analysesTakeACircuitFile() throws Exception {
        Path f = export("--ansatz", "hea", "--qubits", "3", "--layers", "1");
        JsonNode q = CliRun.analyze("qfim", "--circuit", f.toString(), "--layers", "1..3", "--json").json();
        assertEquals(f.getFileName().toString(), q.get("circuit").asText());
        assertFalse(q.has("ansatz") || q.has("boundary"), "a file has no ansatz name or chain boundary: " + q);
        JsonNode a = CliRun.analyze("qfim", "--ansatz", "hea", "--qubits", "3", "--layers", "1..3", "--json")
                .json();
        // the same circuits: the same ranks at every depth
        assertEquals(a.get("points").toString().replaceAll("\"seconds\" : [0-9.eE-]+", ""),
                q.get("points").toString().replaceAll("\"seconds\" : [0-9.eE-]+", ""));
    }

    @Test
    void badCircuitsAreRefusedInOneLine() throws Exception {
        Path bad = dir.resolve("bad.qasm");
        Files.writeString(bad, "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\nhh q[0];\n");
        CliRun r = CliRun.of("simulate", "--circuit", bad.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("bad.qasm:4:1: unknown gate 'hh'"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        r = CliRun.of("simulate", "--circuit", dir.resolve("missing.qasm").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("does not exist"), r.err());
        Path ok = export("--ansatz", "hea", "--qubits", "3");
        r = CliRun.of("simulate", "--circuit", ok.toString(), "--ansatz", "hea");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("either --ansatz or --circuit"), r.err());
        r = CliRun.of("simulate", "--circuit", ok.toString(), "--qubits", "4");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--qubits 4 does not match"), r.err());
        r = CliRun.of("export", "--ansatz", "hea", "--qubits", "3", "--format", "qasm4");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("allowed: qasm2, qasm3"), r.err());
        r = CliRun.of("simulate", "--qubits", "3");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--ansatz or --circuit is required"), r.err());
    }
}
