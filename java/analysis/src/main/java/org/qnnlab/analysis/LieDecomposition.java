package org.qnnlab.analysis;

import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_MT_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Observable;

/**
 * A dynamical Lie algebra split into its centre and simple ideals, {@code g = z(g) ⊕ g_1 ⊕ … ⊕ g_m}: the
 * decomposition on which the Lie-algebraic variance of Ragone et al. ({@link LieAlgebraicVariance}) sums.
 *
 * <p>Every {@code g ⊆ u(2^n)} is reductive: {@code g = z(g) ⊕ [g, g]} with {@code [g, g]} semisimple, and the
 * Hilbert–Schmidt inner product {@code ⟨A, B⟩ = Tr(A†B)} is ad-invariant ({@code ⟨[x, a], b⟩ = −⟨a, [x, b]⟩}), so
 * the centre, the semisimple part and its simple ideals are mutually orthogonal. Elements are handled as real
 * Pauli-coefficient vectors ({@code H = Σ h_P P} standing for {@code iH}); their Euclidean inner product is
 * {@code Tr(AB)/2^n}. The steps:
 * <ol>
 *   <li>the closure's orthonormal basis {@code b_1 … b_D} ({@link Dla#closure}), whose first vectors {@code s_k}
 *       span the generators; for Pauli sums the closure also records the matrices {@code A_k} of {@code ad_{s_k}}
 *       in that basis, since every commutator it tests is expanded in the basis anyway;</li>
 *   <li>for Pauli strings: the centre is spanned by the strings commuting with every generator and {@code [g, g]} by
 *       the others; the connected components of their anticommutation graph give the simple ideals, certified
 *       simple when no two strings of a component anticommute with the same strings (see {@code stringIdeals}),
 *       else {@code split} below with two random elements;</li>
 *   <li>for Pauli sums, {@code split}: with {@code A = ad_x} and {@code B = ad_y}, every eigenvector of the
 *       symmetric matrix {@code AB + BA} lies in the centre or in one simple ideal; its near-kernel is split into
 *       the common kernel of the {@code A_k} (the centre) and the rest, and the ideals are the connected components
 *       of the other eigenvectors linked by A or B. x and y are random combinations of the {@code s_k} plus one
 *       random bracket each (from the {@code A_k} by one dense product); the split is kept if every part is invariant
 *       under a random combination of the {@code A_k} (then under each, and so an ideal: the generators' ad generate
 *       ad(g)), else x and y are random elements of the whole algebra, whose commutators with the basis are far
 *       costlier (bench/README).</li>
 * </ol>
 * The random numbers come from a fixed seed, so the result is deterministic. Cost: the closure, then {@code O(D²)}
 * bit operations for Pauli-string algebras or, for Pauli sums, about six dense {@code D×D} products and one
 * symmetric {@code D×D} eigendecomposition ({@code O(D³)}), limited to {@code D ≤} {@value #MAX_DIMENSION}, and the
 * {@code A_k} to {@value LieClosure#MAX_ADJOINT_MIB} MiB.
 */
public final class LieDecomposition {

    /** The largest algebra decomposed (dense {@code D×D} matrices, {@code O(D³)} work). */
    public static final int MAX_DIMENSION = 2048;

    /** Entries of {@code VᵀAV} above this fraction of the largest link two eigenvectors into one ideal. */
    private static final double EDGE = 1e-6;

    private static final long SEED = 0x5EED_1DEAL;

    /** The weight ξ of B in the link matrix {@code Vᵀ(A + ξB)V} of {@link #split}: a fixed irrational number. */
    private static final double LINK_MIX = Math.sqrt(2) - 0.3;

    private final int numQubits;
    /** An orthonormal basis of g; the centre and the ideals are given in its coordinates. */
    private final SparseBasis basis;
    /** The first {@code spanning} basis vectors span the generators. */
    private final int spanning;
    /** {@code ad} of each spanning vector in the basis (from the closure, or computed when first needed). */
    private final DMatrixRMaj[] adjoint;
    private final double[][] centre;
    private final List<double[][]> ideals;
    private final SparseBasis centreAndIdentity;

