package org.qnnlab.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.qnnlab.sim.Angle;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Boundary;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Gate;
import org.qnnlab.sim.Gates;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Operation;
import org.qnnlab.sim.PauliString;

class DlaTest {

    private static final int CAP = 100_000;

    // ------------------------------------------------------------------ small cases

    @Test
    void singleGeneratorHasDimensionOne() {
        assertEquals(1, Dla.closure(List.of(obs("X0")), 1, CAP, false).dimension());
        Dla.Result r = Dla.closure(List.of(obs("2.5*Z0*Z1")), 2, CAP, true);
        assertEquals(1, r.dimension());
        assertEquals(List.of("Z0*Z1"), r.basis());
        assertEquals(List.of("2.5*Z0*Z1"), r.generators());
        // a single Pauli sum: still one-dimensional (linear-algebra path)
        assertEquals(1, Dla.closure(List.of(obs("X0 + Z0*Z1")), 2, CAP, false).dimension());
    }

    @Test
    void commutingGeneratorsSpanAnAbelianAlgebra() {
        assertEquals(2, Dla.closure(List.of(obs("Z0"), obs("Z1")), 2, CAP, false).dimension());
        assertEquals(2, Dla.closureLinear(List.of(obs("Z0"), obs("Z1")), 2, CAP, false).dimension());
        // duplicates and rescaled copies do not count twice
        assertEquals(2, Dla.closure(List.of(obs("Z0"), obs("3*Z0"), obs("Z1")), 2, CAP, false).dimension());
    }

    @Test
    void xAndZGenerateSu2() {
        Dla.Result r = Dla.closure(List.of(obs("X0"), obs("Z0")), 1, CAP, true);
        assertEquals(3, r.dimension());
        assertFalse(r.truncated());
        assertEquals(Set.of("X0", "Z0", "Y0"), Set.copyOf(r.basis()));
        assertEquals(3, Dla.closureLinear(List.of(obs("X0"), obs("Z0")), 1, CAP, false).dimension());
    }

    @Test
    void identityComponentIsACentralElement() {
        List<Observable> g = List.of(obs("X0 + 1.0"), obs("Z0"));
        int dense = Dense.closure(g, 1);
        assertEquals(4, dense); // u(2)
        assertEquals(dense, Dla.closure(g, 1, CAP, false).dimension());
        assertEquals(2, Dla.closure(List.of(obs("1.0"), obs("Z0")), 1, CAP, false).dimension());
    }

    @Test
    void zeroGeneratorsAreIgnored() {
        Dla.Result r = Dla.closure(List.of(obs("0"), obs("X0")), 1, CAP, false);
        assertEquals(1, r.dimension());
        assertEquals(2, r.generators().size());
        assertEquals(0, Dla.closure(List.of(obs("0")), 1, CAP, false).dimension());
    }

