package org.qnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code qnn analyze gradvar} and {@code qnn analyze wishart}: measured barren-plateau decay (Cerezo et al., Nat.
 * Commun. 12, 1791 (2021)) and Wishart loss laws (after E. R. Anschuetz, arXiv:2408.11901), the files, and option errors.
 */
class AnalyzeGradvarWishartTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Runs {@code qnn analyze ARGS…} in-process. */
    static CliRun analyze(String... args) {
        String[] full = new String[args.length + 1];
        full[0] = "analyze";
        System.arraycopy(args, 0, full, 1, args.length);
        return CliRun.of(full);
    }

    /** Runs an analysis that must succeed and parses its {@code --json} output. */
    private static JsonNode run(String... args) throws IOException {
        CliRun r = analyze(args);
        assertEquals(0, r.exitCode(), r.err());
        return JSON.readTree(r.out());
    }

    @Test
    void rankOneProjectorFollowsBeta(@TempDir Path dir) throws IOException {
        JsonNode r = run("wishart", "--qubits", "4", "--samples", "1000", "--out", dir.toString(), "--json");
        assertEquals(1, r.get("degrees_of_freedom").asInt());
        assertEquals(0, r.get("degrees_of_freedom_negative").asInt());
        assertEquals("Beta(1, 15)", r.get("law").asText());
        assertEquals(24, r.get("layers").asInt(), "default depth 6n");
        double ks = r.get("ks_statistic").asDouble();
        assertTrue(ks < 0.08, "KS against Beta(1, 15): " + ks);
        assertNotNull(r.get("ks_statistic_chi_squared"));
        assertTrue(r.get("kurtosis").asDouble() > 2, "heavy tail: excess kurtosis " + r.get("kurtosis"));
        assertEquals(1.0 / 16, r.get("mean").asDouble(), 0.01);
        assertEquals(1000, r.get("samples").asInt());
        assertEquals(1 + 1000, Files.readAllLines(dir.resolve("wishart.csv")).size());
        AnalyzeCommandTest.assertPng(dir.resolve("wishart.png"));
    }

    @Test
    void projectorOnTwoQubitsHasRankFour(@TempDir Path dir) throws IOException {
        JsonNode r = run("wishart", "--qubits", "4", "--projector", "2", "--samples", "300", "--out",
                dir.toString(), "--json");
        assertEquals(4, r.get("degrees_of_freedom").asInt());
        assertEquals("Beta(4, 12)", r.get("law").asText());
        // the same projector written as a Pauli sum is recognised as one
        JsonNode typed = run("wishart", "--qubits", "4", "--observable", "0.25 + 0.25*Z0 + 0.25*Z1 + 0.25*Z0*Z1",
                "--samples", "300", "--out", dir.toString(), "--json");
        assertEquals("Beta(4, 12)", typed.get("law").asText());
        assertEquals(r.get("ks_statistic").asDouble(), typed.get("ks_statistic").asDouble(), 1e-12);
    }

    @Test
    void pauliObservableIsComparedWithAGaussian(@TempDir Path dir) throws IOException {
        JsonNode r = run("wishart", "--qubits", "3", "--observable", "Z0*Z1", "--samples", "200", "--out",
                dir.toString(), "--json");
        assertEquals(4, r.get("degrees_of_freedom").asInt());
        assertEquals(4, r.get("degrees_of_freedom_negative").asInt());
        assertTrue(r.get("law").asText().startsWith("Normal("), r.toString());
        assertTrue(r.get("ks_statistic_chi_squared").isNull());
        assertTrue(r.get("ks_statistic").asDouble() < 0.15, r.toString());
    }

    @Test
    void badOptionsAreNamed(@TempDir Path dir) {
        CliRun r = analyze("wishart", "--samples", "5", "--out", dir.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--samples 5 out of range; allowed: 10..1000000"), r.err());
        r = analyze("wishart", "--qubits", "4", "--projector", "5", "--out", dir.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--projector 5 out of range"), r.err());
        r = analyze("wishart", "--projector", "2", "--observable", "Z0", "--out", dir.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("either --observable or --projector"), r.err());
    }
}
