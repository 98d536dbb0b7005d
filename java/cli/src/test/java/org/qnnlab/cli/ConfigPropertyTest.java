package org.qnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Every config made by mutating a valid one (values replaced by other types and extremes, lines deleted, duplicated
 * or re-indented, keys misspelt, the text cut or given a stray YAML character) either works or is refused with a
 * one-line message: {@link TrainConfig#load} and {@link TrainCommand#build} throw nothing but
 * {@link IllegalArgumentException} or {@link IllegalStateException}, whose messages the CLI prints as one line with
 * exit code 2; and a config that builds and is small enough to train here runs {@code qnn train} to exit code 0 or 2
 * with a one-line error, never the "internal error" of exit code 1.
 */
class ConfigPropertyTest {

    private static final List<String> BASES = List.of(
            """
            model:
              qubits: 3
              ansatz: hea
              layers: 2
              observable: "Z0*Z1"
            data:
              kind: teacher
              samples: 12
              features: 3
              teacher_seed: 7
              test_fraction: 0.25
            training:
              optimizer: adam
              learning_rate: 0.05
              schedule: cosine
              schedule_params: {min_lr: 0.005, warmup: 2}
              epochs: 3
              batch_size: 4
              seed: 3
              checkpoint_every: 2
            """,
            """
            model: {qubits: 3, ansatz: hva-tfim, layers: 2, hamiltonian: tfim, coupling: 1.0}
            training: {optimizer: lbfgs, epochs: 3, init: normal, seed: 1}
            """,
            """
            kernel: scalar
            model: {qubits: 2, layers: 1, encoding: reuploading}
            data: {kind: two-moons, samples: 16, noise: 0.1}
            training: {loss: bce, optimizer: momentum, epochs: 2, batch_size: 8, gradient: shift, shots: 0}
            """);

    private static final List<String> VALUES = List.of("-1", "0", "1", "2", "3", "31", "1000", "0.5", "-0.0",
            "1e308", "1.0e-320", ".nan", ".inf", "-.inf", "abc", "''", "\"\"", "true", "null", "~", "[]", "{}",
            "[1, 2]", "{a: 1}", "\"Z0*Z1\"", "Z9", "X0 + 2*", "hea", "adam", "lbfgs", "teacher", "csv", "none",
            "periodic", "reuploading", "shift", "fd", "9223372036854775808", "0x10", "1_000", "!!binary aGk=",
            "&a 1", "*a", "\"\\u0000\"", "'\\n'", "|\n  two\n  lines", "2147483648", "-2147483649");

    private static final String STRAY = "{}[]:,'\"#\t-&*!%@`|>?";
    private static final Pattern KEY_VALUE = Pattern.compile("([a-z_]+):[ ]*([^,{}\\n]*)");

    private static Path dir;
    private static int trained;

    @BeforeContainer
    static void createDir() throws IOException {
        dir = Files.createTempDirectory("qnn-config-property");
    }

    @AfterContainer
    static void removeDir() throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Property(tries = 300, seed = "20261129")
    void everyConfigWorksOrIsRefusedInOneLine(@ForAll("configs") String yaml) throws IOException {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, yaml);
        TrainConfig cfg;
        TrainCommand.Setup setup;
        try {
            cfg = TrainConfig.load(file);
            setup = TrainCommand.build(cfg, file);
        } catch (IllegalArgumentException | IllegalStateException e) {
            assertOneLine(e.getMessage(), yaml);
            Statistics.collect("refused");
            return;
        } catch (RuntimeException | Error e) {
            throw new AssertionError("not a user error (" + e + ") for:\n" + yaml, e);
        }
        assertNotNull(setup.model());
        Statistics.collect(small(cfg) ? "trained" : "built, too large to train here");
        if (small(cfg)) {
            Path out = dir.resolve("run" + trained++);
            CliRun r = CliRun.of("train", file.toString(), "--out", out.toString(), "--json");
            if (r.exitCode() != 0) {
                assertTrue(r.exitCode() == 2, "exit " + r.exitCode() + " for:\n" + yaml + "\n" + r.err());
                assertOneLine(r.err().strip(), yaml);
                assertFalse(r.err().contains("internal error"), r.err());
            }
        }
    }

    private static void assertOneLine(String message, String yaml) {
        if (message == null || message.isBlank() || message.contains("\n") || message.contains("\r")) {
            fail("not a one-line message: '" + message + "' for:\n" + yaml);
        }
    }

    /** Whether training runs in well under a second (the mutations can ask for 1000 layers or epochs). */
    private static boolean small(TrainConfig c) {
        int qubits = Objects.requireNonNullElse(c.model().qubits(), 99);
        int layers = Objects.requireNonNullElse(c.model().layers(), 1);
        int epochs = Objects.requireNonNullElse(c.training().epochs(), 100);
        int samples = Objects.requireNonNullElse(c.data().samples(), 64);
        return qubits <= 4 && layers <= 3 && epochs <= 4 && samples <= 32;
    }

    @Provide
    Arbitrary<String> configs() {
        Arbitrary<int[]> op = Combinators.combine(Arbitraries.integers().between(0, 6),
                Arbitraries.integers().between(0, 10_000), Arbitraries.integers().between(0, 10_000))
                .as((kind, a, b) -> new int[] {kind, a, b});
        return Combinators.combine(Arbitraries.of(BASES), op.list().ofMinSize(1).ofMaxSize(3))
                .as(ConfigPropertyTest::mutate);
    }

    private static String mutate(String base, List<int[]> ops) {
        String text = base;
        for (int[] op : ops) {
            text = apply(text, op[0], op[1], op[2]);
        }
        return text;
    }

    private static String apply(String text, int kind, int a, int b) {
        List<String> lines = new ArrayList<>(text.lines().toList());
        int i = a % Math.max(1, lines.size());
        switch (kind) {
            case 0, 1 -> { // replace a value (most mutations: they reach validation)
                List<int[]> spans = new ArrayList<>();
                Matcher m = KEY_VALUE.matcher(text);
                while (m.find()) {
                    spans.add(new int[] {m.start(2), m.end(2)});
                }
                if (spans.isEmpty()) {
                    return text;
                }
                int[] s = spans.get(a % spans.size());
                String v = VALUES.get(b % VALUES.size());
                return text.substring(0, s[0]) + v + text.substring(s[1]);
            }
            case 2 -> {
                if (!lines.isEmpty()) {
                    lines.remove(i);
                }
            }
            case 3 -> {
                if (!lines.isEmpty()) {
                    lines.add(i, lines.get(i));
                }
            }
            case 4 -> {
                return text.substring(0, a % (text.length() + 1));
            }
            case 5 -> {
                int p = a % (text.length() + 1);
                return text.substring(0, p) + STRAY.charAt(b % STRAY.length()) + text.substring(p);
            }
            default -> { // misspell a key or shift a line's indentation
                if (!lines.isEmpty()) {
                    String l = lines.get(i);
                    lines.set(i, b % 2 == 0 ? l.replaceFirst("([a-z_]+):", "$1x:")
                            : l.startsWith("  ") ? l.substring(2) : "  " + l);
                }
            }
        }
        return String.join("\n", lines) + "\n";
    }
}
