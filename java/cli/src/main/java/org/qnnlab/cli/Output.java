package org.qnnlab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.qnnlab.sim.io.Npy;
import org.qnnlab.train.OutputDirectory;

/**
 * Where an analysis writes its files: a directory, or nowhere. {@code qnn analyze X} writes to {@code --out DIR}, or
 * to {@code analyze-X/} in the working directory when no {@code --out} is given; with {@code --json} and no
 * {@code --out} it writes no files at all (the answer is on stdout). Every method is a no-op when there is no
 * directory, so commands write the same way in both cases.
 *
 * <p>The path is {@linkplain OutputDirectory#check checked} when the output is made, at the start of a command, so a
 * file in the way, an unwritable parent or a too-long name fail in one line before any work. The directory is
 * {@linkplain OutputDirectory#open opened} (created, locked against a second run, stale temporary files removed) at
 * the first file written, which commands do after validating all their options: a run refused by validation leaves
 * no empty folder and no earlier file changed. The lock is held until the command ends ({@link #releaseAll}).
 */
final class Output {

    /** Directories opened by the running command; {@link Main#run} releases them when it ends. */
    private static final List<OutputDirectory> HELD = new ArrayList<>();

    private final Path dir;
    private final String owner;
    private OutputDirectory opened;

    private Output(Path dir, String owner) {
        if (dir != null) {
            OutputDirectory.check(dir);
        }
        this.dir = dir;
        this.owner = owner;
    }

    /**
     * The output of {@code qnn analyze <command>}: {@code out} if given, else none with {@code --json}, else
     * {@code analyze-<command>} in the working directory.
     */
    static Output forAnalysis(String command, Path out, boolean json) {
        String owner = "qnn analyze " + command;
        if (out != null) {
            return new Output(out, owner);
        }
        return new Output(json ? null : Path.of("analyze-" + command), owner);
    }

    /** An output that writes to {@code dir}, or nowhere if it is null. */
    static Output of(Path dir) {
        return new Output(dir, "qnn");
    }

    /** The output of another command ({@code owner}, e.g. {@code qnn demo}), in {@code dir}. */
    static Output of(Path dir, String owner) {
        return new Output(dir, owner);
    }

    /**
     * Creates and locks the directory now (a no-op when already open or when nothing is written).
     *
     * @throws IllegalStateException naming the other run when one holds the directory
     */
    void open() {
        if (dir != null && opened == null) {
            opened = OutputDirectory.open(dir, owner);
            synchronized (HELD) {
                HELD.add(opened);
            }
        }
    }

    /** Releases every directory the command opened (called when a command ends). */
    static void releaseAll() {
        synchronized (HELD) {
            HELD.forEach(OutputDirectory::close);
            HELD.clear();
        }
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
        open();
        return dir == null ? ResultFiles.Csv.discarding() : new ResultFiles.Csv(dir.resolve(name), header);
    }

    /** Writes {@code value} as JSON atomically. */
    void json(String name, Map<String, Object> value) {
        if (dir != null) {
            open();
            ResultFiles.json(dir.resolve(name), value);
        }
    }

    /**
     * Refuses an option that asks for files when none are written ({@code --json} without {@code --out}), before any
     * work.
     *
     * @throws IllegalArgumentException naming the option and the fix
     */
    void requireFiles(String option) {
        if (dir == null) {
            throw new IllegalArgumentException(option + " writes files, but --json without --out writes none; add "
                    + "--out DIR");
        }
    }

    /** Writes a float64 matrix as the NumPy file {@code name} atomically ({@link Npy}). */
    void npy(String name, double[][] matrix) {
        if (dir != null) {
            open();
            AtomicFiles.write(dir.resolve(name), f -> Npy.writeFloat64(f, matrix));
        }
    }

    /** Renders and writes a chart atomically. */
    void plot(String name, String title, String xLabel, String yLabel, List<Plots.Series> series,
            List<Plots.VLine> vlines, boolean logX, boolean logY) {
        if (dir != null) {
            open();
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
