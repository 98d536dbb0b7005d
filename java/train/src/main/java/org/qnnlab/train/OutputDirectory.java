package org.qnnlab.train;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;
import org.qnnlab.sim.io.AtomicWrite;

/**
 * A directory that one run writes its results into, held by that run alone. {@link #open} creates the directory if
 * it is absent, takes an OS file lock on {@value #LOCK} inside it (released when the process ends, even by kill -9),
 * records the holder's pid and command line in that file, and removes temporary files an earlier crashed run left
 * behind ({@code .NAME.<digits>.tmp} from {@link AtomicWrite}). A second run on the same directory, in this or
 * another process, is refused with a message naming the holder.
 *
 * <p>The order a run should follow: validate its inputs, {@link #check} the path (no side effects), {@link #open},
 * then validate what it reads from the directory (a checkpoint), and only then write.
 */
public final class OutputDirectory implements AutoCloseable {

    /** The lock file's name inside the directory. */
    public static final String LOCK = ".qnn.lock";

    /** Longest file name most file systems allow, in bytes. */
    private static final int MAX_NAME_BYTES = 255;
    /** Longest path Linux allows, in bytes. */
    private static final int MAX_PATH_BYTES = 4095;
    private static final Pattern STALE_TEMP = Pattern.compile("\\..+\\.\\d+\\.tmp");

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private OutputDirectory(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Checks, without creating or changing anything, that {@code dir} can be an output directory: not an existing
     * file, no name too long, and the directory (or its nearest existing ancestor, where it will be created)
     * writable.
     *
     * @throws IllegalArgumentException a one-line message naming the path and the problem
     */
    public static void check(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (abs.toString().getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw new IllegalArgumentException("output directory " + dir + ": path too long (at most "
                    + MAX_PATH_BYTES + " bytes)");
        }
        for (Path name : abs) {
            int bytes = name.toString().getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_NAME_BYTES) {
                throw new IllegalArgumentException("output directory " + dir + ": the name '" + shorten(name)
                        + "' is too long (" + bytes + " bytes; at most " + MAX_NAME_BYTES + ")");
            }
        }
        Path p = abs;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalArgumentException("output directory " + dir + ": no existing parent directory");
        }
        if (!Files.isDirectory(p)) {
            throw new IllegalArgumentException("output directory " + dir + ": " + (p.equals(abs)
                    ? "is an existing file, not a directory" : p + " is a file, not a directory"));
        }
        if (!Files.isWritable(p)) {
            throw new IllegalArgumentException("output directory " + dir + ": " + (p.equals(abs) ? "is not writable"
                    : "cannot be created, " + p + " is not writable"));
        }
    }

    /**
     * Creates {@code dir} if absent, locks it for this run and removes stale temporary files.
     *
     * @param owner a description of the run for the message another run gets, e.g. {@code qnn train a.yaml}
     * @throws IllegalArgumentException on a path {@link #check} refuses
     * @throws IllegalStateException    naming the holder when another run holds the directory
     */
    public static OutputDirectory open(Path dir, String owner) {
        check(dir);
        Path lockFile = dir.resolve(LOCK);
        FileChannel ch = null;
        try {
            Files.createDirectories(dir);
            ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this JVM
            }
            if (lock == null) {
                String holder = holder(lockFile);
                ch.close();
                throw new IllegalStateException("output directory " + dir + " is in use by another run ("
                        + holder + "); wait for it to finish or choose another directory");
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + ": " + owner + "\n")
                    .getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(false);
            OutputDirectory out = new OutputDirectory(dir, ch, lock);
            out.removeStaleTempFiles();
            return out;
        } catch (IOException e) {
            closeQuietly(ch);
            String why = e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                    : e.getMessage() != null && !(e instanceof java.nio.file.FileSystemException) ? e.getMessage()
                    : e.getClass().getSimpleName();
            throw new IllegalArgumentException("output directory " + dir + ": cannot be created or locked ("
                    + why + ")", e);
        }
    }

    /** The directory. */
    public Path dir() {
        return dir;
    }

    /** A file in the directory. */
    public Path resolve(String name) {
        return dir.resolve(name);
    }

    /** Releases the lock (the lock file stays: removing it would race with a run that is opening it). */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it as well
        }
        closeQuietly(channel);
    }

    private void removeStaleTempFiles() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir,
                p -> STALE_TEMP.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p))) {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
        }
    }

    private static String holder(Path lockFile) {
        try {
            String s = Files.readString(lockFile, StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? "a process that is starting" : s;
        } catch (IOException e) {
            return "a process whose lock file cannot be read";
        }
    }

    private static String shorten(Path name) {
        String s = name.toString();
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }
}
