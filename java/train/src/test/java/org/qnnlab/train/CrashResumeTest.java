package org.qnnlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
 * Crash safety: a training run in a child JVM is killed with SIGKILL ({@link Process#destroyForcibly}) at random
 * moments (mid-step, mid-metrics row, mid-checkpoint), resumed each time, and must end with the same metrics rows
 * (all columns but the wall-clock {@code seconds}) and the same final θ, bit for bit, as a run that was never
 * interrupted; no temporary file may be left behind. While a child holds the directory, a second writer is refused
 * naming the child's pid. The kill times come from {@code -Dqnnlab.crash.seed} (default 14) and are printed.
 */
class CrashResumeTest {

    private static final int KILLS = 5;
    /** Long enough that kills land mid-run (1.5 to 3 s of training on a busy 2-core machine); the test takes ~15 s. */
    private static final int EPOCHS = 100;

    @Test
    void killedAndResumedRunsEndBitIdenticalToAnUninterruptedRun(@TempDir Path tmp) throws Exception {
        Path whole = tmp.resolve("whole");
        Process ref = child(whole);
        assertTrue(holdsLock(whole, ref.pid()), () -> output(ref));
        long t0 = System.nanoTime();
        assertEquals(0, ref.waitFor(), () -> output(ref));
        long refMillis = (System.nanoTime() - t0) / 1_000_000; // training only, from the lock on
        String refTheta = output(ref).strip();

        long seed = Long.getLong("qnnlab.crash.seed", 14);
        Random random = new Random(seed);
        Path cut = tmp.resolve("cut");
        List<String> log = new ArrayList<>();
        String theta = null;
        boolean lockChecked = false;
        for (int attempt = 0; attempt < 3 * KILLS && theta == null; attempt++) {
            Process p = child(cut);
            boolean kill = attempt < KILLS;
            long delay = (long) (random.nextDouble() * 1.5 * refMillis / KILLS); // kills spread over the whole run
            boolean started = holdsLock(cut, p.pid());
            if (kill && !lockChecked && started) {
                String e = assertThrows(IllegalStateException.class, () -> OutputDirectory.open(cut, "test"))
                        .getMessage();
                assertTrue(e.contains("in use by another run (pid " + p.pid() + ": Trainer.fit)"), e);
                lockChecked = true;
            }
            if (kill && !p.waitFor(delay, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor();
                log.add("killed " + delay + " ms into training");
                continue;
            }
            assertEquals(0, p.waitFor(), () -> "seed " + seed + " " + log + ": " + output(p));
            theta = output(p).strip();
            log.add("finished");
        }
        String why = "kill seed " + seed + ", " + log;
        assertTrue(lockChecked, "a second writer was tried while a child held the directory; " + why);
        assertEquals(refTheta, theta, "final θ bits; " + why);
        assertEquals(withoutSeconds(whole.resolve("metrics.csv"), ','),
                withoutSeconds(cut.resolve("metrics.csv"), ','), why);
        assertEquals(withoutSeconds(whole.resolve("metrics.jsonl"), '{'),
                withoutSeconds(cut.resolve("metrics.jsonl"), '{'), why);
        try (var files = Files.list(cut)) {
            List<String> left = files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".tmp")).toList();
            assertTrue(left.isEmpty(), "temporary files left: " + left + "; " + why);
        }
        assertTrue(log.stream().filter(s -> s.startsWith("killed")).count() >= 2, why);
        System.out.println("CrashResumeTest: reference run " + refMillis + " ms of training; " + why);
    }

    /** The run every child makes: 4 qubits, 16 samples in batches of 4, Adam, a checkpoint every 3 steps. */
    static Trainer.Result train(Path dir) throws IOException {
        Simulator sim = new Simulator(new ScalarKernel());
        QnnModel model = QnnModel.of(Encodings.angle(new Circuit(4).declareInputs(4), 4, Gates.RY, 1.0),
                Ansatz.hea(4, 3), Observable.parse("Z0*Z1"), 1.0);
        double[] teacher = RandomCircuits.randomParams(model.circuit(), 99);
        Dataset data = Datasets.labelled("teacher", 16, 4, 0, Math.PI, x -> model.value(sim, teacher, x),
                new Rng(5));
        Trainer t = new Trainer(sim, model, Loss.byName("mse"), Optimizer.byName("adam"), Schedule.constant(0.05),
                new Trainer.Options(EPOCHS, 4, 42, 1, 3, 0, 0, "adjoint", 0));
        boolean resume = Files.exists(dir.resolve(Trainer.CHECKPOINT));
        return t.fit(data, null, RandomCircuits.randomParams(model.circuit(), 1), dir, resume, null);
    }

    /** The child: trains into {@code args[0]} (resuming when it holds a checkpoint) and prints θ's bits. */
    public static void main(String[] args) throws IOException {
        double[] theta = train(Path.of(args[0])).theta();
        StringBuilder s = new StringBuilder();
        for (double v : theta) {
            s.append(Long.toHexString(Double.doubleToRawLongBits(v))).append(' ');
        }
        System.out.println(s);
    }

    private static Process child(Path dir) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return new ProcessBuilder(java, "-cp", cp, "-XX:TieredStopAtLevel=1", CrashResumeTest.class.getName(),
                dir.toString()).redirectErrorStream(true).start();
    }

    /** Waits (up to 5 s) until {@code pid} has written itself into the lock file; false if it finished first. */
    private static boolean holdsLock(Path dir, long pid) throws InterruptedException {
        Path lock = dir.resolve(OutputDirectory.LOCK);
        for (int i = 0; i < 500; i++) {
            try {
                if (Files.exists(lock) && Files.readString(lock).startsWith("pid " + pid + ":")) {
                    return true;
                }
            } catch (IOException e) {
                // being written: try again
            }
            Thread.sleep(10);
        }
        return false;
    }

    private static String output(Process p) {
        try {
            return new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** The rows with the wall-clock seconds blanked: CSV column 6, or the JSON field. */
    private static List<String> withoutSeconds(Path file, char kind) throws IOException {
        return Files.readAllLines(file).stream().map(l -> {
            if (kind == ',') {
                String[] f = l.split(",", -1);
                f[5] = "";
                return String.join(",", f);
            }
            return l.replaceAll("\"seconds\":[^,}]*", "\"seconds\":_");
        }).toList();
    }
}
