package org.qnnlab.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DistributionsTest {

    @Test
    void logGammaMatchesFactorialsAndHalfIntegers() {
        double fact = 1;
        for (int k = 1; k <= 25; k++) {
            assertEquals(Math.log(fact), Distributions.logGamma(k), 1e-13 * Math.max(1, Math.log(fact)), "k=" + k);
            fact *= k;
        }
        assertEquals(0.5 * Math.log(Math.PI), Distributions.logGamma(0.5), 1e-14);
        assertEquals(Math.log(Math.sqrt(Math.PI) / 2), Distributions.logGamma(1.5), 1e-14);
        assertEquals(Math.log(Math.sqrt(Math.PI) * 3 / 4), Distributions.logGamma(2.5), 1e-14);
        assertEquals(Math.log(9.513507698668732), Distributions.logGamma(0.1), 1e-13); // Γ(0.1)
        assertThrows(IllegalArgumentException.class, () -> Distributions.logGamma(0));
        assertThrows(IllegalArgumentException.class, () -> Distributions.logGamma(-1.5));
    }

    @Test
    void logBetaIsAccurateForLargeArguments() {
        assertEquals(Math.log(1.0 / 12), Distributions.logBeta(2, 3), 1e-14);
        assertEquals(Math.log(Math.PI), Distributions.logBeta(0.5, 0.5), 1e-14);
        for (double b : new double[] {10, 31, 4095, 1e6}) {
            assertEquals(-Math.log(b), Distributions.logBeta(1, b), 1e-15 * Math.log(b), "B(1, b) = 1/b at " + b);
            assertEquals(-Math.log(b * (b + 1)), Distributions.logBeta(2, b), 1e-14 * Math.log(b));
        }
        // B(a, b) = Γ(a)Γ(b)/Γ(a + b) in the range where the direct form is still accurate
        for (double[] ab : new double[][] {{12, 30}, {10, 10}, {3.5, 40}, {25.5, 11}}) {
            double direct = Distributions.logGamma(ab[0]) + Distributions.logGamma(ab[1])
                    - Distributions.logGamma(ab[0] + ab[1]);
            assertEquals(direct, Distributions.logBeta(ab[0], ab[1]), 1e-12, java.util.Arrays.toString(ab));
            assertEquals(Distributions.logBeta(ab[1], ab[0]), Distributions.logBeta(ab[0], ab[1]), 0);
        }
    }

    @Test
    void incompleteGammaKnownValues() {
        for (double x : new double[] {1e-8, 0.01, 0.5, 1, 2, 5, 20, 50}) {
            assertEquals(-Math.expm1(-x), Distributions.regularizedGammaP(1, x), 1e-14, "P(1, x) = 1 − e^−x at " + x);
            assertEquals(Math.exp(-x), Distributions.regularizedGammaQ(1, x), 1e-13 * Math.exp(-x),
                    "Q(1, x) = e^−x at " + x);
            // P(2, x) = 1 − e^−x (1 + x)
            assertEquals(1 - Math.exp(-x) * (1 + x), Distributions.regularizedGammaP(2, x), 1e-14);
        }
        assertEquals(0.3233235838169366, Distributions.regularizedGammaP(3, 2), 1e-15);
        // P(½, x) = erf(√x): erf(1) = 0.8427007929497149
        assertEquals(0.8427007929497149, Distributions.regularizedGammaP(0.5, 1), 1e-14);
        // both branches (series below a+1, continued fraction above) agree at the switch and in the bulk
        for (double a : new double[] {0.3, 1.7, 10, 150, 2048}) {
            double x = a + 1;
            assertEquals(1, Distributions.regularizedGammaP(a, x) + Distributions.regularizedGammaQ(a, x), 1e-14);
            assertEquals(Distributions.regularizedGammaP(a, x - 1e-9), Distributions.regularizedGammaP(a, x + 1e-9),
                    1e-8);
        }
        // large shape: the median of Gamma(k) is close to k − 1/3
        assertEquals(0.5, Distributions.regularizedGammaP(2048, 2048 - 1.0 / 3), 1e-4);
        assertEquals(0, Distributions.regularizedGammaP(3, 0));
        assertEquals(1, Distributions.regularizedGammaP(3, Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> Distributions.regularizedGammaP(0, 1));
        assertThrows(IllegalArgumentException.class, () -> Distributions.regularizedGammaP(1, -1));
    }

    @Test
    void gammaCdfHasShapeAndScale() {
        // χ²_2 / 2 = Exp(1); Gamma(k, s): F(x) = P(k, x/s)
        assertEquals(1 - Math.exp(-3.0), Distributions.gammaCdf(0.75, 1, 0.25), 1e-14);
        assertEquals(0.3233235838169366, Distributions.gammaCdf(2.0 / 16, 3, 1.0 / 16), 1e-15);
        assertEquals(0, Distributions.gammaCdf(-1, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> Distributions.gammaCdf(1, 3, 0));
    }

    @Test
    void incompleteBetaKnownValuesAndSymmetry() {
        assertEquals(0.6875, Distributions.regularizedBeta(0.5, 2, 3), 1e-15);
        // I_x(1, b) = 1 − (1 − x)^b; I_x(a, 1) = x^a
        for (double x : new double[] {1e-6, 0.01, 0.2, 0.5, 0.77, 0.999}) {
            assertEquals(-Math.expm1(31 * Math.log1p(-x)), Distributions.regularizedBeta(x, 1, 31), 1e-14);
            double exact = -Math.expm1(4095 * Math.log1p(-x));
            assertEquals(exact, Distributions.regularizedBeta(x, 1, 4095), 1e-13 * exact, "I_x(1, 4095) at " + x);
            assertEquals(Math.pow(x, 4.5), Distributions.regularizedBeta(x, 4.5, 1), 1e-14);
            for (double[] ab : new double[][] {{2, 3}, {0.5, 0.5}, {8, 24}, {1, 4095}, {300, 20}}) {
                double a = ab[0];
                double b = ab[1];
                // (1 − x is rounded: 1 − (1 − 1e-6) differs from 1e-6 by 8e-11 relative, hence 1e-12)
                assertEquals(1 - Distributions.regularizedBeta(1 - x, b, a), Distributions.regularizedBeta(x, a, b),
                        1e-12, "symmetry at x=" + x + " a=" + a + " b=" + b);
            }
        }
        // I_x(½, ½) = (2/π) arcsin √x
        assertEquals(2 / Math.PI * Math.asin(Math.sqrt(0.3)), Distributions.regularizedBeta(0.3, 0.5, 0.5), 1e-14);
        // Beta(r, d − r) is the law of a sum of r of d Dirichlet(1, …, 1) weights: symmetric Beta(a, a) has median ½
        assertEquals(0.5, Distributions.regularizedBeta(0.5, 16, 16), 1e-14);
        assertEquals(0, Distributions.betaCdf(-0.1, 2, 3));
        assertEquals(1, Distributions.betaCdf(1.1, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> Distributions.regularizedBeta(1.5, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> Distributions.regularizedBeta(0.5, 0, 3));
    }

    @Test
    void betaApproachesGammaForLargeDimension() {
        // Beta(r, d − r) at x ≈ Gamma(r, 1/d) at x when d ≫ r: the χ² approximation of the Wishart literature
        int d = 1 << 16;
        for (double x : new double[] {1e-5, 3e-5, 1e-4}) {
            assertEquals(Distributions.gammaCdf(x, 2, 1.0 / d), Distributions.betaCdf(x, 2, d - 2), 2e-4);
        }
    }

    @Test
    void ksStatisticOfAGridAndOfShiftedSamples() {
        int n = 1000;
        double[] grid = new double[n];
        for (int i = 0; i < n; i++) {
            grid[i] = (i + 0.5) / n;
        }
        assertEquals(1.0 / (2 * n), Distributions.ksStatistic(grid, x -> Math.min(1, Math.max(0, x))), 1e-15);
        // shifting every point by δ adds δ
        double[] shifted = grid.clone();
        for (int i = 0; i < n; i++) {
            shifted[i] += 0.05;
        }
        assertEquals(0.05 + 1.0 / (2 * n), Distributions.ksStatistic(shifted, x -> Math.min(1, Math.max(0, x))),
                1e-12);
        // a single point: D = max(F, 1 − F)
        assertEquals(0.7, Distributions.ksStatistic(new double[] {0.3}, x -> x), 1e-15);
        // genuine exponential samples against their CDF pass, against a wrong rate fail
        SplittableRandom rng = new SplittableRandom(3);
        double[] exp = new double[2000];
        for (int i = 0; i < exp.length; i++) {
            exp[i] = -Math.log(1 - rng.nextDouble());
        }
        double right = Distributions.ksStatistic(exp, x -> Distributions.gammaCdf(x, 1, 1));
        double wrong = Distributions.ksStatistic(exp, x -> Distributions.gammaCdf(x, 1, 1.5));
        assertTrue(right < 1.36 / Math.sqrt(exp.length), "right law: D = " + right);
        assertTrue(wrong > 0.1, "wrong law: D = " + wrong);
        assertTrue(Distributions.ksPValue(right, exp.length) > 0.05);
        assertTrue(Distributions.ksPValue(wrong, exp.length) < 1e-6);
        assertEquals(0.05, Distributions.ksPValue(1.358 / (Math.sqrt(1e6) + 0.12 + 0.11 / 1e3), 1_000_000), 1e-3);
        assertThrows(IllegalArgumentException.class, () -> Distributions.ksStatistic(new double[0], x -> x));
        assertThrows(IllegalArgumentException.class,
                () -> Distributions.ksStatistic(new double[] {Double.NaN}, x -> x));
    }

    @Test
    void momentsOfKnownSamples() {
        double[] twoPoint = {-1, 1, -1, 1, -1, 1};
        assertEquals(0, Distributions.mean(twoPoint), 0);
        assertEquals(6.0 / 5, Distributions.variance(twoPoint), 1e-15);
        assertEquals(-2, Distributions.excessKurtosis(twoPoint), 1e-14);
        assertEquals(2.5, Distributions.variance(new double[] {1, 2, 3, 4, 5}), 1e-15);
        // kurtosis is shift- and scale-invariant; {0, 0, 0, 0, 1}: m2 = 4/25, m4 = 52/625 → 52/16 − 3 = 0.25
        assertEquals(0.25, Distributions.excessKurtosis(new double[] {0, 0, 0, 0, 1}), 1e-14);
        assertEquals(0.25, Distributions.excessKurtosis(new double[] {7, 7, 7, 7, 5}), 1e-12);
        // a fine uniform grid → −6/5; exponential quantiles → 6 (slowly)
        int n = 100_000;
        double[] u = new double[n];
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            u[i] = (i + 0.5) / n;
            e[i] = -Math.log(1 - u[i]);
        }
        assertEquals(-1.2, Distributions.excessKurtosis(u), 1e-6);
        assertEquals(6, Distributions.excessKurtosis(e), 0.3);
        assertEquals(Double.NaN, Distributions.excessKurtosis(new double[] {2, 2, 2}));
        // Beta kurtosis formula: Beta(1, 1) = U(0, 1) → −1.2; Beta(1, b) → 6 as b → ∞
        assertEquals(-1.2, Distributions.betaExcessKurtosis(1, 1), 1e-15);
        assertEquals(6, Distributions.betaExcessKurtosis(1, 1e7), 1e-5);
        assertThrows(IllegalArgumentException.class, () -> Distributions.variance(new double[] {1}));
    }

    @Test
    void histogramCountsHalfOpenBinsWithTheTopEdgeInTheLastBin() {
        double[] x = {0, 0.1, 0.25, 0.49, 0.5, 0.99, 1, 1.01, -0.01, Double.NaN};
        assertArrayEquals(new int[] {2, 2, 1, 2}, Distributions.histogram(x, 4, 0, 1));
        assertArrayEquals(new int[] {7}, Distributions.histogram(x, 1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Distributions.histogram(x, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Distributions.histogram(x, 3, 1, 1));
    }

    @Test
    void varianceStandardErrorMatchesTheUniformLawAndTheSpreadOfRepeatedVariances() {
        // U(0, 1): σ² = 1/12, μ₄ = 1/80, so SE(s²) → √((1/80 − 1/144)/N)
        SplittableRandom rng = new SplittableRandom(7);
        int n = 400;
        int repeats = 2000;
        double[] variances = new double[repeats];
        double meanSe = 0;
        for (int k = 0; k < repeats; k++) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = rng.nextDouble();
            }
            variances[k] = Distributions.variance(x);
            meanSe += Distributions.varianceStandardError(x) / repeats;
        }
        double exact = Math.sqrt((1.0 / 80 - 1.0 / 144) / n);
        assertEquals(exact, meanSe, 0.02 * exact, "average estimated SE vs the exact one");
        // the spread of the 2000 sample variances estimates the same SE to about 1/√(2·2000) ≈ 1.6 % (4 σ: 6.4 %)
        assertEquals(exact, Math.sqrt(Distributions.variance(variances)), 0.064 * exact);
        assertThrows(IllegalArgumentException.class, () -> Distributions.varianceStandardError(new double[1]));
    }

    @Test
    void scaledBetaIsAnAffineBeta() {
        Distributions.ScaledBeta law = new Distributions.ScaledBeta(2, 3, -1, 2);
        assertEquals(11.0 / 16, law.cdf(0), 1e-15, "I_0.5(2, 3) at the midpoint of [−1, 1]");
        assertEquals(0, law.cdf(-1), 0);
        assertEquals(1, law.cdf(1), 0);
        assertEquals(-1 + 2 * 0.4, law.mean(), 1e-15);
        assertEquals(4 * 6.0 / (25 * 6), law.variance(), 1e-15, "scale² ab/((a+b)²(a+b+1))");
        // density of Beta(2, 3) is 12 u (1 − u)², over a scale 2
        assertEquals(12 * 0.5 * 0.25 / 2, law.density(0), 1e-13);
        assertEquals(0, law.density(1.5), 0);
        assertEquals(Distributions.betaExcessKurtosis(2, 3), law.excessKurtosis(), 0);
        assertEquals("-1 + 2·Beta(2, 3)", law.toString());
        assertEquals("Beta(1, 15)", new Distributions.ScaledBeta(1, 15, 0, 1).toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Distributions.ScaledBeta(1, 2, 0, -1));
        assertTrue(e.getMessage().contains("scale = -1.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Distributions.ScaledBeta(0, 2, 0, 1));
    }

    @Test
    void scaledGammaIsAShiftedGamma() {
        Distributions.ScaledGamma law = new Distributions.ScaledGamma(1, 0.5, -2);
        assertEquals(1 - Math.exp(-2), law.cdf(-1), 1e-15, "exponential of mean 0.5, one unit above the offset");
        assertEquals(0, law.cdf(-2.5), 0);
        assertEquals(-1.5, law.mean(), 1e-15);
        assertEquals(0.25, law.variance(), 1e-15);
        assertEquals(6, law.excessKurtosis(), 0);
        assertEquals(2 * Math.exp(-2), law.density(-1), 1e-15);
        Distributions.ScaledGamma chi = new Distributions.ScaledGamma(3, 2, 0); // χ² with 6 degrees of freedom
        assertEquals(1 - Math.exp(-1) * (1 + 1 + 0.5), chi.cdf(2), 1e-14);
        assertEquals("-2 + Gamma(1, scale 0.500000)", law.toString());
        assertThrows(IllegalArgumentException.class, () -> new Distributions.ScaledGamma(1, 1, Double.NaN));
    }
}
