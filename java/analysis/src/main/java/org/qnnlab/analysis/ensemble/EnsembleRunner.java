package org.qnnlab.analysis.ensemble;

import java.io.Serial;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.qnnlab.sim.Simulator;

/**
 * How an analysis runs its ensembles: on which {@link EnsembleEngine}, with how many local threads, journaling each
 * finished task where ({@link TaskJournal}; optional) and reporting progress to whom (optional). Every analysis that
 * samples or trains many independent runs takes one; {@link #local(int)} is the default.
 *
 * <p>{@link #runAll} runs several ensembles (the points of a grid) as one engine job, so a cluster works on every
 * point at once and pays its per-job cost once; each ensemble keeps its own seeds and its own journal, so a grid
 * that grows keeps the points it had. Results come back in task order whatever the engine, partitioning or thread
 * count, and a resumed run gives the same results as one that was never interrupted.
 *
 * <pre>{@code
 * try (EnsembleEngine spark = EnsembleEngines.create("spark", Map.of("master", "local[2]"))) {
 *     EnsembleRunner runner = EnsembleRunner.on(spark, 1).withJournal(Path.of("study/tasks"), true);
 *     GradientStatistics.Sample s = GradientStatistics.sample(runner, sim, spec, cost, 0, 1000, 1);
 * }
 * }</pre>
 */
public final class EnsembleRunner {

    private final EnsembleEngine engine;
    private final int threads;
    private final Path journal;
    private final boolean resume;
    private final Progress progress;

    private EnsembleRunner(EnsembleEngine engine, int threads, Path journal, boolean resume, Progress progress) {
        this.engine = Objects.requireNonNull(engine, "engine");
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads + " out of range; allowed: 1 or more");
        }
        this.threads = threads;
        this.journal = journal;
        this.resume = resume;
        this.progress = progress;
    }

    /** The local engine on {@code threads} threads, no journal, no progress. */
    public static EnsembleRunner local(int threads) {
        return new EnsembleRunner(LocalEngine.INSTANCE, threads, null, false, null);
    }

    /** {@code engine}, with {@code threads} workers if it is the local one; no journal, no progress. */
    public static EnsembleRunner on(EnsembleEngine engine, int threads) {
        return new EnsembleRunner(engine, threads, null, false, null);
    }

    /**
     * Journals every finished task in {@code dir}; with {@code resume}, tasks an earlier run of the same ensemble
     * journaled there are not run again (their journaled results are used), else the journals start afresh.
     */
    public EnsembleRunner withJournal(Path dir, boolean resume) {
        return new EnsembleRunner(engine, threads, Objects.requireNonNull(dir, "dir"), resume, progress);
    }

    /** Reports progress to {@code listener} (on the thread the engine hands results from). */
    public EnsembleRunner withProgress(Progress listener) {
        return new EnsembleRunner(engine, threads, journal, resume, listener);
    }

    /** The engine. */
    public EnsembleEngine engine() {
        return engine;
    }

    /** Workers of the local engine. */
    public int threads() {
        return threads;
    }

    /** This runner with {@code t} local threads (analyses split threads between tasks and the kernel). */
    public EnsembleRunner withThreads(int t) {
        return new EnsembleRunner(engine, t, journal, resume, progress);
    }

    /**
     * Progress of a run: called after each task lands.
     */
    @FunctionalInterface
    public interface Progress {

        /**
         * {@code done} of {@code total} tasks have results, {@code resumed} of them read from journals.
         *
         * @param name the run's name (the ensemble's, or {@link #runAll}'s)
         */
        void update(String name, int done, int total, int resumed);
    }

    /** Runs {@code ensemble} and returns its results in task order. */
    public <R extends Serializable> List<R> run(Ensemble<R> ensemble, Simulator sim) {
        return runAll(ensemble.name(), List.of(ensemble), sim).get(0);
    }

    /**
     * Runs {@code ensembles} as one job and returns each one's results in task order.
     *
     * @param name what the run is, for progress and Spark's job description
     * @throws IllegalStateException if a journal is held by another run or corrupt (before any task runs)
     */
    public <R extends Serializable> List<List<R>> runAll(String name, List<Ensemble<R>> ensembles, Simulator sim) {
        Objects.requireNonNull(sim, "sim");
        int parts = ensembles.size();
        int[] offset = new int[parts + 1];
        for (int p = 0; p < parts; p++) {
            offset[p + 1] = Math.addExact(offset[p], ensembles.get(p).tasks());
        }
        int total = offset[parts];
        Object[][] results = new Object[parts][];
        List<TaskJournal> journals = new ArrayList<>();
        try {
            List<Integer> todo = new ArrayList<>();
            int resumed = 0;
            for (int p = 0; p < parts; p++) {
                Ensemble<R> e = ensembles.get(p);
                results[p] = new Object[e.tasks()];
                TaskJournal j = journal == null ? null : TaskJournal.open(journal, e, sim, resume);
                journals.add(j);
                for (int k = 0; k < e.tasks(); k++) {
                    Object r = j == null ? null : j.result(k);
                    if (r != null) {
                        results[p][k] = r;
                        resumed++;
                    } else {
                        todo.add(offset[p] + k);
                    }
                }
            }
            int[] tasks = todo.stream().mapToInt(Integer::intValue).toArray();
            int[] done = {resumed};
            int fromJournal = resumed;
            if (progress != null) {
                progress.update(name, resumed, total, resumed);
            }
            if (tasks.length > 0) {
                Ensemble<R> all = parts == 1 ? ensembles.get(0)
                        : new Ensemble<>(name, new Concat<>(List.copyOf(ensembles), offset), total, 0);
                engine.run(all, sim, threads, tasks, (i, r) -> {
                    int p = part(offset, i);
                    int k = i - offset[p];
                    if (journals.get(p) != null) {
                        journals.get(p).append(k, r);
                    }
                    results[p][k] = r;
                    done[0]++;
                    if (progress != null) {
                        progress.update(name, done[0], total, fromJournal);
                    }
                });
            }
        } finally {
            RuntimeException first = null;
            for (TaskJournal j : journals) {
                try {
                    if (j != null) {
                        j.close();
                    }
                } catch (RuntimeException e) {
                    first = first == null ? e : first;
                }
            }
            if (first != null) {
                throw first;
            }
        }
        List<List<R>> out = new ArrayList<>(parts);
        for (Object[] r : results) {
            out.add(EnsembleEngines.inTaskOrder(r));
        }
        return out;
    }

    /** The part that combined task {@code i} belongs to. */
    private static int part(int[] offset, int i) {
        int lo = 0;
        int hi = offset.length - 2;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (offset[mid] <= i) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /**
     * Several ensembles as one: combined task i is task {@code i − offset[p]} of part p, run with that part's seed
     * (the combined ensemble's own seed is not used), so a task's result does not depend on how the parts were
     * combined. Each part's job is opened at most once per worker, when its first task comes.
     */
    private record Concat<R extends Serializable>(List<Ensemble<R>> parts, int[] offset) implements EnsembleJob<R> {

        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Worker<R> open(Simulator sim) {
            @SuppressWarnings("unchecked")
            Worker<R>[] workers = new Worker[parts.size()];
            return (i, seed) -> {
                int p = part(offset, i);
                Worker<R> w;
                synchronized (workers) {
                    w = workers[p];
                    if (w == null) {
                        w = parts.get(p).job().open(sim);
                        workers[p] = w;
                    }
                }
                int k = i - offset[p];
                return w.run(k, parts.get(p).seed(k));
            };
        }
    }
}
