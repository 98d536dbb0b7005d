package org.qnnlab.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.qnnlab.sim.kernel.KernelOp;
import org.qnnlab.sim.kernel.PassCosts;
import org.qnnlab.sim.kernel.ScalarKernel;
import org.qnnlab.sim.kernel.StateKernel;

/** What fusion builds (its results against unfused runs are in the kernel contract, on every kernel). */
class FusionTest {

    private static final PassCosts PAIRS = new PassCosts(new double[] {0, 1, 1.5, 5.4},
            new double[] {0, 0.85, 1.1, 1.3, 1.45, 1.55, 1.7, 1.8, 2.0, 2.2, 2.35});

    @Test
    void wideOperationsPassThroughUnbuiltAndInOrder() {
        // an n-qubit Pauli rotation and a 20-control X would be 4^n and 4^21 matrices if fusion built them
        int n = StateVector.MAX_QUBITS;
        Circuit c = new Circuit(n).ry(0.3, 0).ry(0.4, 1);
        StringBuilder word = new StringBuilder();
        int[] all = new int[n];
        for (int q = 0; q < n; q++) {
            word.append("XYZ".charAt(q % 3));
            all[q] = q;
        }
        c.pauliRotation(Angle.constant(0.7), word.toString(), all);
        int[] controls = new int[20];
        for (int i = 0; i < controls.length; i++) {
            controls[i] = i + 1;
        }
        c.append(new Operation(Gates.X, new int[] {0}, controls, new Angle[0]));
        c.ry(0.5, 0);
        List<KernelOp> ops = Simulator.compile(c, new double[0], new double[0]);
        List<KernelOp> fused = Fusion.fuse(ops, PAIRS);
        assertEquals(4, fused.size(), fused.toString()); // RY0·RY1 as one pair, the two wide ops, RY0
        assertEquals(2, ((KernelOp.Dense) fused.get(0)).qubits().length);
        assertSame(ops.get(2), fused.get(1));
        assertSame(ops.get(3), fused.get(2));
        assertSame(ops.get(4), fused.get(3));
    }

    @Test
    void heaLayersBecomeDisjointPairsAndDiagonalLadders() {
        int n = 20;
        Circuit c = Ansatz.hea(n, 10);
        double[] theta = new double[c.numParameters()];
        java.util.Arrays.fill(theta, 0.4);
        List<KernelOp> ops = Simulator.compile(c, theta, new double[0]);
        List<KernelOp> fused = Fusion.fuse(ops, PAIRS);
        int pairs = 0;
        int diagonals = 0;
        for (KernelOp op : fused) {
            if (op instanceof KernelOp.Dense d) {
                assertTrue(d.qubits().length <= 2, "no dense block above the cost table's 2 qubits worth building");
                pairs += d.qubits().length == 2 ? 1 : 0;
            } else if (op instanceof KernelOp.Diagonal d) {
                assertTrue(d.qubits().length <= 10);
                diagonals++;
            }
        }
        // each layer: 2n one-qubit gates in n/2 pairs, n − 1 CZs in diagonals of up to 10 qubits
        assertTrue(fused.size() <= ops.size() / 4, fused.size() + " of " + ops.size());
        assertTrue(pairs >= 10 * (n / 2) - 10, "pairs " + pairs);
        assertTrue(diagonals >= 10 && diagonals <= 30, "diagonals " + diagonals);
    }

    @Test
    void oneOperationBlocksAreEmittedAsThemselves() {
        Circuit c = new Circuit(3).cnot(0, 1).pauliRotation(Angle.constant(0.2), "XX", 1, 2);
        List<KernelOp> ops = Simulator.compile(c, new double[0], new double[0]);
        // overlapping on qubit 1 with a union of 3 qubits (above the table's 2): nothing merges, and the controlled
        // gate and the rotation keep their kernels' fast paths instead of becoming dense matrices
        List<KernelOp> fused = Fusion.fuse(ops, PAIRS);
        assertEquals(2, fused.size());
        assertSame(ops.get(0), fused.get(0));
        assertSame(ops.get(1), fused.get(1));
    }

    @Test
    void passCostsAreValidated() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PassCosts(new double[] {0, 1, 2, 3, 4, 5, 6}, new double[] {0, 1}));
        assertEquals("pass cost tables cover 1..5 dense and 1..10 diagonal qubits; got 6 and 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new PassCosts(new double[] {0, 1, -2},
                new double[] {0, 1}));
        assertEquals("pass cost -2.0 for 2 qubits; allowed: positive finite numbers", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new PassCosts(new double[] {0, Double.NaN},
                new double[] {0, 1}));
        assertTrue(e.getMessage().startsWith("pass cost NaN for 1 qubits"), e.getMessage());
    }

    @Test
    void oneQubitDiagonalsJoinTheNextDiagonalsOnTheirQubitSoRotationBlocksStayReal() {
        // RZ(0) passes RX(1) and CZ(0, 1) (both commute with it) and lands after the CZ, before RY(0)
        Circuit c = new Circuit(2).rz(0.3, 0).rx(0.2, 1).cz(0, 1).ry(0.4, 0).rz(0.5, 1);
        List<KernelOp> ops = Simulator.compile(c, new double[0], new double[0]);
        List<KernelOp> sunk = Fusion.sinkOneQubitDiagonals(ops);
        assertEquals(List.of(ops.get(1), ops.get(2), ops.get(0), ops.get(3), ops.get(4)), sunk);
        // the HEA: past the first layer every RY pair fuses into a real block and the RZs join the CZ ladders'
        // diagonals; the fused program equals the circuit
        Circuit hea = Ansatz.hea(16, 3);
        double[] theta = hea.randomParameters(3);
        List<KernelOp> fused = Fusion.fuse(Simulator.compile(hea, theta, new double[0]), new ScalarKernel()
                .passCosts());
        int real = 0;
        int complex = 0;
        for (KernelOp op : fused) {
            if (op instanceof KernelOp.Dense d) {
                real += isReal(d.matrix()) ? 1 : 0;
                complex += isReal(d.matrix()) ? 0 : 1;
            }
        }
        // (scalar pass costs: 4-qubit blocks) per layer only the block that takes the ladder's first CZs and their
        // qubits' RZs is complex; without the move every block held an RZ
        assertEquals(3, complex, "complex blocks, one per layer");
        assertEquals(9, real, "real RY blocks");
        StateKernel k = new ScalarKernel();
        try (StateVector a = StateVector.zero(16); StateVector b = StateVector.zero(16)) {
            applyTo(k, a, Simulator.compile(hea, theta, new double[0]));
            applyTo(k, b, fused);
            double[] x = a.amplitudes();
            double[] y = b.amplitudes();
            for (int i = 0; i < x.length; i++) {
                assertEquals(x[i], y[i], 1e-12, "amplitude " + i / 2);
            }
        }
    }

    private static boolean isReal(double[] m) {
        for (int j = 1; j < m.length; j += 2) {
            if (m[j] != 0) {
                return false;
            }
        }
        return true;
    }

    private static void applyTo(StateKernel k, StateVector s, List<KernelOp> ops) {
        java.lang.foreign.MemorySegment seg = s.acquire();
        try {
            k.applyAll(seg, s.numQubits(), ops);
        } finally {
            s.release();
        }
    }
}