    // ------------------------------------------------------------------ TFIM HVA

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5, 6, 7, 8})
    void tfimOpenChainHasDimensionNSquared(int n) {
        List<Observable> g = tfim(n, Boundary.OPEN);
        long t0 = System.nanoTime();
        Dla.Result r = Dla.closure(g, n, CAP, false);
        double ms = (System.nanoTime() - t0) / 1e6;
        System.out.printf(Locale.ROOT, "DLA TFIM open   n=%d: dim %d (n² = %d) in %.1f ms%n", n, r.dimension(),
                n * n, ms);
        assertEquals(n * n, r.dimension());
        assertFalse(r.truncated());
        if (n <= 5) {
            assertEquals(Dense.closure(g, n), r.dimension(), "dense brute force");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 5, 6, 7, 8})
    void tfimPeriodicChainHasDimensionThreeNMinusOne(int n) {
        List<Observable> g = tfim(n, Boundary.PERIODIC);
        long t0 = System.nanoTime();
        Dla.Result r = Dla.closure(g, n, CAP, false);
        double ms = (System.nanoTime() - t0) / 1e6;
        System.out.printf(Locale.ROOT, "DLA TFIM period n=%d: dim %d (3n−1 = %d) in %.1f ms%n", n, r.dimension(),
                3 * n - 1, ms);
        assertEquals(3 * n - 1, r.dimension());
        if (n <= 5) {
            assertEquals(Dense.closure(g, n), r.dimension(), "dense brute force");
        }
    }

    @Test
    void tfimHvaCircuitGivesTwoDistinctGenerators() {
        int n = 4;
        List<Observable> gens = Dla.generators(Ansatz.hvaTfim(n, 3, Boundary.OPEN));
        assertEquals(6, gens.size()); // one per parameter γ_0, β_0, γ_1, …
        Set<Observable> distinct = new LinkedHashSet<>(gens);
        assertEquals(2, distinct.size());
        // the |+> preparation comes before the first trainable gate and is not conjugated in; the 2 of RZZ(2γ) stays
        assertEquals(Set.of(tfim(n, Boundary.OPEN).get(0).scaled(2), tfim(n, Boundary.OPEN).get(1).scaled(2)),
                distinct);
        assertEquals(n * n, Dla.closure(gens, n, CAP, false).dimension());
        assertEquals(3 * 5 - 1,
                Dla.closure(Dla.generators(Ansatz.hvaTfim(5, 2, Boundary.PERIODIC)), 5, CAP, false).dimension());
    }

    @Test
    void xxzHvaMatchesDenseClosure() {
        int n = 4;
        List<Observable> gens = Dla.generators(Ansatz.hvaXxz(n, 1, Boundary.OPEN));
        assertEquals(4, gens.size());
        int dense = Dense.closure(gens, n);
        Dla.Result r = Dla.closure(gens, n, CAP, false);
        System.out.printf(Locale.ROOT, "DLA XXZ HVA open n=%d: dim %d (dense %d)%n", n, r.dimension(), dense);
        assertEquals(dense, r.dimension());
    }

    // ------------------------------------------------------------------ HEA

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void heaIsUniversalWithEnoughLayers(int n) {
        List<Observable> gens = Dla.generators(Ansatz.hea(n, n + 1));
        Dla.Result r = Dla.closure(gens, n, CAP, false);
        int full = (1 << (2 * n)) - 1;
        assertEquals(full, r.dimension(), "su(2^n)");
        assertEquals(full, Dense.closure(gens, n), "dense brute force");
        assertEquals(full, Dla.closureLinear(gens, n, CAP, false).dimension(), "linear path");
    }

    @Test
    void heaSingleLayerIsNotUniversal() {
        // one layer: RY, RZ per qubit only (the CZ ladder comes after every rotation): ⊕ su(2)
        List<Observable> gens = Dla.generators(Ansatz.hea(3, 1));
        assertEquals(9, Dla.closure(gens, 3, CAP, false).dimension());
        assertEquals(9, Dense.closure(gens, 3));
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 6})
    void heaClosureReachesFullSuQuickly(int n) {
        List<Observable> gens = Dla.generators(Ansatz.hea(n, n));
        long t0 = System.nanoTime();
        Dla.Result r = Dla.closure(gens, n, CAP, false);
        double ms = (System.nanoTime() - t0) / 1e6;
        System.out.printf(Locale.ROOT, "DLA HEA n=%d L=%d: dim %d in %.1f ms%n", n, n, r.dimension(), ms);
        assertEquals((1 << (2 * n)) - 1, r.dimension());
    }

    @Test
    void universalClosureOfDimensionAboveTenThousandCompletes() {
        int n = 7;
        List<Observable> g = new ArrayList<>();
        for (int q = 0; q < n; q++) {
            g.add(obs("X" + q));
            g.add(obs("Z" + q));
            if (q + 1 < n) {
                g.add(obs("Z" + q + "*Z" + (q + 1)));
            }
        }
        Dla.Result r = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            long t0 = System.nanoTime();
            Dla.Result res = Dla.closure(g, n, Dla.MAX_DIMENSION, false);
            System.out.printf(Locale.ROOT, "DLA universal n=7 (symbolic): dim %d in %.1f ms%n", res.dimension(),
                    (System.nanoTime() - t0) / 1e6);
            return res;
        });
        assertEquals(16383, r.dimension());
        assertFalse(r.truncated());
    }

    // ------------------------------------------------------------------ cross-checks of the two closures

    @Test
    void symbolicAndLinearClosuresAgreeWithDense() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 25; trial++) {
            int n = 1 + rnd.nextInt(3);
            int count = 1 + rnd.nextInt(3);
            List<Observable> g = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                g.add(Observable.term(1 + rnd.nextDouble(), randomPauli(rnd, n)));
            }
            int sym = Dla.closure(g, n, CAP, false).dimension();
            assertEquals(sym, Dla.closureLinear(g, n, CAP, false).dimension(), g.toString());
            assertEquals(sym, Dense.closure(g, n), g.toString());
        }
    }

    @Test
    void pauliSumClosuresAgreeWithDense() {
        Random rnd = new Random(5);
        for (int trial = 0; trial < 15; trial++) {
            int n = 2 + rnd.nextInt(2);
            List<Observable> g = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                List<Observable.Term> terms = new ArrayList<>();
                for (int t = 0; t < 1 + rnd.nextInt(3); t++) {
                    terms.add(new Observable.Term(rnd.nextGaussian(), randomPauli(rnd, n)));
                }
                g.add(Observable.of(terms, 0));
            }
            assertEquals(Dense.closure(g, n), Dla.closure(g, n, CAP, false).dimension(), g.toString());
        }
    }

    @Test
    void gramSchmidtClosureRecordsTheAdjointMatricesOfTheGeneratorsSpan() {
        // three layers repeat each generator three times: the closure runs on the orthonormal span of the distinct
        // ones, and records ad of each spanning vector in the basis, checked against commutators computed afresh
        for (Boundary b : Boundary.values()) {
            List<Observable> gens = Dla.generators(Ansatz.hvaXxz(4, 3, b));
            LieClosure.Closed c = LieClosure.close(gens, 4, CAP, false, true, true);
            int distinct = new LinkedHashSet<>(gens.stream().map(Observable::toString).toList()).size();
            assertEquals(distinct, c.spanning(), b.toString());
            assertEquals(Dense.closure(gens, 4), c.dimension(), b.toString());
            SparseBasis basis = c.basis();
            int d = basis.size();
            LongDoubleMap work = new LongDoubleMap(64);
            for (int k = 0; k < c.spanning(); k++) {
                org.ejml.data.DMatrixRMaj a = c.adjoint().get(k);
                for (int j = 0; j < d; j++) {
                    work.clear();
                    LieClosure.commutator(basis.keys.get(k), basis.vals.get(k), basis.keys.get(j),
                            basis.vals.get(j), work);
                    double[] col = basis.coordinates(work);
                    for (int i = 0; i < d; i++) {
                        assertEquals(col[i], a.get(i, j), 1e-12, b + " ad_" + k + " (" + i + ", " + j + ")");
                        assertEquals(-a.get(j, i), a.get(i, j), 1e-12, "antisymmetric");
                    }
                }
            }
        }
        // the symbolic closure records none: its strings' commutators are read off directly
        LieClosure.Closed strings = LieClosure.close(List.of(obs("X0"), obs("Z0")), 1, CAP, false, true, true);
        assertEquals(null, strings.adjoint());
        assertEquals(2, strings.spanning());
    }

    @Test
    void linearBasisIsOrthonormalAndClosed() {
        Dla.Result r = Dla.closure(tfim(3, Boundary.OPEN), 3, CAP, true);
        assertEquals(9, r.basis().size());
        List<Observable> basis = r.basis().stream().map(Observable::parse).toList();
        for (int i = 0; i < basis.size(); i++) {
            for (int j = 0; j <= i; j++) {
                double dot = 0;
                for (Observable.Term t : basis.get(i).terms()) {
                    dot += t.weight() * basis.get(j).weight(t.pauli());
                }
                assertEquals(i == j ? 1 : 0, dot, 1e-9, "<b" + i + ", b" + j + ">");
            }
        }
        assertEquals(9, Dla.closure(basis, 3, CAP, false).dimension());
    }

    /**
     * Generators of two random circuits of {@link #randomCircuitGeneratorsMatchDenseConjugation()} whose nested
     * commutators are nearly dependent (accepted residuals down to ~1e-5 of their norm). Reference dimensions from
     * an independent 60-digit (mpmath) Pauli-basis closure, the same at tolerances 1e-9 and 1e-30: 30 and 36. A float64
     * dense Gram–Schmidt on the same generators reported 31 and 63.
     */
    @Test
    void illConditionedClosuresMatchHighPrecisionReference() {
        List<Observable> a = List.of(
                obs("0.4175974118464978*Y1*Z2 - 0.9001873952958995*X0*Z1*Z2 - 0.01154965245546628*Z1*Z2"
                        + " - 0.024896829495391605*X0*Y1*Z2 - 1.6471357424489508*X1"),
                obs("0.5881679517992742*X0 - 0.01862090280420461*Z1 - 0.04013986082733821*X0*Y1"),
                obs("1.258714035192274*X0*X1 + 0.45924427979612237*Y0 - 0.989962821383994*Z0*X1"
                        + " + 0.6121894245447563*Y1*Z2 - 1.319656654651897*X0*Z1*Z2 - 9.337123984765891E-4*Y0*Z1*Z2"
                        + " - 0.023581653748675303*Y0*X1 + 0.050833426794783025*Z0"));
        assertEquals(30, Dla.closure(a, 3, CAP, false).dimension());
        List<Observable> b = List.of(
                obs("0.8164986195907848*Y1*Y2 + 1.1100122219271926*Y0*Y1"),
                obs("0.7481473872363567*Y1*Y2 - 0.0013105081484915523*Z0 - 2.9934435973886555E-5*Z1*X2"
                        + " - 1.980639347894433E-4*X0*Z2 + 1.980639347894433E-4*Y0*Z1*Y2"),
                obs("1.2150263720470935*Z0*Z1*Y2 + 0.5477829207306125*Z0 + 0.012512377574357976*Z1*X2"
                        + " + 0.08278929117323089*X0*Z2 - 0.08278929117323089*Y0*Z1*Y2"
                        + " - 0.013852150901088963*Z0*X1*X2 + 0.002093547847012489*Y0*Y1*Z2"));
        assertEquals(36, Dla.closure(b, 3, CAP, false).dimension());
        // padding with unused qubits lifts the 4^n − 1 cap without changing the algebra
        assertEquals(36, Dla.closure(b, 5, CAP, false).dimension());
    }

    // ------------------------------------------------------------------ truncation and validation

    @Test
    void maxDimensionTruncates() {
        List<Observable> su2 = List.of(obs("X0"), obs("Z0"));
        assertFalse(Dla.closure(su2, 1, 3, false).truncated());
        Dla.Result r = Dla.closure(su2, 1, 2, false);
        assertTrue(r.truncated());
        assertEquals(2, r.dimension());
        assertEquals(2, r.maxDimension());
        Dla.Result lin = Dla.closure(tfim(4, Boundary.OPEN), 4, 5, false);
        assertTrue(lin.truncated());
        assertEquals(5, lin.dimension());
        assertFalse(Dla.closure(tfim(4, Boundary.OPEN), 4, 16, false).truncated());
        Dla.Result one = Dla.closure(List.of(obs("X0"), obs("X1")), 2, 1, false);
        assertTrue(one.truncated());
        assertEquals(1, one.dimension());
    }

    @Test
    void closureValidatesItsArguments() {
        List<Observable> g = List.of(obs("X0"));
        assertMessage(() -> Dla.closure(List.of(), 1, 10, false), "at least one generator");
        assertMessage(() -> Dla.closure(g, 0, 10, false), "1..31");
        assertMessage(() -> Dla.closure(g, 32, 10, false), "1..31");
        assertMessage(() -> Dla.closure(g, 1, 0, false), "1..1000000");
        assertMessage(() -> Dla.closure(g, 1, 1_000_001, false), "1..1000000");
        assertMessage(() -> Dla.closure(List.of(obs("X3")), 3, 10, false), "qubit 3");
    }

    // ------------------------------------------------------------------ generators of circuits

    @Test
    void generatorsRejectUnsupportedTrainableGates() {
        Circuit crx = new Circuit(2).ry(Angle.param(0), 0).crx(Angle.param(1), 0, 1);
        assertMessage(() -> Dla.generators(crx), "rx(θ1) q1 ctrl q0", "Pauli rotations");
        Circuit u3 = new Circuit(1).u3(Angle.param(0), Angle.constant(0), Angle.constant(0), 0);
        assertMessage(() -> Dla.generators(u3), "u3", "Pauli rotations");
        Circuit phase = new Circuit(1).phase(Angle.param(0), 0);
        assertMessage(() -> Dla.generators(phase), "phase", "without controls");
    }

    @Test
    void generatorsRejectDataDependentGatesAfterTheFirstTrainableOne() {
        Circuit c = new Circuit(2).ry(Angle.param(0), 0).rx(Angle.input(0), 1).rz(Angle.param(1), 1);
        assertMessage(() -> Dla.generators(c), "data inputs");
        // an encoding before the first trainable gate conjugates every generator alike: ignored
        Circuit enc = new Circuit(2).rx(Angle.input(0), 0).cnot(0, 1).ry(Angle.param(0), 0).rz(Angle.param(1), 1);
        assertEquals(List.of(obs("Y0"), obs("Z1")), Dla.generators(enc));
    }

    @Test
    void nonCliffordFixedGatesNeedSmallCircuits() {
        Circuit big = new Circuit(9).ry(Angle.param(0), 0).t(0).ry(Angle.param(1), 0);
        assertMessage(() -> Dla.generators(big), "not a Clifford", "up to 8 qubits");
        // Clifford gates (listed or detected) and fixed Pauli rotations work at any size
        Circuit ok = new Circuit(12).ry(Angle.param(0), 0).cnot(0, 11).sx(3).iswap(4, 5).rx(0.3, 0).cz(0, 1)
                .ry(Angle.param(1), 0).ry(Angle.param(2), 4);
        List<Observable> g = Dla.generators(ok);
        assertEquals(3, g.size());
        assertEquals(obs("Y0"), g.get(0));
        // ry after cz·rx(0.3)·cnot(0→11): V†·Y0·V with V = cz·rx·cnot in application order
        assertEquals(2, g.get(1).terms().size());
    }

    @Test
    void circuitWithoutTrainableGatesHasNoGenerators() {
        assertTrue(Dla.generators(new Circuit(2).h(0).cnot(0, 1)).isEmpty());
    }

    @Test
    void sharedParametersAndOffsetsCombine() {
        Circuit c = new Circuit(2);
        c.rx(Angle.param(0), 0).rz(Angle.param(0, -0.5), 1).ry(Angle.param(1).plus(Math.PI), 0).rz(Angle.param(2), 0);
        List<Observable> g = Dla.generators(c);
        assertEquals(obs("X0 - 0.5*Z1"), g.get(0));
        assertEquals(obs("Y0"), g.get(1));
        // the offset π of the RY acts as a fixed RY(π) before RZ: RY(π)†·Z·RY(π) = −Z
        assertEquals(obs("-Z0"), g.get(2));
    }

    /** Every fixed gate kind, one at a time: the generator of each 3-qubit Pauli word after it is V†PV (dense). */
    @Test
    void fixedGateConjugationMatchesDenseMatrices() {
        for (FixedOp f : fixedOps()) {
            int n = 3;
            Circuit c = new Circuit(n).rz(Angle.param(0), 0);
            c.append(f.op);
            List<String> words = new ArrayList<>();
            for (int w = 0; w < 64; w++) {
                StringBuilder sb = new StringBuilder();
                for (int q = 0; q < n; q++) {
                    sb.append("IXYZ".charAt((w >> (2 * q)) & 3));
                }
                words.add(sb.toString());
                c.pauliRotation(c.newParameter(), sb.toString(), 0, 1, 2);
            }
            List<Observable> g = Dla.generators(c);
            assertEquals(65, g.size(), f.name);
            double[] v = Dense.operation(f.op, n);
            for (int w = 0; w < 64; w++) {
                double[] p = Dense.pauli(PauliString.of(pauliText(words.get(w))), n);
                double[] expected = Dense.mul(Dense.mul(Dense.adjoint(v, 8), p, 8), v, 8);
                double[] actual = Dense.observable(g.get(w + 1), n);
                assertTrue(Dense.maxDiff(expected, actual) < 1e-10, f.name + " on " + words.get(w) + ": got "
                        + g.get(w + 1));
                if (f.clifford) {
                    assertTrue(g.get(w + 1).terms().size() <= 1 && (g.get(w + 1).terms().isEmpty()
                            || Math.abs(g.get(w + 1).terms().get(0).weight()) == 1.0), f.name + " is Clifford");
                }
            }
        }
    }

    /**
     * Random 3-qubit circuits mixing every fixed gate kind with trainable rotations (shared parameters, offsets):
     * each generator equals {@code Σ a_j·W_j†P_jW_j} built from dense matrices. (Their closures are not compared
     * with the dense brute force: with such generic weights, nested commutators are nearly dependent and float64
     * dense Gram–Schmidt overcounts; see {@link #illConditionedClosuresMatchHighPrecisionReference()}.)
     */
    @Test
    void randomCircuitGeneratorsMatchDenseConjugation() {
        checkRandomCircuits(new Random(2024), 20);
    }

    static void checkRandomCircuits(Random rnd, int trials) {
        List<FixedOp> fixed = fixedOps();
        String[] rot = {"X", "Y", "Z", "XX", "YY", "ZZ", "XYZ", "ZIX"};
        for (int trial = 0; trial < trials; trial++) {
            int n = 3;
            int params = 3;
            Circuit c = new Circuit(n);
            int len = 6 + rnd.nextInt(8);
            for (int i = 0; i < len; i++) {
                if (i == 0 || rnd.nextInt(5) < 2) {
                    String w = rot[rnd.nextInt(rot.length)];
                    int[] qs = distinct(rnd, n, w.length());
                    Angle a = Angle.param(rnd.nextInt(params), 0.5 + rnd.nextDouble());
                    if (rnd.nextBoolean()) {
                        a = a.plus(Angle.param(rnd.nextInt(params), rnd.nextGaussian()));
                    }
                    if (rnd.nextBoolean()) {
                        a = a.plus(rnd.nextGaussian());
                    }
                    c.pauliRotation(a, w, qs);
                } else {
                    c.append(fixed.get(rnd.nextInt(fixed.size())).op);
                }
            }
            // expected: walk the circuit, W = fixed part so far (from the first trainable gate on)
            int d = 1 << n;
            double[] w = Dense.identity(d);
            double[][] expected = new double[params][];
            for (Operation op : c.operations()) {
                if (op.isTrainable()) {
                    double[] p = Dense.pauli(masksToPauli(op.pauliMasks()), n);
                    double[] conj = Dense.mul(Dense.mul(Dense.adjoint(w, d), p, d), w, d);
                    Angle a = op.angles()[0];
                    a.forEachParam((k, coef) -> expected[k] = Dense.add(expected[k] == null ? new double[2 * d * d]
                            : expected[k], conj, coef));
                    if (a.constantTerm() != 0) {
                        Operation offset = new Operation(op.gate(), op.targets(), op.controls(),
                                Angle.constant(a.constantTerm()));
                        w = Dense.mul(Dense.operation(offset, n), w, d);
                    }
                } else {
                    w = Dense.mul(Dense.operation(op, n), w, d);
                }
            }
            List<Observable> actual = Dla.generators(c);
            List<double[]> exp = new ArrayList<>();
            for (double[] e : expected) {
                if (e != null && Dense.norm(e) > 1e-9) {
                    exp.add(e);
                }
            }
            assertEquals(exp.size(), actual.size(), c.toString());
            for (int k = 0; k < exp.size(); k++) {
                assertTrue(Dense.maxDiff(exp.get(k), Dense.observable(actual.get(k), n)) < 1e-10,
                        "generator " + k + " of\n" + c + "\ngot " + actual.get(k));
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private record FixedOp(String name, Operation op, boolean clifford) {
    }

    private static List<FixedOp> fixedOps() {
        List<FixedOp> l = new ArrayList<>();
        int[] none = {};
        l.add(new FixedOp("h", new Operation(Gates.H, new int[] {0}, none), true));
        l.add(new FixedOp("s", new Operation(Gates.S, new int[] {1}, none), true));
        l.add(new FixedOp("sdg", new Operation(Gates.SDG, new int[] {2}, none), true));
        l.add(new FixedOp("x", new Operation(Gates.X, new int[] {0}, none), true));
        l.add(new FixedOp("y", new Operation(Gates.Y, new int[] {1}, none), true));
        l.add(new FixedOp("z", new Operation(Gates.Z, new int[] {2}, none), true));
        l.add(new FixedOp("cnot 0→2", new Operation(Gates.X, new int[] {2}, new int[] {0}), true));
        l.add(new FixedOp("cnot 2→1", new Operation(Gates.X, new int[] {1}, new int[] {2}), true));
        l.add(new FixedOp("cz", new Operation(Gates.Z, new int[] {2}, new int[] {1}), true));
        l.add(new FixedOp("swap", new Operation(Gates.SWAP, new int[] {0, 2}, none), true));
        l.add(new FixedOp("sx", new Operation(Gates.SX, new int[] {0}, none), true));
        l.add(new FixedOp("sxdg", new Operation(Gates.SXDG, new int[] {2}, none), true));
        l.add(new FixedOp("iswap", new Operation(Gates.ISWAP, new int[] {2, 0}, none), true));
        l.add(new FixedOp("cy", new Operation(Gates.Y, new int[] {0}, new int[] {1}), true));
        l.add(new FixedOp("rzz(π/2)", new Operation(Gates.RZZ, new int[] {0, 1}, none,
                Angle.constant(Math.PI / 2)), true));
        l.add(new FixedOp("ryy(π)", new Operation(Gates.RYY, new int[] {1, 2}, none, Angle.constant(Math.PI)), true));
        l.add(new FixedOp("t", new Operation(Gates.T, new int[] {1}, none), false));
        l.add(new FixedOp("tdg", new Operation(Gates.TDG, new int[] {0}, none), false));
        l.add(new FixedOp("rx(0.3)", new Operation(Gates.RX, new int[] {0}, none, Angle.constant(0.3)), false));
        l.add(new FixedOp("pauli XYZ(1.1)", new Operation(Gates.pauliRotation("XYZ"), new int[] {2, 0, 1}, none,
                Angle.constant(1.1)), false));
        l.add(new FixedOp("u3", new Operation(Gates.U3, new int[] {2}, none, Angle.constant(0.3),
                Angle.constant(0.5), Angle.constant(0.7)), false));
        l.add(new FixedOp("phase", new Operation(Gates.PHASE, new int[] {1}, none, Angle.constant(0.4)), false));
        l.add(new FixedOp("cphase", new Operation(Gates.PHASE, new int[] {1}, new int[] {2},
                Angle.constant(0.9)), false));
        l.add(new FixedOp("crx", new Operation(Gates.RX, new int[] {2}, new int[] {0}, Angle.constant(0.3)), false));
        l.add(new FixedOp("ch", new Operation(Gates.H, new int[] {0}, new int[] {2}), false));
        l.add(new FixedOp("toffoli", new Operation(Gates.X, new int[] {2}, new int[] {0, 1}), false));
        l.add(new FixedOp("ccz", new Operation(Gates.Z, new int[] {1}, new int[] {2, 0}), false));
        l.add(new FixedOp("user 2q", new Operation(Gates.unitary("u", randomUnitary(new Random(7), 4)),
                new int[] {2, 0}, none), false));
        l.add(new FixedOp("controlled user 2q", new Operation(Gates.unitary("v", randomUnitary(new Random(8), 4)),
                new int[] {1, 2}, new int[] {0}), false));
        return l;
    }

    private static double[] randomUnitary(Random rnd, int d) {
        // Gram–Schmidt on random complex columns
        double[][] cols = new double[d][2 * d];
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < 2 * d; i++) {
                cols[j][i] = rnd.nextGaussian();
            }
            for (int k = 0; k < j; k++) {
                double re = 0, im = 0; // <c_k, c_j>
                for (int i = 0; i < d; i++) {
                    re += cols[k][2 * i] * cols[j][2 * i] + cols[k][2 * i + 1] * cols[j][2 * i + 1];
                    im += cols[k][2 * i] * cols[j][2 * i + 1] - cols[k][2 * i + 1] * cols[j][2 * i];
                }
                for (int i = 0; i < d; i++) {
                    cols[j][2 * i] -= re * cols[k][2 * i] - im * cols[k][2 * i + 1];
                    cols[j][2 * i + 1] -= re * cols[k][2 * i + 1] + im * cols[k][2 * i];
                }
            }
            double nrm = 0;
            for (double v : cols[j]) {
                nrm += v * v;
            }
            nrm = Math.sqrt(nrm);
            for (int i = 0; i < 2 * d; i++) {
                cols[j][i] /= nrm;
            }
        }
        double[] m = new double[2 * d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                m[2 * (i * d + j)] = cols[j][2 * i];
                m[2 * (i * d + j) + 1] = cols[j][2 * i + 1];
            }
        }
        return m;
    }

    private static int[] distinct(Random rnd, int n, int k) {
        List<Integer> all = new ArrayList<>();
        for (int q = 0; q < n; q++) {
            all.add(q);
        }
        java.util.Collections.shuffle(all, rnd);
        return all.subList(0, k).stream().mapToInt(Integer::intValue).toArray();
    }

    private static PauliString masksToPauli(long[] m) {
        return PauliString.ofMasks(m[0], m[1]);
    }

    /** "XIZ" (letter j on qubit j) → "X0*Z2". */
    private static String pauliText(String word) {
        StringBuilder sb = new StringBuilder();
        for (int q = 0; q < word.length(); q++) {
            if (word.charAt(q) != 'I') {
                sb.append(sb.isEmpty() ? "" : "*").append(word.charAt(q)).append(q);
            }
        }
        return sb.isEmpty() ? "I" : sb.toString();
    }

    private static PauliString randomPauli(Random rnd, int n) {
        while (true) {
            long x = rnd.nextInt(1 << n), z = rnd.nextInt(1 << n);
            if ((x | z) != 0) {
                return PauliString.ofMasks(x, z);
            }
        }
    }

    static Observable obs(String text) {
        return Observable.parse(text);
    }

    /** {Σ Z_iZ_{i+1}, Σ X_i} on an open or periodic chain. */
    static List<Observable> tfim(int n, Boundary b) {
        List<Observable.Term> zz = new ArrayList<>();
        for (int[] bond : b.bonds(n)) {
            zz.add(new Observable.Term(1, PauliString.single('Z', bond[0]).multiply(PauliString.single('Z',
                    bond[1])).pauli()));
        }
        List<Observable.Term> x = new ArrayList<>();
        for (int q = 0; q < n; q++) {
            x.add(new Observable.Term(1, PauliString.single('X', q)));
        }
        return List.of(Observable.of(zz, 0), Observable.of(x, 0));
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' should mention '" + p + "'");
        }
    }

    /**
     * Dense complex matrices (row-major, interleaved re/im; basis bit q ↔ qubit q) and an independent brute-force
     * Lie closure: anti-Hermitian {@code iG_k}, commutators {@code AB − BA} of the orthonormal basis matrices,
     * Gram–Schmidt on the flattened real vectors, an element kept when its residual exceeds {@link #TOLERANCE} of
     * max(its norm, 2).
     */
    static final class Dense {

        /** Relative tolerance of the independence test, the same as {@link Dla#RELATIVE_TOLERANCE}. */
        static final double TOLERANCE = 1e-9;

        private Dense() {
        }

        static double[] identity(int d) {
            double[] m = new double[2 * d * d];
            for (int i = 0; i < d; i++) {
                m[2 * (i * d + i)] = 1;
            }
            return m;
        }

        /** The matrix of a Pauli string, built factor by factor (X|b>=|1−b>, Z|b>=(−1)^b|b>, Y|0>=i|1>, Y|1>=−i|0>). */
        static double[] pauli(PauliString p, int n) {
            int d = 1 << n;
            double[] m = new double[2 * d * d];
            for (int b = 0; b < d; b++) {
                double re = 1, im = 0;
                int out = b;
                for (int q = 0; q < n; q++) {
                    int bit = (b >> q) & 1;
                    switch (p.pauliAt(q)) {
                        case 'X' -> out ^= 1 << q;
                        case 'Z' -> {
                            if (bit == 1) {
                                re = -re;
                                im = -im;
                            }
                        }
                        case 'Y' -> {
                            out ^= 1 << q;
                            double s = bit == 0 ? 1 : -1; // multiply by s·i
                            double nr = -s * im, ni = s * re;
                            re = nr;
                            im = ni;
                        }
                        default -> {
                        }
                    }
                }
                m[2 * (out * d + b)] = re;
                m[2 * (out * d + b) + 1] = im;
            }
            return m;
        }

        static double[] observable(Observable o, int n) {
            int d = 1 << n;
            double[] m = Dense.add(new double[2 * d * d], identity(d), o.constant());
            for (Observable.Term t : o.terms()) {
                m = add(m, pauli(t.pauli(), n), t.weight());
            }
            return m;
        }

        /** The n-qubit unitary of a fixed operation (gate matrix: first target = most significant index bit). */
        static double[] operation(Operation op, int n) {
            int d = 1 << n;
            int[] t = op.targets();
            int[] c = op.controls();
            double[] g = op.gate().matrix(java.util.Arrays.stream(op.angles()).mapToDouble(Angle::constantTerm)
                    .toArray());
            int k = t.length;
            int dk = 1 << k;
            double[] u = new double[2 * d * d];
            for (int b = 0; b < d; b++) {
                boolean on = true;
                for (int q : c) {
                    on &= ((b >> q) & 1) == 1;
                }
                if (!on) {
                    u[2 * (b * d + b)] = 1;
                    continue;
                }
                int gi = 0;
                int rest = b;
                for (int j = 0; j < k; j++) {
                    gi |= ((b >> t[j]) & 1) << (k - 1 - j);
                    rest &= ~(1 << t[j]);
                }
                for (int go = 0; go < dk; go++) {
                    int out = rest;
                    for (int j = 0; j < k; j++) {
                        out |= ((go >> (k - 1 - j)) & 1) << t[j];
                    }
                    u[2 * (out * d + b)] += g[2 * (go * dk + gi)];
                    u[2 * (out * d + b) + 1] += g[2 * (go * dk + gi) + 1];
                }
            }
            return u;
        }

        static double[] mul(double[] a, double[] b, int d) {
            double[] c = new double[2 * d * d];
            for (int i = 0; i < d; i++) {
                for (int k = 0; k < d; k++) {
                    double ar = a[2 * (i * d + k)], ai = a[2 * (i * d + k) + 1];
                    if (ar == 0 && ai == 0) {
                        continue;
                    }
                    for (int j = 0; j < d; j++) {
                        double br = b[2 * (k * d + j)], bi = b[2 * (k * d + j) + 1];
                        c[2 * (i * d + j)] += ar * br - ai * bi;
                        c[2 * (i * d + j) + 1] += ar * bi + ai * br;
                    }
                }
            }
            return c;
        }

        static double[] adjoint(double[] a, int d) {
            double[] c = new double[2 * d * d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    c[2 * (j * d + i)] = a[2 * (i * d + j)];
                    c[2 * (j * d + i) + 1] = -a[2 * (i * d + j) + 1];
                }
            }
            return c;
        }

        /** {@code a + s·b}. */
        static double[] add(double[] a, double[] b, double s) {
            double[] c = a.clone();
            for (int i = 0; i < c.length; i++) {
                c[i] += s * b[i];
            }
            return c;
        }

        static double norm(double[] a) {
            double s = 0;
            for (double v : a) {
                s += v * v;
            }
            return Math.sqrt(s);
        }

        static double maxDiff(double[] a, double[] b) {
            double m = 0;
            for (int i = 0; i < a.length; i++) {
                m = Math.max(m, Math.abs(a[i] - b[i]));
            }
            return m;
        }

        /** Brute-force dimension of the real Lie algebra generated by {@code i·G} for the given observables. */
        static int closure(List<Observable> generators, int n) {
            List<double[]> h = new ArrayList<>();
            for (Observable g : generators) {
                h.add(observable(g, n));
            }
            return closureOfMatrices(h, 1 << n);
        }

        /**
         * Brute-force dimension of the real Lie algebra generated by {@code i·H} for Hermitian matrices H: the
         * elements commuted are the orthonormalised basis matrices themselves. When every H is traceless, so is the
         * whole algebra, and the rounding-level trace of each candidate and residual is removed exactly (without
         * this, Gram–Schmidt amplifies it into a spurious identity direction).
         */
        static int closureOfMatrices(List<double[]> hermitian, int d) {
            boolean traceless = true;
            for (double[] h : hermitian) {
                traceless &= Math.abs(trace(h, d, 0)) <= 1e-12 * Math.max(1, norm(h));
            }
            List<double[]> basis = new ArrayList<>();
            for (double[] h : hermitian) {
                double[] a = new double[h.length]; // i·H
                for (int i = 0; i < h.length; i += 2) {
                    a[i] = -h[i + 1];
                    a[i + 1] = h[i];
                }
                addIfIndependent(a, 0, basis, d, traceless);
            }
            for (int i = 0; i < basis.size(); i++) {
                for (int j = 0; j < i; j++) {
                    double[] c = add(mul(basis.get(i), basis.get(j), d), mul(basis.get(j), basis.get(i), d), -1);
                    // basis matrices have unit Frobenius norm: ‖[A, B]‖ ≤ 2 sets the scale of the rounding errors
                    addIfIndependent(c, 2, basis, d, traceless);
                }
            }
            return basis.size();
        }

        /** The real ({@code part} 0) or imaginary (1) part of the trace. */
        private static double trace(double[] m, int d, int part) {
            double t = 0;
            for (int k = 0; k < d; k++) {
                t += m[2 * (k * d + k) + part];
            }
            return t;
        }

        /** {@code m ← (m − m†)/2}: the anti-Hermitian part (the algebra is anti-Hermitian; rounding is not). */
        private static void antiHermitianPart(double[] m, int d) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j <= i; j++) {
                    double re = (m[2 * (i * d + j)] - m[2 * (j * d + i)]) / 2;
                    double im = (m[2 * (i * d + j) + 1] + m[2 * (j * d + i) + 1]) / 2;
                    m[2 * (i * d + j)] = re;
                    m[2 * (i * d + j) + 1] = im;
                    m[2 * (j * d + i)] = -re;
                    m[2 * (j * d + i) + 1] = im;
                }
            }
        }

        private static void removeTrace(double[] m, int d) {
            double re = trace(m, d, 0) / d, im = trace(m, d, 1) / d;
            for (int k = 0; k < d; k++) {
                m[2 * (k * d + k)] -= re;
                m[2 * (k * d + k) + 1] -= im;
            }
        }

        private static void addIfIndependent(double[] a, double scale, List<double[]> basis, int d,
                boolean traceless) {
            double[] v = a.clone();
            antiHermitianPart(v, d);
            if (traceless) {
                removeTrace(v, d);
            }
            double n0 = norm(v);
            if (n0 == 0) {
                return;
            }
            for (int pass = 0; pass < 2; pass++) {
                for (double[] b : basis) {
                    double dot = 0;
                    for (int i = 0; i < v.length; i++) {
                        dot += b[i] * v[i];
                    }
                    for (int i = 0; i < v.length; i++) {
                        v[i] -= dot * b[i];
                    }
                }
                antiHermitianPart(v, d);
                if (traceless) {
                    removeTrace(v, d);
                }
            }
            double nv = norm(v);
            if (nv <= TOLERANCE * Math.max(n0, scale)) {
                return;
            }
            for (int i = 0; i < v.length; i++) {
                v[i] /= nv;
            }
            basis.add(v);
        }
    }
}
