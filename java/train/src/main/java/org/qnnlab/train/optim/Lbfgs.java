package org.qnnlab.train.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Limited-memory BFGS (Nocedal &amp; Wright, <i>Numerical Optimization</i>, 2nd ed., 2006, §7.2): a quasi-Newton method
 * that approximates the inverse Hessian from the last {@code m} steps {@code s_k = θ_{k+1} − θ_k} and gradient changes
 * {@code y_k = ∇f(θ_{k+1}) − ∇f(θ_k)}. On smooth, deterministic objectives (exact gradients, full batch) it needs far
 * fewer steps than first-order methods; it is not meant for noisy gradients.
 *
 * <p>One step:
 * <ol>
 *   <li>Evaluate {@code f} and {@code g = ∇f} at θ.</li>
 *   <li>Direction {@code d = −H g} by the two-loop recursion (Algorithm 7.4) with {@code H0 = γ I},
 *       {@code γ = s·y / y·y} of the newest pair (eq. 7.20). Without pairs, {@code d = −g}. If {@code g·d ≥ 0}
 *       (not a descent direction) the history is dropped and {@code d = −g}.</li>
 *   <li>Backtracking line search (Algorithm 3.1): the first trial step is {@code α = 1} for a quasi-Newton
 *       direction and {@code α = learningRate} for steepest descent (the first step, or after a reset), since
 *       {@code −g} has no natural length; α halves until the Armijo condition
 *       {@code f(θ + α d) ≤ f(θ) + c1 α g·d} holds with {@code c1 = 1e-4}, for at most 30 evaluations. If none
 *       holds, θ stays put and the history is dropped, so the next step starts over from steepest descent.</li>
 *   <li>Store {@code (s, y)} with both gradients from the same objective, unless {@code s·y ≤ 1e-10 |s||y|}: without
 *       positive curvature the BFGS update would not stay positive definite (§7.2, skipping). The oldest of
 *       {@code m} pairs is dropped.</li>
 * </ol>
 * Each step costs one evaluation plus one per line-search trial (usually one). The learning rate only sets the
 * steepest-descent trial steps.
 *
 * <p>State: {@code dimension} (parameter count; 0 before the first step), and {@code s}, {@code y}: the stored pairs,
 * oldest first, each {@code dimension} values, concatenated.
 */
public final class Lbfgs implements Optimizer {

    /** Sufficient-decrease constant of the Armijo condition (Nocedal &amp; Wright suggest 1e-4). */
    static final double ARMIJO_C1 = 1e-4;
    /** Line-search trials per step, halving α each time: the last trial is {@code α0 / 2^29}. */
    static final int MAX_LINE_SEARCH_EVALUATIONS = 30;
    /** A pair is kept only if {@code s·y > CURVATURE_TOLERANCE · |s||y|}. */
    static final double CURVATURE_TOLERANCE = 1e-10;

    /**
     * The default history: 40 pairs. The classic 3–20 suits problems with thousands of parameters; variational
     * circuits have tens to hundreds, where a longer memory costs nothing beside the circuit passes and pays off in
     * the ill-conditioned valleys near the overparametrization threshold: on the TFIM HVA at n = 6 with 10 layers
     * (M = 20), 8 runs to ‖∇E‖ &lt; 1e-5 needed 15806 gradient evaluations with 10 pairs (two runs still unconverged
     * after 3000 steps) and 4227 with 40; 100 pairs did no better than 40 over the whole 1–20-layer sweep.
     */
    public static final int DEFAULT_HISTORY = 40;

    private static final List<String> KEYS = List.of("dimension", "s", "y");

    private final int history;
    private int dimension;
    private final List<double[]> s = new ArrayList<>();
    private final List<double[]> y = new ArrayList<>();

    /** A history of {@value #DEFAULT_HISTORY} pairs. */
    public Lbfgs() {
        this(DEFAULT_HISTORY);
    }

    /** @param history the number {@code m >= 1} of (s, y) pairs kept */
    public Lbfgs(int history) {
        if (history < 1) {
            throw new IllegalArgumentException("L-BFGS history " + history + "; allowed: an integer >= 1");
        }
        this.history = history;
    }

    @Override
    public double step(double[] theta, Objective f, double learningRate) {
        OptimizerChecks.learningRate(learningRate);
        OptimizerChecks.dimension(name(), dimension, theta);
        dimension = theta.length;
        int n = theta.length;
        double[] g = new double[n];
        double f0 = f.valueAndGradient(theta, g);

        boolean steepest = s.isEmpty();
        double[] d = direction(g);
        double slope = dot(g, d);
        if (!(slope < 0)) {
            s.clear();
            y.clear();
            steepest = true;
            d = direction(g);
            slope = dot(g, d);
            if (!(slope < 0)) {
                return f0; // zero or non-finite gradient: no descent direction exists
            }
        }

        double alpha = steepest ? learningRate : 1.0;
        double[] trial = new double[n];
        double[] gTrial = new double[n];
        for (int e = 0; e < MAX_LINE_SEARCH_EVALUATIONS; e++) {
            for (int i = 0; i < n; i++) {
                trial[i] = theta[i] + alpha * d[i];
            }
            double fTrial = f.valueAndGradient(trial, gTrial);
            if (fTrial <= f0 + ARMIJO_C1 * alpha * slope) { // false for NaN
                accept(theta, trial, g, gTrial);
                return f0;
            }
            alpha *= 0.5;
        }
        s.clear();
        y.clear();
        return f0;
    }

