package org.qnnlab.sim;

import java.util.regex.Pattern;

/**
 * The one syntax of real numbers in qnnlab's text inputs (observable coefficients, {@code --params} and the numeric
 * command-line options): an optional sign, then {@code digits ['.' [digits]] [exponent]} or
 * {@code '.' digits [exponent]}, e.g. {@code 2}, {@code -0.5}, {@code .5}, {@code 1e-3}, {@code 2.5E+4}.
 *
 * <p>Java's extra forms ({@code 1d}, {@code 2f}, hexadecimal {@code 0x1p3}, {@code NaN}, {@code Infinity}) are not
 * numbers here, and neither is a literal whose value is not representable: one that overflows a double
 * ({@code 1e400}) or a non-zero one that underflows to 0 ({@code 1e-400} would silently become 0; subnormal values such as
 * {@code 1e-310} are kept, so that every double's {@link Double#toString} reads back). Angles are plain radians in this syntax; there is no {@code pi} notation.
 */
public final class NumberSyntax {

    /** What the syntax allows, for error messages. */
    public static final String ALLOWED = "a plain decimal or scientific number such as 2, -0.5, .5 or 1e-3";

    private static final Pattern NUMBER = Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");

    private NumberSyntax() {
    }

    /**
     * Parses {@code text} (surrounding whitespace ignored).
     *
     * @param what names the value in the error, e.g. {@code "--params value"}
     * @throws IllegalArgumentException naming {@code what}, the text and what is allowed
     */
    public static double parse(String text, String what) {
        String t = text.strip();
        if (!NUMBER.matcher(t).matches()) {
            throw new IllegalArgumentException(what + " '" + text + "' is not a number; allowed: " + ALLOWED);
        }
        double v = Double.parseDouble(t);
        String problem = rangeProblem(t, v);
        if (problem != null) {
            throw new IllegalArgumentException(what + " '" + text + "' " + problem);
        }
        return v;
    }

    /**
     * Why the literal {@code text}, which parsed to {@code value}, is out of range, or null if it is not: non-finite
     * (overflow) or a non-zero literal that rounds to 0 (underflow).
     */
    static String rangeProblem(String text, double value) {
        if (!Double.isFinite(value)) {
            return "is out of range; allowed: finite doubles, |x| < 1.8e308";
        }
        if (value == 0 && !isZeroLiteral(text)) {
            return "is too small: it underflows to 0; allowed: 0 or |x| >= 4.9e-324";
        }
        return null;
    }

    /** Whether every digit of the mantissa is 0 (so the value 0 is what was written). */
    private static boolean isZeroLiteral(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 'e' || c == 'E') {
                return true;
            }
            if (c >= '1' && c <= '9') {
                return false;
            }
        }
        return true;
    }
}
