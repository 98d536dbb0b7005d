package org.qnnlab.analysis;

import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Gate;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Operation;
import org.qnnlab.sim.noise.Channel;

/**
 * The noise-induced barren plateau bound of Wang, Fontana, Cerezo, Sharma, Sone, Cincio and Coles, "Noise-induced
 * barren plateaus in variational quantum algorithms", Nat. Commun. 12, 6961 (2021), arXiv:2007.14384, evaluated for a
 * concrete noisy circuit.
 *
 * <h2>The bound</h2>
 * Their noise model is <em>local Pauli noise</em>: a layer of single-qubit channels on every qubit,
 * {@code N(σ) = q_σ σ} for {@code σ ∈ {X, Y, Z}} with {@code |q_σ| < 1}, acting before and after each of the L
 * unitary layers, and {@code q = max |q_σ|}. For a cost {@code C̃ = Tr(O ρ̃)} and a parameter θ entering as
 * {@code exp(−iθH)}, the partial derivative is bounded as
 * <pre>
 *   |∂C̃/∂θ| ≤ √(8 ln 2) · g · ‖H‖_∞ · n^{1/2} · q^{L+1},
 * </pre>
 * with g a bound on the observable's operator norm. The form and the constant are as recalled from the paper's
 * theorem on the partial derivative: the copy of the paper available when this class was written held only its
 * abstract (gradients vanish exponentially in L under local Pauli noise), so check the constant against the paper
 * before relying on it; the tests check that every sampled {@code |∂C̃|} lies below it. The argument behind it, as
 * reconstructed here: after K complete noise layers the state is within {@code ‖ρ̃ − I/2^n‖_1 ≤ √(2 ln 2 · n) q^K}
 * of the maximally mixed state, so every value of the cost is within {@code g} times that of {@code Tr(O)/2^n}, and
 * the derivative is a difference of two such values (the parameter-shift rule, which stays exact under noise
 * because no channel depends on θ).
 *
 * <h2>How it is applied here</h2>
 * qnnlab places channels after gates ({@link org.qnnlab.sim.noise.NoiseModel}), not in separate layers, so the
 * exponent is the number K of <em>complete</em> noise layers the circuit contains ({@link #noiseLayers}): a layer is
 * counted at the first point where the last event on every qubit is a single-qubit local Pauli channel (channels
 * that only had gates on other qubits between them commute into one layer), and the next layer needs a fresh channel
 * on every qubit. K plays the role of L + 1. For the HEA with a channel after every gate, K = 3 per layer (after the
 * RY block, the RZ block and the CZ ladder), so the bound is far from tight in L; it is a bound, not a prediction.
 * The other ingredients: g = Σ|w_j| over the observable's Pauli terms (its constant does not change a derivative)
 * and, for a parameter in several gates {@code exp(−iα/2·P)} with {@code α = a·θ + …}, the triangle inequality over
 * them: {@code ‖H‖_∞ → Σ |a|/2}. Since the bound holds at every θ, the variance over random initializations obeys
 * {@code Var[∂C̃] ≤ E[(∂C̃)²] ≤ bound²}.
 *
 * <p>It does <em>not</em> apply (and {@link #of} says why) to non-unital or non-Pauli noise (amplitude damping,
 * thermal relaxation: no proof in the paper), to two-qubit channels (not a product of single-qubit channels), to
 * channels with some {@code |q_σ| = 1} (bit or phase flip alone: nothing decays along that axis), to circuits in which
 * some qubit never gets a channel, or to parameters of gates other than Pauli rotations.
 */
public final class NoiseInducedBarrenPlateau {

    private static final double PREFACTOR = Math.sqrt(8 * Math.log(2));

    /**
     * What {@link #of} evaluates and where it comes from, in one paragraph for results files: the form, its
     * ingredients, and that the form and constant are as recalled from the paper, not yet checked against its
     * theorem (only the abstract was at hand; see the class comment).
     */
    public static final String STATEMENT = "|dC/dtheta_k| <= sqrt(8 ln 2) g ||H||_inf n^(1/2) q^K (Wang et al., "
            + "Nat. Commun. 12, 6961 (2021), arXiv:2007.14384), for local Pauli noise only: q = max |q_sigma| over "
            + "the channels, K = complete noise layers on every qubit in the circuit (their L + 1), g = sum of "
            + "|weights| of the cost, ||H||_inf = sum |a|/2 over the gates of theta_k; the variance bound is its "
            + "square. A bound, not a prediction: with a channel after every gate it is loose in depth. The form and "
            + "the constant sqrt(8 ln 2) are as recalled from the paper and not yet checked against its theorem";

