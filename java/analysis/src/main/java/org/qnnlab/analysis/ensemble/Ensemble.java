package org.qnnlab.analysis.ensemble;

import java.io.Serializable;
import java.util.Objects;

/**
 * An analysis's independent tasks: {@code tasks} runs of {@code job}, task i seeded {@link #seed(int) seed + i}.
 *
 * @param name  what the tasks are, for progress and errors (e.g. {@code "gradvar n=6 L=2"})
 * @param job   what each task computes
 * @param tasks the task count, at least 1
 * @param seed  the run seed; task i's seed is {@code seed + i}
 * @param <R>   a task's result
 */
public record Ensemble<R extends Serializable>(String name, EnsembleJob<R> job, int tasks, long seed)
        implements Serializable {

    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException for fewer than 1 task
     */
    public Ensemble {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(job, "job");
        if (tasks < 1) {
            throw new IllegalArgumentException("tasks " + tasks + " out of range; allowed: 1 or more");
        }
    }

    /**
     * Task {@code index}'s seed: the run seed plus the index (wrapping like {@code long} addition), the rule of every
     * analysis since before engines, so {@code seed + i} samples the same θ as it always did.
     */
    public long seed(int index) {
        Objects.checkIndex(index, tasks);
        return seed + index;
    }
}
