package org.qnnlab.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.qnnlab.sim.Angle;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Boundary;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.RandomCircuits;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.StateVector;
import org.qnnlab.sim.kernel.KernelTestSupport;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.kernel.ScalarKernel;

class QfimTest {

    private static final Simulator SIM = Simulator.create();

    @Test
    void singleQubitRyIsTheBlochSphereMetric() {
        Circuit c = new Circuit(1);
        c.ry(c.newParameter(), 0);
        for (double t : new double[] {0, 0.3, 1.7, -2.9}) {
            double[][] f = Qfim.compute(SIM, c, new double[] {t}, null);
            assertEquals(1, f[0][0], 1e-12);
        }
    }

    @Test
    void ryThenRzGivesDiagOneSinSquared() {
        Circuit c = new Circuit(1);
        c.ry(c.newParameter(), 0).rz(c.newParameter(), 0);
        for (double t0 : new double[] {0.4, 1.1, Math.PI / 2, 2.8}) {
            double[][] f = Qfim.compute(SIM, c, new double[] {t0, -0.7}, new double[0]);
            assertEquals(1, f[0][0], 1e-12);
            assertEquals(Math.pow(Math.sin(t0), 2), f[1][1], 1e-12);
            assertEquals(0, f[0][1], 1e-12);
            assertEquals(0, f[1][0], 1e-12);
        }
        // at θ0 = 0 the RZ direction is degenerate: rank 1
        Qfim.Rank r = Qfim.rank(Qfim.compute(SIM, c, new double[] {0, 0.3}, null));
        assertEquals(2, r.parameters());
        assertEquals(1, r.rank());
        assertEquals(Qfim.DEFAULT_TOLERANCE, r.tolerance());
    }

