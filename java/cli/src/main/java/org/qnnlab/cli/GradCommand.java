package org.qnnlab.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.io.Npy;
import org.qnnlab.sim.kernel.StateKernel;
import org.qnnlab.sim.noise.DensityMatrixSimulator;
import org.qnnlab.sim.noise.NoiseModel;
import org.qnnlab.sim.noise.NoisyExpectation;
import org.qnnlab.train.Gradient;
import org.qnnlab.train.GradientMethod;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code qnn grad}: the gradient of an ansatz's expectation value by adjoint, parameter shift or finite differences. */
@Command(name = "grad", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Gradient of <O> with respect to every ansatz parameter, in the documented parameter order.",
            "Random parameters (--seed) are drawn uniformly from [0, 2π) in parameter order, as in simulate."})
final class GradCommand implements Callable<Integer> {

    @Mixin
    AnsatzOptions ansatz = new AnsatzOptions();

    @ArgGroup(exclusive = true)
    SimulateCommand.ParamChoice params = new SimulateCommand.ParamChoice();

    @Option(names = "--observable", paramLabel = "OBS", defaultValue = "Z0",
            description = "Real-weighted Pauli sum, e.g. \"0.5*Z0*Z1 + X2 - 1.0\" (default: ${DEFAULT-VALUE}).")
    String observable;

    @Option(names = "--method", paramLabel = "M", defaultValue = "adjoint",
            description = "adjoint, shift (parameter shift) or fd (central differences) (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--noise", paramLabel = "SPEC",
            description = NoiseOptions.SYNTAX + ". "
                    + "The gradient is then of Tr(ρO) on density matrices (16·4^n bytes each): adjoint with channel "
                    + "adjoints (about 3 + 2√(channels) matrices), or shift/fd (one at a time).")
    List<String> noise;

    @Mixin
    NoiseFileOption noiseFile = new NoiseFileOption();

    @Mixin
    KernelOptions kernelOptions = new KernelOptions();

    @Option(names = "--npy", paramLabel = "FILE",
            description = "Also write the gradient to FILE for np.load: float64, one entry per parameter, in order.")
    Path npy;

    @Option(names = "--json", description = "Print one JSON object (keys value, gradient, method, seconds, …).")
    boolean json;

    @Override
    public Integer call() {
        noise = noiseFile.rules(noise); // --noise-file's rules, then --noise's; null without either
        Observable obs = Observable.parse(observable);
        Circuit circuit = ansatz.build();
        double[] theta = SimulateCommand.parameters(circuit, params);
        if (npy != null) {
            AtomicFiles.checkWritable(npy, "--npy", "gradient.npy"); // now, not after the gradient
        }
        Circuit run = circuit;
        if (noise != null) {
            run = NoisyExpectation.noisyCircuit(circuit, NoiseModel.parse(noise));
            NoisyExpectation.checkFeasible(circuit.numQubits(), 0); // before the kernel loads
        }
        StateKernel kernel = kernelOptions.createOneShot();
        GradientMethod m = noise == null ? GradientMethod.byName(method, kernelOptions.simulator(kernel))
                : GradientMethod.byName(method, new DensityMatrixSimulator(kernelOptions.simulator(kernel)));
        long t0 = System.nanoTime();
        Gradient g = m.gradient(run, theta, new double[0], obs);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("value", g.value());
        out.put("gradient", g.gradient());
        out.put("method", m.name());
        if (noise != null) {
            out.put("noise", List.copyOf(noise));
            out.put("engine", "density-matrix");
            out.put("channels", run.channels().size());
        }
        out.put("seconds", seconds);
        out.put("kernel", kernel.type().id());
        out.put("threads", kernel.threads());
        SimulateCommand.putCircuit(out, ansatz, params, circuit, obs);
        if (npy != null) {
            AtomicFiles.write(npy, f -> Npy.writeFloat64(f, g.gradient()));
            out.put("npy", npy.toString());
        }
        if (json) {
            Json.print(out);
        } else {
            System.out.printf("value        %.12f%n", g.value());
            if (noise != null) {
                System.out.printf("noise        %s (%d channels placed; density matrix)%n", String.join(" ", noise),
                        run.channels().size());
            }
            System.out.printf("gradient     (%d entries, %s)%n", g.gradient().length, m.name());
            for (int k = 0; k < g.gradient().length; k++) {
                System.out.printf("  θ%-4d %+.12f%n", k, g.gradient()[k]);
            }
            System.out.printf("kernel       %s, %d thread%s; %.6f s%n", kernel.type().id(), kernel.threads(),
                    kernel.threads() == 1 ? "" : "s", seconds);
            if (npy != null) {
                System.out.printf("gradient     written to %s (float64)%n", npy);
            }
        }
        return 0;
    }
}
