package org.qnnlab.sim;

import java.util.Arrays;
import java.util.Locale;
import java.util.TreeMap;

/**
 * An affine angle expression {@code c + Σ a_j·θ_j + Σ b_k·x_k} over trainable parameters θ and data inputs x.
 * A parameter may appear in several angles (shared parameters); the chain rule for gradients reads the coefficients.
 * Immutable.
 */
public final class Angle {

    private static final int[] NONE = {};
    private static final double[] NO_COEFS = {};

    private final double constant;
    private final int[] params;
    private final double[] paramCoefs;
    private final int[] inputs;
    private final double[] inputCoefs;

    private Angle(double constant, int[] params, double[] paramCoefs, int[] inputs, double[] inputCoefs) {
        if (!Double.isFinite(constant)) {
            throw new IllegalArgumentException("angle constant " + constant + " is not finite");
        }
        this.constant = constant;
        this.params = params;
        this.paramCoefs = paramCoefs;
        this.inputs = inputs;
        this.inputCoefs = inputCoefs;
    }

    /** A constant angle in radians. */
    public static Angle constant(double radians) {
        return new Angle(radians, NONE, NO_COEFS, NONE, NO_COEFS);
    }

    /** The trainable parameter {@code θ_j}. */
    public static Angle param(int j) {
        return param(j, 1.0);
    }

    /** {@code coef·θ_j}. */
    public static Angle param(int j, double coef) {
        checkIndex(j, "parameter");
        checkCoef(coef);
        return new Angle(0, new int[] {j}, new double[] {coef}, NONE, NO_COEFS);
    }

    /** The data input {@code x_k}. */
    public static Angle input(int k) {
        return input(k, 1.0);
    }

    /** {@code coef·x_k}. */
    public static Angle input(int k, double coef) {
        checkIndex(k, "input");
        checkCoef(coef);
        return new Angle(0, NONE, NO_COEFS, new int[] {k}, new double[] {coef});
    }

    /** {@code this + other}, merging coefficients of the same parameter or input. */
    public Angle plus(Angle other) {
        TreeMap<Integer, Double> p = terms(params, paramCoefs);
        other.forEachParam((j, a) -> p.merge(j, a, Double::sum));
        TreeMap<Integer, Double> x = terms(inputs, inputCoefs);
        for (int i = 0; i < other.inputs.length; i++) {
            x.merge(other.inputs[i], other.inputCoefs[i], Double::sum);
        }
        p.values().removeIf(v -> v == 0);
        x.values().removeIf(v -> v == 0);
        return new Angle(constant + other.constant, keys(p), values(p), keys(x), values(x));
    }

    /** {@code this + c}. */
    public Angle plus(double c) {
        return plus(constant(c));
    }

    /** {@code s·this}. */
    public Angle times(double s) {
        checkCoef(s);
        if (s == 0) {
            return constant(0);
        }
        return new Angle(s * constant, params, scaled(paramCoefs, s), inputs, scaled(inputCoefs, s));
    }

