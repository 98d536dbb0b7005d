package org.qnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code qnn demo --quick} end to end: the measured outcomes of the three experiments (not only that files exist), and
 * the self-contained report. The demo runs once for the class.
 */
class DemoCommandTest {

    private static Path outDir;
    private static JsonNode summary;

    @BeforeAll
    static void runQuickDemoOnce(@TempDir Path dir) throws Exception {
        outDir = dir.resolve("demo"); // does not exist yet: the demo creates it
        CliRun run = CliRun.of("demo", "--quick", "--json", "--out", outDir.toString());
        assertEquals(0, run.exitCode(), run.err());
        summary = Json.MAPPER.readTree(run.out());
    }

    @Test
    void genericRankAndMcMatchTheTfimValuesAndSpuriousMinimaBecomeRarer() {
        for (String b : List.of("open", "periodic")) {
            JsonNode c = summary.get("overparametrization").get(b);
            int n = 4;
            assertEquals(b.equals("open") ? n * n : 3 * n - 1, c.get("dla_dimension").asInt(), b);
            assertEquals(c.get("dla_dimension_closed_form").asInt(), c.get("dla_dimension").asInt(), b);
            // generic values at n = 4 (OverparametrizationTest checks them against a dense reference)
            assertEquals(b.equals("open") ? 8 : 4, c.get("saturation_rank").asInt(), b);
            assertEquals(b.equals("open") ? 8 : 4, c.get("critical_parameters").asInt(), b);
            assertEquals(0, c.get("unconverged").asInt(), b + ": the default optimizer converges at the demo size");
            double below = c.get("success_below_critical").asDouble();
            double from = c.get("success_from_critical").asDouble();
            assertTrue(from >= 0.9 && from > below, b + ": success " + below + " below M_c, " + from + " from it");
            double spuriousBelow = c.get("spurious_minima_below_critical").asDouble()
                    / c.get("converged_below_critical").asDouble();
            double spuriousFrom = c.get("spurious_minima_from_critical").asDouble()
                    / c.get("converged_from_critical").asDouble();
            assertTrue(spuriousFrom < spuriousBelow, b + ": spurious minima " + spuriousBelow + " below, "
                    + spuriousFrom + " from M_c");
        }
        assertTrue(summary.get("overparametrization").get("training_rule").asText().contains("converged when"));
    }

    @Test
    void scaledObservableConvergesFasterThanThePauliOne() {
        JsonNode pauli = summary.get("tangent_kernel").get("pauli");
        JsonNode scaled = summary.get("tangent_kernel").get("scaled");
        assertEquals("power_law", pauli.get("better_fit").asText());
        assertEquals("exponential", scaled.get("better_fit").asText());
        assertTrue(scaled.get("final_residual").asDouble() < 1e-3 * pauli.get("final_residual").asDouble());
        assertTrue(pauli.get("final_drift").asDouble() > 0.1, "the Pauli run leaves the frozen kernel");
    }

    @Test
    void globalCostsFlattenExponentiallyLocalOnesPolynomiallyAndLossesFollowTheirLaws() {
        JsonNode land = summary.get("landscapes");
        JsonNode scaling = land.get("gradient_variance_scaling");
        assertEquals("exponential", scaling.get("global").get("better").asText(), scaling.toString());
        assertEquals("power-law", scaling.get("local").get("better").asText(), scaling.toString());
        assertEquals(2, scaling.get("local").get("power_law_exponent").asDouble(), 0.3, "exact 1/(2n²)");
        JsonNode rank1 = land.get("wishart").get("rank-1 projector |0…0><0…0|");
        assertEquals(1, rank1.get("degrees_of_freedom").asInt());
        assertEquals("Beta(1, 15)", rank1.get("law").asText());
        assertTrue(rank1.get("ks_p_value").asDouble() > 0.01, rank1.toString());
        assertTrue(rank1.get("excess_kurtosis").asDouble() > 2, "exponential-like tail: " + rank1);
        JsonNode pauli = land.get("wishart").get("Pauli Z0");
        assertEquals(8, pauli.get("degrees_of_freedom").asInt(), "a Pauli string has r = d/2 = 2^(n−1)");
        assertTrue(pauli.get("ks_p_value").asDouble() > 0.01, pauli.toString());
        assertEquals(11, land.get("wishart").get("Z0 + Z1").get("degrees_of_freedom").asInt(), "shifted observable");
        for (String b : List.of("open", "periodic")) {
            JsonNode lie = land.get("lie_algebraic").get(b);
            // TFIM HVA at n = 4: open, centre 1 + one ideal of 15; periodic, centre 2 + three ideals of 3
            assertEquals(b.equals("open") ? 16 : 11, lie.get("dla_dimension").asInt(), b);
            assertEquals(b.equals("open") ? "[15]" : "[3,3,3]", lie.get("ideal_dimensions").toString(), b);
            assertEquals(lie.get("lie_algebraic_variance").asDouble(), lie.get("sampled_variance").asDouble(),
                    4 * lie.get("sampled_variance_error").asDouble(), b + ": " + lie);
        }
    }

