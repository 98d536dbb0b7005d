package org.qnnlab.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The number syntax of text inputs: plain decimal and scientific numbers only, representable as written. */
class NumberSyntaxTest {

    @Test
    void acceptsPlainDecimalAndScientificNumbers() {
        String[] texts = {"2", "-0.5", "+.5", "3.", "1e-3", "2.5E+4", " 7 ", "0", "-0.0", "1e-310", "0e-999"};
        double[] values = {2, -0.5, 0.5, 3, 1e-3, 2.5e4, 7, 0, -0.0, 1e-310, 0};
        for (int i = 0; i < texts.length; i++) {
            assertEquals(values[i], NumberSyntax.parse(texts[i], "x"), texts[i]);
        }
    }

    @Test
    void rejectsJavaOnlyFormsNamingTheValueAndTheSyntax() {
        for (String bad : new String[] {"1d", "2f", "0x1p3", "0x10", "NaN", "Infinity", "-Infinity", "1_000", "",
            "1e", ".", "pi/2", "1,5", "--1", "1e400", "-1e400", "1e-400"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> NumberSyntax.parse(bad, "--params value"), bad);
            String m = e.getMessage();
            assertEquals(true, m.startsWith("--params value '" + bad + "' "), m);
            assertEquals(true, m.contains("allowed") || m.contains("finite"), m);
            assertEquals(-1, m.indexOf('\n'), "one line: " + m);
        }
    }
}
