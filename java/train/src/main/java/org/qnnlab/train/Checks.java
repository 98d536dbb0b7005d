package org.qnnlab.train;

import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Observable;

/** Argument checks shared by the gradient methods, with messages that name the bad value. */
final class Checks {

    private Checks() {
    }

    static void check(Circuit c, double[] theta, double[] x, Observable o) {
        if (theta == null || theta.length != c.numParameters()) {
            throw new IllegalArgumentException("circuit has " + c.numParameters() + " parameters but "
                    + (theta == null ? 0 : theta.length) + " values were given");
        }
        int inputs = x == null ? 0 : x.length;
        if (inputs != c.numInputs()) {
            throw new IllegalArgumentException("circuit has " + c.numInputs() + " inputs but " + inputs
                    + " values were given");
        }
        for (int k = 0; k < theta.length; k++) {
            if (!Double.isFinite(theta[k])) {
                throw new IllegalArgumentException("parameter " + k + " is " + theta[k] + "; allowed: finite numbers");
            }
        }
        if (o.maxQubit() >= c.numQubits()) {
            throw new IllegalArgumentException("observable " + o + " acts on qubit " + o.maxQubit() + " but the "
                    + "circuit has " + c.numQubits() + " qubits (0.." + (c.numQubits() - 1) + ")");
        }
    }
}
