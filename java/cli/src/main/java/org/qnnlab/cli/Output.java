package org.qnnlab.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where an analysis writes its files: a directory, or nowhere. {@code qnn analyze X} writes to {@code --out DIR}, or
 * to {@code analyze-X/} in the working directory when no {@code --out} is given; with {@code --json} and no
 * {@code --out} it writes no files at all (the answer is on stdout). Every method is a no-op when there is no
 * directory, so commands write the same way in both cases.
 */
final class Output {

    private final Path dir;

    private Output(Path dir) {
        this.dir = dir;
    }

    /**
     * The output of {@code qnn analyze <command>}: {@code out} if given, else none with {@code --json}, else
     * {@code analyze-<command>} in the working directory.
     */
    static Output forAnalysis(String command, Path out, boolean json) {
        if (out != null) {
            return new Output(out);
        }
        return new Output(json ? null : Path.of("analyze-" + command));
    }

    /** An output that writes to {@code dir}, or nowhere if it is null. */
    static Output of(Path dir) {
        return new Output(dir);
    }

    /** Whether files are written. */
    boolean enabled() {
        return dir != null;
    }

    /** The directory, or null when nothing is written. */
    Path dir() {
        return dir;
    }

    /** A CSV written row by row into the directory (a sink that drops rows when there is none). */
    ResultFiles.Csv csv(String name, List<String> header) {
        return dir == null ? ResultFiles.Csv.discarding() : new ResultFiles.Csv(dir.resolve(name), header);
    }

    /** Writes {@code value} as JSON atomically. */
    void json(String name, Map<String, Object> value) {
        if (dir != null) {
            ResultFiles.json(dir.resolve(name), value);
        }
    }

    /** Renders and writes a chart atomically. */
    void plot(String name, String title, String xLabel, String yLabel, List<Plots.Series> series,
            List<Plots.VLine> vlines, boolean logX, boolean logY) {
        if (dir != null) {
            Plots.write(dir.resolve(name), title, xLabel, yLabel, series, vlines, logX, logY);
        }
    }

    /** The line a command prints last: {@code results in DIR (a, b, c)}, or nothing when no files are written. */
    void printFooter(String... names) {
        if (dir != null) {
            System.out.println("results in " + dir + " (" + String.join(", ", names) + ")");
        }
    }
}
