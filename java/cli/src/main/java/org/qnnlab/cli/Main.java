package org.qnnlab.cli;

import org.qnnlab.sim.NumberSyntax;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code qnn} command line. */
@Command(name = "qnn", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Simulate, train and analyse quantum neural networks.",
        subcommands = {
            DemoCommand.class,
            SimulateCommand.class,
            GradCommand.class,
            ExportCommand.class,
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

    /**
     * Runs the CLI without exiting (for tests): returns the exit code, 0 on success, 2 for input that is refused (a
     * bad option or value, or work the command declines) and 1 for anything else (a bug, reported with its trace).
     * Every decimal option reads {@link NumberSyntax} ({@code 1d}, {@code 0x1p3} and {@code NaN} are refused, not
     * read as Java would).
     */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        CommandLine.ITypeConverter<Double> number = Main::number;
        cl.registerConverter(Double.class, number);
        cl.registerConverter(double.class, number);
        cl.setParameterExceptionHandler(Errors::usage);
        cl.setExecutionExceptionHandler(new Errors());
        try {
            return cl.execute(args);
        } finally {
            Output.releaseAll();
        }
    }

    private static Double number(String text) {
        try {
            return NumberSyntax.parse(text, "");
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage().strip());
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
