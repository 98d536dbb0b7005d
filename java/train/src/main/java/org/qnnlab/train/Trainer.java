package org.qnnlab.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.qnnlab.sim.Rng;
import org.qnnlab.sim.Simulator;
import org.qnnlab.train.data.Dataset;
import org.qnnlab.train.loss.Loss;
import org.qnnlab.train.optim.Optimizer;
import org.qnnlab.train.optim.Schedule;

/**
 * Trains a {@link QnnModel}: full-batch or mini-batch steps of an {@link Optimizer} on a {@link Loss}, with per-step
 * metrics, atomic checkpoints, resume, early stopping and a divergence guard.
 *
 * <p><b>Reproducibility.</b> All randomness (the epochs' sample orders) comes from one {@link Rng} seeded with
 * {@link Options#seed()}; batch gradients are reduced in sample order whatever the thread count; so a seed gives
 * bit-identical runs, and a run resumed from any checkpoint continues bit-identically to the uninterrupted one.
 *
 * <p><b>Gradients.</b> {@code dL/dθ = Σ_i (dL/df_i)·∇f(x_i)} with ∇f from adjoint differentiation per sample (default),
 * parameter shift (optionally with shots) or finite differences; samples run in parallel ({@link Parallel}).
 *
 * <p><b>Files</b> (when an output directory is given): {@code metrics.csv}, {@code metrics.jsonl} ({@link MetricsLog})
 * and {@code checkpoint.json} ({@link Checkpoint}), written every {@link Options#checkpointEvery()} steps and at the
 * end.
 */
public final class Trainer {

    /** The checkpoint's file name in the output directory. */
    public static final String CHECKPOINT = "checkpoint.json";

    /**
     * How to train.
     *
     * @param epochs          passes over the training data (≥ 1)
     * @param batchSize       samples per step; 0 = full batch
     * @param seed            seeds the sample order (and shot noise)
     * @param threads         sample-parallel workers (≥ 1)
     * @param checkpointEvery steps between checkpoints (≥ 1)
     * @param patience        stop after this many epochs without an improvement of the training loss by more than
     *                        {@code minDelta}; 0 = never stop early
     * @param minDelta        the improvement that counts (≥ 0)
     * @param gradient        {@code adjoint}, {@code shift} or {@code fd}
     * @param shots           shots per expectation for {@code shift}; 0 = exact
     */
    public record Options(int epochs, int batchSize, long seed, int threads, int checkpointEvery, int patience,
            double minDelta, String gradient, int shots) {

        /** Validates every field; messages name the field, the value and what is allowed. */
        public Options {
            require(epochs >= 1, "epochs", epochs, "1 or more");
            require(batchSize >= 0, "batch_size", batchSize, "0 (full batch) or more");
            require(threads >= 1, "threads", threads, "1 or more");
            require(checkpointEvery >= 1, "checkpoint_every", checkpointEvery, "1 or more");
            require(patience >= 0, "patience", patience, "0 (off) or more");
            require(minDelta >= 0 && Double.isFinite(minDelta), "min_delta", minDelta, "a finite number >= 0");
            require(List.of("adjoint", "shift", "fd").contains(gradient), "gradient", gradient,
                    "adjoint, shift, fd");
            require(shots >= 0, "shots", shots, "0 (exact) or more");
            require(shots == 0 || gradient.equals("shift"), "shots", shots, "0 unless gradient is shift");
        }

        /** Full-batch defaults: seed 0, all processors, a checkpoint every 10 steps, no early stopping, adjoint. */
        public static Options defaults(int epochs) {
            return new Options(epochs, 0, 0, Parallel.defaultThreads(), 10, 0, 0, "adjoint", 0);
        }

        private static void require(boolean ok, String name, Object value, String allowed) {
            if (!ok) {
                throw new IllegalArgumentException(name + " " + value + " out of range; allowed: " + allowed);
            }
        }
    }

    /**
     * One step's metrics.
     *
     * @param step         steps completed (1-based)
     * @param epoch        the epoch this step belonged to (0-based)
     * @param loss         the batch loss at the parameters before the step
     * @param gradNorm     Euclidean norm of that batch gradient
     * @param learningRate the rate the step used
     * @param seconds      wall time since the run (or the resume) started
     * @param trainLoss    after the last step of an epoch: the loss on the whole training set; NaN otherwise
     * @param testLoss     the same on the test set, when there is one
     */
    public record StepMetrics(long step, int epoch, double loss, double gradNorm, double learningRate, double seconds,
            double trainLoss, double testLoss) {
    }

    /**
     * The outcome.
     *
     * @param theta      final parameters
     * @param steps      steps completed in total (including those before a resume)
     * @param trainLoss  loss on the whole training set at θ
     * @param testLoss   loss on the test set at θ, NaN without one
     * @param stopReason {@code completed} or {@code early stopping}
     */
    public record Result(double[] theta, long steps, double trainLoss, double testLoss, String stopReason) {
    }

    /** Called after every step (e.g. by a progress bar). */
    @FunctionalInterface
    public interface Listener {
        /** {@code m} has just been logged; {@code totalSteps} is the planned total. */
        void onStep(StepMetrics m, long totalSteps);
    }

