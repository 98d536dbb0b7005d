package org.qnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qnnlab.sim.kernel.Kernels;

/**
 * {@code qnn kernels} in-process: the JSON document (which kernels exist, which can run, SIMD width, threads, the
 * default) and the table form. The test JVM runs with {@code --add-modules jdk.incubator.vector}, so the vector
 * kernel must be usable here; if it is not, the tests fail rather than silently covering only the scalar kernel.
 */
class KernelsCommandTest {

    /** The kernel rows of a {@code kernels --json} document by name, in output order (a name may appear once). */
    private static Map<String, JsonNode> kernelsByName(JsonNode doc) {
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        for (JsonNode k : doc.get("kernels")) {
            JsonNode previous = byName.put(k.get("name").asText(), k);
            assertEquals(null, previous, "kernel listed twice: " + k);
        }
        return byName;
    }

    /** Runs {@code qnn kernels --json}, requiring exit 0, and parses its stdout. */
    private static JsonNode kernelsJson() throws Exception {
        CliRun r = CliRun.of("kernels", "--json");
        assertEquals(0, r.exitCode(), r.err());
        return Json.MAPPER.readTree(r.out());
    }

    @Test
    void jsonHasDefaultAndKernelArrayWithEveryRowKey() throws Exception {
        JsonNode doc = kernelsJson();
        assertTrue(doc.has("default") && doc.get("default").isTextual(), doc.toString());
        assertTrue(doc.get("kernels").isArray() && doc.get("kernels").size() >= 2, doc.toString());
        for (JsonNode k : doc.get("kernels")) {
            for (String key : List.of("name", "usable", "reason", "simd", "threads", "default")) {
                assertTrue(k.has(key), "row lacks '" + key + "': " + k);
            }
            // A usable kernel has no reason; an unusable one must say why.
            if (k.get("usable").asBoolean()) {
                assertTrue(k.get("reason").isNull(), k.toString());
            } else {
                assertFalse(k.get("reason").asText("").isBlank(), k.toString());
                assertEquals(0, k.get("threads").asInt(), k.toString());
            }
        }
    }

    @Test
    void scalarIsUsableWithoutSimdAndOneThread() throws Exception {
        JsonNode scalar = kernelsByName(kernelsJson()).get("scalar");
        assertNotNull(scalar, "scalar kernel not listed");
        assertTrue(scalar.get("usable").asBoolean(), scalar.toString());
        assertEquals("none", scalar.get("simd").asText());
        assertTrue(scalar.get("threads").asInt() >= 1, scalar.toString());
    }

    @Test
    void vectorIsUsableAndReportsDoubleLanes() throws Exception {
        JsonNode vector = kernelsByName(kernelsJson()).get("vector");
        assertNotNull(vector, "vector kernel not listed (is qnnlab-kernel-vector on the test class path?)");
        assertTrue(vector.get("usable").asBoolean(), "vector kernel unusable: " + vector.get("reason"));
        assertTrue(vector.get("simd").asText().contains("double lanes"), vector.toString());
        int threads = vector.get("threads").asInt();
        assertTrue(threads >= 1 && threads <= Kernels.defaultThreads(), vector.toString());
    }

    @Test
    void defaultIsAUsableKernelAndTheOnlyRowFlaggedDefault() throws Exception {
        JsonNode doc = kernelsJson();
        String def = doc.get("default").asText();
        Map<String, JsonNode> byName = kernelsByName(doc);
        assertTrue(byName.containsKey(def), "default '" + def + "' is not a listed kernel: " + doc);
        assertTrue(byName.get(def).get("usable").asBoolean(), "default '" + def + "' is not usable: " + doc);
        List<String> flagged = new ArrayList<>();
        byName.forEach((name, row) -> {
            if (row.get("default").asBoolean()) {
                flagged.add(name);
            }
        });
        assertEquals(List.of(def), flagged, doc.toString());
        // Without -Dqnnlab.kernel the default is the most preferred usable kernel: the first usable row.
        if (System.getProperty(Kernels.KERNEL_PROPERTY, "").isBlank()) {
            String firstUsable = null;
            for (JsonNode row : byName.values()) {
                if (row.get("usable").asBoolean()) {
                    firstUsable = row.get("name").asText();
                    break;
                }
            }
            assertEquals(firstUsable, def, doc.toString());
        }
    }

    @Test
    void forcedKernelPropertyBecomesTheReportedDefault() throws Exception {
        // Touch the kernel registry first: its holder also builds the JVM-wide default kernel, which must not be
        // built while the property below is set (that would pin every later test to the scalar kernel).
        Kernels.providers();
        String old = System.getProperty(Kernels.KERNEL_PROPERTY);
        JsonNode doc;
        try {
            System.setProperty(Kernels.KERNEL_PROPERTY, "scalar");
            doc = kernelsJson();
        } finally {
            if (old == null) {
                System.clearProperty(Kernels.KERNEL_PROPERTY);
            } else {
                System.setProperty(Kernels.KERNEL_PROPERTY, old);
            }
        }
        assertEquals("scalar", doc.get("default").asText());
        assertTrue(kernelsByName(doc).get("scalar").get("default").asBoolean(), doc.toString());
        assertFalse(kernelsByName(doc).get("vector").get("default").asBoolean(), doc.toString());
    }

    @Test
    void tableHasHeaderAndOneRowPerKernel() throws Exception {
        Map<String, JsonNode> byName = kernelsByName(kernelsJson());
        CliRun r = CliRun.of("kernels");
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.out().lines().filter(l -> !l.isBlank()).toList();
        assertTrue(lines.get(0).contains("KERNEL") && lines.get(0).contains("USABLE")
                && lines.get(0).contains("SIMD"), r.out());
        List<String> rows = lines.subList(1, lines.size());
        assertEquals(byName.size(), rows.size(), r.out());
        // Same kernels in the same order as the JSON, each row agreeing on usability.
        List<String> names = new ArrayList<>(byName.keySet());
        for (int i = 0; i < rows.size(); i++) {
            String[] cols = rows.get(i).trim().split("\\s+");
            assertEquals(names.get(i), cols[0], rows.get(i));
            assertEquals(byName.get(names.get(i)).get("usable").asBoolean() ? "yes" : "no", cols[1],
                    rows.get(i));
        }
        String scalarRow = rows.stream().filter(l -> l.startsWith("scalar ")).findFirst().orElseThrow();
        assertTrue(Arrays.asList(scalarRow.trim().split("\\s+")).contains("none"), scalarRow);
        String vectorRow = rows.stream().filter(l -> l.startsWith("vector ")).findFirst().orElseThrow();
        assertTrue(vectorRow.contains("double lanes"), vectorRow);
        // The default kernel's row carries the "default" note, and no other row does.
        assertEquals(1, rows.stream().filter(l -> l.trim().endsWith("default")).count(), r.out());
    }
}
