package org.qnnlab.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The observable grammar: accepted inputs with their exact terms, and the error for each kind of bad input. */
class ObservableParserTest {

    private static PauliString p(String s) {
        return PauliString.of(s);
    }

    private static Observable obs(double constant, Object... weightThenPauli) {
        List<Observable.Term> terms = new java.util.ArrayList<>();
        for (int i = 0; i < weightThenPauli.length; i += 2) {
            terms.add(new Observable.Term((Double) weightThenPauli[i], p((String) weightThenPauli[i + 1])));
        }
        return Observable.of(terms, constant);
    }

    @Test
    void parsesTheDesignExample() {
        Observable o = Observable.parse("0.5*Z0*Z1 + X2 - 1.0");
        assertEquals(List.of(new Observable.Term(0.5, p("Z0*Z1")), new Observable.Term(1.0, p("X2"))), o.terms());
        assertEquals(-1.0, o.constant());
        assertEquals(2, o.maxQubit());
    }

    @Test
    void acceptsNumberFormsSignsCaseAndWhitespace() {
        assertEquals(obs(0, 0.5, "Z0"), Observable.parse(".5*Z0"));
        assertEquals(obs(0, 1e-3, "X1"), Observable.parse("1e-3*X1"));
        assertEquals(obs(0, 2.0, "Y2"), Observable.parse("2*y2"));
        assertEquals(obs(0, 25000.0, "Z0"), Observable.parse("2.5E+4 * z0"));
        assertEquals(obs(0, 3.0, "Z0"), Observable.parse("3.*Z0"));
        assertEquals(obs(0, -2.0, "X0*Z3"), Observable.parse("  - 2 X0 * Z3  "));
        assertEquals(obs(0, 2.0, "X0"), Observable.parse("2X0"));
        assertEquals(obs(0, 1.0, "Z0"), Observable.parse("+Z0"));
        assertEquals(obs(0, 1.0, "X62"), Observable.parse("X62"));
        assertEquals(obs(0, 1.0, "X7"), Observable.parse("X007"));
        assertEquals(obs(0.0), Observable.parse("0"));
        assertEquals(obs(-4.5), Observable.parse("-1.5 - 3"));
        assertEquals(obs(1.0, 1.0, "Z0"), Observable.parse("Z0\t+\n1"));
    }

    @Test
    void combinesLikeTermsAndFoldsIdentities() {
        Observable o = Observable.parse("Z0*Z1 + 0.5*Z1*Z0 - X2 + 2*I3 + X2 + 0*Y4");
        assertEquals(List.of(new Observable.Term(1.5, p("Z0*Z1"))), o.terms());
        assertEquals(2.0, o.constant());
        assertEquals(4, o.maxQubit(), "the dropped 0*Y4 still names qubit 4");
    }

