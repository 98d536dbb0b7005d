package org.qnnlab.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.qnnlab.sim.Angle;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Boundary;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.kernel.KernelTestSupport;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.noise.Channel;
import org.qnnlab.sim.noise.DensityMatrixSimulator;
import org.qnnlab.sim.noise.NoiseModel;

/**
 * {@link MixedStateQfim} on every kernel: the pure-state QFIM of {@link Qfim} without noise, the closed form of a
 * depolarized qubit, and an eigenvalue that non-unital noise turns on (García-Martín, Larocca, Cerezo,
 * arXiv:2302.05059).
 */
class MixedStateQfimTest {

    private static Simulator sim(KernelType type) {
        return new Simulator(KernelTestSupport.requireOrSkip(type, 1));
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void withoutNoiseItIsThePureStateQfim(KernelType type) {
        Simulator sim = sim(type);
        DensityMatrixSimulator dm = new DensityMatrixSimulator(sim);
        for (Circuit c : new Circuit[] {Ansatz.hea(3, 2), Ansatz.hvaTfim(4, 2, Boundary.PERIODIC)}) {
            double[] theta = c.randomParameters(7);
            double[][] want = Qfim.compute(sim, c, theta, null);
            double[][] got = MixedStateQfim.compute(dm, c, theta);
            for (int i = 0; i < want.length; i++) {
                for (int j = 0; j < want.length; j++) {
                    assertEquals(want[i][j], got[i][j], 1e-9, c + " [" + i + "][" + j + "]");
                }
            }
        }
    }

    /**
     * RY(θ)|0⟩ then depolarizing(p): Bloch vector η(sin θ, 0, cos θ) with η = 1 − 4p/3, whose derivative is orthogonal
     * to it, so the qubit formula {@code |∂r|² + (r·∂r)²/(1 − |r|²)} gives F = η².
     */
    @ParameterizedTest
    @EnumSource(KernelType.class)
    void aDepolarizedQubitHasFisherInformationEtaSquared(KernelType type) {
        DensityMatrixSimulator dm = new DensityMatrixSimulator(sim(type));
        for (double p : new double[] {0.0, 0.05, 0.3, 0.7}) {
            Circuit c = new Circuit(1).declareParameters(1).ry(Angle.param(0), 0).channel(Channel.depolarizing(p), 0);
            double eta = 1 - 4 * p / 3;
            for (double theta : new double[] {0.3, 1.9, -2.4}) {
                assertEquals(eta * eta, MixedStateQfim.compute(dm, c, new double[] {theta})[0][0], 1e-10,
                        "p " + p + ", θ " + theta);
            }
        }
    }

    /**
     * RY(θ0) RY(θ1) on one qubit depends on θ0 + θ1 only: rank 1. Amplitude damping between the rotations makes the
     * Bloch vector's length depend on θ0 alone, and the rank becomes 2: noise turned an eigenvalue on. Depolarizing
     * noise there (unital, isotropic) keeps rank 1 and scales F by η².
     */
    @ParameterizedTest
    @EnumSource(KernelType.class)
    void amplitudeDampingTurnsOnAnEigenvalue(KernelType type) {
        Simulator sim = sim(type);
        DensityMatrixSimulator dm = new DensityMatrixSimulator(sim);
        double[] theta = {0.7, 1.1};
        Circuit clean = new Circuit(1).declareParameters(2).ry(Angle.param(0), 0).ry(Angle.param(1), 0);
        assertEquals(1, Spectra.rank(MixedStateQfim.compute(dm, clean, theta), 1e-8));
        Circuit damped = new Circuit(1).declareParameters(2).ry(Angle.param(0), 0)
                .channel(Channel.amplitudeDamping(0.3), 0).ry(Angle.param(1), 0);
        double[][] f = MixedStateQfim.compute(dm, damped, theta);
        assertEquals(2, Spectra.rank(f, 1e-8));
        Circuit depolarized = new Circuit(1).declareParameters(2).ry(Angle.param(0), 0)
                .channel(Channel.depolarizing(0.3), 0).ry(Angle.param(1), 0);
        double[][] g = MixedStateQfim.compute(dm, depolarized, theta);
        assertEquals(1, Spectra.rank(g, 1e-8));
        double eta = 1 - 0.4;
        assertEquals(4 * eta * eta, g[0][0] + g[1][1] + 2 * g[0][1], 1e-10, "F along θ0 + θ1");
        assertTrue(f[0][0] > 0 && f[1][1] > 0);
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void strongNoiseSuppressesEveryEigenvalue(KernelType type) {
        DensityMatrixSimulator dm = new DensityMatrixSimulator(sim(type));
        Circuit c = Ansatz.hea(2, 2);
        double[] theta = c.randomParameters(3);
        double last = Double.POSITIVE_INFINITY;
        for (double p : new double[] {0.0, 0.05, 0.2, 0.5}) {
            Circuit noisy = NoiseModel.parse("depolarizing:" + p).apply(c);
            double[] ev = Spectra.symmetricEigenvalues(MixedStateQfim.compute(dm, noisy, theta));
            double top = ev[ev.length - 1];
            assertTrue(top < last, "λ_max falls with p: " + top + " at p " + p);
            last = top;
        }
    }

    @ParameterizedTest
    @EnumSource(value = KernelType.class, names = "SCALAR")
    void tooManyQubitsIsRefused(KernelType type) {
        DensityMatrixSimulator dm = new DensityMatrixSimulator(sim(type));
        Circuit c = Ansatz.hea(6, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MixedStateQfim.compute(dm, c, c.randomParameters(1)));
        assertEquals("mixed-state QFIM of 6 qubits: it diagonalizes a dense 4^n × 4^n superoperator; allowed: 1..5 "
                + "qubits", e.getMessage());
    }
}