    private LieDecomposition(int numQubits, SparseBasis basis, int spanning, List<DMatrixRMaj> adjoint,
            Parts parts) {
        this.numQubits = numQubits;
        this.basis = basis;
        this.spanning = spanning;
        this.adjoint = new DMatrixRMaj[spanning];
        for (int k = 0; adjoint != null && k < spanning; k++) {
            this.adjoint[k] = adjoint.get(k);
        }
        this.centre = parts.centre();
        this.ideals = parts.ideals();
        int total = centre.length;
        for (double[][] q : ideals) {
            total += q.length;
        }
        if (total != basis.size()) {
            throw new IllegalStateException("the centre (dimension " + centre.length + ") and the simple ideals "
                    + idealDimensions() + " do not add up to dim g = " + basis.size());
        }
        centreAndIdentity = new SparseBasis();
        LongDoubleMap work = new LongDoubleMap(64);
        for (double[] z : centre) {
            combine(z, work);
            if (centreAndIdentity.independent(work, 0)) {
                centreAndIdentity.addResidual(work);
            }
        }
        work.clear();
        work.add(0, 1);
        if (centreAndIdentity.independent(work, 0)) {
            centreAndIdentity.addResidual(work);
        }
    }

    /** The centre and the simple ideals, orthonormal rows in the coordinates of the basis of g. */
    private record Parts(double[][] centre, List<double[][]> ideals) {
    }

    /**
     * The decomposition of the dynamical Lie algebra of {@code circuit} ({@link Dla#generators}).
     *
     * @throws IllegalArgumentException as {@link Dla#generators}, for a circuit without trainable gates, or for an
     *     algebra of more than {@value #MAX_DIMENSION} elements
     */
    public static LieDecomposition of(Circuit circuit) {
        List<Observable> generators = Dla.generators(circuit);
        if (generators.isEmpty()) {
            throw new IllegalArgumentException("the circuit has no trainable gate; its dynamical Lie algebra is {0}");
        }
        return of(generators, circuit.numQubits());
    }

    /**
     * The decomposition of the real Lie algebra generated by {@code i·G_k}.
     *
     * @param generators the Hermitian generators (validated as by {@link Dla#closure})
     * @param numQubits the number of qubits
     * @throws IllegalArgumentException as {@link Dla#closure}, or for an algebra of more than
     *     {@value #MAX_DIMENSION} elements
     */
    public static LieDecomposition of(List<Observable> generators, int numQubits) {
        LieClosure.Closed closed = LieClosure.close(generators, numQubits, MAX_DIMENSION, false, true, true);
        if (closed.truncated()) {
            throw new IllegalArgumentException("the dynamical Lie algebra has more than " + MAX_DIMENSION
                    + " elements; its decomposition needs dense D×D matrices (O(D³) work) and is limited to D ≤ "
                    + MAX_DIMENSION);
        }
        SparseBasis basis = closed.basis();
        Parts parts = closed.adjoint() == null ? stringParts(basis, closed.spanning())
                : sumParts(basis, closed.adjoint(), false);
        return new LieDecomposition(numQubits, basis, closed.spanning(), closed.adjoint(), parts);
    }

    /**
     * As {@link #of(List, int)} for a Pauli-sum algebra, but split only with random elements of the whole algebra
     * (the fallback of the split from the generators), for cross-checks in tests.
     */
    static LieDecomposition byRandomElements(List<Observable> generators, int numQubits) {
        LieClosure.Closed closed = LieClosure.close(generators, numQubits, MAX_DIMENSION, true, true, true);
        Parts parts = sumParts(closed.basis(), closed.adjoint(), true);
        return new LieDecomposition(numQubits, closed.basis(), closed.spanning(), closed.adjoint(), parts);
    }

    /** The number of qubits. */
    public int numQubits() {
        return numQubits;
    }

    /** {@code dim g}. */
    public int dimension() {
        return basis.size();
    }

    /** {@code dim z(g)}. */
    public int centreDimension() {
        return centre.length;
    }

    /** The dimensions of the simple ideals, in the order found. */
    public List<Integer> idealDimensions() {
        return ideals.stream().map(q -> q.length).toList();
    }

    /** An orthonormal basis of the centre (Pauli coefficients with {@code Σ w² = 1}, i.e. {@code Tr(B²) = 2^n}). */
    public List<Observable> centre() {
        return observables(centre);
    }

