package org.qnnlab.analysis.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qnnlab.analysis.GradientStatistics;
import org.qnnlab.sim.Boundary;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.kernel.ScalarKernel;

/**
 * {@link EnsembleRunner}: grids as one job with the bits of separate runs, and the task journal: a run that dies
 * part way leaves the finished tasks, {@code resume} runs only the rest and gives the bits of an uninterrupted run,
 * and nothing but a whole, decodable line of the same study is ever taken as a result.
 */
class EnsembleRunnerTest {

    /** Tasks run so far by {@link Counting} (a static: not part of the job, so not of its fingerprint). */
    private static final AtomicInteger RAN = new AtomicInteger();
    /** {@link Counting} fails at the task with {@code 1000 · scale + index} equal to this, or never when negative. */
    private static volatile int failAt = -1;

    /** A task whose result is a deterministic function of its index and seed, counting runs, failing on demand. */
    private record Counting(int scale) implements EnsembleJob<double[]> {
        @Override
        public Worker<double[]> open(Simulator sim) {
            return (i, seed) -> {
                if (1000 * scale + i == failAt) {
                    throw new IllegalStateException("task " + i + " killed");
                }
                RAN.incrementAndGet();
                return new double[] {Math.sin(seed * 0.1 + scale), i};
            };
        }
    }

    private static final Simulator SIM = new Simulator(new ScalarKernel());

    @Test
    void aGridRunAsOneJobGivesTheBitsOfSeparateRuns() {
        Observable cost = GradientStatistics.cost("local", 4);
        List<GradientStatistics.Request> grid = new ArrayList<>();
        for (int l = 1; l <= 3; l++) {
            grid.add(new GradientStatistics.Request(CircuitSpec.ansatz("hva-tfim", 4, l, Boundary.OPEN), cost, 0,
                    5 + l, 10 * l));
        }
        List<GradientStatistics.Sample> together = GradientStatistics.sampleAll(EnsembleRunner.local(2), SIM, grid);
        List<GradientStatistics.Sample> remote = GradientStatistics.sampleAll(
                EnsembleRunner.on(new EnsembleTest.SerializingEngine(4), 1), SIM, grid);
        for (int p = 0; p < grid.size(); p++) {
            GradientStatistics.Request r = grid.get(p);
            GradientStatistics.Sample alone = GradientStatistics.sample(LocalEngine.INSTANCE, SIM, r.circuit(),
                    r.cost(), 0, r.samples(), r.seed(), 1);
            assertEquals(r.samples(), together.get(p).gradients().length);
            assertArrayEquals(alone.gradients(), together.get(p).gradients(), 0);
            assertArrayEquals(alone.losses(), together.get(p).losses(), 0);
            assertArrayEquals(alone.gradients(), remote.get(p).gradients(), 0);
        }
    }

    /** Noise rules travel as text in the job: a serializing engine gives the local engine's bits. */
    @Test
    void noisyPointsShipTheirNoiseRulesAsText() {
        Observable cost = GradientStatistics.cost("local", 3);
        List<GradientStatistics.Request> grid = new ArrayList<>();
        for (int l = 1; l <= 2; l++) {
            grid.add(new GradientStatistics.Request(CircuitSpec.ansatz("hea", 3, l, Boundary.OPEN), cost, 0, 6, l,
                    List.of("depolarizing:0.05", "amplitude_damping:0.02@gates=1q")));
        }
        List<GradientStatistics.Sample> local = GradientStatistics.sampleAll(EnsembleRunner.local(2), SIM, grid);
        List<GradientStatistics.Sample> remote = GradientStatistics.sampleAll(
                EnsembleRunner.on(new EnsembleTest.SerializingEngine(3), 1), SIM, grid);
        for (int p = 0; p < grid.size(); p++) {
            assertArrayEquals(local.get(p).gradients(), remote.get(p).gradients(), 0);
            assertArrayEquals(local.get(p).losses(), remote.get(p).losses(), 0);
        }
    }

