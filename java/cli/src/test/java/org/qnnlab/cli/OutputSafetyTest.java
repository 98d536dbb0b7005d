package org.qnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qnnlab.train.OutputDirectory;

/**
 * Output survives every refusal and never mixes two runs: validation before any file is touched, one writer per
 * directory, a resumed run that refuses a changed config (naming the keys) and keeps the first config, bad
 * {@code --out} paths and bad YAML as one-line errors.
 */
class OutputSafetyTest {

    private static final String TEACHER = """
            model: {qubits: 3, layers: 2, observable: "Z0"}
            data: {kind: teacher, samples: 12, features: 3, teacher_seed: 7}
            training: {optimizer: adam, learning_rate: 0.05, epochs: %d, batch_size: 4, seed: 9, checkpoint_every: 2}
            """;

    @Test
    void aRefusedResumeChangesNoFile(@TempDir Path dir) throws IOException {
        Path cfg = write(dir, "a.yaml", TEACHER.formatted(3));
        Path out = dir.resolve("out");
        assertEquals(0, CliRun.of("train", cfg.toString(), "--out", out.toString(), "--json").exitCode());
        Path ckpt = out.resolve("checkpoint.json");
        String good = Files.readString(ckpt);
        Map<String, String> before = files(out);
        for (String[] edit : new String[][] {{"batch", "9", "batch 9; allowed: 0..2"},
            {"step", "-4", "step -4 does not match"}, {"epoch", "99999", "epoch 99999; allowed: 0..6"}}) {
            ObjectNode c = (ObjectNode) Json.MAPPER.readTree(good);
            c.put(edit[0], Integer.parseInt(edit[1]));
            Files.writeString(ckpt, c.toString());
            assertRefused(TEACHER.formatted(6), dir, out, edit[2]);
        }
        ObjectNode c = (ObjectNode) Json.MAPPER.readTree(good);
        c.withArray("theta").remove(0);
        Files.writeString(ckpt, c.toString());
        int m = Json.MAPPER.readTree(out.resolve("result.json").toFile()).get("parameters").asInt();
        assertRefused(TEACHER.formatted(6), dir, out, "theta has " + (m - 1) + " entries, the model has " + m
                + " parameters");
        Files.writeString(ckpt, good);

        assertRefused(TEACHER.formatted(6).replace("seed: 9", "seed: 10"), dir, out, "seed (9 → 10)");
        assertRefused(TEACHER.formatted(6).replace("teacher_seed: 7", "teacher_seed: 8"), dir, out,
                "data.teacher_seed (7 → 8)", "training_data (");
        assertRefused(TEACHER.formatted(6).replace("learning_rate: 0.05", "learning_rate: 0.01"), dir, out,
                "training.learning_rate (0.05 → 0.01)");
        assertRefused(TEACHER.formatted(6).replace("samples: 12", "samples: 16"), dir, out, "data.samples (12 → 16)");
        assertEquals(before, files(out), "metrics, config and results as they were");

        Path longer = write(dir, "b.yaml", TEACHER.formatted(6));
        CliRun r = CliRun.of("train", longer.toString(), "--out", out.toString(), "--resume", "--json");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(Files.readString(cfg), Files.readString(out.resolve("config.yaml")), "the first config kept");
        assertEquals(Files.readString(longer), Files.readString(out.resolve("config.resume-1.yaml")));
        assertEquals(19, Files.readAllLines(out.resolve("metrics.csv")).size(), "header + 18 steps");
    }

    @Test
    void oneWriterPerDirectoryAndStaleTempFilesRemoved(@TempDir Path dir) throws IOException {
        Path cfg = write(dir, "a.yaml", TEACHER.formatted(2));
        Path out = dir.resolve("out");
        try (OutputDirectory held = OutputDirectory.open(out, "qnn train other.yaml")) {
            CliRun r = CliRun.of("train", cfg.toString(), "--out", out.toString());
            assertEquals(2, r.exitCode(), r.err());
            assertEquals("qnn train: error: output directory " + out + " is in use by another run (pid "
                    + ProcessHandle.current().pid() + ": qnn train other.yaml); wait for it to finish or choose "
                    + "another directory", r.err().strip());
            CliRun a = CliRun.analyze("dla", "--ansatz", "hva-tfim", "--qubits", "3", "--out", out.toString());
            assertEquals(2, a.exitCode(), a.err());
            assertTrue(a.err().contains("is in use by another run"), a.err());
        }
        assertFalse(Files.exists(out.resolve("metrics.csv")), "the refused run wrote nothing");
        Path stale = Files.writeString(out.resolve(".checkpoint.json.1234567.tmp"), "{\"torn");
        assertEquals(0, CliRun.of("train", cfg.toString(), "--out", out.toString(), "--json").exitCode());
        assertFalse(Files.exists(stale), "a killed run's temporary file is removed by the next run");
    }

