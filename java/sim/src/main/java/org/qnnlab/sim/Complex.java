package org.qnnlab.sim;

/** An immutable complex number, used for amplitudes and inner products handed to callers. */
public record Complex(double re, double im) {

    /** Zero. */
    public static final Complex ZERO = new Complex(0, 0);
    /** One. */
    public static final Complex ONE = new Complex(1, 0);

    /** {@code |z|^2}. */
    public double abs2() {
        return re * re + im * im;
    }

    /** {@code |z|}. */
    public double abs() {
        return Math.hypot(re, im);
    }

    /** The complex conjugate. */
    public Complex conj() {
        return new Complex(re, -im);
    }

    @Override
    public String toString() {
        return im < 0 || (im == 0 && 1 / im < 0) ? re + "-" + (-im) + "i" : re + "+" + im + "i";
    }
}
