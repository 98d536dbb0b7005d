package org.qnnlab.sim.qasm;

/** A lexical token with its 1-based position; {@code text} is the source spelling. */
record Token(Kind kind, String text, int line, int column) {

    enum Kind {
        IDENT, NUMBER, STRING, SYMBOL, EOF
    }

    boolean is(String symbolOrWord) {
        return (kind == Kind.SYMBOL || kind == Kind.IDENT) && text.equals(symbolOrWord);
    }

    /** How the token reads in an error message. */
    String show() {
        return kind == Kind.EOF ? "end of file" : "'" + text + "'";
    }
}
