package org.qnnlab.kernel.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.qnnlab.kernel.vector.VectorPolicy.StreamLoop;
import org.qnnlab.sim.kernel.Kernels;

/**
 * The vector kernel's loop choices at their boundaries (default thresholds: touch 512 B .. 4 KiB from 18 qubits,
 * split up to 16 KiB, controlled phases on their subspace from qubit 7, threads from 14 qubits). The loops
 * themselves are checked against the reference by the contract and large-state tests.
 */
class VectorPolicyTest {

    @Test
    void streamLoopsByPairDistanceAndStateSize() {
        int big = VectorPolicy.TOUCH_MIN_QUBITS;
        assertEquals(18, big);
        assertEquals(StreamLoop.PLAIN, VectorPolicy.oneQubit(big, 256));
        assertEquals(StreamLoop.TOUCH, VectorPolicy.oneQubit(big, 512));
        assertEquals(StreamLoop.TOUCH, VectorPolicy.oneQubit(big, 4096));
        assertEquals(StreamLoop.SPLIT, VectorPolicy.oneQubit(big, 8192));
        assertEquals(StreamLoop.SPLIT, VectorPolicy.oneQubit(big, 16384));
        assertEquals(StreamLoop.PLAIN, VectorPolicy.oneQubit(big, 32768));
        assertEquals(StreamLoop.PLAIN, VectorPolicy.oneQubit(big - 1, 1024), "in cache: no touches");
        assertTrue(VectorPolicy.twoQubitTouch(big, 1024));
        assertFalse(VectorPolicy.twoQubitTouch(big, 8192), "two-qubit gates have no split loop");
        assertFalse(VectorPolicy.twoQubitTouch(big - 1, 1024));
    }

    @Test
    void controlledPhasesUseTheirSubspaceOnlyInLongRuns() {
        assertTrue(VectorPolicy.phaseSubspace(1L << 7 | 1L << 8));
        assertFalse(VectorPolicy.phaseSubspace(1L << 6 | 1L << 20), "runs of 64 amplitudes: streamed instead");
        assertEquals(1L << 3 | 1L << 6, VectorPolicy.foldedControls(1L << 3 | 1L << 6 | 1L << 7 | 1L << 30));
        assertEquals(0, VectorPolicy.foldedControls(1L << 7));
        assertTrue(VectorPolicy.diagonalRuns(3), "runs of 8 vectors: applied run by run, entries of 1 skipped");
        assertFalse(VectorPolicy.diagonalRuns(2), "runs of 4 vectors: looked up per vector");
        assertTrue(VectorPolicy.diagonalPattern(4, 7), "a period of 16 vectors in chunks of 8 periods: pattern");
        assertFalse(VectorPolicy.diagonalPattern(4, 6), "chunks of 4 periods: looked up per vector");
        assertFalse(VectorPolicy.diagonalPattern(7, 12), "a period of 128 vectors: looked up per vector");
    }

    @Test
    void statesSplitOverThreadsFromTheSharedThreshold() {
        int min = Kernels.PARALLEL_MIN_QUBITS;
        assertEquals(1, VectorPolicy.parallelBlocks(min - 1, 4, 1 << 20));
        assertEquals(4, VectorPolicy.parallelBlocks(min, 4, 1 << 20));
        assertEquals(2, VectorPolicy.parallelBlocks(min, 4, 2), "never more blocks than items");
        assertEquals(1, VectorPolicy.parallelBlocks(30, 1, 1 << 20));
    }
}
