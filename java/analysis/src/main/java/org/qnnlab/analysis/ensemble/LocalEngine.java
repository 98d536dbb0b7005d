package org.qnnlab.analysis.ensemble;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.qnnlab.sim.Simulator;
import org.qnnlab.train.Parallel;

/**
 * The default engine: the tasks on this JVM's threads ({@link Parallel#forEach}: handed out one at a time, each
 * writing its own slot), on the caller's simulator. The job is opened once and its worker shared by the threads.
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
    public <R extends Serializable> List<R> run(Ensemble<R> ensemble, Simulator sim, int threads) {
        EnsembleEngines.checkRun(ensemble, sim, threads);
        EnsembleJob.Worker<R> worker = ensemble.job().open(sim);
        Object[] out = new Object[ensemble.tasks()];
        Parallel.forEach(ensemble.tasks(), threads, i -> out[i] = worker.run(i, ensemble.seed(i)));
        return EnsembleEngines.inTaskOrder(out);
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
