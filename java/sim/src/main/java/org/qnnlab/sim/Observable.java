package org.qnnlab.sim;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.qnnlab.sim.kernel.StateKernel;

/**
 * A Hermitian observable {@code O = c + Σ_j w_j·P_j}: a constant plus real-weighted Pauli strings, e.g.
 * {@code 0.5*Z0*Z1 + X2 - 1.0}. Immutable.
 *
 * <p>Construction normalises: terms on the same Pauli string are combined (first appearance fixes the order),
 * identity terms fold into the constant, and terms whose weight is exactly zero are dropped, but the qubits they named
 * still count for {@link #maxQubit()} ({@code 0*Z40 + Z0} does not fit 2 qubits). Equality compares the
 * resulting terms as a set (order does not matter) and the constant; {@link #toString()} parses back to an equal
 * observable. Weights and the constant are finite.
 */
public final class Observable {

    private final List<Term> terms;
    private final Map<PauliString, Double> weights;
    private final double constant;
    private final int maxQubit;

    private Observable(Map<PauliString, Double> weights, double constant, int maxQubit) {
        this.weights = weights;
        this.maxQubit = maxQubit;
        this.terms = weights.entrySet().stream().map(e -> new Term(e.getValue(), e.getKey())).toList();
        this.constant = constant + 0.0; // -0.0 -> 0.0, so that equal observables print alike
    }

    /**
     * A weighted Pauli string {@code weight·pauli}.
     *
     * @param weight the real coefficient (finite)
     * @param pauli the Pauli string
     */
    public record Term(double weight, PauliString pauli) {

        /** Checks the weight. */
        public Term {
            Objects.requireNonNull(pauli, "pauli");
            if (!Double.isFinite(weight)) {
                throw new IllegalArgumentException("weight " + weight + " of " + pauli + " is not finite");
            }
        }
    }

    /**
     * Parses text such as {@code 0.5*Z0*Z1 + X2 - 1.0}; see {@link ObservableParser} for the grammar.
     *
     * @throws ObservableParseException naming the offending token and its column
     */
    public static Observable parse(String text) {
        return ObservableParser.parse(text);
    }

    /**
     * {@code constant + Σ terms}, combining like terms.
     *
     * @throws IllegalArgumentException if the constant is not finite or combined weights overflow
     */
    public static Observable of(List<Term> terms, double constant) {
        return of(terms, constant, -1);
    }

    private static Observable of(List<Term> terms, double constant, int namedQubit) {
        Map<PauliString, Double> w = new LinkedHashMap<>();
        double c = constant;
        int maxQubit = namedQubit;
        for (Term t : terms) {
            maxQubit = Math.max(maxQubit, t.pauli().maxQubit());
            if (t.pauli().isIdentity()) {
                c += t.weight();
            } else {
                w.merge(t.pauli(), t.weight(), Double::sum);
            }
        }
        for (Map.Entry<PauliString, Double> e : w.entrySet()) {
            if (!Double.isFinite(e.getValue())) {
                throw new IllegalArgumentException("weights of " + e.getKey() + " add up to " + e.getValue()
                        + "; weights must be finite");
            }
        }
        if (!Double.isFinite(c)) {
            throw new IllegalArgumentException("the constant term is " + c + "; it must be finite");
        }
        w.values().removeIf(v -> v == 0);
        return new Observable(w, c, maxQubit);
    }

    /** The Pauli string {@code pauli} with weight 1. */
    public static Observable of(PauliString pauli) {
        return term(1, pauli);
    }

    /** {@code weight·pauli}. */
    public static Observable term(double weight, PauliString pauli) {
        return of(List.of(new Term(weight, pauli)), 0);
    }

    /** The constant observable {@code c·I}. */
    public static Observable constant(double c) {
        return of(List.of(), c);
    }

    /** The terms with non-zero weight, each Pauli string once, in order of first appearance. */
    public List<Term> terms() {
        return terms;
    }

    /** The weight of {@code pauli} (0 if absent); the identity's weight is the {@link #constant()}. */
    public double weight(PauliString pauli) {
        return pauli.isIdentity() ? constant : weights.getOrDefault(pauli, 0.0);
    }

