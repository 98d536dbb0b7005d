package org.qnnlab.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.qnnlab.sim.kernel.ScalarKernel;
import org.qnnlab.sim.kernel.StateKernel;

/** Observable algebra, text round trip, and expectation values on analytic states. */
class ObservableTest {

    private static final double TOL = 1e-12;
    private static final double R = Math.sqrt(0.5);
    private final StateKernel k = new ScalarKernel();

    private double expect(String obs, StateVector s) {
        return Observable.parse(obs).expectation(k, s);
    }

    @Test
    void singleQubitEigenstates() {
        try (StateVector zero = StateVector.of(1, 0, 0, 0);
                StateVector one = StateVector.of(0, 0, 1, 0);
                StateVector plus = StateVector.of(R, 0, R, 0);
                StateVector plusI = StateVector.of(R, 0, 0, R)) {
            assertEquals(1, expect("Z0", zero), TOL);
            assertEquals(-1, expect("Z0", one), TOL);
            assertEquals(0, expect("X0", zero), TOL);
            assertEquals(1, expect("X0", plus), TOL);
            assertEquals(0, expect("Z0", plus), TOL);
            assertEquals(1, expect("Y0", plusI), TOL);
            assertEquals(0, expect("X0", plusI), TOL);
        }
    }

    @Test
    void bellState() {
        try (StateVector bell = StateVector.of(R, 0, 0, 0, 0, 0, R, 0)) {
            assertEquals(1, expect("Z0*Z1", bell), TOL);
            assertEquals(1, expect("X0*X1", bell), TOL);
            assertEquals(-1, expect("Y0*Y1", bell), TOL);
            assertEquals(0, expect("Z0", bell), TOL);
            assertEquals(0, expect("X0*Z1", bell), TOL);
            // Weights and constants: 0.5·1 + 2·1 − 3·(−1) − 1.25
            assertEquals(4.25, expect("0.5*Z0*Z1 + 2*X1*X0 - 3*Y0*Y1 - 1.25", bell), TOL);
            assertEquals(7.0, expect("7", bell), TOL);
        }
    }

    @Test
    void productStateOnThreeQubits() {
        // |ψ> = |+>_0 ⊗ |1>_1 ⊗ |0>_2: index 2 and 3 (bit 1 set), amplitudes 1/√2.
        double[] a = new double[16];
        a[2 * 2] = R;
        a[2 * 3] = R;
        try (StateVector s = StateVector.of(a)) {
            assertEquals(-1, expect("Z1", s), TOL);
            assertEquals(1, expect("Z2", s), TOL);
            assertEquals(-1, expect("X0*Z1*Z2", s), TOL);
            assertEquals(-0.5 + 3, expect("0.5*X0*Z1 + 3", s), TOL);
        }
    }

    @Test
    void expectationChecksTheQubitCount() {
        try (StateVector s = StateVector.zero(5)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Observable.parse("Z0 + 0.5*X7").expectation(k, s));
            assertEquals("observable acts on qubit 7 but the state has 5 qubits (allowed qubits 0..4)",
                    e.getMessage());
            assertEquals(1.0, Observable.parse("Z4").expectation(k, s), TOL);
        }
        StateVector closed = StateVector.zero(1);
        closed.close();
        assertThrows(IllegalStateException.class, () -> Observable.parse("Z0").expectation(k, closed));
    }

    @Test
    void algebra() {
        Observable a = Observable.parse("0.5*Z0*Z1 + X2 - 1.0");
        Observable b = Observable.parse("-0.5*Z1*Z0 + Y3 + 1");
        Observable sum = a.plus(b);
        assertEquals(Observable.parse("X2 + Y3"), sum);
        assertEquals(3, sum.maxQubit());
        assertEquals(Observable.parse("1.0*Z0*Z1 + 2*X2 - 2"), a.scaled(2));
        assertEquals(Observable.constant(0), a.scaled(0));
        assertEquals(-1, Observable.constant(3).maxQubit());
        assertEquals(0.5, a.weight(PauliString.of("Z0*Z1")));
        assertEquals(0.0, a.weight(PauliString.of("Z0")));
        assertEquals(-1.0, a.weight(PauliString.identity()));
        assertEquals(Observable.of(PauliString.of("X1")), Observable.term(1, PauliString.single('X', 1)));
        assertThrows(IllegalArgumentException.class, () -> a.scaled(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> a.scaled(1e308).scaled(1e308));
        assertThrows(IllegalArgumentException.class, () -> Observable.constant(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> new Observable.Term(Double.NaN, PauliString.of("Z0")));
    }

    @Test
    void equalityIgnoresTermOrder() {
        Observable a = Observable.parse("X0 + Z1 - 2");
        Observable b = Observable.parse("-2 + Z1 + X0");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, Observable.parse("X0 + Z1"));
        assertNotEquals(a, Observable.parse("X0 - Z1 - 2"));
    }

    @Test
    void textForm() {
        assertEquals("0.5*Z0*Z1 + X2 - 1.0", Observable.parse("0.5 * Z1*Z0 + x2 - 1").toString());
        assertEquals("-X0 - 2.0*Y1", Observable.parse("-X0 - 2*Y1").toString());
        assertEquals("0.0", Observable.parse("Z0 - Z0").toString());
        assertEquals("-3.0", Observable.parse("-3*I0").toString());
        assertEquals("1.0E-5*Z0 + 1.0E20", Observable.parse("1e-5*Z0 + 1e20").toString());
        assertEquals("0.0", Observable.parse("-0").toString());
    }

    @Property(tries = 500)
    void toStringParsesBackToAnEqualObservable(@ForAll("observables") Observable o) {
        Observable back = Observable.parse(o.toString());
        assertEquals(o, back, o.toString());
        assertEquals(o.toString(), back.toString());
        assertTrue(o.maxQubit() <= PauliString.MAX_QUBIT);
    }

    @Provide
    Arbitrary<Observable> observables() {
        Arbitrary<Double> weights = Arbitraries.oneOf(
                Arbitraries.doubles().between(-1e6, 1e6),
                Arbitraries.of(1.0, -1.0, 0.0, 0.5, -0.25, 1e-300, -7e300, Double.MIN_VALUE, 0.1));
        Arbitrary<PauliString> paulis = Combinators.combine(
                Arbitraries.longs().between(0, Long.MAX_VALUE), Arbitraries.longs().between(0, Long.MAX_VALUE),
                Arbitraries.longs().between(0, 0xFF))
                .as((x, z, small) -> small % 2 == 0 ? PauliString.ofMasks(small & 0xF, small >> 4)
                        : PauliString.ofMasks(x, z));
        Arbitrary<Observable.Term> terms = Combinators.combine(weights, paulis).as(Observable.Term::new);
        return Combinators.combine(terms.list().ofMaxSize(8), weights).as((ts, c) -> {
            List<Observable.Term> list = new ArrayList<>(ts);
            return Observable.of(list, c);
        });
    }
}
