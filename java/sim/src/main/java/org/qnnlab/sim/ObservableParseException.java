package org.qnnlab.sim;

/**
 * Observable text that does not parse. The message names the offending token and its 1-based column and, unless the
 * input is empty, ends with the input and a caret line under that column:
 *
 * <pre>
 * unexpected 'Q' at column 5 in "0.5*Q1 + X2": expected a Pauli factor X&lt;k&gt;, Y&lt;k&gt;, Z&lt;k&gt; or I&lt;k&gt;
 *   0.5*Q1 + X2
 *       ^
 * </pre>
 */
public final class ObservableParseException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String input;
    private final int column;

    /**
     * @param input the text being parsed
     * @param index the 0-based index of the offending token ({@code input.length()} for the end of input)
     * @param headline the first line of the message
     */
    ObservableParseException(String input, int index, String headline) {
        super(input.isBlank() ? headline : headline + "\n  " + echo(input) + "\n  " + " ".repeat(index) + "^");
        this.input = input;
        this.column = index + 1;
    }

    /** The text that failed to parse. */
    public String input() {
        return input;
    }

    /** The 1-based column of the offending token ({@code input().length() + 1} for the end of input). */
    public int column() {
        return column;
    }

    /** The input on one line, so that the caret lines up: tabs and line breaks become spaces. */
    private static String echo(String input) {
        return input.replaceAll("[\\t\\n\\r\\f\\x0B]", " ");
    }
}
