package org.qnnlab.train.data;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;

/**
 * Synthetic datasets for training QNNs. Each generator is deterministic given its {@link RandomGenerator} and draws
 * only through {@code nextDouble()}, {@code nextInt(bound)} and {@code nextGaussian()}.
 */
public final class Datasets {

    /** The largest number of parity bits: 2^20 strings is about a million samples. */
    public static final int MAX_PARITY_BITS = 20;

    private Datasets() {
    }

    /**
     * count samples with features drawn uniformly from [lo, hi]^features and y = teacher.applyAsDouble(x) (e.g. a QNN
     * with random weights: a "teacher QNN"). Features are drawn row by row as {@code lo·(1 − u) + hi·u} with
     * {@code u = rng.nextDouble()}; the teacher gets a copy of each row and must return a finite value.
     *
     * @throws IllegalArgumentException if {@code count < 1}, {@code features < 1}, not {@code lo < hi} (finite), or
     *                                  the teacher returns a non-finite value
     */
    public static Dataset labelled(String name, int count, int features, double lo, double hi,
            ToDoubleFunction<double[]> teacher, RandomGenerator rng) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(teacher, "teacher");
        Objects.requireNonNull(rng, "rng");
        requireCount(count, 1);
        if (features < 1) {
            throw new IllegalArgumentException("features " + features + " is not allowed; it must be >= 1");
        }
        if (!(Double.isFinite(lo) && Double.isFinite(hi) && lo < hi)) {
            throw new IllegalArgumentException("feature range [" + lo + ", " + hi
                    + "] is not allowed; it needs finite lo < hi");
        }
        double[][] x = new double[count][features];
        double[] y = new double[count];
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < features; j++) {
                double u = rng.nextDouble();
                x[i][j] = Math.min(hi, Math.max(lo, lo * (1 - u) + hi * u)); // finite even for a huge range
            }
            y[i] = teacher.applyAsDouble(x[i].clone());
            if (!Double.isFinite(y[i])) {
                throw new IllegalArgumentException("teacher returned " + y[i] + " for sample " + i + " (x = "
                        + Arrays.toString(x[i]) + "); targets must be finite");
            }
        }
        return new Dataset(name, x, y);
    }

    /**
     * Parity of {@code bits} bits: all 2^bits bit strings when count == 0, else count random ones; x_k = π·bit_k
     * (angle-encoding friendly), y = +1 for even parity, −1 for odd.
     *
     * <p>The exhaustive dataset lists the strings in binary counting order with {@code x_0} the most significant bit
     * (row {@code i} is the binary representation of {@code i}); it does not use {@code rng}, which may then be
     * null. Random strings draw each bit with {@code rng.nextInt(2)}. The dataset is named {@code "parity-" + bits}.
     *
     * @throws IllegalArgumentException if {@code bits} is outside 1..20 or {@code count < 0}
     */
    public static Dataset parity(int bits, int count, RandomGenerator rng) {
        if (bits < 1 || bits > MAX_PARITY_BITS) {
            throw new IllegalArgumentException("parity bits " + bits + " is not allowed; it must be in 1.."
                    + MAX_PARITY_BITS);
        }
        requireCount(count, 0);
        int n = count == 0 ? 1 << bits : count;
        if (count > 0) {
            Objects.requireNonNull(rng, "rng (required when count > 0)");
        }
        double[][] x = new double[n][bits];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            int ones = 0;
            for (int k = 0; k < bits; k++) {
                int bit = count == 0 ? (i >>> (bits - 1 - k)) & 1 : rng.nextInt(2);
                ones += bit;
                x[i][k] = bit * Math.PI;
            }
            y[i] = (ones & 1) == 0 ? 1 : -1;
        }
        return new Dataset("parity-" + bits, x, y);
    }

    /**
     * Two interleaving half-moons (like scikit-learn's make_moons): count points, Gaussian noise sd {@code noise},
     * features rescaled to [0, π], y = ±1.
     *
     * <p>Before rescaling, the {@code ceil(count/2)} points of class +1 sit at angles evenly spaced over [0, π] on the
     * upper unit semicircle {@code (cos t, sin t)}, the {@code floor(count/2)} points of class −1 on the lower
     * semicircle {@code (1 − cos t, 0.5 − sin t)}; each coordinate then gets {@code noise * rng.nextGaussian()} (drawn
     * point by point, class +1 first), the samples are shuffled (Fisher-Yates with {@code rng.nextInt}) and each
     * feature column is rescaled affinely to [0, π] with {@link Dataset#rescaled}. Named {@code "two-moons"}.
     *
     * @throws IllegalArgumentException if {@code count < 2} (each moon needs a point) or {@code noise} is negative
     *                                  or not finite
     */
    public static Dataset twoMoons(int count, double noise, RandomGenerator rng) {
        return moonsRaw(count, noise, rng).rescaled(0, Math.PI);
    }

    /** {@link #twoMoons} before the final rescaling to [0, π]: the geometry the javadoc there describes. */
    static Dataset moonsRaw(int count, double noise, RandomGenerator rng) {
        Objects.requireNonNull(rng, "rng");
        requireCount(count, 2);
        if (!(noise >= 0 && Double.isFinite(noise))) {
            throw new IllegalArgumentException("noise " + noise + " is not allowed; it must be a finite value >= 0");
        }
        int upper = count - count / 2;
        int lower = count / 2;
        double[][] x = new double[count][];
        double[] y = new double[count];
        for (int i = 0; i < upper; i++) {
            double t = angle(i, upper);
            x[i] = new double[] {Math.cos(t), Math.sin(t)};
            y[i] = 1;
        }
        for (int i = 0; i < lower; i++) {
            double t = angle(i, lower);
            x[upper + i] = new double[] {1 - Math.cos(t), 0.5 - Math.sin(t)};
            y[upper + i] = -1;
        }
        if (noise > 0) {
            for (double[] p : x) {
                p[0] += noise * rng.nextGaussian();
                p[1] += noise * rng.nextGaussian();
            }
        }
        int[] perm = Dataset.permutation(count, rng);
        double[][] xs = new double[count][];
        double[] ys = new double[count];
        for (int k = 0; k < count; k++) {
            xs[k] = x[perm[k]];
            ys[k] = y[perm[k]];
        }
        return new Dataset("two-moons", xs, ys);
    }

    /**
     * Transverse-field Ising phase labels: x = (g) with g uniform in [0, gMax], y = +1 in the paramagnetic phase
     * ({@code g > 1}), −1 in the ferromagnetic phase ({@code g < 1}) — the thermodynamic-limit critical point
     * g_c = 1 of H = −ΣZZ − gΣX.
     *
     * <p>g is drawn as {@code gMax * rng.nextDouble()}; the measure-zero critical point g = 1 itself is labelled −1.
     * Named {@code "tfim-phases"}.
     *
     * @throws IllegalArgumentException if {@code count < 1} or {@code gMax} is not a finite value > 0
     */
    public static Dataset tfimPhases(int count, double gMax, RandomGenerator rng) {
        Objects.requireNonNull(rng, "rng");
        requireCount(count, 1);
        if (!(gMax > 0 && Double.isFinite(gMax))) {
            throw new IllegalArgumentException("gMax " + gMax + " is not allowed; it must be a finite value > 0");
        }
        double[][] x = new double[count][1];
        double[] y = new double[count];
        for (int i = 0; i < count; i++) {
            double g = gMax * rng.nextDouble();
            x[i][0] = g;
            y[i] = g > 1 ? 1 : -1;
        }
        return new Dataset("tfim-phases", x, y);
    }

    /** A single empty-input sample with target 0: what a VQE (loss = energy) trains on. Named {@code "none"}. */
    public static Dataset none() {
        return new Dataset("none", new double[][] {{}}, new double[] {0});
    }

    /** The i-th of n angles evenly spaced over [0, π], both ends included (0 when n == 1). */
    private static double angle(int i, int n) {
        return n == 1 ? 0 : i == n - 1 ? Math.PI : Math.PI * i / (n - 1);
    }

    private static void requireCount(int count, int min) {
        if (count < min) {
            throw new IllegalArgumentException("count " + count + " is not allowed; it must be >= " + min);
        }
    }
}
