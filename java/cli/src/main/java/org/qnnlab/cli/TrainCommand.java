package org.qnnlab.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Boundary;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Encodings;
import org.qnnlab.sim.Gate;
import org.qnnlab.sim.Gates;
import org.qnnlab.sim.Hamiltonians;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.kernel.Kernels;
import org.qnnlab.sim.kernel.StateKernel;
import org.qnnlab.train.OutputDirectory;
import org.qnnlab.train.Parallel;
import org.qnnlab.train.QnnModel;
import org.qnnlab.sim.noise.NoiseModel;
import org.qnnlab.sim.noise.NoisyExpectation;
import org.qnnlab.sim.Rng;
import org.qnnlab.train.Trainer;
import org.qnnlab.train.data.CsvDataset;
import org.qnnlab.train.data.Dataset;
import org.qnnlab.train.data.Datasets;
import org.qnnlab.train.loss.Loss;
import org.qnnlab.train.optim.Optimizer;
import org.qnnlab.train.optim.OptimizerSettings;
import org.qnnlab.train.optim.Schedule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code qnn train CONFIG.yaml --out DIR [--resume]}: builds the model, data and optimizer a YAML config describes
 * ({@link TrainConfig}), trains with {@link Trainer}, and writes metrics, checkpoints and {@code result.json} to DIR.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a QNN described by a YAML config (see examples/*.yaml).",
            "Writes DIR/metrics.csv, DIR/metrics.jsonl, DIR/checkpoint.json and DIR/result.json."})
final class TrainCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CONFIG", description = "The experiment config (YAML).")
    Path config;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Output directory.")
    Path out;

    @Option(names = "--resume", description = "Continue from DIR/checkpoint.json (bit-identical continuation).")
    boolean resume;

    @Option(names = "--json", description = "Print the result as one JSON object (no progress bar).")
    boolean json;

    @Override
    public Integer call() throws IOException {
        TrainConfig cfg = TrainConfig.load(config);
        OutputDirectory.check(out);
        Setup s = build(cfg, config);
        // Everything is checked before the directory is created or locked, and checked again under the lock.
        s.trainer.checkStart(s.train, s.test, s.theta0, out, resume);
        ProgressBar bar = ProgressBar.onTerminal("train", json);
        long t0 = System.nanoTime();
        Trainer.Result r;
        try (OutputDirectory dir = OutputDirectory.open(out, "qnn train " + config)) {
            s.trainer.checkStart(s.train, s.test, s.theta0, out, resume);
            recordConfig(dir, Files.readString(config), resume);
            try {
                r = s.trainer.fitIn(dir, s.train, s.test, s.theta0, resume, (m, total) -> bar.update(m.step(), total,
                        String.format(Locale.ROOT, "loss %.6g", m.loss())));
            } finally {
                bar.finish();
            }
            writeResult(dir, s, r, t0);
        }
        return 0;
    }

    /**
     * Keeps the record of the config: a fresh run writes {@code config.yaml}; a resumed run leaves it as it is and,
     * when its own text differs (only in settings a resume may change, such as the epochs), adds it as
     * {@code config.resume-K.yaml} with the first free K.
     */
    private static void recordConfig(OutputDirectory dir, String text, boolean resume) throws IOException {
        Path first = dir.resolve("config.yaml");
        if (!resume || !Files.exists(first)) {
            AtomicFiles.writeString(first, text);
            return;
        }
        if (Files.readString(first).equals(text)) {
            return;
        }
        int k = 1;
        while (Files.exists(dir.resolve("config.resume-" + k + ".yaml"))) {
            if (Files.readString(dir.resolve("config.resume-" + k + ".yaml")).equals(text)) {
                return;
            }
            k++;
        }
        AtomicFiles.writeString(dir.resolve("config.resume-" + k + ".yaml"), text);
    }

    private void writeResult(OutputDirectory dir, Setup s, Trainer.Result r, long t0) {
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("config", config.toString());
        res.put("kernel", s.kernel.type().id());
        res.put("threads", s.threads);
        res.put("qubits", s.model.numQubits());
        res.put("parameters", s.model.numParameters());
        res.put("features", s.model.numFeatures());
        res.put("observable", s.model.observable().toString());
        res.put("gamma", s.model.gamma());
        res.put("loss", s.loss.name());
        res.put("optimizer", s.optimizer.name());
        res.put("train_samples", s.train.size());
        res.put("test_samples", s.test == null ? 0 : s.test.size());
        res.put("steps", r.steps());
        res.put("train_loss", r.trainLoss());
        res.put("test_loss", Double.isNaN(r.testLoss()) ? null : r.testLoss());
        res.put("stop_reason", r.stopReason());
        res.put("resumed", resume);
        res.put("seconds", seconds);
        res.put("model_fingerprint", s.model.fingerprint());
        res.put("theta", r.theta());
        try {
            AtomicFiles.writeString(dir.resolve("result.json"), Json.MAPPER.writeValueAsString(res));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        if (json) {
            Json.print(res);
        } else {
            System.out.printf(Locale.ROOT, "trained %d parameters on %d qubits, %d steps (%s) in %.2f s%n",
                    s.model.numParameters(), s.model.numQubits(), r.steps(), r.stopReason(), seconds);
            System.out.printf(Locale.ROOT, "%s loss  train %.10g%s%n", s.loss.name(), r.trainLoss(),
                    Double.isNaN(r.testLoss()) ? "" : String.format(Locale.ROOT, "  test %.10g", r.testLoss()));
            System.out.println("results in " + out + " (metrics.csv, metrics.jsonl, checkpoint.json, result.json)");
        }
    }

    /** Everything a run needs, built and validated from the config. */
    record Setup(StateKernel kernel, int threads, QnnModel model, Dataset train, Dataset test, Loss loss,
            Optimizer optimizer, Trainer trainer, double[] theta0) {
    }

    /** Builds the run; every error names the config file and the key. */
    static Setup build(TrainConfig cfg, Path file) {
        TrainConfig.Model m = cfg.model();
        TrainConfig.Data d = cfg.data();
        TrainConfig.Training t = cfg.training();
        if (m.circuit() != null && m.ansatz() != null) {
            throw new IllegalArgumentException(file + ": set either model.ansatz or model.circuit, not both");
        }
        Circuit fileCircuit = m.circuit() == null ? null : at(file, "model.circuit", () -> CircuitFiles.read(
                file.toAbsolutePath().getParent().resolve(m.circuit()), m.qubits(), 1));
        if (m.qubits() == null && fileCircuit == null) {
            throw new IllegalArgumentException(file + ": model.qubits is required (a number of qubits, 1..30) "
                    + "unless model.circuit names a circuit file");
        }
        int n = fileCircuit != null ? fileCircuit.numQubits() : m.qubits();
        long seed = Objects.requireNonNullElse(t.seed(), 0L);
        long dataSeed = Objects.requireNonNullElse(d.seed(), seed);
        String kind = Objects.requireNonNullElse(d.kind(), "none");
        int samples = Objects.requireNonNullElse(d.samples(), 64);
        String ansatz = Objects.requireNonNullElse(m.ansatz(), "hea");
        int layers = Objects.requireNonNullElse(m.layers(), 1);
        Boundary boundary = at(file, "model.boundary", () -> Boundary.parse(Objects.requireNonNullElse(m.boundary(),
                "open")));

        int features = switch (kind) {
            case "none" -> 0;
            case "teacher", "parity" -> Objects.requireNonNullElse(d.features(), n);
            case "two-moons" -> 2;
            case "tfim-phases" -> 1;
            case "csv" -> -1; // from the file
            default -> throw TrainConfig.bad(file, "data.kind", kind,
                    "none, teacher, parity, two-moons, tfim-phases, csv");
        };
        Dataset csv = null;
        if (kind.equals("csv")) {
            if (d.file() == null) {
                throw new IllegalArgumentException(file + ": data.file is required when data.kind is csv");
            }
            Path p = file.toAbsolutePath().getParent().resolve(d.file());
            csv = at(file, "data.file", () -> {
                try {
                    return CsvDataset.load(p, Objects.requireNonNullElse(d.target(), "last"));
                } catch (IOException e) {
                    throw new IllegalArgumentException(e.getMessage());
                }
            });
            features = csv.features();
        }
        int nf = features;
        String encodingName = Objects.requireNonNullElse(m.encoding(), nf == 0 ? "none" : "angle");
        Circuit circuit = at(file, "model", () -> circuit(n, ansatz, fileCircuit, layers, boundary, encodingName,
                m.encodingRotation(), m.encodingScale(), nf, file));
        Observable obs = at(file, m.hamiltonian() != null ? "model.hamiltonian" : "model.observable", () -> {
            if (m.hamiltonian() != null && m.observable() != null) {
                throw new IllegalArgumentException("set either observable or hamiltonian, not both");
            }
            return m.hamiltonian() != null
                    ? Hamiltonians.byName(m.hamiltonian(), n, Objects.requireNonNullElse(m.coupling(), 1.0), boundary)
                    : Observable.parse(Objects.requireNonNullElse(m.observable(), "Z0"));
        });
        List<String> noise = m.noise() == null ? List.of() : List.copyOf(m.noise());
        Circuit modelCircuit = noise.isEmpty() ? circuit : at(file, "model.noise",
                () -> NoisyExpectation.noisyCircuit(circuit, NoiseModel.parse(noise)));
        QnnModel model = at(file, "model", () -> new QnnModel(modelCircuit, obs,
                Objects.requireNonNullElse(m.gamma(), 1.0)));

        int threads = Objects.requireNonNullElse(t.threads(), 0);
        if (threads < 0) {
            throw TrainConfig.bad(file, "training.threads", threads, "0 (all processors) or more");
        }
        threads = threads == 0 ? Parallel.defaultThreads() : threads;
        String kernelName = cfg.kernel();
        // small states: the cores go to samples, not to one state
        int kernelThreads = org.qnnlab.train.ThreadPolicy.forQubits(n, threads).kernelThreads();
        StateKernel kernel = at(file, "kernel", () -> kernelName == null ? Kernels.create(kernelThreads)
                : Kernels.create(KernelType.parse(kernelName), kernelThreads));
        Simulator sim = new Simulator(kernel);

        Rng dataRng = new Rng(dataSeed);
        Dataset all = switch (kind) {
            case "none" -> Datasets.none();
            case "teacher" -> at(file, "data", () -> {
                int tl = Objects.requireNonNullElse(d.teacherLayers(), layers);
                Circuit tc = circuit(n, ansatz, fileCircuit, tl, boundary, encodingName, m.encodingRotation(), m.encodingScale(),
                        nf, file);
                QnnModel teacher = new QnnModel(tc, obs, model.gamma());
                double[] tt = initial("uniform", 2 * Math.PI, tc.numParameters(),
                        new Rng(Objects.requireNonNullElse(d.teacherSeed(), 7L)));
                return Datasets.labelled("teacher", samples, nf, 0, Math.PI, x -> teacher.value(sim, tt, x),
                        dataRng);
            });
            case "parity" -> at(file, "data", () -> Datasets.parity(nf, d.samples() == null ? 0 : samples, dataRng));
            case "two-moons" -> at(file, "data", () -> Datasets.twoMoons(samples,
                    Objects.requireNonNullElse(d.noise(), 0.1), dataRng));
            case "tfim-phases" -> at(file, "data", () -> Datasets.tfimPhases(samples,
                    Objects.requireNonNullElse(d.gMax(), 2.0), dataRng));
            default -> csv;
        };
        double testFraction = Objects.requireNonNullElse(d.testFraction(), 0.0);
        if (!(testFraction >= 0 && testFraction < 1)) {
            throw TrainConfig.bad(file, "data.test_fraction", testFraction, "0 <= f < 1");
        }
        Dataset train = all;
        Dataset test = null;
        if (testFraction > 0) {
            Dataset[] parts = at(file, "data.test_fraction", () -> all.split(1 - testFraction, dataRng));
            train = parts[0];
            test = parts[1];
        }

        String lossName = Objects.requireNonNullElse(t.loss(), kind.equals("none") ? "expectation" : "mse");
        Loss loss = at(file, "training.loss", () -> Loss.byName(lossName));
        String optName = Objects.requireNonNullElse(t.optimizer(), OptimizerSettings.TRAINING_OPTIMIZER);
        Optimizer optimizer = at(file, "training.optimizer", () -> Optimizer.byName(optName));
        double lr = Objects.requireNonNullElse(t.learningRate(), OptimizerSettings.defaultLearningRate(optName));
        if (!(lr > 0 && lr <= OptimizerSettings.MAX_LEARNING_RATE)) {
            throw TrainConfig.bad(file, "training.learning_rate", lr, "0 < learning_rate <= "
                    + OptimizerSettings.MAX_LEARNING_RATE);
        }
        int epochs = Objects.requireNonNullElse(t.epochs(), 100);
        int batch = Objects.requireNonNullElse(t.batchSize(), 0);
        int tpe = train.size();
        int perEpoch = batch <= 0 ? 1 : (tpe + Math.min(batch, tpe) - 1) / Math.min(batch, tpe);
        Schedule schedule = at(file, "training.schedule", () -> Schedule.of(
                Objects.requireNonNullElse(t.schedule(), "constant"), lr,
                Objects.requireNonNullElse(t.scheduleParams(), Map.of()), (int) Math.min(Integer.MAX_VALUE,
                        (long) perEpoch * epochs)));
        int fthreads = threads;
        Trainer.Options opts = at(file, "training", () -> new Trainer.Options(epochs, batch, seed, fthreads,
                Objects.requireNonNullElse(t.checkpointEvery(), 10), Objects.requireNonNullElse(t.patience(), 0),
                Objects.requireNonNullElse(t.minDelta(), 0.0), Objects.requireNonNullElse(t.gradient(), "adjoint"),
                Objects.requireNonNullElse(t.shots(), 0)));
        String init = Objects.requireNonNullElse(t.init(), "uniform");
        double initScale = Objects.requireNonNullElse(t.initScale(), init.equals("normal") ? 0.1 : 2 * Math.PI);
        double[] theta0 = at(file, "training.init", () -> initial(init, initScale, model.numParameters(),
                new Rng(seed ^ 0x5DEECE66DL)));
        Map<String, String> settings = new java.util.TreeMap<>();
        settings.put("model.qubits", Integer.toString(n));
        if (m.circuit() != null) {
            settings.put("model.circuit", m.circuit());
        } else {
            settings.put("model.ansatz", ansatz);
        }
        settings.put("model.layers", Integer.toString(layers));
        settings.put("model.boundary", boundary.toString());
        settings.put("model.encoding", encodingName);
        settings.put("model.encoding_rotation", String.valueOf(m.encodingRotation()));
        settings.put("model.encoding_scale", String.valueOf(m.encodingScale()));
        settings.put("model.observable", obs.toString());
        if (!noise.isEmpty()) {
            settings.put("model.noise", String.join(" ", noise));
        }
        settings.put("model.gamma", Double.toString(model.gamma()));
        settings.put("data.kind", kind);
        settings.put("data.samples", Integer.toString(samples));
        settings.put("data.features", Integer.toString(nf));
        settings.put("data.noise", String.valueOf(d.noise()));
        settings.put("data.g_max", String.valueOf(d.gMax()));
        settings.put("data.file", String.valueOf(d.file()));
        settings.put("data.target", String.valueOf(d.target()));
        settings.put("data.test_fraction", Double.toString(testFraction));
        settings.put("data.teacher_layers", String.valueOf(d.teacherLayers()));
        settings.put("data.teacher_seed", String.valueOf(d.teacherSeed()));
        settings.put("data.seed", Long.toString(dataSeed));
        settings.put("training.learning_rate", Double.toString(lr));
        settings.put("training.schedule", Objects.requireNonNullElse(t.schedule(), "constant"));
        settings.put("training.schedule_params", String.valueOf(new java.util.TreeMap<>(
                Objects.requireNonNullElse(t.scheduleParams(), Map.of()))));
        settings.put("training.init", init);
        settings.put("training.init_scale", Double.toString(initScale));
        Trainer trainer = at(file, "training.shots", () -> new Trainer(sim, model, loss, optimizer, schedule, opts,
                settings));
        return new Setup(kernel, threads, model, train, test, loss, optimizer, trainer, theta0);
    }

    /** The trained circuit's body: the ansatz, or the circuit file repeated {@code layers} times. */
    private static Circuit body(int n, String ansatz, Circuit fileCircuit, int layers, Boundary boundary) {
        return fileCircuit != null ? fileCircuit.repeated(layers) : Ansatz.byName(ansatz, n, layers, boundary);
    }

    private static Circuit circuit(int n, String ansatz, Circuit fileCircuit, int layers, Boundary boundary,
            String encoding,
            String rotation, Double scale, int features, Path file) {
        return switch (encoding) {
            case "none" -> {
                if (features != 0) {
                    throw new IllegalArgumentException("encoding none cannot take data with " + features
                            + " features; use angle or reuploading");
                }
                yield body(n, ansatz, fileCircuit, layers, boundary);
            }
            case "angle" -> {
                Gate g = Gates.byName(Objects.requireNonNullElse(rotation, "ry"));
                if (!List.of("rx", "ry", "rz").contains(g.name())) {
                    throw new IllegalArgumentException("encoding_rotation '" + rotation + "'; allowed: rx, ry, rz");
                }
                Circuit enc = Encodings.angle(new Circuit(n).declareInputs(features), features, g,
                        Objects.requireNonNullElse(scale, 1.0));
                yield new Circuit(n).append(enc).append(body(n, ansatz, fileCircuit, layers, boundary));
            }
            case "reuploading" -> {
                if (fileCircuit != null || !ansatz.equals("hea")) {
                    throw new IllegalArgumentException("encoding reuploading interleaves HEA layers; set ansatz: hea");
                }
                yield Encodings.reuploading(n, layers, features);
            }
            default -> throw new IllegalArgumentException("encoding '" + encoding + "'; allowed: none, angle, "
                    + "reuploading");
        };
    }

    /** Initial parameters: uniform in [0, scale), normal with sd scale, or zeros. */
    static double[] initial(String kind, double scale, int m, Rng rng) {
        if (!(scale >= 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("init_scale " + scale + "; allowed: a finite number >= 0");
        }
        double[] th = new double[m];
        for (int i = 0; i < m; i++) {
            th[i] = switch (kind) {
                case "uniform" -> scale * rng.nextDouble();
                case "normal" -> scale * rng.nextGaussian();
                case "zeros" -> 0;
                default -> throw new IllegalArgumentException("'" + kind + "'; allowed: uniform, normal, zeros");
            };
        }
        return th;
    }

    /** Runs {@code s}, prefixing an {@link IllegalArgumentException}'s message with the file and key. */
    private static <T> T at(Path file, String key, Supplier<T> s) {
        try {
            return s.get();
        } catch (IllegalArgumentException e) {
            String msg = e.getMessage();
            throw new IllegalArgumentException(msg != null && msg.startsWith(file.toString()) ? msg
                    : file + ": " + key + ": " + msg, e);
        }
    }
}
