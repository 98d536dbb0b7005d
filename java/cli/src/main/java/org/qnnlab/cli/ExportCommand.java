package org.qnnlab.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.qasm.Qasm;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code qnn export}: an ansatz (or a circuit file) as OpenQASM 2 or 3. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write an ansatz or circuit as OpenQASM: 3 keeps the parameters free (input float[64] "
                + "theta_j, in parameter order), 2 binds them (--seed or --params).",
            "Reading the text back (--circuit FILE) gives the same state, up to a global phase in OpenQASM 2."})
final class ExportCommand implements Callable<Integer> {

    @Mixin
    AnsatzOptions ansatz = new AnsatzOptions();

    @Option(names = "--format", paramLabel = "F", defaultValue = "qasm3",
            description = "qasm3 (free parameters) or qasm2 (bound parameters) (default: ${DEFAULT-VALUE}).")
    String format;

    @ArgGroup(exclusive = true)
    SimulateCommand.ParamChoice params = new SimulateCommand.ParamChoice();

    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE (atomically) instead of stdout.")
    Path out;

    @Override
    public Integer call() {
        String f = format.strip().toLowerCase(Locale.ROOT);
        if (!f.equals("qasm2") && !f.equals("qasm3")) {
            throw new IllegalArgumentException("--format " + format + " is unknown; allowed: qasm2, qasm3");
        }
        if (out != null) {
            AtomicFiles.checkWritable(out, "--out", "circuit.qasm");
        }
        Circuit circuit = ansatz.build();
        String text;
        if (f.equals("qasm2")) {
            text = Qasm.toQasm2(circuit, SimulateCommand.parameters(circuit, params), null);
        } else {
            if (params.values != null || params.seed != null) {
                throw new IllegalArgumentException("--seed and --params bind parameters, which --format qasm3 keeps "
                        + "free; use --format qasm2 for bound parameters");
            }
            text = Qasm.toQasm3(circuit);
        }
        if (out != null) {
            AtomicFiles.writeString(out, text);
        } else {
            System.out.print(text);
        }
        return 0;
    }
}
