package org.qnnlab.cli;

import picocli.CommandLine;

/**
 * Turns user errors ({@link IllegalArgumentException}, {@link IllegalStateException}) into one line on stderr,
 * prefixed with the command path ({@code qnn analyze qfim: error: …}), and exit code 2; anything else is a bug and
 * keeps its stack trace.
 */
final class Errors implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": error: " + e.getMessage());
            return 2;
        }
        cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": internal error (please report): " + e);
        e.printStackTrace(cmd.getErr());
        return 1;
    }
}
