package org.qnnlab.sim.qasm;

/** The text being read and its name, for error messages that quote the offending line. */
record Source(String name, String text) {

    QasmException error(int line, int column, String message) {
        return new QasmException(name, line, column, lineText(line), message);
    }

    QasmException error(Token at, String message) {
        return error(at.line(), at.column(), message);
    }

    private String lineText(int line) {
        int start = 0;
        for (int l = 1; l < line; l++) {
            int nl = text.indexOf('\n', start);
            if (nl < 0) {
                return null;
            }
            start = nl + 1;
        }
        int end = text.indexOf('\n', start);
        String s = text.substring(start, end < 0 ? text.length() : end);
        return s.length() > 200 ? null : s;
    }
}
