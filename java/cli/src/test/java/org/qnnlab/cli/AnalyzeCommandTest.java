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
import org.qnnlab.analysis.Overparametrization;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Boundary;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.kernel.ScalarKernel;

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
    void qfimReportsTheGenericRankMcAndTheDlaDimension(@TempDir Path dir) throws IOException {
        JsonNode r = run("analyze", "qfim", "--ansatz", "hva-tfim", "--qubits", "4", "--layers", "1..10", "--seed",
                "1", "--out", dir.toString(), "--json");
        // the open TFIM chain at n = 4: generic rank 8 from M = 8 on (seed 1 alone, at a fixed 1e-8, gave M_c = 10)
        Overparametrization.Sweep lib = Overparametrization.sweep(new Simulator(new ScalarKernel()),
                l -> Ansatz.hvaTfim(4, l, Boundary.OPEN), new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
                Overparametrization.Options.defaults(), null);
        assertEquals(lib.saturatedRank(), r.get("saturation_rank").asInt());
        assertEquals(8, r.get("saturation_rank").asInt());
        assertEquals(8, r.get("critical_parameters").asInt());
        assertEquals(16, r.get("dla_dimension").asInt(), "n² for the open chain");
        assertTrue(r.get("rank_within_dla_bound").asBoolean());
        assertEquals(4, r.get("points_per_depth").asInt());
        JsonNode points = r.get("points");
        assertEquals(10, points.size());
        int mc = r.get("critical_parameters").asInt();
        for (JsonNode p : points) {
            int m = p.get("parameters").asInt();
            int rank = p.get("rank").asInt();
            assertEquals(Math.min(m, 8), rank);
            assertEquals(m >= mc, rank == 8, "the rank reaches saturation exactly from M_c on");
            assertEquals(4, p.get("point_ranks").size());
            assertTrue(p.get("clear_gap").asBoolean());
            double kept = p.get("smallest_kept").asDouble();
            double dropped = p.get("largest_dropped").asDouble();
            assertTrue(dropped < p.get("tolerance").asDouble() && p.get("tolerance").asDouble() <= kept);
        }
        assertTrue(r.get("saturated").asBoolean());
        assertEquals(1 + 10 * 4, Files.readAllLines(dir.resolve("qfim.csv")).size(), "one row per point");
        assertPng(dir.resolve("qfim.png"));
    }

    @Test
    void qfimSweepsOverQubitsAndPlotsAgainstTheDlaDimension(@TempDir Path dir) throws IOException {
        JsonNode r = run("analyze", "qfim", "--ansatz", "hva-tfim", "--boundary", "periodic", "--qubits", "3..5",
                "--layers", "1..6", "--out", dir.toString(), "--json");
        JsonNode sweeps = r.get("sweeps");
        assertEquals(3, sweeps.size());
        for (int i = 0; i < 3; i++) {
            JsonNode s = sweeps.get(i);
            int n = 3 + i;
            assertEquals(n, s.get("qubits").asInt());
            assertEquals(3 * n - 1, s.get("dla_dimension").asInt(), "periodic TFIM chain: 3n − 1");
            assertTrue(s.get("saturation_rank").asInt() <= s.get("dla_dimension").asInt());
            assertTrue(s.get("saturated").asBoolean());
        }
        assertPng(dir.resolve("qfim.png"));
    }

    @Test
    void dlaDimensionsMatchTheKnownValues(@TempDir Path dir) throws IOException {
        JsonNode range = run("analyze", "dla", "--ansatz", "hva-tfim", "--qubits", "3..6", "--json");
        for (int i = 0; i < 4; i++) {
            int n = 3 + i;
            assertEquals(n, range.get("dimensions").get(i).get("qubits").asInt());
            assertEquals(n * n, range.get("dimensions").get(i).get("dimension").asInt(), "open TFIM chain: n^2");
        }
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
        CliRun r = CliRun.of("analyze", "qfim", "--points", "0", "--out", dir.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--points 0 out of range; allowed: 1..1000"), r.err());
        r = CliRun.of("analyze", "qfim", "--ansatz", "hva-tfim", "--qubits", "14..18", "--layers", "1..30",
                "--out", dir.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("would take about") && r.err().contains("--qubits"), r.err());
        assertFalse(Files.exists(dir.resolve("qfim.csv")), "refused before any work");
        r = CliRun.of("analyze", "ntk", "--qubits", "2..3", "--out", dir.toString());
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

    @Test
    void anObservableIsRefusedWhereTheAnalysisIgnoresIt(@TempDir Path dir) {
        for (String analysis : new String[] {"qfim", "dla"}) {
            for (String obs : new String[] {"Z0", "not an observable"}) {
                CliRun r = CliRun.analyze(analysis, "--qubits", "2", "--layers", "1", "--observable", obs, "--out",
                        dir.toString());
                assertEquals(2, r.exitCode(), r.err());
                assertTrue(r.err().startsWith("qnn analyze " + analysis + ": error: --observable is not used by "
                        + "analyze " + analysis + " ("), r.err());
                assertFalse(Files.exists(dir.resolve(analysis + ".csv")), "refused before any work");
            }
        }
    }
}
