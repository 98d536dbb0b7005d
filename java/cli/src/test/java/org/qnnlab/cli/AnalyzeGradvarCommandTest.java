package org.qnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.qnnlab.sim.kernel.KernelType;

/**
 * {@code qnn analyze gradvar}: loss and gradient variances with standard errors beside the exact one-layer HEA values
 * (M. Cerezo, A. Sone, T. Volkoff, L. Cincio, P. J. Coles, Nat. Commun. 12, 1791 (2021)), both decay fits, any ansatz,
 * the files, and option errors.
 */
class AnalyzeGradvarCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void fitExponentsPrintWithOneSign() {
        assertEquals("-1.0006", AnalyzeGradvarCommand.negated(1.0006), "decay: e^(-1.0006 n)");
        assertEquals("1.0006", AnalyzeGradvarCommand.negated(-1.0006), "growth: e^(1.0006 n), not e^(--1.0006 n)");
        assertEquals("0.0000", AnalyzeGradvarCommand.negated(0.0));
        assertEquals("0.0000", AnalyzeGradvarCommand.negated(1e-7));
        assertEquals("0.0000", AnalyzeGradvarCommand.negated(-1e-7));
    }

    private static CliRun gradvar(String... args) {
        return CliRun.analyze("gradvar", args);
    }

    private static JsonNode run(String... args) throws IOException {
        return gradvar(args).json();
    }

    /** The closed forms for hea(n, 1), k = 0, written here again: {Var ℓ, Var ∂ℓ}. */
    private static double[] exact(String cost, int n) {
        return switch (cost) {
            case "local" -> new double[] {1.0 / (2 * n), 1.0 / (2.0 * n * n)};
            case "global" -> new double[] {Math.pow(0.375, n) - Math.pow(0.25, n), Math.pow(0.375, n - 1) / 8};
            default -> new double[] {Math.pow(2, -n), Math.pow(2, -n)};
        };
    }

    @Test
    void oneLayerHeaIsSampledBesideTheExactValuesWithBothFits(@TempDir Path dir) throws IOException {
        JsonNode r = run("--qubits", "2..6", "--samples", "1500", "--seed", "5", "--out", dir.toString(), "--json");
        assertEquals("hea", r.get("ansatz").asText());
        assertEquals(List.of("local", "global", "global-z"),
                JSON.convertValue(r.get("costs"), JSON.getTypeFactory().constructCollectionType(List.class,
                        String.class)));
        assertTrue(r.get("cost_definitions").get("global").asText().startsWith("1 - |0><0|^n"));
        JsonNode points = r.get("points");
        assertEquals(15, points.size(), "5 qubit counts × 3 costs at the default single layer");
        for (JsonNode p : points) {
            int n = p.get("qubits").asInt();
            String cost = p.get("cost").asText();
            double[] want = exact(cost, n);
            String where = cost + " n=" + n;
            assertEquals(1, p.get("layers").asInt());
            assertEquals(2 * n, p.get("parameters").asInt());
            assertEquals(want[0], p.get("exact_loss_variance").asDouble(), 1e-15, where);
            assertEquals(want[1], p.get("exact_gradient_variance").asDouble(), 1e-15, where);
            assertEquals(want[0], p.get("loss_variance").asDouble(), 4 * p.get("loss_variance_error").asDouble(),
                    "sampled Var ℓ " + where);
            assertEquals(want[1], p.get("gradient_variance").asDouble(),
                    4 * p.get("gradient_variance_error").asDouble(), "sampled Var ∂ℓ " + where);
            assertTrue(p.get("gradient_variance_error").asDouble() < 0.15 * want[1], where);
            // the deep-circuit prediction for these generators (one layer: RY and RZ on each qubit, DLA ⊕ su(2)):
            // each ⟨Z_j⟩ of a Haar-random qubit is uniform on [−1, 1], so Var of (1/n)ΣZ_j is 1/(3n); the global
            // costs have neither ρ nor O in that algebra, and get a note instead of a number
            if (cost.equals("local")) {
                assertEquals(1.0 / (3 * n), p.get("lie_algebraic_loss_variance").asDouble(), 1e-12, where);
            } else {
                assertTrue(p.get("lie_algebraic_loss_variance").isNull(), where);
                assertTrue(p.get("lie_algebraic_note").asText().startsWith("neither the observable"), where);
            }
        }
        assertEquals(3, r.get("fits").size());
        for (JsonNode f : r.get("fits")) {
            JsonNode g = f.get("gradient");
            String cost = f.get("cost").asText();
            double rate = g.get("exponential").get("rate").asDouble();
            double exponent = g.get("power_law").get("exponent").asDouble();
            switch (cost) {
                case "local" -> {
                    assertEquals("power-law", g.get("better").asText(), f.toString());
                    assertEquals(2, exponent, 0.2, f.toString());
                }
                case "global" -> {
                    assertEquals("exponential", g.get("better").asText(), f.toString());
                    assertEquals(Math.log(8.0 / 3), rate, 0.1, f.toString());
                }
                default -> {
                    assertEquals("exponential", g.get("better").asText(), f.toString());
                    assertEquals(Math.log(2), rate, 0.1, f.toString());
                }
            }
            assertTrue(f.get("loss").has("better"), f.toString());
        }
        List<String> csv = Files.readAllLines(dir.resolve("gradvar.csv"));
        assertEquals("qubits,layers,cost,parameters,samples,loss_mean,loss_variance,loss_variance_error,gradient_mean,"
                + "gradient_variance,gradient_variance_error,exact_loss_variance,exact_gradient_variance,"
                + "lie_algebraic_loss_variance,lie_algebraic_gradient_variance", csv.get(0));
        assertEquals(1 + 15, csv.size());
        assertTrue(csv.get(1).startsWith("2,1,local,4,1500,"), csv.get(1));
        assertTrue(csv.get(1).contains(",0.25,0.125,0.16666666666666666,"), "exact and Lie-algebraic values: "
                + csv.get(1));
        List<String> fits = Files.readAllLines(dir.resolve("gradvar-fits.csv"));
        assertEquals("cost,layers,quantity,exponential_rate,exponential_coefficient,exponential_r2,"
                + "power_law_exponent,power_law_coefficient,power_law_r2,better", fits.get(0));
        assertEquals(1 + 6, fits.size(), "3 costs × (loss, gradient)");
        JsonNode file = JSON.readTree(dir.resolve("gradvar.json").toFile());
        assertEquals(r.get("points"), file.get("points"));
        assertEquals(r.get("fits"), file.get("fits"));
        AnalyzeCommandTest.assertPng(dir.resolve("gradvar.png"));
    }

    /** One sampled case through every kernel: the same numbers to rounding as the scalar kernel. */
    @ParameterizedTest
    @EnumSource(KernelType.class)
    void everyKernelSamplesTheSameHvaPoints(KernelType type) throws IOException {
        String[] args = {"--ansatz", "hva-tfim", "--boundary", "periodic", "--qubits", "3..4", "--layers", "3",
            "--samples", "40", "--parameter", "5", "--costs", "local,global", "--json", "--kernel"};
        JsonNode want = run(concat(args, "scalar"));
        JsonNode got = run(concat(args, type.name().toLowerCase(Locale.ROOT)));
        assertEquals(4, want.get("points").size());
        for (int i = 0; i < 4; i++) {
            JsonNode w = want.get("points").get(i);
            JsonNode g = got.get("points").get(i);
            assertEquals(6, g.get("parameters").asInt(), "two shared angles per layer");
            assertTrue(g.get("exact_gradient_variance").isNull(), "no closed form for the HVA");
            for (String key : List.of("loss_mean", "loss_variance", "gradient_mean", "gradient_variance")) {
                assertEquals(w.get(key).asDouble(), g.get(key).asDouble(), 1e-12, key + " " + type + " vs scalar");
            }
            // |+>^n and every generator (ZZ, X) commute with the parity Π X_q, which anticommutes with each Z_q:
            // <Z_q> ≡ 0, so the local cost is flat; the global cost has even-weight Z strings and is not
            boolean local = g.get("cost").asText().equals("local");
            if (local) {
                assertEquals(0, g.get("loss_variance").asDouble(), 1e-28, g.toString());
                assertEquals(0, g.get("gradient_variance").asDouble(), 1e-28, g.toString());
            } else {
                assertTrue(g.get("loss_variance").asDouble() > 1e-4, g.toString());
                assertTrue(g.get("gradient_variance").asDouble() > 1e-4, g.toString());
            }
            assertEquals(local, g.get("loss_flat").asBoolean(), g.toString());
            assertEquals(local, g.get("gradient_flat").asBoolean(), g.toString());
        }
        assertTrue(got.get("fits").get(0).get("gradient").isNull(), "no decay law fitted to rounding");
        JsonNode global = got.get("fits").get(1).get("gradient");
        assertTrue(global.get("better").isNull(), "two qubit counts decide nothing: " + global);
        assertTrue(global.get("exponential").get("rate").asDouble() > 0, global.toString());
        assertEquals("periodic", got.get("boundary").asText());
    }

    private static String[] concat(String[] a, String last) {
        String[] r = java.util.Arrays.copyOf(a, a.length + 1);
        r[a.length] = last;
        return r;
    }

    @Test
    void deepCircuitsMatchTheLieAlgebraicVariance(@TempDir Path dir) throws IOException {
        // 20 HEA layers on 3 qubits: an approximate 2-design over SU(8), where Ragone et al.'s formula applies
        JsonNode r = run("--qubits", "3", "--layers", "20", "--costs", "local,global-z", "--samples", "3000",
                "--parameter", "30", "--out", dir.toString(), "--json");
        for (JsonNode p : r.get("points")) {
            double lie = p.get("lie_algebraic_loss_variance").asDouble();
            assertEquals(lie, p.get("loss_variance").asDouble(), 4 * p.get("loss_variance_error").asDouble(),
                    p.toString());
            assertEquals(p.get("lie_algebraic_gradient_variance").asDouble(), p.get("gradient_variance").asDouble(),
                    4 * p.get("gradient_variance_error").asDouble(), "a parameter in the middle: " + p);
        }
        assertTrue(r.get("lie_algebraic").asText().contains("derived in qnnlab"));
    }

    @Test
    void depthSweepFitsEachDepthAndPrintsATable(@TempDir Path dir) throws IOException {
        JsonNode r = run("--ansatz", "hva-xxz", "--qubits", "4", "--layers", "1..2", "--samples", "20", "--costs",
                "global", "--json");
        assertEquals(2, r.get("points").size());
        assertEquals(2, r.get("fits").size());
        assertTrue(r.get("fits").get(0).get("gradient").isNull(), "one qubit count: no fit");
        CliRun text = gradvar("--qubits", "2..3", "--samples", "30", "--costs", "local,LOCAL", "--parameter", "2",
                "--out", dir.toString());
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("fit Var loss, local, L = 1: e^(-"), text.out());
        // k = 2 is an RZ angle at n = 2 (∂ℓ ≡ 0, exact 0): no log fit of the gradient variance
        assertTrue(text.out().contains("fit Var gradient, local, L = 1: n/a"), text.out());
        assertEquals(1 + 2, Files.readAllLines(dir.resolve("gradvar.csv")).size(), "duplicate cost dropped");
    }

    /**
     * {@code --noise}: the noise-induced barren plateau. Under depolarizing noise after every gate the gradient
     * variance falls with depth and stays below Wang et al.'s variance bound, whose ratio per HEA layer is exactly
     * {@code q^6} (three complete noise layers per layer, squared); non-Pauli noise is sampled without a bound, and a
     * bad rule is one line before any work.
     */
    @Test
    void noiseShowsTheDecayInDepthBesideWangsBound(@TempDir Path dir) throws IOException {
        double p = 0.05;
        double q = 1 - 4 * p / 3;
        JsonNode r = run("--qubits", "2", "--layers", "1..3", "--samples", "40", "--costs", "local", "--noise",
                "depolarizing:" + p, "--out", dir.toString(), "--json");
        assertEquals("depolarizing:" + p, r.get("noise").get(0).asText());
        assertTrue(r.get("wang_bound").asText().contains("local Pauli noise only"));
        JsonNode pts = r.get("points");
        assertEquals(3, pts.size());
        for (int l = 0; l < 3; l++) {
            JsonNode pt = pts.get(l);
            assertEquals(3 * (l + 1), pt.get("noise_layers").asInt());
            assertEquals(q, pt.get("noise_q").asDouble(), 1e-15);
            assertTrue(pt.get("gradient_variance").asDouble() <= pt.get("wang_gradient_variance_bound").asDouble());
            assertTrue(pt.get("gradient_max_abs").asDouble() <= pt.get("wang_gradient_bound").asDouble());
            assertTrue(pt.get("exact_gradient_variance").isNull(), "noiseless closed forms are not shown");
            if (l > 0) {
                assertTrue(pt.get("gradient_variance").asDouble() < pts.get(l - 1).get("gradient_variance").asDouble());
                assertEquals(Math.pow(q, 6), pt.get("wang_gradient_variance_bound").asDouble()
                        / pts.get(l - 1).get("wang_gradient_variance_bound").asDouble(), 1e-12);
            }
        }
        JsonNode fit = r.get("depth_fits").get(0);
        assertEquals(6 * Math.log(1 / q), fit.get("wang_bound_rate").asDouble(), 1e-12);
        assertTrue(fit.get("rate").asDouble() > 0, "the variance decays in depth: " + fit);
        assertEquals(2, Files.readAllLines(dir.resolve("gradvar-depth-fits.csv")).size());
        List<String> csv = Files.readAllLines(dir.resolve("gradvar.csv"));
        assertTrue(csv.get(0).endsWith(",gradient_max_abs,noise_layers,noise_q,wang_gradient_bound,"
                + "wang_gradient_variance_bound"), csv.get(0));
        assertTrue(Files.size(dir.resolve("gradvar-depth.png")) > 0);

        JsonNode amp = run("--qubits", "2", "--samples", "10", "--costs", "local", "--noise", "amplitude_damping:0.1",
                "--json");
        assertTrue(amp.get("points").get(0).get("wang_gradient_bound").isNull());
        assertTrue(amp.get("points").get(0).get("wang_note").asText().contains("not local Pauli noise"));
        assertError("noise spec 'depolarizing:0.1@gates=3q'", "--noise", "depolarizing:0.1@gates=3q", "--out",
                dir.toString());
        assertError("names qubit 7 but the circuit has 2 qubits", "--qubits", "2", "--noise",
                "phase_flip:0.1@qubits=7", "--out", dir.toString());
    }

    @Test
    void badOptionsAreNamedBeforeAnyWork(@TempDir Path dir) {
        String out = dir.toString();
        assertError("--samples 1 out of range; allowed: 2..100000", "--samples", "1", "--out", out);
        assertError("unknown cost 'nonlocal'; allowed: local, global, global-z", "--costs", "local,nonlocal",
                "--out", out);
        assertError("--parameter 4 out of range for hea with n = 2, L = 1 (M = 4 parameters); allowed: 0..3",
                "--qubits", "2", "--parameter", "4", "--out", out);
        assertError("would take about", "--qubits", "20..28", "--costs", "local", "--out", out);
        assertError("qubits 17 too many for the global cost", "--qubits", "17", "--out", out);
        assertError("--boundary periodic is not supported for --ansatz hea", "--boundary", "periodic", "--out", out);
        assertError("unknown ansatz 'qaoa'", "--ansatz", "qaoa", "--out", out);
        assertError("needs an even number of qubits, got 3", "--ansatz", "hva-xxz", "--qubits", "2..4", "--out",
                out);
        assertError("--observable is not used by gradvar", "--observable", "Z0", "--out", out);
    }

    private static void assertError(String message, String... args) {
        CliRun r = gradvar(args);
        assertEquals(2, r.exitCode(), r.out());
        assertTrue(r.err().contains(message), r.err());
        assertTrue(r.out().isEmpty(), "no work before the error: " + r.out());
    }
}
