package org.qnnlab.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.qnnlab.analysis.ensemble.CircuitSpec;
import org.qnnlab.analysis.ensemble.EnsembleRunner;
import org.qnnlab.analysis.ensemble.LocalEngine;
import org.qnnlab.sim.Angle;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Boundary;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.kernel.KernelTestSupport;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.noise.Channel;
import org.qnnlab.sim.noise.DensityMatrixSimulator;
import org.qnnlab.sim.noise.NoiseModel;
import org.qnnlab.train.DensityMatrixAdjointGradient;
import org.qnnlab.train.Gradient;

/**
 * Wang et al.'s noise-induced barren plateau bound ({@link NoiseInducedBarrenPlateau}): its ingredients (Pauli
 * contraction factors, complete noise layers) on known channels and circuits, the bound holding for every sampled
 * gradient, and the noisy gradient-variance sampling of {@link GradientStatistics} (same bits as a direct loop, decay
 * with depth) on every kernel.
 */
class NoiseInducedBarrenPlateauTest {

    private static Simulator simulator(KernelType type) {
        return new Simulator(KernelTestSupport.requireOrSkip(type, 1));
    }

    @Test
    void pauliFactorsOfKnownChannels() {
        assertEquals(1 - 4 * 0.1 / 3, NoiseInducedBarrenPlateau.pauliFactor(Channel.depolarizing(0.1)), 1e-15);
        // q_X = 1 − 2(pY + pZ), q_Y = 1 − 2(pX + pZ), q_Z = 1 − 2(pX + pY)
        assertEquals(1 - 2 * (0.05 + 0.1), NoiseInducedBarrenPlateau.pauliFactor(Channel.pauli(0.1, 0.05, 0.1)),
                1e-15);
        assertEquals(1, NoiseInducedBarrenPlateau.pauliFactor(Channel.bitFlip(0.2)), 1e-15, "X is not damped");
        assertEquals(0.2, NoiseInducedBarrenPlateau.pauliFactor(Channel.pauli(0.2, 0.2, 0.2)), 1e-15, "1 − 2·0.4");
        assertTrue(Double.isNaN(NoiseInducedBarrenPlateau.pauliFactor(Channel.amplitudeDamping(0.1))), "non-unital");
        assertTrue(Double.isNaN(NoiseInducedBarrenPlateau.pauliFactor(Channel.depolarizing2(0.1))), "two qubits");
        // phase damping is unital with PTM diag(1, √(1−λ), √(1−λ), 1): Pauli-diagonal, but Z undamped
        assertEquals(1, NoiseInducedBarrenPlateau.pauliFactor(Channel.phaseDamping(0.3)), 1e-15);
    }

    @Test
    void completeNoiseLayersOfTheHea() {
        for (int layers = 1; layers <= 3; layers++) {
            Circuit hea = Ansatz.hea(4, layers);
            // after the RY block, the RZ block and the CZ ladder every qubit's last event is a channel
            assertEquals(3 * layers, NoiseInducedBarrenPlateau.noiseLayers(
                    NoiseModel.parse("depolarizing:0.01").apply(hea)));
            assertEquals(2 * layers, NoiseInducedBarrenPlateau.noiseLayers(
                    NoiseModel.parse("depolarizing:0.01@gates=1q").apply(hea)));
            assertEquals(layers, NoiseInducedBarrenPlateau.noiseLayers(
                    NoiseModel.parse("depolarizing:0.01@gates=cz").apply(hea)));
            assertEquals(0, NoiseInducedBarrenPlateau.noiseLayers(
                    NoiseModel.parse("depolarizing:0.01@qubits=0,1,2").apply(hea)), "qubit 3 never gets noise");
        }
    }

