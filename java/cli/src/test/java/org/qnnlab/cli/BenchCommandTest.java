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
import org.qnnlab.sim.kernel.KernelProvider;
import org.qnnlab.sim.kernel.Kernels;

/**
 * {@code qnn bench} in-process, kept fast (8 qubits, two gates, two targets, one thread, 10 ms budgets): the JSON
 * shape, one result per kernel × gate × target, GB/s consistent with the timings, {@code --out}, and exit code 2
 * with a message naming the bad value for each kind of bad input. {@code qnn bench step} likewise on a 3–4-qubit
 * model: speed-ups are the ratios of the reported times.
 */
class BenchCommandTest {

    /** The small, fast run every success test uses; tests append options to it. */
    private static final String[] SMALL = {"bench", "--qubits", "8", "--gates", "h,cnot", "--targets", "0,7",
        "--threads", "1", "--seconds", "0.01", "--json"};

    /** Bench sets this global budget; restored so that other tests in the JVM are unaffected. */
    private static double savedBudget;

    @BeforeAll
    static void saveBudget() {
        savedBudget = Timing.budgetSeconds;
    }

    @AfterAll
    static void restoreBudget() {
        Timing.budgetSeconds = savedBudget;
    }

    private static String[] small(String... extra) {
        List<String> args = new ArrayList<>(List.of(SMALL));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    private static JsonNode json(String... args) throws Exception {
        CliRun r = CliRun.of(args);
        assertEquals(0, r.exitCode(), r.err());
        return Json.MAPPER.readTree(r.out());
    }

    /** The usable kernels, most preferred first: the ones bench times when no --kernel is given. */
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
    void smallRunTimesEveryUsableKernelGateAndTarget() throws Exception {
        JsonNode doc = json(SMALL);
        assertEquals(8, doc.get("qubits").asInt());
        assertEquals(16L << 8, doc.get("state_bytes").asLong());
        assertTrue(doc.get("bandwidth_gbps").asDouble() > 0, doc.toString());
        assertEquals(1, doc.get("bandwidth_threads").asInt());
        assertEquals(doc.get("bandwidth_gbps").asDouble(),
                doc.get("bandwidth_gbps_by_threads").get("1").asDouble(), 0.0);

        List<String> kernels = usableKernels();
        // The test JVM has the vector module: both kernels must be timed, not just the scalar fallback.
        assertTrue(kernels.contains("scalar") && kernels.contains("vector"), kernels.toString());
        JsonNode results = doc.get("results");
        assertEquals(kernels.size() * 2 * 2, results.size(), results.toString());

        // Loop order in BenchCommand: kernel, then gate (as given), then target (ascending).
        int i = 0;
        for (String kernel : kernels) {
            for (String gate : List.of("h", "cnot")) {
                for (int target : new int[] {0, 7}) {
                    JsonNode r = results.get(i++);
                    assertEquals(kernel, r.get("kernel").asText(), r.toString());
                    assertEquals(8, r.get("qubits").asInt(), r.toString());
                    assertEquals(1, r.get("threads").asInt(), r.toString());
                    assertEquals(gate, r.get("gate").asText(), r.toString());
                    assertEquals(target, r.get("target").asInt(), r.toString());
                    double sec = r.get("seconds_per_gate").asDouble();
                    assertTrue(sec > 0 && sec < 1, r.toString());
                    // GB/s counts one read and one write of the 16·2^n-byte state per gate.
                    double expected = 32 * Math.pow(2, 8) / sec / 1e9;
                    double gbps = r.get("gbps").asDouble();
                    assertEquals(expected, gbps, 1e-9 * expected, r.toString());
                    assertTrue(r.get("roofline_fraction").asDouble() > 0, r.toString());
                }
            }
        }
    }

    @Test
    void kernelOptionRestrictsTheRunToThatKernel() throws Exception {
        JsonNode results = json(small("--kernel", "scalar")).get("results");
        assertEquals(2 * 2, results.size(), results.toString());
        for (JsonNode r : results) {
            assertEquals("scalar", r.get("kernel").asText(), r.toString());
        }
    }

    @Test
    void outWritesTheSameJsonDocumentToTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub").resolve("bench.json"); // parent directories are created
        CliRun r = CliRun.of(small("--out", file.toString()));
        assertEquals(0, r.exitCode(), r.err());
        JsonNode stdout = Json.MAPPER.readTree(r.out());
        assertTrue(Files.isRegularFile(file), "no file at " + file);
        JsonNode written = Json.MAPPER.readTree(Files.readString(file));
        assertEquals(stdout.get("results").size(), written.get("results").size());
        assertEquals(usableKernels().size() * 4, written.get("results").size());
        // One document feeds both outputs, so they are equal, timings included.
        assertEquals(stdout, written);
        // The atomic write leaves no temporary file behind.
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void anUnwritableOutIsRefusedBeforeMeasuring(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("plain-file");
        Files.writeString(file, "x");
        for (String[] bad : List.of(new String[] {dir.toString(), "is a directory; allowed: a file to write"},
                new String[] {file.resolve("bench.json").toString(), "cannot be created: " + file
                        + " is not a directory"})) {
            for (String[] command : List.of(small("--out", bad[0]), new String[] {"bench", "step", "--qubits", "3",
                "--layers", "1", "--samples", "2", "--threads", "1", "--seconds", "0.01", "--out", bad[0]})) {
                long t0 = System.nanoTime();
                CliRun r = CliRun.of(command);
                assertEquals(2, r.exitCode(), r.err());
                assertTrue(r.err().contains("error: --out " + bad[0] + " " + bad[1]), r.err());
                assertEquals("", r.out(), "nothing measured");
                assertTrue(System.nanoTime() - t0 < 2e9, "refused before measuring");
            }
        }
        assertEquals(List.of("plain-file"), Files.list(dir).map(p -> p.getFileName().toString()).toList(),
                "the write check leaves no probe file behind");
    }

    @Test
    void theRooflineColumnIsGbpsOverThePrintedRoofline() throws Exception {
        JsonNode doc = json(small("--threads", "1,2"));
        for (JsonNode r : doc.get("results")) {
            double roofline = doc.get("bandwidth_gbps_by_threads").get(r.get("threads").asText()).asDouble();
            assertEquals(r.get("gbps").asDouble() / roofline, r.get("roofline_fraction").asDouble(), 1e-12,
                    r.toString());
        }
        CliRun table = CliRun.of(java.util.Arrays.copyOf(SMALL, SMALL.length - 1)); // without --json
        assertEquals(0, table.exitCode(), table.err());
        Map<Integer, Double> printed = new LinkedHashMap<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("roofline .*, (\\d+) threads?: ([0-9.]+) GB/s")
                .matcher(table.out());
        while (m.find()) {
            printed.put(Integer.parseInt(m.group(1)), Double.parseDouble(m.group(2)));
        }
        int rows = 0;
        for (String line : table.out().lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 7 && f[6].endsWith("%") && f[1].matches("\\d+")) {
                double gbps = Double.parseDouble(f[5]);
                double percent = Double.parseDouble(f[6].substring(0, f[6].length() - 1));
                double roofline = printed.get(Integer.parseInt(f[1]));
                // printed to 2 decimals and a whole percent: agree to the printing's rounding
                double ratio = 100 * gbps / roofline;
                assertEquals(ratio, percent, 0.5 + ratio * (0.005 / gbps + 0.005 / roofline), line);
                rows++;
            }
        }
        assertTrue(rows > 0, table.out());
    }

