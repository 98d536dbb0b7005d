package org.qnnlab.train.loss;

/** {@code L = (1/N) Σ (f_i − y_i)²}, {@code dL/df_i = 2 (f_i − y_i) / N}. */
final class MeanSquaredError implements Loss {

    @Override
    public double value(double[] predictions, double[] targets) {
        LossInputs.predictionsAndTargets(predictions, targets);
        double sum = 0;
        for (int i = 0; i < predictions.length; i++) {
            double r = predictions[i] - targets[i];
            sum += r * r;
        }
        return sum / predictions.length;
    }

    @Override
    public double[] derivative(double[] predictions, double[] targets) {
        LossInputs.predictionsAndTargets(predictions, targets);
        double[] d = new double[predictions.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = 2 * (predictions[i] - targets[i]) / d.length;
        }
        return d;
    }

    @Override
    public String name() {
        return "mse";
    }
}