    /**
     * An orthonormal basis of the whole algebra (normalised as {@link #centre()}) in the closure's order: the
     * generators' span first, then brackets of growing depth. Each element is built when it is read.
     */
    public List<Observable> basis() {
        return new java.util.AbstractList<>() {
            @Override
            public Observable get(int i) {
                return toObservable(basis.keys.get(i), basis.vals.get(i));
            }

            @Override
            public int size() {
                return basis.size();
            }
        };
    }

    /**
     * An orthonormal basis of the simple ideal {@code j} (normalised as {@link #centre()}).
     *
     * @throws IllegalArgumentException for {@code j} outside {@code 0..m−1}
     */
    public List<Observable> ideal(int j) {
        return observables(idealRows(j));
    }

    private double[][] idealRows(int j) {
        if (j < 0 || j >= ideals.size()) {
            throw new IllegalArgumentException("ideal " + j + " out of range; the algebra has " + ideals.size()
                    + " simple ideal" + (ideals.size() == 1 ? "" : "s"));
        }
        return ideals.get(j);
    }

    private List<Observable> observables(double[][] rows) {
        List<Observable> out = new ArrayList<>();
        LongDoubleMap sum = new LongDoubleMap(64);
        for (double[] q : rows) {
            combine(q, sum);
            Sparse v = Sparse.of(sum);
            out.add(toObservable(v.keys(), v.vals()));
        }
        return out;
    }

    /** {@code out = Σ_i q_i b_i} in Pauli coefficients. */
    private void combine(double[] q, LongDoubleMap out) {
        out.clear();
        for (int i = 0; i < q.length; i++) {
            if (q[i] != 0) {
                long[] k = basis.keys.get(i);
                double[] v = basis.vals.get(i);
                for (int e = 0; e < k.length; e++) {
                    out.add(k[e], q[i] * v[e]);
                }
            }
        }
    }

    /**
     * The adjoint Casimir eigenvalue {@code c_j} of the simple ideal j: {@code Σ_a [B_a, [B_a, X]] = c_j·X} for
     * {@code X ∈ g_j} and a Hilbert–Schmidt-orthonormal Hermitian basis {@code B_a} of {@code g_j} (su(d):
     * {@code 2d}). It sets the gradient variance ({@link LieAlgebraicVariance.Result#gradientVariances()}).
     *
     * <p>On a simple ideal the Killing form is a multiple of the Hilbert–Schmidt form, {@code Tr(ad_X ad_Y) =
     * −κ_j⟨X, Y⟩}, and {@code c_j} is that multiple in these units: so it is {@code ‖ad_X‖²_F / ‖X‖²} for any non-zero
     * {@code X ∈ g_j}, divided by {@code 2^n} for the normalisation {@code B = C/√(2^n)} of unit Pauli coordinates C.
     * X is the projection onto g_j of the generator-spanning basis vector that projects most, whose {@code ad} acts
     * on g_j as {@code ad_X} (the other parts of it commute with g_j).
     *
     * @throws IllegalArgumentException for {@code j} outside {@code 0..m−1}
     */
    public double casimir(int j) {
        double[][] rows = idealRows(j);
        int best = 0;
        double norm = -1;
        for (int k = 0; k < spanning; k++) {
            double p = 0;
            for (double[] q : rows) {
                p += q[k] * q[k];
            }
            if (p > norm) {
                norm = p;
                best = k;
            }
        }
        double f = NormOps_DDRM.normF(product(adjointOf(best), columns(rows)));
        return f * f / (norm * Math.pow(2, numQubits));
    }

    private synchronized DMatrixRMaj adjointOf(int k) {
        if (adjoint[k] == null) {
            adjoint[k] = adjoint(basis, new Sparse(basis.keys.get(k), basis.vals.get(k)));
        }
        return adjoint[k];
    }

    /** {@code ‖π_j(v)‖²} for each simple ideal j: the squared norms of the projections of a coefficient vector. */
    double[] idealNorms(LongDoubleMap v) {
        double[] c = basis.coordinates(v);
        double[] out = new double[ideals.size()];
        for (int j = 0; j < out.length; j++) {
            for (double[] q : ideals.get(j)) {
                double s = 0;
                for (int i = 0; i < q.length; i++) {
                    s += q[i] * c[i];
                }
                out[j] += s * s;
            }
        }
        return out;
    }

