package org.qnnlab.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.qnnlab.sim.kernel.KernelOp;
import org.qnnlab.sim.kernel.KernelType;

/** What cache blocking builds (its results against unblocked runs are in the kernel contract, on every kernel). */
class CacheBlockingTest {

    private static final double[] H = {Math.sqrt(0.5), 0, Math.sqrt(0.5), 0, Math.sqrt(0.5), 0, -Math.sqrt(0.5), 0};

    private static KernelOp h(int q) {
        return new KernelOp.Dense(new int[] {q}, H, 0);
    }

    @Test
    void runsSplitWhereTheirQubitsOverflowABlockAndAreRelabelledOntoIt() {
        // n = 10, blocks of 4: {0,1,2} fits with CZ(1,2) under control 3; H(8) overflows and starts the next run
        KernelOp cz = new KernelOp.Diagonal(new int[] {1, 2}, new double[] {1, 0, 1, 0, 1, 0, -1, 0}, 1L << 3);
        KernelOp rot = new KernelOp.PauliRotation(1L << 9, 1L << 8, 0.3, 0);
        List<KernelOp> out = CacheBlocking.block(List.of(h(0), cz, h(2), h(8), rot), 10, 4);
        assertEquals(2, out.size(), out.toString());
        KernelOp.Blocked low = (KernelOp.Blocked) out.get(0);
        assertEquals(0b1111, low.qubits(), "qubits 0..3: a contiguous slice");
        assertEquals(3, low.ops().size());
        KernelOp.Diagonal localCz = (KernelOp.Diagonal) low.ops().get(1);
        assertArrayEquals(new int[] {1, 2}, localCz.qubits());
        assertEquals(1L << 3, localCz.ctrl());
        KernelOp.Blocked high = (KernelOp.Blocked) out.get(1);
        assertEquals((1L << 8) | (1L << 9) | 0b11, high.qubits(), "padded with the lowest free qubits 0, 1");
        assertArrayEquals(new int[] {2}, ((KernelOp.Dense) high.ops().get(0)).qubits(), "qubit 8 is local 2");
        KernelOp.PauliRotation localRot = (KernelOp.PauliRotation) high.ops().get(1);
        assertEquals(1L << 3, localRot.x(), "qubit 9 is local 3");
        assertEquals(1L << 2, localRot.z());
    }

    @Test
    void loneAndWideOperationsAreLeftAsTheyAre() {
        KernelOp wide = new KernelOp.PauliRotation(0b111111, 0, 0.2, 0);
        List<KernelOp> ops = List.of(h(0), wide, h(1), h(7), h(2));
        List<KernelOp> out = CacheBlocking.block(ops, 8, 3);
        // h(0) alone before the wide rotation; then h(1), h(7), h(2) fit in one block of 3
        assertEquals(3, out.size(), out.toString());
        assertSame(ops.get(0), out.get(0));
        assertSame(wide, out.get(1));
        assertEquals(0b10000110L, ((KernelOp.Blocked) out.get(2)).qubits(), "qubits 1, 2, 7: no padding needed");
        assertEquals(3, ((KernelOp.Blocked) out.get(2)).ops().size());
    }

    @Test
    void badBlockSizesAndNestedBlocksAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CacheBlocking.block(List.of(h(0)), 8, 8));
        assertEquals("cache blocks of 8 qubits in a 8-qubit state; allowed: 1..7", e.getMessage());
        KernelOp.Blocked b = new KernelOp.Blocked(0b11, List.of(h(0), h(1)));
        assertThrows(IllegalArgumentException.class, () -> CacheBlocking.block(List.of(b), 8, 4));
        assertThrows(IllegalArgumentException.class, () -> new KernelOp.Blocked(0b111, List.of(b)));
        assertThrows(IllegalArgumentException.class, () -> new KernelOp.Blocked(0, List.of()));
    }

    @Test
    void theSimulatorBlocksOnlyWhenAsked() {
        Simulator sim = Simulator.create(KernelType.SCALAR, 1);
        assertEquals(0, sim.cacheBlockQubits(), "off by default");
        Circuit c = Ansatz.hea(16, 2);
        double[] theta = new double[c.numParameters()];
        java.util.Arrays.fill(theta, 0.3);
        assertTrue(sim.program(c, theta, new double[0]).stream().noneMatch(KernelOp.Blocked.class::isInstance));
        Simulator blocking = sim.withCacheBlocking(8);
        List<KernelOp> program = blocking.program(c, theta, new double[0]);
        assertTrue(program.stream().anyMatch(KernelOp.Blocked.class::isInstance), program.toString());
        try (StateVector a = sim.run(c, theta); StateVector b = blocking.run(c, theta)) {
            double[] x = a.amplitudes();
            double[] y = b.amplitudes();
            for (int i = 0; i < x.length; i++) {
                assertEquals(x[i], y[i], 1e-12);
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sim.withCacheBlocking(3));
        assertEquals("cache block of 3 qubits is not allowed; allowed: 0 (off) or 6..24", e.getMessage());
    }
}
