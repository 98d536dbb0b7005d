package org.qnnlab.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.PauliString;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.kernel.KernelTestSupport;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.kernel.ScalarKernel;

/**
 * The full-algebra theory of Anschuetz (arXiv:2408.11901) as {@link Wishart} implements it: degrees of freedom against
 * independent dense computations, exact laws against exact Haar samples drawn here, and sampled losses at deep random
 * circuits against the exact Haar moments; the circuit-sampling tests run on every kernel.
 */
class WishartTest {

    /**
     * Sampled losses on one kernel against the scalar kernel's, absolute: ‖O‖ ≤ 1.5 for the observables compared and
     * the kernels differ only by rounding over 150–420 gates (measured ≤ 1.4e-15); 1e-12 fails at once if a kernel
     * computes something else.
     */
    private static final double ACROSS_KERNELS = 1e-12;

    private static Simulator simulator(KernelType type) {
        return new Simulator(KernelTestSupport.requireOrSkip(type, 1)); // ≤ 5 qubits: samples run in parallel
    }

    /**
     * The projector {@code Π_q (I + P_q)/2} onto a product of Pauli eigenstates, expanded into Pauli strings:
     * {@code letters.charAt(q)} is the Pauli on qubit q ('-' for none), e.g. "ZZ-" = |00><00| ⊗ I on 3 qubits.
     */
    static Observable productProjector(String letters) {
        List<Integer> qubits = new ArrayList<>();
        for (int q = 0; q < letters.length(); q++) {
            if (letters.charAt(q) != '-') {
                qubits.add(q);
            }
        }
        int k = qubits.size();
        double w = Math.scalb(1.0, -k);
        List<Observable.Term> terms = new ArrayList<>();
        for (int subset = 1; subset < 1 << k; subset++) {
            long x = 0;
            long z = 0;
            for (int i = 0; i < k; i++) {
                if ((subset >> i & 1) != 0) {
                    int q = qubits.get(i);
                    PauliString p = PauliString.single(letters.charAt(q), q);
                    x |= p.xMask();
                    z |= p.zMask();
                }
            }
            terms.add(new Observable.Term(w, PauliString.ofMasks(x, z)));
        }
        return Observable.of(terms, w);
    }

    static Observable zeroProjector(int n, int k) {
        return productProjector("Z".repeat(k) + "-".repeat(n - k));
    }

    /** The paper's r of a spectrum, computed here independently: {@code ⌈(Σ(λ − λ_min))² / Σ(λ − λ_min)²⌉}. */
    private static int denseDegreesOfFreedom(double[] eigenvalues) {
        double min = Arrays.stream(eigenvalues).min().orElseThrow();
        double t1 = 0;
        double t2 = 0;
        for (double l : eigenvalues) {
            t1 += l - min;
            t2 += (l - min) * (l - min);
        }
        return (int) Math.ceil(t1 * t1 / t2 - 1e-9);
    }

    /** Eigenvalues of a diagonal Pauli sum, from the bits of each basis index: {@code Z_q|b> = (1 − 2 b_q)|b>}. */
    private static double[] diagonalSpectrum(int n, double[] zWeights) {
        double[] ev = new double[1 << n];
        for (int b = 0; b < ev.length; b++) {
            for (int q = 0; q < zWeights.length; q++) {
                ev[b] += zWeights[q] * (1 - 2 * (b >> q & 1));
            }
        }
        return ev;
    }

    @Test
    void projectorsHaveTheirRankAsDegreesOfFreedomWhateverTheScaleAndShift() {
        assertEquals(1, Wishart.fullAlgebra(zeroProjector(3, 3), 3).degreesOfFreedom());
        for (int n = 1; n <= 5; n++) {
            int d = 1 << n;
            for (int k = 1; k <= n; k++) {
                Observable p = zeroProjector(n, k);
                int rank = 1 << (n - k);
                Wishart.FullAlgebra t = Wishart.fullAlgebra(p, n);
                assertEquals(rank, t.degreesOfFreedom(), "n=" + n + " k=" + k);
                assertEquals(rank, t.topMultiplicity(), "two eigenvalues 0, 1");
                // r is invariant under O → aO + b for a > 0; for a < 0 the shifted observable is a(P − I): rank d − r
                Observable affine = p.scaled(3.7).plus(Observable.constant(-1.25));
                assertEquals(rank, Wishart.fullAlgebra(affine, n).degreesOfFreedom());
                assertEquals(d - rank, Wishart.fullAlgebra(p.scaled(-0.2), n).degreesOfFreedom());
            }
        }
        // projectors with complex entries (odd Y count: the real-embedding path) and with X/Y (real, non-diagonal)
        assertEquals(1, Wishart.fullAlgebra(productProjector("YZX"), 3).degreesOfFreedom());
        assertEquals(2, Wishart.fullAlgebra(productProjector("Y-X"), 3).degreesOfFreedom());
        assertEquals(4, Wishart.fullAlgebra(productProjector("-YY-"), 4).degreesOfFreedom());
    }

