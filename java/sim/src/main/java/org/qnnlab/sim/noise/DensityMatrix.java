package org.qnnlab.sim.noise;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;

import java.lang.foreign.MemorySegment;
import org.qnnlab.sim.Complex;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.OffHeapBudget;
import org.qnnlab.sim.Rng;
import org.qnnlab.sim.StateVector;
import org.qnnlab.sim.kernel.Kernels;

/**
 * A density matrix ρ of {@code n} qubits, held off-heap as a {@code 2n}-qubit {@link StateVector} so that every
 * kernel works on it unchanged.
 *
 * <h2>Layout</h2>
 * Entry {@code ρ[r][c]} is amplitude {@code r | (c << n)} of the 2n-qubit vector: the row index in the low n bits
 * (qubits 0..n−1), the column index in the high n bits (qubits n..2n−1). This is the column-stacking {@code vec(ρ)},
 * so {@code vec(AρB) = (Bᵀ ⊗ A) vec(ρ)}: a gate {@code ρ → UρU†} is U on the row qubits {@code qs} and {@code U*} on
 * the column qubits {@code qs + n}, and a channel is its superoperator {@code Σ K ⊗ K*} on {@code qs ∪ (qs + n)}
 * (see {@link Channel}). Interleaved complex128, qubit 0 least significant, as every state.
 *
 * <p>Memory: {@code 16·4^n} bytes, checked before allocation ({@link #checkFits}). Close it (try-with-resources) to
 * free it; the lifetime rules are {@link StateVector}'s.
 */
public final class DensityMatrix implements AutoCloseable {

    /** The largest density matrix a {@link StateVector} can hold: {@code 2n ≤ StateVector.MAX_QUBITS}. */
    public static final int MAX_QUBITS = StateVector.MAX_QUBITS / 2;

    private final int numQubits;
    private final StateVector vec;

    private DensityMatrix(int numQubits, StateVector vec) {
        this.numQubits = numQubits;
        this.vec = vec;
    }

    /** Bytes a density matrix of {@code n} qubits needs: {@code 16·4^n}. */
    public static long bytesFor(int numQubits) {
        return OffHeapBudget.bytesFor(2 * numQubits);
    }

    /**
     * Refuses a density matrix of {@code n} qubits that does not fit the off-heap budget now, before anything is
     * allocated, naming the estimate, the limit and what to do instead.
     *
     * @throws IllegalArgumentException if {@code n} is outside 1..{@value #MAX_QUBITS}
     * @throws IllegalStateException if it does not fit
     */
    public static void checkFits(int numQubits) {
        if (numQubits < 1 || numQubits > MAX_QUBITS) {
            throw new IllegalArgumentException("density matrix of " + numQubits + " qubits out of range; allowed: 1.."
                    + MAX_QUBITS + " (n = " + numQubits + " would need " + human(numQubits) + "); " + TRAJECTORIES_HINT);
        }
        long need = bytesFor(numQubits);
        OffHeapBudget.Limit limit = OffHeapBudget.limit();
        long free = Math.max(0, limit.bytes() - OffHeapBudget.inUse());
        if (need > free) {
            int fits = 0;
            while (fits < MAX_QUBITS && bytesFor(fits + 1) <= free) {
                fits++;
            }
            throw new IllegalStateException("n = " + numQubits + " needs a " + OffHeapBudget.human(need)
                    + " density matrix (16·4^" + numQubits + " bytes), but only " + OffHeapBudget.human(free)
                    + " of the " + OffHeapBudget.human(limit.bytes()) + " limit (" + limit.source() + ") is free; "
                    + (fits > 0 ? "at most n = " + fits + " fits here; " : "")
                    + TRAJECTORIES_HINT + " or raise -D" + OffHeapBudget.MAX_MEMORY_PROPERTY + " (qnn: in QNN_JAVA_OPTS)");
        }
    }

    /** Where to go when a density matrix is too large: trajectories, in the library and in the CLI. */
    static final String TRAJECTORIES_HINT = "use trajectories for more qubits (TrajectorySimulator; qnn simulate "
            + "--trajectories K)";

    private static String human(int n) {
        return n >= 32 ? "16·4^" + n + " bytes" : OffHeapBudget.human(bytesFor(n));
    }

    /**
     * {@code |0…0><0…0|} on {@code n} qubits.
     *
     * @throws IllegalArgumentException if {@code n} is outside 1..{@value #MAX_QUBITS}
     * @throws IllegalStateException if it does not fit in memory (nothing is allocated)
     */
    public static DensityMatrix zero(int numQubits) {
        checkFits(numQubits);
        return new DensityMatrix(numQubits, StateVector.zero(2 * numQubits)); // amplitude 0 is ρ[0][0] = 1
    }

