package org.qnnlab.sim.qasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qnnlab.sim.qasm.QasmTestSupport.assertSameUpToPhase;
import static org.qnnlab.sim.qasm.QasmTestSupport.state;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.qnnlab.sim.Angle;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Boundary;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Gate;
import org.qnnlab.sim.Gates;
import org.qnnlab.sim.Operation;
import org.qnnlab.sim.RandomCircuits;

/** Circuits written as OpenQASM and read back give the same states. */
class QasmWriterTest {

    /** Random circuits of every operation kind the writer accepts (all but multi-qubit user matrices). */
    private static Circuit writable(int n, long seed, int ops, int version) {
        SplittableRandom rng = new SplittableRandom(seed);
        Circuit c = new Circuit(n).declareParameters(RandomCircuits.MAX_PARAMETERS);
        while (c.size() < ops) {
            Operation op = RandomCircuits.operation(n, rng);
            Circuit one = new Circuit(n).append(op);
            try {
                if (version == 2) {
                    Qasm.toQasm2(one, new double[one.numParameters()], null);
                } else {
                    Qasm.toQasm3(one);
                }
            } catch (IllegalArgumentException e) {
                continue; // not expressible: a multi-qubit matrix, or (OpenQASM 2) a gate under too many controls
            }
            c.append(op);
        }
        return c;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void openQasm3RoundTripsParameterizedCircuits(long seed) {
        int n = 1 + (int) (seed % 6);
        Circuit c = writable(n, seed, 40, 3);
        String text = Qasm.toQasm3(c);
        Qasm.Program p = Qasm.parse(text, "written.qasm");
        assertEquals(c.numParameters(), p.circuit().numParameters(), text);
        for (long s = 0; s < 3; s++) {
            double[] theta = RandomCircuits.randomParams(c, seed * 10 + s);
            assertSameUpToPhase(state(c, theta), state(p.circuit(), theta), "OpenQASM 3 round trip of\n" + text);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14, 15, 16})
    void openQasm2RoundTripsBoundCircuits(long seed) {
        int n = 1 + (int) (seed % 6);
        Circuit c = writable(n, seed, 40, 2);
        double[] theta = RandomCircuits.randomParams(c, seed);
        String text = Qasm.toQasm2(c, theta, null);
        Qasm.Program p = Qasm.parse(text, "written.qasm");
        assertEquals(0, p.circuit().numParameters());
        assertSameUpToPhase(state(c, theta), state(p.circuit(), new double[0]), "OpenQASM 2 round trip of\n" + text);
    }

    /** Under a control the definitions the writer emits (iSWAP, Pauli words, one-qubit matrices) must be exact. */
    @Test
    void writtenDefinitionsAreExactUnderControl() {
        SplittableRandom rng = new SplittableRandom(7);
        Circuit c = new Circuit(4).declareParameters(1);
        c.h(0).ry(0.4, 1).ry(-0.9, 2).rx(1.3, 3);
        c.controlled(Gates.ISWAP, new int[] {0}, new int[] {1, 2});
        c.controlled(Gates.pauliRotation("XYZ"), new int[] {0}, new int[] {1, 2, 3}, Angle.param(0));
        c.controlled(Gates.pauliRotation("YIX"), new int[] {3}, new int[] {0, 1, 2}, Angle.param(0, -0.5));
        c.controlled(Gates.unitary("u", RandomCircuits.randomUnitary(1, rng)), new int[] {1, 3}, new int[] {2});
        c.controlled(Gates.RYY, new int[] {2}, new int[] {0, 3}, Angle.constant(0.8));
        double[] theta = {0.77};
        String text = Qasm.toQasm3(c);
        assertSameUpToPhase(state(c, theta), state(Qasm.parse(text, "w.qasm").circuit(), theta), text);
    }

    @Test
    void theAnsaetzeRoundTrip() {
        for (Circuit c : new Circuit[] {Ansatz.hea(5, 3), Ansatz.hvaTfim(4, 2, Boundary.PERIODIC),
            Ansatz.hvaXxz(4, 2, Boundary.OPEN)}) {
            double[] theta = c.randomParameters(3);
            Qasm.Program p = Qasm.parse(Qasm.toQasm3(c), "ansatz.qasm");
            assertEquals(c.numParameters(), p.circuit().numParameters());
            assertSameUpToPhase(state(c, theta), state(p.circuit(), theta), c.toString());
            Qasm.Program bound = Qasm.parse(Qasm.toQasm2(c, theta, null), "ansatz2.qasm");
            assertSameUpToPhase(state(c, theta), state(bound.circuit(), new double[0]), c.toString());
        }
    }

    @Test
    void whatCannotBeWrittenIsRefusedInOneLine() {
        SplittableRandom rng = new SplittableRandom(3);
        Circuit c = new Circuit(2).unitary(RandomCircuits.randomUnitary(2, rng), 0, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Qasm.toQasm3(c));
        assertTrue(e.getMessage().contains("2-qubit matrix") && !e.getMessage().contains("\n"), e.getMessage());
        Circuit cc = new Circuit(4).controlled(Gates.RY, new int[] {0, 1}, new int[] {2}, Angle.constant(0.3));
        e = assertThrows(IllegalArgumentException.class, () -> Qasm.toQasm2(cc, new double[0], null));
        assertTrue(e.getMessage().contains("no OpenQASM 2 form"), e.getMessage());
        Gate g = Gates.RY;
        assertTrue(Qasm.toQasm3(cc).contains("ctrl(2) @ " + g.name()), Qasm.toQasm3(cc));
    }
}