    /** The distinct Pauli keys of the basis of g (those of the centre and of {@code [g, g]} together). */
    long[] strings() {
        LongSet seen = new LongSet(64);
        List<Long> out = new ArrayList<>();
        for (long[] k : basis.keys) {
            for (long key : k) {
                if (seen.add(key)) {
                    out.add(key);
                }
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** The coordinates of {@code v} in an orthonormal basis of {@code z(g) ⊕ ℝ·I} (the part U leaves invariant). */
    double[] centreCoordinates(LongDoubleMap v) {
        return centreAndIdentity.coordinates(v);
    }

    // ---- the parts of an algebra of Pauli strings

    /**
     * The centre and simple ideals of an algebra spanned by Pauli strings (the symbolic closure's basis, the
     * generators first). A combination of strings commutes with a string s iff each of its strings does ({@code [s,
     * P] ∝ sP} differs for different P), so the centre is spanned by the strings commuting with every generator and
     * {@code [g, g]}, its orthogonal complement, by the others. Its simple ideals come from the anticommutation graph
     * ({@link #stringIdeals}) or, when that does not certify them, from {@link #split} with two random elements.
     */
    private static Parts stringParts(SparseBasis basis, int spanning) {
        int d = basis.size();
        long[] keys = new long[d];
        for (int i = 0; i < d; i++) {
            keys[i] = basis.keys.get(i)[0];
        }
        List<Integer> central = new ArrayList<>();
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < d; i++) {
            boolean commutes = true;
            for (int k = 0; k < spanning && commutes; k++) {
                commutes = !PauliAlgebra.anticommuteKeys(keys[i], keys[k]);
            }
            (commutes ? central : rest).add(i);
        }
        double[][] centre = new double[central.size()][d];
        for (int c = 0; c < centre.length; c++) {
            centre[c][central.get(c)] = 1;
        }
        int m = rest.size();
        long[] semisimple = new long[m];
        for (int i = 0; i < m; i++) {
            semisimple[i] = keys[rest.get(i)];
        }
        List<double[][]> local;
        List<int[]> groups = stringIdeals(semisimple);
        if (groups != null) {
            local = new ArrayList<>();
            for (int[] g : groups) {
                double[][] ideal = new double[g.length][m];
                for (int t = 0; t < g.length; t++) {
                    ideal[t][g[t]] = 1;
                }
                local.add(ideal);
            }
        } else {
            SparseBasis sub = new SparseBasis();
            for (long key : semisimple) {
                sub.addString(key);
            }
            SplittableRandom rnd = new SplittableRandom(SEED);
            DMatrixRMaj x = adjoint(sub, randomElement(sub, rnd));
            DMatrixRMaj y = adjoint(sub, randomElement(sub, rnd));
            Parts parts = split(x, y, m, null);
            if (!invariant(parts, x) || !invariant(parts, y)) {
                throw new IllegalStateException("the split of the " + m + "-dimensional [g, g] into simple ideals is "
                        + "not invariant under its random pair; their eigenvalues were too close to tell the ideals "
                        + "apart");
            }
            local = parts.ideals();
        }
        List<double[][]> ideals = new ArrayList<>();
        for (double[][] g : local) {
            double[][] ideal = new double[g.length][d];
            for (int t = 0; t < g.length; t++) {
                for (int i = 0; i < m; i++) {
                    ideal[t][rest.get(i)] = g[t][i];
                }
            }
            ideals.add(ideal);
        }
        return new Parts(centre, ideals);
    }

    /**
     * The simple ideals of a {@code [g, g]} spanned by the Pauli strings {@code keys}, read off the anticommutation
     * graph (each as the indices of its strings), or null when the graph does not certify them. Each connected
     * component C spans an ideal: strings of different components commute, and {@code [P, Q] ∝ PQ} anticommutes with
     * P iff Q does, so it stays in C. If moreover no two strings of C anticommute with the same strings of C, the
     * ideal is simple: {@code ad_Q²} is 4 times the projector onto the strings anticommuting with Q, so an operator
     * commuting with every {@code ad_Q} is diagonal in the strings, and {@code ad_Q: P ↦ ±QP} forces its diagonal to
     * be constant along every edge, hence on C; a commutant of scalars means no proper ideal. With such twins the
     * dense method decides.
     */
    private static List<int[]> stringIdeals(long[] keys) {
        int m = keys.length;
        int words = (m + 63) >>> 6;
        long[][] pattern = new long[m][words];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                if (PauliAlgebra.anticommuteKeys(keys[i], keys[j])) {
                    pattern[i][j >>> 6] |= 1L << j;
                }
            }
        }
        Set<LongBuffer> seen = new HashSet<>();
        for (long[] p : pattern) {
            if (!seen.add(LongBuffer.wrap(p))) {
                return null;
            }
        }
        int[] component = new int[m];
        Arrays.fill(component, -1);
        List<int[]> groups = new ArrayList<>();
        int[] queue = new int[m];
        for (int start = 0; start < m; start++) {
            if (component[start] >= 0) {
                continue;
            }
            int c = groups.size();
            int head = 0;
            int tail = 0;
            queue[tail++] = start;
            component[start] = c;
            while (head < tail) {
                int u = queue[head++];
                for (int j = 0; j < m; j++) {
                    if (component[j] < 0 && (pattern[u][j >>> 6] & (1L << j)) != 0) {
                        component[j] = c;
                        queue[tail++] = j;
                    }
                }
            }
            groups.add(Arrays.copyOf(queue, tail));
        }
        return groups;
    }

