package org.qnnlab.analysis.ensemble;

import java.io.Serializable;
import org.qnnlab.sim.Simulator;

/**
 * What every task of an {@link Ensemble} computes. A job is serialized to remote executors, so it holds only
 * serializable values (circuits as {@link CircuitSpec}, observables as text), never a simulator or a kernel.
 *
 * @param <R> a task's result; serializable, since it travels back to the driver
 */
@FunctionalInterface
public interface EnsembleJob<R extends Serializable> extends Serializable {

    /**
     * Prepares the work shared by many tasks (parsing the circuit, building gradient engines) on the simulator of the
     * worker that runs them: once per run on the local engine, once per partition on a distributed one.
     */
    Worker<R> open(Simulator sim);

    /**
     * Runs tasks. {@link #run} may be called from several threads at once, and must depend on nothing but the task's
     * index and seed, so a task re-run elsewhere (a retry, another partitioning) gives the same bits.
     *
     * @param <R> a task's result
     */
    @FunctionalInterface
    interface Worker<R> {

        /** Task {@code index}'s result; {@code seed} is {@link Ensemble#seed(int) Ensemble.seed(index)}. */
        R run(int index, long seed);
    }
}
