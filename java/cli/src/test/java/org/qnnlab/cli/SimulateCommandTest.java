package org.qnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code qnn simulate} end to end, in-process: analytic values, JSON keys, and clear errors. */
class SimulateCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String... args) throws Exception {
        CliRun r = CliRun.of(args);
        assertEquals(0, r.exitCode(), r.err());
        return JSON.readTree(r.out());
    }

    @Test
    void heaOnOneQubitGivesTheAnalyticExpectation() throws Exception {
        double a = 0.7;
        double b = -1.3;
        JsonNode j = json("simulate", "--ansatz", "hea", "--qubits", "1", "--layers", "1", "--params", a + "," + b,
                "--observable", "X0", "--kernel", "scalar", "--json");
        assertEquals(Math.sin(a) * Math.cos(b), j.get("expectation").asDouble(), 1e-12);
        assertEquals("scalar", j.get("kernel").asText());
        assertEquals(1, j.get("threads").asInt());
        assertTrue(j.get("seconds").asDouble() >= 0);
    }

    /** One circuit and exit: a usable native kernel is taken first (no JIT warm-up), else the default's choice. */
    @Test
    void oneShotCommandsPreferAKernelCompiledAheadOfTime() throws Exception {
        String expected = org.qnnlab.sim.kernel.Kernels.provider(org.qnnlab.sim.kernel.KernelType.EIGEN)
                .filter(p -> p.unavailableReason().isEmpty()).map(p -> "eigen")
                .orElse(org.qnnlab.sim.kernel.Kernels.create(1).type().id());
        assertEquals(expected, json("simulate", "--ansatz", "hea", "--qubits", "3", "--json").get("kernel").asText());
        assertEquals(expected, json("grad", "--ansatz", "hea", "--qubits", "3", "--json").get("kernel").asText());
        assertEquals("scalar", json("simulate", "--ansatz", "hea", "--qubits", "3", "--kernel", "scalar", "--json")
                .get("kernel").asText(), "--kernel still forces");
    }

    @Test
    void noFuseRunsGateByGateToTheSameValue() throws Exception {
        // 14 qubits: the smallest state Simulator fuses
        String[] args = {"simulate", "--ansatz", "hea", "--qubits", "14", "--layers", "3", "--seed", "2",
            "--observable", "Z0*Z5 + 0.5*X13", "--json"};
        double fused = json(args).get("expectation").asDouble();
        String[] unfused = java.util.Arrays.copyOf(args, args.length + 1);
        unfused[args.length] = "--no-fuse";
        assertEquals(fused, json(unfused).get("expectation").asDouble(), 1e-12);
        org.qnnlab.sim.Circuit c = org.qnnlab.sim.Ansatz.hea(14, 3);
        org.qnnlab.sim.Simulator gateByGate = org.qnnlab.sim.Simulator.create().withFusion(false);
        assertEquals(gateByGate.expectation(c, c.randomParameters(2), new double[0],
                org.qnnlab.sim.Observable.parse("Z0*Z5 + 0.5*X13")), fused, 1e-12);
    }

    @Test
    void hvaTfimAtZeroParametersIsThePlusState() throws Exception {
        JsonNode j = json("simulate", "--ansatz", "hva-tfim", "--qubits", "4", "--layers", "2", "--boundary",
                "periodic", "--params", "0,0,0,0", "--observable", "0.5*X0 + X1*X2 - 1.0", "--json");
        assertEquals(0.5 + 1.0 - 1.0, j.get("expectation").asDouble(), 1e-12);
    }

    @Test
    void seededRunsAreReproducibleAndShotsEstimateTheValue() throws Exception {
        String[] args = {"simulate", "--ansatz", "hea", "--qubits", "6", "--layers", "3", "--seed", "5",
            "--observable", "Z0*Z1 + 0.5*X3", "--shots", "20000", "--json"};
        JsonNode a = json(args);
        JsonNode b = json(args);
        assertEquals(a.get("expectation").asDouble(), b.get("expectation").asDouble(), 0.0);
        assertEquals(a.get("estimate").asDouble(), b.get("estimate").asDouble(), 0.0);
        double se = a.get("standard_error").asDouble();
        assertTrue(se > 0 && se < 0.05, "standard error " + se);
        assertTrue(Math.abs(a.get("estimate").asDouble() - a.get("expectation").asDouble()) < 5 * se);
    }

    @Test
    void badInputFailsWithExitCode2AndNamesTheValue() {
        CliRun r = CliRun.of("simulate", "--ansatz", "qaoa", "--qubits", "3");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("'qaoa'") && r.err().contains("hea"), r.err());

        r = CliRun.of("simulate", "--ansatz", "hea", "--qubits", "3", "--observable", "0.5*Q1");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("Q") && r.err().contains("column"), r.err());

        r = CliRun.of("simulate", "--ansatz", "hea", "--qubits", "2", "--layers", "1", "--params", "1,2,3");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("3 values") && r.err().contains("4 parameters"), r.err());

        r = CliRun.of("simulate", "--ansatz", "hea", "--qubits", "2", "--observable", "Z5");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("qubit 5"), r.err());

        r = CliRun.of("simulate", "--ansatz", "hea", "--qubits", "2", "--kernel", "gpu");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("'gpu'") && r.err().contains("scalar"), r.err());
    }

    @Test
    void oneShotHasNoStandardErrorAndSaysSo() throws Exception {
        String[] base = {"simulate", "--ansatz", "hea", "--qubits", "2", "--seed", "3", "--shots", "1"};
        CliRun text = CliRun.of(base);
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("± undefined (the standard error needs 2 or more shots)  (1 shot per basis)"),
                text.out());
        assertTrue(!text.out().contains("NaN"), text.out());
        JsonNode j = json(java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.stream.Stream.of(
                "--json")).toArray(String[]::new));
        assertTrue(j.get("standard_error").isNull(), j.toString());
        CliRun two = CliRun.of("simulate", "--ansatz", "hea", "--qubits", "2", "--seed", "3", "--shots", "2");
        assertTrue(two.out().matches("(?s).*± \\d\\.\\d{6}  \\(2 shots per basis\\).*"), two.out());
    }

    @Test
    void onlyPlainNumbersAreParameterValues() {
        for (String bad : new String[] {"1d", "2f", "0x1p3", "NaN", "Infinity", "1e400", "1e-400", "pi/2"}) {
            CliRun r = CliRun.of("simulate", "--ansatz", "hea", "--qubits", "1", "--params", "0.5," + bad);
            assertEquals(2, r.exitCode(), r.err());
            assertTrue(r.err().startsWith("qnn simulate: error: Invalid value for option '--params'"), r.err());
            assertTrue(r.err().contains("'" + bad + "'") && r.err().contains("allowed"), r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        }
        CliRun r = CliRun.of("simulate", "--ansatz", "hea", "--qubits", "1", "--params", "+.5,-2.5e-1");
        assertEquals(0, r.exitCode(), r.err());
    }

    @Test
    void zeroWeightTermsMustStillFitTheCircuit() {
        CliRun r = CliRun.of("simulate", "--ansatz", "hea", "--qubits", "2", "--observable", "0*Z40 + Z0");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("acts on qubit 40 but the circuit has 2 qubits"), r.err());
        r = CliRun.of("simulate", "--ansatz", "hea", "--qubits", "2", "--observable", "0x10*Z0");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("hexadecimal"), r.err());
        r = CliRun.of("simulate", "--ansatz", "hea", "--qubits", "2", "--observable", "1e-400*Z0");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("number 1e-400 at column 1") && r.err().contains("underflows to 0"), r.err());
    }

    @Test
    void moreThreadsThanCoresAreWarnedAboutOnStderr() {
        int cores = Runtime.getRuntime().availableProcessors();
        org.junit.jupiter.api.Assumptions.assumeTrue(cores < 1024);
        CliRun r = CliRun.of("simulate", "--ansatz", "hea", "--qubits", "2", "--kernel", "scalar", "--threads",
                "1024", "--json");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("qnnlab: --threads 1024 is more than the " + cores + " available core"), r.err());
        r = CliRun.of("simulate", "--ansatz", "hea", "--qubits", "2", "--threads", "1025");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("--threads 1025 out of range; allowed: 1..1024"), r.err());
    }

    @Test
    void kernelsListsTheScalarKernelAsUsable() throws Exception {
        JsonNode j = json("kernels", "--json");
        boolean scalarUsable = false;
        for (JsonNode k : j.get("kernels")) {
            if (k.get("name").asText().equals("scalar")) {
                scalarUsable = k.get("usable").asBoolean();
            }
        }
        assertTrue(scalarUsable, j.toString());
        assertTrue(j.hasNonNull("default"));
    }
}