    // ---- the parts of an algebra of Pauli sums

    /**
     * The centre and simple ideals of an algebra from the adjoint matrices {@code A_k} of its generator-spanning
     * vectors ({@link #split} in the coordinates of g). With x and y random combinations of the {@code A_k} plus one
     * random bracket {@code [A_u, A_v]} each (one dense product; the brackets make the pair generic in more than the
     * generators' span), the split is kept if every part is invariant under a random combination of the
     * {@code A_k} ({@link #invariant}); else x and y are random elements of the whole algebra, whose commutators with
     * the basis are far costlier (bench/README).
     */
    private static Parts sumParts(SparseBasis basis, List<DMatrixRMaj> gens, boolean wholeAlgebra) {
        int d = basis.size();
        SplittableRandom rnd = new SplittableRandom(SEED);
        if (!wholeAlgebra) {
            DMatrixRMaj x = combination(gens, rnd);
            DMatrixRMaj y = combination(gens, rnd);
            if (gens.size() > 1) {
                addBracket(x, combination(gens, rnd), combination(gens, rnd));
                addBracket(y, combination(gens, rnd), combination(gens, rnd));
            }
            Parts parts = split(x, y, d, gens);
            if (invariant(parts, combination(gens, rnd))) {
                return parts;
            }
        }
        Parts parts;
        parts = split(adjoint(basis, randomElement(basis, rnd)), adjoint(basis, randomElement(basis, rnd)), d, gens);
        if (!invariant(parts, combination(gens, rnd))) {
            throw new IllegalStateException("the split of the " + d + "-dimensional algebra into its centre and "
                    + "simple ideals is not invariant under the generators; the eigenvalues of its random pair were "
                    + "too close to tell the ideals apart");
        }
        return parts;
    }

    /** {@code Σ_k r_k A_k} with standard normal {@code r_k}. */
    private static DMatrixRMaj combination(List<DMatrixRMaj> gens, SplittableRandom rnd) {
        int d = gens.get(0).numRows;
        DMatrixRMaj x = new DMatrixRMaj(d, d);
        for (DMatrixRMaj a : gens) {
            CommonOps_DDRM.addEquals(x, rnd.nextGaussian(), a);
        }
        return x;
    }

    /** {@code x += [A, B] = P − Pᵀ} with {@code P = AB} (A and B antisymmetric). */
    private static void addBracket(DMatrixRMaj x, DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj p = new DMatrixRMaj(a.numRows, a.numRows);
        CommonOps_MT_DDRM.mult(a, b, p);
        CommonOps_DDRM.addEquals(x, p);
        CommonOps_DDRM.transpose(p);
        CommonOps_DDRM.subtractEquals(x, p);
    }

