package org.qnnlab.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.PauliString;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.StateVector;
import org.qnnlab.train.Parallel;

/**
 * Wishart degrees of freedom of a loss landscape (after E. R. Anschuetz, "A unified theory of quantum neural network
 * loss landscapes", arXiv:2408.11901, ICLR 2025; the degrees of freedom here are not yet the paper's definition, see
 * docs/PAPERS.md): at a
 * deep random circuit (an approximate unitary 2-design) the loss {@code f = <ψ|O|ψ>} is distributed like a
 * Wishart/χ² variable whose degrees of freedom are fixed by the observable. For a rank-r projector P in dimension
 * {@code d = 2^n} and Haar-random ψ, {@code f = Σ_{i≤r} |ψ_i|² ~ Beta(r, d − r) ≈ Gamma(shape r, scale 1/d) =
 * χ²_{2r}/(2d)}. A general O splits into its positive and negative parts, each with
 * {@code r± = ⌈(Tr O±)²/Tr(O±²)⌉} (participation ratio; exact for a projector).
 */
public final class Wishart {

    /** Largest qubit count whose dense {@code 2^n × 2^n} observable matrix {@link #degreesOfFreedom} builds. */
    public static final int MAX_DENSE_QUBITS = 12;

    /**
     * Default depth of the "deep" HEA in layers per qubit, {@code layers = 6n}. The RY–RZ–CZ-ladder HEA mixes slowly:
     * the sampled variance of a rank-d/4 projector's loss over its Haar (2-design) value
     * {@code r(d − r)/(d²(d + 1))} measured 2.1 / 1.18 / 1.04 at L = 2n / 4n / 6n for n = 5 and 3.1 / 1.28 / 1.07 for
     * n = 6 (4000 samples), so 2n is not yet a 2-design at these sizes.
     */
    public static final int DEEP_LAYERS_PER_QUBIT = 6;

    /** Eigenvalues with {@code |λ| ≤ ZERO_TOLERANCE·max|λ|} count as zero (rounding of the dense eigensolver). */
    static final double ZERO_TOLERANCE = 1e-10;

    private Wishart() {
    }

    /**
     * Degrees of freedom of the positive and negative parts of an observable.
     *
     * @param positive {@code r+ = ⌈(Tr O+)²/Tr(O+²)⌉}, 0 if O has no positive eigenvalue
     * @param negative {@code r− = ⌈(Tr O−)²/Tr(O−²)⌉} with {@code O− = max(−O, 0)}, 0 if none
     */
    public record Dof(int positive, int negative) {
    }

    /**
     * Degrees of freedom of the Hermitian observable O on n qubits: O is built as a dense {@code 2^n × 2^n} matrix
     * (each Pauli term {@code w·P} applied to the basis vectors, {@code P|b> = i^{|x∧z|} (−1)^{|b∧z|} |b ⊕ x>}),
     * diagonalized (directly for diagonal O; as a real symmetric matrix if every term has an even number of Y's;
     * otherwise via the real embedding {@code [[A, −B], [B, A]]} of {@code A + iB}, whose spectrum is O's, doubled),
     * and split into {@code O± }; {@code r± = ⌈(Σ_{λ≷0} |λ|)² / Σ_{λ≷0} λ²⌉}. Eigenvalues below
     * {@code 1e-10·max|λ|} count as zero and ratios within 1e-9 of an integer are rounded to it before the ceiling.
     * A rank-r projector gives {@code (r, 0)}; a Pauli string gives {@code (2^(n−1), 2^(n−1))}. Cost: O(d³) time;
     * memory {@code 8d²} bytes, or {@code 32d²} on the complex path (512 MiB at n = 12).
     *
     * @throws IllegalArgumentException if n is outside 1..{@value #MAX_DENSE_QUBITS} or O acts on a qubit ≥ n
     */
    public static Dof degreesOfFreedom(Observable o, int n) {
        double[] ev = spectrum(o, n);
        double max = 0;
        for (double l : ev) {
            max = Math.max(max, Math.abs(l));
        }
        double cut = ZERO_TOLERANCE * max;
        double tp = 0;
        double tp2 = 0;
        double tn = 0;
        double tn2 = 0;
        for (double l : ev) {
            if (l > cut) {
                tp += l;
                tp2 += l * l;
            } else if (l < -cut) {
                tn -= l;
                tn2 += l * l;
            }
        }
        return new Dof(participation(tp, tp2), participation(tn, tn2));
    }

