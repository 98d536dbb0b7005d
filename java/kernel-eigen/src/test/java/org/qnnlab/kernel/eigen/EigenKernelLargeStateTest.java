package org.qnnlab.kernel.eigen;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.qnnlab.sim.RandomCircuits;
import org.qnnlab.sim.kernel.KernelTestSupport;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.kernel.ScalarKernel;
import org.qnnlab.sim.kernel.StateKernel;

/**
 * The loops only states larger than the contract's take: two-qubit gates with a low target swept block by block
 * (blocks of 2^10 amplitudes, so at 13 qubits there are 8 of them, and controls above a block select blocks), every
 * ordered pair of targets below 10 and one above, uncontrolled and under controls inside and above the block, with 1
 * and 2 threads, against the reference to 1e-12.
 */
class EigenKernelLargeStateTest {

    private static final int N = 13;
    private static final double TOL = 1e-12;

    @ParameterizedTest(name = "{0} thread(s)")
    @ValueSource(ints = {1, 2})
    void lowTargetTwoQubitGatesAgreeWithTheReference(int threads) {
        StateKernel eigen = KernelTestSupport.requireOrSkip(KernelType.EIGEN, threads);
        StateKernel scalar = new ScalarKernel();
        SplittableRandom rng = new SplittableRandom(13);
        try (Arena arena = Arena.ofShared()) {
            MemorySegment psi = arena.allocate(16L << N, 64);
            for (long i = 0; i < 2L << N; i++) {
                psi.setAtIndex(JAVA_DOUBLE, i, rng.nextDouble() - 0.5);
            }
            MemorySegment a = arena.allocate(16L << N, 64);
            MemorySegment b = arena.allocate(16L << N, 64);
            for (int q0 = 0; q0 < 4; q0++) {
                for (int q1 : new int[] {0, 1, 2, 3, 5, 9, 10, 12}) {
                    if (q1 == q0) {
                        continue;
                    }
                    double[] u = RandomCircuits.randomUnitary(2, rng);
                    int free = 4;
                    while (free == q1) {
                        free++;
                    }
                    for (long ctrl : new long[] {0, 1L << free, 1L << 11 | (q1 == 12 ? 0 : 1L << 12),
                            1L << free | 1L << 11}) {
                        a.copyFrom(psi);
                        b.copyFrom(psi);
                        scalar.apply2(a, N, q0, q1, u, ctrl);
                        eigen.apply2(b, N, q0, q1, u, ctrl);
                        double d = maxDiff(a, b);
                        int t0 = q0;
                        int t1 = q1;
                        assertTrue(d <= TOL, () -> "apply2 on " + t0 + ", " + t1 + " ctrl " + ctrl + " differs by " + d);
                    }
                }
            }
        }
    }

    private static double maxDiff(MemorySegment a, MemorySegment b) {
        double m = 0;
        for (long i = 0; i < 2L << N; i++) {
            m = Math.max(m, Math.abs(a.getAtIndex(JAVA_DOUBLE, i) - b.getAtIndex(JAVA_DOUBLE, i)));
        }
        return m;
    }
}