    @Test
    void pauliStringsHaveHalfTheDimension() {
        for (int n = 1; n <= 6; n++) {
            int half = 1 << (n - 1);
            for (String p : n >= 2 ? List.of("Z0", "Y0", "X0*Y1", "-1*X0*Z1") : List.of("Z0", "Y0", "X0")) {
                Wishart.FullAlgebra t = Wishart.fullAlgebra(Observable.parse(p), n);
                assertEquals(half, t.degreesOfFreedom(), p + " at n=" + n);
                assertEquals(half, t.topMultiplicity(), p + " at n=" + n);
                assertEquals(-1, t.minEigenvalue(), 1e-12);
            }
            if (n >= 2) {
                assertEquals(half, Wishart.fullAlgebra(GradientStatistics.cost("global-z", n), n).degreesOfFreedom());
            }
        }
    }

    @Test
    void sumOfTwoZsOnFourQubitsHasElevenDegreesOfFreedomNotFour() {
        // shifted by +2: eigenvalues 0 (×4), 2 (×8), 4 (×4); Tr = 32, Tr² = 96, r = ⌈32²/96⌉ = ⌈10.67⌉ = 11
        double[] ev = diagonalSpectrum(4, new double[] {1, 1});
        assertEquals(11, denseDegreesOfFreedom(ev));
        Wishart.FullAlgebra t = Wishart.fullAlgebra(Observable.parse("Z0 + Z1"), 4);
        assertEquals(11, t.degreesOfFreedom());
        assertEquals(-2, t.minEigenvalue(), 1e-12);
        assertEquals(0, t.topMultiplicity(), "three distinct eigenvalues: no exact Beta law");
        assertTrue(t.exactLaw().isEmpty());
        // exact Haar moments from the same dense spectrum: mean Tr O/d = 0, Var = (Tr O²/d − 0)/(d + 1) = 2/17
        double mean = Arrays.stream(ev).sum() / 16;
        double second = Arrays.stream(ev).map(l -> l * l).sum() / 16;
        assertEquals(mean, t.haarMean(), 1e-12);
        assertEquals((second - mean * mean) / 17, t.haarVariance(), 1e-12);
        assertEquals(2.0 / 17, t.haarVariance(), 1e-12);
        assertEquals(2, t.haarOffsetMean(), 1e-12);
        // the paper's law: λ_min + Gamma(11, scale Tr Õ/(d r) = 2/11), mean set to the Haar mean
        Distributions.Law law = t.paperLaw();
        assertEquals(new Distributions.ScaledGamma(11, 2.0 / 11, -2), law);
        assertEquals(t.haarMean(), law.mean(), 1e-12);
        assertEquals(11 * (2.0 / 11) * (2.0 / 11), law.variance(), 1e-12);
    }

