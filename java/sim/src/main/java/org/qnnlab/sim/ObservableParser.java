package org.qnnlab.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads observables written as real-weighted sums of Pauli products, e.g. {@code 0.5*Z0*Z1 + X2 - 1.0}. A
 * hand-written tokenizer and recursive-descent parser for:
 *
 * <pre>
 * sum     := ['+' | '-'] term (('+' | '-') term)*
 * term    := number ['*'] product | product | number
 * product := pauli ('*' pauli)*
 * pauli   := ('X' | 'Y' | 'Z' | 'I') digits        qubit index 0..62, letters in either case
 * number  := digits ['.' [digits]] [exponent] | '.' digits [exponent]      e.g. 2, 0.5, .5, 1e-3, 2.5E+4
 * </pre>
 *
 * Whitespace may appear between any two tokens. The {@code *} between Pauli factors is required ({@code Z0 Z1} is an
 * error); after a coefficient it is optional ({@code 0.5 Z0}). Numbers follow {@link NumberSyntax}: {@code NaN},
 * {@code Infinity}, literals that overflow a double ({@code 1e400}), non-zero literals that underflow
 * ({@code 1e-400}) and hexadecimal ({@code 0x10*Z0} is an error, not {@code 0·X10·Z0}) are rejected.
 *
 * <p><b>Repeated qubits.</b> Factors on the same qubit are multiplied in the order written: {@code X0*X0} is the
 * identity (a constant term) and {@code X0*Z0*X0} is {@code -Z0} (the sign moves into the weight). A product whose
 * phase is {@code ±i} is not Hermitian and is rejected, e.g. {@code Z0*X0 = iY0}. {@code I<k>} factors only pad:
 * {@code 2*I3} is the constant 2.
 *
 * <p>Errors are {@link ObservableParseException}s that name the offending token, its column and what was expected.
 */
public final class ObservableParser {

    private static final String PAULI_FACTOR = "a Pauli factor X<k>, Y<k>, Z<k> or I<k>";
    private static final String TERM_START = "a number or " + PAULI_FACTOR;

    private final String input;
    private final Lexer lexer;
    private Token tok;

    private ObservableParser(String input) {
        this.input = Objects.requireNonNull(input, "observable text");
        this.lexer = new Lexer(input);
        this.tok = lexer.next();
    }

    /**
     * Parses an observable.
     *
     * @throws ObservableParseException if the text does not follow the grammar, with the column of the bad token
     * @throws IllegalArgumentException if like terms add up to a weight that overflows a double
     */
    public static Observable parse(String text) {
        return new ObservableParser(text).sum();
    }

    /** Parses one product with no coefficient (the body of {@link PauliString#of}); its phase must be +1. */
    static PauliString parsePauliString(String text) {
        ObservableParser p = new ObservableParser(text);
        if (p.tok.kind == Kind.END) {
            throw p.error(p.tok, "empty Pauli string: expected a product such as X0*Y2*Z5, or I");
        }
        if (p.tok.kind != Kind.PAULI) {
            throw p.unexpected(p.tok, PAULI_FACTOR);
        }
        int start = p.tok.index;
        PhasedProduct prod = p.product();
        if (p.tok.kind != Kind.END) {
            throw p.unexpected(p.tok, "'*' or end of input");
        }
        if (prod.power != 0) {
            throw p.error(start, "product " + prod.text + " at column " + (start + 1) + " in \"" + text
                    + "\" equals " + new PauliString.Product(prod.power, prod.pauli)
                    + ", not a Pauli string (its phase must be +1)");
        }
        return prod.pauli;
    }

    private Observable sum() {
        if (tok.kind == Kind.END) {
            throw error(tok, "empty observable: expected a sum of Pauli terms such as 0.5*Z0*Z1 + X2 - 1.0");
        }
        List<Observable.Term> terms = new ArrayList<>();
        double[] constant = {0};
        double sign = 1;
        if (tok.kind == Kind.PLUS || tok.kind == Kind.MINUS) {
            sign = tok.kind == Kind.MINUS ? -1 : 1;
            advance();
        }
        term(sign, terms, constant);
        while (tok.kind != Kind.END) {
            if (tok.kind != Kind.PLUS && tok.kind != Kind.MINUS) {
                throw unexpected(tok, "'+', '-' or end of input");
            }
            sign = tok.kind == Kind.MINUS ? -1 : 1;
            advance();
            term(sign, terms, constant);
        }
        try {
            return Observable.of(terms, constant[0]);
        } catch (IllegalArgumentException e) { // like terms summing past the largest double: say in which text
            throw new IllegalArgumentException("observable \"" + input + "\": " + e.getMessage(), e);
        }
    }

