package org.qnnlab.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serial;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.qnnlab.analysis.GradientStatistics;
import org.qnnlab.analysis.ensemble.CircuitSpec;
import org.qnnlab.analysis.ensemble.Ensemble;
import org.qnnlab.analysis.ensemble.EnsembleEngine;
import org.qnnlab.analysis.ensemble.EnsembleEngines;
import org.qnnlab.analysis.ensemble.EnsembleJob;
import org.qnnlab.analysis.ensemble.LocalEngine;
import org.qnnlab.sim.Boundary;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.kernel.KernelType;

/**
 * Tasks that fail or are killed, and that Spark re-runs, give the local engine's bits. The master is {@code
 * local[2,3]} (two task threads, a task given up after its third failure), passed as the system property {@code
 * spark.master} as {@code spark-submit} passes it, and the engine is created without a master option, so this also
 * checks the engine starts on that master rather than its default. The class needs its own Spark context (one per
 * JVM): it starts after another class's engines closed theirs.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SparkRetryTest {

    private static final String MASTER = "local[2,3]";

    /** How a task's attempt ends early. */
    enum Fault {
        /** Runs normally. */
        NONE,
        /** Throws before any sample (as {@link EnsembleJob#open} fails). */
        THROW_AT_START,
        /** Throws after two samples of its partition are computed. */
        THROW_AFTER_PARTIAL_WORK,
        /** After two samples, the task thread is interrupted and a blocking call ends with InterruptedException. */
        INTERRUPTED,
        /** After two samples, waits until the driver kills the attempt ({@code SparkContext.killTaskAttempt}). */
        KILLED
    }

    /** The partition the listener kills on its first attempt while {@link #KILL} is set. */
    private static final int KILLED_PARTITION = 3;
    private static final AtomicBoolean KILL = new AtomicBoolean();

    private static EnsembleEngine spark;
    private static SparkContext context;
    /** Task ends as the driver's listener saw them: "partition attempt reason". */
    private static final ConcurrentLinkedQueue<String> ENDS = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void startSpark() {
        String before = System.getProperty("spark.master");
        System.setProperty("spark.master", MASTER);
        try {
            spark = EnsembleEngines.create("spark", Map.of("partitions", "8"));
        } finally {
            if (before == null) {
                System.clearProperty("spark.master");
            } else {
                System.setProperty("spark.master", before);
            }
        }
        context = SparkContext.getOrCreate();
        context.addSparkListener(new SparkListener() {
            @Override
            public void onTaskStart(SparkListenerTaskStart start) {
                if (KILL.get() && start.taskInfo().attemptNumber() == 0 && start.taskInfo().index() == KILLED_PARTITION) {
                    context.killTaskAttempt(start.taskInfo().taskId(), true, "qnnlab test: killed");
                }
            }

            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                ENDS.add(end.taskInfo().index() + " " + end.taskInfo().attemptNumber() + " "
                        + end.reason().getClass().getSimpleName().replace("$", "")); // Success is a Scala object
            }
        });
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.close();
        }
    }

    @BeforeEach
    void clearEnds() {
        ENDS.clear();
    }

    @Test
    void theEngineStartsOnSparkMasterAsSparkSubmitSetsIt() {
        assertEquals(MASTER, ((SparkEngine) spark).master());
        assertEquals(MASTER, context.master());
    }

    /**
     * 40 gradvar samples in 8 partitions of 5: partition 0 throws at the start of its first two attempts, 1 throws
     * after two samples, 2 is interrupted after two samples, 3 is killed by the driver after two samples; Spark re-runs
     * each and the samples are the local engine's, bit for bit.
     */
    @Test
    void retriedAndKilledTasksGiveTheLocalEnginesBits() {
        Simulator sim = Simulator.create(KernelType.VECTOR, 1);
        CircuitSpec circuit = CircuitSpec.ansatz("hva-tfim", 6, 3, Boundary.PERIODIC);
        Observable cost = GradientStatistics.cost("global", 6);
        int samples = 40;
        Fault[] faults = {Fault.THROW_AT_START, Fault.THROW_AFTER_PARTIAL_WORK, Fault.INTERRUPTED, Fault.KILLED,
            Fault.NONE, Fault.NONE, Fault.NONE, Fault.NONE};
        int[] failingAttempts = {2, 1, 1, 1, 0, 0, 0, 0};
        GradientStatistics.Sample local = GradientStatistics.sample(LocalEngine.INSTANCE, sim, circuit, cost, 1,
                samples, 29, 2);
        GradientStatistics.Sample retried;
        KILL.set(true);
        try {
            retried = GradientStatistics.sample(new Faulty(spark, faults, failingAttempts), sim, circuit, cost, 1,
                    samples, 29, 1);
        } finally {
            KILL.set(false);
        }
        assertArrayEquals(bits(local.losses()), bits(retried.losses()));
        assertArrayEquals(bits(local.gradients()), bits(retried.gradients()));
        assertEquals(Double.doubleToRawLongBits(local.gradient().variance()),
                Double.doubleToRawLongBits(retried.gradient().variance()));

        // the faults did happen, and were retried as expected: every partition ends in success
        List<String> ends = awaitEnds(8 + 5);
        for (String failure : List.of("0 0 ExceptionFailure", "0 1 ExceptionFailure", "1 0 ExceptionFailure",
                "2 0 ExceptionFailure", "3 0 TaskKilled", "0 2 Success", "1 1 Success", "2 1 Success",
                "3 1 Success")) {
            assertTrue(ends.contains(failure), failure + " not among the task ends " + ends);
        }
        for (int p = 4; p < 8; p++) {
            assertTrue(ends.contains(p + " 0 Success"), p + " 0 Success not among the task ends " + ends);
        }
        assertEquals(8, ends.stream().filter(e -> e.endsWith(" Success")).count(), ends.toString());
    }

    /** A task failing on every attempt fails the job after local[2,3]'s 3 attempts, in one line; the engine goes on. */
    @Test
    void aTaskFailingEveryAttemptFailsTheJobAfterThreeAttempts() {
        Simulator sim = Simulator.create(KernelType.VECTOR, 1);
        Ensemble<Long> seeds = new Ensemble<>("seeds", s -> (i, seed) -> seed, 16, 100);
        Fault[] faults = new Fault[8];
        Arrays.fill(faults, Fault.NONE);
        faults[5] = Fault.THROW_AFTER_PARTIAL_WORK;
        int[] failingAttempts = new int[8];
        failingAttempts[5] = Integer.MAX_VALUE;
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new Faulty(spark, faults, failingAttempts).run(seeds, sim, 1));
        assertTrue(e.getMessage().startsWith("Spark job 'seeds' failed: "), e.getMessage());
        assertTrue(e.getMessage().contains("failed 3 times"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        List<String> ends = awaitEnds(3);
        assertEquals(3, ends.stream().filter(s -> s.startsWith("5 ") && s.endsWith(" ExceptionFailure")).count(),
                ends.toString());

        List<Long> expected = IntStream.range(0, 16).mapToObj(i -> 100L + i).toList();
        assertEquals(expected, spark.run(seeds, sim, 1));
    }

    private static long[] bits(double[] x) {
        return Arrays.stream(x).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    /** The listener's task ends once at least {@code n} arrived (the listener bus is asynchronous). */
    private static List<String> awaitEnds(int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (ENDS.size() < n && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            Thread.sleep(200); // a few more may be on their way
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return List.copyOf(ENDS);
    }

    /** The injected failure. */
    static final class InjectedFault extends RuntimeException {
        @Serial
        private static final long serialVersionUID = 1L;

        InjectedFault(String message) {
            super(message);
        }
    }

    /** An engine that runs each ensemble with its job wrapped in {@link FaultyJob}. */
    private record Faulty(EnsembleEngine engine, Fault[] faults, int[] failingAttempts) implements EnsembleEngine {
        @Override
        public String name() {
            return engine.name();
        }

        @Override
        public <R extends Serializable> void run(Ensemble<R> e, Simulator sim, int threads, int[] tasks,
                TaskSink<? super R> sink) {
            engine.run(new Ensemble<>(e.name(), new FaultyJob<>(e.job(), faults, failingAttempts), e.tasks(),
                    e.seed()), sim, threads, tasks, sink);
        }
    }

    /**
     * {@code inner}, with partition p's attempts below {@code failingAttempts[p]} ending as {@code faults[p]} says.
     */
    private record FaultyJob<R extends Serializable>(EnsembleJob<R> inner, Fault[] faults, int[] failingAttempts)
            implements EnsembleJob<R> {

        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Worker<R> open(Simulator sim) {
            TaskContext task = TaskContext.get();
            int p = task.partitionId();
            Fault fault = task.attemptNumber() < failingAttempts[p] ? faults[p] : Fault.NONE;
            String where = "partition " + p + " attempt " + task.attemptNumber();
            if (fault == Fault.THROW_AT_START) {
                throw new InjectedFault(where + ": failed at start");
            }
            Worker<R> worker = inner.open(sim);
            int[] done = {0}; // one worker per Spark task, called from its thread only
            return (i, seed) -> {
                R r = worker.run(i, seed);
                if (++done[0] == 2) {
                    switch (fault) {
                        case THROW_AFTER_PARTIAL_WORK -> throw new InjectedFault(where + ": failed after 2 samples");
                        case INTERRUPTED -> {
                            Thread.currentThread().interrupt();
                            sleep(10_000);
                            throw new InjectedFault(where + ": interrupt had no effect");
                        }
                        case KILLED -> {
                            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                            while (System.nanoTime() < deadline) {
                                sleep(10); // ends in InterruptedException when Spark kills the attempt
                            }
                            throw new InjectedFault(where + ": not killed within 30 s");
                        }
                        default -> {
                        }
                    }
                }
                return r;
            };
        }

        /** Thread.sleep, its InterruptedException thrown unchecked as Spark would see it from blocking code. */
        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                throw FaultyJob.<RuntimeException>sneaky(e);
            }
        }

        @SuppressWarnings("unchecked")
        private static <T extends Throwable> T sneaky(Throwable t) throws T {
            throw (T) t;
        }
    }
}