    @Test
    void degreesOfFreedomOfOtherSpectraMatchADenseComputation() {
        // XY + YX has eigenvalues −2, 0, 0, 2 (complex path); plus 0.5 Z2: each shifted by ±0.5
        double[] ev = {-2.5, -1.5, -0.5, -0.5, 0.5, 0.5, 1.5, 2.5};
        Observable o = Observable.parse("X0*Y1 + Y0*X1 + 0.5*Z2");
        assertArrayEquals(ev, Wishart.spectrum(o, 3), 1e-12);
        assertEquals(6, denseDegreesOfFreedom(ev)); // ⌈20²/68⌉
        assertEquals(6, Wishart.fullAlgebra(o, 3).degreesOfFreedom());
        // weighted Z sums on 5 qubits
        double[] w = {1, 0.5, 0.25, -0.7, 0.1};
        Observable zs = Observable.parse("Z0 + 0.5*Z1 + 0.25*Z2 - 0.7*Z3 + 0.1*Z4");
        assertEquals(denseDegreesOfFreedom(diagonalSpectrum(5, w)), Wishart.fullAlgebra(zs, 5).degreesOfFreedom());
        assertArrayEquals(new double[] {-0.5, 0.5}, Wishart.spectrum(Observable.parse("0.3*Y0 + 0.4*Z0"), 1), 1e-12);
        assertArrayEquals(new double[] {-2, 0, 0, 2}, Wishart.spectrum(Observable.parse("X0*X1 + Y0*Y1"), 2), 1e-12);
        // a constant has no law
        Wishart.FullAlgebra constant = Wishart.fullAlgebra(Observable.constant(2), 3);
        assertTrue(constant.isConstant());
        assertEquals(0, constant.degreesOfFreedom());
        assertEquals(2, constant.haarMean(), 1e-12);
        assertEquals(0, constant.haarVariance(), 0);
        assertThrows(IllegalArgumentException.class, constant::paperLaw);
        assertThrows(IllegalArgumentException.class, () -> Wishart.compare(new double[] {2, 2}, constant));
        assertThrows(IllegalArgumentException.class, () -> Wishart.fullAlgebra(Observable.parse("Z0"), 13));
        assertThrows(IllegalArgumentException.class, () -> Wishart.fullAlgebra(Observable.parse("Z3"), 3));
    }

    @Test
    void exactLawsOfTwoEigenvalueObservablesHaveTheExactHaarMoments() {
        for (int n = 2; n <= 6; n++) {
            int d = 1 << n;
            for (Observable o : List.of(zeroProjector(n, n), zeroProjector(n, 1), Observable.parse("Z0*Z1"),
                    Observable.parse("0.5*X1").plus(Observable.constant(3)))) {
                Wishart.FullAlgebra t = Wishart.fullAlgebra(o, n);
                Distributions.Law law = t.exactLaw().orElseThrow();
                assertEquals(t.haarMean(), law.mean(), 1e-12, o + " at n=" + n);
                assertEquals(t.haarVariance(), law.variance(), 1e-12 * t.haarVariance(), o + " at n=" + n);
                assertEquals(law, t.predictedLaw());
            }
            Distributions.Law pauli = Wishart.fullAlgebra(Observable.parse("Z0"), n).exactLaw().orElseThrow();
            assertEquals(new Distributions.ScaledBeta(d / 2, d / 2, -1, 2), pauli);
            assertEquals(1.0 / (d + 1), pauli.variance(), 1e-15, "Var <Z> = 1/(d + 1)");
            assertEquals(0.5, pauli.cdf(0), 1e-12, "symmetric about 0");
            assertEquals(new Distributions.ScaledBeta(1, d - 1, 0, 1),
                    Wishart.fullAlgebra(zeroProjector(n, n), n).exactLaw().orElseThrow());
        }
    }

