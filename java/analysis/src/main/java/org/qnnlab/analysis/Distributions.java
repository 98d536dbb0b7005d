package org.qnnlab.analysis;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.numbers.gamma.LogBeta;
import org.apache.commons.numbers.gamma.LogGamma;
import org.apache.commons.numbers.gamma.RegularizedBeta;
import org.apache.commons.numbers.gamma.RegularizedGamma;

/**
 * Small numerical pieces for comparing sampled losses and gradients with their predicted laws: the Gamma and Beta
 * CDFs (on the special functions of Apache Commons Numbers, ports of Boost's, wrapped here with argument checks that
 * name the bad value), the Kolmogorov–Smirnov statistic of a sample against a CDF, sample moments and histograms.
 */
public final class Distributions {

    private Distributions() {
    }

    /**
     * {@code ln Γ(x)} for {@code x > 0}.
     *
     * @throws IllegalArgumentException if {@code x} is not a positive finite number
     */
    public static double logGamma(double x) {
        if (!(x > 0) || Double.isInfinite(x)) {
            throw new IllegalArgumentException("logGamma(" + x + "): argument must be positive and finite");
        }
        return LogGamma.value(x);
    }

    /**
     * {@code ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b)}, accurate also when a or b is large (no cancellation of
     * the three large logarithms).
     *
     * @throws IllegalArgumentException if a or b is not positive and finite
     */
    public static double logBeta(double a, double b) {
        if (!(a > 0) || !(b > 0) || Double.isInfinite(a) || Double.isInfinite(b)) {
            throw new IllegalArgumentException("logBeta: a = " + a + ", b = " + b + " must be positive and finite");
        }
        return LogBeta.value(a, b);
    }

    /**
     * The regularized lower incomplete gamma {@code P(a, x) = γ(a, x)/Γ(a) = (1/Γ(a)) ∫_0^x t^(a−1) e^(−t) dt}.
     * {@code P(1, x) = 1 − e^(−x)}.
     *
     * @throws IllegalArgumentException if {@code a ≤ 0}, {@code x < 0} or either is NaN
     */
    public static double regularizedGammaP(double a, double x) {
        checkGammaArguments("regularizedGammaP", a, x);
        return Double.isInfinite(x) ? 1 : RegularizedGamma.P.value(a, x);
    }

    private static void checkGammaArguments(String function, double a, double x) {
        if (!(a > 0) || Double.isInfinite(a)) {
            throw new IllegalArgumentException(function + ": shape a = " + a + " must be positive and finite");
        }
        if (!(x >= 0)) {
            throw new IllegalArgumentException(function + ": x = " + x + " must be ≥ 0");
        }
    }

    /** The regularized upper incomplete gamma function {@code Q(a, x) = 1 − P(a, x)}, accurate in the upper tail. */
    public static double regularizedGammaQ(double a, double x) {
        checkGammaArguments("regularizedGammaQ", a, x);
        return Double.isInfinite(x) ? 0 : RegularizedGamma.Q.value(a, x);
    }

