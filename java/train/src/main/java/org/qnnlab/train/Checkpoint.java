package org.qnnlab.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.qnnlab.sim.Rng;
import org.qnnlab.sim.io.AtomicWrite;

/**
 * Everything a training run needs to continue exactly where it stopped: parameters, optimizer state, the step and
 * position in the epoch, the epoch's sample order, the RNG state and the early-stopping counters. Stored as JSON
 * (doubles written in shortest round-trip form, so a reload is bit-exact) and written atomically.
 *
 * @param format          always {@value #FORMAT}
 * @param version         the format version, {@value #VERSION}
 * @param model           {@link QnnModel#fingerprint()} of the model that wrote it
 * @param optimizer       the optimizer's name
 * @param step            optimizer steps completed
 * @param epoch           the epoch the next step belongs to (0-based)
 * @param batch           the next batch's index within that epoch
 * @param theta           parameters after {@code step} steps
 * @param optimizerState  {@code Optimizer.state()}
 * @param rngState        {@link Rng#state()}
 * @param order           the current epoch's sample order
 * @param bestLoss        the best epoch loss so far (early stopping)
 * @param badEpochs       epochs since it improved
 * @param config          the run's settings that change its results ({@link Trainer#runConfig}); null in version 1
 *                        checkpoints, which predate it
 */
public record Checkpoint(String format, int version, String model, String optimizer, long step, int epoch, int batch,
        double[] theta, Map<String, double[]> optimizerState, long rngState, int[] order, double bestLoss,
        int badEpochs, Map<String, String> config) {

    /** The {@code format} tag. */
    public static final String FORMAT = "qnnlab-checkpoint";
    /** The current format version. */
    public static final int VERSION = 2;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Writes this checkpoint to {@code file} atomically (a crash leaves the previous checkpoint intact). */
    public void save(Path file) throws IOException {
        Map<String, double[]> sorted = new TreeMap<>(optimizerState);
        Checkpoint c = new Checkpoint(format, version, model, optimizer, step, epoch, batch, theta, sorted, rngState,
                order, bestLoss, badEpochs, config == null ? null : new TreeMap<>(config));
        AtomicWrite.write(file, JSON.writeValueAsBytes(c));
    }

    /**
     * Reads a checkpoint.
     *
     * @throws IllegalArgumentException naming the file when it is missing, not a qnnlab checkpoint, of another
     *                                  version, or malformed (values are checked against a run by
     *                                  {@link Trainer#checkStart})
     */
    public static Checkpoint load(Path file) throws IOException {
        Checkpoint c;
        try {
            JsonNode tree = JSON.readTree(Files.readAllBytes(file));
            if (tree instanceof ObjectNode o && o.path("version").asInt() == 1 && !o.has("config")) {
                o.putNull("config"); // version 1 had no config
            }
            c = JSON.treeToValue(tree, Checkpoint.class);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("checkpoint not found: " + file + " (nothing to resume; run without "
                    + "--resume to start)");
        } catch (JsonProcessingException e) {
            // also numbers out of a field's range (an epoch of 1e12), which Jackson refuses while binding
            throw new IllegalArgumentException("checkpoint " + file + " is malformed: " + e.getOriginalMessage());
        }
        if (c == null) {
            throw new IllegalArgumentException("checkpoint " + file + " is empty");
        }
        if (!FORMAT.equals(c.format()) || c.version() < 1 || c.version() > VERSION) {
            throw new IllegalArgumentException("checkpoint " + file + " has format " + c.format() + " v"
                    + c.version() + "; allowed: " + FORMAT + " v1.." + VERSION);
        }
        if (c.model() == null || c.optimizer() == null || c.theta() == null || c.order() == null
                || c.optimizerState() == null || c.optimizerState().containsValue(null)
                || (c.version() >= 2 && c.config() == null)) {
            throw new IllegalArgumentException("checkpoint " + file + " is malformed: model, optimizer, theta, order, "
                    + "optimizerState" + (c.version() >= 2 ? " and config" : "") + " are required");
        }
        return c;
    }
}