    @Test
    void tableFormPrintsAHeaderAndOneRowPerResult() {
        List<String> args = new ArrayList<>(List.of(SMALL));
        args.remove("--json");
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("qnn bench: 8 qubits"), r.out());
        List<String> lines = r.out().lines().toList();
        int header = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("kernel ")) {
                header = i;
            }
        }
        assertTrue(header > 0, r.out());
        assertEquals(usableKernels().size() * 4, lines.size() - header - 1, r.out());
        // Progress goes to stderr, one line per result, so stdout stays a clean table.
        assertEquals(usableKernels().size() * 4, r.err().lines().filter(l -> l.contains("GB/s")).count(),
                r.err());
    }

    @Test
    void qubitsOutOfRangeIsExit2() {
        CliRun r = CliRun.of("bench", "--qubits", "2", "--seconds", "0.01", "--json");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("--qubits 2 out of range") && r.err().contains("4..34"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void unknownGateIsExit2AndListsTheAllowedGates() {
        CliRun r = CliRun.of("bench", "--qubits", "8", "--gates", "h,foo", "--seconds", "0.01", "--json");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("'foo'"), r.err());
        assertTrue(r.err().contains(String.join(", ", BenchCommand.GATES)), r.err());
    }

    @Test
    void targetOutOfRangeIsExit2AndNamesTheRange() {
        CliRun r = CliRun.of("bench", "--qubits", "8", "--targets", "0,9", "--seconds", "0.01", "--json");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("9") && r.err().contains("0..7"), r.err());

        r = CliRun.of("bench", "--qubits", "8", "--targets", "x", "--seconds", "0.01", "--json");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("'x'") && r.err().contains("0..7"), r.err());
    }

    @Test
    void unknownKernelIsExit2AndNamesIt() {
        CliRun r = CliRun.of(small("--kernel", "nosuch"));
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("'nosuch'") && r.err().contains("scalar"), r.err());
    }

    @Test
    void secondsAndThreadsOutOfRangeAreExit2() {
        CliRun r = CliRun.of("bench", "--qubits", "8", "--seconds", "0.001", "--json");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("--seconds") && r.err().contains("0.01..60"), r.err());

        r = CliRun.of("bench", "--qubits", "8", "--threads", "0", "--seconds", "0.01", "--json");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("--threads 0") && r.err().contains("1..1024"), r.err());
    }

    // ---------------------------------------------------------------- qnn bench step (tiny model, 10 ms budgets)

    @Test
    void stepReportsEveryThreadCountAgainstOneThread(@TempDir Path dir) throws Exception {
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
    void stepTableNamesTheModel() {
        CliRun r = CliRun.of("bench", "step", "--qubits", "3", "--layers", "1", "--samples", "4", "--threads", "2",
                "--seconds", "0.01");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("qnn bench step: 4 samples, 3 qubits, 6 parameters"), r.out());
        assertTrue(r.out().contains("speed-up"), r.out());
    }

    @Test
    void stepBadValuesAreExit2AndNameTheRange() {
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

    // ---------------------------------------------------------------- qnn bench circuit (14 qubits, 10 ms budgets)

    @Test
    void circuitReportsFusedUnfusedGradientAndTheHGateOfOneRun(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("circuit.json");
        for (String kernel : usableKernels()) {
            JsonNode doc = json("bench", "circuit", "--ansatz", "hea", "--qubits", "14", "--layers", "2",
                    "--kernel", kernel, "--threads", "1,2", "--gradient", "--seconds", "0.01", "--json", "--out",
                    file.toString());
            org.qnnlab.sim.Circuit c = org.qnnlab.sim.Ansatz.hea(14, 2);
            double[] theta = c.randomParameters(1);
            org.qnnlab.sim.Simulator sim = org.qnnlab.sim.Simulator.create(
                    org.qnnlab.sim.kernel.KernelType.parse(kernel), 1);
            assertEquals(c.size(), doc.get("operations").asInt());
            assertEquals(sim.withFusion(true).program(c, theta, new double[0]).size(), doc.get("passes").asInt(),
                    "passes is the length of the program Simulator.program fuses for this kernel");
            assertTrue(doc.get("passes").asInt() < c.size() / 2, doc.toString());
            assertEquals(kernel, doc.get("kernel").asText());
            JsonNode results = doc.get("results");
            assertEquals(2, results.size());
            for (JsonNode r : results) {
                for (String key : List.of("forward_seconds", "unfused_forward_seconds", "gradient_seconds",
                        "h_gate_seconds")) {
                    double v = r.get(key).asDouble();
                    assertTrue(v > 0 && v < 10, key + " = " + v);
                }
                assertEquals(r.get("forward_seconds").asDouble() / r.get("h_gate_seconds").asDouble(),
                        r.get("forward_in_h_gates").asDouble(), 1e-9);
            }
            for (String key : List.of("threads", "forward_seconds", "gradient_seconds", "h_gate_seconds")) {
                assertEquals(results.get(0).get(key), doc.get(key), "top level = the first thread count");
            }
            assertEquals(doc, Json.MAPPER.readTree(Files.readString(file)));
        }
    }

    @Test
    void circuitRefusesBadOptionsInOneLineBeforeMeasuring() {
        String[][] cases = {
            {"--cache-block", "3", "error: --cache-block 3 out of range; allowed: 0 (off) or 6..24"},
            {"--threads", "0", "error: --threads 0 out of range; allowed: 1..1024"},
            {"--observable", "Z9", "error: --observable Z9 acts on qubit 9 of a 4-qubit circuit; allowed: qubits "
                    + "0..3"},
            {"--seconds", "0", "error: --seconds 0.0 out of range; allowed: 0.01..600"},
        };
        for (String[] c : cases) {
            CliRun r = CliRun.of("bench", "circuit", "--ansatz", "hea", "--qubits", "4", c[0], c[1]);
            assertEquals(2, r.exitCode(), r.err());
            assertEquals("qnn bench circuit: " + c[2], r.err().strip());
            assertEquals("", r.out());
        }
    }
}
