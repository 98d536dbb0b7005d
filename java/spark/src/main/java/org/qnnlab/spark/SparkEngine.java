package org.qnnlab.spark;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.qnnlab.analysis.ensemble.Ensemble;
import org.qnnlab.analysis.ensemble.EnsembleEngine;
import org.qnnlab.analysis.ensemble.EnsembleEngines;
import org.qnnlab.analysis.ensemble.EnsembleJob;
import org.qnnlab.analysis.ensemble.SimulatorSpec;
import org.qnnlab.sim.Simulator;
import scala.Tuple2;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * An ensemble as one Spark job: task indices {@code 0..N−1} cut into partitions; each Spark task opens the job once
 * on its executor's simulator (built from the driver's {@link SimulatorSpec}, once per executor JVM) and runs its
 * indices with seeds {@link Ensemble#seed(int)}; the driver puts the results back in task order. A task Spark re-runs
 * (a lost executor, a retry) computes the same bits, since nothing but its index and seed goes in.
 *
 * <p>Executors get {@value #EXECUTOR_OPTIONS} appended to {@code spark.executor.extraJavaOptions} (the Vector API
 * kernel and FFM downcalls for the native one). In {@code local} mode the executors are this JVM, whose own options
 * apply (see the module's README for the flags Spark needs on JDK 25).
 */
public final class SparkEngine implements EnsembleEngine {

    /** JVM options every executor needs for qnnlab's kernels. */
    public static final String EXECUTOR_OPTIONS = "--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED";

    /** Automatic partitioning: this many partitions per core of the cluster ({@code defaultParallelism}). */
    public static final int PARTITIONS_PER_CORE = 4;

    /** Marks the Spark context an engine started, as against one the application started before. */
    private static final String STARTED_BY = "spark.qnnlab.startedBy";

    private static final Object LOCK = new Object();
    private static JavaSparkContext shared;
    private static boolean sharedOwned;
    private static int users;

    private final JavaSparkContext context;
    private final int partitions;
    private boolean closed;

    private SparkEngine(JavaSparkContext context, int partitions) {
        this.context = context;
        this.partitions = partitions;
    }

    /**
     * Joins the Spark context running in this JVM (an application's own, {@code spark-submit}'s, or another engine's)
     * or starts one on {@code master}. Engines share one context (Spark allows one per JVM); the last engine closed
     * stops it if an engine started it.
     *
     * @param master     the master URL; null to join a running context or start on {@code spark.master} (set by
     *                   {@code spark-submit}), else {@value SparkEngineProvider#DEFAULT_MASTER}
     * @param partitions Spark tasks per ensemble, 0 for {@value #PARTITIONS_PER_CORE} per core
     * @throws IllegalStateException in one line if Spark does not start, or runs on another master than asked
     */
    static SparkEngine start(String master, int partitions) {
        synchronized (LOCK) {
            if (shared == null || shared.sc().isStopped()) {
                String token = java.util.UUID.randomUUID().toString();
                // spark-submit passes its --master and --name as system properties, which SparkConf reads
                SparkConf conf = new SparkConf().setIfMissing("spark.master", SparkEngineProvider.DEFAULT_MASTER)
                        .setIfMissing("spark.app.name", "qnnlab")
                        .setIfMissing("spark.ui.enabled", "false")
                        .setIfMissing("spark.log.level", "WARN")
                        .set(STARTED_BY, token);
                if (master != null) {
                    conf.setMaster(master);
                }
                String extra = conf.get("spark.executor.extraJavaOptions", "").strip();
                conf.set("spark.executor.extraJavaOptions", (extra + " " + EXECUTOR_OPTIONS).strip());
                if (!conf.get("spark.master").startsWith("local") && !conf.contains("spark.jars")) {
                    // a driver started without spark-submit (qnn --master spark://…) ships its own qnnlab jars
                    String jars = String.join(",", qnnlabJars());
                    if (!jars.isEmpty()) {
                        conf.set("spark.jars", jars);
                    }
                }
                try {
                    SparkContext sc = SparkContext.getOrCreate(conf);
                    shared = JavaSparkContext.fromSparkContext(sc);
                    sharedOwned = token.equals(sc.getConf().get(STARTED_BY, ""));
                    users = 0;
                } catch (RuntimeException | LinkageError e) {
                    throw new IllegalStateException("cannot start Spark on master '" + conf.get("spark.master")
                            + "': " + firstLine(e), e);
                }
            }
            if (master != null && !master.equals(shared.master())) {
                throw new IllegalStateException("Spark already runs on master '" + shared.master()
                        + "' in this JVM; asked for '" + master + "' (one Spark context per JVM)");
            }
            users++;
            return new SparkEngine(shared, partitions);
        }
    }

    /**
     * The jar files this JVM loaded qnnlab's classes from (the engine, analysis, train, sim and every kernel found by
     * {@link java.util.ServiceLoader}): {@code qnn.jar} and {@code qnnlab-spark-*.jar} under {@code ./qnn}, the
     * modules' jars elsewhere. Classes loaded from directories (a build's {@code target/classes}) are not shippable
     * and are left out.
     */
    static List<String> qnnlabJars() {
        java.util.Set<String> jars = new java.util.LinkedHashSet<>();
        List<Class<?>> classes = new ArrayList<>(List.of(SparkEngine.class, Ensemble.class,
                org.qnnlab.train.Parallel.class, Simulator.class));
        for (org.qnnlab.sim.kernel.KernelProvider k : java.util.ServiceLoader.load(
                org.qnnlab.sim.kernel.KernelProvider.class, SparkEngine.class.getClassLoader())) {
            classes.add(k.getClass());
        }
        for (Class<?> c : classes) {
            java.security.CodeSource src = c.getProtectionDomain().getCodeSource();
            if (src != null && src.getLocation() != null) {
                try {
                    java.nio.file.Path path = java.nio.file.Path.of(src.getLocation().toURI());
                    if (java.nio.file.Files.isRegularFile(path) && path.toString().endsWith(".jar")) {
                        jars.add(path.toAbsolutePath().toString());
                    }
                } catch (java.net.URISyntaxException | IllegalArgumentException e) {
                    // not a file: nothing to ship
                }
            }
        }
        return List.copyOf(jars);
    }

    @Override
    public String name() {
        return SparkEngineProvider.NAME;
    }

    /** The Spark master this engine runs on. */
    public String master() {
        return context.master();
    }

    /** The partition count for {@code tasks} tasks: the option, else {@value #PARTITIONS_PER_CORE} per core. */
    public int partitions(int tasks) {
        int p = partitions > 0 ? partitions : PARTITIONS_PER_CORE * Math.max(1, context.defaultParallelism());
        return Math.min(p, tasks);
    }

    /**
     * Runs the tasks as one Spark job; each partition's results reach {@code sink} on the driver as that Spark task
     * ends (Spark's result handler, called by its scheduler one partition at a time).
     *
     * @param threads ignored: Spark's executors and cores set the parallelism
     * @throws RuntimeException a task's or the sink's {@code IllegalArgumentException}, {@code IllegalStateException}
     *     or {@code UncheckedIOException} as it was thrown, else an {@code IllegalStateException} with the first line
     *     of Spark's report
     */
    @Override
    public <R extends Serializable> void run(Ensemble<R> ensemble, Simulator sim, int threads, int[] tasks,
            TaskSink<? super R> sink) {
        int[] run = EnsembleEngines.checkRun(ensemble, sim, threads, tasks);
        if (run.length == 0) {
            return;
        }
        int p = partitions(run.length);
        List<Integer> indices = strided(run, p);
        try {
            context.setJobDescription(ensemble.name());
            org.apache.spark.rdd.RDD<Integer> rdd = context.parallelize(indices, p).rdd();
            context.sc().runJob(rdd, new Partition<>(ensemble, SimulatorSpec.of(sim)), new Handler<>(sink),
                    scala.reflect.ClassTag$.MODULE$.apply(ArrayList.class));
        } catch (Exception e) { // SparkException is checked, thrown undeclared from Scala
            throw taskFailure(ensemble, e);
        }
    }

    /**
     * The task indices in the order Spark's slicing (contiguous runs of about {@code n/p}) turns into partitions
     * that each hold every p-th task: tasks next to each other are often alike in cost (a grid's deepest circuits
     * come last), so contiguous partitions would leave the last ones with the slowest tasks while the other cores
     * idle. Spark schedules partitions, not tasks, so it cannot rebalance that itself.
     */
    static List<Integer> strided(int[] tasks, int p) {
        List<Integer> out = new ArrayList<>(tasks.length);
        for (int k = 0; k < p; k++) {
            for (int i = k; i < tasks.length; i += p) {
                out.add(tasks[i]);
            }
        }
        return out;
    }

    /** Stops the Spark context when this is the last open engine and an engine started it. */
    @Override
    public void close() {
        synchronized (LOCK) {
            if (closed) {
                return;
            }
            closed = true;
            if (--users == 0 && context == shared) {
                if (sharedOwned) {
                    context.stop();
                }
                shared = null;
            }
        }
    }

    /** One Spark task: a partition's indices, the job opened once; returns (index, result) pairs. */
    private static final class Partition<R extends Serializable>
            extends AbstractFunction1<scala.collection.Iterator<Integer>, ArrayList<Tuple2<Integer, R>>>
            implements Serializable {

        @Serial
        private static final long serialVersionUID = 1L;

        private final Ensemble<R> ensemble;
        private final SimulatorSpec simulator;

        Partition(Ensemble<R> ensemble, SimulatorSpec simulator) {
            this.ensemble = ensemble;
            this.simulator = simulator;
        }

        @Override
        public ArrayList<Tuple2<Integer, R>> apply(scala.collection.Iterator<Integer> indices) {
            ArrayList<Tuple2<Integer, R>> out = new ArrayList<>();
            if (indices.hasNext()) {
                EnsembleJob.Worker<R> worker = ensemble.job().open(Executor.simulator(simulator));
                while (indices.hasNext()) {
                    int i = indices.next();
                    out.add(new Tuple2<>(i, worker.run(i, ensemble.seed(i))));
                }
            }
            return out;
        }
    }

    /** On the driver: a finished partition's results to the sink (Spark calls it one partition at a time). */
    private static final class Handler<R>
            extends AbstractFunction2<Object, ArrayList<Tuple2<Integer, R>>, BoxedUnit> {

        private final TaskSink<? super R> sink;

        Handler(TaskSink<? super R> sink) {
            this.sink = sink;
        }

        @Override
        public BoxedUnit apply(Object partition, ArrayList<Tuple2<Integer, R>> results) {
            for (Tuple2<Integer, R> t : results) {
                sink.accept(t._1(), t._2());
            }
            return BoxedUnit.UNIT;
        }
    }

    /** Per executor JVM: one simulator per spec, shared by its task threads (simulators are thread-safe). */
    private static final class Executor {
        private static final Map<SimulatorSpec, Simulator> SIMULATORS = new ConcurrentHashMap<>();

        static Simulator simulator(SimulatorSpec spec) {
            return SIMULATORS.computeIfAbsent(spec, SimulatorSpec::create);
        }
    }

    private static RuntimeException taskFailure(Ensemble<?> ensemble, Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException || t instanceof IllegalStateException
                    || t instanceof java.io.UncheckedIOException) {
                if (!t.getClass().getName().startsWith("org.apache.spark")) {
                    return (RuntimeException) t;
                }
            }
        }
        return new IllegalStateException("Spark job '" + ensemble.name() + "' failed: " + firstLine(e), e);
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
