package org.qnnlab.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Boundary;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.kernel.KernelTestSupport;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.kernel.ScalarKernel;

/**
 * Generic QFIM rank and M_c of the TFIM HVA against an independent dense computation: the state and its parameter
 * derivatives built from 2^n-dimensional vectors (|+>^n, exp(−iγ Σ Z_iZ_{i+1}) as a diagonal, exp(−iβ Σ X_i) as a
 * product of single-qubit rotations, derivatives by inserting the generator), the QFIM from them, EJML eigenvalues and
 * a fixed rank rule (λ > 1e-12·λ_max), maximised over eight points drawn independently of the library's.
 */
class OverparametrizationTest {

    private static final Simulator SCALAR = new Simulator(new ScalarKernel());

    @Test
    void genericRankAndCriticalCountMatchTheDenseReferenceForSeveralSeeds() {
        int[][] cases = {{3, 0, 5}, {4, 0, 7}, {5, 0, 10}, {3, 1, 4}, {4, 1, 5}, {5, 1, 5}}; // n, periodic, max layers
        for (int[] cs : cases) {
            int n = cs[0];
            Boundary b = cs[1] == 0 ? Boundary.OPEN : Boundary.PERIODIC;
            int[] layers = range(1, cs[2]);
            int[] expected = new int[layers.length];
            for (int i = 0; i < layers.length; i++) {
                expected[i] = denseGenericRank(n, layers[i], b);
            }
            int r = Arrays.stream(expected).max().orElseThrow();
            int mc = 0;
            for (int i = 0; i < layers.length; i++) {
                if (expected[i] == r) {
                    mc = 2 * layers[i];
                    break;
                }
            }
            assertEquals(expected[layers.length - 1], expected[layers.length - 2],
                    "the reference sweep must reach the plateau, n = " + n + " " + b);
            for (long seed : new long[] {1, 2, 3, 17}) {
                Overparametrization.Sweep s = Overparametrization.sweep(SCALAR, l -> Ansatz.hvaTfim(n, l, b), layers,
                        Overparametrization.Options.defaults().withSeed(seed), null);
                int[] got = s.depths().stream().mapToInt(Overparametrization.Depth::rank).toArray();
                String what = "n = " + n + ", " + b + ", seed " + seed;
                assertArrayEquals(expected, got, what);
                assertEquals(r, s.saturatedRank(), what);
                assertEquals(mc, s.criticalParameters(), what);
                assertTrue(s.saturated(), what);
                assertTrue(s.withinDlaBound(), what);
                assertEquals(b == Boundary.OPEN ? n * n : 3 * n - 1, s.dlaDimension(),
                        "TFIM HVA DLA: n² open, 3n − 1 periodic (n ≥ 3)");
                for (Overparametrization.Depth d : s.depths()) {
                    assertTrue(d.cut().clear(), what + ", layers " + d.layers() + ": " + d.cut());
                }
            }
        }
    }

    @Test
    void anUnluckyPointIsOutvotedWhereTheFixedToleranceCountsItShort() {
        // n = 4 open, 4 layers (M = 8 = M_c): one of the points of seeds 1..4 has a genuine eigenvalue near 1e-10 of
        // λ_max, so the old single-point rule (relative tolerance 1e-8) counts it one short.
        Circuit c = Ansatz.hvaTfim(4, 4, Boundary.OPEN);
        int lowest = Integer.MAX_VALUE;
        for (long seed = 1; seed <= 4; seed++) {
            lowest = Math.min(lowest, Qfim.rank(Qfim.compute(SCALAR, c, c.randomParameters(seed), null), 1e-8).rank());
        }
        assertEquals(7, lowest, "the fixture must contain an unlucky point");
        Overparametrization.Depth d = Overparametrization.genericRank(SCALAR, c, 4, 1);
        assertEquals(8, d.rank());
        assertEquals(8, d.minPointRank(), "the gap-chosen cut keeps the small genuine eigenvalue at every point");
        assertTrue(d.cut().smallestKept() < 1e-8, "the kept eigenvalue lies below the old fixed tolerance");
        assertEquals(denseGenericRank(4, 4, Boundary.OPEN), d.rank());
        // a single point: seed 1's sweep with the fixed tolerance gave M_c = 10, the generic value is 8
        Overparametrization.Sweep s = Overparametrization.sweep(SCALAR, l -> Ansatz.hvaTfim(4, l, Boundary.OPEN),
                range(1, 8), Overparametrization.Options.defaults().withPoints(1), null);
        assertEquals(8, s.criticalParameters());
    }

