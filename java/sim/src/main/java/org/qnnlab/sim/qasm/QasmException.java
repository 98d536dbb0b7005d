package org.qnnlab.sim.qasm;

/**
 * OpenQASM text that cannot be read: the message names the source, the 1-based line and column, the offending token
 * and what was expected, then shows the line with a caret under the column:
 *
 * <pre>
 * bell.qasm:4:1: unknown gate 'hh'; allowed here: U, CX and the gates of qelib1.inc (…)
 *   hh q[0];
 *   ^
 * </pre>
 */
public final class QasmException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final int column;

    QasmException(String source, int line, int column, String lineText, String message) {
        super(source + ":" + line + ":" + column + ": " + message
                + (lineText == null ? "" : "\n  " + echo(lineText) + "\n  " + " ".repeat(Math.max(0, column - 1))
                        + "^"));
        this.source = source;
        this.line = line;
        this.column = column;
    }

    /** The file name (or {@code <string>}) given to the reader. */
    public String source() {
        return source;
    }

    /** The 1-based line of the offending token. */
    public int line() {
        return line;
    }

    /** The 1-based column of the offending token. */
    public int column() {
        return column;
    }

    private static String echo(String line) {
        return line.replaceAll("[\\t\\f\\x0B\\r]", " ");
    }
}
