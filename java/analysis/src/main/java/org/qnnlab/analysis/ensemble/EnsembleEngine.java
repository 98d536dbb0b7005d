package org.qnnlab.analysis.ensemble;

import java.io.Serializable;
import java.util.List;
import org.qnnlab.sim.Simulator;

/**
 * Runs an {@link Ensemble}'s tasks and returns their results in task order. Implementations may run tasks anywhere
 * (threads, another JVM, a cluster), in any order, and re-run a failed task; the results list is indexed by task.
 * Engines that hold resources (a Spark context) release them in {@link #close()}.
 */
public interface EnsembleEngine extends AutoCloseable {

    /** The engine's name, as {@code --engine} takes it ({@code local}, {@code spark}). */
    String name();

    /**
     * Runs every task of {@code ensemble}.
     *
     * @param sim     the driver's simulator: the local engine runs the tasks on it, a remote one builds the same kernel
     *                on each executor from {@link SimulatorSpec#of(Simulator)}
     * @param threads workers in this JVM (the local engine); a distributed engine has its own parallelism
     * @return one result per task, element i being task i's
     * @throws IllegalArgumentException if threads is below 1
     * @throws RuntimeException the exception a task threw (the local engine rethrows it unwrapped)
     */
    <R extends Serializable> List<R> run(Ensemble<R> ensemble, Simulator sim, int threads);

    /** Releases what the engine holds; the local engine holds nothing. */
    @Override
    default void close() {
    }
}