    private static int participation(double trace, double traceSquare) {
        if (traceSquare == 0) {
            return 0;
        }
        double ratio = trace * trace / traceSquare;
        double nearest = Math.rint(ratio);
        return (int) (Math.abs(ratio - nearest) <= 1e-9 * Math.max(1, ratio) ? nearest : Math.ceil(ratio));
    }

    /**
     * The projector {@code |0…0><0…0|} on qubits {@code 0..k−1}, {@code Π_{i<k} (I + Z_i)/2}, expanded into its
     * {@code 2^k} Pauli terms {@code 2^−k Σ_{S ⊆ {0..k−1}} Z_S}; rank {@code 2^(n−k)} on n qubits.
     *
     * @throws IllegalArgumentException if k is outside 1..30
     */
    public static Observable zeroProjector(int k) {
        if (k < 1 || k > 30) {
            throw new IllegalArgumentException("projector on " + k + " qubits out of range; allowed: 1..30");
        }
        double w = Math.scalb(1.0, -k);
        List<Observable.Term> terms = new ArrayList<>(1 << k);
        for (long mask = 0; mask < (1L << k); mask++) {
            terms.add(new Observable.Term(w, PauliString.ofMasks(0, mask)));
        }
        return Observable.of(terms, 0);
    }

    /**
     * The eigenvalues of O on n qubits, ascending.
     *
     * @throws IllegalArgumentException as {@link #degreesOfFreedom}
     */
    static double[] spectrum(Observable o, int n) {
        Objects.requireNonNull(o, "observable");
        if (n < 1 || n > MAX_DENSE_QUBITS) {
            throw new IllegalArgumentException("qubits " + n + " out of range for a dense observable; allowed: 1.."
                    + MAX_DENSE_QUBITS);
        }
        checkFits(o, n);
        int d = 1 << n;
        boolean diagonal = true;
        boolean real = true;
        for (Observable.Term t : o.terms()) {
            PauliString p = t.pauli();
            diagonal &= p.xMask() == 0;
            real &= (Long.bitCount(p.xMask() & p.zMask()) & 1) == 0;
        }
        if (diagonal) {
            double[] ev = new double[d];
            for (int b = 0; b < d; b++) {
                double v = o.constant();
                for (Observable.Term t : o.terms()) {
                    v += (Long.bitCount(b & t.pauli().zMask()) & 1) == 0 ? t.weight() : -t.weight();
                }
                ev[b] = v;
            }
            Arrays.sort(ev);
            return ev;
        }
        int size = real ? d : 2 * d;
        DMatrixRMaj m = new DMatrixRMaj(size, size);
        for (int b = 0; b < d; b++) {
            m.add(b, b, o.constant());
            if (!real) {
                m.add(b + d, b + d, o.constant());
            }
        }
        for (Observable.Term t : o.terms()) {
            long x = t.pauli().xMask();
            long z = t.pauli().zMask();
            int ys = Long.bitCount(x & z) & 3; // phase i^ys
            for (int b = 0; b < d; b++) {
                int row = (int) (b ^ x);
                double sign = (Long.bitCount(b & z) & 1) == 0 ? 1 : -1;
                double w = t.weight() * sign * (ys >= 2 ? -1 : 1);
                if ((ys & 1) == 0) { // real entry A[row][b]
                    m.add(row, b, w);
                    if (!real) {
                        m.add(row + d, b + d, w);
                    }
                } else { // imaginary entry: B[row][b] = w
                    m.add(row, b + d, -w);
                    m.add(row + d, b, w);
                }
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(size, false, true);
        if (!eig.decompose(m)) {
            throw new IllegalStateException("eigendecomposition of the " + size + "×" + size
                    + " observable matrix did not converge");
        }
        double[] all = new double[size];
        for (int i = 0; i < size; i++) {
            all[i] = eig.getEigenvalue(i).getReal();
        }
        Arrays.sort(all);
        if (real) {
            return all;
        }
        double[] ev = new double[d]; // the embedding repeats every eigenvalue twice: average the pairs
        for (int i = 0; i < d; i++) {
            ev[i] = 0.5 * (all[2 * i] + all[2 * i + 1]);
        }
        return ev;
    }

    /**
     * {@code samples} values of {@code f(θ) = <ψ(θ)|O|ψ(θ)>} for the hardware-efficient ansatz
     * {@link Ansatz#hea(int, int) hea(n, layers)} at independent uniform parameters {@code θ ~ U[0, 2π)^M}; sample s
     * draws θ from {@code new Rng(seed + s)}, so the result does not depend on {@code threads}. For
     * {@code layers ≳ 6n} ({@link #DEEP_LAYERS_PER_QUBIT}) the circuit is close to a unitary 2-design and f follows
     * the Wishart law of {@link #degreesOfFreedom}.
     *
     * @throws IllegalArgumentException if n, layers, samples or threads is below 1, or O acts on a qubit ≥ n
     */
    public static double[] sampleLosses(Simulator sim, Observable o, int n, int layers, int samples, long seed,
            int threads) {
        Objects.requireNonNull(sim, "sim");
        Objects.requireNonNull(o, "observable");
        if (n < 1 || layers < 1 || samples < 1 || threads < 1) {
            throw new IllegalArgumentException("qubits " + n + ", layers " + layers + ", samples " + samples
                    + ", threads " + threads + ": each must be at least 1");
        }
        checkFits(o, n);
        Circuit c = Ansatz.hea(n, layers);
        int params = c.numParameters();
        double[] out = new double[samples];
        double[] none = new double[0];
        // one reusable state per chunk: allocating and freeing an off-heap state costs far more than running a
        // small circuit on it
        int chunks = Math.min(threads, samples);
        Parallel.forEach(chunks, chunks, k -> {
            int lo = (int) ((long) samples * k / chunks);
            int hi = (int) ((long) samples * (k + 1) / chunks);
            try (StateVector psi = StateVector.zero(n)) {
                for (int s = lo; s < hi; s++) {
                    psi.reset();
                    sim.apply(c, Circuit.randomAngles(params, seed + s), none, psi);
                    out[s] = o.expectation(sim.kernel(), psi);
                }
            }
        });
        return out;
    }

    /**
     * {@link #sampleLosses(Simulator, Observable, int, int, int, long, int)} at the default deep depth
     * {@code layers = }{@value #DEEP_LAYERS_PER_QUBIT}{@code ·n}.
     */
    public static double[] sampleLosses(Simulator sim, Observable o, int n, int samples, long seed, int threads) {
        return sampleLosses(sim, o, n, DEEP_LAYERS_PER_QUBIT * n, samples, seed, threads);
    }

    /**
     * Sampled losses of a rank-r projector compared with their predicted laws.
     *
     * @param degreesOfFreedom r
     * @param ksBeta           KS statistic against the exact Haar law Beta(r, 2^n − r)
     * @param ksChiSquared     KS statistic against the χ² approximation Gamma(shape r, scale 2^−n) = χ²_{2r}/2^(n+1)
     * @param mean             sample mean (Haar: r/d)
     * @param variance         unbiased sample variance (Haar: r(d − r)/(d²(d + 1)))
     * @param excessKurtosis   sample excess kurtosis (Beta(1, d − 1) → 6 as d → ∞; large r → 0)
     * @param samples          sample count N (5 % KS critical value ≈ 1.36/√N)
     */
    public record Comparison(int degreesOfFreedom, double ksBeta, double ksChiSquared, double mean, double variance,
            double excessKurtosis, int samples) {
    }

    /**
     * Compares sampled losses {@code f = <ψ|P|ψ>} of a rank-r projector P on n qubits ({@code d = 2^n}) with the Haar
     * law {@code Beta(r, d − r)} and its χ² (Gamma(r, 1/d)) approximation by the KS statistic, plus sample moments.
     *
     * @throws IllegalArgumentException unless {@code 1 ≤ r < 2^n}, {@code 1 ≤ n ≤ 60} and there are ≥ 2 samples
     */
    public static Comparison compare(double[] samples, int r, int n) {
        if (n < 1 || n > 60) {
            throw new IllegalArgumentException("qubits " + n + " out of range; allowed: 1..60");
        }
        double d = Math.scalb(1.0, n);
        if (r < 1 || r >= d) {
            throw new IllegalArgumentException("rank " + r + " out of range for d = 2^" + n + "; allowed: 1.."
                    + (long) (d - 1));
        }
        if (samples.length < 2) {
            throw new IllegalArgumentException(samples.length + " sample(s); need at least 2");
        }
        double ksBeta = Distributions.ksStatistic(samples, x -> Distributions.betaCdf(x, r, d - r));
        double ksChi = Distributions.ksStatistic(samples, x -> Distributions.gammaCdf(x, r, 1 / d));
        return new Comparison(r, ksBeta, ksChi, Distributions.mean(samples), Distributions.variance(samples),
                Distributions.excessKurtosis(samples), samples.length);
    }

    private static void checkFits(Observable o, int n) {
        if (o.maxQubit() >= n) {
            throw new IllegalArgumentException("observable acts on qubit " + o.maxQubit() + " but there are only " + n
                    + " qubit" + (n == 1 ? "" : "s") + " (allowed qubits 0.." + (n - 1) + ")");
        }
    }
}