    /** The constant (identity) term. */
    public double constant() {
        return constant;
    }

    /**
     * The highest qubit any term names, or -1 if none does. Terms whose weight was zero or cancelled count too: naming
     * a qubit the state does not have is a mistake whatever its weight, so {@code 0*Z40 + Z0} needs 41 qubits.
     */
    public int maxQubit() {
        return maxQubit;
    }

    /**
     * {@code gamma·O}: every weight and the constant times {@code gamma}, e.g. to scale the measurement range for the
     * tangent-kernel analysis.
     *
     * @throws IllegalArgumentException if {@code gamma} is not finite or a scaled weight overflows
     */
    public Observable scaled(double gamma) {
        if (!Double.isFinite(gamma)) {
            throw new IllegalArgumentException("scale factor " + gamma + " is not finite");
        }
        List<Term> scaled = new ArrayList<>(terms.size());
        for (Term t : terms) {
            scaled.add(new Term(checkedProduct(gamma, t.weight(), t.pauli()), t.pauli()));
        }
        return of(scaled, checkedProduct(gamma, constant, PauliString.identity()), maxQubit);
    }

    /** {@code this + other}, combining like terms. */
    public Observable plus(Observable other) {
        List<Term> all = new ArrayList<>(terms);
        all.addAll(other.terms);
        return of(all, constant + other.constant, Math.max(maxQubit, other.maxQubit));
    }

    /**
     * {@code <s|O|s> = c + Σ_j w_j·<s|P_j|s>}, each Pauli expectation computed by {@code kernel}. For a normalised
     * state this is the expectation value; otherwise every Pauli term is scaled by {@code <s|s>} (the constant is
     * not).
     *
     * @throws IllegalArgumentException if a term acts on a qubit the state does not have
     * @throws IllegalStateException if the state is closed
     */
    public double expectation(StateKernel kernel, StateVector s) {
        Objects.requireNonNull(kernel, "kernel");
        checkFits(s.numQubits());
        int n = s.numQubits();
        double sum = constant;
        MemorySegment seg = s.acquire();
        try {
            for (Term t : terms) {
                sum += t.weight() * kernel.expectationPauli(seg, n, t.pauli().xMask(), t.pauli().zMask());
            }
        } finally {
            s.release();
        }
        return sum;
    }

    /** Throws unless every term names qubits {@code 0..numQubits-1} only. */
    void checkFits(int numQubits) {
        int m = maxQubit();
        if (m >= numQubits) {
            throw new IllegalArgumentException("observable acts on qubit " + m + " but the state has " + numQubits
                    + " qubit" + (numQubits == 1 ? "" : "s") + " (allowed qubits 0.." + (numQubits - 1) + ")");
        }
    }

    private static double checkedProduct(double gamma, double w, PauliString p) {
        double v = gamma * w;
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("scaling the weight " + w + " of " + p + " by " + gamma
                    + " overflows to " + v);
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Observable other && other.constant == constant && other.weights.equals(weights);
    }

    @Override
    public int hashCode() {
        return 31 * weights.hashCode() + Double.hashCode(constant);
    }

    /**
     * Text that {@link #parse} reads back to an equal observable: terms in order, then the constant if it is non-zero
     * (or alone), e.g. {@code 0.5*Z0*Z1 + X2 - 1.0}. Weights print as {@link Double#toString(double)}, the shortest
     * decimal that reads back exactly; a weight of ±1 prints no coefficient.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Term t : terms) {
            double w = t.weight();
            appendSign(sb, w);
            double a = Math.abs(w);
            if (a != 1) {
                sb.append(a).append('*');
            }
            sb.append(t.pauli());
        }
        if (constant != 0 || terms.isEmpty()) {
            appendSign(sb, constant);
            sb.append(Math.abs(constant));
        }
        return sb.toString();
    }

    private static void appendSign(StringBuilder sb, double v) {
        if (sb.isEmpty()) {
            sb.append(v < 0 ? "-" : "");
        } else {
            sb.append(v < 0 ? " - " : " + ");
        }
    }
}
