package org.qnnlab.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.qnnlab.sim.Rng;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.noise.DensityMatrixSimulator;
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
 * end. The directory has one writer at a time ({@link OutputDirectory}); a resume is checked in full
 * ({@link #checkStart}) before any file in it changes, so a refused resume loses nothing.
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
    private final Map<String, String> settings;

    /** A trainer; the optimizer instance carries the run's state and must not be shared. */
    public Trainer(Simulator sim, QnnModel model, Loss loss, Optimizer optimizer, Schedule schedule, Options options) {
        this(sim, model, loss, optimizer, schedule, options, Map.of());
    }

    /**
     * A trainer whose checkpoints also record {@code settings}: what the caller knows changes the run's results and
     * the trainer cannot see (the learning rate and schedule, how the data and initial parameters were made), as
     * key → value, e.g. {@code training.learning_rate → 0.05}. A resume with other values is refused, naming the
     * keys ({@link #runConfig}).
     */
    public Trainer(Simulator sim, QnnModel model, Loss loss, Optimizer optimizer, Schedule schedule, Options options,
            Map<String, String> settings) {
        if (options.shots() > 0 && model.circuit().hasChannels()) {
            throw new IllegalArgumentException("shots " + options.shots() + " with noise channels in the model; "
                    + "allowed: 0 (noisy expectations are exact, on density matrices)");
        }
        this.sim = sim;
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
        this.schedule = schedule;
        this.options = options;
        this.settings = Map.copyOf(settings);
    }

    /**
     * What a checkpoint records about the run and a resume must match, sorted by key: the caller's settings, the
     * model's fingerprint, loss, optimizer, seed, batch size, gradient method and shots, and a hash of the bits of
     * the training and test data. The number of epochs, threads and checkpoint interval may change on resume.
     */
    public Map<String, String> runConfig(Dataset train, Dataset test) {
        Map<String, String> c = new TreeMap<>(settings);
        c.put("model", model.fingerprint());
        c.put("loss", loss.name());
        c.put("optimizer", optimizer.name());
        c.put("seed", Long.toString(options.seed()));
        c.put("batch_size", Integer.toString(options.batchSize()));
        c.put("gradient", options.gradient());
        c.put("shots", Integer.toString(options.shots()));
        c.put("training_data", dataHash(train));
        c.put("test_data", test == null ? "none" : dataHash(test));
        return c;
    }

    /** Steps per epoch for {@code samples} training samples. */
    public int batchesPerEpoch(int samples) {
        int b = options.batchSize() == 0 ? samples : Math.min(options.batchSize(), samples);
        return (samples + b - 1) / b;
    }

    /**
     * Trains from {@code theta0}, or from {@code outDir/checkpoint.json} when {@code resume}. Everything is validated
     * first; then the directory is {@linkplain OutputDirectory#open opened} (created, locked, stale temporary files
     * removed) for the run's length; then the checkpoint is checked; only then are files written.
     *
     * @param train    training data (its feature count must match the model)
     * @param test     held-out data, or null
     * @param outDir   where metrics and checkpoints go, or null for none (resume needs it)
     * @param listener per-step callback, or null
     * @throws IllegalArgumentException on data that does not fit the model, or a checkpoint that does not fit this
     *                                  run ({@link #checkStart})
     * @throws IllegalStateException    when another run holds {@code outDir}
     * @throws DivergedException        when the loss becomes NaN or infinite
     */
    public Result fit(Dataset train, Dataset test, double[] theta0, Path outDir, boolean resume, Listener listener)
            throws IOException {
        checkInputs(train, test, theta0, outDir, resume);
        if (outDir == null) {
            return run(train, test, theta0, null, null, listener);
        }
        if (resume && !Files.isDirectory(outDir)) {
            throw noCheckpoint(outDir.resolve(CHECKPOINT));
        }
        try (OutputDirectory out = OutputDirectory.open(outDir, "Trainer.fit")) {
            return fitIn(out, train, test, theta0, resume, listener);
        }
    }

    /** {@link #fit(Dataset, Dataset, double[], Path, boolean, Listener)} in a directory the caller has opened. */
    public Result fitIn(OutputDirectory out, Dataset train, Dataset test, double[] theta0, boolean resume,
            Listener listener) throws IOException {
        Checkpoint c = checkStart(train, test, theta0, out.dir(), resume);
        return run(train, test, theta0, out.dir(), c, listener);
    }

    /**
     * Checks, without writing anything, that a run can start in {@code dir}: the data fit the model, θ0 has the
     * model's length, and either (fresh start) {@code dir} holds no checkpoint, or (resume) its checkpoint was
     * written by this run: same {@link #runConfig} (the changed keys are named), a θ of the model's length with
     * finite entries of magnitude at most {@value #MAX_ABS_THETA}, a step, epoch and batch index consistent with
     * each other and this run's batches, an epoch within {@link Options#epochs()}, a permutation as the sample
     * order, and a finite optimizer state.
     *
     * @return the validated checkpoint, or null for a fresh start
     * @throws IllegalArgumentException naming the file and what is wrong
     */
    public Checkpoint checkStart(Dataset train, Dataset test, double[] theta0, Path dir, boolean resume)
            throws IOException {
        checkInputs(train, test, theta0, dir, resume);
        if (dir == null) {
            return null;
        }
        Path file = dir.resolve(CHECKPOINT);
        if (!resume) {
            if (Files.exists(file)) {
                throw new IllegalArgumentException(file + " exists: resume to continue that run (qnn train "
                        + "--resume), or use another output directory");
            }
            return null;
        }
        if (!Files.exists(file)) {
            throw noCheckpoint(file);
        }
        Checkpoint c = Checkpoint.load(file);
        checkCompatible(c, file, train, test);
        return c;
    }

    /** θ entries above this magnitude in a checkpoint are refused: an angle that large has no precision left. */
    public static final double MAX_ABS_THETA = 1e9;

    private static IllegalArgumentException noCheckpoint(Path file) {
        return new IllegalArgumentException("checkpoint not found: " + file + " (nothing to resume; run without "
                + "--resume to start)");
    }

    private void checkInputs(Dataset train, Dataset test, double[] theta0, Path outDir, boolean resume) {
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
    }

    private Result run(Dataset train, Dataset test, double[] theta0, Path outDir, Checkpoint c, Listener listener)
            throws IOException {
        boolean resume = c != null;
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
        Map<String, String> config = runConfig(train, test);
        if (resume) {
            optimizer.restore(c.optimizerState());
            theta = c.theta().clone();
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
                            epoch, b, theta, optimizer.state(), rng.state(), order, best, bad, config).save(ckptFile);
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
                    : model.circuit().hasChannels()
                    ? GradientMethod.byName(options.gradient(), new DensityMatrixSimulator(sim))
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

    private void checkCompatible(Checkpoint c, Path file, Dataset train, Dataset test) {
        String refuse = "; refusing to resume. Use a new output directory, or the original config";
        Map<String, String> now = runConfig(train, test);
        String changed = c.config() == null ? "" : changedKeys(c.config(), now);
        if (!c.model().equals(model.fingerprint())) {
            throw new IllegalArgumentException("checkpoint " + file + " was written by a different model (fingerprint "
                    + c.model() + ", this model " + model.fingerprint() + ")"
                    + (changed.isEmpty() ? "" : "; changed: " + changed) + refuse);
        }
        if (!c.optimizer().equals(optimizer.name())) {
            throw new IllegalArgumentException("checkpoint " + file + " was written with optimizer " + c.optimizer()
                    + ", this run uses " + optimizer.name() + refuse);
        }
        if (!changed.isEmpty()) {
            throw new IllegalArgumentException("checkpoint " + file + " was written with another config; changed: "
                    + changed + refuse);
        }
        int samples = train.size();
        String bad = "checkpoint " + file + " is not a state of this run: ";
        if (c.order().length != samples) {
            throw new IllegalArgumentException("checkpoint " + file + " was written for " + c.order().length
                    + " training samples, this run has " + samples + "; refusing to resume");
        }
        boolean[] seen = new boolean[samples];
        for (int i : c.order()) {
            if (i < 0 || i >= samples || seen[i]) {
                throw new IllegalArgumentException(bad + "order holds " + i + ", not a permutation of 0.."
                        + (samples - 1));
            }
            seen[i] = true;
        }
        if (c.theta().length != model.numParameters()) {
            throw new IllegalArgumentException(bad + "theta has " + c.theta().length + " entries, the model has "
                    + model.numParameters() + " parameters");
        }
        for (int k = 0; k < c.theta().length; k++) {
            double v = c.theta()[k];
            if (!(Math.abs(v) <= MAX_ABS_THETA)) {
                throw new IllegalArgumentException(bad + "theta[" + k + "] = " + v + "; allowed: finite, |θ| <= "
                        + MAX_ABS_THETA);
            }
        }
        int perEpoch = batchesPerEpoch(samples);
        if (c.epoch() < 0 || c.epoch() > options.epochs()) {
            throw new IllegalArgumentException(bad + "epoch " + c.epoch() + "; allowed: 0.." + options.epochs()
                    + " (the run's epochs; raise training epochs to continue a longer run)");
        }
        if (c.batch() < 0 || c.batch() >= perEpoch || (c.epoch() == options.epochs() && c.batch() != 0)) {
            throw new IllegalArgumentException(bad + "batch " + c.batch() + "; allowed: 0.." + (perEpoch - 1)
                    + " (batches per epoch)");
        }
        if (c.step() != (long) c.epoch() * perEpoch + c.batch()) {
            throw new IllegalArgumentException(bad + "step " + c.step() + " does not match epoch " + c.epoch()
                    + " and batch " + c.batch() + " at " + perEpoch + " batches per epoch");
        }
        if (c.badEpochs() < 0 || c.badEpochs() > c.epoch() || Double.isNaN(c.bestLoss())) {
            throw new IllegalArgumentException(bad + "early-stopping state (best loss " + c.bestLoss() + ", "
                    + c.badEpochs() + " epochs without improvement) is impossible at epoch " + c.epoch());
        }
        for (Map.Entry<String, double[]> e : c.optimizerState().entrySet()) {
            if (!allFinite(e.getValue())) {
                throw new IllegalArgumentException(bad + "optimizer state '" + e.getKey() + "' is not finite");
            }
        }
    }

    /** {@code key (old → new)} for every key whose value differs, comma-separated; empty when none. */
    static String changedKeys(Map<String, String> before, Map<String, String> now) {
        Set<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(now.keySet());
        List<String> changed = new ArrayList<>();
        for (String k : keys) {
            String a = before.get(k);
            String b = now.get(k);
            if (!Objects.equals(a, b)) {
                changed.add(k + " (" + shorten(a) + " → " + shorten(b) + ")");
            }
        }
        return String.join(", ", changed);
    }

    private static String shorten(String v) {
        if (v == null) {
            return "unset";
        }
        return v.length() <= 40 ? v : v.substring(0, 37) + "...";
    }

    /** A hash of a dataset's bits (name, features, every x and y), to notice other data on resume. */
    private static String dataHash(Dataset d) {
        long h = 0xcbf29ce484222325L;
        h = mix(h, d.features());
        h = mix(h, d.size());
        for (double[] row : d.x()) {
            for (double v : row) {
                h = mix(h, Double.doubleToLongBits(v));
            }
        }
        for (double v : d.y()) {
            h = mix(h, Double.doubleToLongBits(v));
        }
        return String.format("%016x", h);
    }

    private static long mix(long h, long v) {
        h ^= v;
        h *= 0x100000001b3L;
        return h ^ (h >>> 29);
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
