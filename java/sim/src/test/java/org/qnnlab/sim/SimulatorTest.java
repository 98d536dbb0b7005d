package org.qnnlab.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.qnnlab.sim.kernel.KernelOp;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.kernel.Kernels;
import org.qnnlab.sim.kernel.ScalarKernel;

/** The validating facade: every bad call is refused with a message naming the problem, and changes nothing. */
class SimulatorTest {

    private static final double TOL = 1e-12;
    private static final double R = Math.sqrt(0.5);
    private static final double[] NONE = {};

    private final Simulator sim = new Simulator(new ScalarKernel());

    @Test
    void runStartsFromZeroAndAppliesTheCircuit() {
        Circuit bell = new Circuit(2).h(0).cnot(0, 1);
        try (StateVector s = sim.run(bell, NONE)) {
            assertArrayEquals(new double[] {R, 0, 0, 0, 0, 0, R, 0}, s.amplitudes(), TOL);
        }
        Circuit ry = new Circuit(1).ry(Angle.param(0, 2).plus(Angle.input(0)), 0);
        try (StateVector s = sim.run(ry, new double[] {0.4}, new double[] {0.3})) {
            double half = (2 * 0.4 + 0.3) / 2;
            assertArrayEquals(new double[] {Math.cos(half), 0, Math.sin(half), 0}, s.amplitudes(), TOL);
        }
    }

