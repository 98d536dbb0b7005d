package org.qnnlab.kernel.eigen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qnnlab.sim.Gates;
import org.qnnlab.sim.StateVector;
import org.qnnlab.sim.kernel.KernelOp;
import org.qnnlab.sim.kernel.KernelTestSupport;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.kernel.StateKernel;

/**
 * Kernels trust their input, but libqnnlab checks it again at its C ABI: a bad call must come back as a Java
 * exception carrying the library's message, with the state untouched (never a crash, never a silent fallback).
 */
class EigenKernelErrorsTest {

    private static final double[] H = Gates.H.matrix(new double[0]);
    private static StateKernel kernel;

    @BeforeAll
    static void load() {
        kernel = KernelTestSupport.requireOrSkip(KernelType.EIGEN, 1);
    }

    private static IllegalArgumentException refused(StateVector s, Runnable call, String... mentions) {
        double[] before = s.amplitudes();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().startsWith("libqnnlab: "), e.getMessage());
        for (String m : mentions) {
            assertTrue(e.getMessage().contains(m), () -> "message should mention '" + m + "': " + e.getMessage());
        }
        assertArrayEquals(before, s.amplitudes(), 0.0, "the state must be unchanged after a refused call");
        return e;
    }

    @Test
    void qubitOutOfRangeIsAnException() {
        try (StateVector s = StateVector.basis(3, 5)) {
            refused(s, () -> kernel.apply1(s.segment(), 3, 7, H, 0), "7");
        }
    }

    @Test
    void repeatedQubitsAreAnException() {
        try (StateVector s = StateVector.basis(3, 1)) {
            double[] swap = Gates.SWAP.matrix(new double[0]);
            refused(s, () -> kernel.apply2(s.segment(), 3, 1, 1, swap, 0), "1");
        }
    }

    @Test
    void controlOnATargetIsAnException() {
        try (StateVector s = StateVector.basis(3, 1)) {
            refused(s, () -> kernel.apply1(s.segment(), 3, 0, H, 1L));
        }
    }

    @Test
    void aBadBatchEntryAppliesNothing() {
        try (StateVector s = StateVector.basis(4, 3)) {
            List<KernelOp> ops = List.of(new KernelOp.Dense(new int[] {0}, H, 0),
                    new KernelOp.Dense(new int[] {9}, H, 0));
            refused(s, () -> kernel.applyAll(s.segment(), 4, ops), "9");
        }
    }

    @Test
    void nonFiniteAngleIsAnException() {
        try (StateVector s = StateVector.zero(2)) {
            refused(s, () -> kernel.applyPauliRotation(s.segment(), 2, 1, 0, Double.NaN, 0));
        }
    }

    @Test
    void heapSegmentsAreRefusedBeforeTheCall() {
        MemorySegment heap = MemorySegment.ofArray(new double[8]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> kernel.apply1(heap, 2, 0, H, 0));
        assertTrue(e.getMessage().contains("off-heap"), e.getMessage());
    }
}
