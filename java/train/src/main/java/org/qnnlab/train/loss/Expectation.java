package org.qnnlab.train.loss;

/**
 * The model output itself as the loss: {@code L = (1/N) Σ f_i}, {@code dL/df_i = 1/N}. With {@code f} the energy
 * {@code <ψ(θ)|H|ψ(θ)>} this is the variational quantum eigensolver's objective (Peruzzo et al., Nat. Commun. 5, 4213,
 * 2014). Targets are ignored and may be null or empty.
 */
final class Expectation implements Loss {

    @Override
    public double value(double[] predictions, double[] targets) {
        LossInputs.predictions(predictions);
        double sum = 0;
        for (double f : predictions) {
            sum += f;
        }
        return sum / predictions.length;
    }

    @Override
    public double[] derivative(double[] predictions, double[] targets) {
        LossInputs.predictions(predictions);
        double[] d = new double[predictions.length];
        java.util.Arrays.fill(d, 1.0 / d.length);
        return d;
    }

    @Override
    public String name() {
        return "expectation";
    }
}
