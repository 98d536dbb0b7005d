package org.qnnlab.analysis.ensemble;

import java.util.List;
import java.util.Map;

/**
 * Service-provider entry for one {@link EnsembleEngine}, found with {@link java.util.ServiceLoader} (a
 * {@code META-INF/services/org.qnnlab.analysis.ensemble.EnsembleEngineProvider} line in the engine's jar). Must be
 * cheap to construct: the engine's heavy classes load in {@link #create}.
 */
public interface EnsembleEngineProvider {

    /** The engine's name ({@code local}, {@code spark}). */
    String name();

    /** The option keys {@link #create} accepts (e.g. {@code master}), for error messages and help. */
    List<String> options();

    /**
     * Creates an engine with the given options; validates them before starting anything.
     *
     * @throws IllegalArgumentException in one line naming a bad or unknown option and what is allowed
     */
    EnsembleEngine create(Map<String, String> options);
}
