package org.qnnlab.sim.noise;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.qnnlab.sim.ComplexMatrices;

/**
 * A quantum channel on {@code k} qubits as an immutable Kraus set {@code ρ → Σ_i K_i ρ K_i†}, checked to be
 * completely positive and trace preserving (CPTP) when built: {@code ‖Σ K_i†K_i − I‖_F ≤ }{@value #CPTP_TOLERANCE}.
 *
 * <p>Matrices are in qnnlab's gate format ({@code 2^k × 2^k}, row-major, interleaved {@code (re, im)}, the first qubit
 * the channel is placed on is the most significant index bit, as for {@link org.qnnlab.sim.Gate}).
 *
 * <p>The {@link #superoperator()} {@code S = Σ_i K_i ⊗ K_i*} ({@code 4^k × 4^k}) is computed once here. It acts on a
 * vectorised density matrix whose row index is the more significant half of the matrix index: placed on qubits
 * {@code qs} of an n-qubit register, it is applied to qubits {@code (qs[0], …, qs[k−1], qs[0]+n, …, qs[k−1]+n)} of
 * the 2n-qubit {@link DensityMatrix} layout (row bits low, column bits high; see there).
 *
 * <p>At most {@value #MAX_QUBITS} qubits: the density-matrix engine applies the superoperator as one dense kernel
 * operation on 2k qubits and the kernels take at most 5.
 */
public final class Channel {

    /** The largest channel: a superoperator on 2k qubits must fit a kernel's 5-qubit dense operation. */
    public static final int MAX_QUBITS = 2;

    /** Largest Frobenius norm of {@code Σ K†K − I} accepted as trace preserving. */
    public static final double CPTP_TOLERANCE = 1e-10;

    /** Most Kraus operators accepted: a minimal Kraus set of a k-qubit channel has at most 4^k; this allows slack. */
    public static final int MAX_KRAUS = 64;

    /** Probabilities of a unitary mixture within this distance of 0 drop their branch (e.g. the identity at p = 1). */
    private static final double ZERO_WEIGHT = 1e-15;

    private final String name;
    private final int numQubits;
    private final double[][] kraus;
    private final double[] superoperator;
    /** {@code S† = Σ K† ⊗ K^T}, the Heisenberg-picture map {@code O → Σ K†OK} in the same layout. */
    private final double[] adjointSuperoperator;
    /** For a mixture of unitaries {@code K_i = √p_i U_i}: the p_i and U_i; null otherwise. */
    private final double[] mixtureWeights;
    private final double[][] mixtureUnitaries;

