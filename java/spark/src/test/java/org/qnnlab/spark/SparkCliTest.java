package org.qnnlab.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qnnlab.cli.Main;

/**
 * The CLI's ensemble commands with {@code --engine spark --master local[2]} write the numbers {@code --engine local}
 * writes, byte for byte in the CSVs and equal in the JSON (wall time aside), also when a Spark run is killed part way
 * and resumed; a bad master is one line and writes nothing.
 */
class SparkCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Runs {@code qnn ARGS} in this JVM; returns the exit code and stderr. */
    private static Object[] qnn(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Object[] {code, err.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static void ok(String... args) {
        Object[] r = qnn(args);
        assertEquals(0, r[0], String.join(" ", args) + ": " + r[1]);
    }

    private static JsonNode results(Path dir, String file) throws IOException {
        ObjectNode n = (ObjectNode) JSON.readTree(dir.resolve(file).toFile());
        n.remove("seconds");
        return n;
    }

    private static String[] with(String[] base, String... more) {
        List<String> all = new ArrayList<>(List.of(base));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void sparkAndLocalWriteTheSameNumbersAlsoAfterAKill(@TempDir Path tmp) throws IOException {
        String[][] studies = {
            {"gradvar", "--ansatz", "hva-tfim", "--qubits", "2..4", "--layers", "2", "--samples", "40",
                "--costs", "local,global"},
            {"landscape", "--ansatz", "hva-tfim", "--qubits", "4", "--layers", "1..3", "--inits", "6"},
            {"qfim", "--ansatz", "hva-tfim", "--qubits", "3..4", "--layers", "1..4", "--points", "3"},
            {"wishart", "--qubits", "3", "--samples", "60"},
            {"ntk", "--qubits", "2", "--layers", "2", "--steps", "40", "--gamma", "1,2,3"},
        };
        for (String[] st : studies) {
            String name = st[0];
            String[] base = with(new String[] {"analyze"}, st);
            base = with(base, "--kernel", "vector", "--threads", "2");
            Path local = tmp.resolve(name + "-local");
            Path spark = tmp.resolve(name + "-spark");
            ok(with(base, "--out", local.toString()));
            ok(with(base, "--out", spark.toString(), "--engine", "spark", "--master", "local[2]"));
            assertEquals(results(local, name + ".json"), results(spark, name + ".json"), name);
            assertArrayEquals(Files.readAllBytes(local.resolve(name + ".csv")),
                    Files.readAllBytes(spark.resolve(name + ".csv")), name + ".csv");

            // a kill: every journal keeps its header and one task
            try (Stream<Path> s = Files.list(spark.resolve("tasks"))) {
                for (Path j : s.toList()) {
                    List<String> lines = Files.readAllLines(j);
                    Files.writeString(j, lines.get(0) + "\n" + lines.get(1) + "\n");
                }
            }
            ok(with(base, "--out", spark.toString(), "--engine", "spark", "--master", "local[2]", "--partitions",
                    "3", "--resume"));
            assertEquals(results(local, name + ".json"), results(spark, name + ".json"), name + " resumed");
        }
    }

    @Test
    void aBadMasterIsOneLineAndWritesNothing(@TempDir Path tmp) {
        Path dir = tmp.resolve("out");
        Object[] r = qnn("analyze", "gradvar", "--qubits", "2", "--samples", "10", "--out", dir.toString(),
                "--engine", "spark", "--master", "spark//nohost");
        assertEquals(2, r[0]);
        String err = ((String) r[1]).strip();
        assertEquals("qnn analyze gradvar: error: master 'spark//nohost' is not a Spark master URL; allowed: local, "
                + "local[N], local[*], local[N,F], local-cluster[N,C,M], spark://HOST:PORT, yarn, k8s://URL", err);
        assertFalse(Files.exists(dir));
        assertTrue(err.lines().count() == 1);

        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort(); // closed again: nothing listens there
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        long t0 = System.nanoTime();
        r = qnn("analyze", "gradvar", "--qubits", "2", "--samples", "10", "--out", dir.toString(), "--engine", "spark",
                "--master", "spark://127.0.0.1:" + port);
        assertEquals(2, r[0]);
        err = ((String) r[1]).strip();
        assertTrue(err.startsWith("qnn analyze gradvar: error: cannot reach the Spark master spark://127.0.0.1:" + port
                + " (127.0.0.1:" + port + ": "), err);
        assertEquals(1, err.lines().count(), err);
        assertTrue(System.nanoTime() - t0 < 15e9, "refused before Spark's minute of retries");
        assertFalse(Files.exists(dir));
    }
}