    @Test
    void wholeCircuitsRunFusedFromFourteenQubitsWithTheUnfusedResult() {
        Circuit small = Ansatz.hea(Simulator.FUSION_MIN_QUBITS - 1, 2);
        double[] ts = new double[small.numParameters()];
        java.util.Arrays.fill(ts, 0.7);
        assertEquals(Simulator.compile(small, ts, NONE).size(), sim.program(small, ts, NONE).size(),
                "below the threshold nothing is fused");
        Circuit c = Ansatz.hea(Simulator.FUSION_MIN_QUBITS, 2);
        double[] theta = new double[c.numParameters()];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = 0.1 + 0.37 * i;
        }
        assertTrue(sim.fusion());
        assertTrue(sim.program(c, theta, NONE).size() < Simulator.compile(c, theta, NONE).size() / 2);
        Simulator plain = sim.withFusion(false);
        assertEquals(Simulator.compile(c, theta, NONE).size(), plain.program(c, theta, NONE).size());
        try (StateVector fused = sim.run(c, theta); StateVector unfused = plain.run(c, theta)) {
            assertArrayEquals(unfused.amplitudes(), fused.amplitudes(), TOL);
        }
    }

    @Test
    void fusionPropertyAcceptsOnAndOffOnly() {
        String old = System.getProperty(Simulator.FUSION_PROPERTY);
        try {
            System.setProperty(Simulator.FUSION_PROPERTY, "off");
            assertTrue(!new Simulator(new ScalarKernel()).fusion());
            System.setProperty(Simulator.FUSION_PROPERTY, "sometimes");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new Simulator(new ScalarKernel()));
            assertEquals("-Dqnnlab.fusion=sometimes is not allowed; allowed: on, off", e.getMessage());
        } finally {
            if (old == null) {
                System.clearProperty(Simulator.FUSION_PROPERTY);
            } else {
                System.setProperty(Simulator.FUSION_PROPERTY, old);
            }
        }
    }

    @Test
    void applyOperationBindsItsAngles() {
        Operation op = new Operation(Gates.RY, new int[] {1}, new int[] {0}, Angle.param(1, -1));
        try (StateVector s = StateVector.basis(2, 1)) { // control q0 = 1
            sim.apply(op, new double[] {9, -Math.PI}, NONE, s);
            assertArrayEquals(new double[] {0, 0, 0, 0, 0, 0, 1, 0}, s.amplitudes(), TOL, "RY(π) on q1: |01> → |11>");
        }
    }

    @Test
    void qubitOutOfRangeNamesTheQubitAndTheAllowedRange() {
        try (StateVector s = StateVector.zero(3)) {
            assertRefused(s, "qubit 5", () -> sim.apply(s, Gates.X, 5));
            assertRefused(s, "allowed: 0..2", () -> sim.apply(s, Gates.X, 5));
            assertRefused(s, "qubit 3", () -> sim.apply(s, Gates.RX, new double[] {1}, new int[] {0},
                    new int[] {3}));
            Operation op = new Operation(Gates.H, new int[] {4}, new int[0]);
            assertRefused(s, "3-qubit state; allowed: 0..2", () -> sim.apply(op, NONE, NONE, s));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Operation(Gates.X, new int[] {-1}, new int[0]));
        assertTrue(e.getMessage().contains("qubit -1") && e.getMessage().contains("allowed: 0..62"), e.getMessage());
    }

    @Test
    void repeatedQubitsAreRefused() {
        try (StateVector s = StateVector.zero(3)) {
            assertRefused(s, "qubit 1 appears twice", () -> sim.apply(s, Gates.SWAP, 1, 1));
            assertRefused(s, "qubit 2 appears twice",
                    () -> sim.apply(s, Gates.X, NONE, new int[] {2}, new int[] {2}));
            assertRefused(s, "qubit 0 appears twice",
                    () -> sim.apply(s, Gates.X, NONE, new int[] {1}, new int[] {0, 0}));
        }
    }

    @Test
    void nonFiniteAnglesAreRefused() {
        try (StateVector s = StateVector.zero(2)) {
            assertRefused(s, "NaN", () -> sim.apply(s, Gates.RX, new double[] {Double.NaN}, 0));
            assertRefused(s, "not finite", () -> sim.apply(s, Gates.RZ, new double[] {Double.NEGATIVE_INFINITY}, 1));
            Circuit c = new Circuit(2).rx(Angle.param(0), 0);
            assertRefused(s, "parameter 0 is NaN", () -> sim.apply(c, new double[] {Double.NaN}, NONE, s));
        }
    }

    @Test
    void parameterAndInputCountMismatchesAreRefused() {
        Circuit c = new Circuit(2).rx(Angle.param(0), 0).ry(Angle.param(1), 1).rz(Angle.param(2), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sim.run(c, new double[] {0.1, 0.2}));
        assertEquals("circuit has 3 parameters but 2 values were given", e.getMessage());
        Circuit withInput = new Circuit(1).rx(Angle.input(0), 0);
        e = assertThrows(IllegalArgumentException.class, () -> sim.run(withInput, NONE, NONE));
        assertEquals("circuit has 1 input but 0 values were given", e.getMessage());
    }

    @Test
    void applyOperationChecksItsBindingToo() {
        Operation op = new Operation(Gates.RX, new int[] {0}, new int[0], Angle.param(2));
        try (StateVector s = StateVector.zero(1)) {
            assertRefused(s, "parameter 2", () -> sim.apply(op, new double[2], NONE, s));
            Operation in = new Operation(Gates.RX, new int[] {0}, new int[0], Angle.input(0));
            assertRefused(s, "input 0", () -> sim.apply(in, NONE, null, s));
        }
    }

    @Test
    void circuitAndStateQubitCountsMustMatch() {
        Circuit c = new Circuit(3).h(0);
        try (StateVector s = StateVector.zero(2)) {
            assertRefused(s, "circuit has 3 qubits but the state has 2", () -> sim.apply(c, NONE, NONE, s));
        }
    }

    @Test
    void nothingIsHalfApplied() {
        // The last angle overflows to Inf − Inf = NaN although every parameter is finite.
        Angle nan = Angle.param(1, 1e308).plus(Angle.param(2, -1e308));
        Circuit c = new Circuit(2).h(0).cnot(0, 1).ry(Angle.param(0), 1).rx(nan, 0);
        double[] theta = {0.3, 10, 10};
        try (StateVector s = StateVector.of(0.6, 0, 0, 0.8, 0, 0, 0, 0)) {
            assertRefused(s, "evaluates to NaN", () -> sim.apply(c, theta, NONE, s));
        }
        long inUse = OffHeapBudget.inUse();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sim.run(c, theta));
        assertTrue(e.getMessage().contains("evaluates to NaN"), e.getMessage());
        assertEquals(inUse, OffHeapBudget.inUse(), "a refused run allocates no state");
    }

    @Test
    void compileChoosesTheCheapestKernelOperation() {
        KernelOp diag = Simulator.compile(new Operation(Gates.RZZ, new int[] {0, 2}, new int[] {1},
                Angle.constant(0.3)), new double[] {0.3});
        KernelOp.Diagonal d = assertInstanceOf(KernelOp.Diagonal.class, diag);
        assertEquals(0b010, d.ctrl());
        // "XIY" on targets (2, 0, 1): X on q2, I on q0, Y on q1
        KernelOp pauli = Simulator.compile(new Operation(Gates.pauliRotation("XIY"), new int[] {2, 0, 1},
                new int[0], Angle.constant(0.7)), new double[] {0.7});
        KernelOp.PauliRotation p = assertInstanceOf(KernelOp.PauliRotation.class, pauli);
        assertEquals(0b110, p.x());
        assertEquals(0b010, p.z());
        assertEquals(0.7, p.theta());
        KernelOp dense = Simulator.compile(new Operation(Gates.U3, new int[] {1}, new int[0], Angle.constant(1),
                Angle.constant(2), Angle.constant(3)), new double[] {1, 2, 3});
        assertArrayEquals(Gates.U3.matrix(1, 2, 3), assertInstanceOf(KernelOp.Dense.class, dense).matrix());
        List<KernelOp> ops = Simulator.compile(new Circuit(2).h(0).cz(0, 1), NONE, NONE);
        assertEquals(2, ops.size());
        assertInstanceOf(KernelOp.Diagonal.class, ops.get(1), "CZ is a controlled diagonal");
    }

    @Test
    void kernelChoiceIsExplicit() {
        assertEquals(KernelType.SCALAR, Simulator.create(KernelType.SCALAR, 1).kernel().type());
        if (Kernels.provider(KernelType.EIGEN).isEmpty()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Simulator.create(KernelType.EIGEN, 1));
            assertTrue(e.getMessage().contains("'eigen' is not on the class path"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Simulator.create(KernelType.SCALAR, 0));
        assertTrue(e.getMessage().contains("thread count 0 out of range; allowed: 1..1024"), e.getMessage());
    }

    /** Asserts that {@code call} is refused with a message containing {@code part} and leaves {@code s} as it was. */
    private static void assertRefused(StateVector s, String part, Executable call) {
        double[] before = s.amplitudes();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' lacks '" + part + "'");
        assertArrayEquals(before, s.amplitudes(), "a refused call changed the state");
    }

    @Test
    void aFusedProgramNeverOutgrowsItsCircuitByMoreThanTheFactor() {
        Simulator sim = Simulator.create(org.qnnlab.sim.kernel.KernelType.SCALAR, 1);
        Circuit hea = Ansatz.hea(20, 10);
        double[] theta = hea.randomParameters(3);
        List<org.qnnlab.sim.kernel.KernelOp> ops = Simulator.compile(hea, theta, new double[0]);
        List<org.qnnlab.sim.kernel.KernelOp> program = sim.program(hea, theta, new double[0]);
        assertTrue(program.size() < ops.size() / 2, "the HEA is fused");
        assertTrue(Simulator.bytes(program) <= Simulator.FUSED_MEMORY_FACTOR * Simulator.bytes(ops),
                Simulator.bytes(program) + " bytes fused vs " + Simulator.bytes(ops));
        // every layer's five controlled phases become one 10-qubit diagonal table (16 KiB for 0.5 KB of gates), cut
        // off by a 14-qubit Pauli rotation that no block can hold: about 30x the unfused bytes, so it runs unfused
        Circuit wide = new Circuit(14);
        java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
        int[] all = new int[14];
        for (int q = 0; q < 14; q++) {
            all[q] = q;
        }
        for (int layer = 0; layer < 100; layer++) {
            for (int q = 0; q < 5; q++) {
                wide.append(new Operation(Gates.PHASE, new int[] {9 - q}, new int[] {q},
                        new Angle[] {Angle.constant(rng.nextDouble(0, 6))}));
            }
            wide.pauliRotation(Angle.constant(rng.nextDouble(0, 6)), "XXXXXXXXXXXXXX", all);
        }
        List<org.qnnlab.sim.kernel.KernelOp> unfused = Simulator.compile(wide, new double[0], new double[0]);
        List<org.qnnlab.sim.kernel.KernelOp> fused = Fusion.fuse(unfused, sim.kernel().passCosts());
        assertTrue(Simulator.bytes(fused) > Simulator.FUSED_MEMORY_FACTOR * Simulator.bytes(unfused)
                && Simulator.bytes(fused) > Simulator.FUSED_MEMORY_FLOOR, "the test circuit must exceed the limit");
        assertEquals(unfused.size(), sim.program(wide, new double[0], new double[0]).size());
    }
}
