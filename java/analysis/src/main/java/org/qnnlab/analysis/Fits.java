package org.qnnlab.analysis;

/**
 * Ordinary least-squares fits for the analysis layer: a straight line {@code y ≈ a + b·x} with its coefficient of
 * determination R², and the two decay laws obtained from it on a log scale:
 * <ul>
 *   <li>power law {@code r ≈ c·t^(−α)}: a line through {@code (log t, log r)}, slope {@code −α};</li>
 *   <li>exponential {@code r ≈ c·e^(−λt)}: a line through {@code (t, log r)}, slope {@code −λ}.</li>
 * </ul>
 * The tangent-kernel analysis uses them to tell sublinear (power-law) from linear (exponential) convergence of the
 * training residual (You, Chakrabarti, Chen, Wu, "Analyzing convergence in quantum neural networks: deviations from
 * neural tangent kernels", ICML 2023); the gradient-variance analysis fits {@code log Var[∂L]} against the number of
 * qubits (barren plateaus: {@code Var ∝ b^(−n)}).
 *
 * <p>R² is {@code 1 − SS_res/SS_tot} on the scale that was fitted (the log scale for the decay laws), with
 * {@code SS_res = Σ(y_i − a − b·x_i)²} and {@code SS_tot = Σ(y_i − ȳ)²}; when all y are equal ({@code SS_tot = 0})
 * the line fits exactly and R² is 1. The sums are taken about the means, which keeps them accurate for large x.
 */
public final class Fits {

    private Fits() {
    }

    /**
     * A least-squares line {@code y ≈ intercept + slope·x}.
     *
     * @param slope     b
     * @param intercept a
     * @param r2        the coefficient of determination {@code 1 − SS_res/SS_tot} (1 for constant y)
     * @param points    the number of points fitted (at least 2)
     */
    public record Linear(double slope, double intercept, double r2, int points) {

        /** {@code intercept + slope·x}. */
        public double predict(double x) {
            return intercept + slope * x;
        }
    }

    /**
     * A power law {@code r ≈ coefficient·t^(−exponent)}, fitted as a line through {@code (log t, log r)}.
     *
     * @param coefficient c = e^intercept
     * @param exponent    α = −slope (positive for a decay)
     * @param r2          R² of the line on the log–log scale
     */
    public record PowerLaw(double coefficient, double exponent, double r2) {

        /** {@code c·t^(−α)}. */
        public double predict(double t) {
            return coefficient * Math.pow(t, -exponent);
        }
    }

    /**
     * An exponential {@code r ≈ coefficient·e^(−rate·t)}, fitted as a line through {@code (t, log r)}.
     *
     * @param coefficient c = e^intercept
     * @param rate        λ = −slope (positive for a decay)
     * @param r2          R² of the line on the log-linear scale
     */
    public record Exponential(double coefficient, double rate, double r2) {

        /** {@code c·e^(−λt)}. */
        public double predict(double t) {
            return coefficient * Math.exp(-rate * t);
        }
    }

    /**
     * The least-squares line through {@code (x_i, y_i)}: {@code b = Σ(x−x̄)(y−ȳ) / Σ(x−x̄)²}, {@code a = ȳ − b·x̄}.
     *
     * @throws IllegalArgumentException if the arrays differ in length, have fewer than 2 points, contain a non-finite
     *                                  value (named by index), or all x are equal
     */
    public static Linear linear(double[] x, double[] y) {
        checkPoints(x, y);
        int n = x.length;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(x[i])) {
                throw new IllegalArgumentException("x[" + i + "] is " + x[i] + "; allowed: finite numbers");
            }
            if (!Double.isFinite(y[i])) {
                throw new IllegalArgumentException("y[" + i + "] is " + y[i] + "; allowed: finite numbers");
            }
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx;
            double dy = y[i] - my;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }
        if (!(sxx > 0)) {
            throw new IllegalArgumentException("all " + n + " x values equal " + x[0]
                    + "; a line needs at least 2 distinct x");
        }
        double slope = sxy / sxx;
        double intercept = my - slope * mx;
        double ssRes = 0;
        for (int i = 0; i < n; i++) {
            double e = y[i] - (intercept + slope * x[i]);
            ssRes += e * e;
        }
        double r2 = syy > 0 ? 1 - ssRes / syy : 1.0;
        return new Linear(slope, intercept, r2, n);
    }

    /**
     * Fits {@code r ≈ c·t^(−α)} by least squares on {@code log r = log c − α·log t}.
     *
     * @throws IllegalArgumentException if the arrays differ in length or have fewer than 2 points, a t or r is not a
     *                                  finite number > 0 (named by index and value), or all t are equal
     */
    public static PowerLaw powerLaw(double[] t, double[] r) {
        checkPoints(t, r);
        double[] lt = new double[t.length];
        double[] lr = new double[r.length];
        for (int i = 0; i < t.length; i++) {
            lt[i] = Math.log(positive("t", i, t[i]));
            lr[i] = Math.log(positive("r", i, r[i]));
        }
        Linear l = linear(lt, lr);
        return new PowerLaw(Math.exp(l.intercept()), -l.slope(), l.r2());
    }

    /**
     * Fits {@code r ≈ c·e^(−λt)} by least squares on {@code log r = log c − λ·t}.
     *
     * @throws IllegalArgumentException if the arrays differ in length or have fewer than 2 points, a t is not
     *                                  finite, an r is not a finite number > 0 (named by index and value), or all t
     *                                  are equal
     */
    public static Exponential exponential(double[] t, double[] r) {
        checkPoints(t, r);
        double[] lr = new double[r.length];
        for (int i = 0; i < r.length; i++) {
            lr[i] = Math.log(positive("r", i, r[i]));
        }
        Linear l = linear(t, lr);
        return new Exponential(Math.exp(l.intercept()), -l.slope(), l.r2());
    }

    private static void checkPoints(double[] x, double[] y) {
        if (x == null || y == null) {
            throw new IllegalArgumentException("fit needs two arrays; got " + (x == null ? "null x" : "null y"));
        }
        if (x.length != y.length) {
            throw new IllegalArgumentException("fit arrays differ in length: " + x.length + " x values and "
                    + y.length + " y values; they must match");
        }
        if (x.length < 2) {
            throw new IllegalArgumentException("fit needs at least 2 points; got " + x.length);
        }
    }

    private static double positive(String name, int i, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(name + "[" + i + "] is " + v
                    + "; a log-scale fit needs finite values > 0");
        }
        return v;
    }
}