    /**
     * {@code <ψ|O|ψ> = Σ_b λ_b |ψ_b|²} for Haar-random ψ (normalized vectors of independent complex Gaussians, an
     * exact Haar sample, independent of the circuits) and a diagonal O with eigenvalues {@code ev}.
     */
    private static double[] haarLosses(double[] ev, int samples, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] out = new double[samples];
        for (int s = 0; s < samples; s++) {
            double norm = 0;
            double value = 0;
            for (double l : ev) {
                double re = rng.nextGaussian();
                double im = rng.nextGaussian();
                double p = re * re + im * im;
                norm += p;
                value += l * p;
            }
            out[s] = value / norm;
        }
        return out;
    }

    @Test
    void ksAcceptsTheExactLawOnHaarSamplesAndRejectsAWrongOne() {
        int n = 4;
        int samples = 4000;
        double[] projectorEv = diagonalSpectrum(n, new double[0]);
        Arrays.fill(projectorEv, 0);
        projectorEv[0] = 1; // |0000><0000|
        double[] quarterEv = new double[16];
        for (int b = 0; b < 16; b++) {
            quarterEv[b] = (b & 3) == 0 ? 1 : 0; // |00><00| ⊗ I, rank 4
        }
        double[] pauliEv = diagonalSpectrum(n, new double[] {1});
        Wishart.FullAlgebra rankOne = Wishart.fullAlgebra(zeroProjector(n, n), n);
        Wishart.FullAlgebra quarter = Wishart.fullAlgebra(zeroProjector(n, 2), n);
        Wishart.FullAlgebra pauli = Wishart.fullAlgebra(Observable.parse("Z0"), n);
        double[] p1 = haarLosses(projectorEv, samples, 1);
        double[] p4 = haarLosses(quarterEv, samples, 2);
        double[] z = haarLosses(pauliEv, samples, 3);
        Wishart.Comparison c1 = Wishart.compare(p1, rankOne);
        Wishart.Comparison c4 = Wishart.compare(p4, quarter);
        Wishart.Comparison cz = Wishart.compare(z, pauli);
        double wrong = Distributions.ksStatistic(p1, pauli.predictedLaw()::cdf);
        double wrongRank = Distributions.ksStatistic(p4, rankOne.predictedLaw()::cdf);
        System.out.printf("exact Haar samples, n=%d, N=%d: KS rank-1 vs %s %.4f (p %.3f), rank-4 vs %s %.4f (p %.3f), "
                + "Z0 vs %s %.4f (p %.3f); wrong laws: rank-1 sample vs Z0's law %.3f, rank-4 sample vs Beta(1, 15) "
                + "%.3f; paper's law for rank 1 %s: KS %.4f (p %.3g)%n", n, samples, c1.law(), c1.ksStatistic(),
                c1.ksPValue(), c4.law(), c4.ksStatistic(), c4.ksPValue(), cz.law(), cz.ksStatistic(), cz.ksPValue(),
                wrong, wrongRank, c1.paperLaw(), c1.paperKsStatistic(), c1.paperKsPValue());
        assertTrue(c1.lawIsExact() && c4.lawIsExact() && cz.lawIsExact());
        // a true law fails a 0.001-level test with probability 0.001; the seeds are fixed
        assertTrue(c1.ksPValue() > 0.001, "rank-1 vs Beta(1, 15): " + c1);
        assertTrue(c4.ksPValue() > 0.001, "rank-4 vs Beta(4, 12): " + c4);
        assertTrue(cz.ksPValue() > 0.001, "Z0 vs −1 + 2·Beta(8, 8): " + cz);
        assertTrue(Distributions.ksPValue(wrong, samples) < 1e-6, "rank-1 sample vs the Pauli law: " + wrong);
        assertTrue(Distributions.ksPValue(wrongRank, samples) < 1e-6, "rank-4 sample vs Beta(1, 15): " + wrongRank);
        // sample moments with standard errors reproduce the exact Haar moments (4 standard errors)
        for (Wishart.Comparison c : List.of(c1, c4, cz)) {
            assertEquals(c.theory().haarMean(), c.sampled().mean(), 4 * c.sampled().meanError(), c.toString());
            assertEquals(c.theory().haarVariance(), c.sampled().variance(), 4 * c.sampled().varianceError(),
                    c.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void deepHeaReproducesTheExactHaarMoments(KernelType type) {
        Simulator sim = simulator(type);
        int samples = 2000;
        for (Object[] c : new Object[][] {{Observable.parse("Z0 + Z1"), 4, 41L},
            {Observable.parse("0.5*Z0*Z1 + X2 + 0.3*Y0"), 3, 43L}}) {
            Observable o = (Observable) c[0];
            int n = (int) c[1];
            double[] f = Wishart.sampleLosses(sim, o, n, samples, (long) c[2], 2);
            Wishart.Comparison cmp = Wishart.compare(f, Wishart.fullAlgebra(o, n));
            Wishart.SampleMoments m = cmp.sampled();
            System.out.printf("%s, deep HEA n=%d L=%d N=%d (%s): r = %d, mean %.5f ± %.5f (Haar %.5f), offset mean "
                    + "%.5f (Haar %.5f), var %.5f ± %.5f (Haar %.5f), law %s: KS %.4f (p %.3g)%n", o, n,
                    Wishart.DEEP_LAYERS_PER_QUBIT * n, samples, type, cmp.theory().degreesOfFreedom(), m.mean(),
                    m.meanError(), cmp.theory().haarMean(), cmp.sampledOffsetMean(), cmp.theory().haarOffsetMean(),
                    m.variance(), m.varianceError(), cmp.theory().haarVariance(), cmp.law(), cmp.ksStatistic(),
                    cmp.ksPValue());
            assertEquals(cmp.theory().haarMean(), m.mean(), 4 * m.meanError(), o.toString());
            assertEquals(cmp.theory().haarOffsetMean(), cmp.sampledOffsetMean(), 4 * m.meanError(), o.toString());
            assertEquals(cmp.theory().haarVariance(), m.variance(), 4 * m.varianceError(), o.toString());
            assertEquals(samples, m.samples());
        }
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void rankOneProjectorLossesFollowBetaOneDMinusOne(KernelType type) {
        Simulator sim = simulator(type);
        int n = 5;
        int d = 1 << n;
        int samples = 800;
        double[] f = Wishart.sampleLosses(sim, zeroProjector(n, n), n, samples, 11, 2);
        Wishart.Comparison c = Wishart.compare(f, Wishart.fullAlgebra(zeroProjector(n, n), n));
        double critical = 1.36 / Math.sqrt(samples);
        System.out.printf("rank-1 |0><0|, n=%d, L=%d, N=%d: KS vs %s = %.4f (p = %.2f), vs the paper's %s = %.4f,"
                + " mean = %.5f (1/d = %.5f), var = %.3g (Haar %.3g), excess kurtosis = %.2f (Beta %.2f)%n",
                n, Wishart.DEEP_LAYERS_PER_QUBIT * n, samples, c.law(), c.ksStatistic(), c.ksPValue(), c.paperLaw(),
                c.paperKsStatistic(), c.sampled().mean(), 1.0 / d, c.sampled().variance(), c.theory().haarVariance(),
                c.sampled().excessKurtosis(), c.law().excessKurtosis());
        assertEquals(1, c.theory().degreesOfFreedom());
        assertEquals(new Distributions.ScaledBeta(1, d - 1, 0, 1), c.law());
        assertEquals(new Distributions.ScaledGamma(1, 1.0 / d, 0), c.paperLaw());
        // 0.06 ≈ the 1 % critical value 1.63/√N (the deep HEA is close to, not exactly, Haar)
        assertTrue(c.ksStatistic() < 0.06, "KS " + c.ksStatistic() + " (5 % critical " + critical + ")");
        assertTrue(c.paperKsStatistic() < 0.06, "χ² KS " + c.paperKsStatistic());
        assertEquals(1.0 / d, c.sampled().mean(), 4 * c.sampled().meanError());
        // exponential-like (Porter–Thomas): heavy tail, excess kurtosis ≈ 4.7 at d = 32 (→ 6 as d → ∞)
        assertTrue(c.sampled().excessKurtosis() > 1.5, "kurtosis " + c.sampled().excessKurtosis());
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void quarterRankProjectorFollowsItsOwnLawAndNotTheRankOneLaw(KernelType type) {
        Simulator sim = simulator(type);
        int n = 5;
        int d = 1 << n;
        int r = d / 4;
        int samples = 800;
        double[] f = Wishart.sampleLosses(sim, zeroProjector(n, 2), n, samples, 23, 2);
        Wishart.Comparison right = Wishart.compare(f, Wishart.fullAlgebra(zeroProjector(n, 2), n));
        double wrong = Distributions.ksStatistic(f, new Distributions.ScaledBeta(1, d - 1, 0, 1)::cdf);
        // the exact distance between the Haar law and the paper's χ² law at r = d/4 (grid estimate)
        double gap = 0;
        for (int i = 1; i < 4000; i++) {
            double x = i / 4000.0;
            gap = Math.max(gap, Math.abs(right.law().cdf(x) - right.paperLaw().cdf(x)));
        }
        System.out.printf("rank-%d projector, n=%d, N=%d: KS vs %s = %.4f, vs the paper's %s = %.4f "
                + "(sup|F_Beta − F_Gamma| = %.4f), vs the wrong Beta(1,%d) = %.4f; mean = %.4f (r/d = %.4f),"
                + " var = %.3g (Haar %.3g), excess kurtosis = %.2f (Beta %.3f)%n",
                r, n, samples, right.law(), right.ksStatistic(), right.paperLaw(), right.paperKsStatistic(), gap,
                d - 1, wrong, right.sampled().mean(), (double) r / d, right.sampled().variance(),
                right.theory().haarVariance(), right.sampled().excessKurtosis(), right.law().excessKurtosis());
        assertEquals(r, right.theory().degreesOfFreedom());
        // below 0.07 (p ≈ 0.001): across seeds the deep HEA's residual non-Haar bias shows at r = d/4 (0.02–0.064)
        assertTrue(right.ksStatistic() < 0.07, "KS vs the right law " + right.ksStatistic());
        assertTrue(wrong > 0.5, "KS vs the wrong law " + wrong);
        assertEquals((double) r / d, right.sampled().mean(), 4 * right.sampled().meanError());
        assertTrue(Math.abs(right.sampled().excessKurtosis()) < 0.8, "kurtosis " + right.sampled().excessKurtosis());
        assertTrue(gap > 0.02, "χ² is only an approximation at r = d/4: " + gap);
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void pauliLossIsNearlyGaussianUnlikeTheRankOneProjector(KernelType type) {
        Simulator sim = simulator(type);
        int n = 5;
        int samples = 3000; // sample kurtosis of a heavy-tailed law is noisy: 3.8–7.6 over seeds at N = 3000
        double[] z = Wishart.sampleLosses(sim, Observable.parse("Z0"), n, samples, 37, 2);
        double[] p = Wishart.sampleLosses(sim, zeroProjector(n, n), n, samples, 37, 2);
        double kz = Distributions.excessKurtosis(z);
        double kp = Distributions.excessKurtosis(p);
        // <Z0> = 2·<P_{d/2}> − 1 with P_{d/2} ~ Beta(d/2, d/2): excess kurtosis −6/(d + 3)
        System.out.printf("excess kurtosis at n=%d, N=%d: Z0 %.3f (Haar %.3f, mean %.4f, var %.4f vs 1/(d+1) = %.4f);"
                + " |0..0><0..0| %.2f (Haar %.2f)%n", n, samples, kz, -6.0 / ((1 << n) + 3), Distributions.mean(z),
                Distributions.variance(z), 1.0 / ((1 << n) + 1), kp, Distributions.betaExcessKurtosis(1, (1 << n) - 1));
        assertTrue(Math.abs(kz) < 0.5, "Pauli kurtosis " + kz);
        assertTrue(kp > 2.5, "projector kurtosis " + kp);
        assertEquals(0, Distributions.mean(z), 4 * Math.sqrt(Distributions.variance(z) / samples));
        assertEquals(1.0 / ((1 << n) + 1), Distributions.variance(z), 0.15 / ((1 << n) + 1));
        int[] h = Distributions.histogram(p, 10, 0, 0.3);
        System.out.println("histogram of <0..0|ψ><ψ|0..0> on [0, 0.3] in 10 bins: " + Arrays.toString(h));
        assertTrue(h[0] > h[1] && h[1] > h[2] && h[2] > h[4], "exponential-like histogram " + Arrays.toString(h));
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void samplingIsDeterministicAndThreadIndependent(KernelType type) {
        Simulator sim = simulator(type);
        Observable o = Observable.parse("Z0*Z1 + 0.5*X2");
        double[] one = Wishart.sampleLosses(sim, o, 3, 4, 50, 5, 1);
        double[] two = Wishart.sampleLosses(sim, o, 3, 4, 50, 5, 2);
        assertArrayEquals(one, two, 0);
        assertArrayEquals(one, Wishart.sampleLosses(sim, o, 3, 4, 50, 5, 3), 0);
        assertTrue(one[0] != Wishart.sampleLosses(sim, o, 3, 4, 1, 6, 1)[0]);
        assertEquals(one[1], Wishart.sampleLosses(sim, o, 3, 4, 1, 6, 1)[0], 0); // sample s uses seed + s
        assertThrows(IllegalArgumentException.class, () -> Wishart.sampleLosses(sim, o, 2, 4, 5, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Wishart.sampleLosses(sim, o, 3, 0, 5, 1, 1));
        Wishart.FullAlgebra theory = Wishart.fullAlgebra(o, 3);
        assertThrows(IllegalArgumentException.class, () -> Wishart.compare(new double[1], theory));
        assertThrows(IllegalArgumentException.class, () -> Wishart.compare(new double[] {0, Double.NaN}, theory));
    }

    @ParameterizedTest
    @EnumSource(value = KernelType.class, names = "SCALAR", mode = EnumSource.Mode.EXCLUDE)
    void sampledLossesAgreeWithTheScalarKernel(KernelType type) {
        Simulator sim = simulator(type);
        Simulator scalar = new Simulator(new ScalarKernel());
        Observable pauliSum = Observable.parse("Z0*Z1 + 0.5*X2");
        assertArrayEquals(Wishart.sampleLosses(scalar, pauliSum, 3, 30, 4, 2),
                Wishart.sampleLosses(sim, pauliSum, 3, 30, 4, 2), ACROSS_KERNELS, pauliSum + ", " + type);
        Observable projector = zeroProjector(5, 5);
        assertArrayEquals(Wishart.sampleLosses(scalar, projector, 5, 30, 4, 2),
                Wishart.sampleLosses(sim, projector, 5, 30, 4, 2), ACROSS_KERNELS, "|0><0| on 5 qubits, " + type);
    }
}
