package org.qnnlab.sim.qasm;

import java.util.ArrayList;
import java.util.List;

/** Splits OpenQASM 2/3 text into tokens; comments ({@code //}, {@code /* … *}{@code /}) and white space are skipped. */
final class Lexer {

    private static final String[] SYMBOLS = {"->", "**", "==", "!=", "<=", ">=", "&&", "||", "<<", ">>", "++",
        "+=", "-=", "*=", "/=", ";", ",", "(", ")", "[", "]", "{", "}", "+", "-", "*", "/", "^", "@", "=", ":", "<",
        ">", "!", "~", "&", "|", "%", "$", "#", "."};

    private final String text;
    private final Source src;
    private int pos;
    private int line = 1;
    private int lineStart;

    private Lexer(String text, Source src) {
        this.text = text;
        this.src = src;
    }

    static List<Token> tokens(String text, Source src) {
        return new Lexer(text, src).all();
    }

    private List<Token> all() {
        List<Token> out = new ArrayList<>();
        while (true) {
            skipSpaceAndComments();
            if (pos >= text.length()) {
                out.add(new Token(Token.Kind.EOF, "", line, pos - lineStart + 1));
                return out;
            }
            out.add(next());
        }
    }

    private void skipSpaceAndComments() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                pos++;
                line++;
                lineStart = pos;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else if (text.startsWith("//", pos)) {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (text.startsWith("/*", pos)) {
                int startLine = line;
                int startCol = pos - lineStart + 1;
                pos += 2;
                while (pos < text.length() && !text.startsWith("*/", pos)) {
                    if (text.charAt(pos) == '\n') {
                        line++;
                        lineStart = pos + 1;
                    }
                    pos++;
                }
                if (pos >= text.length()) {
                    throw src.error(startLine, startCol, "comment opened here is never closed; expected '*/'");
                }
                pos += 2;
            } else {
                return;
            }
        }
    }

    private Token next() {
        int start = pos;
        int col = pos - lineStart + 1;
        char c = text.charAt(pos);
        if (Character.isDigit(c) || (c == '.' && pos + 1 < text.length() && Character.isDigit(text.charAt(pos + 1)))) {
            while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            if (pos < text.length() && text.charAt(pos) == '.') {
                pos++;
                while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                    pos++;
                }
            }
            if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
                int save = pos;
                pos++;
                if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                    pos++;
                }
                if (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                    while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                        pos++;
                    }
                } else {
                    pos = save;
                }
            }
            if (pos < text.length() && isIdentStart(text.charAt(pos))) {
                int end = pos;
                while (end < text.length() && isIdentPart(text.charAt(end))) {
                    end++;
                }
                throw src.error(line, col, "number with a unit or suffix '" + text.substring(start, end)
                        + "' is not supported; expected a plain number such as 0.5 or 1e-3");
            }
            return new Token(Token.Kind.NUMBER, text.substring(start, pos), line, col);
        }
        if (isIdentStart(c)) {
            while (pos < text.length() && isIdentPart(text.charAt(pos))) {
                pos++;
            }
            return new Token(Token.Kind.IDENT, text.substring(start, pos), line, col);
        }
        if (c == '"' || c == '\'') {
            pos++;
            while (pos < text.length() && text.charAt(pos) != c && text.charAt(pos) != '\n') {
                pos++;
            }
            if (pos >= text.length() || text.charAt(pos) != c) {
                throw src.error(line, col, "string is not closed on its line; expected " + c);
            }
            pos++;
            return new Token(Token.Kind.STRING, text.substring(start + 1, pos - 1), line, col);
        }
        for (String s : SYMBOLS) {
            if (text.startsWith(s, pos)) {
                pos += s.length();
                return new Token(Token.Kind.SYMBOL, s, line, col);
            }
        }
        throw src.error(line, col, "unexpected character '" + new String(Character.toChars(text.codePointAt(pos)))
                + "'");
    }

    private static boolean isIdentStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isIdentPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