    /**
     * {@code |ψ><ψ|} for a state ψ (taken as given, not normalised), built through Java arrays of 4^n entries: for
     * small n (tests, comparisons).
     */
    public static DensityMatrix pure(StateVector psi) {
        int n = psi.numQubits();
        checkFits(n);
        double[] a = psi.amplitudes();
        int d = 1 << n;
        double[] m = new double[2 * d * d];
        for (int r = 0; r < d; r++) {
            for (int c = 0; c < d; c++) { // ψ_r·conj(ψ_c)
                m[2 * (r * d + c)] = a[2 * r] * a[2 * c] + a[2 * r + 1] * a[2 * c + 1];
                m[2 * (r * d + c) + 1] = a[2 * r + 1] * a[2 * c] - a[2 * r] * a[2 * c + 1];
            }
        }
        return of(m);
    }

    /**
     * A density matrix from a {@code 2^n × 2^n} matrix (row-major, interleaved), copied as given (no check that it
     * is Hermitian, positive or of trace 1).
     *
     * @throws IllegalArgumentException if the length is not {@code 2·4^n} or a value is not finite
     */
    public static DensityMatrix of(double[] matrix) {
        int len = matrix.length;
        int bits = Integer.numberOfTrailingZeros(len);
        if (len < 8 || Integer.bitCount(len) != 1 || bits % 2 == 0) {
            throw new IllegalArgumentException("matrix of " + len + " doubles is not a 2^n × 2^n interleaved complex "
                    + "matrix; allowed lengths: 2·4^n (8, 32, 128, …)");
        }
        int n = (bits - 1) / 2;
        checkFits(n);
        int d = 1 << n;
        double[] v = new double[len];
        for (int r = 0; r < d; r++) {
            for (int c = 0; c < d; c++) {
                int at = r | (c << n);
                v[2 * at] = matrix[2 * (r * d + c)];
                v[2 * at + 1] = matrix[2 * (r * d + c) + 1];
            }
        }
        return new DensityMatrix(n, StateVector.of(v));
    }

    /** The number of qubits n (the vector has 2n). */
    public int numQubits() {
        return numQubits;
    }

    /** An independent copy of ρ (its own off-heap vector). */
    public DensityMatrix copy() {
        return new DensityMatrix(numQubits, vec.copy());
    }

    /** The vectorised ρ itself (2n qubits, see the layout above); closed with this density matrix. */
    public StateVector vectorized() {
        return vec;
    }

    /** {@code ρ[row][col]}. */
    public Complex entry(long row, long col) {
        long d = 1L << numQubits;
        if (row < 0 || row >= d || col < 0 || col >= d) {
            throw new IllegalArgumentException("entry (" + row + ", " + col + ") out of range for a " + numQubits
                    + "-qubit density matrix; allowed: 0.." + (d - 1));
        }
        return vec.amplitude(row | (col << numQubits));
    }

    /** ρ as a {@code 2^n × 2^n} matrix, row-major, interleaved (small matrices: at most 2^28 doubles). */
    public double[] toMatrix() {
        double[] v = vec.amplitudes();
        int d = 1 << numQubits;
        double[] m = new double[v.length];
        for (int r = 0; r < d; r++) {
            for (int c = 0; c < d; c++) {
                int at = r | (c << numQubits);
                m[2 * (r * d + c)] = v[2 * at];
                m[2 * (r * d + c) + 1] = v[2 * at + 1];
            }
        }
        return m;
    }

    /** The real part of {@code Tr ρ} (1 for a state; channels keep it). */
    public double trace() {
        MemorySegment s = vec.acquire();
        try {
            long d = 1L << numQubits;
            double t = 0;
            for (long r = 0; r < d; r++) {
                t += s.getAtIndex(JAVA_DOUBLE, 2 * (r | (r << numQubits)));
            }
            return t;
        } finally {
            vec.release();
        }
    }

    /**
     * The purity {@code Tr ρ² = Σ |ρ_rc|²} (for Hermitian ρ), the squared norm of the vector, computed by the default
     * kernel: 1 for a pure state, {@code 2^−n} for the maximally mixed one.
     */
    public double purity() {
        MemorySegment s = vec.acquire();
        try {
            return Kernels.defaultKernel().normSquared(s, 2 * numQubits);
        } finally {
            vec.release();
        }
    }

