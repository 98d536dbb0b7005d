package org.qnnlab.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qnnlab.analysis.GradientStatistics;
import org.qnnlab.analysis.ensemble.CircuitSpec;
import org.qnnlab.analysis.ensemble.Ensemble;
import org.qnnlab.analysis.ensemble.EnsembleEngine;
import org.qnnlab.analysis.ensemble.EnsembleEngines;
import org.qnnlab.analysis.ensemble.LocalEngine;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Boundary;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.kernel.KernelType;

/**
 * The Spark engine on an embedded {@code local[2]} master gives the local engine's numbers bit for bit, on any
 * partitioning; bad options are refused in one line before Spark starts. One Spark context for the class (starting
 * one costs about two seconds).
 */
class SparkEngineTest {

    private static EnsembleEngine spark;

    @BeforeAll
    static void startSpark() {
        spark = EnsembleEngines.create("spark", Map.of("master", "local[2]"));
    }

    @AfterAll
    static void stopSpark() {
        spark.close();
    }

    private static Simulator vector() {
        return Simulator.create(KernelType.VECTOR, 1);
    }

    @Test
    void foundThroughServiceLoader() {
        assertEquals(List.of("local", "spark"), EnsembleEngines.names());
        assertEquals("spark", spark.name());
        assertEquals("local[2]", ((SparkEngine) spark).master());
        assertEquals(8, ((SparkEngine) spark).partitions(100)); // 4 per core
        assertEquals(3, ((SparkEngine) spark).partitions(3));
    }

    /** gradvar's samples (HVA with its rzz, global cost) on Spark with two partitionings and locally on 1 and 2 threads. */
    @Test
    void gradientSamplesAreBitIdenticalToTheLocalEngine() {
        Simulator sim = vector();
        CircuitSpec circuit = CircuitSpec.ansatz("hva-tfim", 5, 3, Boundary.PERIODIC);
        Observable cost = GradientStatistics.cost("global", 5);
        int samples = 40;
        GradientStatistics.Sample local = GradientStatistics.sample(LocalEngine.INSTANCE, sim, circuit, cost, 2,
                samples, 17, 2);
        GradientStatistics.Sample oneThread = GradientStatistics.sample(sim, circuit.circuit(), cost, 2, samples, 17, 1);
        GradientStatistics.Sample auto = GradientStatistics.sample(spark, sim, circuit, cost, 2, samples, 17, 1);
        GradientStatistics.Sample seven;
        try (EnsembleEngine sevenParts = EnsembleEngines.create("spark", Map.of("partitions", "7"))) {
            seven = GradientStatistics.sample(sevenParts, sim, circuit, cost, 2, samples, 17, 1);
        }
        for (GradientStatistics.Sample other : List.of(oneThread, auto, seven)) {
            assertArrayEquals(local.losses(), other.losses(), 0);
            assertArrayEquals(local.gradients(), other.gradients(), 0);
            assertEquals(local.loss(), other.loss());
            assertEquals(local.gradient(), other.gradient());
        }
        // real numbers, not zeros: 1 − P(0…0) of a 5-qubit state lies in [0, 1], and ∂ℓ is spread around 0
        for (double l : local.losses()) {
            assertTrue(l >= -1e-15 && l <= 1 + 1e-15, "loss " + l);
        }
        assertTrue(local.gradient().variance() > 1e-4, local.gradient().toString());
    }

    /** One-layer HEA with the local cost: the sampled gradient variance on Spark agrees with 1/(2n²) exactly known. */
    @Test
    void sparkSamplesMatchTheExactVariance() {
        int n = 4;
        GradientStatistics.Sample s = GradientStatistics.sample(spark, vector(), CircuitSpec.ansatz("hea", n, 1,
                Boundary.OPEN), GradientStatistics.cost("local", n), 0, 400, 3, 1);
        double exact = GradientStatistics.exactOneLayerHea("local", n, 0).orElseThrow().gradient();
        assertEquals(1.0 / 32, exact, 0);
        assertEquals(exact, s.gradient().variance(), 4 * s.gradient().varianceError());
    }

    @Test
    void aTaskFailureComesBackAsThrown() {
        Ensemble<Integer> e = new Ensemble<>("failing", sim -> (i, seed) -> {
            if (i == 5) {
                throw new IllegalArgumentException("task 5 refused");
            }
            return i;
        }, 9, 0);
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> spark.run(e, vector(), 1));
        assertEquals("task 5 refused", thrown.getMessage());
    }

    @Test
    void badOptionsAreRefusedInOneLineBeforeSparkStarts() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnsembleEngines.create("spark", Map.of("master", "local[two]")));
        assertEquals("master 'local[two]' is not a Spark master URL; allowed: local, local[N], local[*], "
                + "local[N,F], local-cluster[N,C,M], spark://HOST:PORT, yarn, k8s://URL", e.getMessage());
        for (String bad : List.of("", "local[0]", "spark://host", "mesos://h:5050", "http://h:7077")) {
            assertInstanceOf(IllegalArgumentException.class, assertThrows(IllegalArgumentException.class,
                    () -> SparkEngineProvider.checkMaster(bad)));
        }
        for (String good : List.of("local", "local[*]", "local[3,2]", "spark://a:7077,b:7077", "yarn",
                "k8s://https://h:6443")) {
            assertEquals(good, SparkEngineProvider.checkMaster(" " + good));
        }
        e = assertThrows(IllegalArgumentException.class,
                () -> EnsembleEngines.create("spark", Map.of("partitions", "0")));
        assertEquals("partitions '0' out of range; allowed: a whole number 1 or more", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EnsembleEngines.create("spark", Map.of("cores", "2")));
        assertEquals("option 'cores' is not taken by engine 'spark'; allowed: master, partitions", e.getMessage());
    }
}
