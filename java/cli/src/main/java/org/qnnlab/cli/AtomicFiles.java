package org.qnnlab.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.qnnlab.train.AtomicWrite;

/** Atomic result files for the commands: {@link AtomicWrite} with an unchecked error naming the file. */
final class AtomicFiles {

    private AtomicFiles() {
    }

    /** Writes {@code text} (UTF-8) to {@code target} atomically, creating parent directories. */
    static void writeString(Path target, String text) {
        try {
            AtomicWrite.write(target, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
