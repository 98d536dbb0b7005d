package org.qnnlab.kernel.vector;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.qnnlab.sim.RandomCircuits;
import org.qnnlab.sim.kernel.KernelTestSupport;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.kernel.ScalarKernel;
import org.qnnlab.sim.kernel.StateKernel;

/**
 * The loops that only large states take ({@link VectorPolicy#TOUCH_MIN_QUBITS} and up): the prefetch-touch loops
 * (one and two qubits) for middle targets, the split loop above them, and the plain loop, at every target of an
 * 18-qubit state, uncontrolled and controlled, with 1 and 2 threads (at this JVM's register width; the build repeats
 * it at 256 and 128 bits), against the reference to 1e-12.
 */
class VectorKernelLargeStateTest {

    private static final int N = VectorPolicy.TOUCH_MIN_QUBITS;
    private static final double TOL = 1e-12;

    @BeforeAll
    static void requireVector() {
        KernelTestSupport.requireOrSkip(KernelType.VECTOR, 1);
    }

    @ParameterizedTest(name = "{0} thread(s)")
    @ValueSource(ints = {1, 2})
    void everyTargetAgreesWithTheReference(int threads) {
        int bits = VectorConstants.BITS;
        StateKernel vector = new VectorKernelProvider().create(threads);
        StateKernel scalar = new ScalarKernel();
        SplittableRandom rng = new SplittableRandom(7);
        try (Arena arena = Arena.ofShared()) { // shared: worker threads touch it
            MemorySegment psi = arena.allocate(16L << N, 64);
            for (long i = 0; i < 2L << N; i++) {
                psi.setAtIndex(JAVA_DOUBLE, i, rng.nextDouble() - 0.5);
            }
            MemorySegment a = arena.allocate(16L << N, 64);
            MemorySegment b = arena.allocate(16L << N, 64);
            for (int q = 0; q < N; q++) {
                double[] u = RandomCircuits.randomUnitary(1, rng);
                long[] controls = {0, 1L << ((q + 3) % N)};
                for (long ctrl : controls) {
                    a.copyFrom(psi);
                    b.copyFrom(psi);
                    scalar.apply1(a, N, q, u, ctrl);
                    vector.apply1(b, N, q, u, ctrl);
                    double d = maxDiff(a, b);
                    int target = q;
                    assertTrue(d <= TOL, () -> bits + "-bit apply1 on qubit " + target + " ctrl " + ctrl + " differs by "
                            + d);
                    double[] u2 = RandomCircuits.randomUnitary(2, rng);
                    int next = (q + 1) % N;
                    a.copyFrom(psi);
                    b.copyFrom(psi);
                    scalar.apply2(a, N, q, next, u2, 0);
                    vector.apply2(b, N, q, next, u2, 0);
                    double d2 = maxDiff(a, b);
                    assertTrue(d2 <= TOL, () -> bits + "-bit apply2 on qubits " + target + ", " + next + " differs by "
                            + d2);
                    double[] diag = RandomCircuits.randomPhases(1, rng);
                    a.copyFrom(psi);
                    b.copyFrom(psi);
                    scalar.applyDiagonal(a, N, new int[] {q}, diag, ctrl);
                    vector.applyDiagonal(b, N, new int[] {q}, diag, ctrl);
                    double dd = maxDiff(a, b);
                    assertTrue(dd <= TOL, () -> bits + "-bit diagonal on qubit " + target + " ctrl " + ctrl
                            + " differs by " + dd);
                    // controlled phases: visited as their subspace from qubit PHASE_SUBSPACE_MIN_QUBIT up, low controls
                    // folded into a streamed table below it; CZ (real) and CPhase (complex), one and two controls
                    double phi = rng.nextDouble(-Math.PI, Math.PI);
                    for (double[] phase : new double[][] {{1, 0, -1, 0}, {1, 0, Math.cos(phi), Math.sin(phi)}}) {
                        for (long c2 : new long[] {ctrl | 1L << next, ctrl | 1L << next | 1L << ((q + 9) % N)}) {
                            long cs = c2 & ~(1L << q);
                            a.copyFrom(psi);
                            b.copyFrom(psi);
                            scalar.applyDiagonal(a, N, new int[] {q}, phase, cs);
                            vector.applyDiagonal(b, N, new int[] {q}, phase, cs);
                            double dp = maxDiff(a, b);
                            assertTrue(dp <= TOL, () -> bits + "-bit controlled phase on qubit " + target + " ctrl "
                                    + cs + " differs by " + dp);
                        }
                    }
                }
            }
        }
    }

    /** Cache-blocked passes hand ranges of blocks to the workers: low (in place) and gathered blocks of 12 qubits. */
    @ParameterizedTest(name = "{0} thread(s)")
    @ValueSource(ints = {1, 2})
    void cacheBlockedProgramsAgreeWithTheReference(int threads) {
        StateKernel vector = new VectorKernelProvider().create(threads);
        org.qnnlab.sim.Circuit c = org.qnnlab.sim.Ansatz.hea(N, 2);
        double[] theta = c.randomParameters(4);
        java.util.List<org.qnnlab.sim.kernel.KernelOp> ops = org.qnnlab.sim.Simulator.compile(c, theta,
                new double[0]);
        java.util.List<org.qnnlab.sim.kernel.KernelOp> blocked = org.qnnlab.sim.CacheBlocking.block(
                org.qnnlab.sim.Fusion.fuse(ops, vector.passCosts()), N, 12);
        assertTrue(blocked.stream().filter(org.qnnlab.sim.kernel.KernelOp.Blocked.class::isInstance).count() >= 2,
                blocked.toString());
        try (Arena arena = Arena.ofShared()) {
            MemorySegment a = arena.allocate(16L << N, 64);
            MemorySegment b = arena.allocate(16L << N, 64);
            a.set(JAVA_DOUBLE, 0, 1.0);
            b.set(JAVA_DOUBLE, 0, 1.0);
            new ScalarKernel().applyAll(a, N, ops);
            vector.applyAll(b, N, blocked);
            double d = maxDiff(a, b);
            assertTrue(d <= TOL, () -> "blocked HEA differs by " + d);
        }
    }

    private static double maxDiff(MemorySegment a, MemorySegment b) {
        double max = 0;
        for (long i = 0; i < 2L << N; i++) {
            max = Math.max(max, Math.abs(a.getAtIndex(JAVA_DOUBLE, i) - b.getAtIndex(JAVA_DOUBLE, i)));
        }
        return max;
    }
}
