package org.qnnlab.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.qnnlab.sim.Rng;

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
 */
public record Checkpoint(String format, int version, String model, String optimizer, long step, int epoch, int batch,
        double[] theta, Map<String, double[]> optimizerState, long rngState, int[] order, double bestLoss,
        int badEpochs) {

    /** The {@code format} tag. */
    public static final String FORMAT = "qnnlab-checkpoint";
    /** The current format version. */
    public static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    /** Writes this checkpoint to {@code file} atomically (a crash leaves the previous checkpoint intact). */
    public void save(Path file) throws IOException {
        Map<String, double[]> sorted = new TreeMap<>(optimizerState);
        Checkpoint c = new Checkpoint(format, version, model, optimizer, step, epoch, batch, theta, sorted, rngState,
                order, bestLoss, badEpochs);
        AtomicWrite.write(file, JSON.writeValueAsBytes(c));
    }

    /**
     * Reads a checkpoint.
     *
     * @throws IllegalArgumentException naming the file when it is missing, not a qnnlab checkpoint, of another
     *                                  version, or malformed
     */
    public static Checkpoint load(Path file) throws IOException {
        Checkpoint c;
        try {
            c = JSON.readValue(Files.readAllBytes(file), Checkpoint.class);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("checkpoint not found: " + file + " (nothing to resume; run without "
                    + "--resume to start)");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("checkpoint " + file + " is malformed: " + e.getOriginalMessage());
        }
        if (!FORMAT.equals(c.format()) || c.version() != VERSION) {
            throw new IllegalArgumentException("checkpoint " + file + " has format " + c.format() + " v"
                    + c.version() + "; allowed: " + FORMAT + " v" + VERSION);
        }
        if (c.theta() == null || c.order() == null || c.optimizerState() == null) {
            throw new IllegalArgumentException("checkpoint " + file + " is malformed: theta, order and "
                    + "optimizerState are required");
        }
        return c;
    }
}
