package org.qnnlab.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.qnnlab.sim.Observable;

/**
 * The Lie closure ({@link Dla#closure}): symbolic over Pauli strings packed into {@code long} keys, or by
 * Gram–Schmidt in the Pauli basis ({@link SparseBasis}) for sums of strings.
 */
final class LieClosure {

    private LieClosure() {
    }

    /**
     * The decomposition keeps the adjoint matrices of the generators (one D×D array each) only up to this many bytes
     * in all; a larger request is refused before the memory is taken.
     */
    static final int MAX_ADJOINT_MIB = 1024;

    /**
     * Candidates tested together by the Gram–Schmidt closure: one pass over the basis (which for dense sums is
     * far larger than the caches) serves all of them, their coefficients side by side (bench/README).
     */
    private static final int BLOCK = 16;

    /**
     * A closed algebra: an orthonormal basis of Pauli-coefficient vectors (single strings from the symbolic closure)
     * whose first {@code spanning} vectors span the generators, and optionally the matrices of {@code ad} of those
     * vectors in the basis.
     *
     * @param dimension the dimension found
     * @param basis the basis, in the order found (empty from a symbolic closure that was not asked to keep it)
     * @param spanning how many leading basis vectors span the generators (an orthonormal basis of their span)
     * @param adjoint for a Gram–Schmidt closure asked for it, {@code a_ij = ⟨b_i, i[b_k, b_j]⟩} for each
     *     {@code k < spanning} (antisymmetric D×D, row-major); otherwise null
     * @param truncated true if the closure stopped at its {@code maxDimension}
     */
    record Closed(int dimension, SparseBasis basis, int spanning, List<DMatrixRMaj> adjoint, boolean truncated) {
    }

    /** See {@link Dla#closure}. */
    static Dla.Result closure(List<Observable> generators, int numQubits, int maxDimension, boolean keepBasis) {
        return result(generators, close(generators, numQubits, maxDimension, false, keepBasis, false), maxDimension,
                keepBasis);
    }

    /** The linear-algebra closure even for single-string generators (for cross-checks in tests). */
    static Dla.Result closureLinear(List<Observable> generators, int numQubits, int maxDimension, boolean keepBasis) {
        return result(generators, close(generators, numQubits, maxDimension, true, keepBasis, false), maxDimension,
                keepBasis);
    }

    /**
     * The closure with its basis: symbolic if every generator is a single Pauli string (unless {@code linear}), by
     * Gram–Schmidt otherwise (which always keeps its basis, and records the generators' adjoint matrices if
     * {@code adjoint}). Validates as {@link Dla#closure}.
     *
     * @throws IllegalArgumentException also when the adjoint matrices asked for would exceed
     *     {@link #MAX_ADJOINT_MIB} MiB
     */
    static Closed close(List<Observable> generators, int numQubits, int maxDimension, boolean linear,
            boolean keepBasis, boolean adjoint) {
        List<long[]> keys = new ArrayList<>();
        List<double[]> vals = new ArrayList<>();
        prepare(generators, numQubits, maxDimension, keys, vals);
        List<double[]> unit = new ArrayList<>();
        for (double[] v : vals) {
            double norm = 0;
            for (double x : v) {
                norm += x * x;
            }
            double inv = 1 / Math.sqrt(norm);
            unit.add(Arrays.stream(v).map(x -> x * inv).toArray());
        }
        boolean single = !linear && keys.stream().allMatch(k -> k.length == 1);
        return single ? symbolic(keys, numQubits, maxDimension, keepBasis)
                : linear(keys, unit, numQubits, maxDimension, adjoint);
    }

    private static Dla.Result result(List<Observable> generators, Closed c, int maxDimension, boolean keepBasis) {
        List<String> texts = generators.stream().map(Observable::toString).toList();
        List<String> text = new ArrayList<>();
        SparseBasis basis = c.basis();
        if (keepBasis) {
            for (int i = 0; i < basis.size(); i++) {
                text.add(toText(basis.keys.get(i), basis.vals.get(i)));
            }
        }
        return new Dla.Result(c.dimension(), texts, text, c.truncated(), maxDimension);
    }