    /**
     * {@code Tr(ρO) = c·Tr ρ + Σ_j w_j Tr(ρ P_j)}, each Pauli term by one read of the 2^n entries it touches:
     * {@code Tr(ρP) = Σ_r i^{|x∧z|} (−1)^{|r∧z|} ρ[r][r⊕x]} for {@code P = (x, z)} (the kernels' Pauli convention).
     * No 2^n × 2^n matrix of O is formed. The real part is returned (exact for Hermitian ρ).
     *
     * @throws IllegalArgumentException if a term acts on a qubit ρ does not have
     */
    public double expectation(Observable o) {
        if (o.maxQubit() >= numQubits) {
            throw new IllegalArgumentException("observable acts on qubit " + o.maxQubit() + " but the density "
                    + "matrix has " + numQubits + " qubit" + (numQubits == 1 ? "" : "s") + " (allowed qubits 0.."
                    + (numQubits - 1) + ")");
        }
        MemorySegment s = vec.acquire();
        try {
            double sum = o.constant() == 0 ? 0 : o.constant() * trace();
            for (Observable.Term t : o.terms()) {
                sum += t.weight() * tracePauli(s, t.pauli().xMask(), t.pauli().zMask());
            }
            return sum;
        } finally {
            vec.release();
        }
    }

    /** Re Tr(ρP) for the Pauli string (x, z). */
    private double tracePauli(MemorySegment s, long x, long z) {
        long d = 1L << numQubits;
        double re = 0;
        double im = 0;
        for (long r = 0; r < d; r++) {
            long at = r | ((r ^ x) << numQubits);
            double sign = (Long.bitCount(r & z) & 1) == 0 ? 1 : -1;
            re += sign * s.getAtIndex(JAVA_DOUBLE, 2 * at);
            im += sign * s.getAtIndex(JAVA_DOUBLE, 2 * at + 1);
        }
        return switch (Long.bitCount(x & z) & 3) { // times i^{#Y}: keep the real part
            case 0 -> re;
            case 1 -> -im;
            case 2 -> -re;
            default -> im;
        };
    }

    /** The diagonal {@code ρ[b][b]} (Born probabilities of basis states), as a new array. */
    public double[] probabilities() {
        if (numQubits > 29) {
            throw new IllegalStateException("2^" + numQubits + " probabilities do not fit in one Java array");
        }
        MemorySegment s = vec.acquire();
        try {
            double[] p = new double[1 << numQubits];
            for (int r = 0; r < p.length; r++) {
                p[r] = s.getAtIndex(JAVA_DOUBLE, 2 * ((long) r | ((long) r << numQubits)));
            }
            return p;
        } finally {
            vec.release();
        }
    }

    /**
     * {@code shots} computational-basis measurements (basis indices, qubit 0 = bit 0) drawn from the diagonal with
     * {@code new Rng(seed)}; negative rounding residues on the diagonal count as 0.
     *
     * @throws IllegalArgumentException if {@code shots} is below 1 or the diagonal sums to 0
     */
    public long[] sample(int shots, long seed) {
        return sample(shots, seed, NoiseModel.none());
    }

    /**
     * As {@link #sample(int, long)}, then every bit passed through {@code noise}'s readout error on its qubit (the
     * same generator continues: all Born draws first, then the readout draws, shot by shot in qubit order).
     *
     * @throws IllegalArgumentException as {@link #sample(int, long)}, or if the model names a qubit ρ does not have
     */
    public long[] sample(int shots, long seed, NoiseModel noise) {
        if (shots < 1) {
            throw new IllegalArgumentException("shots " + shots + " out of range; allowed: 1 or more");
        }
        noise.checkQubits(numQubits);
        double[] p = probabilities();
        double[] cumulative = new double[p.length];
        double total = 0;
        for (int b = 0; b < p.length; b++) {
            total += Math.max(0, p[b]);
            cumulative[b] = total;
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("density matrix has a zero diagonal; nothing to sample");
        }
        Rng rng = new Rng(seed);
        long[] out = new long[shots];
        for (int i = 0; i < shots; i++) {
            double u = rng.nextDouble() * total;
            int lo = 0;
            int hi = p.length; // the first b with cumulative[b] > u: never a zero entry, which adds nothing
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cumulative[mid] > u) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            int b = lo;
            if (b == p.length) { // u rounded up to the total: the last entry with weight
                b--;
                while (p[b] <= 0) {
                    b--;
                }
            }
            out[i] = b;
        }
        return noise.applyReadout(out, numQubits, rng);
    }

    /** Frees the memory (idempotent). */
    @Override
    public void close() {
        vec.close();
    }

    /** E.g. {@code DensityMatrix[3 qubits]}. */
    @Override
    public String toString() {
        return "DensityMatrix[" + numQubits + " qubit" + (numQubits == 1 ? "" : "s") + "]";
    }
}