    @Test
    void reportEmbedsEveryFigureAndTheDataBehindIt() throws Exception {
        String html = Files.readString(outDir.resolve("report.html"));
        Matcher m = Pattern.compile("<img id=\"([^\"]+)\"[^>]*src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"")
                .matcher(html);
        int figures = 0;
        while (m.find()) {
            byte[] png = java.util.Base64.getDecoder().decode(m.group(2));
            assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', m.group(1));
            figures++;
        }
        assertEquals(5, figures);
        for (String f : List.of("summary.json", "qfim-open.csv", "training-periodic.csv", "ntk-pauli.csv",
                "gradient-variance.csv", "wishart-samples.csv", "qfim-rank.png", "wishart-histograms.png")) {
            assertTrue(Files.size(outDir.resolve(f)) > 0, f);
        }
        assertTrue(html.contains("Larocca") && html.contains("ICML 2023") && html.contains("Cerezo"));
    }

    /**
     * Loads the report in Debian's headless Chromium: every figure must decode (the page's own check writes
     * {@code data-figures="k/n"} into the DOM), and a full-page screenshot goes to
     * {@code target/report-screenshot.png}. CI installs Chromium and sets {@code -Dqnnlab.test.requireChromium=true};
     * elsewhere the test skips with one line when Chromium is missing.
     */
    @Test
    void rendersInHeadlessChromium() throws Exception {
        Path chromium = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser").stream().map(Path::of)
                .filter(Files::isExecutable).findFirst().orElse(null);
        if (chromium == null) {
            assertTrue(!Boolean.getBoolean("qnnlab.test.requireChromium"),
                    "Chromium is required (-Dqnnlab.test.requireChromium) but /usr/bin/chromium is missing");
            org.junit.jupiter.api.Assumptions.abort("Chromium not installed (apt-get install -y chromium): "
                    + "report rendering not checked");
        }
        String url = outDir.resolve("report.html").toUri().toString();
        List<String> common = List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--virtual-time-budget=10000");
        String dom = exec(concat(common, List.of("--dump-dom", url)));
        Matcher m = Pattern.compile("data-figures=\"(\\d+)/(\\d+)\"").matcher(dom);
        assertTrue(m.find(), "the page's figure check did not run; DOM head: "
                + dom.substring(0, Math.min(300, dom.length())));
        assertEquals("5", m.group(2));
        assertEquals(m.group(2), m.group(1), "figures that failed to decode in Chromium");
        Path shot = Path.of("target", "report-screenshot.png").toAbsolutePath();
        Files.deleteIfExists(shot);
        exec(concat(common, List.of("--window-size=1100,5200", "--screenshot=" + shot, url)));
        byte[] png = Files.readAllBytes(shot);
        assertTrue(png.length > 10_000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "screenshot " + shot);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** Runs a command (stderr discarded: Chromium is chatty) and returns its stdout; fails on a non-zero exit. */
    private static String exec(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "Chromium timed out: " + cmd);
        assertEquals(0, p.exitValue(), "Chromium failed: " + cmd);
        return out;
    }
}
