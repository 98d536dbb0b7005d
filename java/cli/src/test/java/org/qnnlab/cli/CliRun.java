package org.qnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the CLI in-process and captures its exit code, stdout and stderr. */
record CliRun(int exitCode, String out, String err) {

    static synchronized CliRun of(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** Runs {@code qnn analyze <analysis> ARGS…} in-process. */
    static CliRun analyze(String analysis, String... args) {
        String[] full = new String[args.length + 2];
        full[0] = "analyze";
        full[1] = analysis;
        System.arraycopy(args, 0, full, 2, args.length);
        return of(full);
    }

    /**
     * Runs {@code qnn ARGS…} and checks it failed as bad input should: exit code 2, one line on stderr containing
     * {@code expected}, nothing on stdout.
     */
    static void assertOneLineError(String expected, String... args) {
        CliRun r = of(args);
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertEquals("", r.out());
    }

    /** Stdout parsed as JSON, after checking the run succeeded (exit code 0, stderr in the failure message). */
    JsonNode json() throws JsonProcessingException {
        assertEquals(0, exitCode, err);
        return Json.MAPPER.readTree(out);
    }
}
