package org.qnnlab.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.qnnlab.analysis.ensemble.EnsembleEngine;
import org.qnnlab.analysis.ensemble.EnsembleEngines;
import org.qnnlab.analysis.ensemble.EnsembleRunner;
import picocli.CommandLine.Option;

/**
 * The options of commands whose work is an ensemble of independent tasks ({@code analyze gradvar}, {@code landscape},
 * {@code wishart}, {@code qfim}): which engine runs the tasks, and resuming a study from the tasks journaled in its
 * output directory ({@code tasks/}, {@link org.qnnlab.analysis.ensemble.TaskJournal}).
 */
final class EngineOptions {

    /** The journal's directory inside the output directory. */
    static final String TASKS_DIR = "tasks";

    @Option(names = "--engine", paramLabel = "E", defaultValue = EnsembleEngines.DEFAULT,
            description = "Where the independent tasks run: local (this JVM's threads) or spark (Apache Spark; "
                    + "needs the qnnlab-spark module, see java/spark/README.md) (default: ${DEFAULT-VALUE}).")
    String engine;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master URL for --engine spark: local[N], local[*], spark://HOST:PORT, yarn, "
                    + "k8s://URL (default: the running context under spark-submit, else local[*]).")
    String master;

    @Option(names = "--partitions", paramLabel = "P",
            description = "Spark tasks the study is cut into, for --engine spark (default: 4 per core).")
    String partitions;

    @Option(names = "--resume", description = "Skip the tasks an earlier run of the same study (same options, seed "
            + "and kernel) finished: their results are read from tasks/ in the output directory.")
    boolean resume;

    /**
     * Checks the combinations that need no engine, before any work: --master and --partitions only with spark,
     * --resume only with an output directory.
     */
    void check(Output out) {
        boolean spark = engine.strip().equalsIgnoreCase("spark");
        if (!spark && master != null) {
            throw new IllegalArgumentException("--master " + master + " is for --engine spark; --engine is " + engine);
        }
        if (!spark && partitions != null) {
            throw new IllegalArgumentException("--partitions " + partitions + " is for --engine spark; --engine is "
                    + engine);
        }
        if (resume && out.dir() == null) {
            throw new IllegalArgumentException("--resume reads the tasks journaled in the output directory; give "
                    + "--out DIR (with --json and no --out nothing is written)");
        }
    }

    /** Creates the engine (starting Spark, which fails in one line for a bad or unreachable master). */
    EnsembleEngine create() {
        Map<String, String> o = new LinkedHashMap<>();
        if (master != null) {
            o.put("master", master);
        }
        if (partitions != null) {
            o.put("partitions", partitions);
        }
        return EnsembleEngines.create(engine, o);
    }

    /**
     * A runner on {@code engine} with {@code threads} local workers, journaling into the output's {@code tasks/}
     * (opening the output now: call after every option is checked) and drawing progress on {@code bar}.
     */
    EnsembleRunner runner(EnsembleEngine engine, int threads, Output out, ProgressBar bar) {
        EnsembleRunner r = EnsembleRunner.on(engine, threads)
                .withProgress((name, done, total, resumed) -> bar.update(done, total, resumed, name));
        if (out.dir() != null) {
            out.open();
            r = r.withJournal(out.dir().resolve(TASKS_DIR), resume);
        }
        return r;
    }
}
