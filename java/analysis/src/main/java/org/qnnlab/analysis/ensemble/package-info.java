/**
 * Ensembles: an analysis's independent tasks (random initializations, parameter samples, seeds, grid points) run by
 * an {@link org.qnnlab.analysis.ensemble.EnsembleEngine} that need not live in this JVM.
 *
 * <p>An {@link org.qnnlab.analysis.ensemble.Ensemble} is a serializable {@link
 * org.qnnlab.analysis.ensemble.EnsembleJob} and a task count; task i gets the seed {@code seed + i}
 * ({@link org.qnnlab.analysis.ensemble.Ensemble#seed(int)}), the rule every analysis used before engines existed, so
 * results did not change. An engine runs the tasks anywhere, in any order and partitioning, and returns the results
 * in task order; the analysis reduces them in that order, so its numbers are bit-identical across engines, thread
 * counts and partitionings. Jobs carry what they need as text ({@link org.qnnlab.analysis.ensemble.CircuitSpec}:
 * OpenQASM 3 or an ansatz by name; observables as {@link org.qnnlab.sim.Observable#toString()}) and the driver's
 * kernel settings ({@link org.qnnlab.analysis.ensemble.SimulatorSpec}), so an executor builds its own simulator.
 *
 * <p>Engines are found with {@link java.util.ServiceLoader} ({@link
 * org.qnnlab.analysis.ensemble.EnsembleEngineProvider}, {@link org.qnnlab.analysis.ensemble.EnsembleEngines}):
 * {@code local} (this JVM's threads, {@link org.qnnlab.train.Parallel}) is always there; {@code spark} comes with the
 * {@code qnnlab-spark} module.
 */
package org.qnnlab.analysis.ensemble;
