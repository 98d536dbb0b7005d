package org.qnnlab.analysis.ensemble;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import org.qnnlab.sim.Simulator;

/**
 * Finds {@link EnsembleEngine}s with {@link ServiceLoader} and creates one by name. {@code local} is always there;
 * other engines come with their modules ({@code spark}: {@code qnnlab-spark}), and asking for one whose module is
 * absent says in one line how to get it.
 */
public final class EnsembleEngines {

    /** The default engine's name: {@value}. */
    public static final String DEFAULT = LocalEngine.NAME;

    /** Engines qnnlab ships in modules of their own: name → what to put on the class path. */
    private static final Map<String, String> MODULES = Map.of("spark", "the qnnlab-spark module (java/spark): "
            + "build it with ./mvnw -B package -pl java/spark -am (./qnn then finds it; elsewhere put "
            + "java/spark/target/qnnlab-spark-*.jar and java/spark/target/lib/*.jar on the class path, "
            + "java/spark/README.md)");

    private EnsembleEngines() {
    }

    private static final class Holder {
        static final List<EnsembleEngineProvider> PROVIDERS = discover();
    }

    private static List<EnsembleEngineProvider> discover() {
        List<EnsembleEngineProvider> found = new ArrayList<>();
        found.add(new LocalEngine.Provider());
        for (EnsembleEngineProvider p : ServiceLoader.load(EnsembleEngineProvider.class,
                EnsembleEngines.class.getClassLoader())) {
            if (found.stream().noneMatch(q -> q.name().equals(p.name()))) {
                found.add(p);
            }
        }
        return List.copyOf(found);
    }

    /** Every engine on the class path, {@code local} first. */
    public static List<EnsembleEngineProvider> providers() {
        return Holder.PROVIDERS;
    }

    /** The names of the engines on the class path, {@code local} first. */
    public static List<String> names() {
        return providers().stream().map(EnsembleEngineProvider::name).toList();
    }

    /** The provider of engine {@code name} (matched ignoring case and surrounding blanks), if on the class path. */
    public static Optional<EnsembleEngineProvider> provider(String name) {
        String key = key(name);
        return providers().stream().filter(p -> p.name().equals(key)).findFirst();
    }

    /**
     * Creates engine {@code name} with {@code options} ({@link EnsembleEngineProvider#create}).
     *
     * @throws IllegalArgumentException in one line: for an engine not on the class path (naming the module that
     *     brings it, if qnnlab has one), an unknown engine (listing those present), or a bad option
     */
    public static EnsembleEngine create(String name, Map<String, String> options) {
        String key = key(name);
        return provider(key).orElseThrow(() -> new IllegalArgumentException(MODULES.containsKey(key)
                ? "engine '" + key + "' is not on the class path; it comes with " + MODULES.get(key)
                : "unknown engine '" + name + "'; allowed: " + String.join(", ", names())))
                .create(Map.copyOf(options));
    }

    /**
     * Refuses option keys an engine does not take.
     *
     * @throws IllegalArgumentException naming the first unknown key and the allowed ones
     */
    public static void checkOptions(String engine, Map<String, String> options, List<String> allowed) {
        for (String k : options.keySet()) {
            if (!allowed.contains(k)) {
                throw new IllegalArgumentException("option '" + k + "' is not taken by engine '" + engine
                        + "'; allowed: " + (allowed.isEmpty() ? "none" : String.join(", ", allowed)));
            }
        }
    }

    /**
     * The checks every {@link EnsembleEngine#run} makes before running anything.
     *
     * @return a copy of {@code tasks}
     * @throws IllegalArgumentException if threads is below 1, or a task index is out of range or repeated
     */
    public static int[] checkRun(Ensemble<?> ensemble, Simulator sim, int threads, int[] tasks) {
        Objects.requireNonNull(ensemble, "ensemble");
        Objects.requireNonNull(sim, "sim");
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads + " out of range; allowed: 1 or more");
        }
        int[] run = tasks.clone();
        java.util.BitSet seen = new java.util.BitSet(ensemble.tasks());
        for (int i : run) {
            if (i < 0 || i >= ensemble.tasks()) {
                throw new IllegalArgumentException("task " + i + " out of range; allowed: 0.." + (ensemble.tasks() - 1));
            }
            if (seen.get(i)) {
                throw new IllegalArgumentException("task " + i + " given twice; allowed: each task once");
            }
            seen.set(i);
        }
        return run;
    }

    /** An engine's results, element i being task i's (an unmodifiable view of {@code byTask}). */
    public static <R> List<R> inTaskOrder(Object[] byTask) {
        @SuppressWarnings("unchecked")
        List<R> results = (List<R>) (List<?>) Collections.unmodifiableList(Arrays.asList(byTask));
        return results;
    }

    private static String key(String name) {
        return name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    }
}
