package org.qnnlab.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.qnnlab.sim.kernel.ScalarKernel;

/**
 * Properties of random circuits ({@link RandomCircuits}: 1..8 qubits, 1..40 operations) on the reference kernel.
 * Tolerances: a unitary keeps the norm to rounding (1e-12 after 40 gates); running a circuit and then its inverse
 * compounds two such errors per gate, checked at 1e-10.
 */
class CircuitProperties {

    private static final double NORM_TOL = 1e-12;
    private static final double INVERSE_TOL = 1e-10;
    private static final double[] NO_INPUTS = {};

    private final Simulator sim = new Simulator(new ScalarKernel());

    @Provide
    Arbitrary<Circuit> circuits() {
        return RandomCircuits.circuits(8, 40);
    }

    @Property(tries = 200)
    void runningACircuitPreservesTheNorm(@ForAll("circuits") Circuit c, @ForAll long seed) {
        try (StateVector s = sim.run(c, RandomCircuits.randomParams(c, seed), NO_INPUTS)) {
            double normSquared = sim.kernel().normSquared(s.segment(), s.numQubits());
            assertEquals(1.0, normSquared, NORM_TOL, c::toString);
        }
    }

    @Property(tries = 200)
    void theInverseReturnsToZero(@ForAll("circuits") Circuit c, @ForAll long seed) {
        double[] theta = RandomCircuits.randomParams(c, seed);
        Circuit inverse = c.inverse();
        assertEquals(c.numParameters(), inverse.numParameters(), "the inverse keeps the parameters");
        try (StateVector s = sim.run(c, theta, NO_INPUTS)) {
            sim.apply(inverse, theta, NO_INPUTS, s);
            double[] amps = s.amplitudes();
            assertEquals(1.0, amps[0], INVERSE_TOL, () -> "Re<0|U†U|0> for " + c);
            for (int i = 1; i < amps.length; i++) {
                int index = i;
                assertEquals(0.0, amps[i], INVERSE_TOL, () -> "component " + index + " of U†U|0> for " + c);
            }
        }
    }

    @Property(tries = 100)
    void bindingGivesTheSameState(@ForAll("circuits") Circuit c, @ForAll long seed) {
        double[] theta = RandomCircuits.randomParams(c, seed);
        Circuit bound = c.bind(theta, NO_INPUTS);
        assertEquals(0, bound.numParameters());
        try (StateVector a = sim.run(c, theta, NO_INPUTS); StateVector b = sim.run(bound, new double[0])) {
            double[] x = a.amplitudes();
            double[] y = b.amplitudes();
            for (int i = 0; i < x.length; i++) {
                assertTrue(Math.abs(x[i] - y[i]) <= NORM_TOL, "bound vs unbound, component " + i + " for " + c);
            }
        }
    }
}
