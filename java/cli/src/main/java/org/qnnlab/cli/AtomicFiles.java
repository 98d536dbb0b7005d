package org.qnnlab.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.qnnlab.sim.io.AtomicWrite;

/** Atomic result files for the commands: {@link AtomicWrite} with an unchecked error naming the file. */
final class AtomicFiles {

    private AtomicFiles() {
    }

    /**
     * Refuses, before a command does its work, a target {@link #writeString} could not write: a directory, an
     * existing read-only file, or a path whose nearest existing ancestor is not a directory we can create files in
     * (tried with a probe file, which is removed).
     *
     * @param option  the option that named the file, e.g. {@code "--out"}
     * @param example a file name the error suggests inside a directory given instead, e.g. {@code "bench.json"}
     * @throws IllegalArgumentException naming the option, the path and why
     */
    static void checkWritable(Path target, String option, String example) {
        Path abs = target.toAbsolutePath().normalize();
        if (Files.isDirectory(abs)) {
            throw new IllegalArgumentException(option + " " + target + " is a directory; allowed: a file to write, "
                    + "e.g. " + target.resolve(example));
        }
        if (Files.exists(abs) && !Files.isWritable(abs)) {
            throw new IllegalArgumentException(option + " " + target + " is not writable");
        }
        Path dir = abs.getParent();
        while (dir != null && !Files.exists(dir)) {
            dir = dir.getParent();
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(option + " " + target + " cannot be created: " + dir
                    + " is not a directory");
        }
        try {
            Files.delete(Files.createTempFile(dir, ".qnn-write-check", ".tmp"));
        } catch (IOException | SecurityException e) {
            throw new IllegalArgumentException(option + " " + target + " cannot be written: cannot create files in "
                    + dir + " (" + e.getMessage() + ")");
        }
    }

    /** A library call that writes {@code target} atomically, e.g. {@code f -> Npy.writeFloat64(f, matrix)}. */
    @FunctionalInterface
    interface FileWrite {
        void to(Path target) throws IOException;
    }

    /** Runs {@code write} on {@code target}; an I/O failure becomes an unchecked error naming the file. */
    static void write(Path target, FileWrite write) {
        try {
            write.to(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code text} (UTF-8) to {@code target} atomically, creating parent directories. */
    static void writeString(Path target, String text) {
        write(target, t -> AtomicWrite.write(t, text.getBytes(StandardCharsets.UTF_8)));
    }
}