    /** Validates and converts the generators to sparse (key, value) vectors, skipping zero ones. */
    private static void prepare(List<Observable> generators, int numQubits, int maxDimension,
            List<long[]> keys, List<double[]> vals) {
        Objects.requireNonNull(generators, "generators");
        if (generators.isEmpty()) {
            throw new IllegalArgumentException("the DLA needs at least one generator; the list is empty");
        }
        if (numQubits < 1 || numQubits > Dla.MAX_QUBITS) {
            throw new IllegalArgumentException("qubit count " + numQubits + " out of range; the DLA closure supports "
                    + "1.." + Dla.MAX_QUBITS + " qubits");
        }
        if (maxDimension < 1 || maxDimension > Dla.MAX_DIMENSION) {
            throw new IllegalArgumentException("maxDimension " + maxDimension + " out of range; allowed: 1.."
                    + Dla.MAX_DIMENSION);
        }
        for (int i = 0; i < generators.size(); i++) {
            Observable g = Objects.requireNonNull(generators.get(i), "generator " + i);
            if (g.maxQubit() >= numQubits) {
                throw new IllegalArgumentException("generator " + i + " (" + g + ") acts on qubit " + g.maxQubit()
                        + " but the closure has " + numQubits + " qubit" + (numQubits == 1 ? "" : "s")
                        + " (allowed qubits 0.." + (numQubits - 1) + ")");
            }
            List<Observable.Term> terms = g.terms();
            int size = terms.size() + (g.constant() != 0 ? 1 : 0);
            if (size == 0) {
                continue;
            }
            long[] k = new long[size];
            double[] v = new double[size];
            int j = 0;
            for (Observable.Term t : terms) {
                k[j] = PauliAlgebra.key(t.pauli());
                v[j++] = t.weight();
            }
            if (g.constant() != 0) {
                k[j] = 0;
                v[j] = g.constant();
            }
            keys.add(k);
            vals.add(v);
        }
    }

    /** {@code 4^n − 1}, plus one if some generator has an identity component (the identity is central). */
    private static long maxPossible(List<long[]> keys, int n) {
        boolean identity = keys.stream().anyMatch(k -> Arrays.stream(k).anyMatch(v -> v == 0));
        return (1L << (2 * n)) - 1 + (identity ? 1 : 0);
    }

    // ---- symbolic closure over Pauli strings

    private static Closed symbolic(List<long[]> gens, int n, int maxDimension, boolean keepBasis) {
        long limit = maxPossible(gens, n);
        LongSet set = new LongSet(16);
        long[] elems = new long[16];
        int size = 0;
        boolean truncated = false;
        for (long[] g : gens) {
            if (set.add(g[0])) {
                if (size == maxDimension) {
                    truncated = true;
                    break;
                }
                if (size == elems.length) {
                    elems = Arrays.copyOf(elems, 2 * size);
                }
                elems[size++] = g[0];
            }
        }
        // the algebra is spanned by left-normed brackets [s_1, [s_2, …, s_k]] of generators: close under ad_s only
        long[] gen = Arrays.copyOf(elems, size);
        outer:
        for (int i = 0; i < size && !truncated && size < limit; i++) {
            long a = elems[i];
            long ra = Long.rotateLeft(a, 32); // a with its masks swapped
            for (long b : gen) {
                if ((Long.bitCount(b & ra) & 1) == 0) {
                    continue; // commute
                }
                long c = a ^ b;
                if (set.add(c)) {
                    if (size == maxDimension) {
                        truncated = true;
                        break outer;
                    }
                    if (size == elems.length) {
                        elems = Arrays.copyOf(elems, 2 * size);
                    }
                    elems[size++] = c;
                    if (size == limit) {
                        break outer;
                    }
                }
            }
        }
        SparseBasis basis = new SparseBasis();
        for (int i = 0; keepBasis && i < size; i++) {
            basis.addString(elems[i]);
        }
        return new Closed(size, basis, gen.length, null, truncated);
    }

    // ---- linear-algebra closure over Pauli sums