    /** Kept on request: each depth's QFIM is the one at its generic point, as {@link Qfim#compute} gives it there. */
    @Test
    void aSweepKeepsTheQfimOfEachDepthsGenericPointWhenAsked() {
        Overparametrization.Options keep = Overparametrization.Options.defaults().withSeed(5).withQfims(true);
        Overparametrization.Sweep s = Overparametrization.sweep(SCALAR, l -> Ansatz.hvaTfim(4, l, Boundary.OPEN),
                range(2, 4), keep, null);
        for (Overparametrization.Depth d : s.depths()) {
            Circuit c = Ansatz.hvaTfim(4, d.layers(), Boundary.OPEN);
            double[][] expected = Qfim.compute(SCALAR, c, c.randomParameters(5 + d.genericPoint()), null);
            assertArrayEquals(expected, d.qfim(), "layers " + d.layers());
            assertEquals(d.parameters(), d.qfim().length);
        }
        Overparametrization.Sweep plain = Overparametrization.sweep(SCALAR, l -> Ansatz.hvaTfim(4, l, Boundary.OPEN),
                range(2, 2), Overparametrization.Options.defaults(), null);
        assertNull(plain.depths().get(0).qfim(), "not kept by default");

        Overparametrization.Cut cut = new Overparametrization.Cut(1e-10, 1e-3, 1e-16, true, null);
        assertEquals(1, new Overparametrization.Depth(0, 3, new int[] {2, 3, 3}, 3, cut, 1, null).genericPoint(),
                "the first point of the generic rank");
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void theSameSeedGivesTheSameAnswerOnEveryKernelAndThreadCount(KernelType type) {
        for (int threads : new int[] {1, 2}) {
            Simulator sim = new Simulator(KernelTestSupport.requireOrSkip(type, threads));
            for (Boundary b : List.of(Boundary.OPEN, Boundary.PERIODIC)) {
                Overparametrization.Sweep s = Overparametrization.sweep(sim, l -> Ansatz.hvaTfim(5, l, b),
                        range(1, 10), Overparametrization.Options.defaults(), null);
                Overparametrization.Sweep ref = Overparametrization.sweep(SCALAR, l -> Ansatz.hvaTfim(5, l, b),
                        range(1, 10), Overparametrization.Options.defaults(), null);
                assertEquals(ref.criticalParameters(), s.criticalParameters(), type + " " + b);
                assertEquals(ref.saturatedRank(), s.saturatedRank());
                for (int i = 0; i < s.depths().size(); i++) {
                    assertArrayEquals(ref.depths().get(i).pointRanks(), s.depths().get(i).pointRanks());
                }
            }
        }
    }

    @Test
    void theCutSitsInTheFirstWideGapAboveRounding() {
        // zeros at rounding level, a genuine eigenvalue at 1e-11: the cut separates them
        double[][] spectra = {{-3e-17, 2e-16, 1e-11, 1e-3, 1}, {1e-16, 4e-16, 1e-6, 0.5, 1}};
        Overparametrization.Cut cut = Overparametrization.chooseCut(spectra, 5);
        assertTrue(cut.tolerance() > 4e-16 && cut.tolerance() < 1e-11, cut.toString());
        assertEquals(1e-11, cut.smallestKept());
        assertEquals(4e-16, cut.largestDropped());
        assertTrue(cut.clear());
        assertNull(cut.warning());
        assertEquals(1e-11 / 4e-16, cut.gap(), 1e-3);
        // full rank everywhere: nothing is dropped, whatever the spread of the genuine eigenvalues
        Overparametrization.Cut full = Overparametrization.chooseCut(new double[][] {{1e-9, 1e-4, 1}}, 3);
        assertEquals(0, full.largestDropped());
        assertEquals(1e-9, full.smallestKept());
        assertEquals(Double.POSITIVE_INFINITY, full.gap());
        // a smooth spectrum down to rounding has no clear gap: warned
        double[][] smooth = {{1e-15, 1e-14, 1e-13, 1e-12, 1e-11, 1e-10, 1e-9, 1e-8, 1e-7, 1}};
        Overparametrization.Cut vague = Overparametrization.chooseCut(smooth, 10);
        assertFalse(vague.clear());
        assertNotNull(vague.warning());
        assertTrue(vague.warning().startsWith("no clear spectral gap"), vague.warning());
        // a lone small eigenvalue far above rounding is a genuine direction: kept
        Overparametrization.Cut lone = Overparametrization.chooseCut(new double[][] {{1e-20, 1e-9, 1}}, 3);
        assertEquals(1e-9, lone.smallestKept());
        assertEquals(1e-20, lone.largestDropped());
        // the first wide gap above the floor decides, not a wider hole higher up between genuine eigenvalues
        Overparametrization.Cut first = Overparametrization.chooseCut(new double[][] {{1e-16, 5e-11, 1e-2, 1}}, 4);
        assertEquals(5e-11, first.smallestKept());
        // a staircase of dropped values up to 1e-10 before the first wide gap: flagged as far above rounding
        Overparametrization.Cut high = Overparametrization.chooseCut(
                new double[][] {{1e-14, 1e-13, 1e-12, 1e-11, 1e-10, 1}}, 10);
        assertEquals(1e-10, high.largestDropped());
        assertTrue(high.clear());
        assertTrue(high.warning().contains("far above rounding"), high.warning());
    }

    @Test
    void badInputIsRefusedBeforeAnyWork() {
        assertThrows(IllegalArgumentException.class, () -> new Overparametrization.Options(0, 1, true, 10));
        assertThrows(IllegalArgumentException.class, () -> Overparametrization.sweep(SCALAR,
                l -> Ansatz.hvaTfim(3, l, Boundary.OPEN), new int[0], Overparametrization.Options.defaults(), null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Overparametrization.sweep(
                SCALAR, l -> Ansatz.hvaTfim(3, l, Boundary.OPEN), new int[] {3, 2},
                Overparametrization.Options.defaults(), null));
        assertTrue(e.getMessage().contains("ascend"), e.getMessage());
    }

    // ---- independent dense reference -------------------------------------------------------------------------------

    private static int[] range(int a, int b) {
        int[] r = new int[b - a + 1];
        Arrays.setAll(r, i -> a + i);
        return r;
    }

    /**
     * max over 8 points (seeds 1001..1008 of java.util.SplittableRandom) of the number of eigenvalues of the dense QFIM
     * above 1e-12·λ_max: a fixed, conservative rule (numpy's default M·ε·λ_max counts rounding zeros near 2e-15
     * here), independent of the library's gap rule and of its points.
     */
    private static int denseGenericRank(int n, int layers, Boundary b) {
        int best = 0;
        for (long seed = 1001; seed <= 1008; seed++) {
            java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
            double[] theta = new double[2 * layers];
            for (int i = 0; i < theta.length; i++) {
                theta[i] = rnd.nextDouble(0, 2 * Math.PI);
            }
            double[][] f = denseQfim(n, b, theta);
            double[] ev = eigenvalues(f);
            double max = Arrays.stream(ev).max().orElse(0);
            int rank = 0;
            for (double l : ev) {
                rank += l > 1e-12 * max ? 1 : 0;
            }
            best = Math.max(best, rank);
        }
        return best;
    }

    /** F_ij = 4 Re(<∂iψ|∂jψ> − <∂iψ|ψ><ψ|∂jψ>) with θ = (γ_0, β_0, γ_1, …): U_l = exp(−iβ_l ΣX)·exp(−iγ_l ΣZZ). */
    private static double[][] denseQfim(int n, Boundary b, double[] theta) {
        int m = theta.length;
        double[][] psi = state(n, b, theta, -1);
        double[][][] d = new double[m][][];
        for (int p = 0; p < m; p++) {
            d[p] = state(n, b, theta, p);
        }
        double[][] f = new double[m][m];
        for (int i = 0; i < m; i++) {
            double[] gi = inner(d[i], psi);
            for (int j = 0; j < m; j++) {
                double[] gj = inner(psi, d[j]);
                double re = inner(d[i], d[j])[0] - (gi[0] * gj[0] - gi[1] * gj[1]);
                f[i][j] = 4 * re;
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < i; j++) {
                double s = 0.5 * (f[i][j] + f[j][i]);
                f[i][j] = s;
                f[j][i] = s;
            }
        }
        return f;
    }

    /** ψ(θ), or its derivative in θ_p (the generator −i·G inserted right after gate p) when p ≥ 0. */
    private static double[][] state(int n, Boundary b, double[] theta, int p) {
        int dim = 1 << n;
        double[] re = new double[dim];
        double[] im = new double[dim];
        Arrays.fill(re, 1 / Math.sqrt(dim));
        double[] zz = new double[dim];
        for (int x = 0; x < dim; x++) {
            for (int[] bond : b.bonds(n)) {
                zz[x] += (1 - 2 * ((x >> bond[0]) & 1)) * (1 - 2 * ((x >> bond[1]) & 1));
            }
        }
        for (int k = 0; k < theta.length; k++) {
            boolean isZz = k % 2 == 0;
            if (isZz) {
                for (int x = 0; x < dim; x++) { // exp(−iγ·zz_x)
                    double c = Math.cos(theta[k] * zz[x]);
                    double s = -Math.sin(theta[k] * zz[x]);
                    double r = re[x] * c - im[x] * s;
                    im[x] = re[x] * s + im[x] * c;
                    re[x] = r;
                }
            } else {
                for (int q = 0; q < n; q++) { // exp(−iβX_q) = cos β − i sin β X_q
                    double c = Math.cos(theta[k]);
                    double s = Math.sin(theta[k]);
                    for (int x = 0; x < dim; x++) {
                        int y = x ^ (1 << q);
                        if (x < y) {
                            double xr = re[x];
                            double xi = im[x];
                            double yr = re[y];
                            double yi = im[y];
                            re[x] = c * xr + s * yi;
                            im[x] = c * xi - s * yr;
                            re[y] = c * yr + s * xi;
                            im[y] = c * yi - s * xr;
                        }
                    }
                }
            }
            if (k == p) { // multiply by −i·G, G = ΣZZ or ΣX
                double[] gr = new double[dim];
                double[] gi = new double[dim];
                for (int x = 0; x < dim; x++) {
                    if (isZz) {
                        gr[x] = zz[x] * re[x];
                        gi[x] = zz[x] * im[x];
                    } else {
                        for (int q = 0; q < n; q++) {
                            gr[x] += re[x ^ (1 << q)];
                            gi[x] += im[x ^ (1 << q)];
                        }
                    }
                }
                for (int x = 0; x < dim; x++) { // −i(gr + i gi) = gi − i gr
                    re[x] = gi[x];
                    im[x] = -gr[x];
                }
            }
        }
        return new double[][] {re, im};
    }

    /** <a|b> as (re, im). */
    private static double[] inner(double[][] a, double[][] b) {
        double re = 0;
        double im = 0;
        for (int x = 0; x < a[0].length; x++) {
            re += a[0][x] * b[0][x] + a[1][x] * b[1][x];
            im += a[0][x] * b[1][x] - a[1][x] * b[0][x];
        }
        return new double[] {re, im};
    }

    private static double[] eigenvalues(double[][] f) {
        int m = f.length;
        DMatrixRMaj a = new DMatrixRMaj(f);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(m, false, true);
        assertTrue(eig.decompose(a));
        double[] ev = new double[m];
        for (int i = 0; i < m; i++) {
            ev[i] = eig.getEigenvalue(i).getReal();
        }
        return ev;
    }
}
