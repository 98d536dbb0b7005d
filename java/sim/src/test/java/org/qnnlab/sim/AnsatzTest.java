package org.qnnlab.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.qnnlab.sim.kernel.ScalarKernel;

/** Ansatz structure (parameter order) and analytic states. */
class AnsatzTest {

    private static final double TOL = 1e-12;
    private final Simulator sim = new Simulator(new ScalarKernel());

    @Test
    void heaHasDocumentedOrder() {
        int n = 3;
        Circuit c = Ansatz.hea(n, 2);
        assertEquals(2 * n * 2, c.numParameters());
        List<Operation> ops = c.operations();
        // layer: n RY, n RZ, n-1 CZ
        assertEquals(2 * (2 * n + n - 1), ops.size());
        for (int l = 0; l < 2; l++) {
            int base = l * (3 * n - 1);
            for (int q = 0; q < n; q++) {
                Operation ry = ops.get(base + q);
                assertEquals("ry", ry.gate().name());
                assertEquals(q, ry.targets()[0]);
                assertEquals(l * 2 * n + q, ry.angles()[0].parameters()[0]);
                Operation rz = ops.get(base + n + q);
                assertEquals("rz", rz.gate().name());
                assertEquals(l * 2 * n + n + q, rz.angles()[0].parameters()[0]);
            }
            for (int q = 0; q < n - 1; q++) {
                Operation cz = ops.get(base + 2 * n + q);
                assertEquals("z", cz.gate().name());
                assertEquals(q, cz.controls()[0]);
                assertEquals(q + 1, cz.targets()[0]);
            }
        }
    }

    @Test
    void heaSingleLayerMatchesProductState() {
        // One layer on 1 qubit: RZ(b)·RY(a)|0> has <Z> = cos a and <X> = sin a·cos b.
        Circuit c = Ansatz.hea(1, 1);
        double a = 0.7;
        double b = -1.3;
        try (StateVector s = sim.run(c, new double[] {a, b})) {
            assertEquals(Math.cos(a), sim.kernel().expectationPauli(s.segment(), 1, 0, 1), TOL);
            assertEquals(Math.sin(a) * Math.cos(b), sim.kernel().expectationPauli(s.segment(), 1, 1, 0), TOL);
        }
    }

    @Test
    void hvaTfimStartsInPlusAndHasTwoSharedParametersPerLayer() {
        Circuit c = Ansatz.hvaTfim(4, 3, Boundary.PERIODIC);
        assertEquals(6, c.numParameters());
        try (StateVector s = sim.run(c, new double[6])) {
            for (int q = 0; q < 4; q++) {
                assertEquals(1.0, sim.kernel().expectationPauli(s.segment(), 4, 1L << q, 0), TOL);
            }
        }
        // periodic: 4 RZZ + 4 RX per layer, all on the layer's two parameters
        long rzz = c.operations().stream().filter(o -> o.gate() == Gates.RZZ).count();
        assertEquals(12, rzz);
    }

    @Test
    void hvaTfimZzLayerGivesAnalyticPhases() {
        double gamma = 0.37;
        Circuit c = Ansatz.hvaTfim(2, 1, Boundary.OPEN);
        try (StateVector s = sim.run(c, new double[] {gamma, 0})) {
            // exp(−iγ Z0Z1)|++>: phase e^{−iγ} on |00>, |11> and e^{iγ} on |01>, |10>
            for (int b = 0; b < 4; b++) {
                double sign = (b == 0 || b == 3) ? -1 : 1;
                assertEquals(0.5 * Math.cos(gamma), s.amplitude(b).re(), TOL);
                assertEquals(0.5 * sign * Math.sin(gamma), s.amplitude(b).im(), TOL);
            }
        }
    }

    @Test
    void hvaXxzKeepsTheSingletOnTwoQubits() {
        Circuit c = Ansatz.hvaXxz(2, 2, Boundary.OPEN);
        assertEquals(8, c.numParameters());
        double[] theta = new Random(3).doubles(8, -Math.PI, Math.PI).toArray();
        try (StateVector s = sim.run(c, theta)) {
            // The singlet is an eigenstate of ZZ and XX+YY, so only a global phase accrues.
            double p01 = s.amplitude(1).abs2();
            double p10 = s.amplitude(2).abs2();
            assertEquals(0.5, p01, TOL);
            assertEquals(0.5, p10, TOL);
            assertEquals(-1.0, sim.kernel().expectationPauli(s.segment(), 2, 0, 3), TOL);
            assertEquals(-1.0, sim.kernel().expectationPauli(s.segment(), 2, 3, 0), TOL);
        }
    }

    @Test
    void badArgumentsNameTheValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> Ansatz.byName("qaoa", 3, 1, Boundary.OPEN));
        assertTrue(e.getMessage().contains("'qaoa'") && e.getMessage().contains("hva-tfim"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Ansatz.hvaXxz(3, 1, Boundary.OPEN));
        assertTrue(e.getMessage().contains("even"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Ansatz.hvaTfim(2, 1, Boundary.PERIODIC));
        assertTrue(e.getMessage().contains("at least 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Ansatz.hea(0, 1));
        assertTrue(e.getMessage().contains("qubit count 0"), e.getMessage());
    }

    @Test
    void reuploadingEncodesInputsEveryLayer() {
        Circuit c = Encodings.reuploading(2, 3, 2);
        assertEquals(2, c.numInputs());
        assertEquals(3 * 4, c.numParameters());
        assertEquals(3 * 2, c.operations().stream().filter(o -> o.angles().length > 0 && !o.angles()[0].isTrainable())
                .count());
        // On one qubit with θ = 0 the trainable layers are the identity: <Z> = cos(3·x) after three RX(x) uploads.
        double x = 0.4;
        try (StateVector s = sim.run(Encodings.reuploading(1, 3, 1), new double[6], new double[] {x})) {
            assertEquals(Math.cos(3 * x), sim.kernel().expectationPauli(s.segment(), 1, 0, 1), TOL);
        }
    }
}
