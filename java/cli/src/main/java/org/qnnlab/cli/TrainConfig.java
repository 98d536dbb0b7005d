package org.qnnlab.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

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

    /** The largest config file read (1 MiB): a real config is a few hundred bytes, and parsing is not free. */
    static final long MAX_BYTES = 1 << 20;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION))
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    /** Empty sections behave like sections with every default. */
    TrainConfig {
        model = Objects.requireNonNullElse(model, new Model(null, null, null, null, null, null, null, null, null, null,
                null, null, null));
        data = Objects.requireNonNullElse(data, new Data(null, null, null, null, null, null, null, null, null, null,
                null));
        training = Objects.requireNonNullElse(training, new Training(null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null));
    }

    /**
     * Reads and parses a config file.
     *
     * @throws IllegalArgumentException naming the file, line and key for a missing file, a file over
     *                                  {@value #MAX_BYTES} bytes, an empty one (blank or comments only), bad YAML (with
     *                                  line and column), a duplicate key, an unknown key (listing the allowed ones) or a
     *                                  value of the wrong type
     */
    static TrainConfig load(Path file) {
        String text;
        try {
            if (Files.isDirectory(file)) {
                throw new IllegalArgumentException("config " + file + " is a directory, not a YAML file");
            }
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new IllegalArgumentException(file + ": the config is " + size + " bytes; allowed: at most "
                        + MAX_BYTES + " (1 MiB)");
            }
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("config file not found: " + file);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException(file + ": the config is not UTF-8 text");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config " + file + ": " + e.getMessage());
        }
        checkSyntax(file, text);
        try {
            TrainConfig c = YAML.readValue(text, TrainConfig.class);
            if (c == null) {
                throw new IllegalArgumentException(file + ": the config is empty; it needs at least model.qubits");
            }
            return c;
        } catch (UnrecognizedPropertyException e) {
            String allowed = e.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", "));
            String where = path(e);
            String section = where.contains(".") ? where.substring(0, where.lastIndexOf('.')) : "the top level";
            throw new IllegalArgumentException(file + ":" + line(text, e) + ": unknown key '"
                    + e.getPropertyName().replace("\n", "\\n").replace("\r", "\\r") + "' in " + section + "; allowed: " + allowed);
        } catch (com.fasterxml.jackson.databind.exc.InvalidFormatException e) {
            throw new IllegalArgumentException(file + ":" + line(text, e) + ": " + path(e) + ": '"
                    + String.valueOf(e.getValue()).replace("\n", "\\n").replace("\r", "\\r") + "' is not a valid "
                    + typeName(e.getTargetType()));
        } catch (JsonMappingException e) {
            String where = path(e).isEmpty() ? "the top level" : path(e);
            String shape = shapeMismatch(e);
            if (shape != null) {
                throw new IllegalArgumentException(file + ":" + line(text, e) + ": " + where + ": " + shape);
            }
            throw new IllegalArgumentException(file + ":" + line(text, e) + ": " + where + ": "
                    + oneLine(String.valueOf(e.getOriginalMessage()).replaceAll(" \\(class [^)]*\\)", "")
                            .replaceAll("\\s+at \\[.*", "")));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ":" + line(e.getLocation()) + ": not valid YAML: "
                    + oneLine(e.getOriginalMessage()));
        }
    }

    /**
     * Reads every token once before binding: a syntax error is reported where the parser found it (binding alone
     * would first trip over a value the broken syntax produced), a repeated key is refused, and a file with nothing
     * but comments is called empty.
     */
    private static void checkSyntax(Path file, String text) {
        try (JsonParser p = YAML.getFactory().createParser(text)) {
            if (p.nextToken() == null) {
                throw new IllegalArgumentException(file + ": the config is empty (no keys, only blank lines or "
                        + "comments); it needs at least model.qubits");
            }
            while (p.nextToken() != null) {
                // reading is the check
            }
        } catch (StreamReadException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null ? "?" : loc.getLineNr() + ":" + loc.getColumnNr();
            String msg = e.getOriginalMessage();
            if (msg != null && msg.startsWith("Duplicate field '")) {
                throw new IllegalArgumentException(file + ":" + where + ": duplicate key '"
                        + msg.substring(17, msg.indexOf('\'', 17)) + "'; each key may appear once per section");
            }
            throw new IllegalArgumentException(file + ":" + where + ": not valid YAML: " + oneLine(msg));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not valid YAML: " + oneLine(e.getMessage()));
        }
    }

    /** A parser message on one line: SnakeYAML's multi-line marks (source excerpt, caret) left out. */
    private static String oneLine(String msg) {
        if (msg == null) {
            return "unreadable";
        }
        return java.util.Arrays.stream(msg.split("\\R")).filter(l -> !l.isBlank() && !l.startsWith(" "))
                .map(String::strip).collect(Collectors.joining(": "));
    }

    /** "expected a section of key: value pairs, got a list" for a value of the wrong shape, else null. */
    private static String shapeMismatch(JsonMappingException e) {
        if (!(e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException mi) || mi.getTargetType() == null
                || e.getOriginalMessage() == null) {
            return null;
        }
        String msg = e.getOriginalMessage();
        String got = msg.contains("from Array value") ? "a list" : msg.contains("from Object value") ? "a mapping"
                : msg.contains("from String value") ? "text" : msg.contains("from Boolean value") ? "true/false"
                : null;
        String expected = typeName(mi.getTargetType());
        expected = expected.startsWith("a ") || expected.equals("text") ? expected : "a " + expected;
        return got == null ? null : "expected " + expected + ", got " + got;
    }

    private static String typeName(Class<?> t) {
        if (t == Integer.class || t == int.class || t == Long.class || t == long.class) {
            return "whole number";
        }
        if (t == Double.class || t == double.class) {
            return "number";
        }
        if (t.isRecord()) {
            return "a section of key: value pairs";
        }
        if (t == String.class) {
            return "text";
        }
        if (Map.class.isAssignableFrom(t)) {
            return "a mapping of names to numbers";
        }
        return t.getSimpleName();
    }

    private static String line(JsonLocation loc) {
        return loc == null ? "?" : Integer.toString(loc.getLineNr());
    }

    /**
     * The line of the offending key. Jackson buffers a record's properties before binding them, so the exception's
     * location is where the parser stopped (often a later line); the key's own line is found in the text instead.
     */
    private static String line(String text, JsonMappingException e) {
        List<JsonMappingException.Reference> refs = e.getPath();
        String key = refs.isEmpty() ? null : refs.get(refs.size() - 1).getFieldName();
        if (key != null) {
            java.util.regex.Pattern p = java.util.regex.Pattern.compile("(^|[\\s{,])" +
                    java.util.regex.Pattern.quote(key) + "\\s*:");
            String[] lines = text.split("\\R", -1);
            for (int i = 0; i < lines.length; i++) {
                String l = lines[i].replaceAll("#.*", "");
                if (p.matcher(l).find()) {
                    return Integer.toString(i + 1);
                }
            }
        }
        return line(e.getLocation());
    }

    /** The dotted key path of a mapping error, e.g. {@code training.epochs}. */
    private static String path(JsonMappingException e) {
        List<JsonMappingException.Reference> refs = e.getPath();
        return refs.stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    /** A value check with the file and key in the message. */
    static IllegalArgumentException bad(Path file, String key, Object value, String allowed) {
        return new IllegalArgumentException(file + ": " + key + ": " + (value instanceof String ? "'" + value + "'"
                : value) + " is not allowed; allowed: " + allowed);
    }
}
