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
import org.qnnlab.analysis.Landscape;
import org.qnnlab.sim.Boundary;
import org.qnnlab.sim.Hamiltonians;

/**
 * {@code qnn analyze landscape --noise}: the files state the rules, the reference (best found, or given) beside E0
 * and each run's noiseless end energy, consistently between CSV and JSON; bad noise input is one line and writes
 * nothing. (Resuming a noisy study: {@link EngineOptionsTest}.)
 */
class LandscapeNoiseCommandTest {

    private static final double E0 = Landscape.groundEnergy(Hamiltonians.tfim(3, 1, Boundary.OPEN), 3);

    private static final String[] BASE = {"analyze", "landscape", "--ansatz", "hva-tfim", "--qubits", "3", "--layers",
        "1..2", "--inits", "4", "--kernel", "scalar", "--noise", "depolarizing:0.02"};

    private static String[] with(String... extra) {
        String[] args = java.util.Arrays.copyOf(BASE, BASE.length + extra.length);
        System.arraycopy(extra, 0, args, BASE.length, extra.length);
        return args;
    }

    @Test
    void theFilesStateTheNoiseTheReferenceAndTheNoiselessEnergies(@TempDir Path dir) throws IOException {
        JsonNode r = AnalyzeCommandTest.run(with("--out", dir.toString(), "--json"));
        assertEquals("depolarizing:0.02", r.get("noise").get(0).asText());
        assertEquals(1, r.get("noise").size());
        assertEquals("best_found", r.get("reference_kind").asText());
        assertEquals(Landscape.REFERENCE_RULE, r.get("success_rule").asText());
        assertEquals(E0, r.get("ground_energy").asDouble(), 0);
        double tol = r.get("tolerance").asDouble();
        List<String> lines = Files.readAllLines(dir.resolve("landscape.csv"));
        assertEquals("layers,parameters,seed,final_loss,success,steps,gradient_norm,kind,min_hessian_eigenvalue,"
                + "noiseless_final_loss,reference_kind,reference", lines.get(0));
        JsonNode pts = r.get("points");
        assertEquals(2, pts.size());
        for (int i = 0; i < pts.size(); i++) {
            JsonNode p = pts.get(i);
            assertEquals("best_found", p.get("reference_kind").asText());
            assertEquals(E0, p.get("ground_energy").asDouble(), 0, "E0 beside the reference");
            assertTrue(p.get("above_ground_energy").asBoolean());
            double ref = p.get("reference").asDouble();
            assertTrue(ref >= E0 - 1e-9, "best found " + ref + " >= E0 " + E0);
            double best = Double.POSITIVE_INFINITY;
            int ok = 0;
            int spurious = 0;
            for (int k = 0; k < 4; k++) {
                String[] row = lines.get(1 + 4 * i + k).split(",", -1);
                double fin = Double.parseDouble(row[3]);
                double clean = Double.parseDouble(row[9]);
                assertEquals(p.get("final_losses").get(k).asDouble(), fin, 0);
                assertEquals(p.get("noiseless_final_losses").get(k).asDouble(), clean, 0);
                assertTrue(fin > clean, "depolarizing raises the energy at the end point: " + fin + " vs " + clean);
                assertTrue(clean >= E0 - 1e-9, "a pure state's energy is at least E0");
                boolean converged = !row[7].equals("unconverged");
                if (converged) {
                    best = Math.min(best, fin);
                }
                boolean success = fin <= ref + tol;
                assertEquals(success, Boolean.parseBoolean(row[4]), "success against the reference");
                assertEquals("best_found", row[10]);
                assertEquals(ref, Double.parseDouble(row[11]), 0);
                ok += success ? 1 : 0;
                spurious += row[7].equals("minimum") && !success ? 1 : 0;
            }
            assertEquals(best, ref, 0, "the reference is the lowest converged energy");
            assertEquals(ok / 4.0, p.get("success_fraction").asDouble());
            assertEquals(spurious, p.get("spurious_minima").asInt());
        }
        AnalyzeCommandTest.assertPng(dir.resolve("landscape.png"));
    }