    @Test
    void boundValueAndWhereItDoesNotApply() {
        double p = 0.1;
        double q = 1 - 4 * p / 3;
        Circuit c = NoiseModel.parse("depolarizing:" + p).apply(Ansatz.hea(3, 2));
        Observable o = Observable.parse("Z0 - 0.5*Z1*Z2 + 3");
        NoiseInducedBarrenPlateau.Bound b = NoiseInducedBarrenPlateau.of(c, o, 0);
        assertTrue(b.applies(), b.note());
        assertEquals(6, b.noiseLayers());
        assertEquals(1.5, b.observableNorm(), 0, "Σ|w| without the constant");
        assertEquals(0.5, b.generatorNorm(), 0, "RY(θ) = exp(−iθ/2·Y)");
        assertEquals(Math.sqrt(8 * Math.log(2)) * 1.5 * 0.5 * Math.sqrt(3) * Math.pow(q, 6), b.value(), 1e-14);
        assertEquals(b.value() * b.value(), b.varianceBound(), 0);
        // HVA: γ_0 is shared by the n−1 RZZ(2γ) gates of the first layer: Σ|a|/2 = (n − 1)
        Circuit hva = NoiseModel.parse("depolarizing:" + p).apply(Ansatz.hvaTfim(4, 1, Boundary.OPEN));
        assertEquals(3, NoiseInducedBarrenPlateau.of(hva, o, 0).generatorNorm(), 0);

        String note = NoiseInducedBarrenPlateau.of(NoiseModel.parse("amplitude_damping:0.1").apply(Ansatz.hea(3, 2)),
                o, 0).note();
        assertTrue(note.contains("not local Pauli noise"), note);
        note = NoiseInducedBarrenPlateau.of(NoiseModel.parse("bit_flip:0.1").apply(Ansatz.hea(3, 2)), o, 0).note();
        assertTrue(note.contains("max |q_σ| = 1"), note);
        note = NoiseInducedBarrenPlateau.of(NoiseModel.parse("depolarizing:0.1@qubits=0").apply(Ansatz.hea(3, 2)),
                o, 0).note();
        assertTrue(note.contains("no complete layer"), note);
        assertTrue(Double.isNaN(NoiseInducedBarrenPlateau.of(Ansatz.hea(3, 2), o, 0).value()), "noiseless");
        assertThrows(IllegalArgumentException.class, () -> NoiseInducedBarrenPlateau.of(c, o, 12));
    }

    /** One qubit: RY(θ) then depolarizing gives ∂<Z> = −q sin θ; the bound √(2 ln 2)·q is above its maximum q. */
    @ParameterizedTest
    @EnumSource(KernelType.class)
    void boundHoldsForEverySampledGradient(KernelType type) {
        DensityMatrixSimulator dm = new DensityMatrixSimulator(simulator(type));
        DensityMatrixAdjointGradient adjoint = new DensityMatrixAdjointGradient(dm);
        double q = 1 - 4 * 0.2 / 3;
        Circuit one = new Circuit(1).declareParameters(1).ry(Angle.param(0), 0).channel(Channel.depolarizing(0.2), 0);
        NoiseInducedBarrenPlateau.Bound b1 = NoiseInducedBarrenPlateau.of(one, Observable.parse("Z0"), 0);
        assertEquals(Math.sqrt(2 * Math.log(2)) * q, b1.value(), 1e-15);
        assertEquals(-q, adjoint.gradient(one, new double[] {Math.PI / 2}, null, Observable.parse("Z0"))
                .gradient()[0], 1e-14, "the largest derivative, below the bound");
        for (String spec : List.of("depolarizing:0.05", "pauli:0.02,0.05,0.03")) {
            for (int layers = 1; layers <= 3; layers++) {
                Circuit c = NoiseModel.parse(spec).apply(Ansatz.hea(3, layers));
                Observable o = GradientStatistics.cost("local", 3);
                NoiseInducedBarrenPlateau.Bound b = NoiseInducedBarrenPlateau.of(c, o, 0);
                assertTrue(b.applies(), b.note());
                for (long seed = 0; seed < 20; seed++) {
                    double g = adjoint.gradient(c, Circuit.randomAngles(c.numParameters(), seed), null, o)
                            .gradient()[0];
                    assertTrue(Math.abs(g) <= b.value(), spec + ", L = " + layers + ": |∂C| = " + Math.abs(g)
                            + " above the bound " + b.value());
                }
            }
        }
    }