    /**
     * True if the centre is annihilated by {@code R} and every ideal is invariant under it:
     * {@code ‖R Q − Q(QᵀRQ)‖_F ≤ 1e-8·‖R‖_F} for the orthonormal basis Q of each part. For R a random combination
     * of the generators' adjoint matrices this holds (with probability one) only if it holds for each of them: the
     * combinations leaving a subspace invariant form a linear subspace, which a random point misses unless it is
     * all. The generators' ad generate ad(g), so the parts are then ideals.
     */
    private static boolean invariant(Parts parts, DMatrixRMaj r) {
        double bound = 1e-8 * NormOps_DDRM.normF(r);
        if (parts.centre().length > 0 && NormOps_DDRM.normF(product(r, columns(parts.centre()))) > bound) {
            return false;
        }
        for (double[][] g : parts.ideals()) {
            DMatrixRMaj q = columns(g);
            DMatrixRMaj rq = product(r, q);
            DMatrixRMaj small = new DMatrixRMaj(g.length, g.length);
            CommonOps_MT_DDRM.multTransA(q, rq, small);
            DMatrixRMaj back = new DMatrixRMaj(q.numRows, g.length);
            CommonOps_MT_DDRM.mult(q, small, back);
            CommonOps_DDRM.subtractEquals(rq, back);
            if (NormOps_DDRM.normF(rq) > bound) {
                return false;
            }
        }
        return true;
    }

    /** The rows as the columns of a matrix. */
    private static DMatrixRMaj columns(double[][] rows) {
        int d = rows[0].length;
        DMatrixRMaj q = new DMatrixRMaj(d, rows.length);
        for (int c = 0; c < rows.length; c++) {
            for (int i = 0; i < d; i++) {
                q.data[i * rows.length + c] = rows[c][i];
            }
        }
        return q;
    }

    /** {@code A·Q}. */
    private static DMatrixRMaj product(DMatrixRMaj a, DMatrixRMaj q) {
        DMatrixRMaj out = new DMatrixRMaj(a.numRows, q.numCols);
        CommonOps_MT_DDRM.mult(a, q, out);
        return out;
    }

    // ---- the split

