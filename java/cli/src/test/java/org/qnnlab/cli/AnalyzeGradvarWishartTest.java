package org.qnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    private static double variance(JsonNode points, int qubits, String cost) {
        for (JsonNode p : points) {
            if (p.get("qubits").asInt() == qubits && p.get("cost").asText().equals(cost)) {
                return p.get("variance").asDouble();
            }
        }
        throw new AssertionError("no point n = " + qubits + ", " + cost + " in " + points);
    }

    @Test
    void globalCostGradientVarianceDecaysFasterThanTheLocalOne(@TempDir Path dir) throws IOException {
        JsonNode r = run("gradvar", "--qubits", "2..5", "--layers", "2", "--samples", "200", "--out",
                dir.toString(), "--json");
        JsonNode points = r.get("points");
        assertEquals(8, points.size(), "4 qubit counts × 2 costs");
        for (JsonNode p : points) {
            assertEquals(2, p.get("layers").asInt());
            assertEquals(4 * p.get("qubits").asInt(), p.get("parameters").asInt(), "M = 2nL");
            assertTrue(p.get("variance").asDouble() > 0, p.toString());
        }
        double g2 = variance(points, 2, "global");
        double g5 = variance(points, 5, "global");
        assertTrue(g5 < g2 / 4, "global cost: Var(n=5) = " + g5 + " vs Var(n=2) = " + g2);
        double bGlobal = r.get("decay_rate").get("global").asDouble();
        double bLocal = r.get("decay_rate").get("local").asDouble();
        assertTrue(bGlobal > bLocal, "decay rates global " + bGlobal + ", local " + bLocal);
        assertEquals(bGlobal / Math.log(2), r.get("decay_rate_base2").get("global").asDouble(), 1e-12);
        assertEquals(200, r.get("samples").asInt());
        List<String> csv = Files.readAllLines(dir.resolve("gradvar.csv"));
        assertEquals("qubits,layers,cost,parameters,variance,mean,samples", csv.get(0));
        assertEquals(1 + 8, csv.size());
        JsonNode file = JSON.readTree(dir.resolve("gradvar.json").toFile());
        assertEquals(r.get("decay_rate"), file.get("decay_rate"));
        AnalyzeCommandTest.assertPng(dir.resolve("gradvar.png"));
    }

    @Test
    void gradvarWithOneQubitCountHasNoRateAndTableOutput(@TempDir Path dir) throws IOException {
        JsonNode r = run("gradvar", "--qubits", "3", "--layers", "1..2", "--samples", "20", "--costs", "global",
                "--out", dir.toString(), "--json");
        assertEquals(2, r.get("points").size());
        assertTrue(r.get("decay_rate").get("global").isNull());
        assertFalse(r.get("decay_rate").has("local"));
        CliRun text = analyze("gradvar", "--qubits", "2..3", "--samples", "10", "--costs", "local", "--out",
                dir.toString());
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("decay rate local"), text.out());
    }

    @Test
    void badOptionsAreNamed(@TempDir Path dir) {
        CliRun r = analyze("gradvar", "--samples", "1", "--out", dir.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--samples 1 out of range"), r.err());
        r = analyze("gradvar", "--costs", "local,nonlocal", "--out", dir.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("unknown cost 'nonlocal'"), r.err());
        r = analyze("gradvar", "--ansatz", "hva-tfim", "--out", dir.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--ansatz hva-tfim is not supported"), r.err());
        r = analyze("gradvar", "--qubits", "2", "--parameter", "8", "--out", dir.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--parameter 8 out of range"), r.err());
        r = analyze("gradvar", "--qubits", "20..28", "--out", dir.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("would take about"), r.err());
    }
}
