package org.qnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --engine}, {@code --resume} and the task journal as a user meets them: a study killed part way and resumed
 * writes the numbers of an uninterrupted one; option errors are one line and write nothing.
 */
class EngineOptionsTest {

    /** The run's JSON without its wall time. */
    private static JsonNode results(Path dir, String file) throws IOException {
        ObjectNode n = (ObjectNode) Json.MAPPER.readTree(dir.resolve(file).toFile());
        n.remove("seconds");
        return n;
    }

    private static List<Path> journals(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve(EngineOptions.TASKS_DIR))) {
            return s.sorted().toList();
        }
    }

    /** Cuts every journal to its header and its first {@code keep} lines plus half a line, as a kill leaves it. */
    private static void kill(Path dir, int keep) throws IOException {
        for (Path j : journals(dir)) {
            List<String> lines = Files.readAllLines(j);
            String torn = lines.size() > keep + 1 ? lines.get(keep + 1).substring(0, 5) : "";
            Files.writeString(j, String.join("\n", lines.subList(0, Math.min(lines.size(), keep + 1))) + "\n" + torn);
        }
    }

    @Test
    void aKilledStudyResumesToTheSameNumbers(@TempDir Path tmp) throws IOException {
        String[][] studies = {
            {"gradvar", "gradvar.json", "--qubits", "2..3", "--samples", "30", "--costs", "local,global", "--seed",
                "4", "--kernel", "scalar"},
            {"landscape", "landscape.json", "--ansatz", "hva-tfim", "--qubits", "3", "--layers", "1..2", "--inits",
                "5", "--kernel", "scalar"},
            {"landscape", "landscape.json", "--ansatz", "hva-tfim", "--qubits", "3", "--layers", "1..2", "--inits",
                "5", "--kernel", "scalar", "--noise", "depolarizing:0.02", "--noise", "amplitude_damping:0.01@gates=2q"},
            {"qfim", "qfim.json", "--ansatz", "hva-xxz", "--qubits", "4", "--layers", "1..3", "--points", "3",
                "--kernel", "scalar", "--no-dla"},
            {"wishart", "wishart.json", "--qubits", "2", "--layers", "3", "--samples", "40", "--kernel", "scalar"},
            {"ntk", "ntk.json", "--qubits", "2", "--layers", "2", "--steps", "30", "--kernel", "scalar"},
        };
        for (int s = 0; s < studies.length; s++) {
            String[] st = studies[s];
            Path dir = tmp.resolve(st[0] + s);
            String[] args = new String[st.length];
            System.arraycopy(st, 2, args, 0, st.length - 2);
            args[st.length - 2] = "--out";
            args[st.length - 1] = dir.toString();
            CliRun first = CliRun.analyze(st[0], args);
            assertEquals(0, first.exitCode(), st[0] + ": " + first.err());
            JsonNode want = results(dir, st[1]);
            int files = journals(dir).size();
            assertTrue(files >= 1, st[0]);
            kill(dir, 2);
            String[] resume = java.util.Arrays.copyOf(args, args.length + 1);
            resume[args.length] = "--resume";
            CliRun again = CliRun.analyze(st[0], resume);
            assertEquals(0, again.exitCode(), again.err());
            assertEquals(want, results(dir, st[1]), st[0] + " resumed");
            assertEquals(files, journals(dir).size(), st[0] + ": the same journals, completed");
            for (Path j : journals(dir)) {
                assertTrue(Files.readString(j).endsWith("\n"), j + " ends with a whole line");
            }
        }
    }

    @Test
    void optionErrorsAreOneLineAndWriteNothing(@TempDir Path tmp) {
        Path dir = tmp.resolve("out");
        String[][] bad = {
            {"--resume", "--json"},
            {"--master", "local[2]", "--out", dir.toString()},
            {"--partitions", "4", "--out", dir.toString()},
            {"--engine", "spark", "--out", dir.toString()},
            {"--engine", "hadoop", "--out", dir.toString()},
        };
        String[] want = {
            "--resume reads the tasks journaled in the output directory; give --out DIR (with --json and no --out "
                    + "nothing is written)",
            "--master local[2] is for --engine spark; --engine is local",
            "--partitions 4 is for --engine spark; --engine is local",
            "engine 'spark' is not on the class path; it comes with the qnnlab-spark module",
            "unknown engine 'hadoop'; allowed: local",
        };
        for (int i = 0; i < bad.length; i++) {
            String[] args = new String[bad[i].length + 4];
            args[0] = "--qubits";
            args[1] = "2";
            args[2] = "--samples";
            args[3] = "10";
            System.arraycopy(bad[i], 0, args, 4, bad[i].length);
            CliRun r = CliRun.analyze("gradvar", args);
            assertEquals(2, r.exitCode(), r.err());
            String line = r.err().strip();
            assertFalse(line.contains("\n"), line);
            assertTrue(line.startsWith("qnn analyze gradvar: error: " + want[i]), line);
            assertFalse(Files.exists(dir), "nothing written: " + String.join(" ", bad[i]));
        }
    }
}
