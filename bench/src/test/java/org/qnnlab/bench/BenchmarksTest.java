package org.qnnlab.bench;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.qnnlab.sim.StateVector;
import org.qnnlab.sim.kernel.StateKernel;

/** Runs each benchmark's setup, one invocation and teardown directly (no JMH), so CI exercises the benchmark code. */
class BenchmarksTest {

    @ParameterizedTest
    @ValueSource(strings = {"low", "high"})
    void gateBenchmarkRunsEveryGate(String target) {
        GateBenchmark b = new GateBenchmark();
        b.kernel = "scalar";
        b.qubits = 12;
        b.threads = 1;
        b.target = target;
        b.setUp();
        b.h();
        b.rz();
        b.cnot();
        b.unitary2();
        b.rxx();
        b.checkNorm();
        b.tearDown();
    }

    @Test
    void passCostBenchmarkKeepsTheNormForEveryKind() {
        for (String kind : new String[] {"dense", "diagonal"}) {
            for (int k = 1; k <= 5; k++) {
                PassCostBenchmark b = new PassCostBenchmark();
                b.kernel = "scalar";
                b.qubits = 8;
                b.kind = kind;
                b.k = k;
                b.setUp();
                for (int i = 0; i < 16; i++) {
                    b.pass();
                }
                b.checkNorm();
                b.tearDown();
            }
        }
    }

    @Test
    void lieAlgebraBenchmarkRuns() {
        LieAlgebraBenchmark b = new LieAlgebraBenchmark();
        b.ansatz = "hva-xxz";
        b.qubits = 4;
        b.boundary = "periodic";
        b.setUp();
        b.closure();
        b.decomposition();
    }

    @Test
    void heaForwardBenchmarkRuns() {
        HeaForwardBenchmark b = new HeaForwardBenchmark();
        b.kernel = "scalar";
        b.qubits = 12;
        b.threads = 1;
        b.layers = 2;
        b.fusion = "on";
        b.setUp();
        b.forward();
        b.checkNorm();
        b.tearDown();
    }

    @Test
    void downcallOverheadBenchmarkRunsBothPatterns() {
        DowncallOverheadBenchmark b = new DowncallOverheadBenchmark();
        b.kernel = "scalar"; // the pattern is kernel-independent; the eigen run is CI's JMH smoke
        b.qubits = 10;
        b.setUp();
        for (int i = 0; i < DowncallOverheadBenchmark.BATCH + 3; i++) {
            b.oneGate();
        }
        b.batched();
        b.checkNorm();
        b.tearDown();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void rooflineBenchmarkRunsBothLoops(int threads) throws Exception {
        RooflineBenchmark b = new RooflineBenchmark();
        b.qubits = 12;
        b.threads = threads;
        b.setUp();
        b.plainLoop();
        b.vectorApi();
        b.vectorApi();
        b.tearDown();
    }

    @Test
    void normCheckCatchesANonUnitaryResult() {
        StateKernel k = BenchSetup.kernel("scalar", 1);
        try (StateVector s = BenchSetup.randomState(12, k)) {
            BenchSetup.checkAndRenormalise(s, k, "unitary");
            k.scale(s.segment(), 12, 1 + 1e-6, 0);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> BenchSetup.checkAndRenormalise(s, k, "scaled"));
            assertTrue(e.getMessage().contains("norm"), e.getMessage());
        }
    }

    @Test
    void unusableCombinationFailsSetupWithAClearMessage() {
        GateBenchmark b = new GateBenchmark();
        b.kernel = "scalar";
        b.qubits = 12;
        b.threads = 2;
        b.target = "low";
        IllegalStateException e = assertThrows(IllegalStateException.class, b::setUp);
        assertTrue(e.getMessage().startsWith("skipped: "), e.getMessage());
    }
}
