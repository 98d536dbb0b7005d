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
 * {@code qnn analyze landscape}: the convergence rule in the files, per-run kinds in the CSV that add up to the JSON
 * counts, success against the exact ground energy, determinism over thread counts, and bad input refused before any
 * file is written.
 */
class AnalyzeLandscapeCommandTest {

    private static List<String[]> csvRows(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        assertEquals("layers,parameters,seed,final_loss,success,steps,gradient_norm,kind,min_hessian_eigenvalue",
                lines.get(0));
        return lines.stream().skip(1).map(l -> l.split(",", -1)).toList();
    }

    @Test
    void kindsAndCountsAgreeBetweenTheFilesAndTheGroundEnergy(@TempDir Path dir) throws IOException {
        JsonNode r = AnalyzeCommandTest.run("analyze", "landscape", "--ansatz", "hva-tfim", "--qubits", "4",
                "--layers", "1..6", "--inits", "4", "--kernel", "scalar", "--out", dir.toString(), "--json");
        double e0 = Landscape.groundEnergy(Hamiltonians.tfim(4, 1, Boundary.OPEN), 4);
        assertEquals(-4.758770483143634, r.get("ground_energy").asDouble(), 1e-9, "numpy.linalg.eigvalsh");
        assertEquals(e0, r.get("ground_energy").asDouble(), 0);
        JsonNode rule = r.get("convergence");
        assertEquals("lbfgs", rule.get("optimizer").asText());
        assertEquals(1.0, rule.get("learning_rate").asDouble());
        assertEquals(2000, rule.get("max_steps").asInt());
        assertEquals(1e-5, rule.get("gradient_tolerance").asDouble());
        assertTrue(rule.get("hessian").asBoolean());
        assertEquals("scalar", r.get("kernel").asText());
        double tol = r.get("tolerance").asDouble();
        List<String[]> rows = csvRows(dir.resolve("landscape.csv"));
        assertEquals(6 * 4, rows.size());
        JsonNode pts = r.get("points");
        for (int i = 0; i < pts.size(); i++) {
            JsonNode p = pts.get(i);
            int minima = 0;
            int saddles = 0;
            int unconverged = 0;
            int spurious = 0;
            int ok = 0;
            for (String[] row : rows.subList(4 * i, 4 * i + 4)) {
                assertEquals(p.get("layers").asInt(), Integer.parseInt(row[0]));
                double energy = Double.parseDouble(row[3]);
                boolean success = energy <= e0 + tol;
                assertEquals(success, Boolean.parseBoolean(row[4]), "success is E <= E0 + tolerance");
                boolean converged = Double.parseDouble(row[6]) < rule.get("gradient_tolerance").asDouble();
                String kind = row[7];
                assertEquals(converged, !kind.equals("unconverged"), "converged exactly when |grad| < tolerance");
                assertEquals(converged, !row[8].isEmpty(), "a Hessian exactly at converged end points");
                if (converged) {
                    assertTrue(kind.equals("minimum") || kind.equals("saddle"), kind);
                    assertTrue(!kind.equals("saddle") || Double.parseDouble(row[8]) < 0, "a saddle curves down");
                }
                minima += kind.equals("minimum") ? 1 : 0;
                saddles += kind.equals("saddle") ? 1 : 0;
                unconverged += kind.equals("unconverged") ? 1 : 0;
                spurious += kind.equals("minimum") && !success ? 1 : 0;
                ok += success ? 1 : 0;
            }
            assertEquals(minima, p.get("minima").asInt());
            assertEquals(saddles, p.get("saddles").asInt());
            assertEquals(unconverged, p.get("unconverged").asInt());
            assertEquals(4 - unconverged, p.get("converged").asInt());
            assertEquals(spurious, p.get("spurious_minima").asInt());
            assertEquals(ok / 4.0, p.get("success_fraction").asDouble());
        }
        assertEquals(0.0, pts.get(0).get("success_fraction").asDouble(), "one layer cannot reach the ground state");
        JsonNode deep = pts.get(pts.size() - 1);
        assertEquals(1.0, deep.get("success_fraction").asDouble(), "M = 12 is past M_c = 8: " + deep);
        assertEquals(0, deep.get("unconverged").asInt(), "the defaults converge at n = 4");
        AnalyzeCommandTest.assertPng(dir.resolve("landscape.png"));
        assertTrue(Files.exists(dir.resolve("landscape.json")));
    }