    private NoiseInducedBarrenPlateau() {
    }

    /**
     * The bound for one parameter of one noisy circuit, or the reason there is none.
     *
     * @param value       the bound on {@code |∂C̃/∂θ_k|}, or NaN when it does not apply
     * @param q           the largest Pauli contraction factor {@code max |q_σ|} over the circuit's channels (NaN if
     *                    some channel is not local Pauli noise)
     * @param noiseLayers K, the number of complete noise layers (Wang et al.'s L + 1)
     * @param observableNorm g = Σ|w_j|
     * @param generatorNorm  Σ|a|/2 over the gates of θ_k
     * @param note        why it does not apply, or null
     */
    public record Bound(double value, double q, int noiseLayers, double observableNorm, double generatorNorm,
            String note) {

        /** True when the bound applies ({@link #value} is a number). */
        public boolean applies() {
            return note == null;
        }

        /** {@code value²}: the bound on {@code Var[∂C̃/∂θ_k]} over any distribution of θ (NaN if none). */
        public double varianceBound() {
            return value * value;
        }
    }

    /**
     * The decay of a gradient variance in depth beside the bound's: the exponential fit
     * {@code Var ≈ c·e^(−λL)} of measured variances over layer counts, and the bound's rate
     * {@code λ_bound = 2 ln(1/q)·ΔK/ΔL} (its square falls by {@code q^{2ΔK}} from the shallowest to the deepest point).
     * A measured rate near λ_bound means the noise, not the circuit, sets the decay; the bound says nothing more.
     *
     * @param measured  the fit of the measured variances
     * @param boundRate λ_bound, NaN when the bound does not apply at both ends
     */
    public record DepthDecay(Fits.Exponential measured, double boundRate) {
    }

    /**
     * {@link DepthDecay} from variances measured at {@code layers} (at least 2 distinct depths, variances &gt; 0) with
     * the bounds at the same depths.
     *
     * @throws IllegalArgumentException as {@link Fits#exponential}, or if the arrays differ in length
     */
    public static DepthDecay depthDecay(int[] layers, double[] variances, Bound[] bounds) {
        if (bounds.length != layers.length) {
            throw new IllegalArgumentException(layers.length + " depths but " + bounds.length + " bounds");
        }
        double[] l = new double[layers.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = layers[i];
        }
        Fits.Exponential fit = Fits.exponential(l, variances);
        int lo = 0;
        int hi = 0;
        for (int i = 0; i < layers.length; i++) {
            lo = layers[i] < layers[lo] ? i : lo;
            hi = layers[i] > layers[hi] ? i : hi;
        }
        Bound a = bounds[lo];
        Bound b = bounds[hi];
        double rate = a.applies() && b.applies() && layers[hi] > layers[lo]
                ? Math.log(a.varianceBound() / b.varianceBound()) / (layers[hi] - layers[lo]) : Double.NaN;
        return new DepthDecay(fit, rate);
    }

