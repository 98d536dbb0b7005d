package org.qnnlab.train;

import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Observable;

/** A way to differentiate an expectation value with respect to a circuit's trainable parameters. */
public interface GradientMethod {

    /**
     * {@code f(θ) = <ψ(θ, x)|O|ψ(θ, x)>} and {@code ∇_θ f}, starting from {@code |0…0>}.
     *
     * @throws IllegalArgumentException naming the problem when θ or x do not match the circuit, a value is not
     *                                  finite, or the observable acts on a qubit the circuit does not have
     */
    Gradient gradient(Circuit circuit, double[] theta, double[] x, Observable observable);

    /** Short name for output, e.g. {@code adjoint}. */
    String name();

    /** The method named {@code adjoint}, {@code shift} or {@code fd}, on {@code sim}'s kernel. */
    static GradientMethod byName(String name, org.qnnlab.sim.Simulator sim) {
        return switch (name) {
            case "adjoint" -> new AdjointGradient(sim);
            case "shift" -> new ParameterShiftGradient(sim);
            case "fd" -> new FiniteDifferenceGradient(sim);
            default -> throw new IllegalArgumentException("unknown gradient method '" + name
                    + "'; allowed: adjoint, shift, fd");
        };
    }

    /**
     * The method named {@code adjoint} ({@link DensityMatrixAdjointGradient}), {@code shift} or {@code fd} for noisy
     * circuits (with channels), on {@code dm}'s density matrices and kernel.
     */
    static GradientMethod byName(String name, org.qnnlab.sim.noise.DensityMatrixSimulator dm) {
        return switch (name) {
            case "adjoint" -> new DensityMatrixAdjointGradient(dm);
            case "shift" -> new ParameterShiftGradient(dm);
            case "fd" -> new FiniteDifferenceGradient(dm);
            default -> throw new IllegalArgumentException("unknown gradient method '" + name
                    + "'; allowed: adjoint, shift, fd");
        };
    }
}
