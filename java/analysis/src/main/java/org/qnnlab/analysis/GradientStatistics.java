package org.qnnlab.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.PauliString;
import org.qnnlab.sim.Simulator;
import org.qnnlab.train.AdjointGradient;
import org.qnnlab.train.Parallel;

/**
 * Gradient statistics over random initializations: barren plateaus. McClean et al. (Nat. Commun. 9, 4812, 2018):
 * for random circuits forming a 2-design, {@code Var_θ[∂_k f]} vanishes exponentially in the qubit count n. Cerezo et
 * al. (Nat. Commun. 12, 1791, 2021): with a global cost ({@code Z^{⊗n}}) the decay is exponential even for shallow
 * circuits, with a local cost ({@code (1/n) Σ_i Z_i}) and depth {@code O(log n)} only polynomial.
 */
public final class GradientStatistics {

    /** Cost names accepted by {@link #cost}. */
    public static final List<String> COSTS = List.of("global", "local");

    private GradientStatistics() {
    }

    /**
     * The cost observables of Cerezo et al.: {@code global = Z_0 Z_1 … Z_{n−1}} and
     * {@code local = (1/n) Σ_i Z_i}.
     *
     * @throws IllegalArgumentException for another name (listing the allowed ones) or n outside 1..63
     */
    public static Observable cost(String name, int n) {
        if (n < 1 || n > PauliString.MAX_QUBIT + 1) {
            throw new IllegalArgumentException("qubits " + n + " out of range; allowed: 1.."
                    + (PauliString.MAX_QUBIT + 1));
        }
        String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return switch (key) {
            case "global" -> Observable.of(PauliString.ofMasks(0, (1L << n) - 1));
            case "local" -> {
                List<Observable.Term> terms = new ArrayList<>(n);
                for (int q = 0; q < n; q++) {
                    terms.add(new Observable.Term(1.0 / n, PauliString.single('Z', q)));
                }
                yield Observable.of(terms, 0);
            }
            default -> throw new IllegalArgumentException("unknown cost '" + name + "'; allowed: "
                    + String.join(", ", COSTS));
        };
    }

    /**
     * Statistics of one partial derivative {@code ∂f/∂θ_k} over random initializations.
     *
     * @param qubits     n
     * @param layers     HEA layers L
     * @param parameters M = 2nL
     * @param variance   unbiased sample variance {@code (1/(N−1)) Σ_s (g_s − ḡ)²}
     * @param mean       sample mean ḡ (≈ 0: the standard error is {@code √(variance/N)})
     * @param samples    the N sampled derivatives {@code g_s}, in sample order (for histograms)
     */
    public record Point(int qubits, int layers, int parameters, double variance, double mean, double[] samples) {
    }

    /**
     * Samples {@code ∂f/∂θ_k} with {@code f(θ) = <ψ(θ)|C|ψ(θ)>} for the HEA {@link Ansatz#hea(int, int)
     * hea(qubits, layers)} and {@code C = }{@link #cost cost(cost, qubits)}, at {@code samples} initializations
     * {@code θ ~ U[0, 2π)^M}; sample s draws θ from {@code new Rng(seed + s)} and is differentiated by
     * {@link AdjointGradient}, samples running in parallel ({@link Parallel#forEach}), so the result does not depend
     * on {@code threads}.
     *
     * @throws IllegalArgumentException if qubits, layers or threads is below 1, samples below 2, the cost unknown or
     *     the parameter index outside {@code [0, M)}
     */
    public static Point measure(Simulator sim, int qubits, int layers, String cost, int parameterIndex, int samples,
            long seed, int threads) {
        Objects.requireNonNull(sim, "sim");
        if (qubits < 1 || layers < 1 || threads < 1) {
            throw new IllegalArgumentException("qubits " + qubits + ", layers " + layers + ", threads " + threads
                    + ": each must be at least 1");
        }
        if (samples < 2) {
            throw new IllegalArgumentException("samples " + samples + "; need at least 2 for a variance");
        }
        Observable o = cost(cost, qubits);
        Circuit c = Ansatz.hea(qubits, layers);
        int m = c.numParameters();
        if (parameterIndex < 0 || parameterIndex >= m) {
            throw new IllegalArgumentException("parameter index " + parameterIndex + " out of range; allowed: 0.."
                    + (m - 1));
        }
        AdjointGradient adjoint = new AdjointGradient(sim);
        double[] none = new double[0];
        double[] g = new double[samples];
        Parallel.forEach(samples, threads, s -> {
            double[] theta = Circuit.randomAngles(m, seed + s);
            g[s] = adjoint.gradient(c, theta, none, o).gradient()[parameterIndex];
        });
        return new Point(qubits, layers, m, Distributions.variance(g), Distributions.mean(g), g);
    }

    /** {@link #measure(Simulator, int, int, String, int, int, long, int)} for the first parameter, k = 0. */
    public static Point measure(Simulator sim, int qubits, int layers, String cost, int samples, long seed,
            int threads) {
        return measure(sim, qubits, layers, cost, 0, samples, seed, threads);
    }

    /**
     * Exponential decay of the gradient variance with the qubit count.
     *
     * @param ratePerQubit      b in {@code Var ∝ e^(−b n)}
     * @param ratePerQubitBase2 {@code b / ln 2}: {@code Var ∝ 2^(−n·b/ln2)} (1 means halving per qubit)
     * @param r2                coefficient of determination of the fit of {@code ln Var} on n
     */
    public record Decay(double ratePerQubit, double ratePerQubitBase2, double r2) {
    }

    /**
     * Least-squares fit {@code ln Var = a − b·n} over points that share one depth: b is the slope's negative,
     * {@code R² = 1 − SS_res/SS_tot} (1 when every ln Var is equal).
     *
     * @throws IllegalArgumentException if the points mix layer counts, have fewer than two distinct qubit counts or a
     *     non-positive / non-finite variance
     */
    public static Decay fitDecay(List<Point> points) {
        if (points.size() < 2) {
            throw new IllegalArgumentException(points.size()
                    + " point(s); need at least 2 with different qubit counts");
        }
        int layers = points.get(0).layers();
        double sx = 0;
        double sy = 0;
        int minQ = Integer.MAX_VALUE;
        int maxQ = Integer.MIN_VALUE;
        for (Point p : points) {
            if (p.layers() != layers) {
                throw new IllegalArgumentException("points mix depths " + layers + " and " + p.layers()
                        + " layers; fit one depth at a time");
            }
            if (!(p.variance() > 0) || Double.isInfinite(p.variance())) {
                throw new IllegalArgumentException("variance " + p.variance() + " at n = " + p.qubits()
                        + " must be positive and finite for a log fit");
            }
            minQ = Math.min(minQ, p.qubits());
            maxQ = Math.max(maxQ, p.qubits());
            sx += p.qubits();
            sy += Math.log(p.variance());
        }
        if (minQ == maxQ) {
            throw new IllegalArgumentException("all points have n = " + minQ + "; need at least 2 qubit counts");
        }
        int k = points.size();
        double mx = sx / k;
        double my = sy / k;
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (Point p : points) {
            double dx = p.qubits() - mx;
            double dy = Math.log(p.variance()) - my;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }
        double slope = sxy / sxx;
        double ssRes = syy - slope * sxy;
        double r2 = syy == 0 ? 1 : 1 - Math.max(0, ssRes) / syy;
        double b = -slope;
        return new Decay(b, b / Math.log(2), r2);
    }
}
