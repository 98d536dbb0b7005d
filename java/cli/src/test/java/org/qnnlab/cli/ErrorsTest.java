package org.qnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The exit codes and one-line messages of {@link Errors}: refused input 2, file-system failures 1, bugs 1 with trace. */
class ErrorsTest {

    @CommandLine.Command(name = "probe")
    static final class Probe implements Runnable {
        @Override
        public void run() {
        }
    }

    private static String[] handle(Exception e) {
        CommandLine cmd = new CommandLine(new Probe());
        StringWriter err = new StringWriter();
        cmd.setErr(new PrintWriter(err, true));
        int code = new Errors().handleExecutionException(e, cmd, null);
        return new String[] {Integer.toString(code), err.toString()};
    }

    @Test
    void eachClassOfFailureGetsItsExitCodeAndMessage() {
        String[] refused = handle(new IllegalArgumentException("--samples 5 out of range; allowed: 10..1000000"));
        assertEquals("2", refused[0]);
        assertEquals("probe: error: --samples 5 out of range; allowed: 10..1000000", refused[1].strip());
        String[] io = handle(new UncheckedIOException(new IOException("No space left on device")));
        assertEquals("1", io[0]);
        assertEquals("probe: I/O error: java.io.IOException: No space left on device", io[1].strip());
        assertFalse(io[1].contains("\tat "), "no stack trace for an I/O failure: " + io[1]);
        String[] bug = handle(new NullPointerException("x"));
        assertEquals("1", bug[0]);
        assertTrue(bug[1].contains("internal error (please report)") && bug[1].contains("\tat "), bug[1]);
    }
}