    /**
     * The centre and the simple ideals (orthonormal rows in the given m-dimensional coordinates) from
     * {@code A = ad_x}, {@code B = ad_y}: eigenvectors of {@code AB + BA} grouped by the links
     * {@code Vᵀ(A + ξB)V}.
     *
     * <p>The adjoint matrices are antisymmetric and block diagonal over the centre (where they vanish) and the
     * ideals, each ideal being ad-invariant. The adjoint representation of the semisimple part of a
     * {@code g ⊆ u(2^n)} is the direct sum of its simple ideals, which are absolutely irreducible (compact simple
     * algebras) and pairwise non-isomorphic as g-modules (g_j acts on itself and trivially on the others), so the
     * associative algebra generated by {@code ad(g)} on it is {@code ⊕_j End(g_j)}. {@code M = AB + BA} is a
     * symmetric element of it: block diagonal, and on each block a generic symmetric matrix for generic x, y, so
     * eigenvalues of different ideals do not coincide and every eigenvector of M lies in one ideal. (The eigenvectors
     * of {@code −A²} alone do not: its eigenvalues pair up and its kernel, the Cartan subalgebra of x, mixes all
     * ideals.) Which eigenvectors share an ideal is then read off {@code Vᵀ(A + ξB)V} (ξ fixed and irrational: an
     * entry vanishes where those of {@code VᵀAV} and {@code VᵀBV} both do): two eigenvectors are linked when an entry
     * exceeds {@value #EDGE} of the largest one. A connected component spans a subspace invariant under
     * {@code ad_x} and {@code ad_y}, hence under the algebra they generate, which is all of {@code [g, g]} for a
     * generic pair (M. Kuranishi, Nagoya Math. J. 2, 63 (1951)): it is a sum of ideals. Within a
     * simple ideal the links connect everything, since a union of components inside it would be a proper invariant
     * subspace of an irreducible module. So the components are the simple ideals, each spanned by its orthonormal
     * eigenvectors. The threshold only has to lie between the rounding mixing of nearly equal eigenvalues of
     * different ideals (about {@code ε‖M‖/gap}, far below it for a generic M) and the links of a spanning tree of each
     * ideal (of the order of the matrix entries).
     *
     * <p>The centre lies in M's kernel. When {@code gens} (the generators' adjoint matrices) are given, the
     * eigenvectors with {@code |μ| ≤ 1e-8·max|μ|} are split into the common kernel of the {@code A_k} (the centre:
     * the {@code A_k} generate ad(g)) and its complement there (ideal vectors whose eigenvalue happens to be small,
     * then grouped as the others); without them the coordinates are taken to span {@code [g, g]}. Cost: three
     * {@code m×m} products and one symmetric eigendecomposition (EJML's threaded versions).
     */
    private static Parts split(DMatrixRMaj a, DMatrixRMaj b, int m, List<DMatrixRMaj> gens) {
        DMatrixRMaj ab = new DMatrixRMaj(m, m);
        CommonOps_MT_DDRM.mult(a, b, ab);
        DMatrixRMaj sym = new DMatrixRMaj(m, m);
        CommonOps_DDRM.transpose(ab, sym);
        CommonOps_DDRM.addEquals(sym, ab);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_MT_DDRM.eig(m, true, true);
        if (!eig.decompose(sym)) {
            throw new IllegalStateException("eigendecomposition of the " + m + "×" + m
                    + " matrix ad_x·ad_y + ad_y·ad_x failed");
        }
        DMatrixRMaj v = new DMatrixRMaj(m, m);
        double largest = 0;
        for (int t = 0; t < m; t++) {
            CommonOps_DDRM.insert(eig.getEigenVector(t), v, 0, t);
            largest = Math.max(largest, Math.abs(eig.getEigenvalue(t).real));
        }
        boolean[] central = new boolean[m];
        if (gens != null) {
            List<Integer> small = new ArrayList<>();
            for (int t = 0; t < m; t++) {
                if (Math.abs(eig.getEigenvalue(t).real) <= 1e-8 * largest) {
                    small.add(t);
                }
            }
            centre(v, small, gens, central);
        }
        int[] parent = new int[m];
        for (int t = 0; t < m; t++) {
            parent[t] = t;
        }
        // the links of A and of B at once: an entry of Vᵀ(A + ξB)V vanishes where both do, and elsewhere only by a
        // cancellation, a coincidence that the invariance check of the parts would catch
        DMatrixRMaj op = a.copy();
        CommonOps_DDRM.addEquals(op, LINK_MIX, b);
        DMatrixRMaj av = new DMatrixRMaj(m, m);
        DMatrixRMaj vav = new DMatrixRMaj(m, m);
        CommonOps_MT_DDRM.mult(op, v, av);
        CommonOps_MT_DDRM.multTransA(v, av, vav);
        double cut = EDGE * CommonOps_DDRM.elementMaxAbs(vav);
        double[] d = vav.data;
        for (int i = 0; i < m; i++) {
            for (int k = i + 1; k < m; k++) {
                if (!central[i] && !central[k] && Math.abs(d[i * m + k]) > cut) {
                    parent[find(parent, i)] = find(parent, k);
                }
            }
        }
        List<double[]> centre = new ArrayList<>();
        int[] label = new int[m];
        Arrays.fill(label, -1);
        List<List<Integer>> members = new ArrayList<>();
        for (int t = 0; t < m; t++) {
            if (central[t]) {
                centre.add(column(v, t));
                continue;
            }
            int r = find(parent, t);
            if (label[r] < 0) {
                label[r] = members.size();
                members.add(new ArrayList<>());
            }
            members.get(label[r]).add(t);
        }
        List<double[][]> ideals = new ArrayList<>();
        for (List<Integer> c : members) {
            double[][] ideal = new double[c.size()][];
            for (int q = 0; q < ideal.length; q++) {
                ideal[q] = column(v, c.get(q));
            }
            ideals.add(ideal);
        }
        return new Parts(centre.toArray(new double[0][]), ideals);
    }

    private static double[] column(DMatrixRMaj v, int t) {
        int m = v.numRows;
        double[] out = new double[m];
        for (int i = 0; i < m; i++) {
            out[i] = v.data[i * v.numCols + t];
        }
        return out;
    }