    private static Closed linear(List<long[]> gkeys, List<double[]> unit, int n, int maxDimension,
            boolean adjoint) {
        long limit = maxPossible(gkeys, n);
        SparseBasis basis = new SparseBasis();
        LongDoubleMap work = new LongDoubleMap(64);
        boolean truncated = false;
        for (int g = 0; g < gkeys.size() && !truncated; g++) {
            work.clear();
            long[] k = gkeys.get(g);
            double[] v = unit.get(g);
            for (int e = 0; e < k.length; e++) {
                work.add(k[e], v[e]);
            }
            if (basis.independent(work, 0)) {
                if (basis.size() == maxDimension) {
                    truncated = true;
                } else {
                    basis.addResidual(work);
                }
            }
        }
        // The algebra is spanned by left-normed brackets [s_1, [s_2, …, s_k]] of generators, and by linearity the
        // s_i may be any basis of the generators' span: the orthonormal vectors just found, fewer than the
        // generators when they repeat (an ansatz's layers; bench/README). Close under their ad, one block each.
        int spanning = truncated ? 0 : basis.size();
        long[][] sKeys = new long[spanning][];
        double[][] sVals = new double[spanning][];
        List<LongDoubleMap> cands = new ArrayList<>();
        List<List<double[]>> columns = new ArrayList<>();
        for (int k = 0; k < spanning; k++) {
            sKeys[k] = basis.keys.get(k);
            sVals[k] = basis.vals.get(k);
            columns.add(new ArrayList<>());
        }
        // several basis vectors per block, so that one pass over the basis serves about BLOCK candidates
        int per = Math.max(1, BLOCK / Math.max(1, spanning));
        for (int i = 0; i < basis.size() && !truncated && (adjoint || basis.size() < limit); ) {
            int count = Math.min(per, basis.size() - i);
            cands.clear();
            for (int q = 0; q < count; q++) {
                for (int k = 0; k < spanning; k++) {
                    LongDoubleMap c = new LongDoubleMap(64);
                    commutator(sKeys[k], sVals[k], basis.keys.get(i + q), basis.vals.get(i + q), c);
                    cands.add(c);
                }
            }
            // unit-norm inputs: 2‖s‖‖b‖ = 2 is the scale of i[s, b] and of its rounding errors
            double[][] coords = basis.absorb(cands, 2, maxDimension);
            if (coords == null) {
                truncated = true;
                break;
            }
            i += count;
            if (adjoint) {
                long bytes = 8L * spanning * basis.size() * basis.size();
                if (bytes > (long) MAX_ADJOINT_MIB << 20) {
                    throw new IllegalArgumentException("the decomposition keeps the adjoint matrix of each of the "
                            + spanning + " independent generators (D×D doubles): " + (bytes >> 20) + " MiB at D = "
                            + basis.size() + " and growing, above the limit of " + MAX_ADJOINT_MIB
                            + " MiB; use fewer distinct generators");
                }
                for (int q = 0; q < count; q++) {
                    for (int k = 0; k < spanning; k++) {
                        columns.get(k).add(coords[q * spanning + k]);
                    }
                }
            }
        }
        List<DMatrixRMaj> ad = null;
        if (adjoint && !truncated) {
            int d = basis.size();
            ad = new ArrayList<>();
            for (int k = 0; k < spanning; k++) {
                DMatrixRMaj a = new DMatrixRMaj(d, d);
                List<double[]> cols = columns.get(k);
                for (int j = 0; j < d; j++) {
                    double[] col = cols.get(j);
                    for (int i = 0; i < col.length; i++) {
                        a.data[i * d + j] = col[i];
                    }
                }
                ad.add(a);
            }
        }
        return new Closed(basis.size(), basis, spanning, ad, truncated);
    }

    /**
     * {@code out += i[A, B] = Σ a_P b_Q·i[P, Q]} with {@code i[P, Q] = −2s·(P·Q up to phase)} for anticommuting
     * strings ({@link PauliAlgebra#commutatorSign}).
     */
    static void commutator(long[] ak, double[] av, long[] bk, double[] bv, LongDoubleMap out) {
        for (int e = 0; e < ak.length; e++) {
            long a = ak[e];
            long ra = Long.rotateLeft(a, 32);
            double wa = -2 * av[e];
            for (int f = 0; f < bk.length; f++) {
                long b = bk[f];
                if ((Long.bitCount(b & ra) & 1) == 0) {
                    continue;
                }
                int s = PauliAlgebra.productPowerOfKeys(a, b) == 1 ? 1 : -1;
                out.add(a ^ b, s * wa * bv[f]);
            }
        }
    }

    private static String toText(long[] k, double[] v) {
        Integer[] order = new Integer[k.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (p, q) -> Long.compare(k[p], k[q]));
        List<Observable.Term> terms = new ArrayList<>();
        double constant = 0;
        for (int i : order) {
            if (k[i] == 0) {
                constant = v[i];
            } else {
                terms.add(new Observable.Term(v[i], PauliAlgebra.pauliOf(k[i])));
            }
        }
        return Observable.of(terms, constant).toString();
    }
}