    /** One term; appends a Pauli term or adds to the constant. Leaves {@code tok} at '+', '-' or the end. */
    private void term(double sign, List<Observable.Term> terms, double[] constant) {
        double coef = sign;
        if (tok.kind == Kind.NUMBER) {
            coef *= tok.value;
            advance();
            if (tok.kind == Kind.STAR) {
                advance();
                if (tok.kind != Kind.PAULI) {
                    throw unexpected(tok, PAULI_FACTOR);
                }
            } else if (tok.kind != Kind.PAULI) {
                if (tok.kind != Kind.PLUS && tok.kind != Kind.MINUS && tok.kind != Kind.END) {
                    throw unexpected(tok, "'*', a Pauli factor, '+', '-' or end of input");
                }
                constant[0] += coef;
                return;
            }
        } else if (tok.kind != Kind.PAULI) {
            throw unexpected(tok, TERM_START);
        }
        int start = tok.index;
        PhasedProduct prod = product();
        if (tok.kind != Kind.PLUS && tok.kind != Kind.MINUS && tok.kind != Kind.END) {
            throw unexpected(tok, "'*', '+', '-' or end of input");
        }
        if ((prod.power & 1) != 0) {
            throw error(start, "product " + prod.text + " at column " + (start + 1) + " in \"" + input
                    + "\" is not Hermitian (= " + new PauliString.Product(prod.power, prod.pauli)
                    + "): factors on a repeated qubit must multiply to ±1 times a Pauli, e.g. X0*X0 = I");
        }
        double weight = prod.power == 2 ? -coef : coef;
        if (prod.pauli.isIdentity()) {
            constant[0] += weight;
        } else {
            terms.add(new Observable.Term(weight, prod.pauli));
        }
    }

    /** {@code pauli ('*' pauli)*}, multiplied in order with the phase tracked. {@code tok} is a PAULI on entry. */
    private PhasedProduct product() {
        StringBuilder text = new StringBuilder();
        PauliString acc = PauliString.identity();
        int power = 0;
        while (true) {
            PauliString.Product p = acc.multiply(tok.pauli);
            acc = p.pauli();
            power = (power + p.power()) & 3;
            text.append(text.isEmpty() ? "" : "*").append(tok.text.toUpperCase(Locale.ROOT));
            advance();
            if (tok.kind != Kind.STAR) {
                return new PhasedProduct(power, acc, text.toString());
            }
            advance();
            if (tok.kind != Kind.PAULI) {
                throw unexpected(tok, PAULI_FACTOR);
            }
        }
    }

    private void advance() {
        tok = lexer.next();
    }

    private ObservableParseException unexpected(Token t, String expected) {
        String what = t.kind == Kind.END ? "end of input" : "'" + t.text + "'";
        return error(t, "unexpected " + what + " at column " + (t.index + 1) + " in \"" + input + "\": expected "
                + expected);
    }

    private ObservableParseException error(Token t, String headline) {
        return error(t.index, headline);
    }

    private ObservableParseException error(int index, String headline) {
        return new ObservableParseException(input, index, headline);
    }

    private record PhasedProduct(int power, PauliString pauli, String text) {
    }

    private enum Kind { NUMBER, PAULI, STAR, PLUS, MINUS, OTHER, END }

    /** A token: its kind, source text and 0-based index, and the value of a NUMBER or PAULI. */
    private record Token(Kind kind, String text, int index, double value, PauliString pauli) {
    }

    /** Splits the input into tokens, skipping whitespace; throws for malformed numbers and Pauli factors. */
    private final class Lexer {
        private final String s;
        private int pos;

