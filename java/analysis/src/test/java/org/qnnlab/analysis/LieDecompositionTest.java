package org.qnnlab.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Boundary;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.PauliString;

class LieDecompositionTest {

    @Test
    void su2PlusSu2SplitsIntoTwoIdealsOnTheirQubits() {
        LieDecomposition d = LieDecomposition.of(List.of(obs("X0"), obs("Z0"), obs("X1"), obs("Z1")), 2);
        assertEquals(6, d.dimension());
        assertEquals(0, d.centreDimension());
        assertEquals(List.of(3, 3), d.idealDimensions());
        for (int j = 0; j < 2; j++) {
            List<Observable> ideal = d.ideal(j);
            int q = ideal.get(0).maxQubit();
            // each ideal is su(2) on one qubit: spanned by X_q, Y_q, Z_q
            assertEquals(1.0, projection(ideal, obs("X" + q)), 1e-12);
            assertEquals(1.0, projection(ideal, obs("Y" + q)), 1e-12);
            assertEquals(1.0, projection(ideal, obs("Z" + q)), 1e-12);
            assertEquals(0.0, projection(ideal, obs("X" + (1 - q))), 1e-12);
        }
        assertOrthonormalIdeals(d);
        // the same algebra from Pauli sums (the dense eigenvector method): unequal weights separate the qubits
        LieDecomposition sums = LieDecomposition.of(List.of(obs("X0 + X1"), obs("Z0 + 2*Z1")), 2);
        assertEquals(List.of(3, 3), sums.idealDimensions());
        assertEquals(0, sums.centreDimension());
        for (int j = 0; j < 2; j++) {
            int q = sums.ideal(j).get(0).maxQubit();
            assertEquals(1.0, projection(sums.ideal(j), obs("Y" + q)), 1e-9);
        }
        assertOrthonormalIdeals(sums);
    }

    @Test
    void centreIsSplitOff() {
        // su(2) on qubit 0 ⊕ u(1) spanned by Z1
        LieDecomposition d = LieDecomposition.of(List.of(obs("X0"), obs("Z0"), obs("Z1")), 2);
        assertEquals(4, d.dimension());
        assertEquals(1, d.centreDimension());
        assertEquals(List.of(3), d.idealDimensions());
        assertEquals(1.0, projection(d.centre(), obs("Z1")), 1e-12);
        // u(2) = su(2) ⊕ i·ℝI: the identity component of a generator is the centre
        LieDecomposition u2 = LieDecomposition.of(List.of(obs("X0 + 1.0"), obs("Z0")), 1);
        assertEquals(4, u2.dimension());
        assertEquals(1, u2.centreDimension());
        assertEquals(List.of(3), u2.idealDimensions());
        assertEquals(1.0, projection(u2.centre(), obs("1.0")), 1e-12);
        // an abelian algebra is all centre
        LieDecomposition abelian = LieDecomposition.of(List.of(obs("Z0*Z1"), obs("X0*X1")), 2);
        assertEquals(2, abelian.centreDimension());
        assertEquals(List.of(), abelian.idealDimensions());
    }

