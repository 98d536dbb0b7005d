package org.qnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qnn train} end to end: results, resume, the shipped examples, and config errors. */
class TrainCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String VQE = """
            model:
              qubits: 4
              ansatz: hva-tfim
              layers: 8
              hamiltonian: tfim
            training:
              optimizer: lbfgs
              epochs: %d
              seed: 1
              init: normal
              checkpoint_every: 4
            """;

    @Test
    void vqeReachesTheExactGroundEnergy(@TempDir Path dir) throws IOException {
        Path cfg = write(dir, "vqe.yaml", VQE.formatted(80));
        JsonNode r = train(cfg, dir.resolve("out"));
        // exact diagonalization of the open 4-site TFIM at g = 1
        assertEquals(-4.758770483143634, r.get("train_loss").asDouble(), 1e-4);
        assertEquals(16, r.get("parameters").asInt());
        assertEquals("expectation", r.get("loss").asText());
        for (String f : List.of("metrics.csv", "metrics.jsonl", "checkpoint.json", "result.json", "config.yaml")) {
            assertTrue(Files.exists(dir.resolve("out").resolve(f)), f);
        }
        assertEquals(81, Files.readAllLines(dir.resolve("out/metrics.csv")).size(), "header + one row per step");
    }

    /**
     * {@code model: {circuit: …}}: one exported HEA layer, repeated by {@code layers}, trains exactly as the HEA with
     * that many layers (same parameters, same order, same steps).
     */
    @Test
    void aCircuitFileTrainsLikeTheAnsatzItWasExportedFrom(@TempDir Path dir) throws IOException {
        CliRun export = CliRun.of("export", "--ansatz", "hea", "--qubits", "3", "--layers", "1", "--out",
                dir.resolve("layer.qasm").toString());
        assertEquals(0, export.exitCode(), export.err());
        String common = """
                  layers: 3
                  observable: "Z0*Z1 + X2"
                training:
                  optimizer: adam
                  epochs: 6
                  seed: 2
                """;
        JsonNode ansatz = train(write(dir, "a.yaml", "model:\n  qubits: 3\n  ansatz: hea\n" + common),
                dir.resolve("a"));
        JsonNode file = train(write(dir, "f.yaml", "model:\n  circuit: layer.qasm\n" + common), dir.resolve("f"));
        assertEquals(ansatz.get("parameters").asInt(), file.get("parameters").asInt());
        assertEquals(ansatz.get("train_loss").asDouble(), file.get("train_loss").asDouble(), 1e-12);
        CliRun both = CliRun.of("train", write(dir, "b.yaml", "model:\n  ansatz: hea\n  circuit: layer.qasm\n")
                .toString(), "--out", dir.resolve("b").toString());
        assertEquals(2, both.exitCode(), both.err());
        assertTrue(both.err().contains("either model.ansatz or model.circuit"), both.err());
    }

    @Test
    void resumeContinuesTheRunExactly(@TempDir Path dir) throws IOException {
        String teacher = """
                model: {qubits: 3, layers: 2, observable: "Z0"}
                data: {kind: teacher, samples: 12, features: 3}
                training: {optimizer: adam, epochs: %d, batch_size: 4, seed: 9, checkpoint_every: 2}
                """;
        JsonNode whole = train(write(dir, "a.yaml", teacher.formatted(6)), dir.resolve("a"));
        train(write(dir, "b.yaml", teacher.formatted(3)), dir.resolve("b"));
        CliRun again = CliRun.of("train", write(dir, "b.yaml", teacher.formatted(6)).toString(), "--out",
                dir.resolve("b").toString(), "--json");
        assertEquals(2, again.exitCode(), "an existing run needs --resume");
        assertTrue(again.err().contains("--resume"), again.err());
        JsonNode resumed = train(dir.resolve("b.yaml"), dir.resolve("b"), "--resume");
        assertEquals(whole.get("theta"), resumed.get("theta"), "bit-identical parameters");
        assertEquals(whole.get("steps"), resumed.get("steps"));
        assertEquals(Files.readAllLines(dir.resolve("a/metrics.csv")).size(),
                Files.readAllLines(dir.resolve("b/metrics.csv")).size());
    }

    @Test
    void resumeOfAnotherModelIsRefused(@TempDir Path dir) throws IOException {
        train(write(dir, "a.yaml", VQE.formatted(4)), dir.resolve("out"));
        Path other = write(dir, "b.yaml", VQE.formatted(8).replace("layers: 8", "layers: 7"));
        CliRun r = CliRun.of("train", other.toString(), "--out", dir.resolve("out").toString(), "--resume");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("different model"), r.err());
    }

    @Test
    void shippedExamplesParse() {
        for (String name : List.of("vqe-tfim", "vqe-tfim-noisy", "regression-teacher", "classify-moons")) {
            Path p = Path.of("../../examples", name + ".yaml");
            TrainConfig cfg = TrainConfig.load(p);
            TrainCommand.Setup s = TrainCommand.build(cfg, p);
            assertTrue(s.model().numParameters() > 0, name);
        }
    }

    @Test
    void configErrorsNameTheFileTheKeyAndWhatIsAllowed(@TempDir Path dir) throws IOException {
        assertError(dir, "model: {qubits: 2}\ntraining:\n  lerning_rate: 0.1\n", "bad.yaml:3",
                "unknown key 'lerning_rate' in training", "learning_rate");
        assertError(dir, "model: {qubits: 2}\ntraining:\n  epochs: ten\n", "training.epochs", "bad.yaml:3");
        assertError(dir, "model: {qubits: 2}\ndata: {kind: mnist}\n", "data.kind", "'mnist'",
                "none, teacher, parity, two-moons, tfim-phases, csv");
        assertError(dir, "model: {qubits: 2}\ndata: {kind: csv, file: nope.csv}\n", "data.file", "nope.csv");
        assertError(dir, "model: {qubits: 2}\ntraining: {optimizer: rmsprop}\n", "training.optimizer",
                "sgd, momentum, adam, lbfgs");
        assertError(dir, "model: {qubits: 2, observable: \"Z7\"}\n", "model", "qubit 7");
        assertError(dir, "training: {epochs: 3}\n", "model.qubits is required");
        assertError(dir, "model: {qubits: 2}\ntraining: {epochs: 0}\n", "training", "epochs 0");
        CliRun missing = CliRun.of("train", dir.resolve("absent.yaml").toString(), "--out", dir.toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("config file not found"), missing.err());
    }

    private static void assertError(Path dir, String yaml, String... fragments) throws IOException {
        Path cfg = write(dir, "bad.yaml", yaml);
        Path out = dir.resolve("bad-out");
        CliRun r = CliRun.of("train", cfg.toString(), "--out", out.toString());
        assertEquals(2, r.exitCode(), r.err());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "missing '" + f + "' in: " + r.err());
        }
        assertFalse(Files.exists(out.resolve("checkpoint.json")), "nothing trained");
    }

    private static JsonNode train(Path cfg, Path out, String... extra) throws IOException {
        String[] args = new String[4 + extra.length];
        args[0] = "train";
        args[1] = cfg.toString();
        args[2] = "--out";
        args[3] = out.toString();
        System.arraycopy(extra, 0, args, 4, extra.length);
        String[] withJson = java.util.Arrays.copyOf(args, args.length + 1);
        withJson[args.length] = "--json";
        CliRun r = CliRun.of(withJson);
        assertEquals(0, r.exitCode(), r.err());
        return JSON.readTree(r.out());
    }

    private static Path write(Path dir, String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }
}