        Lexer(String s) {
            this.s = s;
        }

        Token next() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
            int start = pos;
            if (pos == s.length()) {
                return new Token(Kind.END, "", start, 0, null);
            }
            char c = s.charAt(pos);
            switch (c) {
                case '*':
                    pos++;
                    return new Token(Kind.STAR, "*", start, 0, null);
                case '+':
                    pos++;
                    return new Token(Kind.PLUS, "+", start, 0, null);
                case '-':
                    pos++;
                    return new Token(Kind.MINUS, "-", start, 0, null);
                default:
                    break;
            }
            if (isDigit(c) || (c == '.' && pos + 1 < s.length() && isDigit(s.charAt(pos + 1)))) {
                return number(start);
            }
            if (Character.isLetter(c)) {
                return word(start);
            }
            pos += Character.charCount(s.codePointAt(pos));
            return new Token(Kind.OTHER, s.substring(start, pos), start, 0, null);
        }

        private Token number(int start) {
            digits();
            if (pos < s.length() && s.charAt(pos) == '.') {
                pos++;
                digits();
            }
            if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
                int mark = pos;
                pos++;
                if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                    pos++;
                }
                if (pos < s.length() && isDigit(s.charAt(pos))) {
                    digits();
                } else {
                    pos = mark; // not an exponent: 'e' starts the next token
                }
            }
            String text = s.substring(start, pos);
            if (text.matches("0+") && pos < s.length() && (s.charAt(pos) == 'x' || s.charAt(pos) == 'X')) {
                throw error(start, "'" + s.substring(start, Math.min(s.length(), pos + 2)) + "…' at column "
                        + (start + 1) + " in \"" + input + "\" reads as a hexadecimal number, which is not allowed: "
                        + "coefficients are " + NumberSyntax.ALLOWED + " (for 0 times X<k> write 0*X<k>)");
            }
            double v = Double.parseDouble(text);
            String problem = NumberSyntax.rangeProblem(text, v);
            if (problem != null) {
                throw error(start, "number " + text + " at column " + (start + 1) + " in \"" + input + "\" "
                        + problem);
            }
            return new Token(Kind.NUMBER, text, start, v, null);
        }

        private Token word(int start) {
            while (pos < s.length() && Character.isLetter(s.charAt(pos))) {
                pos++;
            }
            String word = s.substring(start, pos);
            String lower = word.toLowerCase(Locale.ROOT);
            if (lower.equals("nan") || lower.equals("inf") || lower.equals("infinity")) {
                throw error(start, "unexpected '" + word + "' at column " + (start + 1) + " in \"" + input
                        + "\": coefficients must be finite numbers (NaN and Infinity are not allowed)");
            }
            char letter = Character.toUpperCase(word.charAt(0));
            if (word.length() != 1 || "XYZI".indexOf(letter) < 0) {
                return new Token(Kind.OTHER, word, start, 0, null);
            }
            int digitsStart = pos;
            digits();
            if (pos == digitsStart) {
                String hint = pos < s.length() && s.charAt(pos) == '-' ? " (qubit indices are not negative)"
                        : letter == 'I' ? " (write a constant term as a plain number, e.g. + 0.5)" : "";
                throw error(start, "Pauli factor '" + word + "' at column " + (start + 1) + " in \"" + input
                        + "\" has no qubit index: expected " + letter + "<k> with k in 0.." + PauliString.MAX_QUBIT
                        + hint);
            }
            String index = s.substring(digitsStart, pos);
            String trimmed = index.replaceFirst("^0+(?=.)", "");
            int q = trimmed.length() > 2 ? Integer.MAX_VALUE : Integer.parseInt(trimmed);
            if (q > PauliString.MAX_QUBIT) {
                throw error(digitsStart, "qubit index " + index + " at column " + (digitsStart + 1) + " in \""
                        + input + "\" is out of range: allowed qubit indices are 0.." + PauliString.MAX_QUBIT);
            }
            return new Token(Kind.PAULI, s.substring(start, pos), start, 0, PauliString.single(letter, q));
        }

        private void digits() {
            while (pos < s.length() && isDigit(s.charAt(pos))) {
                pos++;
            }
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }
    }
}
