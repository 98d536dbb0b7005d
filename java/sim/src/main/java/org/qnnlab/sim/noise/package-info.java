/**
 * Noise: channels ({@link org.qnnlab.sim.noise.Channel}, Kraus sets checked to be CPTP, with cached
 * superoperators), where they go ({@link org.qnnlab.sim.noise.NoiseModel}: rules after gates, readout errors, the
 * one text syntax {@code depolarizing:0.01}), and the two engines that run circuits holding them:
 * {@link org.qnnlab.sim.noise.DensityMatrixSimulator} (exact, ρ as a 2n-qubit state on any kernel,
 * {@link org.qnnlab.sim.noise.DensityMatrix}) and {@link org.qnnlab.sim.noise.TrajectorySimulator} (Kraus sampling
 * on pure states, estimates with standard errors), with {@link org.qnnlab.sim.noise.NoisyExpectation} the policy that
 * picks one for an expectation value. Gradients under noise are in {@code org.qnnlab.train}
 * ({@code DensityMatrixAdjointGradient}, and parameter shift and finite differences on a density-matrix simulator).
 * Channels are placed in circuits with
 * {@link org.qnnlab.sim.Circuit#channel}; the state-vector {@link org.qnnlab.sim.Simulator} refuses such circuits.
 */
package org.qnnlab.sim.noise;
