package org.qnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qnnlab.analysis.TangentKernel;
import org.qnnlab.analysis.TangentKernelStudy;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Encodings;
import org.qnnlab.sim.Gates;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.kernel.Kernels;
import org.qnnlab.train.data.Datasets;

/** {@code qnn analyze ntk}: the measured outcomes per γ, that they are the library's, the files, and option errors. */
class AnalyzeNtkCommandTest {

    private static JsonNode runOf(JsonNode result, double gamma) {
        for (JsonNode r : result.get("runs")) {
            if (r.get("gamma").asDouble() == gamma) {
                return r;
            }
        }
        throw new AssertionError("no run with gamma " + gamma + " in " + result);
    }

    @Test
    void measurementRangeDecidesHowTheResidualConverges(@TempDir Path dir) throws IOException {
        JsonNode r = AnalyzeCommandTest.run("analyze", "ntk", "--gamma", "1,1.5,2,3", "--steps", "150", "--kernel",
                "scalar", "--threads", "1", "--out", dir.toString(), "--json");
        assertEquals(4, r.get("runs").size());
        assertEquals("discrete", r.get("prediction").asText());
        assertEquals("none", r.get("lr_scaling").asText());
        JsonNode pauli = runOf(r, 1);
        assertEquals("power_law", pauli.get("better_fit").asText(), pauli.toString());
        assertEquals("sublinear", pauli.get("theory").get("regime").asText());
        assertEquals(1.0, pauli.get("theory").get("power_law_exponent_bound").asDouble());
        assertEquals(1.0, pauli.get("fit").get("tail_power_law_exponent").asDouble(), 0.1, "ε ∝ 1/t at the tail");
        JsonNode ratio = pauli.get("kernel_residual_ratio");
        assertTrue(ratio.get("end").asDouble() < 20 * ratio.get("start").asDouble(), "the kernel vanishes with ‖r‖");
        for (double g : new double[] {1.5, 2, 3}) {
            JsonNode run = runOf(r, g);
            assertEquals("exponential", run.get("better_fit").asText(), run.toString());
            assertEquals("linear", run.get("theory").get("regime").asText());
            assertEquals(0.2 / (g * g), run.get("step_size").asDouble(), 1e-15, "η₀/γ²");
            JsonNode q = run.get("kernel_residual_ratio");
            assertTrue(q.get("end").asDouble() > 1e6 * q.get("start").asDouble(), "the kernel stays finite: " + q);
            assertTrue(run.get("final_residual").asDouble() < 1e-3 * pauli.get("final_residual").asDouble());
            assertTrue(run.get("final_drift").asDouble() > 0, "each γ reports its own drift");
        }
        assertFalse(pauli.has("recorded_steps"), "stdout keeps the summary");

        // every number is the library's: the same study run directly gives the same bits
        Circuit circuit = new Circuit(2).append(Encodings.angle(new Circuit(2).declareInputs(2), 2, Gates.RX, 1.0))
                .append(Ansatz.hea(2, 2));
        TangentKernelStudy.Result lib = TangentKernelStudy.run(new Simulator(Kernels.create(KernelType.SCALAR, 1)),
                circuit, Observable.parse("Z0"), Datasets.parity(2, 0, null), new double[] {1, 3},
                circuit.randomParameters(1), TangentKernel.Options.of(0.2, 150).withRecordEvery(5), 1, null);
        for (TangentKernelStudy.Run run : lib.runs()) {
            JsonNode cli = runOf(r, run.gamma());
            assertEquals(run.result().last().residualNorm(), cli.get("final_residual").asDouble(), 0.0);
            assertEquals(run.result().finalDrift(), cli.get("final_drift").asDouble(), 0.0);
            assertEquals(run.result().fit().powerLawExponent(), cli.get("fit").get("power_law_exponent").asDouble(),
                    0.0);
        }

        List<String> csv = Files.readAllLines(dir.resolve("ntk.csv"));
        assertTrue(csv.get(0).startsWith("gamma,step,"), csv.get(0));
        assertEquals(1 + 4 * 31, csv.size(), "steps 0, 5, …, 150 for each of 4 γ");
        JsonNode file = Json.MAPPER.readTree(dir.resolve("ntk.json").toFile());
        assertEquals(31, runOf(file, 3).get("recorded_steps").size());
        AnalyzeCommandTest.assertPng(dir.resolve("ntk.png"));
    }

