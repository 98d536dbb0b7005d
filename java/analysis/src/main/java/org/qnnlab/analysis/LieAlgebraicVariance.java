package org.qnnlab.analysis;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Operation;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.StateVector;
import org.qnnlab.sim.kernel.StateKernel;

/**
 * The Lie-algebraic variance of a deep circuit's loss {@code ℓ(θ) = Tr(U(θ)ρU(θ)†O)}: M. Ragone, B. N. Bakalov,
 * F. Sauvage, A. F. Kemper, C. Ortiz Marrero, M. Larocca, M. Cerezo, "A Lie algebraic theory of barren plateaus for
 * deep parameterized quantum circuits", arXiv:2309.09342, Nat. Commun. 15, 7172 (2024), Theorem 1. If the circuit
 * forms a 2-design over its dynamical Lie group {@code e^g} (deep enough) and {@code O ∈ ig} or {@code ρ ∈ ig}
 * (up to a multiple of the identity, which only shifts ℓ), then with {@code g = z(g) ⊕ g_1 ⊕ … ⊕ g_m}
 * ({@link LieDecomposition})
 * <pre>
 *   Var_θ ℓ = Σ_j P_{g_j}(ρ)·P_{g_j}(O) / dim g_j,      E_θ ℓ = Tr(ρ_z·O_z),
 * </pre>
 * where {@code P_h(H) = Tr(H_h²) = Σ_a |Tr(B_a†H)|²} is the h-purity: the squared Hilbert–Schmidt norm of the
 * orthogonal projection of H onto h ({@code B_a} an orthonormal basis of h in {@code ⟨A, B⟩ = Tr(A†B)}). The centre
 * contributes no variance: {@code U} commutes with it, so its part of ℓ is constant and makes the mean ({@code _z}
 * above: the projection onto {@code z(g) ⊕ ℝ·I}). For {@code g = su(d)}, a pure state and a Pauli string this gives
 * the Haar value {@code (1 − 1/d)·d/(d² − 1) = 1/(d + 1)}.
 *
 * <p>Gradients: if the circuit factors as {@code U_B·exp(−iθ_k G_k/2)·U_A} with {@code U_A} and {@code U_B}
 * independent 2-designs over the group (a parameter deep inside a deep circuit; {@code G_k} its generator from
 * {@link Dla#generators}), then {@code ∂_kℓ = Tr(U_B X U_B† O)} with {@code X = −(i/2)[G_k, U_AρU_A†]}, and applying the
 * theorem to {@code U_B} and then to {@code U_A} (term by term in an orthonormal basis {@code B_a} of {@code g_j},
 * {@code Tr(B_a X) = Tr(C_aU_AρU_A†)} with {@code C_a = −(i/2)[B_a, G_k] ∈ ig_j}) gives
 * <pre>
 *   Var_θ ∂_kℓ = Σ_j c_j·P_{g_j}(ρ)·P_{g_j}(G_k)·P_{g_j}(O) / (4·(dim g_j)²),   E_θ ∂_kℓ = 0,
 * </pre>
 * with {@code c_j} the adjoint Casimir eigenvalue of {@code g_j} ({@link LieDecomposition#casimir}; 2d for su(d),
 * which gives {@code d²/(2(d − 1)(d + 1)²)} for Pauli G, O and a pure state). This is derived here from the paper's
 * theorem, not quoted from it.
 *
 * <p>In Pauli coordinates ({@code O = Σ o_P P}, {@code r_P = Tr(ρP)}, an ideal's orthonormal coefficient vectors c
 * with {@code Σ c_P² = 1}): {@code P(O) = d·Σ_c (c·o)²}, {@code P(ρ) = Σ_c (c·r)²/d}. The state enters through the
 * expectations {@code ⟨P⟩} of the Pauli strings of the algebra's basis only; whether ρ lies in the algebra uses its
 * purity {@code Σ_P r_P² = d·Tr ρ² = d} (a state vector is pure).
 */
public final class LieAlgebraicVariance {

    /**
     * Largest relative norm of the part of O (or of ρ) outside {@code g ⊕ ℝ·I} for which the theorem's hypothesis
     * "O or ρ in the algebra" counts as met.
     */
    public static final double IN_ALGEBRA_TOLERANCE = 1e-6;

    private LieAlgebraicVariance() {
    }

    /**
     * One simple ideal's term of the variance.
     *
     * @param dimension {@code dim g_j}
     * @param statePurity {@code P_{g_j}(ρ)}
     * @param observablePurity {@code P_{g_j}(O)}
     * @param contribution {@code P_{g_j}(ρ)·P_{g_j}(O)/dim g_j}
     */
    public record Ideal(int dimension, double statePurity, double observablePurity, double contribution) {
    }

