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
 *   <li>the closure's orthonormal basis {@code b_1 … b_D} ({@link Dla#closure});</li>
 *   <li>{@code [g, g] = Σ_k ad_{s_k}(g)} for the generators {@code s_k} (by the Jacobi identity, induction on
 *       left-normed brackets), orthonormalised by Gram–Schmidt from the {@code D·K} commutators {@code i[s_k, b_i]};
 *       the centre is its orthogonal complement in g;</li>
 *   <li>the simple ideals are the irreducible invariant subspaces of the adjoint action on {@code [g, g]}. When
 *       {@code [g, g]} is spanned by Pauli strings (circuits of Pauli rotations such as the hardware-efficient
 *       ansatz), the connected components of the strings' anticommutation graph give the ideals directly, certified
 *       simple when no two strings of a component anticommute with the same strings (see {@code stringIdeals}).
 *       Otherwise, with {@code A = ad_x} and {@code B = ad_y} for two random elements, every eigenvector of the
 *       symmetric matrix {@code AB + BA} lies in one simple ideal, and the ideals are the connected components of
 *       the eigenvectors linked by {@code A} or {@code B} (see {@code simpleIdeals}). With at most 8 generators
 *       x and y are first random combinations of the generators and their brackets, whose adjoint matrices come from
 *       the sparse generators and one dense product per pair; the split is kept if every group is invariant under
 *       every generator's ad (then it is an ideal: the generators' ad generate ad(g)), else x and y are random
 *       elements of the whole algebra, whose commutators with the basis are far costlier (bench/README).</li>
 * </ol>
 * The random elements come from a fixed seed, so the result is deterministic. Cost: the closure, {@code D·K} sparse
 * commutators, then {@code O(D²)} bit operations for Pauli-string algebras or, for Pauli sums, {@code K·D} sparse
 * commutators, {@code K(K − 1)/2 + 5} dense {@code D×D} products and one symmetric {@code D×D} eigendecomposition
 * ({@code O(D³)}), limited to {@code D ≤} {@value #MAX_DIMENSION}.
 */
public final class LieDecomposition {

    /** The largest algebra decomposed (dense {@code D×D} matrices, {@code O(D³)} work). */
    public static final int MAX_DIMENSION = 2048;

    /**
     * The generators' adjoint matrices are kept (D×D each) for the cheap split and its check only up to this many
     * generators; with more, the random elements of the whole algebra decide.
     */
    private static final int CHEAP_MAX_GENERATORS = 8;

    /** Entries of {@code VᵀAV} above this fraction of the largest link two eigenvectors into one ideal. */
    private static final double EDGE = 1e-6;

    private static final long SEED = 0x5EED_1DEAL;

    private final int numQubits;
    private final int dimension;
    private final SparseBasis semisimple;
    private final SparseBasis centre;
    private final SparseBasis centreAndIdentity;
    private final List<double[][]> ideals;

    private LieDecomposition(int numQubits, int dimension, SparseBasis semisimple, SparseBasis centre,
            List<double[][]> ideals) {
        this.numQubits = numQubits;
        this.dimension = dimension;
        this.semisimple = semisimple;
        this.centre = centre;
        this.ideals = ideals;
        centreAndIdentity = new SparseBasis();
        for (int j = 0; j < centre.size(); j++) {
            centreAndIdentity.append(centre.keys.get(j), centre.vals.get(j));
        }
        LongDoubleMap identity = new LongDoubleMap(4);
        identity.add(0, 1);
        if (centreAndIdentity.independent(identity, 0)) {
            centreAndIdentity.addResidual(identity);
        }
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
        LieClosure.Closed closed = LieClosure.close(generators, numQubits, MAX_DIMENSION, false, true);
        if (closed.truncated()) {
            throw new IllegalArgumentException("the dynamical Lie algebra has more than " + MAX_DIMENSION
                    + " elements; its decomposition needs dense D×D matrices (O(D³) work) and is limited to D ≤ "
                    + MAX_DIMENSION);
        }
        SparseBasis basis = closed.basis();
        LongDoubleMap work = new LongDoubleMap(64);
        SparseBasis semisimple = new SparseBasis();
        outer:
        for (int g = 0; g < closed.generatorKeys().size(); g++) {
            for (int i = 0; i < basis.size(); i++) {
                work.clear();
                LieClosure.commutator(closed.generatorKeys().get(g), closed.generatorUnits().get(g),
                        basis.keys.get(i), basis.vals.get(i), work);
                if (semisimple.independent(work, 2)) {
                    semisimple.addResidual(work);
                    if (semisimple.size() == basis.size()) {
                        break outer;
                    }
                }
            }
        }
        SparseBasis all = new SparseBasis();
        for (int j = 0; j < semisimple.size(); j++) {
            all.append(semisimple.keys.get(j), semisimple.vals.get(j));
        }
        SparseBasis centre = new SparseBasis();
        for (int i = 0; i < basis.size(); i++) {
            load(basis.keys.get(i), basis.vals.get(i), work);
            if (all.independent(work, 0)) {
                all.addResidual(work);
                centre.append(all.keys.get(all.size() - 1), all.vals.get(all.size() - 1));
            }
        }
        if (semisimple.size() + centre.size() != basis.size()) {
            throw new IllegalStateException("[g, g] (dimension " + semisimple.size() + ") and the centre (dimension "
                    + centre.size() + ") do not add up to dim g = " + basis.size() + " at tolerance "
                    + Dla.RELATIVE_TOLERANCE);
        }
        return new LieDecomposition(numQubits, basis.size(), semisimple, centre,
                simpleIdeals(semisimple, closed.generatorKeys(), closed.generatorUnits()));
    }

    /** The number of qubits. */
    public int numQubits() {
        return numQubits;
    }

    /** {@code dim g}. */
    public int dimension() {
        return dimension;
    }

    /** {@code dim z(g)}. */
    public int centreDimension() {
        return centre.size();
    }

    /** The dimensions of the simple ideals, in the order found. */
    public List<Integer> idealDimensions() {
        return ideals.stream().map(q -> q.length).toList();
    }

    /** An orthonormal basis of the centre (Pauli coefficients with {@code Σ w² = 1}, i.e. {@code Tr(B²) = 2^n}). */
    public List<Observable> centre() {
        List<Observable> out = new ArrayList<>();
        for (int j = 0; j < centre.size(); j++) {
            out.add(toObservable(centre.keys.get(j), centre.vals.get(j)));
        }
        return out;
    }

    /**
     * An orthonormal basis of the simple ideal {@code j} (normalised as {@link #centre()}).
     *
     * @throws IllegalArgumentException for {@code j} outside {@code 0..m−1}
     */
    public List<Observable> ideal(int j) {
        if (j < 0 || j >= ideals.size()) {
            throw new IllegalArgumentException("ideal " + j + " out of range; the algebra has " + ideals.size()
                    + " simple ideal" + (ideals.size() == 1 ? "" : "s"));
        }
        List<Observable> out = new ArrayList<>();
        LongDoubleMap sum = new LongDoubleMap(64);
        for (double[] q : ideals.get(j)) {
            sum.clear();
            for (int i = 0; i < q.length; i++) {
                if (q[i] != 0) {
                    long[] k = semisimple.keys.get(i);
                    double[] v = semisimple.vals.get(i);
                    for (int e = 0; e < k.length; e++) {
                        sum.add(k[e], q[i] * v[e]);
                    }
                }
            }
            Sparse v = Sparse.of(sum);
            out.add(toObservable(v.keys(), v.vals()));
        }
        return out;
    }

    /**
     * The adjoint Casimir eigenvalue {@code c_j} of the simple ideal j: {@code Σ_a [B_a, [B_a, X]] = c_j·X} for
     * {@code X ∈ g_j} and a Hilbert–Schmidt-orthonormal Hermitian basis {@code B_a} of {@code g_j}, computed as
     * {@code Σ_a ‖[B_a, B_1]‖²} (su(d): {@code 2d}). It sets the gradient variance
     * ({@link LieAlgebraicVariance.Result#gradientVariances()}).
     *
     * @throws IllegalArgumentException for {@code j} outside {@code 0..m−1}
     */
    public double casimir(int j) {
        List<Observable> basis = ideal(j);
        Sparse v = Sparse.of(basis.get(0));
        LongDoubleMap work = new LongDoubleMap(64);
        double sum = 0;
        for (Observable b : basis) {
            Sparse a = Sparse.of(b);
            work.clear();
            LieClosure.commutator(a.keys(), a.vals(), v.keys(), v.vals(), work);
            sum += work.norm() * work.norm();
        }
        // B = C/√d for unit Pauli coordinates C: ‖[B_a, B_1]‖²_HS = d·‖[C_a, C_1]‖²/d²
        return sum / Math.pow(2, numQubits);
    }

    /** {@code ‖π_j(v)‖²} for each simple ideal j: the squared norms of the projections of a coefficient vector. */
    double[] idealNorms(LongDoubleMap v) {
        double[] c = semisimple.coordinates(v);
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

    /** The distinct Pauli keys of the bases of the centre and of {@code [g, g]}. */
    long[] strings() {
        LongSet seen = new LongSet(64);
        List<Long> out = new ArrayList<>();
        for (SparseBasis b : List.of(semisimple, centre)) {
            for (long[] k : b.keys) {
                for (long key : k) {
                    if (seen.add(key)) {
                        out.add(key);
                    }
                }
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** The coordinates of {@code v} in an orthonormal basis of {@code z(g) ⊕ ℝ·I} (the part U leaves invariant). */
    double[] centreCoordinates(LongDoubleMap v) {
        return centreAndIdentity.coordinates(v);
    }

    // ---- simple ideals of the semisimple part

    /**
     * The simple ideals of {@code [g, g]} (orthonormal bases in the coordinates of {@code semisimple}): from the
     * Pauli-string graph when it certifies them ({@link #stringIdeals}), otherwise by the dense method below.
     *
     * <p>Let {@code A = ad_x}, {@code B = ad_y} for two random elements of {@code [g, g]}, as matrices in the
     * orthonormal basis (antisymmetric, block diagonal over the ideals since each ideal is ad-invariant). The
     * adjoint representation of a semisimple {@code g ⊆ u(2^n)} is the direct sum of its simple ideals, which are
     * absolutely irreducible (compact simple algebras) and pairwise non-isomorphic as g-modules (g_j acts on itself
     * and trivially on the others), so the associative algebra generated by {@code ad(g)} is {@code ⊕_j End(g_j)}.
     * {@code M = AB + BA} is a symmetric element of it: block diagonal, and on each block a generic symmetric
     * matrix for generic x, y, so eigenvalues of different ideals do not coincide and every eigenvector of M lies in
     * one ideal. (The eigenvectors of {@code −A²} alone do not: its eigenvalues pair up and its kernel, the Cartan
     * subalgebra of x, mixes all ideals; that method had to close each ideal by Krylov iteration.) Which eigenvectors
     * share an ideal is then read off {@code VᵀAV} and {@code VᵀBV}: two eigenvectors are linked when an entry
     * exceeds {@value #EDGE} of the largest one. A connected component spans a subspace invariant under
     * {@code ad_x} and {@code ad_y}, hence under the algebra they generate, which is all of {@code [g, g]} for a
     * generic pair (M. Kuranishi, Nagoya Math. J. 2, 63 (1951)): it is a sum of ideals. Within a simple ideal the
     * links connect everything, since a union of components inside it would be a proper invariant subspace of an
     * irreducible module. So the components are the simple ideals, each spanned by its orthonormal eigenvectors.
     * The threshold only has to lie between the rounding mixing of nearly equal eigenvalues of different ideals
     * (about {@code ε‖M‖/gap}, far below it for a generic M) and the links of a spanning tree of each ideal (of the
     * order of the matrix entries). Cost: two adjoint matrices ({@code D} sparse commutators each, in parallel),
     * five {@code D×D} products and one symmetric eigendecomposition (EJML's threaded versions).
     */
    private static List<double[][]> simpleIdeals(SparseBasis semisimple, List<long[]> generatorKeys,
            List<double[]> generatorUnits) {
        int m = semisimple.size();
        if (m == 0) {
            return new ArrayList<>();
        }
        List<double[][]> strings = stringIdeals(semisimple);
        if (strings != null) {
            return strings;
        }
        SplittableRandom rnd = new SplittableRandom(SEED);
        // Cheap first: ad of the generators (sparse, so their commutators with the basis are cheap) and of their
        // brackets ([A_a, A_b] = P − Pᵀ with P = A_a·A_b, the A's being antisymmetric) give ad_x and ad_y for x, y
        // random in the span of the generators and their brackets, without ever forming a dense x (whose
        // commutators with the basis cost nnz(x)·nnz(b_j) each: minutes at dimension ~850; bench/README). The
        // split is then checked: every group must be invariant under every ad_{s_k}, i.e. an ideal (the ad_{s_k}
        // generate ad(g)); if one is not, the random elements of the whole algebra decide, as before.
        if (generatorKeys.size() <= CHEAP_MAX_GENERATORS) {
            DMatrixRMaj[] gens = new DMatrixRMaj[generatorKeys.size()];
            DMatrixRMaj x = new DMatrixRMaj(m, m);
            DMatrixRMaj y = new DMatrixRMaj(m, m);
            for (int k = 0; k < gens.length; k++) {
                gens[k] = adjoint(semisimple, new Sparse(generatorKeys.get(k), generatorUnits.get(k)));
                CommonOps_DDRM.addEquals(x, rnd.nextDouble(-1, 1), gens[k]);
                CommonOps_DDRM.addEquals(y, rnd.nextDouble(-1, 1), gens[k]);
            }
            DMatrixRMaj product = new DMatrixRMaj(m, m);
            DMatrixRMaj bracket = new DMatrixRMaj(m, m);
            for (int a = 0; a < gens.length; a++) {
                for (int b = a + 1; b < gens.length; b++) {
                    CommonOps_MT_DDRM.mult(gens[a], gens[b], product);
                    CommonOps_DDRM.transpose(product, bracket);
                    CommonOps_DDRM.subtract(product, bracket, bracket);
                    CommonOps_DDRM.addEquals(x, rnd.nextDouble(-1, 1), bracket);
                    CommonOps_DDRM.addEquals(y, rnd.nextDouble(-1, 1), bracket);
                }
            }
            List<double[][]> cheap = split(x, y, m);
            if (areIdeals(cheap, gens, m)) {
                return cheap;
            }
        }
        return split(adjoint(semisimple, randomElement(semisimple, rnd)),
                adjoint(semisimple, randomElement(semisimple, rnd)), m);
    }

    /**
     * True if every group (orthonormal rows in the basis of [g, g]) is invariant under every generator's ad:
     * {@code ‖A Q − Q(QᵀAQ)‖_F ≤ 1e-8·‖A‖_F} for the basis Q of the group.
     */
    private static boolean areIdeals(List<double[][]> groups, DMatrixRMaj[] gens, int m) {
        double[] norms = new double[gens.length];
        for (int k = 0; k < gens.length; k++) {
            norms[k] = NormOps_DDRM.normF(gens[k]);
        }
        for (double[][] g : groups) {
            DMatrixRMaj q = new DMatrixRMaj(m, g.length);
            for (int c = 0; c < g.length; c++) {
                for (int i = 0; i < m; i++) {
                    q.set(i, c, g[c][i]);
                }
            }
            DMatrixRMaj aq = new DMatrixRMaj(m, g.length);
            DMatrixRMaj small = new DMatrixRMaj(g.length, g.length);
            DMatrixRMaj back = new DMatrixRMaj(m, g.length);
            for (int k = 0; k < gens.length; k++) {
                CommonOps_MT_DDRM.mult(gens[k], q, aq);
                CommonOps_MT_DDRM.multTransA(q, aq, small);
                CommonOps_MT_DDRM.mult(q, small, back);
                CommonOps_DDRM.subtractEquals(aq, back);
                if (NormOps_DDRM.normF(aq) > 1e-8 * norms[k]) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The simple ideals from {@code A = ad_x}, {@code B = ad_y}: eigenvectors of {@code AB + BA} grouped by the
     * links {@code VᵀAV}, {@code VᵀBV}.
     */
    private static List<double[][]> split(DMatrixRMaj a, DMatrixRMaj b, int m) {
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
        for (int t = 0; t < m; t++) {
            CommonOps_DDRM.insert(eig.getEigenVector(t), v, 0, t);
        }
        int[] parent = new int[m];
        for (int t = 0; t < m; t++) {
            parent[t] = t;
        }
        DMatrixRMaj av = new DMatrixRMaj(m, m);
        DMatrixRMaj vav = new DMatrixRMaj(m, m);
        for (DMatrixRMaj op : new DMatrixRMaj[] {a, b}) {
            CommonOps_MT_DDRM.mult(op, v, av);
            CommonOps_MT_DDRM.multTransA(v, av, vav);
            double cut = EDGE * CommonOps_DDRM.elementMaxAbs(vav);
            double[] d = vav.data;
            for (int i = 0; i < m; i++) {
                for (int k = i + 1; k < m; k++) {
                    if (Math.abs(d[i * m + k]) > cut) {
                        parent[find(parent, i)] = find(parent, k);
                    }
                }
            }
        }
        int[] label = new int[m];
        Arrays.fill(label, -1);
        List<List<Integer>> members = new ArrayList<>();
        for (int t = 0; t < m; t++) {
            int r = find(parent, t);
            if (label[r] < 0) {
                label[r] = members.size();
                members.add(new ArrayList<>());
            }
            members.get(label[r]).add(t);
        }
        List<double[][]> ideals = new ArrayList<>();
        for (List<Integer> c : members) {
            double[][] ideal = new double[c.size()][m];
            for (int q = 0; q < ideal.length; q++) {
                int col = c.get(q);
                for (int i = 0; i < m; i++) {
                    ideal[q][i] = v.data[i * m + col];
                }
            }
            ideals.add(ideal);
        }
        return ideals;
    }

    /** The root of {@code i} in the union–find forest {@code parent} (with path halving). */
    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    /**
     * The simple ideals of a {@code [g, g]} spanned by Pauli strings, read off the anticommutation graph, or null
     * when the graph does not certify them. Each connected component C spans an ideal: strings of different
     * components commute, and {@code [P, Q] ∝ PQ} anticommutes with P iff Q does, so it stays in C. If moreover no
     * two strings of C anticommute with the same strings of C, the ideal is simple: {@code ad_Q²} is 4 times the
     * projector onto the strings anticommuting with Q, so an operator commuting with every {@code ad_Q} is diagonal
     * in the strings, and {@code ad_Q: P ↦ ±QP} forces its diagonal to be constant along every edge, hence on C;
     * a commutant of scalars means no proper ideal. With such twins the dense method decides.
     */
    private static List<double[][]> stringIdeals(SparseBasis semisimple) {
        int m = semisimple.size();
        long[] keys = new long[m];
        for (int i = 0; i < m; i++) {
            if (semisimple.keys.get(i).length != 1) {
                return null;
            }
            keys[i] = semisimple.keys.get(i)[0];
        }
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
        List<double[][]> ideals = new ArrayList<>();
        int[] queue = new int[m];
        for (int start = 0; start < m; start++) {
            if (component[start] >= 0) {
                continue;
            }
            int c = ideals.size();
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
            double[][] ideal = new double[tail][m];
            for (int t = 0; t < tail; t++) {
                ideal[t][queue[t]] = 1;
            }
            ideals.add(ideal);
        }
        return ideals;
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

        static Sparse of(Observable o) {
            LongDoubleMap m = new LongDoubleMap(16);
            if (o.constant() != 0) {
                m.add(0, o.constant());
            }
            for (Observable.Term t : o.terms()) {
                m.add(PauliAlgebra.key(t.pauli()), t.weight());
            }
            return of(m);
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

    private static void load(long[] k, double[] v, LongDoubleMap out) {
        out.clear();
        for (int e = 0; e < k.length; e++) {
            out.add(k[e], v[e]);
        }
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
