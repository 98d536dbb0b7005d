package org.qnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qnn analyze}: measured outcomes, the files, and option errors. */
class AnalyzeCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode run(String... args) throws IOException {
        CliRun r = CliRun.of(args);
        assertEquals(0, r.exitCode(), r.err());
        return JSON.readTree(r.out());
    }

    static void assertPng(Path png) throws IOException {
        byte[] b = Files.readAllBytes(png);
        assertTrue(b.length > 1000 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G', png + " is not a PNG");
    }

    @Test
    void qfimRankSaturatesBelowTheDlaDimension(@TempDir Path dir) throws IOException {
        JsonNode r = run("analyze", "qfim", "--ansatz", "hva-tfim", "--qubits", "4", "--layers", "1..10", "--out",
                dir.toString(), "--json");
        int sat = r.get("saturation_rank").asInt();
        assertTrue(sat >= 6 && sat <= 16, "saturates at or below n^2 = 16: " + sat);
        int mc = r.get("critical_parameters").asInt();
        JsonNode points = r.get("points");
        assertEquals(10, points.size());
        for (JsonNode p : points) {
            int m = p.get("parameters").asInt();
            int rank = p.get("rank").asInt();
            assertTrue(rank <= m, "rank <= parameters");
            assertEquals(m >= mc, rank == sat, "the rank reaches saturation exactly from M_c on");
        }
        assertTrue(r.get("saturated").asBoolean());
        assertEquals(1e-8, r.get("tolerance").asDouble());
        assertEquals(11, Files.readAllLines(dir.resolve("qfim.csv")).size());
        assertPng(dir.resolve("qfim.png"));
    }

    @Test
    void scaledObservableConvergesFasterThanThePauliOne(@TempDir Path dir) throws IOException {
        JsonNode pauli = run("analyze", "ntk", "--gamma", "1", "--steps", "150", "--out", dir.resolve("g1").toString(),
                "--json");
        JsonNode scaled = run("analyze", "ntk", "--gamma", "3", "--steps", "150", "--out",
                dir.resolve("g3").toString(), "--json");
        assertEquals("power_law", pauli.get("fit").get("better_fit").asText(), pauli.toString());
        assertEquals("exponential", scaled.get("fit").get("better_fit").asText(), scaled.toString());
        assertTrue(scaled.get("final_residual").asDouble() < 1e-3 * pauli.get("final_residual").asDouble());
        assertTrue(pauli.get("final_drift").asDouble() > 0.1, "the Pauli run's kernel does not stay frozen");
        assertPng(dir.resolve("g1/ntk.png"));
        assertEquals(1 + 31, Files.readAllLines(dir.resolve("g3/ntk.csv")).size(), "steps 0, 5, …, 150");
    }

    @Test
    void dlaDimensionsMatchTheKnownValues(@TempDir Path dir) throws IOException {
        assertEquals(25, run("analyze", "dla", "--ansatz", "hva-tfim", "--qubits", "5", "--out", dir.toString(),
                "--json").get("dimension").asInt(), "open TFIM chain: n^2");
        assertEquals(14, run("analyze", "dla", "--ansatz", "hva-tfim", "--qubits", "5", "--boundary", "periodic",
                "--out", dir.toString(), "--json").get("dimension").asInt(), "periodic TFIM chain: 3n - 1");
        JsonNode hea = run("analyze", "dla", "--ansatz", "hea", "--qubits", "2", "--layers", "3", "--basis", "--out",
                dir.toString(), "--json");
        assertEquals(15, hea.get("dimension").asInt(), "su(4)");
        assertEquals(15, hea.get("basis").size());
        JsonNode cut = run("analyze", "dla", "--ansatz", "hea", "--qubits", "4", "--layers", "5", "--max-dimension",
                "50", "--out", dir.toString(), "--json");
        assertTrue(cut.get("truncated").asBoolean());
        CliRun bad = CliRun.of("analyze", "dla", "--qubits", "3", "--max-dimension", "0", "--out", dir.toString());
        assertTrue(bad.err().contains("--max-dimension 0 out of range"), bad.err());
    }

    @Test
    void badRangesAreNamed(@TempDir Path dir) {
        CliRun r = CliRun.of("analyze", "qfim", "--qubits", "2..3", "--out", dir.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--qubits takes one value"), r.err());
        r = CliRun.of("analyze", "qfim", "--qubits", "4", "--layers", "5..2", "--out", dir.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--layers 5..2 out of range"), r.err());
        r = CliRun.of("analyze", "qfim", "--qubits", "4", "--layers", "x", "--out", dir.toString());
        assertTrue(r.err().contains("'x' is not a number"), r.err());
        r = CliRun.of("analyze", "landscape", "--ansatz", "hva-tfim", "--qubits", "12", "--layers", "1..40",
                "--inits", "1000", "--out", dir.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("would take about") && r.err().contains("--inits"), r.err());
        assertFalse(Files.exists(dir.resolve("landscape.csv")), "refused before any work");
        r = CliRun.of("analyze", "ntk", "--qubits", "12", "--layers", "50", "--steps", "100000", "--out",
                dir.toString());
        assertTrue(r.err().contains("would take about"), r.err());
    }
}
