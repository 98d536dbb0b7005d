package org.qnnlab.train.data;

import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Inputs x (one row of features per sample) and real targets y. Immutable: defensive copies in and out.
 *
 * <p>A dataset has at least one sample; every row has the same number of features (possibly 0, as for the single
 * empty-input sample a VQE trains on); all values are finite. Equality compares names and contents.
 *
 * @param name a label for logs and reports
 * @param x    the features, {@code x[i]} being the row of sample {@code i}
 * @param y    the targets, {@code y[i]} belonging to row {@code x[i]}
 */
public record Dataset(String name, double[][] x, double[] y) implements java.io.Serializable {

    /** Validates and copies the arguments. */
    public Dataset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (x.length != y.length) {
            throw new IllegalArgumentException("dataset \"" + name + "\": x has " + x.length + " rows but y has "
                    + y.length + " targets; they must match");
        }
        if (x.length == 0) {
            throw new IllegalArgumentException("dataset \"" + name + "\" has no samples; at least 1 is required");
        }
        double[][] rows = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            if (x[i] == null) {
                throw new IllegalArgumentException("dataset \"" + name + "\": row " + i + " of x is null");
            }
            if (x[i].length != x[0].length) {
                throw new IllegalArgumentException("dataset \"" + name + "\": row " + i + " has " + x[i].length
                        + " features, expected " + x[0].length + " like row 0");
            }
            rows[i] = x[i].clone();
            for (int j = 0; j < rows[i].length; j++) {
                if (!Double.isFinite(rows[i][j])) {
                    throw new IllegalArgumentException("dataset \"" + name + "\": x at row " + i + ", column " + j
                            + " is " + rows[i][j] + "; features must be finite");
                }
            }
        }
        double[] targets = y.clone();
        for (int i = 0; i < targets.length; i++) {
            if (!Double.isFinite(targets[i])) {
                throw new IllegalArgumentException("dataset \"" + name + "\": y at row " + i + " is " + targets[i]
                        + "; targets must be finite");
            }
        }
        x = rows;
        y = targets;
    }

    /** A copy of the features, one row per sample. */
    @Override
    public double[][] x() {
        return deepCopy(x);
    }

    /** A copy of the targets. */
    @Override
    public double[] y() {
        return y.clone();
    }

    /** A copy of the feature row of sample {@code i}, without copying the whole dataset. */
    public double[] row(int i) {
        Objects.checkIndex(i, x.length);
        return x[i].clone();
    }

    /** The target of sample {@code i}. */
    public double target(int i) {
        Objects.checkIndex(i, y.length);
        return y[i];
    }

    /** The number of samples (at least 1). */
    public int size() {
        return y.length;
    }

    /** The number of features per sample (0 or more). */
    public int features() {
        return x[0].length;
    }

    /**
     * The samples at {@code indices}, in that order (repeats allowed), under the same name.
     *
     * @throws IllegalArgumentException if {@code indices} is empty or an index is outside {@code 0..size()-1}
     */
    public Dataset subset(int[] indices) {
        Objects.requireNonNull(indices, "indices");
        if (indices.length == 0) {
            throw new IllegalArgumentException("dataset \"" + name + "\": subset needs at least 1 index");
        }
        double[][] xs = new double[indices.length][];
        double[] ys = new double[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            if (i < 0 || i >= y.length) {
                throw new IllegalArgumentException("dataset \"" + name + "\": subset index " + i + " at position "
                        + k + " is out of range 0.." + (y.length - 1));
            }
            xs[k] = x[i];
            ys[k] = y[i];
        }
        return new Dataset(name, xs, ys);
    }

    /**
     * Deterministic shuffled split: first {@code fraction} of a permutation drawn from rng -> train, rest -> test.
     *
     * <p>The permutation is a Fisher-Yates shuffle using {@code rng.nextInt(bound)}; the train part has
     * {@code round(fraction * size())} samples and both parts must be non-empty. The parts are named
     * {@code name + "/train"} and {@code name + "/test"}.
     *
     * @return {@code {train, test}}
     * @throws IllegalArgumentException if {@code fraction} is not strictly between 0 and 1 or leaves a part empty
     */
    public Dataset[] split(double fraction, RandomGenerator rng) {
        Objects.requireNonNull(rng, "rng");
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("dataset \"" + name + "\": split fraction " + fraction
                    + " is not allowed; it must be strictly between 0 and 1");
        }
        int n = size();
        int train = (int) Math.round(fraction * n);
        if (train < 1 || train > n - 1) {
            throw new IllegalArgumentException("dataset \"" + name + "\": split fraction " + fraction + " of " + n
                    + " samples gives " + train + " train and " + (n - train)
                    + " test samples; both parts need at least 1");
        }
        int[] perm = permutation(n, rng);
        Dataset a = new Dataset(name + "/train", pick(perm, 0, train), pickY(perm, 0, train));
        Dataset b = new Dataset(name + "/test", pick(perm, train, n), pickY(perm, train, n));
        return new Dataset[] {a, b};
    }

    /**
     * A new dataset whose features are affinely rescaled column-wise to [lo, hi] (constant columns map to
     * (lo+hi)/2). Each column's minimum maps to exactly {@code lo} and its maximum to exactly {@code hi}; targets and
     * name are unchanged.
     *
     * @throws IllegalArgumentException unless {@code lo < hi}, both finite
     */
    public Dataset rescaled(double lo, double hi) {
        if (!(Double.isFinite(lo) && Double.isFinite(hi) && lo < hi)) {
            throw new IllegalArgumentException("dataset \"" + name + "\": rescale range [" + lo + ", " + hi
                    + "] is not allowed; it needs finite lo < hi");
        }
        int n = size();
        int f = features();
        double[][] out = new double[n][f];
        for (int j = 0; j < f; j++) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double[] row : x) {
                min = Math.min(min, row[j]);
                max = Math.max(max, row[j]);
            }
            // halves keep max - min finite for values near ±Double.MAX_VALUE
            double width = max / 2 - min / 2;
            for (int i = 0; i < n; i++) {
                double v;
                if (max == min) {
                    v = lo / 2 + hi / 2;
                } else {
                    double t = (x[i][j] / 2 - min / 2) / width;
                    v = x[i][j] == max ? hi : x[i][j] == min ? lo : lo * (1 - t) + hi * t;
                }
                out[i][j] = Math.min(hi, Math.max(lo, v));
            }
        }
        return new Dataset(name, out, y);
    }

    /** Compares names, features and targets by value. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Dataset d && name.equals(d.name) && Arrays.deepEquals(x, d.x) && Arrays.equals(y, d.y);
    }

    /** A hash of the name, features and targets, consistent with {@link #equals}. */
    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.deepHashCode(x), Arrays.hashCode(y));
    }

    /** The name and shape, e.g. {@code Dataset[parity-3: 8 samples x 3 features]}. */
    @Override
    public String toString() {
        return "Dataset[" + name + ": " + size() + " samples x " + features() + " features]";
    }

    /** A uniformly random permutation of {@code 0..n-1} (Fisher-Yates with {@code rng.nextInt(bound)}). */
    static int[] permutation(int n, RandomGenerator rng) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return perm;
    }

    private double[][] pick(int[] perm, int from, int to) {
        double[][] out = new double[to - from][];
        for (int k = from; k < to; k++) {
            out[k - from] = x[perm[k]];
        }
        return out;
    }

    private double[] pickY(int[] perm, int from, int to) {
        double[] out = new double[to - from];
        for (int k = from; k < to; k++) {
            out[k - from] = y[perm[k]];
        }
        return out;
    }

    private static double[][] deepCopy(double[][] a) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
        }
        return out;
    }
}