    private Channel(String name, double[][] kraus) {
        this.name = name;
        int d = checkShapes(kraus);
        this.numQubits = Integer.numberOfTrailingZeros(d);
        this.kraus = new double[kraus.length][];
        for (int i = 0; i < kraus.length; i++) {
            this.kraus[i] = kraus[i].clone();
        }
        double deviation = tracePreservingDeviation(this.kraus, d);
        if (!(deviation <= CPTP_TOLERANCE)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "Kraus set is not trace preserving: "
                    + "‖Σ K†K − I‖ = %.3g; allowed ≤ %.0e", deviation, CPTP_TOLERANCE));
        }
        double[] s = new double[2 * d * d * d * d];
        for (double[] k : this.kraus) {
            s = ComplexMatrices.add(s, ComplexMatrices.kron(k, d, conjugate(k), d));
        }
        this.superoperator = s;
        this.adjointSuperoperator = ComplexMatrices.adjoint(s, d * d);
        double[][] mixture = unitaryMixture(this.kraus, d);
        this.mixtureWeights = mixture == null ? null : mixture[0];
        this.mixtureUnitaries = mixture == null ? null : Arrays.copyOfRange(mixture, 1, mixture.length);
    }

    // ---- factories

    /**
     * A channel from user Kraus matrices (each {@code 2^k × 2^k}, k ≤ {@value #MAX_QUBITS}, interleaved row-major).
     *
     * @throws IllegalArgumentException if the matrices are empty, of different or unsupported sizes, not finite, or
     *     not trace preserving (naming the measured deviation)
     */
    public static Channel kraus(double[]... matrices) {
        return new Channel("kraus", matrices);
    }

    /** As {@link #kraus(double[]...)} with a name for messages and {@link #toString()}. */
    public static Channel kraus(String name, double[]... matrices) {
        return new Channel(name, matrices);
    }

    /**
     * The single-qubit depolarizing channel in the form {@code ρ → (1 − p)ρ + p/3 (XρX + YρY + ZρZ)}: each Pauli
     * error with probability p/3. Every Pauli expectation decays by {@code 1 − 4p/3} per application; p = 3/4 is
     * the completely depolarizing channel {@code ρ → I/2}. (Qiskit's {@code depolarizing_error(λ, 1)} is this with
     * {@code p = 3λ/4}.)
     *
     * @throws IllegalArgumentException if p is outside [0, 1]
     */
    public static Channel depolarizing(double p) {
        checkProbability("depolarizing probability", p);
        return pauliMixture("depolarizing(" + p + ")", 1, p);
    }

    /**
     * The two-qubit depolarizing channel {@code ρ → (1 − p)ρ + p/15 Σ_{P ≠ II} PρP} over the 15 non-identity
     * two-qubit Pauli strings; every non-identity Pauli expectation decays by {@code 1 − 16p/15}.
     *
     * @throws IllegalArgumentException if p is outside [0, 1]
     */
    public static Channel depolarizing2(double p) {
        checkProbability("two-qubit depolarizing probability", p);
        return pauliMixture("depolarizing2(" + p + ")", 2, p);
    }

    /** X with probability p. @throws IllegalArgumentException if p is outside [0, 1] */
    public static Channel bitFlip(double p) {
        checkProbability("bit-flip probability", p);
        return pauli("bit_flip(" + p + ")", p, 0, 0);
    }

    /** Z with probability p. @throws IllegalArgumentException if p is outside [0, 1] */
    public static Channel phaseFlip(double p) {
        checkProbability("phase-flip probability", p);
        return pauli("phase_flip(" + p + ")", 0, 0, p);
    }

    /** Y with probability p. @throws IllegalArgumentException if p is outside [0, 1] */
    public static Channel bitPhaseFlip(double p) {
        checkProbability("bit-phase-flip probability", p);
        return pauli("bit_phase_flip(" + p + ")", 0, p, 0);
    }

    /**
     * The Pauli channel {@code ρ → (1 − pX − pY − pZ)ρ + pX XρX + pY YρY + pZ ZρZ}.
     *
     * @throws IllegalArgumentException if a probability or their sum is outside [0, 1]
     */
    public static Channel pauli(double pX, double pY, double pZ) {
        checkProbability("Pauli X probability", pX);
        checkProbability("Pauli Y probability", pY);
        checkProbability("Pauli Z probability", pZ);
        checkProbability("sum of the Pauli probabilities pX + pY + pZ", pX + pY + pZ);
        return pauli("pauli(" + pX + ", " + pY + ", " + pZ + ")", pX, pY, pZ);
    }

    /**
     * Amplitude damping (Nielsen and Chuang, §8.3.5): {@code K0 = [[1, 0], [0, √(1−γ)]]},
     * {@code K1 = [[0, √γ], [0, 0]]}; the population of |1> falls by the factor 1 − γ per application, coherences by
     * √(1 − γ).
     *
     * @throws IllegalArgumentException if γ is outside [0, 1]
     */
    public static Channel amplitudeDamping(double gamma) {
        checkProbability("amplitude-damping γ", gamma);
        return new Channel("amplitude_damping(" + gamma + ")", new double[][] {
            real(1, 0, 0, Math.sqrt(1 - gamma)), real(0, Math.sqrt(gamma), 0, 0)});
    }

    /**
     * Phase damping (Nielsen and Chuang, §8.3.6): {@code K0 = [[1, 0], [0, √(1−λ)]]}, {@code K1 = [[0, 0], [0, √λ]]};
     * populations stay, the coherence ρ01 is multiplied by √(1 − λ) per application.
     *
     * @throws IllegalArgumentException if λ is outside [0, 1]
     */
    public static Channel phaseDamping(double lambda) {
        checkProbability("phase-damping λ", lambda);
        return new Channel("phase_damping(" + lambda + ")", new double[][] {
            real(1, 0, 0, Math.sqrt(1 - lambda)), real(0, 0, 0, Math.sqrt(lambda))});
    }

    /**
     * Generalized amplitude damping (Nielsen and Chuang, §8.3.5): amplitude damping towards the thermal state
     * {@code diag(p, 1 − p)}, so p is the equilibrium population of |0> (Qiskit's {@code excited_state_population}
     * is 1 − p). Kraus: {@code √p [[1, 0], [0, √(1−γ)]]}, {@code √p [[0, √γ], [0, 0]]},
     * {@code √(1−p) [[√(1−γ), 0], [0, 1]]}, {@code √(1−p) [[0, 0], [√γ, 0]]}.
     *
     * @throws IllegalArgumentException if p or γ is outside [0, 1]
     */
    public static Channel generalizedAmplitudeDamping(double p, double gamma) {
        checkProbability("generalized-amplitude-damping p", p);
        checkProbability("generalized-amplitude-damping γ", gamma);
        double a = Math.sqrt(p);
        double b = Math.sqrt(1 - p);
        double g = Math.sqrt(gamma);
        double h = Math.sqrt(1 - gamma);
        return new Channel("generalized_amplitude_damping(" + p + ", " + gamma + ")", new double[][] {
            real(a, 0, 0, a * h), real(0, a * g, 0, 0), real(b * h, 0, 0, b), real(0, 0, b * g, 0)});
    }

    /**
     * Thermal relaxation towards |0> over a gate of duration {@code gateTime}: the population of |1> decays by
     * {@code exp(−t/T1)} and the coherence ρ01 by {@code exp(−t/T2)} (times in any one unit). It follows Qiskit Aer's
     * {@code thermal_relaxation_error(t1, t2, time)} with zero excited-state population
     * ({@code qiskit_aer/noise/errors/standard_errors.py}): for {@code T2 ≤ T1} the same mixture of identity, Z and
     * reset to |0> ({@code p_reset = 1 − e^{−t/T1}}, {@code p_z = (1 − p_reset)(1 − e^{−t(1/T2 − 1/T1)})/2}); for
     * {@code T1 < T2 ≤ 2·T1} the channel of Aer's Choi matrix, here as the Kraus set {@code [[1, 0], [0, e^{−t/T2}]]},
     * {@code [[0, √p_reset], [0, 0]]}, {@code [[0, 0], [0, √(e^{−t/T1} − e^{−2t/T2})]]}. Unlike Aer, which clamps
     * {@code T2 > 2·T1} to the limit with a warning, T2 above 2·T1 is refused (no physical channel has it).
     *
     * @throws IllegalArgumentException if T1 or T2 is not positive and finite, the gate time is negative or not
     *     finite, or T2 exceeds 2·T1
     */
    public static Channel thermalRelaxation(double t1, double t2, double gateTime) {
        if (!(t1 > 0) || !Double.isFinite(t1)) {
            throw new IllegalArgumentException("thermal relaxation T1 = " + t1 + " out of range; allowed: > 0");
        }
        if (!(t2 > 0) || !Double.isFinite(t2)) {
            throw new IllegalArgumentException("thermal relaxation T2 = " + t2 + " out of range; allowed: > 0");
        }
        if (!(gateTime >= 0) || !Double.isFinite(gateTime)) {
            throw new IllegalArgumentException("thermal relaxation gate time " + gateTime
                    + " out of range; allowed: ≥ 0");
        }
        if (t2 > 2 * t1) {
            throw new IllegalArgumentException("thermal relaxation T2 = " + t2 + " exceeds 2·T1 = " + 2 * t1
                    + " (T1 = " + t1 + "); allowed: T2 ≤ 2·T1, the physical limit");
        }
        String name = "thermal(" + t1 + ", " + t2 + ", " + gateTime + ")";
        double pReset = -Math.expm1(-gateTime / t1);
        double e2 = Math.exp(-gateTime / t2);
        if (t2 <= t1) {
            double pZ = (1 - pReset) * -Math.expm1(-gateTime * (1 / t2 - 1 / t1)) / 2;
            double pI = 1 - pZ - pReset;
            double r = Math.sqrt(pReset);
            return new Channel(name, new double[][] {
                real(Math.sqrt(pI), 0, 0, Math.sqrt(pI)), real(Math.sqrt(pZ), 0, 0, -Math.sqrt(pZ)),
                real(r, 0, 0, 0), real(0, r, 0, 0)});
        }
        // e^{−t/T1} − e^{−2t/T2} ≥ 0 exactly when T2 ≤ 2·T1; max() keeps rounding at the limit from a NaN root
        double dephase = Math.max(0, Math.exp(-gateTime / t1) - e2 * e2);
        return new Channel(name, new double[][] {
            real(1, 0, 0, e2), real(0, Math.sqrt(pReset), 0, 0), real(0, 0, 0, Math.sqrt(dephase))});
    }

    // ---- accessors

    /** The number of qubits k. */
    public int numQubits() {
        return numQubits;
    }

    /** A short name with the parameters, e.g. {@code depolarizing(0.01)}. */
    public String name() {
        return name;
    }

    /** Copies of the Kraus matrices. */
    public List<double[]> krausOperators() {
        List<double[]> out = new ArrayList<>(kraus.length);
        for (double[] k : kraus) {
            out.add(k.clone());
        }
        return out;
    }

    /** The number of Kraus operators. */
    public int size() {
        return kraus.length;
    }

    /**
     * A copy of the superoperator {@code S = Σ K ⊗ K*} ({@code 4^k × 4^k}, interleaved row-major): matrix index
     * {@code (r << k) | c} for the row bits r and column bits c of the channel's qubits (see the class comment).
     */
    public double[] superoperator() {
        return superoperator.clone();
    }

    /** The cached superoperator itself, for the engine (never handed to users, who get copies). */
    double[] superoperatorShared() {
        return superoperator;
    }

    /**
     * A copy of the adjoint superoperator {@code S† = Σ K† ⊗ K^T}: the conjugate transpose of {@link #superoperator()},
     * which is the Heisenberg-picture channel {@code O → Σ K† O K} in the same layout, because
     * {@code Tr(O†Φ(ρ)) = <<O|S|ρ>> = <<S†O|ρ>>} for the Hilbert–Schmidt inner product {@code <<A|B>> = Tr(A†B)}.
     */
    public double[] adjointSuperoperator() {
        return adjointSuperoperator.clone();
    }

    /** The cached adjoint superoperator itself, for the engine. */
    double[] adjointSuperoperatorShared() {
        return adjointSuperoperator;
    }

    /** The cached Kraus matrix {@code i} itself, for the engines. */
    double[] krausShared(int i) {
        return kraus[i];
    }

    /**
     * True when every {@code K_i†K_i} is a multiple {@code p_i·I} of the identity, i.e. the channel is a mixture of
     * unitaries {@code U_i = K_i/√p_i} chosen with state-independent probabilities (Pauli channels, depolarizing).
     * Trajectories then draw the branch without looking at the state.
     */
    public boolean isUnitaryMixture() {
        return mixtureWeights != null;
    }

    /** The branch probabilities p_i of a {@link #isUnitaryMixture() unitary mixture}, shared; null otherwise. */
    double[] mixtureWeightsShared() {
        return mixtureWeights;
    }

    /** The branch unitaries U_i of a unitary mixture, shared; null otherwise. */
    double[][] mixtureUnitariesShared() {
        return mixtureUnitaries;
    }

    /**
     * {@code Σ K ρ K†} for a {@code 2^k × 2^k} matrix ρ (interleaved row-major); a reference for tests and small
     * checks, independent of the superoperator.
     *
     * @throws IllegalArgumentException if ρ has the wrong size
     */
    public double[] apply(double[] rho) {
        int d = 1 << numQubits;
        if (rho.length != 2 * d * d) {
            throw new IllegalArgumentException("matrix of " + rho.length + " doubles for a " + numQubits
                    + "-qubit channel; allowed: " + 2 * d * d + " (a " + d + "×" + d + " interleaved complex matrix)");
        }
        double[] out = new double[rho.length];
        for (double[] k : kraus) {
            out = ComplexMatrices.add(out, ComplexMatrices.multiply(ComplexMatrices.multiply(k, rho, d),
                    ComplexMatrices.adjoint(k, d), d));
        }
        return out;
    }

    @Override
    public String toString() {
        return name;
    }

    // ---- construction helpers

    /**
     * Refuses a probability outside [0, 1] (or NaN) in one line naming the value and the range.
     *
     * @throws IllegalArgumentException if {@code p} is outside [0, 1]
     */
    static void checkProbability(String what, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(what + " " + p + " out of range; allowed: [0, 1]");
        }
    }

    /** The uniform Pauli mixture on k qubits: identity with 1 − p, each of the 4^k − 1 other strings with p/(4^k−1). */
    private static Channel pauliMixture(String name, int k, double p) {
        int terms = 1 << (2 * k);
        List<double[]> ops = new ArrayList<>();
        for (int t = 0; t < terms; t++) {
            double w = t == 0 ? 1 - p : p / (terms - 1);
            if (w > 0 || t == 0) {
                StringBuilder word = new StringBuilder();
                for (int j = k - 1; j >= 0; j--) {
                    word.append("IXYZ".charAt(t >>> (2 * j) & 3));
                }
                ops.add(ComplexMatrices.scale(ComplexMatrices.pauliWord(word.toString()), Math.sqrt(w), 0));
            }
        }
        return new Channel(name, ops.toArray(new double[0][]));
    }

    private static Channel pauli(String name, double pX, double pY, double pZ) {
        double pI = Math.max(0, 1 - pX - pY - pZ);
        return new Channel(name, new double[][] {
            ComplexMatrices.scale(ComplexMatrices.pauliWord("I"), Math.sqrt(pI), 0),
            ComplexMatrices.scale(ComplexMatrices.pauliWord("X"), Math.sqrt(pX), 0),
            ComplexMatrices.scale(ComplexMatrices.pauliWord("Y"), Math.sqrt(pY), 0),
            ComplexMatrices.scale(ComplexMatrices.pauliWord("Z"), Math.sqrt(pZ), 0)});
    }

    /** A real 2×2 matrix {@code [[a, b], [c, d]]} in interleaved form. */
    private static double[] real(double a, double b, double c, double d) {
        return new double[] {a, 0, b, 0, c, 0, d, 0};
    }

    private static double[] conjugate(double[] m) {
        double[] c = m.clone();
        for (int i = 1; i < c.length; i += 2) {
            c[i] = -c[i];
        }
        return c;
    }

    /** Checks count, sizes and finiteness; returns the dimension 2^k. */
    private static int checkShapes(double[][] kraus) {
        if (kraus == null || kraus.length == 0) {
            throw new IllegalArgumentException("Kraus set is empty; allowed: 1.." + MAX_KRAUS + " matrices");
        }
        if (kraus.length > MAX_KRAUS) {
            throw new IllegalArgumentException("Kraus set of " + kraus.length + " matrices; allowed: 1.."
                    + MAX_KRAUS);
        }
        int d = -1;
        for (int i = 0; i < kraus.length; i++) {
            double[] k = kraus[i];
            int di = k == null ? -1 : ComplexMatrices.dimension(k);
            if (di < 2 || di > 1 << MAX_QUBITS) {
                throw new IllegalArgumentException("Kraus matrix " + i + " has " + (k == null ? 0 : k.length)
                        + " doubles; allowed: 8 (1 qubit) or 32 (2 qubits), interleaved row-major complex");
            }
            if (d >= 0 && di != d) {
                throw new IllegalArgumentException("Kraus matrix " + i + " is " + di + "×" + di + " but matrix 0 is "
                        + d + "×" + d + "; allowed: matrices of one size");
            }
            d = di;
            for (int j = 0; j < k.length; j++) {
                if (!Double.isFinite(k[j])) {
                    throw new IllegalArgumentException("Kraus matrix " + i + " component " + j + " is " + k[j]
                            + "; allowed: finite numbers");
                }
            }
        }
        return d;
    }

    /** {@code ‖Σ K†K − I‖_F}. */
    private static double tracePreservingDeviation(double[][] kraus, int d) {
        double[] sum = new double[2 * d * d];
        for (double[] k : kraus) {
            sum = ComplexMatrices.add(sum, ComplexMatrices.multiply(ComplexMatrices.adjoint(k, d), k, d));
        }
        double f = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double re = sum[2 * (i * d + j)] - (i == j ? 1 : 0);
                double im = sum[2 * (i * d + j) + 1];
                f += re * re + im * im;
            }
        }
        return Math.sqrt(f);
    }

    /**
     * {@code {p, U_0, U_1, …}} when every {@code K_i†K_i = p_i·I} (to 1e-12), dropping branches of weight below
     * {@link #ZERO_WEIGHT}; null otherwise.
     */
    private static double[][] unitaryMixture(double[][] kraus, int d) {
        List<double[]> unitaries = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        for (double[] k : kraus) {
            double[] kk = ComplexMatrices.multiply(ComplexMatrices.adjoint(k, d), k, d);
            double p = kk[0];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    double re = kk[2 * (i * d + j)] - (i == j ? p : 0);
                    if (Math.hypot(re, kk[2 * (i * d + j) + 1]) > 1e-12) {
                        return null;
                    }
                }
            }
            if (p > ZERO_WEIGHT) {
                weights.add(p);
                unitaries.add(ComplexMatrices.scale(k, 1 / Math.sqrt(p), 0));
            }
        }
        double[][] out = new double[unitaries.size() + 1][];
        out[0] = weights.stream().mapToDouble(Double::doubleValue).toArray();
        for (int i = 0; i < unitaries.size(); i++) {
            out[i + 1] = unitaries.get(i);
        }
        return out;
    }
}
