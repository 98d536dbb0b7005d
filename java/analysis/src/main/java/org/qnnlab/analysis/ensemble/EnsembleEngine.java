package org.qnnlab.analysis.ensemble;

import java.io.Serializable;
import java.util.List;
import java.util.stream.IntStream;
import org.qnnlab.sim.Simulator;

/**
 * Runs an {@link Ensemble}'s tasks. Implementations may run tasks anywhere (threads, another JVM, a cluster), in any
 * order, and re-run a failed task; every result is handed to the caller by task index, so the caller can keep them in
 * task order and journal them as they land ({@link EnsembleRunner}).
 * Engines that hold resources (a Spark context) release them in {@link #close()}.
 */
public interface EnsembleEngine extends AutoCloseable {

    /** The engine's name, as {@code --engine} takes it ({@code local}, {@code spark}). */
    String name();

    /**
     * Runs the tasks {@code tasks} of {@code ensemble} and hands each result to {@code sink} as it lands.
     *
     * @param sim     the driver's simulator: the local engine runs the tasks on it, a remote one builds the same kernel
     *                on each executor from {@link SimulatorSpec#of(Simulator)}
     * @param threads workers in this JVM (the local engine); a distributed engine has its own parallelism
     * @param tasks   the task indices to run, distinct, each in {@code [0, ensemble.tasks())}
     * @param sink    receives {@code (index, result)} once per task, one call at a time (never concurrently), in this
     *                JVM; an exception it throws stops the run and is rethrown
     * @throws IllegalArgumentException if threads is below 1 or an index is out of range or repeated
     * @throws RuntimeException the exception a task threw (the local engine rethrows it unwrapped)
     */
    <R extends Serializable> void run(Ensemble<R> ensemble, Simulator sim, int threads, int[] tasks,
            TaskSink<? super R> sink);

    /**
     * Runs every task of {@code ensemble}.
     *
     * @return one result per task, element i being task i's
     * @throws IllegalArgumentException if threads is below 1
     * @throws RuntimeException the exception a task threw
     */
    default <R extends Serializable> List<R> run(Ensemble<R> ensemble, Simulator sim, int threads) {
        Object[] out = new Object[ensemble.tasks()];
        run(ensemble, sim, threads, IntStream.range(0, ensemble.tasks()).toArray(), (i, r) -> out[i] = r);
        return EnsembleEngines.inTaskOrder(out);
    }

    /** Releases what the engine holds; the local engine holds nothing. */
    @Override
    default void close() {
    }

    /**
     * Where an engine hands finished tasks' results.
     *
     * @param <R> a task's result
     */
    @FunctionalInterface
    interface TaskSink<R> {

        /** Task {@code index} finished with {@code result}. */
        void accept(int index, R result);
    }
}
