package org.qnnlab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code qnn analyze <name>}: the measurements behind the three results qnnlab reproduces. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"Measure what decides whether a QNN trains.",
            "Each analysis writes CSV + JSON + PNG to --out and, with --json, prints one JSON object."},
        subcommands = {
            AnalyzeQfimCommand.class,
            AnalyzeDlaCommand.class,
            AnalyzeNtkCommand.class,
            AnalyzeGradvarCommand.class,
            AnalyzeWishartCommand.class,
            AnalyzeLandscapeCommand.class,
            CommandLine.HelpCommand.class
        })
final class AnalyzeCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