    /** The same expression with every parameter index moved up by {@code offset} ({@code θ_j → θ_{j+offset}}). */
    public Angle shiftParameters(int offset) {
        if (offset == 0 || params.length == 0) {
            return this;
        }
        int[] shifted = params.clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] += offset;
            checkIndex(shifted[i], "parameter");
        }
        return new Angle(constant, shifted, paramCoefs, inputs, inputCoefs);
    }

    /** {@code −this}. */
    public Angle negate() {
        return times(-1);
    }

    /** The value at parameters θ and inputs x (indices must be in range; see {@link Circuit} validation). */
    public double value(double[] theta, double[] x) {
        double v = constant;
        for (int i = 0; i < params.length; i++) {
            v += paramCoefs[i] * theta[params[i]];
        }
        for (int i = 0; i < inputs.length; i++) {
            v += inputCoefs[i] * x[inputs[i]];
        }
        return v;
    }

    /** The constant term. */
    public double constantTerm() {
        return constant;
    }

    /** True when no parameter or input appears. */
    public boolean isConstant() {
        return params.length == 0 && inputs.length == 0;
    }

    /** True when some trainable parameter appears. */
    public boolean isTrainable() {
        return params.length > 0;
    }

    /** Parameter indices that appear, ascending. */
    public int[] parameters() {
        return params.clone();
    }

    /** Input indices that appear, ascending. */
    public int[] inputs() {
        return inputs.clone();
    }

    /** {@code ∂angle/∂θ_j}: the coefficient of θ_j (0 if absent). */
    public double parameterCoefficient(int j) {
        int i = Arrays.binarySearch(params, j);
        return i >= 0 ? paramCoefs[i] : 0;
    }

    /** {@code ∂angle/∂x_k}: the coefficient of x_k (0 if absent). */
    public double inputCoefficient(int k) {
        int i = Arrays.binarySearch(inputs, k);
        return i >= 0 ? inputCoefs[i] : 0;
    }

    /** Calls {@code action(j, a_j)} for each parameter term. */
    public void forEachParam(ParamTerm action) {
        for (int i = 0; i < params.length; i++) {
            action.accept(params[i], paramCoefs[i]);
        }
    }

    /** Largest parameter index used, or -1. */
    public int maxParameter() {
        return params.length == 0 ? -1 : params[params.length - 1];
    }

    /** Largest input index used, or -1. */
    public int maxInput() {
        return inputs.length == 0 ? -1 : inputs[inputs.length - 1];
    }

    /** A parameter index and its coefficient. */
    @FunctionalInterface
    public interface ParamTerm {
        /** Receives one term {@code coef·θ_j}. */
        void accept(int j, double coef);
    }

    private static TreeMap<Integer, Double> terms(int[] idx, double[] coef) {
        TreeMap<Integer, Double> m = new TreeMap<>();
        for (int i = 0; i < idx.length; i++) {
            m.put(idx[i], coef[i]);
        }
        return m;
    }

    private static int[] keys(TreeMap<Integer, Double> m) {
        return m.keySet().stream().mapToInt(Integer::intValue).toArray();
    }

    private static double[] values(TreeMap<Integer, Double> m) {
        return m.values().stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double[] scaled(double[] a, double s) {
        double[] r = a.clone();
        for (int i = 0; i < r.length; i++) {
            r[i] *= s;
        }
        return r;
    }

    private static void checkIndex(int i, String what) {
        if (i < 0) {
            throw new IllegalArgumentException(what + " index " + i + " is negative; allowed: 0 or more");
        }
    }

    private static void checkCoef(double c) {
        if (!Double.isFinite(c)) {
            throw new IllegalArgumentException("angle coefficient " + c + " is not finite");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Angle a && Double.compare(a.constant, constant) == 0 && Arrays.equals(a.params, params)
                && Arrays.equals(a.paramCoefs, paramCoefs) && Arrays.equals(a.inputs, inputs)
                && Arrays.equals(a.inputCoefs, inputCoefs);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(params) * 31 + Arrays.hashCode(inputs) + Double.hashCode(constant);
    }

    /** E.g. {@code 0.5*θ3 + x1 - 0.25}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < params.length; i++) {
            term(sb, paramCoefs[i], "θ" + params[i]);
        }
        for (int i = 0; i < inputs.length; i++) {
            term(sb, inputCoefs[i], "x" + inputs[i]);
        }
        if (constant != 0 || sb.isEmpty()) {
            if (sb.isEmpty()) {
                sb.append(fmt(constant));
            } else {
                sb.append(constant < 0 ? " - " : " + ").append(fmt(Math.abs(constant)));
            }
        }
        return sb.toString();
    }

    private static void term(StringBuilder sb, double coef, String sym) {
        if (!sb.isEmpty()) {
            sb.append(coef < 0 ? " - " : " + ");
            coef = Math.abs(coef);
        } else if (coef < 0) {
            sb.append('-');
            coef = -coef;
        }
        if (coef != 1) {
            sb.append(fmt(coef)).append('*');
        }
        sb.append(sym);
    }

    private static String fmt(double v) {
        // Trim trailing zeros of the fraction only: "%.6g" prints 100000 as "100000", which must stay intact.
        return String.format(Locale.ROOT, "%.6g", v).replaceAll("\\.0+(e|$)", "$1")
                .replaceAll("(\\.\\d*?[1-9])0+(e|$)", "$1$2");
    }
}
