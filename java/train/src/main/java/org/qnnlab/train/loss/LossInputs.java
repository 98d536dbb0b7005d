package org.qnnlab.train.loss;

/** Input checks shared by the losses, with messages that name the bad index or lengths. */
final class LossInputs {

    private LossInputs() {
    }

    /** Predictions non-empty and finite. */
    static void predictions(double[] predictions) {
        if (predictions == null || predictions.length == 0) {
            throw new IllegalArgumentException("predictions are " + (predictions == null ? "null" : "empty")
                    + "; a loss needs at least one sample");
        }
        for (int i = 0; i < predictions.length; i++) {
            if (!Double.isFinite(predictions[i])) {
                throw new IllegalArgumentException("prediction " + i + " is " + predictions[i]
                        + "; predictions must be finite");
            }
        }
    }

    /** Predictions as above, and as many finite targets. */
    static void predictionsAndTargets(double[] predictions, double[] targets) {
        predictions(predictions);
        if (targets == null) {
            throw new IllegalArgumentException("targets are null; this loss needs one target per prediction");
        }
        if (targets.length != predictions.length) {
            throw new IllegalArgumentException("predictions has " + predictions.length + " values but targets has "
                    + targets.length);
        }
        for (int i = 0; i < targets.length; i++) {
            if (!Double.isFinite(targets[i])) {
                throw new IllegalArgumentException("target " + i + " is " + targets[i] + "; targets must be finite");
            }
        }
    }
}