    /** Moves θ to the accepted trial point and stores the pair if it has enough curvature. */
    private void accept(double[] theta, double[] trial, double[] g, double[] gTrial) {
        double[] sk = new double[theta.length];
        double[] yk = new double[theta.length];
        for (int i = 0; i < theta.length; i++) {
            sk[i] = trial[i] - theta[i];
            yk[i] = gTrial[i] - g[i];
        }
        System.arraycopy(trial, 0, theta, 0, theta.length);
        if (hasCurvature(sk, yk)) {
            if (s.size() == history) {
                s.removeFirst();
                y.removeFirst();
            }
            s.add(sk);
            y.add(yk);
        }
    }

    /** {@code −H g} by the two-loop recursion (Nocedal &amp; Wright, Algorithm 7.4); {@code −g} without pairs. */
    private double[] direction(double[] g) {
        int k = s.size();
        double[] r = g.clone();
        double[] alpha = new double[k];
        for (int i = k - 1; i >= 0; i--) {
            double rho = 1 / dot(y.get(i), s.get(i));
            alpha[i] = rho * dot(s.get(i), r);
            addScaled(r, -alpha[i], y.get(i));
        }
        if (k > 0) {
            double gamma = dot(s.get(k - 1), y.get(k - 1)) / dot(y.get(k - 1), y.get(k - 1));
            for (int j = 0; j < r.length; j++) {
                r[j] *= gamma;
            }
        }
        for (int i = 0; i < k; i++) {
            double rho = 1 / dot(y.get(i), s.get(i));
            double beta = rho * dot(y.get(i), r);
            addScaled(r, alpha[i] - beta, s.get(i));
        }
        for (int j = 0; j < r.length; j++) {
            r[j] = -r[j];
        }
        return r;
    }

    private static boolean hasCurvature(double[] sk, double[] yk) {
        return dot(sk, yk) > CURVATURE_TOLERANCE * Math.sqrt(dot(sk, sk)) * Math.sqrt(dot(yk, yk));
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** {@code r ← r + c·x}. */
    private static void addScaled(double[] r, double c, double[] x) {
        for (int i = 0; i < r.length; i++) {
            r[i] += c * x[i];
        }
    }

    @Override
    public String name() {
        return "lbfgs";
    }

    /** {@code dimension}, {@code s}, {@code y}. */
    @Override
    public Map<String, double[]> state() {
        Map<String, double[]> state = new LinkedHashMap<>();
        state.put("dimension", new double[] {dimension});
        state.put("s", concat(s));
        state.put("y", concat(y));
        return state;
    }

    private double[] concat(List<double[]> pairs) {
        double[] all = new double[pairs.size() * dimension];
        for (int p = 0; p < pairs.size(); p++) {
            System.arraycopy(pairs.get(p), 0, all, p * dimension, dimension);
        }
        return all;
    }

    /** Also checks that there are at most {@code history} pairs and that each has positive curvature. */
    @Override
    public void restore(Map<String, double[]> state) {
        OptimizerChecks.keys(name(), state, KEYS);
        long n = OptimizerChecks.counter(name(), state, "dimension");
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("state entry 'dimension' for lbfgs is " + n + "; too large");
        }
        OptimizerChecks.sameLength(name(), state, "y", "s");
        double[] allS = state.get("s");
        double[] allY = state.get("y");
        if (n == 0 ? allS.length != 0 : allS.length % n != 0) {
            throw new IllegalArgumentException("state entry 's' for lbfgs has length " + allS.length
                    + ", not a multiple of 'dimension' " + n);
        }
        int count = n == 0 ? 0 : (int) (allS.length / n);
        if (count > history) {
            throw new IllegalArgumentException("state entries 's' and 'y' for lbfgs hold " + count
                    + " pairs but this optimizer keeps at most " + history);
        }
        List<double[]> newS = new ArrayList<>();
        List<double[]> newY = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            double[] sk = Arrays.copyOfRange(allS, (int) (p * n), (int) ((p + 1) * n));
            double[] yk = Arrays.copyOfRange(allY, (int) (p * n), (int) ((p + 1) * n));
            if (!hasCurvature(sk, yk)) {
                throw new IllegalArgumentException("state entries 's' and 'y' for lbfgs: pair " + p
                        + " fails the curvature condition s·y > " + CURVATURE_TOLERANCE + "·|s||y|");
            }
            newS.add(sk);
            newY.add(yk);
        }
        dimension = (int) n;
        s.clear();
        y.clear();
        s.addAll(newS);
        y.addAll(newY);
    }
}