    @Test
    void aKilledRunResumesWithOnlyTheUnfinishedTasksAndTheSameBits(@TempDir Path dir) throws IOException {
        Ensemble<double[]> a = new Ensemble<>("part a", new Counting(1), 20, 100);
        Ensemble<double[]> b = new Ensemble<>("part b", new Counting(2), 10, 500);
        List<List<double[]>> clean = EnsembleRunner.local(1).runAll("study", List.of(a, b), SIM);

        RAN.set(0);
        failAt = 2007; // task 7 of part b (combined task 27); one thread runs tasks in order
        EnsembleRunner journaled = EnsembleRunner.local(1).withJournal(dir, true);
        IllegalStateException killed = assertThrows(IllegalStateException.class,
                () -> journaled.runAll("study", List.of(a, b), SIM));
        assertEquals("task 7 killed", killed.getMessage());
        assertEquals(27, RAN.get());
        assertEquals(2, journalFiles(dir).size());

        failAt = -1;
        RAN.set(0);
        int[] seen = new int[3];
        List<List<double[]>> resumed = journaled.withProgress((name, done, total, fromJournal) -> {
            seen[0] = done;
            seen[1] = total;
            seen[2] = fromJournal;
        }).runAll("study", List.of(a, b), SIM);
        assertEquals(3, RAN.get(), "only tasks 7..9 of part b run again");
        assertArrayEquals(new int[] {30, 30, 27}, seen);
        assertSameBits(clean, resumed);

        RAN.set(0);
        assertSameBits(clean, journaled.runAll("study", List.of(a, b), SIM));
        assertEquals(0, RAN.get(), "everything journaled: nothing runs");

        RAN.set(0);
        assertSameBits(clean, EnsembleRunner.local(2).withJournal(dir, false).runAll("study", List.of(a, b), SIM));
        assertEquals(30, RAN.get(), "without resume the journals start afresh");

        RAN.set(0);
        Ensemble<double[]> otherSeed = new Ensemble<>("part a", new Counting(1), 20, 101);
        journaled.run(otherSeed, SIM);
        assertEquals(20, RAN.get(), "another seed is another study");
        assertEquals(3, journalFiles(dir).size());
    }

    @Test
    void aTornLastLineRunsAgainAndACorruptLineIsNeverAResult(@TempDir Path dir) throws IOException {
        Ensemble<double[]> e = new Ensemble<>("torn", new Counting(3), 6, 7);
        List<double[]> clean = EnsembleRunner.local(1).withJournal(dir, false).run(e, SIM);
        Path file = journalFiles(dir).get(0);
        List<String> lines = Files.readAllLines(file);
        assertEquals(7, lines.size());
        assertTrue(lines.get(0).startsWith("qnnlab-tasks 1 " + TaskJournal.fingerprint(e, SIM) + " 6"),
                lines.get(0));

        // a kill in the middle of writing task 5's line: the line has no end
        String torn = String.join("\n", lines.subList(0, 6)) + "\n" + lines.get(6).substring(0, 9);
        Files.writeString(file, torn);
        RAN.set(0);
        assertSameBits(List.of(clean), List.of(EnsembleRunner.local(1).withJournal(dir, true).run(e, SIM)));
        assertEquals(1, RAN.get());
        assertEquals(lines, Files.readAllLines(file));

        // a whole line that does not decode: an error naming the file and line, not a result
        Files.writeString(file, String.join("\n", lines.subList(0, 3)) + "\n4 AAAA\n");
        IllegalStateException bad = assertThrows(IllegalStateException.class,
                () -> EnsembleRunner.local(1).withJournal(dir, true).run(e, SIM));
        assertTrue(bad.getMessage().startsWith("task journal " + file + " line 4 is corrupt"), bad.getMessage());

        // a class outside qnnlab's results is refused by the filter
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new java.net.InetSocketAddress(1));
        }
        Files.writeString(file, String.join("\n", lines.subList(0, 3)) + "\n4 "
                + Base64.getEncoder().encodeToString(bytes.toByteArray()) + "\n");
        bad = assertThrows(IllegalStateException.class,
                () -> EnsembleRunner.local(1).withJournal(dir, true).run(e, SIM));
        assertTrue(bad.getMessage().contains("line 4 is corrupt"), bad.getMessage());
    }

    @Test
    void oneWriterPerJournal(@TempDir Path dir) {
        Ensemble<double[]> e = new Ensemble<>("locked", new Counting(4), 3, 1);
        try (TaskJournal held = TaskJournal.open(dir, e, SIM, false)) {
            IllegalStateException busy = assertThrows(IllegalStateException.class,
                    () -> EnsembleRunner.local(1).withJournal(dir, true).run(e, SIM));
            assertEquals("another run is writing " + held.file() + "; allowed: one run per study",
                    busy.getMessage());
        }
        assertEquals(3, EnsembleRunner.local(1).withJournal(dir, true).run(e, SIM).size());
    }

    private static List<Path> journalFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".tasks")).sorted().toList();
        }
    }

    private static void assertSameBits(List<List<double[]>> want, List<List<double[]>> got) {
        assertEquals(want.size(), got.size());
        for (int p = 0; p < want.size(); p++) {
            assertEquals(want.get(p).size(), got.get(p).size());
            for (int i = 0; i < want.get(p).size(); i++) {
                assertArrayEquals(want.get(p).get(i), got.get(p).get(i), 0);
            }
        }
    }

}