    /**
     * Noisy points of {@link GradientStatistics#sampleAll} give the bits of a direct loop over the density-matrix
     * adjoint, and the gradient variance decays with depth under depolarizing noise (the noise-induced barren plateau),
     * faster than without noise.
     */
    @ParameterizedTest
    @EnumSource(KernelType.class)
    void noisySamplingMatchesADirectLoopAndDecaysWithDepth(KernelType type) {
        Simulator sim = simulator(type);
        Observable cost = GradientStatistics.cost("local", 2);
        List<String> noise = List.of("depolarizing:0.1");
        int samples = 60;
        List<GradientStatistics.Request> requests = new java.util.ArrayList<>();
        for (int layers = 1; layers <= 4; layers++) {
            requests.add(new GradientStatistics.Request(CircuitSpec.ansatz("hea", 2, layers, Boundary.OPEN), cost, 0,
                    samples, 7, noise));
            requests.add(new GradientStatistics.Request(CircuitSpec.ansatz("hea", 2, layers, Boundary.OPEN), cost, 0,
                    samples, 7));
        }
        List<GradientStatistics.Sample> out = GradientStatistics.sampleAll(EnsembleRunner.on(LocalEngine.INSTANCE, 2),
                sim, requests);
        DensityMatrixAdjointGradient adjoint = new DensityMatrixAdjointGradient(new DensityMatrixSimulator(sim));
        Circuit c = NoiseModel.parse(noise).apply(Ansatz.hea(2, 2));
        for (int s = 0; s < samples; s++) {
            Gradient g = adjoint.gradient(c, Circuit.randomAngles(c.numParameters(), 7 + s), null, cost);
            assertEquals(g.value(), out.get(2).losses()[s], 0, "sample " + s);
            assertEquals(g.gradient()[0], out.get(2).gradients()[s], 0, "sample " + s);
        }
        assertEquals(c.channels().size(), requests.get(2).noisyCircuit().channels().size());
        double previous = Double.POSITIVE_INFINITY;
        for (int layers = 1; layers <= 4; layers++) {
            double noisy = out.get(2 * (layers - 1)).gradient().variance();
            double clean = out.get(2 * (layers - 1) + 1).gradient().variance();
            assertTrue(noisy < clean, "L = " + layers + ": noisy " + noisy + " vs noiseless " + clean);
            NoiseInducedBarrenPlateau.Bound b = NoiseInducedBarrenPlateau.of(requests.get(2 * (layers - 1))
                    .noisyCircuit(), cost, 0);
            assertTrue(noisy <= b.varianceBound(), "L = " + layers + ": " + noisy + " above " + b.varianceBound());
            if (layers > 1) {
                assertTrue(noisy < previous, "L = " + layers + ": " + noisy + " not below " + previous);
            }
            previous = noisy;
        }
        assertFalse(out.get(0).gradient().variance() == out.get(1).gradient().variance());
    }

    @Test
    void depthDecayFitsTheVariancesBesideTheBoundsRate() {
        double q = 1 - 4 * 0.05 / 3;
        int[] layers = {1, 2, 3};
        NoiseInducedBarrenPlateau.Bound[] bounds = new NoiseInducedBarrenPlateau.Bound[3];
        for (int i = 0; i < 3; i++) {
            bounds[i] = NoiseInducedBarrenPlateau.of(NoiseModel.parse("depolarizing:0.05").apply(Ansatz.hea(2, i + 1)),
                    GradientStatistics.cost("local", 2), 0);
        }
        // variances 0.3·e^(−0.4 L): the fit returns the rate exactly; the bound falls by q^6 per layer
        double[] v = {0.3 * Math.exp(-0.4), 0.3 * Math.exp(-0.8), 0.3 * Math.exp(-1.2)};
        NoiseInducedBarrenPlateau.DepthDecay d = NoiseInducedBarrenPlateau.depthDecay(layers, v, bounds);
        assertEquals(0.4, d.measured().rate(), 1e-12);
        assertEquals(0.3, d.measured().coefficient(), 1e-12);
        assertEquals(6 * Math.log(1 / q), d.boundRate(), 1e-12);
        NoiseInducedBarrenPlateau.Bound none = NoiseInducedBarrenPlateau.of(Ansatz.hea(2, 1),
                GradientStatistics.cost("local", 2), 0);
        assertTrue(Double.isNaN(NoiseInducedBarrenPlateau.depthDecay(new int[] {1, 2}, new double[] {0.2, 0.1},
                new NoiseInducedBarrenPlateau.Bound[] {none, bounds[1]}).boundRate()));
    }

    @Test
    void noisyRequestsAreCheckedUpFront() {
        CircuitSpec spec = CircuitSpec.ansatz("hea", 2, 1, Boundary.OPEN);
        Observable cost = GradientStatistics.cost("local", 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GradientStatistics.Request(spec, cost, 0, 10, 1, List.of("depolarizing:2")));
        assertTrue(e.getMessage().contains("out of range; allowed: [0, 1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new GradientStatistics.Request(spec, cost, 0, 10, 1, List.of("depolarizing:0.1@qubits=3")));
        assertTrue(e.getMessage().contains("names qubit 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new GradientStatistics.Request(spec, cost, 0, 10, 1, List.of("readout:0.1,0.1")));
        assertTrue(e.getMessage().contains("readout error"), e.getMessage());
    }
}
