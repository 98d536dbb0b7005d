package org.qnnlab.analysis;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * Small numerical pieces for comparing sampled losses and gradients with their predicted laws: the regularized
 * incomplete gamma and beta functions (Numerical Recipes, 3rd ed., §6.2 and §6.4: series plus modified-Lentz
 * continued fractions), the Gamma and Beta CDFs built on them, the Kolmogorov–Smirnov statistic of a sample against a
 * CDF, sample moments and histograms.
 */
public final class Distributions {

    private static final int MAX_ITERATIONS = 100_000;
    private static final double EPS = 1e-16;
    private static final double FPMIN = Double.MIN_NORMAL / EPS;

    /** Lanczos coefficients for g = 607/128, 15 terms (Godfrey; as in Apache Commons Math), ~1e-15 relative. */
    private static final double LANCZOS_G = 607.0 / 128.0;
    private static final double[] LANCZOS = {
        0.99999999999999709182,
        57.156235665862923517,
        -59.597960355475491248,
        14.136097974741747174,
        -0.49191381609762019978,
        .33994649984811888699e-4,
        .46523628927048575665e-4,
        -.98374475304879564677e-4,
        .15808870322491248884e-3,
        -.21026444172410488319e-3,
        .21743961811521264320e-3,
        -.16431810653676389022e-3,
        .84418223983852743293e-4,
        -.26190838401581408670e-4,
        .36899182659531622704e-5,
    };
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    private Distributions() {
    }

    /**
     * {@code ln Γ(x)} for {@code x > 0} (Lanczos approximation, g = 607/128; relative error about 1e-15).
     *
     * @throws IllegalArgumentException if {@code x} is not a positive finite number
     */
    public static double logGamma(double x) {
        if (!(x > 0) || Double.isInfinite(x)) {
            throw new IllegalArgumentException("logGamma(" + x + "): argument must be positive and finite");
        }
        if (x < 0.5) {
            // reflection Γ(x)Γ(1−x) = π / sin(πx) keeps the Lanczos sum in its accurate range
            return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
        }
        double z = x - 1;
        double sum = LANCZOS[0];
        for (int i = 1; i < LANCZOS.length; i++) {
            sum += LANCZOS[i] / (z + i);
        }
        double t = z + LANCZOS_G + 0.5;
        return HALF_LOG_2PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
    }

    /**
     * {@code ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b)}, without the cancellation of the three large logarithms
     * when a or b is large: with {@code p = min(a, b)}, {@code q = max(a, b)} and Stirling's remainder
     * {@code δ(x) = ln Γ(x) − (x − ½) ln x + x − ½ ln 2π} (its asymptotic series, x ≥ 10), the leading terms are
     * combined analytically (the scheme of R's {@code lbeta}, Morris/TOMS 708 style).
     *
     * @throws IllegalArgumentException if a or b is not positive and finite
     */
    public static double logBeta(double a, double b) {
        if (!(a > 0) || !(b > 0) || Double.isInfinite(a) || Double.isInfinite(b)) {
            throw new IllegalArgumentException("logBeta: a = " + a + ", b = " + b + " must be positive and finite");
        }
        double p = Math.min(a, b);
        double q = Math.max(a, b);
        if (p >= 10) {
            double corr = stirlingRemainder(p) + stirlingRemainder(q) - stirlingRemainder(p + q);
            return -0.5 * Math.log(q) + HALF_LOG_2PI + corr + (p - 0.5) * Math.log(p / (p + q))
                    + q * Math.log1p(-p / (p + q));
        }
        if (q >= 10) {
            double corr = stirlingRemainder(q) - stirlingRemainder(p + q);
            return logGamma(p) + corr + p - p * Math.log(p + q) + (q - 0.5) * Math.log1p(-p / (p + q));
        }
        return logGamma(p) + logGamma(q) - logGamma(p + q);
    }