    @Test
    void aFailedAnalyzeLeavesTheEarlierResultsAndNoEmptyFolder(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("dla");
        assertEquals(0, CliRun.analyze("dla", "--ansatz", "hva-tfim", "--qubits", "3", "--out", out.toString())
                .exitCode());
        Map<String, String> before = files(out);
        CliRun bad = CliRun.analyze("dla", "--ansatz", "hva-tfim", "--qubits", "3", "--max-dimension", "0", "--out",
                out.toString());
        assertEquals(2, bad.exitCode());
        assertEquals(before, files(out));
        Path fresh = dir.resolve("landscape");
        CliRun l = CliRun.analyze("landscape", "--optimizer", "rmsprop", "--out", fresh.toString());
        assertEquals(2, l.exitCode(), l.err());
        assertFalse(Files.exists(fresh), "no empty folder after a refused run");
        Path cfg = write(dir, "bad.yaml", "model: {qubits: 2}\ntraining: {optimizer: rmsprop}\n");
        assertEquals(2, CliRun.of("train", cfg.toString(), "--out", dir.resolve("t").toString()).exitCode());
        assertFalse(Files.exists(dir.resolve("t")), "no empty folder after a refused config");
    }

    @Test
    void badOutPathsAreOneLineErrorsBeforeAnyWork(@TempDir Path dir) throws IOException {
        Path file = write(dir, "taken", "x");
        Path cfg = write(dir, "a.yaml", TEACHER.formatted(1));
        String tooLong = dir.resolve("n".repeat(300)).toString();
        for (String[] args : List.of(
                new String[] {"train", cfg.toString(), "--out", file.toString()},
                new String[] {"analyze", "dla", "--qubits", "3", "--out", file.toString()},
                new String[] {"analyze", "qfim", "--qubits", "2", "--layers", "1", "--out", file.toString()},
                new String[] {"demo", "--quick", "--out", file.toString()},
                new String[] {"train", cfg.toString(), "--out", file.resolve("sub").toString()},
                new String[] {"train", cfg.toString(), "--out", tooLong},
                new String[] {"analyze", "landscape", "--out", tooLong},
                new String[] {"demo", "--out", tooLong})) {
            CliRun r = CliRun.of(args);
            String what = String.join(" ", args).replace(tooLong, "<long>");
            assertEquals(2, r.exitCode(), what + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), what + ": " + r.err());
            assertTrue(r.err().contains("output directory ") && (r.err().contains("not a directory")
                    || r.err().contains("is too long")), what + ": " + r.err());
            assertTrue(r.out().isEmpty(), what + " started work: " + r.out());
        }
    }

    @Test
    void configFileErrorsAreNamed(@TempDir Path dir) throws IOException {
        assertConfigError(dir, "model: {qubits: 2}\nmodel: {qubits: 3}\n", "bad.yaml:2:", "duplicate key 'model'");
        assertConfigError(dir, "model:\n  qubits: 2\n  qubits: 3\n", "bad.yaml:3:", "duplicate key 'qubits'");
        assertConfigError(dir, "# only a comment\n\n# and another\n", "bad.yaml: the config is empty");
        assertConfigError(dir, "model: {qubits: 2\ndata: {kind: none}\n", "bad.yaml:", "not valid YAML",
                "flow mapping");
        assertConfigError(dir, "model: {qubits: 2}\ntraining: {learning_rate: 1e308}\n", "training.learning_rate",
                "1.0E308", "0 < learning_rate <= 100.0");
        Path big = dir.resolve("big.yaml");
        Files.writeString(big, "model: {qubits: 2}\n" + ("# padding\n").repeat(120_000));
        CliRun r = CliRun.of("train", big.toString(), "--out", dir.resolve("o").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("allowed: at most 1048576 (1 MiB)"), r.err());
    }

    private static void assertConfigError(Path dir, String yaml, String... fragments) throws IOException {
        Path cfg = write(dir, "bad.yaml", yaml);
        CliRun r = CliRun.of("train", cfg.toString(), "--out", dir.resolve("o").toString());
        assertEquals(2, r.exitCode(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "missing '" + f + "' in: " + r.err());
        }
    }

    private static void assertRefused(String yaml, Path dir, Path out, String... fragments) throws IOException {
        Path cfg = write(dir, "resume.yaml", yaml);
        CliRun r = CliRun.of("train", cfg.toString(), "--out", out.toString(), "--resume");
        assertEquals(2, r.exitCode(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "missing '" + f + "' in: " + r.err());
        }
    }

    /** Every file's content but the lock file's (it names the last holder). */
    private static Map<String, String> files(Path dir) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) {
                if (!p.getFileName().toString().equals(OutputDirectory.LOCK)) {
                    m.put(p.getFileName().toString(), Files.readString(p, StandardCharsets.ISO_8859_1));
                }
            }
        }
        return m;
    }

    private static Path write(Path dir, String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
