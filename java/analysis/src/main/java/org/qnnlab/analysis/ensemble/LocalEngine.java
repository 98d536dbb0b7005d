package org.qnnlab.analysis.ensemble;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.qnnlab.sim.Simulator;
import org.qnnlab.train.Parallel;

/**
 * The default engine: the tasks on this JVM's threads ({@link Parallel#forEach}: handed out one at a time), on the
 * caller's simulator; results go to the sink under a lock as each task ends. The job is opened once and its worker
 * shared by the threads.
 */
public final class LocalEngine implements EnsembleEngine {

    /** The engine's name. */
    public static final String NAME = "local";

    /** The one instance: the engine holds no state. */
    public static final LocalEngine INSTANCE = new LocalEngine();

    private LocalEngine() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public <R extends Serializable> void run(Ensemble<R> ensemble, Simulator sim, int threads, int[] tasks,
            TaskSink<? super R> sink) {
        int[] run = EnsembleEngines.checkRun(ensemble, sim, threads, tasks);
        if (run.length == 0) {
            return;
        }
        EnsembleJob.Worker<R> worker = ensemble.job().open(sim);
        Object lock = new Object();
        Parallel.forEach(run.length, threads, k -> {
            int i = run[k];
            R r = worker.run(i, ensemble.seed(i));
            synchronized (lock) {
                sink.accept(i, r);
            }
        });
    }

    /** Finds the local engine through {@link java.util.ServiceLoader} like any other. */
    public static final class Provider implements EnsembleEngineProvider {

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public List<String> options() {
            return List.of();
        }

        @Override
        public EnsembleEngine create(Map<String, String> options) {
            EnsembleEngines.checkOptions(NAME, options, options());
            return INSTANCE;
        }
    }
}
