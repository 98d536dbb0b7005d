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
    @EnumSource(KernelType.class)
    void equalsTheSuperoperatorFormOnNoisyCircuits(KernelType type) {
        // an independent dense computation: F_ij = 2 Re(vec(∂_iρ)† G⁺ vec(∂_jρ)), G = I⊗ρ + ρᵀ⊗I diagonalized as a
        // 4^n × 4^n operator, against the eigenbasis form; unital and non-unital noise, degenerate and full-rank ρ
        DensityMatrixSimulator dm = new DensityMatrixSimulator(sim(type));
        java.util.List<Circuit> circuits = java.util.List.of(
                NoiseModel.parse(java.util.List.of("amplitude_damping:0.05", "depolarizing2:0.03@gates=2q"))
                        .apply(Ansatz.hea(3, 2)),
                NoiseModel.parse(java.util.List.of("thermal:50,70,2", "phase_flip:0.1@qubits=1"))
                        .apply(Ansatz.hvaTfim(2, 3, Boundary.OPEN)),
                NoiseModel.parse("depolarizing:0.0").apply(Ansatz.hea(2, 2)));
        for (Circuit c : circuits) {
            double[] theta = c.randomParameters(17);
            double[][] want = superoperatorQfim(dm, c, theta);
            double[][] got = MixedStateQfim.compute(dm, c, theta);
            double scale = 0;
            for (double[] row : want) {
                for (double v : row) {
                    scale = Math.max(scale, Math.abs(v));
                }
            }
            assertTrue(scale > 0.1, "a nonzero QFIM: " + scale);
            for (int i = 0; i < want.length; i++) {
                for (int j = 0; j < want.length; j++) {
                    assertEquals(want[i][j], got[i][j], 1e-9 * scale, c.numQubits() + " qubits [" + i + "][" + j + "]");
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = KernelType.class, names = "SCALAR")
    void tooManyQubitsIsRefused(KernelType type) {
        DensityMatrixSimulator dm = new DensityMatrixSimulator(sim(type));
        Circuit c = Ansatz.hea(MixedStateQfim.MAX_QUBITS + 1, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MixedStateQfim.compute(dm, c, c.randomParameters(1)));
        assertEquals("mixed-state QFIM of 9 qubits: it works on dense 2^n × 2^n matrices per parameter; allowed: 1..8 "
                + "qubits", e.getMessage());
    }

    /** The superoperator form, diagonalizing G = I⊗ρ + ρᵀ⊗I through its real embedding (n ≤ 3 here). */
    private static double[][] superoperatorQfim(DensityMatrixSimulator dm, Circuit circuit, double[] theta) {
        int d = 1 << circuit.numQubits();
        int big = d * d;
        int m = circuit.numParameters();
        double[] rho = vec(dm, circuit, theta);
        double[][] drho = new double[m][2 * big];
        java.util.List<org.qnnlab.sim.Operation> ops = circuit.operations();
        for (int j = 0; j < ops.size(); j++) {
            Angle[] angles = ops.get(j).angles();
            for (int a = 0; a < angles.length; a++) {
                if (!angles[a].isTrainable()) {
                    continue;
                }
                double[] dv = org.qnnlab.train.ParameterShiftGradient.angleDerivative(circuit, j, a,
                        cc -> vec(dm, cc, theta));
                angles[a].forEachParam((p, coef) -> {
                    for (int i = 0; i < dv.length; i++) {
                        drho[p][i] += coef * dv[i];
                    }
                });
            }
        }
        int s = 2 * big;
        org.ejml.data.DMatrixRMaj g = new org.ejml.data.DMatrixRMaj(s, s);
        for (int c = 0; c < d; c++) {
            for (int r = 0; r < d; r++) {
                int row = r + c * d;
                for (int r2 = 0; r2 < d; r2++) {
                    add(g, big, row, r2 + c * d, rho, r + r2 * d);
                }
                for (int c2 = 0; c2 < d; c2++) {
                    add(g, big, row, r + c2 * d, rho, c2 + c * d);
                }
            }
        }
        var eig = org.ejml.dense.row.factory.DecompositionFactory_DDRM.eig(s, true, true);
        assertTrue(eig.decompose(g));
        double[][] f = new double[m][m];
        for (int k = 0; k < s; k++) {
            double mu = eig.getEigenvalue(k).getReal();
            if (!(mu > MixedStateQfim.ZERO)) {
                continue;
            }
            org.ejml.data.DMatrixRMaj u = eig.getEigenVector(k);
            double[] t = new double[m];
            for (int p = 0; p < m; p++) {
                double acc = 0;
                for (int i = 0; i < big; i++) {
                    acc += u.get(i) * drho[p][2 * i] + u.get(big + i) * drho[p][2 * i + 1];
                }
                t[p] = acc;
            }
            for (int p = 0; p < m; p++) {
                for (int q = 0; q < m; q++) {
                    f[p][q] += 2 * t[p] * t[q] / mu;
                }
            }
        }
        return f;
    }

    private static void add(org.ejml.data.DMatrixRMaj g, int big, int row, int col, double[] rho, int at) {
        double re = rho[2 * at];
        double im = rho[2 * at + 1];
        g.add(row, col, re);
        g.add(big + row, big + col, re);
        g.add(big + row, col, im);
        g.add(row, big + col, -im);
    }

    private static double[] vec(DensityMatrixSimulator dm, Circuit c, double[] theta) {
        try (org.qnnlab.sim.noise.DensityMatrix r = dm.run(c, theta, new double[0])) {
            return r.vectorized().amplitudes();
        }
    }
}
