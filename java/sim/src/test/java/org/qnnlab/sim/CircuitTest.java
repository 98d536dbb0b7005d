package org.qnnlab.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Circuit building, parameter and input counting, inverse and binding. */
class CircuitTest {

    private static final double[] NONE = {};

    @Test
    void parametersAndInputsAreCountedFromTheLargestIndexUsed() {
        Circuit c = new Circuit(2).ry(Angle.param(0), 0).rz(Angle.param(3, 0.5).plus(Angle.input(2)), 1);
        assertEquals(4, c.numParameters());
        assertEquals(3, c.numInputs());
        assertEquals(2, c.size());
        Circuit fresh = new Circuit(1);
        assertEquals(Angle.param(0), fresh.newParameter());
        assertEquals(Angle.param(1), fresh.newParameter());
        assertEquals(Angle.input(0), fresh.newInput());
        assertEquals(2, fresh.numParameters(), "allocated parameters count even when unused");
        assertEquals(1, fresh.numInputs());
    }

    @Test
    void randomParametersFollowTheOneConvention() {
        Circuit c = Ansatz.hea(3, 2);
        double[] theta = c.randomParameters(42);
        assertEquals(c.numParameters(), theta.length);
        // SplitMix64 by hand (Steele, Lea, Flood), independent of Rng: u = (z >>> 11)·2^-53, θ = 2π·u
        long state = 42;
        for (double t : theta) {
            state += 0x9E3779B97F4A7C15L;
            long z = state;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z ^= z >>> 31;
            assertEquals(2 * Math.PI * ((z >>> 11) * 0x1.0p-53), t, 0.0);
            assertTrue(t >= 0 && t < 2 * Math.PI);
        }
        assertArrayEquals(theta, Circuit.randomAngles(c.numParameters(), 42));
        assertEquals(0, new Circuit(1).randomParameters(1).length);
        assertThrows(IllegalArgumentException.class, () -> Circuit.randomAngles(-1, 1));
    }

    @Test
    void declareParametersOnlyRaisesTheCount() {
        Circuit c = new Circuit(1).rx(Angle.param(1), 0);
        assertEquals(5, c.declareParameters(5).numParameters());
        assertEquals(5, c.declareParameters(2).numParameters(), "declaring fewer keeps the larger count");
        assertEquals(3, c.declareInputs(3).numInputs());
        assertEquals(3, c.declareInputs(0).numInputs());
    }

    @Test
    void inverseReversesAndInvertsEachOperation() {
        Angle t0 = Angle.param(0);
        Angle t1 = Angle.param(1, 2).plus(0.5);
        Circuit c = new Circuit(3).h(0).s(1).rx(t0, 2).u3(t1, Angle.constant(0.2), Angle.input(0), 0).cnot(0, 2);
        c.declareParameters(4);
        Circuit inv = c.inverse();
        assertEquals(3, inv.numQubits());
        assertEquals(4, inv.numParameters(), "declared parameters carry over");
        assertEquals(1, inv.numInputs());
        List<Operation> ops = inv.operations();
        assertEquals(5, ops.size());
        assertSame(Gates.X, ops.get(0).gate());
        assertArrayEquals(new int[] {2}, ops.get(0).targets());
        assertArrayEquals(new int[] {0}, ops.get(0).controls());
        assertSame(Gates.U3, ops.get(1).gate());
        assertArrayEquals(new Angle[] {t1.negate(), Angle.input(0).negate(), Angle.constant(-0.2)},
                ops.get(1).angles(), "U3(θ, φ, λ)† = U3(−θ, −λ, −φ)");
        assertSame(Gates.RX, ops.get(2).gate());
        assertEquals(t0.negate(), ops.get(2).angles()[0]);
        assertSame(Gates.SDG, ops.get(3).gate());
        assertArrayEquals(new int[] {1}, ops.get(3).targets());
        assertSame(Gates.H, ops.get(4).gate());
        assertEquals(c.toString(), inv.inverse().toString(), "inverting twice gives the circuit back");
        assertEquals(5, c.size(), "inverse() leaves the original alone");
    }