    @Test
    void sharedAndAffineParametersFollowTheChainRule() {
        Circuit twice = new Circuit(1);
        Angle t = twice.newParameter();
        twice.rx(t, 0).rx(t, 0); // RX(2θ): F = 2² = 4
        assertEquals(4, Qfim.compute(SIM, twice, new double[] {0.37}, null)[0][0], 1e-12);

        Circuit affine = new Circuit(1);
        affine.rx(affine.newParameter().times(3).plus(0.2), 0); // RX(3θ + 0.2): F = 9
        assertEquals(9, Qfim.compute(SIM, affine, new double[] {-1.1}, null)[0][0], 1e-12);

        // a data input shifts the angle but not the metric; a declared, unused parameter has a zero row
        Circuit enc = new Circuit(1);
        enc.ry(enc.newParameter().plus(enc.newInput()), 0);
        enc.declareParameters(2);
        double[][] f = Qfim.compute(SIM, enc, new double[] {0.5, 9}, new double[] {0.8});
        assertEquals(1, f[0][0], 1e-12);
        assertEquals(0, f[1][1], 0);
        assertEquals(0, f[0][1], 0);
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void matchesFiniteDifferenceFubiniStudyMetricOnRandomCircuits(KernelType type) {
        Simulator sim = new Simulator(KernelTestSupport.requireOrSkip(type, 2));
        int[][] cases = {{1, 12}, {2, 20}, {3, 30}, {4, 40}, {5, 40}, {8, 30}};
        int checked = 0;
        for (int[] cs : cases) {
            for (long seed = 1; seed <= 4; seed++) {
                int n = cs[0];
                SplittableRandom rng = new SplittableRandom(1000 * n + seed);
                List<Long> seeds = new ArrayList<>();
                for (int i = 0; i < cs[1]; i++) {
                    seeds.add(rng.nextLong());
                }
                Circuit c = RandomCircuits.circuit(n, seeds);
                if (c.numParameters() == 0) {
                    continue;
                }
                double[] theta = RandomCircuits.randomParams(c, seed);
                double[][] fdJac = finiteDifferenceJacobian(sim, c, theta);
                double[] psi;
                try (StateVector s = sim.run(c, theta)) {
                    psi = s.amplitudes();
                }
                StateVector[] jac = Qfim.stateJacobian(sim, c, theta, null);
                try {
                    assertEquals(c.numParameters(), jac.length);
                    for (int k = 0; k < jac.length; k++) {
                        double[] a = jac[k].amplitudes();
                        for (int i = 0; i < a.length; i++) {
                            assertEquals(fdJac[k][i], a[i], 1e-7, "∂ψ/∂θ" + k + " component " + i + " of\n" + c);
                        }
                    }
                } finally {
                    for (StateVector s : jac) {
                        s.close();
                    }
                }
                double[][] expected = fubiniStudy(psi, fdJac);
                double[][] f = Qfim.compute(sim, c, theta, null);
                for (int i = 0; i < f.length; i++) {
                    for (int j = 0; j < f.length; j++) {
                        assertEquals(expected[i][j], f[i][j], 1e-6, "F[" + i + "][" + j + "] of\n" + c);
                        assertEquals(f[j][i], f[i][j], 0, "symmetric");
                    }
                }
                double[] ev = Spectra.symmetricEigenvalues(f);
                assertTrue(ev.length == 0 || ev[0] > -1e-9, "positive semidefinite: " + Arrays.toString(ev));
                checked++;
            }
        }
        assertTrue(checked >= 15, "random circuits with parameters checked: " + checked);
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void diagonalRunsWithSharedParametersMatchFiniteDifferences(KernelType type) {
        Simulator sim = new Simulator(KernelTestSupport.requireOrSkip(type, 2));
        // Z rotations, ZZ, phases, controlled phases and CZ in runs, sharing parameters with the RY layers
        for (int n : new int[] {3, 9}) {
            Circuit c = new Circuit(n);
            Angle a = c.newParameter();
            Angle b = c.newParameter();
            Angle g = c.newParameter();
            for (int q = 0; q < n; q++) {
                c.ry(a.times(0.5).plus(0.1 * q), q);
            }
            for (int q = 0; q < n; q++) {
                c.rz(b, q);
            }
            c.rzz(g.times(2), 0, 1).phase(a, 2).cphase(b.times(-1.5), 1, 2).cz(0, 2).t(1)
                    .crz(g, 2, 0).pauliRotation(b, "ZIZ", 0, 1, 2);
            for (int q = 0; q < n; q++) {
                c.rx(g, q);
            }
            c.phase(g, 1).rz(a, 0).s(2);
            double[] theta = {0.7, -1.3, 2.1};
            double[][] fd = finiteDifferenceJacobian(sim, c, theta);
            double[] psi;
            try (StateVector s = sim.run(c, theta)) {
                psi = s.amplitudes();
            }
            double[][] expected = fubiniStudy(psi, fd);
            double[][] fused = Qfim.compute(sim, c, theta, null);
            double[][] plain = Qfim.compute(sim, c, theta, null, false);
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    assertEquals(expected[i][j], fused[i][j], 1e-6, "fused F[" + i + "][" + j + "], n=" + n);
                    assertEquals(plain[i][j], fused[i][j], 1e-12, "fused vs gate by gate, n=" + n);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void fusedAndGateByGateSweepsAgreeOnRandomCircuits(KernelType type) {
        Simulator sim = new Simulator(KernelTestSupport.requireOrSkip(type, 2));
        SplittableRandom rng = new SplittableRandom(99);
        for (int trial = 0; trial < 20; trial++) {
            int n = 1 + rng.nextInt(9);
            List<Long> seeds = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                seeds.add(rng.nextLong());
            }
            Circuit c = RandomCircuits.circuit(n, seeds);
            double[] theta = RandomCircuits.randomParams(c, trial);
            double[][] fused = Qfim.compute(sim, c, theta, null);
            double[][] plain = Qfim.compute(sim, c, theta, null, false);
            for (int i = 0; i < fused.length; i++) {
                for (int j = 0; j < fused.length; j++) {
                    assertEquals(plain[i][j], fused[i][j], 1e-10, "F[" + i + "][" + j + "] of\n" + c);
                }
            }
        }
    }

    @Test
    void rankSaturatesBelowTheDlaDimensionForTheTfimHva() {
        int n = 4;
        for (Boundary b : Boundary.values()) {
            int bound = b == Boundary.OPEN ? n * n : 3 * n - 1;
            int[] ranks = new int[12];
            for (int layers = 1; layers <= 12; layers++) {
                Circuit c = Ansatz.hvaTfim(n, layers, b);
                double[] theta = RandomCircuits.randomParams(c, 42 + layers);
                ranks[layers - 1] = Qfim.rank(Qfim.compute(SIM, c, theta, null)).rank();
            }
            // independent check of one plateau point: the finite-difference metric has the same rank
            Circuit c8 = Ansatz.hvaTfim(n, 8, b);
            double[] t8 = RandomCircuits.randomParams(c8, 42 + 8);
            double[] psi8;
            try (StateVector s = SIM.run(c8, t8)) {
                psi8 = s.amplitudes();
            }
            assertEquals(ranks[7], Spectra.rank(fubiniStudy(psi8, finiteDifferenceJacobian(SIM, c8, t8)), 1e-6),
                    "rank at L=8 vs finite differences");
            System.out.printf("QFIM rank, TFIM HVA n=%d %s, L=1..12 (M=2L): %s (DLA bound %d)%n", n, b.id(),
                    Arrays.toString(ranks), bound);
            for (int i = 1; i < ranks.length; i++) {
                assertTrue(ranks[i] >= ranks[i - 1], "rank decreased: " + Arrays.toString(ranks));
            }
            int plateau = ranks[ranks.length - 1];
            assertEquals(plateau, ranks[ranks.length - 4], "no plateau over the last layers: "
                    + Arrays.toString(ranks));
            assertTrue(plateau < 2 * ranks.length, "saturated below M: " + Arrays.toString(ranks));
            assertTrue(plateau > ranks[0], "rank grows with L: " + Arrays.toString(ranks));
            assertTrue(plateau <= bound, "plateau " + plateau + " above the DLA dimension " + bound);
        }
    }

    @Test
    void validatesInputsAndRefusesOversizedJacobians() {
        Circuit c = new Circuit(2);
        c.ry(c.newParameter(), 0).cz(0, 1).rx(c.newParameter(), 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Qfim.compute(SIM, c, new double[] {1}, null));
        assertTrue(e.getMessage().contains("2 parameters but 1 value"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Qfim.compute(SIM, c, new double[] {1, Double.NaN}, null));
        assertTrue(e.getMessage().contains("parameter 1 is NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Qfim.stateJacobian(SIM, c, new double[] {Double.POSITIVE_INFINITY, 0}, null));
        assertTrue(e.getMessage().contains("Infinity"), e.getMessage());

        Circuit huge = Ansatz.hea(36, 2); // 144 parameters × 1 TiB per state
        e = assertThrows(IllegalArgumentException.class,
                () -> Qfim.compute(SIM, huge, new double[huge.numParameters()], null));
        assertTrue(e.getMessage().contains("MiB") && e.getMessage().contains("limit")
                && e.getMessage().contains("146 states"), e.getMessage());

        Circuit none = new Circuit(2).h(0);
        assertEquals(0, Qfim.compute(SIM, none, new double[0], null).length);
        assertEquals(0, Qfim.rank(new double[0][0]).rank());
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void agreesWithTheScalarKernelOnTwelveQubitsWhereStatesAreSplitOverThreads(KernelType type) {
        // 12 qubits: derivative states are shared out over threads (Qfim.splitThreads), and the vector kernel runs
        // its wide-register loops
        Circuit c = Ansatz.hea(12, 3);
        double[] theta = RandomCircuits.randomParams(c, 3);
        double[][] ref = Qfim.compute(new Simulator(new ScalarKernel()), c, theta, null);
        double[][] f = Qfim.compute(new Simulator(KernelTestSupport.requireOrSkip(type, 2)), c, theta, null);
        assertEquals(72, f.length);
        for (int i = 0; i < f.length; i++) {
            for (int j = 0; j < f.length; j++) {
                assertEquals(ref[i][j], f[i][j], 1e-11, "F[" + i + "][" + j + "] on " + type);
            }
        }
    }

    /** Central differences of the state, one circuit run per ± shift (independent of the sweep in Qfim). */
    private static double[][] finiteDifferenceJacobian(Simulator sim, Circuit c, double[] theta) {
        double h = 1e-5;
        double[][] jac = new double[theta.length][];
        for (int k = 0; k < theta.length; k++) {
            double[] plus = theta.clone();
            double[] minus = theta.clone();
            plus[k] += h;
            minus[k] -= h;
            double[] ap;
            double[] am;
            try (StateVector sp = sim.run(c, plus); StateVector sm = sim.run(c, minus)) {
                ap = sp.amplitudes();
                am = sm.amplitudes();
            }
            jac[k] = new double[ap.length];
            for (int i = 0; i < ap.length; i++) {
                jac[k][i] = (ap[i] - am[i]) / (2 * h);
            }
        }
        return jac;
    }

    /** {@code 4 Re(<a_i|a_j> − <a_i|ψ><ψ|a_j>)} on interleaved heap arrays. */
    private static double[][] fubiniStudy(double[] psi, double[][] d) {
        int m = d.length;
        double[][] f = new double[m][m];
        for (int i = 0; i < m; i++) {
            double[] gi = inner(psi, d[i]);
            for (int j = 0; j < m; j++) {
                double[] gj = inner(psi, d[j]);
                double[] ij = inner(d[i], d[j]);
                // <a_i|ψ><ψ|a_j> = conj(g_i)·g_j
                f[i][j] = 4 * (ij[0] - (gi[0] * gj[0] + gi[1] * gj[1]));
            }
        }
        return f;
    }

    private static double[] inner(double[] a, double[] b) {
        double re = 0;
        double im = 0;
        for (int i = 0; i < a.length; i += 2) {
            re += a[i] * b[i] + a[i + 1] * b[i + 1];
            im += a[i] * b[i + 1] - a[i + 1] * b[i];
        }
        return new double[] {re, im};
    }
}
