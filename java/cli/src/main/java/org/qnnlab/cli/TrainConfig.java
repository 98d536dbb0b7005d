package org.qnnlab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The YAML file of {@code qnn train}: what to build (model), what to train on (data) and how (training). Unknown keys,
 * wrong types and impossible values fail with the file, the line, the key and what is allowed. Every key has a
 * default except {@code model.qubits}; see {@code examples/*.yaml} and the README for the whole schema.
 *
 * @param kernel   scalar, vector or eigen (default: fastest usable)
 * @param model    the circuit and observable
 * @param data     the dataset
 * @param training optimizer, loss and loop settings
 */
record TrainConfig(String kernel, Model model, Data data, Training training) {

    /**
     * The model {@code f(x; θ) = γ·<O>}.
     *
     * @param qubits           number of qubits (required with an ansatz; with a circuit file, its count)
     * @param ansatz           hea, hva-tfim or hva-xxz (default hea)
     * @param circuit          an OpenQASM 2 or 3 file instead of the ansatz (relative to the config file), repeated
     *                         {@code layers} times with fresh parameters per repetition
     * @param layers           ansatz layers (default 1)
     * @param boundary         open or periodic (default open)
     * @param encoding         none, angle or reuploading (default: angle when the data has features, else none)
     * @param encodingRotation rx, ry or rz for the angle encoding (default ry)
     * @param encodingScale    angle = scale·x (default 1)
     * @param observable       a Pauli sum such as {@code "Z0*Z1 + 0.5*X2"} (default Z0 unless hamiltonian is set)
     * @param hamiltonian      tfim or xxz: the chain Hamiltonian as the observable, with {@code coupling}
     * @param coupling         g for tfim, Δ for xxz (default 1)
     * @param gamma            the measurement range γ (default 1)
     * @param noise            noise rules ({@code NoiseModel.parse} syntax, e.g. {@code depolarizing:0.01}): the
     *                         model runs on density matrices (default none)
     */
    record Model(Integer qubits, String ansatz, String circuit, Integer layers, String boundary, String encoding,
            String encodingRotation, Double encodingScale, String observable, String hamiltonian, Double coupling,
            Double gamma, java.util.List<String> noise) {
    }

    /**
     * The dataset.
     *
     * @param kind          none (VQE), teacher, parity, two-moons, tfim-phases or csv (default none)
     * @param samples       number of samples for generated data (default 64)
     * @param features      teacher: input features (default: qubits)
     * @param noise         two-moons: Gaussian noise (default 0.1)
     * @param gMax          tfim-phases: largest field (default 2)
     * @param file          csv: path, relative to the config file
     * @param target        csv: target column name, index or "last" (default last)
     * @param testFraction  share held out as the test set, 0 ≤ f &lt; 1 (default 0)
     * @param teacherLayers teacher: layers of the teacher model, same ansatz and encoding (default: model layers)
     * @param teacherSeed   teacher: seed of the teacher's parameters (default 7)
     * @param seed          data seed (default: training seed)
     */
    record Data(String kind, Integer samples, Integer features, Double noise, Double gMax, String file, String target,
            Double testFraction, Integer teacherLayers, Long teacherSeed, Long seed) {
    }

    /**
     * How to train.
     *
     * @param loss            mse, bce, hinge or expectation (default: expectation without data, else mse)
     * @param optimizer       sgd, momentum, adam or lbfgs (default
     *                        {@value org.qnnlab.train.optim.OptimizerSettings#TRAINING_OPTIMIZER}, from
     *                        {@link org.qnnlab.train.optim.OptimizerSettings})
     * @param learningRate    (default: {@link org.qnnlab.train.optim.OptimizerSettings#defaultLearningRate}, 0.05;
     *                        1 for lbfgs)
     * @param schedule        constant, step, exponential or cosine (default constant)
     * @param scheduleParams  every, factor (step); decay (exponential); min_lr (cosine); warmup (any)
     * @param epochs          passes over the data (default 100)
     * @param batchSize       0 = full batch (default 0)
     * @param seed            seeds initialization, sample order and shot noise (default 0)
     * @param init            uniform (in [0, init_scale)), normal (sd init_scale) or zeros (default uniform)
     * @param initScale       default 2π for uniform, 0.1 for normal
     * @param gradient        adjoint, shift or fd (default adjoint)
     * @param shots           shots for shift (default 0 = exact)
     * @param threads         sample-parallel threads (default: processors)
     * @param checkpointEvery steps between checkpoints (default 10)
     * @param patience        early stopping patience in epochs, 0 = off (default 0)
     * @param minDelta        improvement that resets the patience (default 0)
     */
    record Training(String loss, String optimizer, Double learningRate, String schedule,
            Map<String, Double> scheduleParams, Integer epochs, Integer batchSize, Long seed, String init,
            Double initScale, String gradient, Integer shots, Integer threads, Integer checkpointEvery,
            Integer patience, Double minDelta) {
    }

    /** Empty sections behave like sections with every default. */
    TrainConfig {
        model = Objects.requireNonNullElse(model, new Model(null, null, null, null, null, null, null, null, null, null,
                null, null, null));
        data = Objects.requireNonNullElse(data, new Data(null, null, null, null, null, null, null, null, null, null,
                null));
        training = Objects.requireNonNullElse(training, new Training(null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null));
    }

    /** The largest config file read (1 MiB): a real config is a few hundred bytes, and parsing is not free. */
    static final long MAX_BYTES = YamlFiles.MAX_BYTES;

    /**
     * Reads and parses a config file ({@link YamlFiles#load}).
     *
     * @throws IllegalArgumentException naming the file, line and key for a missing file, a file over
     *                                  {@value #MAX_BYTES} bytes, an empty one (blank or comments only), bad YAML (with
     *                                  line and column), a duplicate key, an unknown key (listing the allowed ones) or a
     *                                  value of the wrong type
     */
    static TrainConfig load(Path file) {
        return YamlFiles.load(file, TrainConfig.class, "config", "it needs at least model.qubits");
    }

    /** A value check with the file and key in the message. */
    static IllegalArgumentException bad(Path file, String key, Object value, String allowed) {
        return new IllegalArgumentException(file + ": " + key + ": " + (value instanceof String ? "'" + value + "'"
                : value) + " is not allowed; allowed: " + allowed);
    }
}