    @Test
    void theTableStatesTheConvergenceRule(@TempDir Path dir) {
        CliRun r = CliRun.of("analyze", "landscape", "--ansatz", "hva-tfim", "--qubits", "3", "--layers", "2",
                "--inits", "2", "--gradient-tolerance", "1e-4", "--out", dir.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("converged: |grad E| < 1.0e-04 within 2000 lbfgs steps (learning rate 1.0)"),
                r.out());
        assertTrue(r.out().contains("minima") && r.out().contains("unconverged") && r.out().contains("spurious"),
                r.out());
        CliRun help = CliRun.of("analyze", "landscape", "--help");
        assertTrue(help.out().contains("--gradient-tolerance") && help.out().contains("default: 1.0E-5"), help.out());
        assertTrue(help.out().contains("--max-steps") && help.out().contains("(default: 2000)"), help.out());
    }

    @Test
    void aOneStepBudgetLeavesEveryRunUnconverged(@TempDir Path dir) throws IOException {
        JsonNode r = AnalyzeCommandTest.run("analyze", "landscape", "--ansatz", "hva-tfim", "--qubits", "4",
                "--layers", "3", "--inits", "3", "--max-steps", "1", "--out", dir.toString(), "--json");
        JsonNode p = r.get("points").get(0);
        assertEquals(3, p.get("unconverged").asInt());
        assertEquals(0, p.get("minima").asInt() + p.get("saddles").asInt() + p.get("converged").asInt());
        assertTrue(p.get("converged_success_fraction").isNull(), "no converged runs to take a share of");
        for (String[] row : csvRows(dir.resolve("landscape.csv"))) {
            assertEquals("unconverged", row[7]);
            assertEquals("1", row[5]);
            assertEquals("", row[8], "no Hessian at a point that is still moving");
        }
    }

    @Test
    void withoutHessiansConvergedRunsAreStationary(@TempDir Path dir) throws IOException {
        JsonNode r = AnalyzeCommandTest.run("analyze", "landscape", "--ansatz", "hva-tfim", "--qubits", "4",
                "--layers", "5", "--inits", "2", "--no-hessian", "--out", dir.toString(), "--json");
        JsonNode p = r.get("points").get(0);
        assertTrue(p.get("minima").isNull() && p.get("saddles").isNull() && p.get("spurious_minima").isNull(),
                "unknown without Hessians, not 0: " + p);
        assertEquals(2, p.get("converged").asInt());
        for (String[] row : csvRows(dir.resolve("landscape.csv"))) {
            assertEquals("stationary", row[7]);
        }
    }

    @Test
    void filesDoNotDependOnTheThreadCount(@TempDir Path dir) throws IOException {
        for (String t : List.of("1", "3")) {
            CliRun r = CliRun.of("analyze", "landscape", "--ansatz", "hva-tfim", "--qubits", "4", "--boundary",
                    "periodic", "--layers", "1..3", "--inits", "3", "--seed", "5", "--threads", t, "--out",
                    dir.resolve(t).toString());
            assertEquals(0, r.exitCode(), r.err());
        }
        assertEquals(Files.readAllLines(dir.resolve("1/landscape.csv")),
                Files.readAllLines(dir.resolve("3/landscape.csv")));
    }

    @Test
    void badInputIsNamedBeforeAnyFileIsWritten(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("out");
        String[][] cases = {
            {"--gradient-tolerance", "0", "gradient tolerance 0.0 out of range; allowed: a finite number > 0"},
            {"--gradient-tolerance", "-1e-3", "gradient tolerance -0.001 out of range"},
            {"--tolerance", "0", "tolerance 0.0 out of range"},
            {"--optimizer", "bfgs", "unknown optimizer 'bfgs'; allowed: sgd, momentum, adam, lbfgs"},
            {"--inits", "0", "--inits 0 out of range; allowed: 1..100000"},
            {"--inits", "100001", "--inits 100001 out of range"},
            {"--max-steps", "0", "max steps 0 out of range; allowed: 1 or more"},
            {"--learning-rate", "-1", "learning rate -1.0 out of range"},
            {"--threads", "0", "threads 0 out of range"},
        };
        for (String[] c : cases) {
            CliRun r = CliRun.of("analyze", "landscape", "--ansatz", "hva-tfim", "--qubits", "4", c[0], c[1],
                    "--out", out.toString());
            assertEquals(2, r.exitCode(), String.join(" ", c));
            assertTrue(r.err().startsWith("qnn analyze landscape: error: ") && r.err().contains(c[2]), r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
            assertFalse(Files.exists(out), "refused before any file: " + String.join(" ", c));
        }
        CliRun r = CliRun.of("analyze", "landscape", "--ansatz", "hva-tfim", "--qubits", "12", "--layers", "1..40",
                "--inits", "1000", "--out", out.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("would take about") && r.err().contains("--inits"), r.err());
        assertFalse(Files.exists(out), "refused before any work");
    }
}
