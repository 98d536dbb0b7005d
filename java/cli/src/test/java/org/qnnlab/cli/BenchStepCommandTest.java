package org.qnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code qnn bench step} in-process on a tiny model (4 qubits, 1 layer, 8 samples, 10 ms budgets): the JSON shape,
 * the speed-ups as ratios of the reported times, {@code --out}, and exit code 2 naming each bad value.
 */
class BenchStepCommandTest {

    private static double savedBudget;

    @BeforeAll
    static void saveBudget() {
        savedBudget = Timing.budgetSeconds;
    }

    @AfterAll
    static void restoreBudget() {
        Timing.budgetSeconds = savedBudget;
    }

    @Test
    void reportsEveryThreadCountAgainstOneThread(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("step.json");
        CliRun r = CliRun.of("bench", "step", "--qubits", "4", "--layers", "1", "--samples", "8", "--threads",
                "2,1,3", "--kernel", "scalar", "--seconds", "0.01", "--json", "--out", file.toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonNode doc = Json.MAPPER.readTree(r.out());
        assertEquals(4, doc.get("qubits").asInt());
        assertEquals(8, doc.get("parameters").asInt()); // 2·N·L
        assertEquals(8, doc.get("samples").asInt());
        assertEquals("scalar", doc.get("kernel").asText());
        JsonNode results = doc.get("results");
        assertEquals(3, results.size(), "1 thread first, then 2 and 3; the repeated 1 is dropped");
        int[] expected = {1, 2, 3};
        double one = results.get(0).get("seconds_per_step").asDouble();
        for (int j = 0; j < 3; j++) {
            JsonNode o = results.get(j);
            assertEquals(expected[j], o.get("threads").asInt());
            double s = o.get("seconds_per_step").asDouble();
            assertTrue(s > 0 && s < 10, "seconds " + s);
            assertEquals(one / s, o.get("speedup").asDouble(), 1e-12);
        }
        assertEquals(doc, Json.MAPPER.readTree(Files.readString(file)));
    }

    @Test
    void tableNamesTheModel() {
        CliRun r = CliRun.of("bench", "step", "--qubits", "3", "--layers", "1", "--samples", "4", "--threads", "2",
                "--seconds", "0.01");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("qnn bench step: 4 samples, 3 qubits, 6 parameters"), r.out());
        assertTrue(r.out().contains("speed-up"), r.out());
    }

    @Test
    void badValuesAreExit2AndNameTheRange() {
        String[][] cases = {
            {"--qubits", "1", "--qubits 1 out of range; allowed: 2..20"},
            {"--layers", "0", "--layers 0 out of range; allowed: 1..100"},
            {"--samples", "0", "--samples 0 out of range; allowed: 1..100000"},
            {"--threads", "0", "--threads 0 out of range; allowed: 1..1024"},
            {"--seconds", "0.001", "--seconds 0.001 out of range; allowed: 0.01..600"},
            {"--kernel", "nosuch", "'nosuch'"},
        };
        for (String[] c : cases) {
            Map<String, String> args = new LinkedHashMap<>(
                    Map.of("--qubits", "3", "--samples", "2", "--seconds", "0.01"));
            args.put(c[0], c[1]); // the one bad value; the rest keep the run tiny
            List<String> argv = new ArrayList<>(List.of("bench", "step"));
            args.forEach((k, v) -> {
                argv.add(k);
                argv.add(v);
            });
            CliRun r = CliRun.of(argv.toArray(String[]::new));
            assertEquals(2, r.exitCode(), c[0] + ": " + r.err());
            assertTrue(r.err().contains(c[2]), r.err());
            assertEquals("", r.out());
        }
    }
}
