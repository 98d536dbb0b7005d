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

/**
 * {@code qnn analyze wishart}: the loss at deep random HEA circuits against the full-algebra theory of E. R.
 * Anschuetz, "A unified theory of quantum neural network loss landscapes", arXiv:2408.11901 — the paper's degrees of
 * freedom, exact Haar moments beside the sampled ones, KS tests against the predicted law; the files and option
 * errors. Expected values are computed here from the spectra (d = 2^n).
 */
class AnalyzeWishartCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static CliRun wishart(String... args) {
        return CliRun.analyze("wishart", args);
    }

    /** Runs {@code qnn analyze wishart ARGS… --json}, which must succeed, and parses its output. */
    private static JsonNode run(String... args) throws IOException {
        return wishart(args).json();
    }

    /** Sampled mean and variance within 4 of their standard errors of the exact Haar values printed beside them. */
    private static void assertHaarMoments(JsonNode r) {
        assertEquals(r.get("haar_mean").asDouble(), r.get("mean").asDouble(),
                4 * r.get("mean_standard_error").asDouble(), r.toString());
        assertEquals(r.get("haar_offset_mean").asDouble(), r.get("offset_mean").asDouble(),
                4 * r.get("mean_standard_error").asDouble(), r.toString());
        assertEquals(r.get("haar_variance").asDouble(), r.get("variance").asDouble(),
                4 * r.get("variance_standard_error").asDouble(), r.toString());
    }

    @Test
    void rankOneProjectorFollowsItsExactBetaLaw(@TempDir Path dir) throws IOException {
        JsonNode r = run("--qubits", "4", "--samples", "1000", "--out", dir.toString(), "--json");
        assertEquals(1, r.get("degrees_of_freedom").asInt());
        assertEquals("Beta(1, 15)", r.get("law").asText());
        assertTrue(r.get("law_exact").asBoolean());
        assertEquals("Gamma(1, scale 0.0625000)", r.get("law_paper").asText(), "χ²₂/(2d)");
        assertEquals(24, r.get("layers").asInt(), "default depth 6n");
        assertEquals(0, r.get("min_eigenvalue").asDouble(), 1e-12);
        assertEquals(1.0 / 16, r.get("haar_mean").asDouble(), 1e-15);
        assertEquals(15.0 / (256 * 17), r.get("haar_variance").asDouble(), 1e-15, "r(d − r)/(d²(d + 1))");
        assertHaarMoments(r);
        assertTrue(r.get("ks_p_value").asDouble() > 0.001, "KS against Beta(1, 15): " + r);
        assertTrue(r.get("kurtosis").asDouble() > 2, "heavy tail: excess kurtosis " + r.get("kurtosis"));
        assertEquals(1000, r.get("samples").asInt());
        assertEquals(1 + 1000, Files.readAllLines(dir.resolve("wishart.csv")).size());
        JsonNode file = JSON.readTree(dir.resolve("wishart.json").toFile());
        assertEquals(r.get("ks_statistic"), file.get("ks_statistic"));
        AnalyzeCommandTest.assertPng(dir.resolve("wishart.png"));
    }

    @Test
    void projectorTypedAsAPauliSumGetsTheSameLaw(@TempDir Path dir) throws IOException {
        JsonNode r = run("--qubits", "4", "--projector", "2", "--samples", "300", "--out",
                dir.toString(), "--json");
        assertEquals(4, r.get("degrees_of_freedom").asInt());
        assertEquals("Beta(4, 12)", r.get("law").asText());
        JsonNode typed = run("--qubits", "4", "--observable", "0.25 + 0.25*Z0 + 0.25*Z1 + 0.25*Z0*Z1",
                "--samples", "300", "--out", dir.toString(), "--json");
        assertEquals("Beta(4, 12)", typed.get("law").asText());
        assertEquals(r.get("ks_statistic").asDouble(), typed.get("ks_statistic").asDouble(), 1e-12);
    }

    @Test
    void pauliFollowsItsScaledBetaLaw(@TempDir Path dir) throws IOException {
        JsonNode r = run("--qubits", "3", "--observable", "Z0*Z1", "--samples", "1000", "--out",
                dir.toString(), "--json");
        assertEquals(4, r.get("degrees_of_freedom").asInt(), "d/2");
        assertEquals("-1 + 2·Beta(4, 4)", r.get("law").asText());
        assertTrue(r.get("law_exact").asBoolean());
        assertEquals(-1, r.get("min_eigenvalue").asDouble(), 1e-12);
        assertEquals(0, r.get("haar_mean").asDouble(), 1e-15);
        assertEquals(1, r.get("haar_offset_mean").asDouble(), 1e-15);
        assertEquals(1.0 / 9, r.get("haar_variance").asDouble(), 1e-15, "1/(d + 1)");
        assertEquals(-6.0 / 11, r.get("law_kurtosis").asDouble(), 1e-12, "Beta(d/2, d/2): −6/(d + 3)");
        assertHaarMoments(r);
        assertTrue(r.get("ks_p_value").asDouble() > 0.001, r.toString());
    }

    @Test
    void sumOfTwoZsHasElevenDegreesOfFreedomAndThePapersLaw(@TempDir Path dir) throws IOException {
        JsonNode r = run("--qubits", "4", "--observable", "Z0 + Z1", "--samples", "2000", "--out",
                dir.toString(), "--json");
        // shifted by +2: eigenvalues 0 (×4), 2 (×8), 4 (×4): r = ⌈32²/96⌉ = 11
        assertEquals(11, r.get("degrees_of_freedom").asInt());
        assertFalse(r.get("law_exact").asBoolean());
        assertEquals("-2 + Gamma(11, scale 0.181818)", r.get("law").asText(), "scale Tr Õ/(d r) = 2/11");
        assertEquals(r.get("law").asText(), r.get("law_paper").asText());
        assertEquals(2.0 / 17, r.get("haar_variance").asDouble(), 1e-15);
        assertEquals(4.0 / 11, r.get("law_paper_variance").asDouble(), 1e-15, "r·scale²");
        assertHaarMoments(r);
        CliRun text = wishart("--qubits", "4", "--observable", "Z0 + Z1",
                "--samples", "100", "--out", dir.toString());
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("degrees of freedom r = 11"), text.out());
        assertTrue(text.out().contains("approximate"), text.out());
    }

    /**
     * hva-xxz from its singlet product: the orbit component of the input state is small and the group acts on it as
     * the full unitary group, so the Haar moments on it (d = dim K) hold for the loss and the gradient; hva-tfim's
     * component is not full and gets no law. Expected moments are checked against the sample, not hard-coded.
     */
    @Test
    void smallAlgebraAnsatzUsesItsOrbitComponent(@TempDir Path dir) throws IOException {
        JsonNode r = run("--ansatz", "hva-xxz", "--qubits", "4", "--observable", "Z0*Z1 + 0.5*Z1*Z2", "--samples",
                "2000", "--out", dir.toString(), "--json");
        assertTrue(r.get("component_full").asBoolean(), r.toString());
        int dimK = r.get("component_dimension").asInt();
        assertTrue(dimK > 1 && dimK < 16, "a proper subspace: " + r);
        assertEquals(40, r.get("layers").asInt(), "default depth 10n for the HVAs");
        assertHaarMoments(r);
        assertEquals(r.get("haar_gradient_variance").asDouble(), r.get("gradient_variance").asDouble(),
                4 * r.get("gradient_variance_standard_error").asDouble(), r.toString());
        JsonNode t = run("--ansatz", "hva-tfim", "--qubits", "4", "--observable", "X0", "--samples", "200", "--out",
                dir.resolve("tfim").toString(), "--json");
        assertFalse(t.get("component_full").asBoolean(), t.toString());
        assertTrue(t.get("law").isNull() && t.get("haar_variance").isNull()
                && t.get("degrees_of_freedom").isNull(), t.toString());
    }

    /** A sweep over n for the HEA: one row per size with r = d/2 for a Pauli string and the criterion 6/r. */
    @Test
    void sweepShowsTheGaussianCriterion(@TempDir Path dir) throws IOException {
        JsonNode r = run("--qubits", "2..4", "--observable", "Z0", "--samples", "300", "--out", dir.toString(),
                "--json");
        JsonNode sizes = r.get("sizes");
        assertEquals(3, sizes.size());
        for (int i = 0; i < 3; i++) {
            int n = 2 + i;
            JsonNode row = sizes.get(i);
            assertEquals(n, row.get("qubits").asInt());
            assertEquals(1 << (n - 1), row.get("degrees_of_freedom").asInt(), "a Pauli string: r = d/2");
            assertEquals(6.0 / (1 << (n - 1)), row.get("gaussian_criterion_kurtosis").asDouble(), 1e-15);
        }
        assertEquals(1 + 3, Files.readAllLines(dir.resolve("wishart.csv")).size());
        assertTrue(Files.size(dir.resolve("wishart.png")) > 0);
    }

    @Test
    void badOptionsAreNamed(@TempDir Path dir) {
        CliRun r = wishart("--samples", "5", "--out", dir.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--samples 5 out of range; allowed: 10..1000000"), r.err());
        r = wishart("--qubits", "4", "--projector", "5", "--out",
                dir.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--projector 5 out of range"), r.err());
        r = wishart("--projector", "2", "--observable", "Z0", "--out",
                dir.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("either --observable or --projector"), r.err());
        r = wishart("--ansatz", "hva-tfim", "--qubits", "3..4", "--out", dir.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("a sweep over n is supported for --ansatz hea"), r.err());
        r = wishart("--ansatz", "hva-tfim", "--qubits", "11", "--out", dir.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--qubits 11 out of range for wishart with --ansatz hva-tfim; allowed: 1..10"),
                r.err());
        r = wishart("--parameter", "8", "--qubits", "1", "--layers", "2", "--out", dir.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--parameter 8 out of range"), r.err());
        r = wishart("--ansatz", "hva-tfim", "--qubits", "4", "--observable", "Z0", "--out", dir.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("is constant on the orbit component"), r.err());
        assertFalse(r.err().contains("decomposing"), "refused before the decomposition runs: " + r.err());
        r = wishart("--observable", "2", "--out", dir.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("multiple of the identity"), r.err());
    }
}
