package org.qnnlab.sim.noise;

import java.util.random.RandomGenerator;

/**
 * A classical measurement error on one qubit: a true 0 is read as 1 with probability {@code p1Given0}, a true 1 as 0
 * with probability {@code p0Given1} (Qiskit's {@code ReadoutError} matrix {@code [[1 − p1Given0, p1Given0],
 * [p0Given1, 1 − p0Given1]]}). It acts on sampled bits only, never on the state or on exact expectations.
 *
 * @param p1Given0 probability of reading 1 when the qubit is 0
 * @param p0Given1 probability of reading 0 when the qubit is 1
 */
public record ReadoutError(double p1Given0, double p0Given1) {

    /** No readout error. */
    public static final ReadoutError NONE = new ReadoutError(0, 0);

    /**
     * @throws IllegalArgumentException if a probability is outside [0, 1]
     */
    public ReadoutError {
        Channel.checkProbability("readout error p(1|0)", p1Given0);
        Channel.checkProbability("readout error p(0|1)", p0Given1);
    }

    /** True when both probabilities are 0. */
    public boolean isNone() {
        return p1Given0 == 0 && p0Given1 == 0;
    }

    /** The bit read for the true bit {@code bit}, drawing one uniform from {@code rng}. */
    public int read(int bit, RandomGenerator rng) {
        double u = rng.nextDouble();
        return bit == 0 ? (u < p1Given0 ? 1 : 0) : (u < p0Given1 ? 0 : 1);
    }

    /** E.g. {@code readout(0.02, 0.05)}. */
    @Override
    public String toString() {
        return "readout(" + p1Given0 + ", " + p0Given1 + ")";
    }
}
