package org.qnnlab.sim.qasm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.StateVector;
import org.qnnlab.sim.kernel.ScalarKernel;

/** States of circuits on the reference kernel, compared exactly or up to a global phase. */
final class QasmTestSupport {

    static final Simulator SIM = new Simulator(new ScalarKernel()).withFusion(false);

    private QasmTestSupport() {
    }

    static double[] state(Circuit c, double[] theta) {
        try (StateVector s = SIM.run(c, theta, new double[c.numInputs()])) {
            return s.amplitudes();
        }
    }

    /** |<a|b>| = 1 (both normalized): equal up to a global phase. */
    static void assertSameUpToPhase(double[] a, double[] b, String what) {
        assertEquals(a.length, b.length, what + ": state sizes");
        double re = 0;
        double im = 0;
        for (int i = 0; i < a.length; i += 2) {
            re += a[i] * b[i] + a[i + 1] * b[i + 1];
            im += a[i] * b[i + 1] - a[i + 1] * b[i];
        }
        assertEquals(1, Math.hypot(re, im), 1e-12, what + ": |<a|b>|");
    }

    /** Amplitudes equal to 1e-12 (global phase included). */
    static void assertSame(double[] a, double[] b, String what) {
        assertEquals(a.length, b.length, what + ": state sizes");
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-12, what + ": amplitude entry " + i);
        }
    }

}