    @Test
    void tfimOpenChainIsSimpleAndPeriodicChainIsNot() {
        for (int n : new int[] {3, 4, 5}) {
            LieDecomposition open = LieDecomposition.of(Ansatz.hvaTfim(n, 2, Boundary.OPEN));
            LieDecomposition periodic = LieDecomposition.of(Ansatz.hvaTfim(n, 2, Boundary.PERIODIC));
            System.out.printf(Locale.ROOT, "TFIM n=%d open: dim %d = centre %d + ideals %s; periodic: dim %d = centre "
                    + "%d + ideals %s%n", n, open.dimension(), open.centreDimension(), open.idealDimensions(),
                    periodic.dimension(), periodic.centreDimension(), periodic.idealDimensions());
            assertEquals(n * n, open.dimension());
            assertEquals(3 * n - 1, periodic.dimension());
            int sum = periodic.centreDimension() + periodic.idealDimensions().stream().mapToInt(i -> i).sum();
            assertEquals(periodic.dimension(), sum);
            assertOrthonormalIdeals(open);
            assertOrthonormalIdeals(periodic);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void universalHeaIsOneSimpleIdeal(int n) {
        LieDecomposition d = LieDecomposition.of(Ansatz.hea(n, 2 * n));
        assertEquals((1 << (2 * n)) - 1, d.dimension());
        assertEquals(0, d.centreDimension());
        assertEquals(List.of((1 << (2 * n)) - 1), d.idealDimensions());
    }

    @Test
    void algebraOfDimensionAboveOneThousandDecomposes() {
        // timed by bench/README (LieDecomposition.of rows), not here
        LieDecomposition d = LieDecomposition.of(Ansatz.hea(5, 8));
        assertEquals(1023, d.dimension());
        assertEquals(List.of(1023), d.idealDimensions());
    }

    @Test
    void casimirIsTwiceTheDimensionOfTheDefiningRepresentationAndMatchesItsDefinition() {
        // su(4) from the HEA on two qubits (string path, ad computed on demand): c = 2·4
        assertEquals(8, LieDecomposition.of(Ansatz.hea(2, 4)).casimir(0), 1e-9);
        // su(2) ⊕ su(2) from Pauli sums (the closure's adjoint matrices): on one qubit of two, the unit Pauli
        // coordinates give Σ_a ‖i[C_a, X]‖² = ‖2Z‖² + ‖2Y‖² = 8, over 2^n = 4
        LieDecomposition sums = LieDecomposition.of(List.of(obs("X0 + X1"), obs("Z0 + 2*Z1")), 2);
        for (int j = 0; j < 2; j++) {
            assertEquals(2, sums.casimir(j), 1e-9);
        }
        // every ideal of the periodic XXZ HVA: Σ_a ‖[B_a, B_1]‖² / 2^n over the ideal's own basis
        LieDecomposition xxz = LieDecomposition.of(Ansatz.hvaXxz(4, 2, Boundary.PERIODIC));
        for (int j = 0; j < xxz.idealDimensions().size(); j++) {
            List<Observable> basis = xxz.ideal(j);
            double sum = 0;
            for (Observable b : basis) {
                double c = commutatorNorm(b, basis.get(0));
                sum += c * c;
            }
            assertEquals(sum / 16, xxz.casimir(j), 1e-9 * sum, "ideal " + j);
        }
    }

    @Test
    void cheapSplitAgreesWithTheSplitByRandomElementsOfTheWholeAlgebra() {
        for (Boundary b : Boundary.values()) {
            List<Observable> generators = Dla.generators(Ansatz.hvaXxz(4, 2, b));
            LieDecomposition cheap = LieDecomposition.of(generators, 4);
            LieDecomposition dense = LieDecomposition.byRandomElements(generators, 4);
            assertEquals(dense.centreDimension(), cheap.centreDimension());
            assertEquals(dense.idealDimensions().stream().sorted().toList(),
                    cheap.idealDimensions().stream().sorted().toList());
            for (Observable z : cheap.centre()) {
                assertEquals(1.0, projection(dense.centre(), z), 1e-9);
            }
            // each ideal of one is an ideal of the other: its basis projects fully on one of them
            for (int j = 0; j < cheap.idealDimensions().size(); j++) {
                Observable first = cheap.ideal(j).get(0);
                int match = -1;
                for (int k = 0; k < dense.idealDimensions().size(); k++) {
                    if (projection(dense.ideal(k), first) > 0.5) {
                        match = k;
                    }
                }
                assertTrue(match >= 0, b + " ideal " + j);
                for (Observable x : cheap.ideal(j)) {
                    assertEquals(1.0, projection(dense.ideal(match), x), 1e-9, b + " ideal " + j);
                }
            }
            assertOrthonormalIdeals(cheap);
        }
    }

    @Test
    void pauliSumAlgebrasSplitIntoTheirIdeals() {
        // su(16) on qubits 0–3 ⊕ su(8) on qubits 4–6, written in a rotated Pauli basis: [g, g] is not spanned by
        // Pauli strings, so the eigenvectors of ad_x·ad_y + ad_y·ad_x decide
        List<Observable> generators = new ArrayList<>(rotatedHea(4, 0));
        generators.addAll(rotatedHea(3, 4));
        LieDecomposition d = LieDecomposition.of(generators, 7);
        assertEquals(255 + 63, d.dimension());
        assertEquals(0, d.centreDimension());
        assertEquals(List.of(63, 255), d.idealDimensions().stream().sorted().toList());
        int big = d.idealDimensions().indexOf(255);
        for (int k = 0; k < generators.size(); k++) {
            Observable g = generators.get(k);
            double norm = inner(g, g);
            boolean low = g.maxQubit() < 4;
            // each generator lies in the ideal on its qubits
            assertEquals(low ? 1.0 : 0.0, projection(d.ideal(big), g) / norm, 1e-9, g.toString());
            assertEquals(low ? 0.0 : 1.0, projection(d.ideal(1 - big), g) / norm, 1e-9, g.toString());
        }
        // two isomorphic ideals, su(4) on qubits 0–1 and on 2–3, rotated alike
        List<Observable> twins = new ArrayList<>(rotatedHea(2, 0));
        twins.addAll(rotatedHea(2, 2));
        LieDecomposition t = LieDecomposition.of(twins, 4);
        assertEquals(0, t.centreDimension());
        assertEquals(List.of(15, 15), t.idealDimensions());
        assertOrthonormalIdeals(t);
        // su(2)^⊕3 from two sums: distinct weights separate the qubits (Vandermonde)
        LieDecomposition three = LieDecomposition.of(List.of(obs("X0 + X1 + X2"), obs("Z0 + 2*Z1 + 3*Z2")), 3);
        assertEquals(9, three.dimension());
        assertEquals(0, three.centreDimension());
        assertEquals(List.of(3, 3, 3), three.idealDimensions());
        assertOrthonormalIdeals(three);
    }

    @Test
    void rotatedHeaOnFiveQubitsIsOneSimpleIdealOfDimension1023() {
        LieDecomposition d = LieDecomposition.of(rotatedHea(5, 0), 5);
        assertEquals(1023, d.dimension());
        assertEquals(0, d.centreDimension());
        assertEquals(List.of(1023), d.idealDimensions());
    }

    @Test
    void refusesLargeAlgebrasAndEmptyCircuits() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LieDecomposition.of(Ansatz.hea(6, 8)));
        assertTrue(e.getMessage().contains("more than " + LieDecomposition.MAX_DIMENSION), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> LieDecomposition.of(new org.qnnlab.sim.Circuit(2).h(0)));
        assertTrue(e.getMessage().contains("no trainable gate"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LieDecomposition.of(List.of(obs("X0")), 1).ideal(0));
        assertTrue(e.getMessage().contains("ideal 0 out of range"), e.getMessage());
    }

    /** A fixed rotation of the Bloch sphere that is not a Clifford: {@code σ_p ↦ Σ_b R_bp σ_b} on every qubit. */
    private static final double[][] ROTATION = rotation(0.3, 0.7, 1.1);

    /**
     * The generators of the hardware-efficient ansatz on {@code n} qubits (2n layers: su(2^n)), moved to qubits
     * {@code shift…shift+n−1} and conjugated by {@link #ROTATION} on each qubit: Pauli sums of up to 3^w strings.
     */
    static List<Observable> rotatedHea(int n, int shift) {
        List<Observable> out = new ArrayList<>();
        for (Observable g : Dla.generators(Ansatz.hea(n, 2 * n))) {
            Observable.Term t = g.terms().getFirst();
            List<Observable.Term> acc = List.of(new Observable.Term(t.weight(), PauliString.identity()));
            for (int q : t.pauli().qubits()) {
                int p = "XYZ".indexOf(t.pauli().pauliAt(q));
                List<Observable.Term> next = new ArrayList<>();
                for (Observable.Term a : acc) {
                    for (int b = 0; b < 3; b++) {
                        PauliString s = PauliString.single("XYZ".charAt(b), q + shift);
                        next.add(new Observable.Term(a.weight() * ROTATION[b][p], a.pauli().multiply(s).pauli()));
                    }
                }
                acc = next;
            }
            out.add(Observable.of(acc, 0));
        }
        return out;
    }

    /** {@code R_z(a)·R_y(b)·R_z(c)}. */
    private static double[][] rotation(double a, double b, double c) {
        double[][] out = new double[3][3];
        double[][][] f = {
            {{Math.cos(a), -Math.sin(a), 0}, {Math.sin(a), Math.cos(a), 0}, {0, 0, 1}},
            {{Math.cos(b), 0, Math.sin(b)}, {0, 1, 0}, {-Math.sin(b), 0, Math.cos(b)}},
            {{Math.cos(c), -Math.sin(c), 0}, {Math.sin(c), Math.cos(c), 0}, {0, 0, 1}}};
        double[][] ry = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    ry[i][j] += f[1][i][k] * f[2][k][j];
                }
            }
        }
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    out[i][j] += f[0][i][k] * ry[k][j];
                }
            }
        }
        return out;
    }

    /** The bases are orthonormal, ideals are orthogonal to each other, and distinct ideals commute. */
    private static void assertOrthonormalIdeals(LieDecomposition d) {
        List<List<Observable>> parts = new ArrayList<>();
        parts.add(d.centre());
        for (int j = 0; j < d.idealDimensions().size(); j++) {
            parts.add(d.ideal(j));
        }
        for (int a = 0; a < parts.size(); a++) {
            for (int b = a; b < parts.size(); b++) {
                for (Observable x : parts.get(a)) {
                    for (Observable y : parts.get(b)) {
                        double expected = x == y ? 1 : 0;
                        assertEquals(expected, inner(x, y), 1e-9);
                        if (a != b) {
                            assertEquals(0, commutatorNorm(x, y), 1e-9, x + " and " + y);
                        }
                    }
                }
            }
        }
    }

    /** Σ_c (c·v)²: the squared norm of v's projection onto the span of orthonormal c (Pauli coordinates). */
    static double projection(List<Observable> basis, Observable v) {
        double s = 0;
        for (Observable c : basis) {
            double dot = inner(c, v);
            s += dot * dot;
        }
        return s;
    }

    static double inner(Observable a, Observable b) {
        double s = a.constant() * b.constant();
        for (Observable.Term t : a.terms()) {
            s += t.weight() * b.weight(t.pauli());
        }
        return s;
    }

    /** ‖[A, B]‖ in Pauli coordinates, from products of strings with their phases. */
    static double commutatorNorm(Observable a, Observable b) {
        java.util.Map<PauliString, Double> out = new java.util.HashMap<>();
        for (Observable.Term s : a.terms()) {
            for (Observable.Term t : b.terms()) {
                if (!s.pauli().commutes(t.pauli())) {
                    PauliString.Product p = s.pauli().multiply(t.pauli());
                    double sign = p.power() == 1 ? 1 : -1; // [P, Q] = 2PQ = ±2i·R
                    out.merge(p.pauli(), 2 * sign * s.weight() * t.weight(), Double::sum);
                }
            }
        }
        return Math.sqrt(out.values().stream().mapToDouble(v -> v * v).sum());
    }

    private static Observable obs(String s) {
        return Observable.parse(s);
    }
}
