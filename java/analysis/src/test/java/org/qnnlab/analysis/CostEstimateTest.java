package org.qnnlab.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Boundary;
import org.qnnlab.sim.Circuit;

/** The estimates are the documented pass counts times gates × max(2^n, 2^11) × the per-amplitude-gate cost. */
class CostEstimateTest {

    private static final double C = CostEstimate.SECONDS_PER_AMPLITUDE_GATE;
    private static final double F = CostEstimate.MIN_AMPLITUDES_PER_GATE; // small states count this many

    @Test
    void eachAnalysisCountsItsPasses() {
        assertEquals(5 * 7 * 4096 * C, CostEstimate.seconds(5, 7, 12), 1e-18);
        assertEquals(5 * 7 * F * C, CostEstimate.seconds(5, 7, 10), 1e-18, "2^10 amplitudes cost the floor");
        assertEquals(5 * 7 * F * C, CostEstimate.seconds(5, 7, 1), 1e-18);
        Circuit a = Ansatz.hvaTfim(4, 1, Boundary.OPEN); // 4 H + 3 RZZ + 4 RX = 11 gates, M = 2
        Circuit b = Ansatz.hvaTfim(4, 2, Boundary.OPEN); // 18 gates, M = 4
        double expected = F * C * (3 * (3 * 11 + 3) + 3 * (5 * 18 + 10)); // points × ((M+1)·G + M(M+1)/2)
        assertEquals(expected, CostEstimate.overparametrization(List.of(a, b), 3), 1e-15);
        Landscape.Options o = Landscape.Options.defaults().withInits(2);
        assertEquals(2 * 4 * (o.optimizer().maxSteps() + 2 * 4) * 18 * F * C, CostEstimate.landscape(b, o), 1e-12);
        assertEquals(2 * 4 * o.optimizer().maxSteps() * 18 * F * C,
                CostEstimate.landscape(b, o.withHessian(false)), 1e-12);
        assertEquals(4 * 11 * 8 * 3 * 18 * F * C, CostEstimate.tangentKernel(b, 8, 10, 3), 1e-12);
    }

    @Test
    void runsAboveTheBoundAreRefusedInOneLine() {
        CostEstimate.refuseAbove(CostEstimate.MAX_SECONDS, "this sweep", "passes × gates", "--layers");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> CostEstimate.refuseAbove(7200.4, "this sweep", "passes × gates", "--layers"));
        assertEquals("this sweep would take about 7200 s (estimate: passes × gates × max(2^n, 2048) × 3e-09 s), more than the "
                + "3600 s allowed; reduce --layers", e.getMessage());
    }
}