    @Test
    void aGivenReferenceIsUsedAndTheTableSaysWhatItIs(@TempDir Path dir) throws IOException {
        // E0 as the reference under noise: no run gets within the tolerance of it
        JsonNode r = AnalyzeCommandTest.run(with("--global-minimum", Double.toString(E0), "--json"));
        assertEquals("given", r.get("reference_kind").asText());
        assertEquals(E0, r.get("global_minimum").asDouble(), 0);
        for (JsonNode p : r.get("points")) {
            assertEquals(E0, p.get("reference").asDouble(), 0);
            assertEquals(0.0, p.get("success_fraction").asDouble(), "noise keeps every run above E0 + tolerance");
        }
        CliRun table = CliRun.of(with("--out", dir.toString()));
        assertEquals(0, table.exitCode(), table.err());
        assertTrue(table.out().contains("noise depolarizing:0.02: minimizing Tr(H rho) on density matrices"),
                table.out());
        assertTrue(table.out().contains("reference = the lowest energy of a converged run at that depth (best found)"),
                table.out());
        assertTrue(table.out().contains("every final energy, hence every reference, is >= E0 - 1e-09: holds"),
                table.out());
    }

    @Test
    void badNoiseInputIsOneLineAndWritesNothing(@TempDir Path dir) {
        Path out = dir.resolve("out");
        String[][] cases = {
            {"readout:0.01,0.02", "readout error"},
            {"depolarizing", "noise spec 'depolarizing'"},
            {"depolarizing:0.01@qubits=5", "names qubit 5 but the circuit has 3 qubits"},
            {"depolarizing:1.5", "out of range; allowed: [0, 1]"},
        };
        for (String[] c : cases) {
            CliRun r = CliRun.of("analyze", "landscape", "--ansatz", "hva-tfim", "--qubits", "3", "--noise", c[0],
                    "--out", out.toString());
            assertError(r, c[1], out);
        }
        assertError(CliRun.of("analyze", "landscape", "--ansatz", "hva-tfim", "--qubits", "3", "--noise",
                "depolarizing:0.01", "--global-minimum", "-9", "--out", out.toString()),
                "global minimum -9.0 out of range; allowed: a finite number >= the ground energy E0 = ", out);
        assertError(CliRun.of("analyze", "landscape", "--ansatz", "hva-tfim", "--qubits", "3", "--global-minimum",
                "NaN", "--out", out.toString()), "--global-minimum", out);
    }

    @Test
    void gradvarQfimAndLandscapeShareTheNoiseOption() {
        String line = null;
        for (String command : List.of("gradvar", "qfim", "landscape")) {
            String help = CliRun.analyze(command, "--help").out();
            // the option's entry: its first line and the indented lines of its description
            List<String> lines = help.lines().toList();
            int at = 0;
            while (at < lines.size() && !lines.get(at).startsWith("      --noise=SPEC")) {
                at++;
            }
            assertTrue(at < lines.size(), command + ": " + help);
            StringBuilder entry = new StringBuilder(lines.get(at));
            for (int i = at + 1; i < lines.size() && lines.get(i).startsWith(" ".repeat(24)); i++) {
                entry.append(' ').append(lines.get(i).strip());
            }
            String option = entry.toString().strip().replaceAll("\\s+", " "); // column widths differ by command
            if (line == null) {
                line = option;
            }
            assertEquals(line, option, command + " has the shared --noise text");
        }
        assertTrue(line.contains("readout rules are refused"), line);
    }

    private static void assertError(CliRun r, String part, Path out) {
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().startsWith("qnn analyze landscape: error: ") && r.err().contains(part), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertFalse(Files.exists(out), "nothing written: " + r.err());
    }
}
