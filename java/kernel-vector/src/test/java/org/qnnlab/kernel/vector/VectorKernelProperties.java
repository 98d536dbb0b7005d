package org.qnnlab.kernel.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.RandomCircuits;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.StateVector;
import org.qnnlab.sim.kernel.KernelTestSupport;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.kernel.ScalarKernel;

/**
 * Random circuits ({@link RandomCircuits}: up to 9 qubits, 60 operations, every gate kind with up to two controls)
 * run on the reference and on the vector kernel (this JVM's register width; the build repeats it at 256 and 128
 * bits) with 1 or 2 threads: amplitudes agree to
 * 1e-12 and the norm is kept to 1e-12.
 */
class VectorKernelProperties {

    private static final double TOL = 1e-12;
    private static final double[] NO_INPUTS = {};

    private final Simulator reference = new Simulator(new ScalarKernel());

    @BeforeContainer
    static void requireVector() {
        KernelTestSupport.requireOrSkip(KernelType.VECTOR, 1);
    }

    @Provide
    Arbitrary<Circuit> circuits() {
        return RandomCircuits.circuits(9, 60);
    }

    @Property(tries = 300)
    void vectorAgreesWithScalarAndKeepsTheNorm(@ForAll("circuits") Circuit c, @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 2) int threads) {
        int bits = VectorConstants.BITS;
        double[] theta = RandomCircuits.randomParams(c, seed);
        Simulator vector = new Simulator(new VectorKernelProvider().create(threads));
        try (StateVector a = reference.run(c, theta, NO_INPUTS); StateVector b = vector.run(c, theta, NO_INPUTS)) {
            double[] x = a.amplitudes();
            double[] y = b.amplitudes();
            for (int i = 0; i < x.length; i += 2) {
                double err = Math.hypot(x[i] - y[i], x[i + 1] - y[i + 1]);
                int index = i / 2;
                assertTrue(err <= TOL, () -> bits + "-bit: amplitude " + index + " differs by " + err + " for " + c);
            }
            assertEquals(1.0, vector.kernel().normSquared(b.segment(), b.numQubits()), TOL, c::toString);
        }
    }
}
