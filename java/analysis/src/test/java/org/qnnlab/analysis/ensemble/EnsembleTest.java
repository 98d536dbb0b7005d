package org.qnnlab.analysis.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qnnlab.analysis.GradientStatistics;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Boundary;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.kernel.ScalarKernel;
import org.qnnlab.sim.qasm.Qasm;
import org.qnnlab.train.AdjointGradient;
import org.qnnlab.train.Gradient;

/**
 * The ensemble contract without a cluster: seeds {@code seed + i}, results in task order, engines found by name, and
 * jobs that survive Java serialization (what every remote engine does to them) with the same bits.
 */
class EnsembleTest {

    @Test
    void taskSeedsAreTheRunSeedPlusTheIndex() {
        Ensemble<Integer> e = new Ensemble<>("t", sim -> (i, s) -> i, 5, 40);
        assertEquals(40, e.seed(0));
        assertEquals(44, e.seed(4));
        assertEquals(Long.MIN_VALUE, new Ensemble<>("t", e.job(), 2, Long.MAX_VALUE).seed(1)); // wraps like seed + i
        assertThrows(IndexOutOfBoundsException.class, () -> e.seed(5));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> new Ensemble<>("t", e.job(), 0, 1));
        assertEquals("tasks 0 out of range; allowed: 1 or more", bad.getMessage());
    }

    @Test
    void localEngineReturnsResultsInTaskOrderOnAnyThreadCount() {
        Simulator sim = new Simulator(new ScalarKernel());
        Ensemble<String> e = new Ensemble<>("t", s -> (i, seed) -> i + ":" + seed, 50, 7);
        List<String> one = EnsembleEngines.create("local", Map.of()).run(e, sim, 1);
        assertEquals("0:7", one.get(0));
        assertEquals("49:56", one.get(49));
        assertEquals(one, LocalEngine.INSTANCE.run(e, sim, 3));
        assertThrows(IllegalArgumentException.class, () -> LocalEngine.INSTANCE.run(e, sim, 0));
    }

    @Test
    void enginesByName() {
        assertEquals("local", EnsembleEngines.names().get(0));
        assertSame(LocalEngine.INSTANCE, EnsembleEngines.create(" Local ", Map.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnsembleEngines.create("spark", Map.of("master", "local[2]")));
        assertEquals("engine 'spark' is not on the class path; it comes with the qnnlab-spark module (java/spark): "
                + "build it with ./mvnw -B package -pl java/spark -am (./qnn then finds it; elsewhere put "
                + "java/spark/target/qnnlab-spark-*.jar and java/spark/target/lib/*.jar on the class path, "
                + "java/spark/README.md)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EnsembleEngines.create("hadoop", Map.of()));
        assertEquals("unknown engine 'hadoop'; allowed: local", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> EnsembleEngines.create("local", Map.of("master", "local[2]")));
        assertEquals("option 'master' is not taken by engine 'local'; allowed: none", e.getMessage());
    }

    /**
     * Ansatz names and OpenQASM files ship every ansatz exactly (the shipped circuit's loss and gradient are the same
     * bits); {@link CircuitSpec#of} re-written as OpenQASM 3 is exact for the HEA (standard gates only) and equal to
     * rounding for the HVAs, whose rzz comes back as cx; rz; cx.
     */
    @Test
    void shippedCircuitsAndObservablesGiveTheSameBits() {
        Simulator sim = new Simulator(new ScalarKernel());
        AdjointGradient adjoint = new AdjointGradient(sim);
        Observable cost = GradientStatistics.cost("global", 4).plus(Observable.parse("0.1*X0*Y3 - 0.3*Z2"));
        ObservableSpec shippedCost = roundTrip(ObservableSpec.of(cost));
        assertNotSame(cost, shippedCost.observable());
        assertEquals(cost.terms(), shippedCost.observable().terms());
        assertEquals(cost.constant(), shippedCost.observable().constant(), 0);
        for (String name : Ansatz.NAMES) {
            Circuit c = Ansatz.byName(name, 4, 3, Boundary.PERIODIC);
            String layer = Qasm.toQasm3(Ansatz.byName(name, 4, 1, Boundary.PERIODIC));
            Circuit fromFile = Qasm.parse(layer, "layer.qasm").circuit().repeated(3);
            double[] theta = Circuit.randomAngles(c.numParameters(), 5);
            for (Circuit original : List.of(c, fromFile)) {
                Gradient want = adjoint.gradient(original, theta, new double[0], cost);
                CircuitSpec spec = original == c ? CircuitSpec.ansatz(name, 4, 3, Boundary.PERIODIC)
                        : CircuitSpec.qasm(layer, "layer.qasm", 3);
                Circuit shipped = roundTrip(spec).circuit();
                assertNotSame(original, shipped);
                Gradient got = adjoint.gradient(shipped, theta, new double[0], shippedCost.observable());
                assertEquals(want.value(), got.value(), 0, spec.toString());
                assertArrayEquals(want.gradient(), got.gradient(), 0, spec.toString());
            }
            Gradient want = adjoint.gradient(c, theta, new double[0], cost);
            Gradient got = adjoint.gradient(roundTrip(CircuitSpec.of(c)).circuit(), theta, new double[0], cost);
            assertArrayEquals(want.gradient(), got.gradient(), name.equals("hea") ? 0 : 1e-14, name);
        }
        assertEquals("hva-xxz n=4 L=3 periodic", CircuitSpec.ansatz("hva-xxz", 4, 3, Boundary.PERIODIC).toString());
    }

    /**
     * {@link GradientStatistics#sample} on an engine that does what a cluster does (serializes the job, builds the
     * simulator from its spec, runs partitions in reverse order) gives the local engine's bits.
     */
    @Test
    void gradientSamplesAreBitIdenticalOnASerializingEngine() {
        Simulator sim = new Simulator(new ScalarKernel());
        Circuit c = Ansatz.hvaTfim(4, 2, Boundary.OPEN);
        Observable cost = GradientStatistics.cost("global", 4);
        GradientStatistics.Sample local = GradientStatistics.sample(sim, c, cost, 1, 12, 3, 2);
        GradientStatistics.Sample remote = GradientStatistics.sample(new SerializingEngine(5), sim,
                CircuitSpec.ansatz("hva-tfim", 4, 2, Boundary.OPEN), cost, 1, 12, 3, 1);
        assertArrayEquals(local.losses(), remote.losses(), 0);
        assertArrayEquals(local.gradients(), remote.gradients(), 0);
        assertEquals(local.loss(), remote.loss());
        assertEquals(local.gradient(), remote.gradient());
        assertEquals(0.0, local.losses()[0] - Math.abs(local.losses()[0]), 0); // 1 − P(0…0) ≥ 0
    }

    /** A test double of a remote engine: serialized job, simulator from its spec, partitions of 5 run last first. */
    record SerializingEngine(int partition) implements EnsembleEngine {

        @Override
        public String name() {
            return "serializing";
        }

        @Override
        public <R extends Serializable> void run(Ensemble<R> ensemble, Simulator sim, int threads, int[] tasks,
                TaskSink<? super R> sink) {
            int[] run = EnsembleEngines.checkRun(ensemble, sim, threads, tasks);
            SimulatorSpec spec = roundTrip(SimulatorSpec.of(sim));
            assertEquals(KernelType.SCALAR, spec.kernel());
            List<Integer> starts = new ArrayList<>();
            for (int s = 0; s < run.length; s += partition) {
                starts.add(s);
            }
            Collections.reverse(starts);
            for (int start : starts) {
                Ensemble<R> shipped = roundTrip(ensemble);
                EnsembleJob.Worker<R> w = shipped.job().open(spec.create());
                for (int k = start; k < Math.min(start + partition, run.length); k++) {
                    int i = run[k];
                    @SuppressWarnings("unchecked")
                    R r = (R) roundTrip((Serializable) w.run(i, shipped.seed(i)));
                    sink.accept(i, r);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    static <T extends Serializable> T roundTrip(T value) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(value);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                return (T) in.readObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
