package org.qnnlab.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * Wishart degrees of freedom (dense, no kernel) and sampled losses at deep random circuits against the Haar laws; the
 * sampling tests run on every kernel.
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

    @Test
    void projectorsGiveTheirRank() {
        assertEquals(new Wishart.Dof(1, 0), Wishart.degreesOfFreedom(zeroProjector(3, 3), 3));
        for (int n = 1; n <= 5; n++) {
            for (int k = 0; k <= n; k++) {
                Observable p = zeroProjector(n, k);
                assertEquals(new Wishart.Dof(1 << (n - k), 0), Wishart.degreesOfFreedom(p, n), "n=" + n + " k=" + k);
                // scaling does not change the participation ratio
                assertEquals(new Wishart.Dof(1 << (n - k), 0), Wishart.degreesOfFreedom(p.scaled(3.7), n));
                assertEquals(new Wishart.Dof(0, 1 << (n - k)), Wishart.degreesOfFreedom(p.scaled(-0.2), n));
            }
        }
        // projectors with complex entries (odd Y count: the real-embedding path) and with X/Y (real, non-diagonal)
        assertEquals(new Wishart.Dof(1, 0), Wishart.degreesOfFreedom(productProjector("YZX"), 3));
        assertEquals(new Wishart.Dof(2, 0), Wishart.degreesOfFreedom(productProjector("Y-X"), 3));
        assertEquals(new Wishart.Dof(4, 0), Wishart.degreesOfFreedom(productProjector("-YY-"), 4));
    }

    @Test
    void pauliStringsSplitEvenly() {
        for (int n = 1; n <= 6; n++) {
            int half = 1 << (n - 1);
            assertEquals(new Wishart.Dof(half, half), Wishart.degreesOfFreedom(Observable.parse("Z0"), n));
            assertEquals(new Wishart.Dof(half, half), Wishart.degreesOfFreedom(Observable.parse("Y0"), n));
            if (n >= 2) {
                assertEquals(new Wishart.Dof(half, half), Wishart.degreesOfFreedom(Observable.parse("X0*Y1"), n));
                assertEquals(new Wishart.Dof(half, half),
                        Wishart.degreesOfFreedom(GradientStatistics.cost("global-z", n), n));
            }
        }
    }

    @Test
    void spectraOfSmallObservables() {
        double eps = 1e-12;
        assertArrayEquals(new double[] {-0.5, 0.5}, Wishart.spectrum(Observable.parse("0.3*Y0 + 0.4*Z0"), 1), eps);
        // XY + YX (complex path) and XX + YY (real path): eigenvalues −2, 0, 0, 2
        assertArrayEquals(new double[] {-2, 0, 0, 2}, Wishart.spectrum(Observable.parse("X0*Y1 + Y0*X1"), 2), eps);
        assertArrayEquals(new double[] {-2, 0, 0, 2}, Wishart.spectrum(Observable.parse("X0*X1 + Y0*Y1"), 2), eps);
        // Z0 + 0.5 Z1: ±1.5, ±0.5 → each part (1.5 + 0.5)²/(1.5² + 0.5²) = 1.6 → r = 2
        assertEquals(new Wishart.Dof(2, 2), Wishart.degreesOfFreedom(Observable.parse("Z0 + 0.5*Z1"), 2));
        // a shifted projector P − ½ on one qubit: ±½ → (1, 1); the identity has no negative part; zero has none
        assertEquals(new Wishart.Dof(1, 1), Wishart.degreesOfFreedom(Observable.parse("0.5*Z0"), 1));
        assertEquals(new Wishart.Dof(8, 0), Wishart.degreesOfFreedom(Observable.constant(2), 3));
        assertEquals(new Wishart.Dof(0, 0), Wishart.degreesOfFreedom(Observable.constant(0), 3));
        // TFIM-like sum (real, non-diagonal): both parts populated, bounded by d
        Wishart.Dof tfim = Wishart.degreesOfFreedom(Observable.parse("Z0*Z1 + Z1*Z2 + 0.7*X0 + 0.7*X1 + 0.7*X2"), 3);
        assertTrue(tfim.positive() >= 1 && tfim.positive() <= 8 && tfim.negative() >= 1, tfim.toString());
        assertThrows(IllegalArgumentException.class, () -> Wishart.degreesOfFreedom(Observable.parse("Z0"), 13));
        assertThrows(IllegalArgumentException.class, () -> Wishart.degreesOfFreedom(Observable.parse("Z3"), 3));
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void rankOneProjectorLossesFollowBetaOneDMinusOne(KernelType type) {
        Simulator sim = simulator(type);
        int n = 5;
        int d = 1 << n;
        int samples = 800;
        double[] f = Wishart.sampleLosses(sim, zeroProjector(n, n), n, samples, 11, 2);
        Wishart.Comparison c = Wishart.compare(f, 1, n);
        double critical = 1.36 / Math.sqrt(samples);
        System.out.printf("rank-1 |0><0|, n=%d, L=%d, N=%d: KS vs Beta(1,%d) = %.4f (p = %.2f), vs Gamma(1,1/d) = %.4f,"
                + " mean = %.5f (1/d = %.5f), var = %.3g (Haar %.3g), excess kurtosis = %.2f (Beta %.2f)%n",
                n, Wishart.DEEP_LAYERS_PER_QUBIT * n, samples, d - 1, c.ksBeta(),
                Distributions.ksPValue(c.ksBeta(), samples), c.ksChiSquared(), c.mean(), 1.0 / d, c.variance(),
                (d - 1.0) / ((double) d * d * (d + 1)), c.excessKurtosis(), Distributions.betaExcessKurtosis(1, d - 1));
        assertEquals(1, c.degreesOfFreedom());
        assertEquals(samples, c.samples());
        // 0.06 ≈ the 1 % critical value 1.63/√N (the deep HEA is close to, not exactly, Haar)
        assertTrue(c.ksBeta() < 0.06, "KS " + c.ksBeta() + " (5 % critical " + critical + ")");
        assertTrue(c.ksChiSquared() < 0.06, "χ² KS " + c.ksChiSquared());
        double se = Math.sqrt(c.variance() / samples);
        assertEquals(1.0 / d, c.mean(), 4 * se);
        // exponential-like (Porter–Thomas): heavy tail, excess kurtosis ≈ 4.7 at d = 32 (→ 6 as d → ∞)
        assertTrue(c.excessKurtosis() > 1.5, "kurtosis " + c.excessKurtosis());
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
        assertEquals(new Wishart.Dof(r, 0), Wishart.degreesOfFreedom(zeroProjector(n, 2), n));
        Wishart.Comparison right = Wishart.compare(f, r, n);
        Wishart.Comparison wrong = Wishart.compare(f, 1, n);
        // the exact distance between the Haar law and its χ² approximation at r = d/4 (grid estimate)
        double gap = 0;
        for (int i = 1; i < 4000; i++) {
            double x = i / 4000.0;
            gap = Math.max(gap, Math.abs(Distributions.betaCdf(x, r, d - r) - Distributions.gammaCdf(x, r, 1.0 / d)));
        }
        System.out.printf("rank-%d projector, n=%d, N=%d: KS vs Beta(%d,%d) = %.4f, vs Gamma(%d,1/d) = %.4f "
                + "(sup|F_Beta − F_Gamma| = %.4f), vs the wrong Beta(1,%d) = %.4f; mean = %.4f (r/d = %.4f),"
                + " var = %.3g (Haar %.3g), excess kurtosis = %.2f (Beta %.3f)%n",
                r, n, samples, r, d - r, right.ksBeta(), r, right.ksChiSquared(), gap, d - 1, wrong.ksBeta(),
                right.mean(), (double) r / d, right.variance(), r * (d - r) / ((double) d * d * (d + 1)),
                right.excessKurtosis(), Distributions.betaExcessKurtosis(r, d - r));
        // below 0.07 (p ≈ 0.001): across seeds the deep HEA's residual non-Haar bias shows at r = d/4 (0.02–0.064)
        assertTrue(right.ksBeta() < 0.07, "KS vs the right law " + right.ksBeta());
        assertTrue(wrong.ksBeta() > 0.5, "KS vs the wrong law " + wrong.ksBeta());
        assertEquals((double) r / d, right.mean(), 4 * Math.sqrt(right.variance() / samples));
        assertTrue(Math.abs(right.excessKurtosis()) < 0.8, "kurtosis " + right.excessKurtosis());
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
        assertThrows(IllegalArgumentException.class, () -> Wishart.compare(one, 0, 3));
        assertThrows(IllegalArgumentException.class, () -> Wishart.compare(one, 8, 3));
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
