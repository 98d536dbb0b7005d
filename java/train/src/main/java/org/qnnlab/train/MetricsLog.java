package org.qnnlab.train;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.qnnlab.sim.io.AtomicWrite;

/**
 * Per-step training metrics as {@code metrics.csv} and {@code metrics.jsonl} (one JSON object per line), flushed after
 * every step so a crashed run keeps its history. Values that do not apply to a step (the epoch losses between epoch
 * ends) are empty in CSV and {@code null} in JSON. On resume, rows after the checkpoint's step are dropped first, so
 * the files read as if the run had never stopped.
 */
public final class MetricsLog implements Closeable {

    /** CSV header; the JSON keys are the same names. */
    public static final List<String> COLUMNS = List.of("step", "epoch", "loss", "grad_norm", "learning_rate",
            "seconds", "train_loss", "test_loss");

    private final Path dir;
    private final boolean resume;
    private final long keepThroughStep;
    private BufferedWriter csv; // null until the first row
    private BufferedWriter jsonl;

    private MetricsLog(Path dir, boolean resume, long keepThroughStep) {
        this.dir = dir;
        this.resume = resume;
        this.keepThroughStep = keepThroughStep;
    }

    /**
     * The logs in {@code dir}: fresh files, or (resume) the existing ones cut back to {@code keepThroughStep}. Nothing
     * is touched until the first {@link #append}, so a run that fails before its first step (a refused resume, a
     * bad optimizer state) leaves the earlier files as they were.
     */
    public static MetricsLog open(Path dir, boolean resume, long keepThroughStep) {
        return new MetricsLog(dir, resume, keepThroughStep);
    }

    private void start() throws IOException {
        Files.createDirectories(dir);
        Path csvFile = dir.resolve("metrics.csv");
        Path jsonFile = dir.resolve("metrics.jsonl");
        if (resume) {
            truncate(csvFile, true, keepThroughStep);
            truncate(jsonFile, false, keepThroughStep);
        }
        boolean header = !resume || !Files.exists(csvFile) || Files.size(csvFile) == 0;
        csv = Files.newBufferedWriter(csvFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                resume ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        jsonl = Files.newBufferedWriter(jsonFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                resume ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        if (header) {
            csv.write(String.join(",", COLUMNS));
            csv.newLine();
            csv.flush();
        }
    }

    /** Appends one step's row to both files and flushes. */
    public void append(Trainer.StepMetrics m) throws IOException {
        if (csv == null) {
            start();
        }
        double[] v = {m.loss(), m.gradNorm(), m.learningRate(), m.seconds(), m.trainLoss(), m.testLoss()};
        StringBuilder c = new StringBuilder().append(m.step()).append(',').append(m.epoch());
        StringBuilder j = new StringBuilder("{\"step\":").append(m.step()).append(",\"epoch\":").append(m.epoch());
        for (int i = 0; i < v.length; i++) {
            c.append(',').append(Double.isNaN(v[i]) && i >= 4 ? "" : number(v[i]));
            j.append(",\"").append(COLUMNS.get(i + 2)).append("\":")
                    .append(Double.isFinite(v[i]) ? number(v[i]) : (Double.isNaN(v[i]) && i >= 4 ? "null"
                            : "\"" + v[i] + "\""));
        }
        csv.write(c.toString());
        csv.newLine();
        csv.flush();
        jsonl.write(j.append('}').toString());
        jsonl.newLine();
        jsonl.flush();
    }

    /** Shortest round-trip decimal form (valid JSON for finite values). */
    private static String number(double d) {
        return Double.toString(d);
    }

    /** Keeps the header (CSV) and the rows whose step is at most {@code keep}. */
    private static void truncate(Path file, boolean hasHeader, long keep) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (hasHeader && i == 0) {
                kept.add(line);
                continue;
            }
            if (!line.isBlank() && stepOf(line, hasHeader) <= keep) {
                kept.add(line);
            }
        }
        AtomicWrite.write(file, (String.join("\n", kept) + (kept.isEmpty() ? "" : "\n"))
                .getBytes(StandardCharsets.UTF_8));
    }

    private static long stepOf(String line, boolean csvLine) {
        try {
            if (csvLine) {
                return Long.parseLong(line.substring(0, line.indexOf(',')));
            }
            int s = line.indexOf("\"step\":") + 7;
            int e = line.indexOf(',', s);
            return Long.parseLong(line.substring(s, e));
        } catch (RuntimeException e) {
            return Long.MAX_VALUE; // a torn last line from a crash: drop it
        }
    }

    @Override
    public void close() throws IOException {
        if (csv == null) {
            return;
        }
        try {
            csv.close();
        } finally {
            jsonl.close();
        }
    }
}
