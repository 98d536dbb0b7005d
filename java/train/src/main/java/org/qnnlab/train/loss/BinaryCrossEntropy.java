package org.qnnlab.train.loss;

/**
 * Binary cross-entropy on an expectation value read as a probability: {@code p_i = (f_i + 1)/2} for {@code f_i} in
 * {@code [−1, 1]} (for {@code <Z>}, the probability of measuring 0), and
 * {@code L = −(1/N) Σ [y_i ln p_i + (1 − y_i) ln(1 − p_i)]}.
 *
 * <p>Labels are in {@code [0, 1]} (soft labels allowed); a label of −1 is read as 0, so ±1-labelled data can be used
 * unchanged. Other labels are rejected, naming the index.
 *
 * <p>{@code p} is clipped to {@code [1e-12, 1 − 1e-12]} so the loss stays finite at {@code f = ±1} (at most
 * {@code −ln 1e-12 ≈ 27.6} per sample). The derivative is that of the clipped loss:
 * {@code dL/df_i = (1/2N)·[(1 − y_i)/(1 − p_i) − y_i/p_i]} where p is inside the interval and 0 where it is clipped
 * (including round-off slightly outside {@code [−1, 1]}).
 */
final class BinaryCrossEntropy implements Loss {

    /** Smallest probability used in a logarithm. */
    static final double CLIP = 1e-12;

    @Override
    public double value(double[] predictions, double[] targets) {
        LossInputs.predictionsAndTargets(predictions, targets);
        double sum = 0;
        for (int i = 0; i < predictions.length; i++) {
            double y = label(targets, i);
            double p = Math.clamp((predictions[i] + 1) / 2, CLIP, 1 - CLIP);
            sum -= y * Math.log(p) + (1 - y) * Math.log(1 - p);
        }
        return sum / predictions.length;
    }

    @Override
    public double[] derivative(double[] predictions, double[] targets) {
        LossInputs.predictionsAndTargets(predictions, targets);
        int n = predictions.length;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            double y = label(targets, i);
            double p = (predictions[i] + 1) / 2;
            if (p >= CLIP && p <= 1 - CLIP) {
                d[i] = ((1 - y) / (1 - p) - y / p) / (2 * n);
            }
        }
        return d;
    }

    private static double label(double[] targets, int i) {
        double y = targets[i];
        if (y == -1) {
            return 0;
        }
        if (!(y >= 0 && y <= 1)) {
            throw new IllegalArgumentException("target " + i + " is " + y + "; bce labels must be in [0, 1] "
                    + "(or -1, read as 0)");
        }
        return y;
    }

    @Override
    public String name() {
        return "bce";
    }
}
