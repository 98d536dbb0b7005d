package org.qnnlab.train;

import java.util.List;
import org.qnnlab.sim.Angle;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Operation;
import org.qnnlab.sim.Simulator;

/**
 * The Hessian {@code H_kl = ∂²f/∂θ_k∂θ_l} of {@code f(θ) = <ψ(θ, x)|O|ψ(θ, x)>}, exact to rounding: the parameter-shift
 * rule applied to the adjoint gradient (Mari, Bromley and Killoran, Phys. Rev. A 103, 012405 (2021), use the same
 * "shift of a derivative" idea with shifts only). Each gradient component has the same frequencies in a gate angle as
 * the expectation itself, so the two- or four-term rule on the gradient vector gives a whole Hessian column per
 * trainable gate angle; shared and affine parameters follow by the chain rule. Cost: 2 (or 4) adjoint gradients per
 * trainable gate angle, i.e. O(M) circuit passes per column instead of the O(M²) of shifting twice.
 *
 * <p>The rule needs only that the differentiated function has the expectation's frequencies in each gate angle, so it
 * holds exactly for noisy circuits too (channels beside the gates, {@link Circuit#channel}): no channel depends on θ,
 * so {@code Tr(O ρ̃(θ))} and its gradient are trigonometric in each angle as before. There, give
 * {@link #compute(GradientMethod, Circuit, double[], double[], Observable)} a density-matrix method such as
 * {@link DensityMatrixAdjointGradient}.
 *
 * <p>The landscape analysis uses it to tell minima (all eigenvalues ≥ 0) from saddles.
 */
public final class Hessian {

    private Hessian() {
    }

    /**
     * The symmetric {@code M×M} Hessian at θ, x; {@code M = circuit.numParameters()}, from {@link AdjointGradient}s on
     * {@code sim}.
     *
     * @throws IllegalArgumentException as {@link GradientMethod#gradient} does for bad arguments
     */
    public static double[][] compute(Simulator sim, Circuit circuit, double[] theta, double[] x, Observable o) {
        return compute(new AdjointGradient(sim), circuit, theta, x, o);
    }

    /**
     * The symmetric {@code M×M} Hessian at θ, x, the shift rule applied to the gradients of {@code method}: exact when
     * {@code method} is (the adjoint or exact parameter shift, on state vectors or density matrices); a noisy circuit
     * (with channels) needs a density-matrix method, e.g. {@link DensityMatrixAdjointGradient}.
     *
     * @throws IllegalArgumentException as {@link GradientMethod#gradient} does for bad arguments
     */
    public static double[][] compute(GradientMethod method, Circuit circuit, double[] theta, double[] x,
            Observable o) {
        java.util.Objects.requireNonNull(method, "method");
        double[] inputs = x == null ? new double[0] : x;
        Checks.check(circuit, theta, inputs, o);
        int m = circuit.numParameters();
        double[][] h = new double[m][m];
        List<Operation> ops = circuit.operations();
        for (int j = 0; j < ops.size(); j++) {
            Angle[] exprs = ops.get(j).angles();
            for (int a = 0; a < exprs.length; a++) {
                if (!exprs[a].isTrainable()) {
                    continue;
                }
                double[] column = ParameterShiftGradient.angleDerivative(circuit, j, a,
                        c -> method.gradient(c, theta, inputs, o).gradient());
                exprs[a].forEachParam((p, coef) -> {
                    for (int l = 0; l < m; l++) {
                        h[p][l] += coef * column[l];
                    }
                });
            }
        }
        // Exact in exact arithmetic; averaging removes the rounding asymmetry so eigen-solvers see a symmetric matrix.
        for (int k = 0; k < m; k++) {
            for (int l = k + 1; l < m; l++) {
                double s = 0.5 * (h[k][l] + h[l][k]);
                h[k][l] = s;
                h[l][k] = s;
            }
        }
        return h;
    }
}