    /**
     * The prediction.
     *
     * @param numQubits n
     * @param dimension {@code dim g}
     * @param centreDimension {@code dim z(g)}
     * @param ideals the simple ideals' terms
     * @param variance {@code Σ_j P_{g_j}(ρ)P_{g_j}(O)/dim g_j}
     * @param mean {@code E_θ ℓ = Tr(ρ_z O_z)} (projections onto {@code z(g) ⊕ ℝ·I})
     * @param singleIdealVariance {@code P_g(ρ)·P_g(O)/dim g} with the purities over the whole algebra (centre
     *     included): the formula as if g were simple, for comparison
     * @param stateOutside the relative norm {@code ‖ρ' − π_g(ρ')‖/‖ρ'‖} of the traceless part ρ' outside g, from
     *     {@code √(‖ρ'‖² − ‖π_g(ρ')‖²)}: rounding leaves ~1e-8 for a state in g
     * @param observableOutside the same for O
     * @param gradientVariances {@code Var_θ ∂_kℓ} for each parameter k (0 for a parameter without generator), from
     *     {@link #of(Circuit, Observable, Simulator)}; empty from the state form, which has no circuit
     */
    public record Result(int numQubits, int dimension, int centreDimension, List<Ideal> ideals, double variance,
            double mean, double singleIdealVariance, double stateOutside, double observableOutside,
            List<Double> gradientVariances) {

        /** Copies the lists. */
        public Result {
            ideals = List.copyOf(ideals);
            gradientVariances = List.copyOf(gradientVariances);
        }
    }

    /**
     * The prediction for {@code circuit} measured with {@code observable}, ρ the state its fixed preparation (the
     * gates before the first trainable one) makes from {@code |0…0⟩}. Fixed gates after the first trainable one are
     * moved to the end of the circuit ({@link Dla#generators}); O is conjugated by them accordingly
     * ({@code ℓ = Tr(Ũρ Ũ†·W†OW)}).
     *
     * @throws IllegalArgumentException as {@link LieDecomposition#of(Circuit)}, if a preparation gate depends on
     *     data inputs, if O acts on a qubit the circuit does not have, or if neither O nor ρ lies in the algebra
     *     (relative part outside above {@value #IN_ALGEBRA_TOLERANCE}; the theorem does not apply)
     */
    public static Result of(Circuit circuit, Observable observable, Simulator simulator) {
        return of(circuit, LieDecomposition.of(circuit), observable, simulator);
    }

    /**
     * As {@link #of(Circuit, Observable, Simulator)} with the circuit's algebra already decomposed, so that several
     * observables on one circuit decompose it once.
     *
     * @param algebra {@link LieDecomposition#of(Circuit) LieDecomposition.of(circuit)}
     * @throws IllegalArgumentException as {@link #of(Circuit, Observable, Simulator)}, or if the algebra acts on
     *     another qubit count than the circuit
     */
    public static Result of(Circuit circuit, LieDecomposition algebra, Observable observable, Simulator simulator) {
        Objects.requireNonNull(observable, "observable");
        Objects.requireNonNull(simulator, "simulator");
        if (algebra.numQubits() != circuit.numQubits()) {
            throw new IllegalArgumentException("the algebra acts on " + algebra.numQubits() + " qubits, the circuit on "
                    + circuit.numQubits() + "; pass LieDecomposition.of(circuit)");
        }
        checkQubits(observable, circuit.numQubits());
        Observable moved = CircuitGenerators.conjugateByFixedGates(circuit, observable);
        try (StateVector state = CircuitGenerators.preparedState(circuit, simulator)) {
            Result r = of(algebra, moved, state, simulator.kernel());
            return withGradients(r, algebra, CircuitGenerators.byParameter(circuit), circuit.numParameters());
        }
    }

    /** {@code r} with {@code Var ∂_kℓ = Σ_j c_j P_j(ρ) P_j(G_k) P_j(O)/(4 dim_j²)} for every parameter. */
    private static Result withGradients(Result r, LieDecomposition algebra, Map<Integer, Observable> generators,
            int numParameters) {
        double d = Math.pow(2, r.numQubits());
        double[] casimir = new double[r.ideals().size()];
        for (int j = 0; j < casimir.length; j++) {
            casimir[j] = algebra.casimir(j);
        }
        List<Double> out = new ArrayList<>();
        for (int k = 0; k < numParameters; k++) {
            Observable g = generators.get(k);
            double v = 0;
            if (g != null) {
                double[] pg = algebra.idealNorms(coordinates(g));
                for (int j = 0; j < casimir.length; j++) {
                    Ideal ideal = r.ideals().get(j);
                    v += casimir[j] * ideal.statePurity() * pg[j] * d * ideal.observablePurity()
                            / (4.0 * ideal.dimension() * ideal.dimension());
                }
            }
            out.add(v);
        }
        return new Result(r.numQubits(), r.dimension(), r.centreDimension(), r.ideals(), r.variance(), r.mean(),
                r.singleIdealVariance(), r.stateOutside(), r.observableOutside(), out);
    }

