package org.qnnlab.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzing the observable parser with fixed seeds: any text either parses to an observable that prints back to itself,
 * or fails with an {@link IllegalArgumentException} whose first line names a column or a value, never with another
 * exception. Inputs are random strings over the grammar's own characters and near-misses, and valid sums with one
 * character inserted, deleted or replaced.
 */
class ObservableParserProperties {

    private static final String ALPHABET = "0123456789XYZIxyziEe.+-* \tQ0x_,()dfpN";

    @Provide
    Arbitrary<String> nearGrammar() {
        return Arbitraries.strings().withChars(ALPHABET.toCharArray()).ofMinLength(0).ofMaxLength(24);
    }

    @Provide
    Arbitrary<String> mutatedSums() {
        Arbitrary<String> coefficient = Arbitraries.of("", "0.5*", "2 ", "-1e-3*", "1e308*", "3.", ".25", "0*", "1e-320*",
                "1e-400*", "0x10*", "1d*", "7");
        Arbitrary<String> factor = Combinators.combine(Arbitraries.of("X", "Y", "Z", "I", "z"),
                Arbitraries.integers().between(0, 70)).as((l, q) -> l + q);
        Arbitrary<String> term = Combinators.combine(coefficient, factor.list().ofMinSize(1).ofMaxSize(3))
                .as((c, fs) -> c + String.join("*", fs));
        Arbitrary<String> sum = term.list().ofMinSize(1).ofMaxSize(4).map(ts -> String.join(" + ", ts));
        return Combinators.combine(sum, Arbitraries.integers().between(0, 1000), Arbitraries.of(ALPHABET.chars()
                .mapToObj(c -> (char) c).toList()), Arbitraries.of("insert", "delete", "replace", "none"))
                .as((s, at, ch, how) -> mutate(s, at, ch, how));
    }

    private static String mutate(String s, int at, char c, String how) {
        if (s.isEmpty() || how.equals("none")) {
            return s;
        }
        int i = at % s.length();
        return switch (how) {
            case "insert" -> s.substring(0, i) + c + s.substring(i);
            case "delete" -> s.substring(0, i) + s.substring(i + 1);
            default -> s.substring(0, i) + c + s.substring(i + 1);
        };
    }

    @Property(tries = 1500, seed = "1411")
    void randomTextParsesOrFailsWithAClearMessage(@ForAll("nearGrammar") String text) {
        check(text);
    }

    @Property(tries = 1500, seed = "1412")
    void mutatedSumsParseOrFailWithAClearMessage(@ForAll("mutatedSums") String text) {
        check(text);
    }

    private static void check(String text) {
        Observable o;
        try {
            o = Observable.parse(text);
        } catch (ObservableParseException e) {
            String head = e.getMessage().lines().findFirst().orElse("");
            assertTrue(head.contains("column") || head.startsWith("empty observable"), head);
            assertTrue(e.column() >= 1 && e.column() <= text.length() + 1, "column " + e.column() + ": " + head);
            return;
        } catch (IllegalArgumentException e) {
            // like terms that add up past the largest double: names the Pauli string and the sum
            assertTrue(e.getMessage().contains("add up to"), e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
            return;
        } catch (RuntimeException e) {
            fail("'" + text + "' threw " + e, e);
            return;
        }
        assertEquals(o, Observable.parse(o.toString()), () -> "'" + text + "' printed as '" + o + "'");
        int named = -1;
        for (Observable.Term t : o.terms()) {
            named = Math.max(named, t.pauli().maxQubit());
        }
        assertTrue(o.maxQubit() >= named, "maxQubit covers every kept term");
        assertTrue(!text.matches("(?s)(.*[^0-9.eE])?0+[xX].*"), () -> "'" + text + "' reads as hexadecimal and "
                + "must not parse, but gave " + o);
    }
}
