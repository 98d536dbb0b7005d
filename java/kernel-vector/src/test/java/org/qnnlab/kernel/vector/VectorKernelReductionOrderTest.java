package org.qnnlab.kernel.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qnnlab.sim.kernel.KernelTestSupport;
import org.qnnlab.sim.kernel.KernelType;

/**
 * Reductions sum their lanes in lane order, whether or not C2 has compiled the loop yet, so an expectation or a
 * gradient is the same bits in every run. The data make the order visible: lane values {@code 1e16, 1, −1e16, 1}
 * sum to 1 in lane order but 2 pairwise; squares {@code 1e16, 1, 1, 1} to 1e16 in lane order but 1e16 + 2 pairwise.
 */
class VectorKernelReductionOrderTest {

    private static VectorKernel kernel;

    @BeforeAll
    static void requireVector() {
        KernelTestSupport.requireOrSkip(KernelType.VECTOR, 1);
        kernel = (VectorKernel) new VectorKernelProvider().create(1);
    }

    @Test
    void innerAndNormSumTheirLanesInLaneOrderInEveryCall() {
        int lanes = kernel.lanes();
        int n = Integer.numberOfTrailingZeros(lanes / 2) + 2; // four registers: the vector loops, not the scalar path
        int doubles = 2 << n;
        double[] pattern = {1e16, 1, -1e16, 1};
        double[] squares = {1e16, 1, 1, 1}; // lane order: 1e16; exactly and in pairs: 1e16 + 2
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate(8L * doubles, 64);
            MemorySegment ones = arena.allocate(8L * doubles, 64);
            MemorySegment roots = arena.allocate(8L * doubles, 64); // normSquared sums squares: store square roots
            for (int i = 0; i < doubles; i++) {
                double v = i < pattern.length ? pattern[i] : 0;
                a.setAtIndex(ValueLayout.JAVA_DOUBLE, i, v);
                ones.setAtIndex(ValueLayout.JAVA_DOUBLE, i, 1);
                roots.setAtIndex(ValueLayout.JAVA_DOUBLE, i, i < squares.length ? Math.sqrt(squares[i]) : 0);
            }
            double expectedInner = laneOrderSum(a, doubles, lanes, false);
            double expectedNorm = laneOrderSum(roots, doubles, lanes, true);
            // enough calls for C2 to compile the loops (the old reduceLanes differed only once compiled)
            for (int call = 0; call < 30_000; call++) {
                assertEquals(expectedInner, kernel.inner(ones, a, n)[0], 0, "inner, call " + call);
                assertEquals(expectedNorm, kernel.normSquared(roots, n), 0, "normSquared, call " + call);
            }
        }
    }

    /**
     * The loops' order written out: per lane, the registers' values added in register order; then lanes 0, 1, 2, …
     * (normSquared keeps two accumulators for even and odd registers and adds them lane-wise first).
     */
    private static double laneOrderSum(MemorySegment s, int doubles, int lanes, boolean squares) {
        int registers = doubles / lanes;
        double[] acc = new double[lanes];
        double[] odd = new double[lanes];
        for (int r = 0; r < registers; r++) {
            for (int j = 0; j < lanes; j++) {
                double v = s.getAtIndex(ValueLayout.JAVA_DOUBLE, (long) r * lanes + j);
                double term = squares ? v * v : v;
                if (squares && r % 2 == 1) {
                    odd[j] += term;
                } else {
                    acc[j] += term;
                }
            }
        }
        double sum = acc[0] + odd[0];
        for (int j = 1; j < lanes; j++) {
            sum += acc[j] + odd[j];
        }
        return sum;
    }
}
