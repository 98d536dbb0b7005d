package org.qnnlab.train;

import java.util.List;
import org.qnnlab.sim.Angle;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Gate;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Operation;
import org.qnnlab.sim.Simulator;

/**
 * Parameter-shift gradients: each gate angle's derivative from the expectation at shifted angles, as on hardware.
 * <ul>
 *   <li>Two-term rule (Mitarai et al. 2018, Schuld et al. 2019) for a generator with two eigenvalues a distance 1
 *       apart (Pauli rotations {@code exp(−iα/2·P)}, phase gates, and the φ, λ angles of U3):
 *       {@code ∂f/∂α = [f(α + π/2) − f(α − π/2)] / 2}.</li>
 *   <li>Four-term rule (Anselmetti et al., New J. Phys. 23, 113010 (2021)) for controlled rotations, whose generator
 *       {@code |1><1|⊗P/2} has eigenvalues {−1/2, 0, 1/2}: {@code ∂f/∂α = d₊[f(α+π/2) − f(α−π/2)]
 *       − d₋[f(α+3π/2) − f(α−3π/2)]}, {@code d± = (√2 ± 1)/(4√2)}.</li>
 * </ul>
 * Shared and affine parameters follow by the chain rule: every occurrence of θ_k contributes its coefficient times
 * that gate angle's derivative. Cost: 2 or 4 circuit runs per trainable gate angle.
 */
public final class ParameterShiftGradient implements GradientMethod {

    private static final double D_PLUS = (Math.sqrt(2) + 1) / (4 * Math.sqrt(2));
    private static final double D_MINUS = (Math.sqrt(2) - 1) / (4 * Math.sqrt(2));

    private final Simulator sim;

    /** Parameter-shift gradients on {@code sim}'s kernel. */
    public ParameterShiftGradient(Simulator sim) {
        this.sim = sim;
    }

    @Override
    public String name() {
        return "shift";
    }

    @Override
    public Gradient gradient(Circuit circuit, double[] theta, double[] x, Observable observable) {
        double[] inputs = x == null ? new double[0] : x;
        Checks.check(circuit, theta, inputs, observable);
        double value = sim.expectation(circuit, theta, inputs, observable);
        double[] grad = new double[circuit.numParameters()];
        List<Operation> ops = circuit.operations();
        for (int j = 0; j < ops.size(); j++) {
            Operation op = ops.get(j);
            Angle[] exprs = op.angles();
            for (int a = 0; a < exprs.length; a++) {
                if (!exprs[a].isTrainable()) {
                    continue;
                }
                double d = angleDerivative(circuit, j, a, theta, inputs, observable);
                exprs[a].forEachParam((p, coef) -> grad[p] += coef * d);
            }
        }
        return new Gradient(value, grad);
    }

    /** {@code ∂f/∂α} for angle {@code a} of operation {@code j}, by the shift rule that fits the gate. */
    private double angleDerivative(Circuit c, int j, int a, double[] theta, double[] x, Observable o) {
        Operation op = c.operations().get(j);
        if (needsFourTerms(op, a)) {
            return D_PLUS * (shifted(c, j, a, Math.PI / 2, theta, x, o) - shifted(c, j, a, -Math.PI / 2, theta, x, o))
                    - D_MINUS * (shifted(c, j, a, 3 * Math.PI / 2, theta, x, o)
                            - shifted(c, j, a, -3 * Math.PI / 2, theta, x, o));
        }
        return 0.5 * (shifted(c, j, a, Math.PI / 2, theta, x, o) - shifted(c, j, a, -Math.PI / 2, theta, x, o));
    }

    /**
     * A controlled rotation-like angle has three generator eigenvalues (−1/2, 0, 1/2). Phase-like angles (phase gates,
     * U3's φ and λ) have eigenvalues {0, 1} with or without controls, so two terms suffice.
     */
    static boolean needsFourTerms(Operation op, int a) {
        if (op.controls().length == 0) {
            return false;
        }
        Gate.Family f = op.gate().family();
        return f == Gate.Family.PAULI_ROTATION || (f == Gate.Family.U3 && a == 0);
    }

    private double shifted(Circuit c, int j, int a, double shift, double[] theta, double[] x, Observable o) {
        Circuit s = new Circuit(c.numQubits()).declareParameters(c.numParameters()).declareInputs(c.numInputs());
        List<Operation> ops = c.operations();
        for (int i = 0; i < ops.size(); i++) {
            Operation op = ops.get(i);
            if (i == j) {
                Angle[] angles = op.angles().clone();
                angles[a] = angles[a].plus(shift);
                op = new Operation(op.gate(), op.targets(), op.controls(), angles);
            }
            s.append(op);
        }
        return sim.expectation(s, theta, x, o);
    }
}
