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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.kernel.KernelProvider;
import org.qnnlab.sim.kernel.Kernels;

/**
 * {@code qnn demo --quick} in-process: the analytic checks hold, every usable kernel computes the same energies, the
 * shot estimate is within a few standard errors of the exact value, and {@code --out} writes the same report. The
 * JSON run (with {@code --out}) happens once for the class, since the demo is the slowest command here.
 */
class DemoCommandTest {

    private static Path outDir;
    private static CliRun run;
    private static JsonNode report;

    @BeforeAll
    static void runQuickDemoOnce(@TempDir Path dir) throws Exception {
        outDir = dir.resolve("out"); // does not exist yet: demo must create it
        run = CliRun.of("demo", "--quick", "--json", "--out", outDir.toString());
        assertEquals(0, run.exitCode(), run.err());
        report = Json.MAPPER.readTree(run.out());
    }

    /** The usable kernel ids, most preferred first. */
    private static List<String> usableKernels() {
        List<String> ids = new ArrayList<>();
        for (KernelProvider p : Kernels.providers()) {
            if (p.unavailableReason().isEmpty()) {
                ids.add(p.type().id());
            }
        }
        return ids;
    }

    @Test
    void reportHasChecksKernelsAndShots() {
        assertEquals(List.of("checks", "kernels", "shots"), fieldNames(report));
    }

    @Test
    void everyAnalyticCheckMatchesItsExpectedValue() {
        JsonNode checks = report.get("checks");
        assertEquals(6, checks.size(), checks.toString());
        for (JsonNode c : checks) {
            double expected = c.get("expected").asDouble();
            double computed = c.get("computed").asDouble();
            assertEquals(expected, computed, 1e-9, c.get("check").asText());
            // The reported error is |computed - expected|, not something else.
            assertEquals(Math.abs(computed - expected), c.get("error").asDouble(), 0.0, c.toString());
        }
        // The one check whose expected value is not a round number: <X> = sin(a)·cos(b) on one HEA qubit.
        boolean foundHea = false;
        for (JsonNode c : checks) {
            if (c.get("check").asText().startsWith("HEA(1 qubit)")) {
                assertEquals(Math.sin(0.7) * Math.cos(-1.3), c.get("expected").asDouble(), 1e-15);
                foundHea = true;
            }
        }
        assertTrue(foundHea, checks.toString());
    }

    @Test
    void everyUsableKernelRunsBothAnsatzeAtQuickSize() {
        JsonNode kernels = report.get("kernels");
        List<String> expectedKernels = usableKernels();
        assertTrue(expectedKernels.contains("vector"), expectedKernels.toString());
        assertEquals(expectedKernels.size() * 2, kernels.size(), kernels.toString());
        int i = 0;
        for (String kernel : expectedKernels) {
            for (String ansatz : List.of("hea", "hva-tfim")) {
                JsonNode r = kernels.get(i++);
                assertEquals(kernel, r.get("kernel").asText(), r.toString());
                assertEquals(ansatz, r.get("ansatz").asText(), r.toString());
                // --quick: 12 qubits, 4 layers.
                assertEquals(12, r.get("qubits").asInt(), r.toString());
                assertEquals(4, r.get("layers").asInt(), r.toString());
                assertTrue(r.get("gates").asInt() > 0, r.toString());
                assertTrue(r.get("threads").asInt() >= 1, r.toString());
                assertTrue(r.get("seconds").asDouble() >= 0, r.toString());
            }
        }
    }

    @Test
    void kernelsAgreeOnTheEnergyOfEachAnsatz() {
        Map<String, List<JsonNode>> byAnsatz = new LinkedHashMap<>();
        for (JsonNode r : report.get("kernels")) {
            byAnsatz.computeIfAbsent(r.get("ansatz").asText(), a -> new ArrayList<>()).add(r);
        }
        assertEquals(List.of("hea", "hva-tfim"), new ArrayList<>(byAnsatz.keySet()));
        byAnsatz.forEach((ansatz, rows) -> {
            double reference = rows.get(0).get("energy").asDouble();
            // -ΣZZ - ΣX on 12 sites: 24 unit-norm Pauli terms bound |E| by 24.
            assertTrue(Math.abs(reference) <= 24 + 1e-9, rows.toString());
            for (JsonNode r : rows) {
                assertEquals(reference, r.get("energy").asDouble(), 1e-10,
                        ansatz + ": " + r.get("kernel").asText() + " vs " + rows.get(0).get("kernel").asText());
            }
        });
    }

    @Test
    void shotEstimateIsNearTheExactValue() {
        JsonNode shots = report.get("shots");
        assertEquals(2000, shots.get("shots").asInt()); // --quick
        double se = shots.get("standard_error").asDouble();
        assertTrue(se > 0 && se < 1, shots.toString());
        double exact = shots.get("exact").asDouble();
        assertTrue(Math.abs(exact) <= 16 + 1e-9, shots.toString()); // 16 Pauli terms on 8 sites
        // Seeded sampling, so this is deterministic; 5 standard errors leaves room for an unlucky seed.
        assertTrue(Math.abs(shots.get("estimate").asDouble() - exact) < 5 * se, shots.toString());
        // The estimated observable is the 8-site periodic TFIM chain the demo describes.
        assertEquals(Observable.parse(DemoCommand.tfimHamiltonian(8)).toString(), shots.get("observable").asText());
    }

    @Test
    void outWritesDemoJsonEqualToStdout() throws Exception {
        Path file = outDir.resolve("demo.json");
        assertTrue(Files.isRegularFile(file), "no " + file);
        JsonNode written = Json.MAPPER.readTree(Files.readString(file));
        assertEquals(fieldNames(report), fieldNames(written));
        // One report map feeds both outputs, so the file equals stdout, wall times included.
        assertEquals(report, written);
        try (var files = Files.list(outDir)) {
            assertEquals(List.of(file), files.toList(), "temporary file left behind");
        }
    }

    @Test
    void tableFormPrintsEachSectionAndWhereItWrote(@TempDir Path dir) throws Exception {
        CliRun r = CliRun.of("demo", "--quick", "--out", dir.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("Analytic checks"), r.out());
        assertTrue(r.out().contains("TFIM energy"), r.out());
        assertTrue(r.out().contains("Shots:"), r.out());
        assertTrue(r.out().contains("wrote " + dir.resolve("demo.json")), r.out());
        JsonNode written = Json.MAPPER.readTree(Files.readString(dir.resolve("demo.json")));
        assertEquals(List.of("checks", "kernels", "shots"), fieldNames(written));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