    @Test
    void qubitsOfZeroWeightTermsStillCount() {
        assertEquals(40, Observable.parse("0*Z40 + Z0").maxQubit());
        assertEquals(5, Observable.parse("Z5 - Z5 + X1").maxQubit(), "cancelled terms count too");
        assertEquals(0, Observable.parse("Z0 + 2*I9").maxQubit(), "identity factors only pad");
        Observable o = Observable.parse("0*Z40 + Z0");
        assertEquals(Observable.parse("Z0"), o, "equality is unchanged");
        assertEquals(40, o.scaled(2).maxQubit());
        assertEquals(40, Observable.parse("X1").plus(o).maxQubit());
        try (StateVector s = StateVector.zero(2)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> o.expectation(new org.qnnlab.sim.kernel.ScalarKernel(), s));
            assertTrue(e.getMessage().contains("acts on qubit 40 but the state has 2 qubits"), e.getMessage());
        }
    }

    @Test
    void hexadecimalAndUnderflowingNumbersAreRejected() {
        assertError("0x10*Z0", 1, "'0x1…' at column 1 in \"0x10*Z0\" reads as a hexadecimal number, which is not "
                + "allowed");
        assertError("Z1 + 0X1", 6, "'0X1…' at column 6");
        assertError("00x10*Z0", 1, "'00x1…' at column 1");
        assertError("1e-400*Z0", 1, "number 1e-400 at column 1 in \"1e-400*Z0\" is too small: it underflows to 0");
        assertError("Z0 - 0.0000001e-320", 6, "number 0.0000001e-320 at column 6");
        assertEquals(obs(0, 1e-310, "Z0"), Observable.parse("1e-310*Z0"), "subnormal weights read back");
        assertEquals(obs(0.0), Observable.parse("0e-999 + 0.000"), "a written 0 is 0");
        assertEquals(obs(0, 2.0, "X0"), Observable.parse("2X0"), "a coefficient then a factor, as before");
        assertEquals(obs(0, 10.0, "X1"), Observable.parse("10X1"));
    }

    @Test
    void repeatedQubitsMultiply() {
        assertEquals(obs(3.0), Observable.parse("3*X0*X0"));
        assertEquals(obs(0, -2.0, "Z0*X1"), Observable.parse("2*X0*Z0*X0*X1"));
        assertEquals(obs(0, 1.0, "Z0*Z1"), Observable.parse("X0*Y1*Y0*X1")); // (XY)(YX) = (iZ)(-iZ)
    }

    @Test
    void rejectsNonHermitianProducts() {
        ObservableParseException e = assertThrows(ObservableParseException.class,
                () -> Observable.parse("1 + Z0*X0"));
        assertTrue(e.getMessage().startsWith("product Z0*X0 at column 5 in \"1 + Z0*X0\" is not Hermitian (= iY0)"),
                e.getMessage());
        assertEquals(5, e.column());
        e = assertThrows(ObservableParseException.class, () -> Observable.parse("x1*y1"));
        assertTrue(e.getMessage().contains("(= iZ1)"), e.getMessage());
    }

    @Test
    void badPauliLetterPointsAtIt() {
        ObservableParseException e = assertThrows(ObservableParseException.class,
                () -> Observable.parse("0.5*Q1 + X2"));
        assertEquals("""
                unexpected 'Q' at column 5 in "0.5*Q1 + X2": expected a Pauli factor X<k>, Y<k>, Z<k> or I<k>
                  0.5*Q1 + X2
                      ^""", e.getMessage());
        assertEquals(5, e.column());
        assertEquals("0.5*Q1 + X2", e.input());
        assertTrue(e instanceof IllegalArgumentException);
    }

    @Test
    void errorMessagesForBadInputs() {
        assertError("0.5*Q1", 5, "unexpected 'Q' at column 5 in \"0.5*Q1\": expected a Pauli factor");
        assertError("Z", 1, "Pauli factor 'Z' at column 1 in \"Z\" has no qubit index: expected Z<k> with k in 0..62");
        assertError("Z-1", 1, "Pauli factor 'Z' at column 1 in \"Z-1\" has no qubit index");
        assertError("X1*", 4, "unexpected end of input at column 4 in \"X1*\": expected a Pauli factor");
        assertError("2**Z0", 3, "unexpected '*' at column 3 in \"2**Z0\": expected a Pauli factor");
        assertError("Z0 + + X1", 6, "unexpected '+' at column 6 in \"Z0 + + X1\": expected a number or a Pauli "
                + "factor");
        assertError("1e400*Z0", 1, "number 1e400 at column 1 in \"1e400*Z0\" is out of range");
        assertError("Z99", 2, "qubit index 99 at column 2 in \"Z99\" is out of range: allowed qubit indices are "
                + "0..62");
        assertError("X63", 2, "qubit index 63 at column 2");
        assertError("X123456789012345678901", 2, "qubit index 123456789012345678901 at column 2");
        assertError("Z0 Z1", 4, "unexpected 'Z1' at column 4 in \"Z0 Z1\": expected '*', '+', '-' or end of input");
        assertError("NaN*Z0", 1, "unexpected 'NaN' at column 1 in \"NaN*Z0\": coefficients must be finite numbers");
        assertError("Z0 - Infinity", 6, "unexpected 'Infinity' at column 6");
        assertError("Z0 + I", 6, "Pauli factor 'I' at column 6 in \"Z0 + I\" has no qubit index: expected I<k>");
        assertError("2 3", 3, "unexpected '3' at column 3 in \"2 3\": expected '*', a Pauli factor, '+', '-' or end");
        assertError("Z0 - -X1", 6, "unexpected '-' at column 6");
        assertError("Z0 + X1 )", 9, "unexpected ')' at column 9 in \"Z0 + X1 )\": expected '*', '+', '-' or "
                + "end of input");
        assertError("ZZ0", 1, "unexpected 'ZZ' at column 1");
        assertError("Z0 − X1", 4, "unexpected '−' at column 4"); // a Unicode minus sign
    }

    @Test
    void emptyInputIsRejectedWithoutCaret() {
        for (String s : new String[] {"", "   "}) {
            ObservableParseException e = assertThrows(ObservableParseException.class, () -> Observable.parse(s));
            assertEquals("empty observable: expected a sum of Pauli terms such as 0.5*Z0*Z1 + X2 - 1.0",
                    e.getMessage());
        }
    }

    @Test
    void caretLinesUpWithTabs() {
        ObservableParseException e = assertThrows(ObservableParseException.class,
                () -> Observable.parse("Z0\t+ Q"));
        String[] lines = e.getMessage().split("\n");
        assertEquals(3, lines.length);
        // A tab becomes one space, so the caret stays under column 6 (the 'Q').
        assertEquals("  Z0 + Q", lines[1]);
        assertEquals("       ^", lines[2]);
    }

    @Test
    void overflowingSumsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Observable.parse("1e308*Z0 + 1e308*Z0"));
        assertTrue(e.getMessage().contains("weights of Z0 add up to Infinity"), e.getMessage());
    }

    private static void assertError(String input, int column, String messageStart) {
        ObservableParseException e = assertThrows(ObservableParseException.class, () -> Observable.parse(input),
                input);
        assertTrue(e.getMessage().startsWith(messageStart), () -> "for " + input + ": " + e.getMessage());
        assertEquals(column, e.column(), () -> "column for " + input + ": " + e.getMessage());
        String[] lines = e.getMessage().split("\n");
        assertEquals(3, lines.length, e.getMessage());
        assertEquals(column + 2, lines[2].length(), "caret under column " + column + ": " + e.getMessage());
    }
}