    /**
     * Wang et al.'s bound on {@code |∂Tr(Oρ̃)/∂θ_k|} for {@code noisy} (a circuit with its channels placed, e.g. by
     * {@link org.qnnlab.sim.noise.NoiseModel#apply}), as described in the class comment.
     *
     * @throws IllegalArgumentException if k is not a parameter of the circuit
     */
    public static Bound of(Circuit noisy, Observable cost, int parameterIndex) {
        if (parameterIndex < 0 || parameterIndex >= noisy.numParameters()) {
            throw new IllegalArgumentException("parameter index " + parameterIndex + " out of range; allowed: 0.."
                    + (noisy.numParameters() - 1));
        }
        double g = 0;
        for (Observable.Term t : cost.terms()) {
            g += Math.abs(t.weight());
        }
        double h = 0;
        String gateNote = null;
        for (Operation op : noisy.operations()) {
            for (var angle : op.angles()) {
                double[] coef = {0};
                angle.forEachParam((p, a) -> {
                    if (p == parameterIndex) {
                        coef[0] += a;
                    }
                });
                if (coef[0] == 0) {
                    continue;
                }
                if (op.gate().family() != Gate.Family.PAULI_ROTATION || op.controls().length > 0) {
                    gateNote = "θ_" + parameterIndex + " enters gate " + op.gate().name() + ", not an uncontrolled "
                            + "Pauli rotation exp(−iα/2·P)";
                }
                h += Math.abs(coef[0]) / 2;
            }
        }
        double q = 0;
        String noiseNote = null;
        for (Circuit.ChannelSite site : noisy.channels()) {
            double qc = pauliFactor(site.channel());
            if (Double.isNaN(qc)) {
                noiseNote = "channel " + site.channel() + " is not local Pauli noise (a single-qubit channel "
                        + "N(σ) = q_σ σ); Wang et al.'s bound is proved for local Pauli noise only";
                q = Double.NaN;
                break;
            }
            q = Math.max(q, qc);
        }
        int k = noiseLayers(noisy);
        String note = noiseNote != null ? noiseNote
                : gateNote != null ? gateNote
                : k == 0 ? "the circuit has no complete layer of noise on every qubit"
                : q >= 1 - 1e-12 ? "a channel leaves some Pauli axis undamped (max |q_σ| = 1)"
                : null;
        double value = note == null ? PREFACTOR * g * h * Math.sqrt(noisy.numQubits()) * Math.pow(q, k) : Double.NaN;
        return new Bound(value, q, k, g, h, note);
    }

    /**
     * K: complete noise layers in circuit order. A layer is counted where the last event on every qubit is a
     * single-qubit channel (channels on different qubits with only gates on other qubits between them commute into
     * one layer); then every qubit needs a fresh channel for the next. Which channels count is not checked here
     * ({@link #of} requires all to be local Pauli noise).
     */
    public static int noiseLayers(Circuit noisy) {
        int n = noisy.numQubits();
        boolean[] fresh = new boolean[n];
        int freshCount = 0;
        int layers = 0;
        var ops = noisy.operations();
        var sites = noisy.channels();
        int c = 0;
        for (int i = 0; i <= ops.size(); i++) {
            for (; c < sites.size() && sites.get(c).position() == i; c++) {
                int[] qs = sites.get(c).qubits();
                if (qs.length != 1) {
                    continue; // a 2-qubit channel is not part of a local layer
                }
                if (!fresh[qs[0]]) {
                    fresh[qs[0]] = true;
                    freshCount++;
                }
                if (freshCount == n) {
                    layers++;
                    java.util.Arrays.fill(fresh, false);
                    freshCount = 0;
                }
            }
            if (i < ops.size()) {
                Operation op = ops.get(i);
                for (int q : op.targets()) {
                    freshCount -= fresh[q] ? 1 : 0;
                    fresh[q] = false;
                }
                for (int q : op.controls()) {
                    freshCount -= fresh[q] ? 1 : 0;
                    fresh[q] = false;
                }
            }
        }
        return layers;
    }

    /**
     * {@code max |q_σ|} of a single-qubit channel with Pauli transfer matrix {@code diag(1, q_X, q_Y, q_Z)}
     * ({@code q_σ = Tr(σ N(σ))/2}), or NaN if the channel is not of that form (to 1e-12): non-unital, not diagonal
     * in the Pauli basis, or on two qubits.
     */
    static double pauliFactor(Channel channel) {
        if (channel.numQubits() != 1) {
            return Double.NaN;
        }
        String[] words = {"I", "X", "Y", "Z"};
        double max = 0;
        for (int b = 0; b < 4; b++) {
            double[] out = channel.apply(org.qnnlab.sim.ComplexMatrices.pauliWord(words[b]));
            for (int a = 0; a < 4; a++) {
                double[] pa = org.qnnlab.sim.ComplexMatrices.pauliWord(words[a]);
                double re = 0; // Tr(σ_a N(σ_b))/2, real for Hermitian arguments
                for (int i = 0; i < 2; i++) {
                    for (int j = 0; j < 2; j++) {
                        re += pa[2 * (i * 2 + j)] * out[2 * (j * 2 + i)] - pa[2 * (i * 2 + j) + 1] * out[2 * (j * 2 + i) + 1];
                    }
                }
                re /= 2;
                double want = a == b ? re : 0;
                if (Math.abs(re - want) > 1e-12 || (a == 0 && b == 0 && Math.abs(re - 1) > 1e-12)) {
                    return Double.NaN;
                }
                if (a == b && a > 0) {
                    max = Math.max(max, Math.abs(re));
                }
            }
        }
        return max;
    }
}