    /**
     * Rotates the eigenvector columns {@code small} of V (M's near-kernel) into the common kernel of the
     * {@code A_k} and its complement, marking the kernel's columns {@code central}: the eigenvectors of
     * {@code Σ_k (A_k V_0)ᵀ(A_k V_0)} with {@code √λ ≤} {@link Dla#RELATIVE_TOLERANCE}{@code ·(Σ_k ‖A_k‖²_F)^½}.
     */
    private static void centre(DMatrixRMaj v, List<Integer> small, List<DMatrixRMaj> gens, boolean[] central) {
        int c = small.size();
        if (c == 0) {
            return;
        }
        int m = v.numRows;
        DMatrixRMaj v0 = new DMatrixRMaj(m, c);
        for (int s = 0; s < c; s++) {
            for (int i = 0; i < m; i++) {
                v0.data[i * c + s] = v.data[i * m + small.get(s)];
            }
        }
        DMatrixRMaj gram = new DMatrixRMaj(c, c);
        DMatrixRMaj av = new DMatrixRMaj(m, c);
        double scale = 0;
        for (DMatrixRMaj a : gens) {
            CommonOps_MT_DDRM.mult(a, v0, av);
            CommonOps_DDRM.multAddTransA(av, av, gram);
            double f = NormOps_DDRM.normF(a);
            scale += f * f;
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(c, true, true);
        if (!eig.decompose(gram)) {
            throw new IllegalStateException("eigendecomposition of the " + c + "×" + c + " centre Gram matrix failed");
        }
        double bound = Dla.RELATIVE_TOLERANCE * Math.sqrt(scale);
        DMatrixRMaj rotated = new DMatrixRMaj(m, 1);
        for (int s = 0; s < c; s++) {
            CommonOps_MT_DDRM.mult(v0, eig.getEigenVector(s), rotated);
            int t = small.get(s);
            for (int i = 0; i < m; i++) {
                v.data[i * m + t] = rotated.data[i];
            }
            central[t] = Math.sqrt(Math.max(0, eig.getEigenvalue(s).real)) <= bound;
        }
    }

    /** The root of {@code i} in the union–find forest {@code parent} (with path halving). */
    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    /** A random element {@code Σ a_i e_i} (standard normal {@code a_i}) as sparse (keys, values). */
    private static Sparse randomElement(SparseBasis basis, SplittableRandom rnd) {
        LongDoubleMap x = new LongDoubleMap(64);
        for (int i = 0; i < basis.size(); i++) {
            double a = rnd.nextGaussian();
            long[] k = basis.keys.get(i);
            double[] v = basis.vals.get(i);
            for (int e = 0; e < k.length; e++) {
                x.add(k[e], a * v[e]);
            }
        }
        return Sparse.of(x);
    }

    /** A sparse Pauli-coefficient vector. */
    private record Sparse(long[] keys, double[] vals) {

        static Sparse of(LongDoubleMap m) {
            long[] k = new long[m.size];
            double[] v = new double[m.size];
            for (int t = 0; t < m.size; t++) {
                k[t] = m.keys[m.slots[t]];
                v[t] = m.vals[m.slots[t]];
            }
            return new Sparse(k, v);
        }
    }

    /**
     * The matrix {@code a_ij = ⟨e_i, i[x, e_j]⟩} of {@code ad_x} in the orthonormal basis (antisymmetric), one column
     * per task in the common pool.
     */
    private static DMatrixRMaj adjoint(SparseBasis basis, Sparse x) {
        int m = basis.size();
        DMatrixRMaj a = new DMatrixRMaj(m, m);
        int keys = basis.keyCount();
        ThreadLocal<LongDoubleMap> works = ThreadLocal.withInitial(() -> new LongDoubleMap(64));
        ThreadLocal<double[][]> buffers = ThreadLocal.withInitial(() -> new double[][] {new double[keys],
            new double[m]});
        IntStream.range(0, m).parallel().forEach(j -> {
            LongDoubleMap work = works.get();
            double[][] buf = buffers.get();
            work.clear();
            LieClosure.commutator(x.keys(), x.vals(), basis.keys.get(j), basis.vals.get(j), work);
            basis.coordinatesAll(work, buf[0], buf[1]);
            for (int i = 0; i < m; i++) {
                a.data[i * m + j] = buf[1][i];
            }
        });
        return a;
    }

    private static Observable toObservable(long[] k, double[] v) {
        List<Observable.Term> terms = new ArrayList<>();
        double constant = 0;
        for (int e = 0; e < k.length; e++) {
            if (Math.abs(v[e]) <= 1e-14) {
                continue;
            }
            if (k[e] == 0) {
                constant = v[e];
            } else {
                terms.add(new Observable.Term(v[e], PauliAlgebra.pauliOf(k[e])));
            }
        }
        return Observable.of(terms, constant);
    }
}
