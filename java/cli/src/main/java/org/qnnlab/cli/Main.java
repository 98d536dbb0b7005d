package org.qnnlab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code qnn} command line. */
@Command(name = "qnn", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Simulate, train and analyse quantum neural networks.",
        subcommands = {
            DemoCommand.class,
            SimulateCommand.class,
            GradCommand.class,
            TrainCommand.class,
            AnalyzeCommand.class,
            KernelsCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Runs the CLI and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI without exiting (for tests): returns the exit code. */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new Errors());
        try {
            return cl.execute(args);
        } finally {
            Output.releaseAll();
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