    /** Stirling's remainder {@code δ(x) = Σ_k B_{2k}/(2k(2k−1) x^(2k−1))}, x ≥ 10 (seven terms, error &lt; 1e-17). */
    private static double stirlingRemainder(double x) {
        double r = 1 / x;
        double r2 = r * r;
        return r * (1.0 / 12 + r2 * (-1.0 / 360 + r2 * (1.0 / 1260 + r2 * (-1.0 / 1680 + r2 * (1.0 / 1188
                + r2 * (-691.0 / 360360 + r2 * (1.0 / 156)))))));
    }

    /**
     * The regularized lower incomplete gamma {@code P(a, x) = γ(a, x)/Γ(a) = (1/Γ(a)) ∫_0^x t^(a−1) e^(−t) dt}:
     * the series {@code e^(−x) x^a Σ_k x^k / Γ(a+k+1)} for {@code x < a+1}, else {@code 1 − Q(a, x)} with Legendre's
     * continued fraction for Q (Numerical Recipes §6.2). {@code P(1, x) = 1 − e^(−x)}.
     *
     * @throws IllegalArgumentException if {@code a ≤ 0}, {@code x < 0} or either is NaN
     */
    public static double regularizedGammaP(double a, double x) {
        checkGammaArguments("regularizedGammaP", a, x);
        if (x == 0) {
            return 0;
        }
        if (Double.isInfinite(x)) {
            return 1;
        }
        if (x < a + 1) {
            return gammaSeries(a, x);
        }
        return 1 - gammaContinuedFraction(a, x);
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
        if (x == 0) {
            return 1;
        }
        if (Double.isInfinite(x)) {
            return 0;
        }
        return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x);
    }

    private static double gammaSeries(double a, double x) {
        double ap = a;
        double del = 1 / a;
        double sum = del;
        for (int i = 0; i < MAX_ITERATIONS; i++) {
            ap += 1;
            del *= x / ap;
            sum += del;
            if (Math.abs(del) < Math.abs(sum) * EPS) {
                return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
            }
        }
        throw new IllegalStateException("incomplete gamma series did not converge for a = " + a + ", x = " + x);
    }

    private static double gammaContinuedFraction(double a, double x) {
        double b = x + 1 - a;
        double c = 1 / FPMIN;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < MAX_ITERATIONS; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < FPMIN) {
                d = FPMIN;
            }
            c = b + an / c;
            if (Math.abs(c) < FPMIN) {
                c = FPMIN;
            }
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < EPS) {
                return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
            }
        }
        throw new IllegalStateException("incomplete gamma continued fraction did not converge for a = " + a
                + ", x = " + x);
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
     * The regularized incomplete beta function {@code I_x(a, b) = B(x; a, b)/B(a, b)} by the continued fraction of
     * Numerical Recipes §6.4 (modified Lentz), using {@code I_x(a, b) = 1 − I_{1−x}(b, a)} when
     * {@code x > (a+1)/(a+b+2)} so the fraction converges fast. {@code I_0.5(2, 3) = 11/16}.
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
        if (x == 0 || x == 1) {
            return x;
        }
        double lnFront = a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b);
        if (x < (a + 1) / (a + b + 2)) {
            return Math.exp(lnFront) * betaContinuedFraction(x, a, b) / a;
        }
        return 1 - Math.exp(lnFront) * betaContinuedFraction(1 - x, b, a) / b;
    }

    private static double betaContinuedFraction(double x, double a, double b) {
        double qab = a + b;
        double qap = a + 1;
        double qam = a - 1;
        double c = 1;
        double d = 1 - qab * x / qap;
        if (Math.abs(d) < FPMIN) {
            d = FPMIN;
        }
        d = 1 / d;
        double h = d;
        for (int m = 1; m < MAX_ITERATIONS; m++) {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + aa * d;
            if (Math.abs(d) < FPMIN) {
                d = FPMIN;
            }
            c = 1 + aa / c;
            if (Math.abs(c) < FPMIN) {
                c = FPMIN;
            }
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + aa * d;
            if (Math.abs(d) < FPMIN) {
                d = FPMIN;
            }
            c = 1 + aa / c;
            if (Math.abs(c) < FPMIN) {
                c = FPMIN;
            }
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < EPS) {
                return h;
            }
        }
        throw new IllegalStateException("incomplete beta continued fraction did not converge for x = " + x
                + ", a = " + a + ", b = " + b);
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