    /** The Pauli coefficients of {@code o} (the constant at key 0). */
    private static LongDoubleMap coordinates(Observable o) {
        LongDoubleMap m = new LongDoubleMap(16);
        m.add(0, o.constant());
        for (Observable.Term t : o.terms()) {
            m.add(PauliAlgebra.key(t.pauli()), t.weight());
        }
        return m;
    }

    /**
     * The prediction for the algebra {@code algebra}, the observable O (already in the frame where the circuit is
     * {@code exp} of the algebra alone) and the pure state {@code state}.
     *
     * @throws IllegalArgumentException if the state's qubit count differs from the algebra's, O acts on a qubit
     *     the state does not have, or neither O nor ρ lies in the algebra
     */
    public static Result of(LieDecomposition algebra, Observable observable, StateVector state, StateKernel kernel) {
        int n = algebra.numQubits();
        if (state.numQubits() != n) {
            throw new IllegalArgumentException("state has " + state.numQubits() + " qubits, the algebra " + n);
        }
        checkQubits(observable, n);
        double d = Math.pow(2, n);
        LongDoubleMap o = coordinates(observable);
        double tracelessO = 0;
        for (Observable.Term t : observable.terms()) {
            tracelessO += t.weight() * t.weight();
        }
        LongDoubleMap r = expectations(algebra, state, kernel);
        double[] ro = algebra.idealNorms(r);
        double[] oo = algebra.idealNorms(o);
        double[] rz = algebra.centreCoordinates(r);
        double[] oz = algebra.centreCoordinates(o);
        List<Ideal> ideals = new ArrayList<>();
        double variance = 0;
        double rInside = 0;
        double oInside = 0;
        List<Integer> dims = algebra.idealDimensions();
        for (int j = 0; j < dims.size(); j++) {
            double pr = ro[j] / d;
            double po = oo[j] * d;
            double c = pr * po / dims.get(j);
            ideals.add(new Ideal(dims.get(j), pr, po, c));
            variance += c;
            rInside += ro[j];
            oInside += oo[j];
        }
        double mean = 0;
        double rCentre = 0;
        double oCentre = 0;
        for (int a = 0; a < rz.length; a++) {
            mean += rz[a] * oz[a];
            rCentre += rz[a] * rz[a];
            oCentre += oz[a] * oz[a];
        }
        // the identity direction is not part of g: P_g counts z(g) ⊕ ideals, the outside test z(g) ⊕ ℝ·I ⊕ ideals
        double oIdentity = observable.constant() * observable.constant();
        double rTraceless = d - 1;
        double stateOutside = Math.sqrt(Math.max(0, d - rCentre - rInside)) / Math.sqrt(rTraceless);
        double observableOutside = tracelessO == 0 ? 0
                : Math.sqrt(Math.max(0, tracelessO + oIdentity - oCentre - oInside)) / Math.sqrt(tracelessO);
        if (stateOutside > IN_ALGEBRA_TOLERANCE && observableOutside > IN_ALGEBRA_TOLERANCE) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "neither the observable (%.3g of "
                    + "its norm outside the algebra) nor the state (%.3g outside) lies in the dynamical Lie algebra; "
                    + "the Lie-algebraic variance (Ragone et al., Theorem 1) needs one of them in it",
                    observableOutside, stateOutside));
        }
        double gState = (centrePart(algebra, rz, rCentre) + rInside) / d;
        double gObs = (centrePart(algebra, oz, oCentre) + oInside) * d;
        return new Result(n, algebra.dimension(), algebra.centreDimension(), ideals, variance, mean,
                gState * gObs / algebra.dimension(), stateOutside, observableOutside, List.of());
    }

    /**
     * The squared norm on {@code z(g)} alone: the coordinates on {@code z(g) ⊕ ℝ·I} minus the identity direction
     * when that is not in the centre (it is the last basis vector then, the identity's residual).
     */
    private static double centrePart(LieDecomposition algebra, double[] coords, double total) {
        if (coords.length == algebra.centreDimension()) {
            return total;
        }
        double last = coords[coords.length - 1];
        return total - last * last;
    }

    /** {@code r_P = ⟨ψ|P|ψ⟩} for every Pauli string of the algebra's bases, and {@code r_I = 1}. */
    private static LongDoubleMap expectations(LieDecomposition algebra, StateVector state, StateKernel kernel) {
        LongDoubleMap r = new LongDoubleMap(64);
        r.add(0, 1);
        MemorySegment s = state.acquire();
        try {
            for (long key : algebra.strings()) {
                if (key != 0) {
                    r.add(key, kernel.expectationPauli(s, state.numQubits(), PauliAlgebra.xOf(key),
                            PauliAlgebra.zOf(key)));
                }
            }
        } finally {
            state.release();
        }
        return r;
    }

    private static void checkQubits(Observable o, int n) {
        if (o.maxQubit() >= n) {
            throw new IllegalArgumentException("observable " + o + " acts on qubit " + o.maxQubit() + " but the "
                    + "circuit has " + n + " qubit" + (n == 1 ? "" : "s"));
        }
    }
}
