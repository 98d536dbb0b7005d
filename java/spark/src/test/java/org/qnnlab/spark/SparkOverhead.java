package org.qnnlab.spark;

import java.util.Locale;
import java.util.Map;
import org.qnnlab.analysis.GradientStatistics;
import org.qnnlab.analysis.ensemble.CircuitSpec;
import org.qnnlab.analysis.ensemble.Ensemble;
import org.qnnlab.analysis.ensemble.EnsembleEngine;
import org.qnnlab.analysis.ensemble.EnsembleEngines;
import org.qnnlab.analysis.ensemble.LocalEngine;
import org.qnnlab.sim.Boundary;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.kernel.KernelType;

/**
 * Spark {@code local[2]}'s cost per task against the local engine on 2 threads (not a test: run by hand, see
 * README.md): empty tasks (pure overhead, one Spark task per ensemble task and automatic partitions) and gradvar
 * samples of a 10-qubit HEA. Prints the best of 5 runs after 2 warm-ups.
 */
public final class SparkOverhead {

    private SparkOverhead() {
    }

    public static void main(String[] args) {
        Simulator sim = Simulator.create(KernelType.VECTOR, 1);
        long t0 = System.nanoTime();
        try (EnsembleEngine auto = EnsembleEngines.create("spark", Map.of("master", "local[2]"))) {
            System.out.printf(Locale.ROOT, "spark local[2] start: %.2f s%n", (System.nanoTime() - t0) / 1e9);
            int n = 2000;
            Ensemble<Integer> empty = new Ensemble<>("empty", s -> (i, seed) -> i, n, 0);
            EnsembleEngine perTask = EnsembleEngines.create("spark", Map.of("partitions", Integer.toString(n)));
            report("empty tasks, local 2 threads", n, () -> LocalEngine.INSTANCE.run(empty, sim, 2));
            report("empty tasks, spark 8 partitions", n, () -> auto.run(empty, sim, 1));
            report("empty tasks, spark 1 partition per task", n, () -> perTask.run(empty, sim, 1));
            int samples = 200;
            CircuitSpec hea = CircuitSpec.ansatz("hea", 10, 4, Boundary.OPEN);
            var cost = GradientStatistics.cost("local", 10);
            report("gradvar hea n=10 L=4, local 2 threads", samples,
                    () -> GradientStatistics.sample(LocalEngine.INSTANCE, sim, hea, cost, 0, samples, 1, 2));
            report("gradvar hea n=10 L=4, spark 8 partitions", samples,
                    () -> GradientStatistics.sample(auto, sim, hea, cost, 0, samples, 1, 1));
        }
    }

    private static void report(String what, int tasks, Runnable run) {
        long best = Long.MAX_VALUE;
        for (int r = 0; r < 7; r++) {
            long t = System.nanoTime();
            run.run();
            if (r >= 2) {
                best = Math.min(best, System.nanoTime() - t);
            }
        }
        System.out.printf(Locale.ROOT, "%-45s %4d tasks: %8.1f ms, %8.1f µs/task%n", what, tasks, best / 1e6,
                best / 1e3 / tasks);
    }
}