    @Test
    void learningRateScalingAndPredictionOptions() throws IOException {
        // p = 8: parameters scaling with η₀ = 1.6 takes the same step as none with 0.2
        JsonNode scaled = AnalyzeCommandTest.run("analyze", "ntk", "--gamma", "1", "--steps", "20",
                "--lr-scaling", "parameters", "--learning-rate", "1.6", "--prediction", "continuous", "--json");
        JsonNode plain = AnalyzeCommandTest.run("analyze", "ntk", "--gamma", "1", "--steps", "20",
                "--learning-rate", "0.2", "--json");
        assertEquals(8, scaled.get("parameters").asInt());
        assertEquals(0.2, runOf(scaled, 1).get("step_size").asDouble(), 1e-16);
        assertEquals(runOf(plain, 1).get("final_residual").asDouble(),
                runOf(scaled, 1).get("final_residual").asDouble(), 0.0);
        assertEquals("continuous", runOf(scaled, 1).get("comparison").get("prediction").asText());
        assertTrue(runOf(scaled, 1).get("final_predicted_residual").asDouble()
                != runOf(plain, 1).get("final_predicted_residual").asDouble(), "another prediction");
        // the default η₀ under parameters scaling is 0.2·8; at 4 layers (p = 16) the step halves
        JsonNode deep = AnalyzeCommandTest.run("analyze", "ntk", "--gamma", "2", "--layers", "4", "--steps", "5",
                "--lr-scaling", "parameters", "--json");
        assertEquals(16, deep.get("parameters").asInt());
        assertEquals(1.6 / (4 * 16), runOf(deep, 2).get("step_size").asDouble(), 1e-16);
    }

    @Test
    void badInputIsNamedBeforeAnyWork(@TempDir Path dir) {
        for (String[] bad : List.of(new String[] {"1,0,3", "gamma 0.0 (entry 2 of the list) out of range"},
                new String[] {"1,-2", "gamma -2.0 (entry 2 of the list) out of range"},
                new String[] {"1e308", "gamma 1.0E308 (entry 1 of the list) out of range"},
                new String[] {"1,1e-101", "gamma 1.0E-101 (entry 2 of the list) out of range"})) {
            CliRun r = CliRun.of("analyze", "ntk", "--gamma", bad[0], "--out", dir.toString());
            assertEquals(2, r.exitCode(), r.err());
            assertTrue(r.err().contains("--gamma " + bad[0] + ": " + bad[1] + "; allowed: 1e-100..1e100"), r.err());
        }
        // in range, but the step η₀/γ² underflows: named as --gamma, not as a "learning rate 0.0"
        CliRun tiny = CliRun.of("analyze", "ntk", "--gamma", "1e100", "--learning-rate", "1e-300", "--out",
                dir.toString());
        assertEquals(2, tiny.exitCode(), tiny.err());
        assertTrue(tiny.err().contains("--gamma 1e100: gamma 1.0E100 (entry 1 of the list) out of range; allowed: "
                + "1e-100..1e100 with the step η₀/γ² = 1.0E-300/γ² a normal double (here it is 0.0)"), tiny.err());
        for (String[] bad : List.of(new String[] {"1,Infinity", "'Infinity'"}, new String[] {"1,,3", "''"},
                new String[] {"one", "'one'"}, new String[] {"2f", "'2f'"})) {
            CliRun r = CliRun.of("analyze", "ntk", "--gamma", bad[0], "--out", dir.toString());
            assertEquals(2, r.exitCode(), r.err());
            assertTrue(r.err().contains("--gamma " + bad[0] + ": entry " + bad[1] + " is not a number; allowed: "
                    + "a plain decimal or scientific number"), r.err());
        }
        CliRun longRun = CliRun.of("analyze", "ntk", "--steps", "10000000", "--out", dir.toString());
        assertEquals(2, longRun.exitCode(), longRun.err());
        assertTrue(longRun.err().contains("would take about") && longRun.err().contains("reduce --steps"),
                longRun.err());
        CliRun r = CliRun.of("analyze", "ntk", "--lr-scaling", "sqrt", "--out", dir.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--lr-scaling: learning-rate scaling 'sqrt' unknown; allowed: none, parameters"),
                r.err());
        r = CliRun.of("analyze", "ntk", "--prediction", "exact", "--out", dir.toString());
        assertTrue(r.err().contains("--prediction: prediction 'exact' unknown; allowed: discrete, continuous"),
                r.err());
        r = CliRun.of("analyze", "ntk", "--learning-rate", "0", "--out", dir.toString());
        assertTrue(r.err().contains("--learning-rate 0.0 out of range; allowed: a finite number > 0"), r.err());
        r = CliRun.of("analyze", "ntk", "--steps", "0", "--out", dir.toString());
        assertTrue(r.err().contains("--steps 0 out of range; allowed: 1 or more"), r.err());
        r = CliRun.of("analyze", "ntk", "--qubits", "12", "--layers", "50", "--steps", "100000", "--out",
                dir.toString());
        assertTrue(r.err().contains("would take about") && r.err().contains("--gamma values"), r.err());
        assertFalse(Files.exists(dir.resolve("ntk.csv")), "refused before any file is written");
    }
}
