package org.qnnlab.cli;

import picocli.CommandLine;

/**
 * Turns user errors ({@link IllegalArgumentException}, {@link IllegalStateException}) into one clear line on stderr
 * and exit code 2; anything else is a bug and keeps its stack trace.
 */
final class Errors implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
            cmd.getErr().println("qnn " + cmd.getCommandName() + ": error: " + e.getMessage());
            return 2;
        }
        cmd.getErr().println("qnn " + cmd.getCommandName() + ": internal error (please report): " + e);
        e.printStackTrace(cmd.getErr());
        return 1;
    }
}
