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
}
