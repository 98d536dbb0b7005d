package org.qnnlab.examples.embedding;

import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.StateVector;
import org.qnnlab.train.AdjointGradient;
import org.qnnlab.train.Gradient;
import org.qnnlab.train.ParameterShiftGradient;

/**
 * qnnlab used from another project: a hardware-efficient ansatz at seeded random parameters, the expectation of an
 * observable and its adjoint gradient, checked against the parameter-shift gradient. Exits 1 with one line on
 * disagreement. {@code -Dexample.expect=E} also checks the expectation against E (what
 * {@code qnn simulate --ansatz hea --qubits 4 --layers 2 --seed 7 --observable "Z0*Z1 + 0.5*X2"} prints).
 */
public final class Main {
    private static final int QUBITS = 4;
    private static final int LAYERS = 2;
    private static final long SEED = 7;
    private static final String OBSERVABLE = "Z0*Z1 + 0.5*X2";
    /** Both gradients are exact: they differ by rounding only. */
    private static final double TOLERANCE = 1e-9;

    private Main() {
    }

    public static void main(String[] args) {
        Circuit circuit = Ansatz.hea(QUBITS, LAYERS);
        double[] theta = circuit.randomParameters(SEED);
        Observable observable = Observable.parse(OBSERVABLE);
        Simulator sim = Simulator.create();

        double value;
        try (StateVector psi = sim.run(circuit, theta)) {
            value = observable.expectation(sim.kernel(), psi);
        }
        Gradient adjoint = new AdjointGradient(sim).gradient(circuit, theta, null, observable);
        Gradient shift = new ParameterShiftGradient(sim).gradient(circuit, theta, null, observable);

        System.out.printf("kernel       %s%n", sim.kernel().type().id());
        System.out.printf("circuit      hea, %d qubits, %d layers, %d parameters, seed %d%n", QUBITS, LAYERS,
                circuit.numParameters(), SEED);
        System.out.printf("<%s> = %.12f%n", OBSERVABLE, value);
        System.out.printf("%-4s %20s %20s%n", "k", "adjoint", "parameter shift");
        double worst = 0;
        for (int k = 0; k < theta.length; k++) {
            double a = adjoint.gradient()[k];
            double s = shift.gradient()[k];
            System.out.printf("%-4d %20.12f %20.12f%n", k, a, s);
            if (!Double.isFinite(a) || !Double.isFinite(s)) {
                fail("gradient entry " + k + " is not finite: adjoint " + a + ", parameter shift " + s);
            }
            worst = Math.max(worst, Math.abs(a - s));
        }
        if (!Double.isFinite(value) || Math.abs(adjoint.value() - value) > TOLERANCE) {
            fail("expectation " + value + " but the adjoint gradient's value is " + adjoint.value());
        }
        if (worst > TOLERANCE) {
            fail("adjoint and parameter-shift gradients differ by " + worst + " (tolerance " + TOLERANCE + ")");
        }
        String expect = System.getProperty("example.expect", "").strip();
        if (!expect.isEmpty() && !(Math.abs(parse(expect) - value) <= TOLERANCE)) {
            fail("expectation " + value + " but qnn simulate printed " + expect);
        }
        System.out.printf("ok: adjoint = parameter shift within %.1e (max difference %.1e)%s%n", TOLERANCE, worst,
                expect.isEmpty() ? "" : ", expectation = qnn simulate's " + expect);
    }

    private static double parse(String number) {
        try {
            return Double.parseDouble(number);
        } catch (NumberFormatException e) {
            fail("-Dexample.expect=" + number + " is not a number");
            return Double.NaN;
        }
    }

    private static void fail(String message) {
        System.err.println("embedding example: " + message);
        System.exit(1);
    }
}
