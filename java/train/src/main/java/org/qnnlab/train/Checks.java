package org.qnnlab.train;

import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Observable;

/** Argument checks shared by the gradient methods, with messages that name the bad value. */
final class Checks {

    private Checks() {
    }

    static void check(Circuit c, double[] theta, double[] x, Observable o) {
        c.checkBinding(theta, x); // counts and finiteness, with the facade's messages
        if (o.maxQubit() >= c.numQubits()) {
            throw new IllegalArgumentException("observable " + o + " acts on qubit " + o.maxQubit() + " but the "
                    + "circuit has " + c.numQubits() + " qubits (0.." + (c.numQubits() - 1) + ")");
        }
    }

    /**
     * Refuses parameters so large that a method's step is lost in rounding: {@code θ ± step} must be resolved to
     * {@code step·resolution}, i.e. {@code ulp(θ_k) ≤ step·resolution}. (At θ = 1e300 doubles are 1e284 apart, θ ± h
     * is θ again and a difference quotient returns 0 for any circuit.) Reducing θ modulo 2π instead would be right
     * only for circuits whose expectation is 2π-periodic in every parameter, which controlled rotations and affine
     * angles with non-integer coefficients are not; so the angle is refused, naming the bound.
     *
     * @param method the method's name and step for the message, e.g. {@code "fd (step 1e-05)"}
     */
    static void stepResolved(double[] theta, double step, double resolution, String method) {
        double spacing = step * resolution;
        for (int k = 0; k < theta.length; k++) {
            if (Math.ulp(theta[k]) > spacing) {
                // the largest power of two below which ulp(θ) <= spacing: ulp(2^e) = 2^(e-52)
                double bound = Math.scalb(1.0, Math.getExponent(spacing) + 53);
                throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "parameter %d is %s: the "
                                + "step of %s is lost in rounding there (doubles near it are %.3g apart); allowed: "
                                + "|θ| < %.3g for this method; use the adjoint method or an equivalent smaller angle",
                        k, theta[k], method, Math.ulp(theta[k]), bound));
            }
        }
    }
}