    /** Thrown when the loss or the parameters stop being finite; the last good checkpoint is kept. */
    public static final class DivergedException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        DivergedException(String message) {
            super(message);
        }
    }

    private final Simulator sim;
    private final QnnModel model;
    private final Loss loss;
    private final Optimizer optimizer;
    private final Schedule schedule;
    private final Options options;

    /** A trainer; the optimizer instance carries the run's state and must not be shared. */
    public Trainer(Simulator sim, QnnModel model, Loss loss, Optimizer optimizer, Schedule schedule, Options options) {
        this.sim = sim;
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
        this.schedule = schedule;
        this.options = options;
    }

    /** Steps per epoch for {@code samples} training samples. */
    public int batchesPerEpoch(int samples) {
        int b = options.batchSize() == 0 ? samples : Math.min(options.batchSize(), samples);
        return (samples + b - 1) / b;
    }

    /**
     * Trains from {@code theta0}, or from {@code outDir/checkpoint.json} when {@code resume}.
     *
     * @param train    training data (its feature count must match the model)
     * @param test     held-out data, or null
     * @param outDir   where metrics and checkpoints go, or null for none (resume needs it)
     * @param listener per-step callback, or null
     * @throws IllegalArgumentException on data that does not fit the model, or a checkpoint of another model or
     *                                  optimizer
     * @throws DivergedException        when the loss becomes NaN or infinite
     */
    public Result fit(Dataset train, Dataset test, double[] theta0, Path outDir, boolean resume, Listener listener)
            throws IOException {
        checkData(train, "training");
        if (test != null) {
            checkData(test, "test");
        }
        if (theta0.length != model.numParameters()) {
            throw new IllegalArgumentException("initial parameters have length " + theta0.length + "; the model has "
                    + model.numParameters());
        }
        if (resume && outDir == null) {
            throw new IllegalArgumentException("resume needs the output directory that holds " + CHECKPOINT);
        }
        int n = train.size();
        int batch = options.batchSize() == 0 ? n : Math.min(options.batchSize(), n);
        int perEpoch = batchesPerEpoch(n);
        long total = (long) perEpoch * options.epochs();

        Rng rng = new Rng(options.seed());
        double[] theta = theta0.clone();
        long step = 0;
        int epoch = 0;
        int b = 0;
        int[] order = nextOrder(rng, n);
        double best = Double.POSITIVE_INFINITY;
        int bad = 0;
        Path ckptFile = outDir == null ? null : outDir.resolve(CHECKPOINT);
        if (resume) {
            Checkpoint c = Checkpoint.load(ckptFile);
            checkCompatible(c, ckptFile, n);
            theta = c.theta().clone();
            optimizer.restore(c.optimizerState());
            rng.setState(c.rngState());
            step = c.step();
            epoch = c.epoch();
            b = c.batch();
            order = c.order().clone();
            best = c.bestLoss();
            bad = c.badEpochs();
        }
        double[][] trainX = train.x(); // the record hands out copies: take them once
        double[] trainY = train.y();
        String stop = "completed";
        long lastCheckpoint = resume ? step : -1;
        double endTrainLoss = Double.NaN;
        double endTestLoss = Double.NaN;
        long start = System.nanoTime();
        try (MetricsLog log = outDir == null ? null : MetricsLog.open(outDir, resume, step)) {
            while (epoch < options.epochs() && !(options.patience() > 0 && bad >= options.patience())) {
                int lo = b * batch;
                int hi = Math.min(n, lo + batch);
                int[] idx = Arrays.copyOfRange(order, lo, hi);
                double[][] xs = new double[idx.length][];
                double[] ys = new double[idx.length];
                for (int i = 0; i < idx.length; i++) {
                    xs[i] = trainX[idx[i]];
                    ys[i] = trainY[idx[i]];
                }
                double lr = schedule.rate((int) Math.min(step, Integer.MAX_VALUE));
                double[][] first = new double[1][]; // the gradient at the step's θ (L-BFGS evaluates more points)
                long stepNo = step;
                double l = optimizer.step(theta, (th, g) -> {
                    double v = batchLossAndGradient(th, xs, ys, g, stepNo);
                    if (first[0] == null) {
                        first[0] = g.clone();
                    }
                    return v;
                }, lr);
                step++;
                b++;
                boolean epochEnd = b == perEpoch;
                double trainLoss = Double.NaN;
                double testLoss = Double.NaN;
                int stepEpoch = epoch;
                if (epochEnd) {
                    trainLoss = loss(theta, train);
                    testLoss = test == null ? Double.NaN : loss(theta, test);
                    endTrainLoss = trainLoss;
                    endTestLoss = testLoss;
                }
                StepMetrics m = new StepMetrics(step, stepEpoch, l, norm(first[0]), lr,
                        (System.nanoTime() - start) / 1e9, trainLoss, testLoss);
                if (log != null) {
                    log.append(m);
                }
                if (!Double.isFinite(l) || !allFinite(theta) || (epochEnd && !Double.isFinite(trainLoss))) {
                    throw new DivergedException("loss became " + (Double.isFinite(l) ? trainLoss : l) + " at step "
                            + step + " (epoch " + stepEpoch + "); training stopped"
                            + (lastCheckpoint >= 0 ? "; the last good checkpoint (step " + lastCheckpoint + ") is "
                                    + ckptFile : "; no checkpoint was written yet")
                            + ". Try a smaller learning rate");
                }
                if (epochEnd) {
                    epoch++;
                    b = 0;
                    order = nextOrder(rng, n);
                    if (trainLoss < best - options.minDelta()) {
                        best = trainLoss;
                        bad = 0;
                    } else {
                        bad++;
                    }
                    if (options.patience() > 0 && bad >= options.patience() && epoch < options.epochs()) {
                        stop = "early stopping";
                    }
                }
                if (listener != null) {
                    listener.onStep(m, total);
                }
                boolean last = epoch >= options.epochs() || stop.equals("early stopping");
                if (ckptFile != null && (step % options.checkpointEvery() == 0 || last)) {
                    new Checkpoint(Checkpoint.FORMAT, Checkpoint.VERSION, model.fingerprint(), optimizer.name(), step,
                            epoch, b, theta, optimizer.state(), rng.state(), order, best, bad).save(ckptFile);
                    lastCheckpoint = step;
                }
            }
        }
        // A run ends at an epoch end, whose losses are known; only a resume of a finished run has none yet.
        double trainLoss = Double.isNaN(endTrainLoss) ? loss(theta, train) : endTrainLoss;
        double testLoss = test == null ? Double.NaN : Double.isNaN(endTestLoss) ? loss(theta, test) : endTestLoss;
        return new Result(theta, step, trainLoss, testLoss, stop);
    }

    /** The loss over a whole dataset at θ (forward passes only). */
    public double loss(double[] theta, Dataset data) {
        double[] f = model.values(sim, theta, data.x(), options.threads());
        return loss.value(f, data.y());
    }

    /** Batch loss; writes {@code Σ_i (dL/df_i) ∇f(x_i)} into {@code grad}. */
    private double batchLossAndGradient(double[] theta, double[][] xs, double[] ys, double[] grad, long step) {
        Jacobian j = jacobian(theta, xs, step);
        double value = loss.value(j.values(), ys);
        double[] d = loss.derivative(j.values(), ys);
        Arrays.fill(grad, 0);
        for (int i = 0; i < d.length; i++) { // sample order: the same sums for any thread count
            double[] row = j.rows()[i];
            for (int k = 0; k < grad.length; k++) {
                grad[k] += d[i] * row[k];
            }
        }
        return value;
    }

    private Jacobian jacobian(double[] theta, double[][] xs, long step) {
        if (options.gradient().equals("adjoint")) {
            return model.jacobian(sim, theta, xs, options.threads());
        }
        double[] values = new double[xs.length];
        double[][] rows = new double[xs.length][];
        Parallel.forEach(xs.length, options.threads(), i -> {
            GradientMethod method = options.shots() > 0
                    ? new ParameterShiftGradient(sim, options.shots(), options.seed() ^ (step * 1_000_003L + i))
                    : GradientMethod.byName(options.gradient(), sim);
            Gradient g = method.gradient(model.circuit(), theta, xs[i], model.scaledObservable());
            values[i] = g.value();
            rows[i] = g.gradient();
        });
        return new Jacobian(values, rows);
    }

    private int[] nextOrder(Rng rng, int n) {
        if (options.batchSize() == 0 || options.batchSize() >= n) {
            int[] id = new int[n];
            Arrays.setAll(id, i -> i);
            return id; // full batch: the order does not matter, and no draw keeps the RNG stream for other uses
        }
        return rng.permutation(n);
    }

    private void checkCompatible(Checkpoint c, Path file, int samples) {
        if (!c.model().equals(model.fingerprint())) {
            throw new IllegalArgumentException("checkpoint " + file + " was written by a different model (fingerprint "
                    + c.model() + ", this model " + model.fingerprint() + "); refusing to resume. Use a new --out "
                    + "directory or the original config");
        }
        if (!c.optimizer().equals(optimizer.name())) {
            throw new IllegalArgumentException("checkpoint " + file + " was written with optimizer " + c.optimizer()
                    + ", this run uses " + optimizer.name() + "; refusing to resume");
        }
        if (c.order().length != samples) {
            throw new IllegalArgumentException("checkpoint " + file + " was written for " + c.order().length
                    + " training samples, this run has " + samples + "; refusing to resume");
        }
    }

    private void checkData(Dataset d, String what) {
        if (d.features() != model.numFeatures()) {
            throw new IllegalArgumentException(what + " data '" + d.name() + "' has " + d.features()
                    + " features; the model's encoding takes " + model.numFeatures());
        }
    }

    private static double norm(double[] g) {
        double s = 0;
        for (double v : g) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    private static boolean allFinite(double[] v) {
        for (double d : v) {
            if (!Double.isFinite(d)) {
                return false;
            }
        }
        return true;
    }
}
