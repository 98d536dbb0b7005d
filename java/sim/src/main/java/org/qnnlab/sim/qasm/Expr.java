package org.qnnlab.sim.qasm;

import java.util.Map;
import org.qnnlab.sim.Angle;

/**
 * An OpenQASM parameter expression. Values are {@link Angle}s, affine in the circuit's inputs: {@code +}, {@code −} and
 * products or quotients with a constant keep them affine; powers and functions need constant operands.
 */
sealed interface Expr {

    /** Where the expression starts, for error messages. */
    Token at();

    /** The value in {@code env} (gate parameters, then the program's constants and inputs). */
    Angle eval(Env env);

    /** Names visible to an expression: a gate body's parameters first, then the program's. */
    interface Env {
        /** The value of {@code name}, or null if it is not declared. */
        Angle lookup(String name);

        /** Element {@code index} of the input array {@code name}; throws on a bad name or index. */
        Angle element(Token name, int index);

        /** The error for a problem at {@code at}. */
        QasmException error(Token at, String message);
    }

    record Num(Token at, double value) implements Expr {
        @Override
        public Angle eval(Env env) {
            return Angle.constant(value);
        }
    }

    record Sym(Token at) implements Expr {
        static final Map<String, Double> CONSTANTS = Map.of("pi", Math.PI, "π", Math.PI, "tau", 2 * Math.PI, "τ",
                2 * Math.PI, "euler", Math.E, "ℇ", Math.E);

        @Override
        public Angle eval(Env env) {
            Angle v = env.lookup(at.text());
            if (v != null) {
                return v;
            }
            Double c = CONSTANTS.get(at.text());
            if (c != null) {
                return Angle.constant(c);
            }
            throw env.error(at, "unknown name " + at.show() + " in an expression; expected a number, pi, a gate "
                    + "parameter, an input or a constant declared before");
        }
    }

    record Index(Token at, Expr index) implements Expr {
        @Override
        public Angle eval(Env env) {
            return env.element(at, integer(index, env, "an array index"));
        }
    }

    record Neg(Token at, Expr operand) implements Expr {
        @Override
        public Angle eval(Env env) {
            return operand.eval(env).negate();
        }
    }

    record Bin(Token at, char op, Expr left, Expr right) implements Expr {
        @Override
        public Angle eval(Env env) {
            Angle a = left.eval(env);
            Angle b = right.eval(env);
            return switch (op) {
                case '+' -> a.plus(b);
                case '-' -> a.plus(b.negate());
                case '*' -> {
                    if (b.isConstant()) {
                        yield a.times(b.constantTerm());
                    }
                    if (a.isConstant()) {
                        yield b.times(a.constantTerm());
                    }
                    throw notAffine(env, "a product of two inputs");
                }
                case '/' -> {
                    if (!b.isConstant()) {
                        throw notAffine(env, "a division by an input");
                    }
                    double d = b.constantTerm();
                    if (d == 0) {
                        throw env.error(right.at(), "division by zero");
                    }
                    yield a.times(1 / d);
                }
                default -> { // power
                    if (!a.isConstant() || !b.isConstant()) {
                        throw notAffine(env, "a power of an input");
                    }
                    double r = Math.pow(a.constantTerm(), b.constantTerm());
                    if (!Double.isFinite(r)) {
                        throw env.error(at, a.constantTerm() + " to the power " + b.constantTerm() + " is " + r
                                + "; allowed: finite values");
                    }
                    yield Angle.constant(r);
                }
            };
        }

        private QasmException notAffine(Env env, String what) {
            return env.error(at, what + " is not affine in the inputs; qnnlab's parameters enter angles linearly "
                    + "(allowed: sums of c*input and constants)");
        }
    }

    record Call(Token at, String function, Expr arg) implements Expr {
        static final java.util.Set<String> FUNCTIONS = java.util.Set.of("sin", "cos", "tan", "exp", "ln", "sqrt",
                "arcsin", "arccos", "arctan", "log");

        @Override
        public Angle eval(Env env) {
            Angle v = arg.eval(env);
            if (!v.isConstant()) {
                throw env.error(at, function + "(…) of an input is not affine in the inputs; qnnlab's parameters "
                        + "enter angles linearly (allowed: sums of c*input and constants)");
            }
            double x = v.constantTerm();
            double r = switch (function) {
                case "sin" -> Math.sin(x);
                case "cos" -> Math.cos(x);
                case "tan" -> Math.tan(x);
                case "exp" -> Math.exp(x);
                case "ln", "log" -> Math.log(x);
                case "sqrt" -> Math.sqrt(x);
                case "arcsin" -> Math.asin(x);
                case "arccos" -> Math.acos(x);
                default -> Math.atan(x);
            };
            return finite(env, r);
        }

        private Angle finite(Env env, double r) {
            if (!Double.isFinite(r)) {
                throw env.error(at, function + "(" + x(arg, env) + ") is " + r + "; allowed: finite values");
            }
            return Angle.constant(r);
        }

        private static String x(Expr e, Env env) {
            return Double.toString(e.eval(env).constantTerm());
        }
    }

    /** A constant integer value of {@code e}. */
    static int integer(Expr e, Env env, String what) {
        Angle v = e.eval(env);
        double d = v.isConstant() ? v.constantTerm() : Double.NaN;
        if (!(d == Math.rint(d)) || Math.abs(d) > 1 << 30) {
            throw env.error(e.at(), what + " must be a constant integer, got " + (v.isConstant() ? d : v));
        }
        return (int) d;
    }
}
