package org.qnnlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Encodings;
import org.qnnlab.sim.Gates;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.RandomCircuits;
import org.qnnlab.sim.Rng;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.kernel.ScalarKernel;
import org.qnnlab.train.data.Dataset;
import org.qnnlab.train.data.Datasets;
import org.qnnlab.train.loss.Loss;
import org.qnnlab.train.optim.Optimizer;
import org.qnnlab.train.optim.Schedule;

/**
 * A resume that cannot continue the run is refused before any file changes: a checkpoint with impossible values, or
 * one written by a run with other settings or data (the changed keys are named). Output directories have one writer.
 */
class ResumeSafetyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Simulator sim = new Simulator(new ScalarKernel());
    private final QnnModel model = QnnModel.of(Encodings.angle(new Circuit(3).declareInputs(2), 2, Gates.RY, 1.0),
            Ansatz.hea(3, 2), Observable.parse("Z0"), 1.0);

    @Test
    void impossibleCheckpointsAreRefusedAndTheMetricsKept(@TempDir Path dir) throws IOException {
        Dataset data = data(12, 5);
        trainer(Map.of(), 4).fit(data, null, start(), dir, false, null); // 3 batches per epoch, 12 steps
        Path ckpt = dir.resolve(Trainer.CHECKPOINT);
        String good = Files.readString(ckpt);
        Map<String, String> before = files(dir);
        int m = model.numParameters();
        assertRefused(dir, good, c -> c.put("step", 11), "step 11 does not match epoch 4 and batch 0");
        assertRefused(dir, good, c -> c.put("step", -3), "step -3 does not match");
        assertRefused(dir, good, c -> c.put("epoch", 2_000_000_000), "epoch 2000000000; allowed: 0..4");
        assertRefused(dir, good, c -> c.put("epoch", -1), "epoch -1; allowed: 0..4");
        assertRefused(dir, good, c -> c.put("batch", 7).put("epoch", 2).put("step", 13), "batch 7; allowed: 0..2");
        assertRefused(dir, good, c -> ((ArrayNode) c.get("theta")).remove(0),
                "theta has " + (m - 1) + " entries, the model has " + m);
        assertRefused(dir, good, c -> ((ArrayNode) c.get("theta")).set(2, 1e308), "theta[2] = 1.0E308");
        assertRefused(dir, good, c -> ((ArrayNode) c.get("order")).set(0, 40), "order holds 40, not a permutation");
        assertRefused(dir, good, c -> {
            ((ArrayNode) c.get("order")).set(0, 1);
            ((ArrayNode) c.get("order")).set(1, 1);
        }, "order holds 1, not a permutation");
        assertRefused(dir, good, c -> c.put("badEpochs", 9), "early-stopping state");
        assertRefused(dir, good, c -> ((ArrayNode) c.get("optimizerState").get("m")).set(0, 12345.678),
                "optimizer state 'm' is not finite"); // written as 1e309, which reads as Infinity
        assertRefused(dir, good, c -> c.put("version", 3), "allowed: qnnlab-checkpoint v1..2");
        assertEquals(before, files(dir), "no refused resume changed a file");

        Files.writeString(ckpt, good);
        Trainer.Result r = trainer(Map.of(), 6).fit(data, null, start(), dir, true, null);
        assertEquals(18, r.steps(), "the untouched checkpoint still resumes");
    }

    @Test
    void aResumeWithOtherSettingsOrDataIsRefusedNamingTheKeys(@TempDir Path dir) throws IOException {
        Dataset data = data(12, 5);
        Map<String, String> settings = Map.of("training.learning_rate", "0.05", "data.seed", "5");
        trainer(settings, 2).fit(data, null, start(), dir, false, null);
        Map<String, String> before = files(dir);
        String e = assertThrows(IllegalArgumentException.class, () -> trainer(Map.of("training.learning_rate",
                "0.1", "data.seed", "5"), 4).fit(data, null, start(), dir, true, null)).getMessage();
        assertTrue(e.contains("written with another config; changed: training.learning_rate (0.05 → 0.1); "
                + "refusing to resume"), e);
        e = assertThrows(IllegalArgumentException.class, () -> trainer(Map.of("training.learning_rate", "0.05",
                "data.seed", "6"), 4).fit(data(12, 6), null, start(), dir, true, null)).getMessage();
        assertTrue(e.contains("data.seed (5 → 6)") && e.contains("training_data ("), e);
        e = assertThrows(IllegalArgumentException.class, () -> new Trainer(sim, model, Loss.byName("mse"),
                Optimizer.byName("adam"), Schedule.constant(0.05), new Trainer.Options(4, 4, 43, 1, 2, 0, 0,
                        "adjoint", 0), settings).fit(data, null, start(), dir, true, null)).getMessage();
        assertTrue(e.contains("changed: seed (42 → 43)"), e);
        assertEquals(before, files(dir), "nothing changed by a refused resume");
        assertEquals(12, trainer(settings, 4).fit(data, null, start(), dir, true, null).steps(),
                "more epochs may be asked for");
    }

    @Test
    void aFreshStartOverACheckpointIsRefusedAndAHeldDirectoryToo(@TempDir Path dir) throws IOException {
        Dataset data = data(12, 5);
        trainer(Map.of(), 1).fit(data, null, start(), dir, false, null);
        Map<String, String> before = files(dir);
        String e = assertThrows(IllegalArgumentException.class,
                () -> trainer(Map.of(), 1).fit(data, null, start(), dir, false, null)).getMessage();
        assertTrue(e.endsWith("checkpoint.json exists: resume to continue that run (qnn train --resume), or use "
                + "another output directory"), e);
        try (OutputDirectory held = OutputDirectory.open(dir, "another run")) {
            e = assertThrows(IllegalStateException.class,
                    () -> trainer(Map.of(), 2).fit(data, null, start(), dir, true, null)).getMessage();
            assertTrue(e.contains("is in use by another run (pid " + ProcessHandle.current().pid()
                    + ": another run)"), e);
        }
        assertEquals(before, files(dir));
        Path absent = dir.resolve("never");
        e = assertThrows(IllegalArgumentException.class,
                () -> trainer(Map.of(), 1).fit(data, null, start(), absent, true, null)).getMessage();
        assertTrue(e.startsWith("checkpoint not found"), e);
        assertFalse(Files.exists(absent), "a refused resume creates no folder");
    }

    @Test
    void aVersionOneCheckpointStillResumes(@TempDir Path dir) throws IOException {
        Dataset data = data(12, 5);
        Trainer.Result whole = trainer(Map.of(), 4).fit(data, null, start(), dir.resolve("whole"), false, null);
        Path cut = dir.resolve("cut");
        trainer(Map.of(), 2).fit(data, null, start(), cut, false, null);
        ObjectNode c = (ObjectNode) JSON.readTree(cut.resolve(Trainer.CHECKPOINT).toFile());
        c.remove("config");
        c.put("version", 1);
        Files.writeString(cut.resolve(Trainer.CHECKPOINT), c.toString());
        assertArrayEquals(whole.theta(), trainer(Map.of(), 4).fit(data, null, start(), cut, true, null).theta(), 0);
    }

    private void assertRefused(Path dir, String good, Consumer<ObjectNode> edit, String fragment) throws IOException {
        ObjectNode c = (ObjectNode) JSON.readTree(good);
        edit.accept(c);
        String text = c.toString().replace("12345.678", "1e309");
        Files.writeString(dir.resolve(Trainer.CHECKPOINT), text);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trainer(Map.of(), 4).fit(data(12, 5), null, start(), dir, true, null));
        assertTrue(e.getMessage().contains(fragment), "missing '" + fragment + "' in: " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        Files.writeString(dir.resolve(Trainer.CHECKPOINT), good);
    }

    /** Every file's content except the checkpoint, which the test edits, and the lock file (the last holder). */
    private static Map<String, String> files(Path dir) throws IOException {
        Map<String, String> m = new java.util.TreeMap<>();
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                if (!name.equals(Trainer.CHECKPOINT) && !name.equals(OutputDirectory.LOCK)) {
                    m.put(p.getFileName().toString(), Files.readString(p));
                }
            }
        }
        return m;
    }

    private Trainer trainer(Map<String, String> settings, int epochs) {
        return new Trainer(sim, model, Loss.byName("mse"), Optimizer.byName("adam"), Schedule.constant(0.05),
                new Trainer.Options(epochs, 4, 42, 1, 2, 0, 0, "adjoint", 0), settings);
    }

    private Dataset data(int count, long seed) {
        double[] teacher = RandomCircuits.randomParams(model.circuit(), 99);
        return Datasets.labelled("teacher", count, 2, 0, Math.PI, x -> model.value(sim, teacher, x), new Rng(seed));
    }

    private double[] start() {
        return RandomCircuits.randomParams(model.circuit(), 1);
    }
}