    /**
     * CDF of the Gamma law with shape k and scale s (density {@code x^(k−1) e^(−x/s) / (Γ(k) s^k)}):
     * {@code F(x) = P(k, x/s)} for x &gt; 0, else 0. {@code χ²_ν/(2d)} is Gamma(ν/2, 1/d).
     *
     * @throws IllegalArgumentException if shape or scale is not positive and finite
     */
    public static double gammaCdf(double x, double shape, double scale) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("gammaCdf: scale " + scale + " must be positive and finite");
        }
        if (Double.isNaN(x)) {
            throw new IllegalArgumentException("gammaCdf: x is NaN");
        }
        return regularizedGammaP(shape, x <= 0 ? 0 : x / scale); // also checks the shape
    }

    /**
     * The regularized incomplete beta function {@code I_x(a, b) = B(x; a, b)/B(a, b)}. {@code I_0.5(2, 3) = 11/16}.
     *
     * @throws IllegalArgumentException if a or b is not positive and finite, or x is outside [0, 1]
     */
    public static double regularizedBeta(double x, double a, double b) {
        if (!(a > 0) || !(b > 0) || Double.isInfinite(a) || Double.isInfinite(b)) {
            throw new IllegalArgumentException("regularizedBeta: a = " + a + ", b = " + b
                    + " must be positive and finite");
        }
        if (!(x >= 0 && x <= 1)) {
            throw new IllegalArgumentException("regularizedBeta: x = " + x + " must be in [0, 1]");
        }
        return RegularizedBeta.value(x, a, b);
    }

    /**
     * CDF of the Beta(a, b) law: {@code I_x(a, b)} on [0, 1], 0 below and 1 above. For a Haar-random state in
     * dimension d and a rank-r projector P, {@code <ψ|P|ψ> ~ Beta(r, d − r)}.
     */
    public static double betaCdf(double x, double a, double b) {
        if (Double.isNaN(x)) {
            throw new IllegalArgumentException("betaCdf: x is NaN");
        }
        if (x <= 0) {
            return regularizedBeta(0, a, b);
        }
        if (x >= 1) {
            return regularizedBeta(1, a, b);
        }
        return regularizedBeta(x, a, b);
    }

    /**
     * The one-sample Kolmogorov–Smirnov statistic {@code D = sup_x |F_N(x) − F(x)|} with F_N the empirical CDF:
     * over the sorted sample, {@code D = max_i max(F(x_(i)) − (i−1)/N, i/N − F(x_(i)))}. A grid
     * {@code x_i = (i − ½)/N} against U(0, 1) gives {@code 1/(2N)}.
     *
     * @throws IllegalArgumentException on an empty sample or a NaN value
     */
    public static double ksStatistic(double[] samples, DoubleUnaryOperator cdf) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("ksStatistic: empty sample; need at least one value");
        }
        double[] s = sortedChecked(samples, "ksStatistic");
        int n = s.length;
        double d = 0;
        for (int i = 0; i < n; i++) {
            double f = cdf.applyAsDouble(s[i]);
            d = Math.max(d, Math.max(f - (double) i / n, (double) (i + 1) / n - f));
        }
        return d;
    }

    /**
     * Asymptotic p-value of a one-sample KS statistic D from N samples, {@code Q_KS(λ) = 2 Σ_{j≥1} (−1)^(j−1)
     * e^(−2 j² λ²)} with Stephens' correction {@code λ = (√N + 0.12 + 0.11/√N)·D} (Numerical Recipes §14.3.3).
     * The 5 % critical value is about {@code 1.36/√N}.
     */
    public static double ksPValue(double d, int n) {
        if (n < 1 || !(d >= 0)) {
            throw new IllegalArgumentException("ksPValue: need n ≥ 1 and D ≥ 0, got n = " + n + ", D = " + d);
        }
        double sq = Math.sqrt(n);
        double lambda = (sq + 0.12 + 0.11 / sq) * d;
        if (lambda < 0.2) {
            return 1;
        }
        double sum = 0;
        double sign = 1;
        for (int j = 1; j <= 200; j++) {
            double term = sign * Math.exp(-2 * j * j * lambda * lambda);
            sum += term;
            if (Math.abs(term) < 1e-17 * Math.abs(sum)) {
                break;
            }
            sign = -sign;
        }
        return Math.min(1, Math.max(0, 2 * sum));
    }

    /** The sample mean {@code (1/N) Σ x_i}. */
    public static double mean(double[] samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("mean: empty sample; need at least one value");
        }
        double s = 0;
        for (double v : samples) {
            s += v;
        }
        return s / samples.length;
    }

    /** The unbiased sample variance {@code (1/(N−1)) Σ (x_i − x̄)²} (two-pass). */
    public static double variance(double[] samples) {
        if (samples.length < 2) {
            throw new IllegalArgumentException("variance: " + samples.length + " value(s); need at least 2");
        }
        double m = mean(samples);
        double s = 0;
        double c = 0;
        for (double v : samples) {
            double e = v - m;
            s += e * e;
            c += e;
        }
        return (s - c * c / samples.length) / (samples.length - 1);
    }

    /**
     * The sample excess kurtosis {@code g₂ = m₄/m₂² − 3} with central moments {@code m_k = (1/N) Σ (x_i − x̄)^k}:
     * 0 for a Gaussian, 6 for an exponential (χ²₂), −1.2 for a uniform, −2 for a symmetric two-point law. NaN when
     * all values are equal.
     */
    public static double excessKurtosis(double[] samples) {
        if (samples.length < 2) {
            throw new IllegalArgumentException("excessKurtosis: " + samples.length + " value(s); need at least 2");
        }
        double m = mean(samples);
        double m2 = 0;
        double m4 = 0;
        for (double v : samples) {
            double e = (v - m) * (v - m);
            m2 += e;
            m4 += e * e;
        }
        m2 /= samples.length;
        m4 /= samples.length;
        return m2 == 0 ? Double.NaN : m4 / (m2 * m2) - 3;
    }

    /**
     * Excess kurtosis of Beta(a, b): {@code 6[(a−b)²(a+b+1) − ab(a+b+2)] / [ab(a+b+2)(a+b+3)]}; tends to 6/a (the
     * Gamma(a) value) as b → ∞ and to 0 as a, b → ∞.
     */
    public static double betaExcessKurtosis(double a, double b) {
        if (!(a > 0) || !(b > 0)) {
            throw new IllegalArgumentException("betaExcessKurtosis: a = " + a + ", b = " + b + " must be positive");
        }
        double s = a + b;
        return 6 * ((a - b) * (a - b) * (s + 1) - a * b * (s + 2)) / (a * b * (s + 2) * (s + 3));
    }

    /**
     * Standard error of the unbiased sample variance s²: {@code √((m₄ − s⁴ (N − 3)/(N − 1)) / N)} with
     * {@code m₄ = (1/N) Σ (x_i − x̄)⁴}, from {@code Var(s²) = (μ₄ − σ⁴ (N − 3)/(N − 1))/N}. For U(0, 1) it tends to
     * {@code √((1/80 − 1/144)/N)}.
     *
     * @throws IllegalArgumentException with fewer than 2 values
     */
    public static double varianceStandardError(double[] samples) {
        if (samples.length < 2) {
            throw new IllegalArgumentException("varianceStandardError: " + samples.length
                    + " value(s); need at least 2");
        }
        double m = mean(samples);
        double m4 = 0;
        for (double v : samples) {
            double e = (v - m) * (v - m);
            m4 += e * e;
        }
        int n = samples.length;
        m4 /= n;
        double s2 = variance(samples);
        return Math.sqrt(Math.max(0, (m4 - s2 * s2 * (n - 3) / (n - 1)) / n));
    }

    /**
     * A continuous law on the real line that a sample is compared with: its CDF (for the KS test), density (for
     * plots) and first moments. Implementations: {@link ScaledBeta}, {@link ScaledGamma}, {@link Normal}.
     */
    public sealed interface Law permits ScaledBeta, ScaledGamma, Normal {

        /** {@code P(X ≤ x)}. */
        double cdf(double x);

        /** The density at x (0 outside the support). */
        double density(double x);

        /** {@code E X}. */
        double mean();

        /** {@code Var X}. */
        double variance();

        /** {@code E(X − EX)⁴ / Var² − 3}. */
        double excessKurtosis();
    }

    /**
     * {@code X = offset + scale·B} with {@code B ~ Beta(a, b)}: support {@code [offset, offset + scale]}. For a
     * Haar-random state and an observable with two eigenvalues {@code λ₀ < λ₁}, the latter of multiplicity m,
     * {@code <ψ|O|ψ> = λ₀ + (λ₁ − λ₀)·Beta(m, d − m)}: Beta(r, d − r) for a rank-r projector, {@code −1 + 2·Beta(d/2,
     * d/2)} for a Pauli string.
     *
     * @param a      first shape, positive and finite
     * @param b      second shape, positive and finite
     * @param offset lower end of the support, finite
     * @param scale  length of the support, positive and finite
     */
    public record ScaledBeta(double a, double b, double offset, double scale) implements Law {

        /** @throws IllegalArgumentException naming the bad parameter */
        public ScaledBeta {
            checkShape("ScaledBeta", "a", a);
            checkShape("ScaledBeta", "b", b);
            checkLocationScale("ScaledBeta", offset, scale);
        }

        @Override
        public double cdf(double x) {
            return betaCdf((x - offset) / scale, a, b);
        }

        @Override
        public double density(double x) {
            double u = (x - offset) / scale;
            if (!(u > 0 && u < 1)) {
                return 0;
            }
            return Math.exp((a - 1) * Math.log(u) + (b - 1) * Math.log1p(-u) - logBeta(a, b)) / scale;
        }

        @Override
        public double mean() {
            return offset + scale * a / (a + b);
        }

        @Override
        public double variance() {
            double s = a + b;
            return scale * scale * a * b / (s * s * (s + 1));
        }

        @Override
        public double excessKurtosis() {
            return betaExcessKurtosis(a, b);
        }

        /** {@code Beta(4, 12)}, or {@code -1 + 2·Beta(8, 8)} with an offset or scale. */
        @Override
        public String toString() {
            String beta = "Beta(" + number(a) + ", " + number(b) + ")";
            if (offset == 0 && scale == 1) {
                return beta;
            }
            return (offset == 0 ? "" : number(offset) + " + ") + number(scale) + "·" + beta;
        }
    }

    /**
     * {@code X = offset + G} with {@code G ~ Gamma(shape k, scale s)} (density {@code g^(k−1) e^(−g/s)/(Γ(k) s^k)}):
     * {@code 2G/s} is χ² with 2k degrees of freedom. Mean {@code offset + ks}, variance {@code ks²}, excess kurtosis
     * {@code 6/k}.
     *
     * @param shape  k, positive and finite
     * @param scale  s, positive and finite
     * @param offset lower end of the support, finite
     */
    public record ScaledGamma(double shape, double scale, double offset) implements Law {

        /** @throws IllegalArgumentException naming the bad parameter */
        public ScaledGamma {
            checkShape("ScaledGamma", "shape", shape);
            checkLocationScale("ScaledGamma", offset, scale);
        }

        @Override
        public double cdf(double x) {
            return gammaCdf(x - offset, shape, scale);
        }

        @Override
        public double density(double x) {
            double u = (x - offset) / scale;
            if (!(u > 0)) {
                return 0;
            }
            return Math.exp((shape - 1) * Math.log(u) - u - logGamma(shape)) / scale;
        }

        @Override
        public double mean() {
            return offset + shape * scale;
        }

        @Override
        public double variance() {
            return shape * scale * scale;
        }

        @Override
        public double excessKurtosis() {
            return 6 / shape;
        }

        /** {@code Gamma(11, scale 0.1818)}, with {@code "-2 + "} in front for an offset. */
        @Override
        public String toString() {
            return (offset == 0 ? "" : number(offset) + " + ") + "Gamma(" + number(shape) + ", scale "
                    + number(scale) + ")";
        }
    }

    /**
     * The normal law {@code N(mean, variance)}: the Gaussian-process reading of a loss (the limit of the scaled
     * Gamma law as its shape grows) and of a gradient.
     *
     * @param mean     finite
     * @param variance positive and finite
     */
    public record Normal(double mean, double variance) implements Law {

        /** @throws IllegalArgumentException naming the bad parameter */
        public Normal {
            if (!Double.isFinite(mean)) {
                throw new IllegalArgumentException("Normal: mean = " + mean + " must be finite");
            }
            checkShape("Normal", "variance", variance);
        }

        @Override
        public double cdf(double x) {
            return 0.5 * org.apache.commons.numbers.gamma.Erfc.value(-(x - mean) / Math.sqrt(2 * variance));
        }

        @Override
        public double density(double x) {
            double u = x - mean;
            return Math.exp(-u * u / (2 * variance)) / Math.sqrt(2 * Math.PI * variance);
        }

        @Override
        public double excessKurtosis() {
            return 0;
        }

        /** {@code N(0, 0.0123)}. */
        @Override
        public String toString() {
            return "N(" + number(mean) + ", " + number(variance) + ")";
        }
    }

    private static void checkShape(String law, String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(law + ": " + name + " = " + v + " must be positive and finite");
        }
    }

    private static void checkLocationScale(String law, double offset, double scale) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException(law + ": scale = " + scale + " must be positive and finite");
        }
        if (!Double.isFinite(offset)) {
            throw new IllegalArgumentException(law + ": offset = " + offset + " must be finite");
        }
    }

    /** Integers without a decimal point, other values to 6 significant digits. */
    private static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.6g", v);
    }

    /**
     * Counts of the samples in {@code bins} equal-width bins over {@code [lo, hi]}: bin j holds
     * {@code lo + j·w ≤ x < lo + (j+1)·w} with {@code w = (hi − lo)/bins}; {@code x = hi} falls in the last bin and
     * values outside [lo, hi] (or NaN) are not counted.
     *
     * @throws IllegalArgumentException if bins &lt; 1 or not {@code lo < hi} (both finite)
     */
    public static int[] histogram(double[] samples, int bins, double lo, double hi) {
        if (bins < 1) {
            throw new IllegalArgumentException("histogram: bins = " + bins + "; need at least 1");
        }
        if (!(lo < hi) || Double.isInfinite(lo) || Double.isInfinite(hi)) {
            throw new IllegalArgumentException("histogram: range [" + lo + ", " + hi + "] must be finite with lo < hi");
        }
        int[] counts = new int[bins];
        double w = (hi - lo) / bins;
        for (double v : samples) {
            if (!(v >= lo && v <= hi)) {
                continue;
            }
            int j = (int) ((v - lo) / w);
            counts[Math.min(Math.max(j, 0), bins - 1)]++;
        }
        return counts;
    }

    private static double[] sortedChecked(double[] samples, String what) {
        double[] s = samples.clone();
        for (double v : s) {
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException(what + ": sample contains NaN");
            }
        }
        Arrays.sort(s);
        return s;
    }
}
