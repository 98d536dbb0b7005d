package org.qnnlab.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.qnnlab.analysis.GradientStatistics;
import org.qnnlab.analysis.ensemble.CircuitSpec;
import org.qnnlab.analysis.ensemble.Ensemble;
import org.qnnlab.analysis.ensemble.EnsembleEngine;
import org.qnnlab.analysis.ensemble.EnsembleEngines;
import org.qnnlab.analysis.ensemble.LocalEngine;
import org.qnnlab.sim.Boundary;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.kernel.KernelType;

/**
 * A cluster's smoke test, run with {@code spark-submit --class org.qnnlab.spark.ClusterCheck} (see the module's
 * README): joins the Spark context {@code spark-submit} configured (its {@code --master}), reports where the tasks
 * ran, samples the gradient of a 10-qubit, 4-layer HEA with the local cost ({@code analyze gradvar}) on the cluster,
 * prints every sample's bits and compares them with the same samples on the driver's local engine. Exits with status 1
 * if a single bit differs.
 *
 * <p>Arguments: {@code [samples [seed [repeats]]]}, default {@code 200 1 0}; with {@code repeats} ≥ 1 it also times
 * the cluster job that many times (after one warm-up), the same samples on the driver's local engine, and an empty
 * ensemble of 2000 tasks (automatic partitions, and one partition per task), to measure the cluster's cost per job
 * and per task.
 *
 * <p>Output lines (the first word says what they are): {@code master}, {@code first job} (its time includes starting
 * the executors), {@code executor} (one per executor JVM that ran a task: its process id and kernel), {@code driver}, {@code sample i lossBits gradientBits} (cluster, as 16 hex digits of
 * {@link Double#doubleToRawLongBits}), {@code variance}, {@code time} (with repeats) and last {@code result same} or
 * {@code result DIFFERENT}.
 */
public final class ClusterCheck {

    /** The circuit: the 200-sample gradvar ensemble of the README's overhead table. */
    static final int QUBITS = 10;
    static final int LAYERS = 4;

    /** Tasks of the empty ensembles timed with repeats (as {@code SparkOverhead}). */
    private static final int EMPTY_TASKS = 2000;

    private ClusterCheck() {
    }

    public static void main(String[] args) {
        long[] parsed = parse(args);
        if (parsed == null) {
            System.err.println("usage: ClusterCheck [SAMPLES (≥ 2, default 200) [SEED (default 1) [REPEATS (≥ 0, "
                    + "default 0)]]]; got '" + String.join(" ", args) + "'");
            System.exit(2);
            return;
        }
        int samples = (int) parsed[0];
        long seed = parsed[1];
        int repeats = (int) parsed[2];
        Simulator sim = Simulator.create(KernelType.VECTOR, 1);
        long t0 = System.nanoTime();
        boolean same;
        try (EnsembleEngine spark = EnsembleEngines.create("spark", Map.of())) {
            SparkEngine engine = (SparkEngine) spark;
            System.out.printf(Locale.ROOT, "master %s (context ready in %.2f s, default parallelism %d)%n",
                    engine.master(), (System.nanoTime() - t0) / 1e9, engine.partitions(Integer.MAX_VALUE)
                            / SparkEngine.PARTITIONS_PER_CORE);
            long t1 = System.nanoTime();
            List<String> where = spark.run(new Ensemble<>("where do tasks run", s -> {
                String kernel = s.kernel().type().toString();
                String vector = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? "yes" : "no";
                return (i, taskSeed) -> "pid " + ProcessHandle.current().pid() + ", kernel " + kernel
                        + ", jdk.incubator.vector " + vector;
            }, engine.partitions(Integer.MAX_VALUE), 0), sim, 1);
            System.out.printf(Locale.ROOT, "first job %.2f s (executors start)%n", (System.nanoTime() - t1) / 1e9);
            for (String w : new TreeSet<>(where)) {
                System.out.println("executor " + w);
            }
            System.out.println("driver pid " + ProcessHandle.current().pid());

            CircuitSpec hea = CircuitSpec.ansatz("hea", QUBITS, LAYERS, Boundary.OPEN);
            Observable cost = GradientStatistics.cost("local", QUBITS);
            GradientStatistics.Sample cluster = GradientStatistics.sample(spark, sim, hea, cost, 0, samples, seed, 1);
            GradientStatistics.Sample local = GradientStatistics.sample(LocalEngine.INSTANCE, sim, hea, cost, 0,
                    samples, seed, Runtime.getRuntime().availableProcessors());
            for (int s = 0; s < samples; s++) {
                System.out.printf(Locale.ROOT, "sample %d %016x %016x%n", s,
                        Double.doubleToRawLongBits(cluster.losses()[s]),
                        Double.doubleToRawLongBits(cluster.gradients()[s]));
            }
            System.out.printf(Locale.ROOT, "variance %016x (%s)%n",
                    Double.doubleToRawLongBits(cluster.gradient().variance()), cluster.gradient());
            same = bits(cluster.losses()).equals(bits(local.losses()))
                    && bits(cluster.gradients()).equals(bits(local.gradients()));
            if (repeats > 0) {
                time("gradvar hea n=" + QUBITS + " L=" + LAYERS + " local cost, spark", samples, repeats,
                        () -> GradientStatistics.sample(spark, sim, hea, cost, 0, samples, seed, 1));
                time("gradvar hea n=" + QUBITS + " L=" + LAYERS + " local cost, local engine", samples, repeats,
                        () -> GradientStatistics.sample(LocalEngine.INSTANCE, sim, hea, cost, 0, samples, seed,
                                Runtime.getRuntime().availableProcessors()));
                Ensemble<Integer> empty = new Ensemble<>("empty", s -> (i, taskSeed) -> i, EMPTY_TASKS, 0);
                time("empty tasks, spark " + engine.partitions(EMPTY_TASKS) + " partitions", EMPTY_TASKS, repeats,
                        () -> spark.run(empty, sim, 1));
                try (EnsembleEngine perTask = EnsembleEngines.create("spark",
                        Map.of("partitions", Integer.toString(EMPTY_TASKS)))) {
                    time("empty tasks, spark 1 partition per task", EMPTY_TASKS, repeats,
                            () -> perTask.run(empty, sim, 1));
                }
            }
        }
        System.out.println("result " + (same ? "same bits as the local engine" : "DIFFERENT from the local engine"));
        if (!same) {
            System.exit(1);
        }
    }

    /** {samples, seed, repeats}, or null for arguments out of range. */
    private static long[] parse(String[] args) {
        try {
            long[] out = {200, 1, 0};
            if (args.length > out.length) {
                return null;
            }
            for (int i = 0; i < args.length; i++) {
                out[i] = i == 1 ? Long.parseLong(args[i]) : Integer.parseInt(args[i]);
            }
            return out[0] >= 2 && out[2] >= 0 ? out : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static List<Long> bits(double[] x) {
        List<Long> out = new ArrayList<>(x.length);
        for (double v : x) {
            out.add(Double.doubleToRawLongBits(v));
        }
        return out;
    }

    private static void time(String what, int tasks, int repeats, Runnable run) {
        run.run();
        long best = Long.MAX_VALUE;
        for (int r = 0; r < repeats; r++) {
            long t = System.nanoTime();
            run.run();
            best = Math.min(best, System.nanoTime() - t);
        }
        System.out.printf(Locale.ROOT, "time %s, %d tasks: best of %d %.1f ms, %.1f µs/task%n", what, tasks,
                repeats, best / 1e6, best / 1e3 / tasks);
    }
}
