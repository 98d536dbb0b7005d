package org.qnnlab.train.loss;

/**
 * Hinge loss for ±1 labels: {@code L = (1/N) Σ max(0, 1 − y_i f_i)}, {@code dL/df_i = −y_i / N} where
 * {@code y_i f_i < 1} and 0 elsewhere (the subgradient 0 at the kink {@code y_i f_i = 1}). Labels other than
 * exactly ±1 are rejected, naming the index: a 0/1 label set would silently train the wrong classifier.
 */
final class Hinge implements Loss {

    @Override
    public double value(double[] predictions, double[] targets) {
        LossInputs.predictionsAndTargets(predictions, targets);
        double sum = 0;
        for (int i = 0; i < predictions.length; i++) {
            sum += Math.max(0, 1 - label(targets, i) * predictions[i]);
        }
        return sum / predictions.length;
    }

    @Override
    public double[] derivative(double[] predictions, double[] targets) {
        LossInputs.predictionsAndTargets(predictions, targets);
        double[] d = new double[predictions.length];
        for (int i = 0; i < d.length; i++) {
            double y = label(targets, i);
            if (y * predictions[i] < 1) {
                d[i] = -y / d.length;
            }
        }
        return d;
    }

    private static double label(double[] targets, int i) {
        double y = targets[i];
        if (y != 1 && y != -1) {
            throw new IllegalArgumentException("target " + i + " is " + y + "; hinge labels must be -1 or +1");
        }
        return y;
    }

    @Override
    public String name() {
        return "hinge";
    }
}