    @Test
    void bindSubstitutesEveryParameterAndInput() {
        Circuit c = new Circuit(2).ry(Angle.param(0, 2).plus(Angle.input(0)), 0)
                .controlled(Gates.RZ, new int[] {0}, new int[] {1}, Angle.param(1).plus(-1));
        double[] theta = {0.25, 3.0};
        double[] x = {0.1};
        Circuit b = c.bind(theta, x);
        assertEquals(0, b.numParameters());
        assertEquals(0, b.numInputs());
        assertEquals(2, b.size());
        assertEquals(Angle.constant(2 * 0.25 + 0.1), b.operations().get(0).angles()[0]);
        assertEquals(Angle.constant(3.0 - 1), b.operations().get(1).angles()[0]);
        assertArrayEquals(new int[] {0}, b.operations().get(1).controls());
        assertSame(Gates.RZ, b.operations().get(1).gate());
    }

    @Test
    void bindingIsValidated() {
        Circuit c = new Circuit(1).rx(Angle.param(1), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.bind(new double[1], NONE));
        assertTrue(e.getMessage().contains("circuit has 2 parameters but 1 value was given"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.bind(new double[] {0, Double.NaN}, NONE));
        assertTrue(e.getMessage().contains("parameter 1 is NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.bind(new double[2], new double[1]));
        assertTrue(e.getMessage().contains("circuit has 0 inputs but 1 value was given"), e.getMessage());
    }

    @Test
    void qubitsAreCheckedAgainstTheCircuitSize() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Circuit(3).x(3));
        assertTrue(e.getMessage().contains("qubit 3") && e.getMessage().contains("3-qubit circuit")
                && e.getMessage().contains("allowed: 0..2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Circuit(3).cnot(1, 1));
        assertTrue(e.getMessage().contains("qubit 1 appears twice"), e.getMessage());
        for (int bad : new int[] {0, StateVector.MAX_QUBITS + 1}) {
            e = assertThrows(IllegalArgumentException.class, () -> new Circuit(bad));
            assertTrue(e.getMessage().contains("qubit count " + bad) && e.getMessage().contains("1..40"),
                    e.getMessage());
        }
    }

    @Test
    void appendingACircuitCopiesItsOperationsAndDeclarations() {
        Circuit small = new Circuit(2).h(1).declareParameters(3).declareInputs(2);
        Circuit big = new Circuit(3).x(0).append(small);
        assertEquals(2, big.size());
        assertSame(Gates.H, big.operations().get(1).gate());
        assertEquals(3, big.numParameters());
        assertEquals(2, big.numInputs());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Circuit(1).append(new Circuit(2)));
        assertTrue(e.getMessage().contains("cannot append a 2-qubit circuit to a 1-qubit circuit"), e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> big.operations().clear());
    }

    @Test
    void toStringHasASummaryAndOneLinePerOperation() {
        Circuit c = new Circuit(2).ry(Angle.param(0), 1).cnot(0, 1);
        assertEquals("Circuit[2 qubits, 2 ops, 1 params, 0 inputs]\n  ry(θ0) q1\n  x q1 ctrl q0", c.toString());
    }

    @org.junit.jupiter.api.Test
    void repeatedGivesEachRepetitionItsOwnParameters() {
        Circuit layer = new Circuit(2).declareInputs(1);
        layer.ry(Angle.param(0, 2).plus(0.1), 0).crz(Angle.param(1).plus(Angle.input(0)), 0, 1);
        Circuit three = layer.repeated(3);
        org.junit.jupiter.api.Assertions.assertEquals(6, three.numParameters());
        org.junit.jupiter.api.Assertions.assertEquals(1, three.numInputs());
        org.junit.jupiter.api.Assertions.assertEquals(6, three.size());
        // the same as appending three layers with parameters written out by hand
        Circuit want = new Circuit(2);
        for (int r = 0; r < 3; r++) {
            want.ry(Angle.param(2 * r, 2).plus(0.1), 0).crz(Angle.param(2 * r + 1).plus(Angle.input(0)), 0, 1);
        }
        org.junit.jupiter.api.Assertions.assertEquals(want.operations().toString(), three.operations().toString());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> layer.repeated(0));
    }
}
