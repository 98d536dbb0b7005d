package org.qnnlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer per output directory, paths checked before anything is created, stale temporary files removed. */
class OutputDirectoryTest {

    @Test
    void aSecondRunIsRefusedNamingTheFirstUntilItEnds(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("a/b");
        try (OutputDirectory first = OutputDirectory.open(dir, "qnn train first.yaml")) {
            assertTrue(Files.isDirectory(dir), "created");
            String lock = Files.readString(dir.resolve(OutputDirectory.LOCK));
            assertEquals("pid " + ProcessHandle.current().pid() + ": qnn train first.yaml\n", lock);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> OutputDirectory.open(dir, "qnn train second.yaml"));
            assertEquals("output directory " + dir + " is in use by another run (pid " + ProcessHandle.current().pid()
                    + ": qnn train first.yaml); wait for it to finish or choose another directory", e.getMessage());
        }
        try (OutputDirectory again = OutputDirectory.open(dir, "qnn train second.yaml")) {
            assertEquals(dir, again.dir());
        }
    }

    @Test
    void staleTemporaryFilesAreRemovedAndOthersKept(@TempDir Path dir) throws IOException {
        Path stale = Files.writeString(dir.resolve(".checkpoint.json.8135512345.tmp"), "{");
        Path staleMetrics = Files.writeString(dir.resolve(".metrics.csv.1.tmp"), "step");
        Path kept = Files.writeString(dir.resolve("notes.tmp"), "mine");
        Path keptToo = Files.writeString(dir.resolve("checkpoint.json"), "{}");
        try (OutputDirectory out = OutputDirectory.open(dir, "test")) {
            assertFalse(Files.exists(stale));
            assertFalse(Files.exists(staleMetrics));
            assertTrue(Files.exists(kept) && Files.exists(keptToo));
        }
    }

    @Test
    void badPathsAreRefusedInOneLineBeforeAnythingIsCreated(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("results"), "x");
        assertEquals("output directory " + file + ": is an existing file, not a directory",
                assertThrows(IllegalArgumentException.class, () -> OutputDirectory.check(file)).getMessage());
        Path under = file.resolve("sub");
        assertEquals("output directory " + under + ": " + file + " is a file, not a directory",
                assertThrows(IllegalArgumentException.class, () -> OutputDirectory.open(under, "t")).getMessage());
        Path longName = tmp.resolve("x".repeat(300));
        String msg = assertThrows(IllegalArgumentException.class, () -> OutputDirectory.open(longName, "t"))
                .getMessage();
        assertTrue(msg.contains("is too long (300 bytes; at most 255)") && !msg.contains("\n"), msg);
        assertFalse(Files.exists(tmp.resolve("x".repeat(10))));

        assumeFalse("root".equals(System.getProperty("user.name")), "root may write anywhere");
        Path locked = Files.createDirectory(tmp.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assertEquals("output directory " + locked + ": is not writable", assertThrows(
                    IllegalArgumentException.class, () -> OutputDirectory.check(locked)).getMessage());
            Path inside = locked.resolve("run");
            assertEquals("output directory " + inside + ": cannot be created, " + locked + " is not writable",
                    assertThrows(IllegalArgumentException.class, () -> OutputDirectory.check(inside)).getMessage());
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
