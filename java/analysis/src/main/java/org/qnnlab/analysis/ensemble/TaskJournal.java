package org.qnnlab.analysis.ensemble;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import org.qnnlab.sim.Simulator;

/**
 * The results of an {@link Ensemble}'s finished tasks, appended to a file as each task lands, so a study that is
 * killed or fails part way can be resumed without re-running what finished.
 *
 * <p>One file per ensemble, named after the ensemble and its <em>fingerprint</em>: a SHA-256 over the serialized
 * ensemble (job with its circuit and observable specs, task count, seed) and the simulator's {@link SimulatorSpec}
 * (kernel type: another kernel rounds differently). A study run with other options, another seed or another kernel
 * has another fingerprint and so never reads this file; the engine and thread count are not in it, since they do not
 * change a result. The file is text: a header line {@code qnnlab-tasks 1 <fingerprint> <tasks>}, then one line per
 * task, {@code <index> <base64 of the Java-serialized result>}. A line is written whole and flushed to the operating
 * system when its task lands (it survives the process being killed) and forced to the disk at most every
 * {@value #FORCE_INTERVAL_MS} ms and on close. Reading ignores a torn last line (a kill during a write), and a line
 * that does not decode is an error, never a result.
 *
 * <p>Results are Java-serialized (exact doubles, any {@code Serializable} result) and read back through a filter
 * that admits only qnnlab's, {@code java.lang}'s and {@code java.util}'s classes and arrays.
 *
 * <p>One writer per file: the journal holds an exclusive lock on it while open.
 */
public final class TaskJournal implements AutoCloseable {

    /** The file format's version, the header's second word. */
    public static final int VERSION = 1;
    /** Finished lines are forced to the disk at most this often (and on close). */
    public static final long FORCE_INTERVAL_MS = 2000;

    private static final String MAGIC = "qnnlab-tasks";
    private static final ObjectInputFilter FILTER = ObjectInputFilter.Config.createFilter(
            "maxdepth=16;org.qnnlab.**;java.lang.*;java.util.*;java.lang.Enum;!*");

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final Map<Integer, Object> done;
    private long lastForce = System.nanoTime();

    private TaskJournal(Path file, FileChannel channel, FileLock lock, Map<Integer, Object> done) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.done = done;
    }

    /**
     * Opens the journal of {@code ensemble} run on {@code sim} in {@code dir} (created if missing).
     *
     * @param resume true to keep and read the tasks an earlier run journaled; false to start the file afresh
     * @throws IllegalStateException in one line if another run holds the file, or a journaled line is corrupt
     * @throws UncheckedIOException if the directory or file cannot be made
     */
    public static TaskJournal open(Path dir, Ensemble<?> ensemble, Simulator sim, boolean resume) {
        String fingerprint = fingerprint(ensemble, sim);
        Path file = dir.resolve(fileName(ensemble.name(), fingerprint));
        String header = MAGIC + " " + VERSION + " " + fingerprint + " " + ensemble.tasks() + "\n";
        FileChannel ch = null;
        try {
            Files.createDirectories(dir);
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new IllegalStateException("another run is writing " + file + "; allowed: one run per study");
            }
            Map<Integer, Object> done = new HashMap<>();
            long keep = 0;
            if (resume && ch.size() > 0) {
                keep = read(file, ch, header, ensemble.tasks(), done);
            }
            if (keep == 0) {
                done.clear();
                ch.truncate(0);
                ch.write(ByteBuffer.wrap(header.getBytes(StandardCharsets.US_ASCII)), 0);
                keep = header.length();
            } else {
                ch.truncate(keep); // a torn last line goes
            }
            ch.position(keep);
            return new TaskJournal(file, ch, lock, done);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new UncheckedIOException("cannot open the task journal " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    /** The journal's file. */
    public Path file() {
        return file;
    }

    /** Task {@code index}'s journaled result, or null if it has none. */
    public Object result(int index) {
        return done.get(index);
    }

    /** How many tasks have a journaled result. */
    public int size() {
        return done.size();
    }

    /**
     * Appends task {@code index}'s result (once per task; a second result for it is an error).
     *
     * @throws UncheckedIOException if the line cannot be written
     */
    public void append(int index, Serializable result) {
        if (done.containsKey(index)) {
            throw new IllegalStateException("task " + index + " journaled twice in " + file);
        }
        String line = index + " " + Base64.getEncoder().encodeToString(serialize(result)) + "\n";
        try {
            ByteBuffer b = ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII));
            while (b.hasRemaining()) {
                channel.write(b);
            }
            done.put(index, result);
            long now = System.nanoTime();
            if (now - lastForce > FORCE_INTERVAL_MS * 1_000_000L) {
                channel.force(false);
                lastForce = now;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the task journal " + file + ": " + e.getMessage(), e);
        }
    }

    /** Forces what was written to the disk and releases the file. */
    @Override
    public void close() {
        try {
            if (channel.isOpen()) {
                channel.force(false);
                lock.release();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the task journal " + file + ": " + e.getMessage(), e);
        } finally {
            closeQuietly(channel);
        }
    }

    /** Reads the lines after a matching header into {@code done}; returns the length to keep, 0 for none. */
    private static long read(Path file, FileChannel ch, String header, int tasks, Map<Integer, Object> done)
            throws IOException {
        long size = ch.size();
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("task journal " + file + " is " + size + " bytes; allowed: below 2 GiB");
        }
        ByteBuffer all = ByteBuffer.allocate((int) size);
        while (all.hasRemaining() && ch.read(all, all.position()) >= 0) {
            // reads until full
        }
        String text = new String(all.array(), 0, all.position(), StandardCharsets.US_ASCII);
        if (!text.startsWith(header)) {
            return 0; // another format or an empty file: start afresh (its fingerprint is in its name, so rare)
        }
        long keep = header.length();
        int at = header.length();
        int lineNo = 1;
        while (true) {
            int nl = text.indexOf('\n', at);
            if (nl < 0) {
                break; // a torn last line: its task runs again
            }
            lineNo++;
            String line = text.substring(at, nl);
            int sp = line.indexOf(' ');
            try {
                int index = Integer.parseInt(line.substring(0, sp));
                if (index < 0 || index >= tasks || done.containsKey(index)) {
                    throw new IllegalStateException("task " + index);
                }
                done.put(index, deserialize(Base64.getDecoder().decode(line.substring(sp + 1))));
            } catch (RuntimeException | IOException | ClassNotFoundException e) {
                throw new IllegalStateException("task journal " + file + " line " + lineNo + " is corrupt ("
                        + e.getMessage() + "); delete the file to run its tasks again", e);
            }
            at = nl + 1;
            keep = at;
        }
        return keep;
    }

    /** The fingerprint of {@code ensemble} run on {@code sim}: 16 bytes of SHA-256, in hexadecimal. */
    public static String fingerprint(Ensemble<?> ensemble, Simulator sim) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(serialize(ensemble));
            md.update(serialize(SimulatorSpec.of(sim)));
            return HexFormat.of().formatHex(md.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    private static String fileName(String name, String fingerprint) {
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9=.]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > 80) {
            slug = slug.substring(0, 80);
        }
        return (slug.isEmpty() ? "ensemble" : slug) + "-" + fingerprint + ".tasks";
    }

    private static byte[] serialize(Object o) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot serialize " + o.getClass().getName() + ": " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    private static Object deserialize(byte[] b) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(b))) {
            in.setObjectInputFilter(FILTER);
            return in.readObject();
        } catch (InvalidClassException e) {
            throw new IOException("a class outside qnnlab's results: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing after a failure: the first error is the one reported
            }
        }
    }
}
