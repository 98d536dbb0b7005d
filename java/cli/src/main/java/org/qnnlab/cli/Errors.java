package org.qnnlab.cli;

import picocli.CommandLine;

/**
 * Turns user errors ({@link IllegalArgumentException}, {@link IllegalStateException}) into one line on stderr,
 * prefixed with the command path ({@code qnn analyze qfim: error: …}), and exit code 2; a failure of the file system
 * (disk full, a directory removed mid-run: {@link java.io.UncheckedIOException}, {@link java.io.IOException}) gets one
 * line and exit code 1; anything else is a bug and keeps its stack trace. Command-line errors picocli finds (unknown options, missing or unconvertible values) get the
 * same one line, with a pointer to {@code --help} instead of the whole usage text, and exit code 2.
 */
final class Errors implements CommandLine.IExecutionExceptionHandler {

    /** The {@link CommandLine.IParameterExceptionHandler}: one line and exit code 2. */
    static int usage(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        cmd.getErr().println(name + ": error: " + e.getMessage() + " (see " + name + " --help)");
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": error: " + e.getMessage());
            return 2;
        }
        if (e instanceof java.io.UncheckedIOException || e instanceof java.io.IOException) {
            Throwable io = e instanceof java.io.UncheckedIOException u ? u.getCause() : e;
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": I/O error: " + io);
            return 1;
        }
        cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": internal error (please report): " + e);
        e.printStackTrace(cmd.getErr());
        return 1;
    }
}
