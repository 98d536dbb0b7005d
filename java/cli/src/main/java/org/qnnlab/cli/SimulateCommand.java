package org.qnnlab.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.ShotResult;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.StateVector;
import org.qnnlab.sim.io.Npy;
import org.qnnlab.sim.kernel.StateKernel;
import org.qnnlab.sim.noise.NoiseModel;
import org.qnnlab.sim.noise.NoisyExpectation;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code qnn simulate}: one forward pass of an ansatz and the expectation of an observable. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run an ansatz from |0…0> and print the expectation of an observable.",
            "Random parameters (--seed) are drawn uniformly from [0, 2π) in parameter order."})
final class SimulateCommand implements Callable<Integer> {

    @Mixin
    AnsatzOptions ansatz = new AnsatzOptions();

    @ArgGroup(exclusive = true)
    ParamChoice params = new ParamChoice();

    @Option(names = "--observable", paramLabel = "OBS", defaultValue = "Z0",
            description = "Real-weighted Pauli sum, e.g. \"0.5*Z0*Z1 + X2 - 1.0\" (default: ${DEFAULT-VALUE}).")
    String observable;

    @Option(names = "--shots", paramLabel = "N",
            description = "Also estimate the expectation from N measurement shots per basis, with its standard error "
                    + "(undefined for N = 1: printed as 'undefined', null in JSON).")
    Integer shots;

    @Option(names = "--noise", paramLabel = "SPEC",
            description = NoiseOptions.SYNTAX + ", "
                    + "amplitude_damping:0.05@gates=1q, thermal:50,70,1@qubits=0,1. The expectation is then exact on "
                    + "a density matrix (16·4^n bytes), or from --trajectories.")
    List<String> noise;

    @Mixin
    NoiseFileOption noiseFile = new NoiseFileOption();

    @Option(names = "--trajectories", paramLabel = "K",
            description = "With --noise: estimate the expectation from K quantum trajectories (pure states, for "
                    + "more qubits than a density matrix allows) with its standard error; seeded by --seed.")
    Integer trajectories;

    @Mixin
    KernelOptions kernelOptions = new KernelOptions();

    @Option(names = "--npy", paramLabel = "FILE",
            description = "Also write the final state to FILE for np.load: complex128, 2^n amplitudes, entry b the "
                    + "amplitude of |b> (qubit 0 the least significant bit).")
    Path npy;

    @Option(names = "--json", description = "Print one JSON object (keys expectation, kernel, threads, seconds, …).")
    boolean json;

    /** Either a seed for random parameters or explicit values. */
    static final class ParamChoice {
        @Option(names = "--seed", paramLabel = "S", description = "Seed for random parameters (default: 0).")
        Long seed;

        @Option(names = "--params", paramLabel = "v1,v2,…", split = ",",
                description = "Explicit parameter values in the ansatz's documented order.")
        double[] values;
    }

    @Override
    public Integer call() {
        noise = noiseFile.rules(noise); // --noise-file's rules, then --noise's; null without either
        Observable obs = Observable.parse(observable);
        Circuit circuit = ansatz.build();
        if (obs.maxQubit() >= circuit.numQubits()) {
            throw new IllegalArgumentException("observable '" + observable + "' acts on qubit " + obs.maxQubit()
                    + " but the circuit has " + circuit.numQubits() + " qubits (allowed 0.."
                    + (circuit.numQubits() - 1) + ")");
        }
        double[] theta = parameters(circuit, params);
        if (shots != null && (shots < 1 || shots > 100_000_000)) {
            throw new IllegalArgumentException("--shots " + shots + " out of range; allowed: 1..100000000");
        }
        if (noise != null) {
            return callNoisy(circuit, theta, obs);
        }
        if (trajectories != null) {
            throw new IllegalArgumentException("--trajectories " + trajectories + " needs --noise; without noise the "
                    + "state is pure and the expectation exact");
        }
        if (npy != null) {
            AtomicFiles.checkWritable(npy, "--npy", "state.npy"); // now, not after the run
        }
        StateKernel kernel = kernelOptions.createOneShot();
        Simulator sim = kernelOptions.simulator(kernel);

        long t0 = System.nanoTime();
        Map<String, Object> out = new LinkedHashMap<>();
        try (StateVector state = sim.run(circuit, theta)) {
            double value = obs.expectation(kernel, state);
            double seconds = (System.nanoTime() - t0) / 1e9;
            out.put("expectation", value);
            out.put("kernel", kernel.type().id());
            out.put("threads", kernel.threads());
            out.put("fusion", sim.fusion());
            out.put("seconds", seconds);
            putCircuit(out, circuit, obs);
            if (shots != null) {
                long seed = seed(params);
                ShotResult.Estimate est = ShotResult.sample(kernel, state, shots, seed).estimate(obs);
                out.put("shots", shots);
                out.put("estimate", est.value());
                // one shot per basis has no spread to estimate the error from: undefined, not NaN
                out.put("standard_error", Double.isNaN(est.standardError()) ? null : est.standardError());
            }
            if (npy != null) {
                AtomicFiles.write(npy, f -> Npy.writeState(f, state));
                out.put("npy", npy.toString());
            }
        }
        if (json) {
            Json.print(out);
        } else {
            System.out.printf("expectation  %.12f%n", (Double) out.get("expectation"));
            if (shots != null) {
                Double se = (Double) out.get("standard_error");
                System.out.printf("estimate     %.6f ± %s  (%d shot%s per basis)%n", (Double) out.get("estimate"),
                        se == null ? "undefined (the standard error needs 2 or more shots)"
                                : String.format("%.6f", se), shots, shots == 1 ? "" : "s");
            }
            System.out.printf("observable   %s%n", out.get("observable"));
            System.out.printf("%-13s%s, %d qubits, %d layers, %d parameters%n",
                    ansatz.circuit != null ? "circuit" : "ansatz", ansatz.label(),
                    circuit.numQubits(), ansatz.layers, circuit.numParameters());
            System.out.printf("kernel       %s, %d thread%s%n", kernel.type().id(), kernel.threads(),
                    kernel.threads() == 1 ? "" : "s");
            System.out.printf("seconds      %.6f%n", (Double) out.get("seconds"));
            if (npy != null) {
                System.out.printf("state        written to %s (complex128, %d amplitudes)%n", npy,
                        1L << circuit.numQubits());
            }
        }
        return 0;
    }

    /** {@code --noise}: the library's engine choice ({@link NoisyExpectation}); this method parses and prints. */
    private Integer callNoisy(Circuit circuit, double[] theta, Observable obs) {
        if (shots != null && trajectories != null) {
            throw new IllegalArgumentException("--shots and --trajectories are two estimates; choose one (--shots "
                    + "measures the exact noisy density matrix, readout errors included)");
        }
        if (npy != null) {
            throw new IllegalArgumentException("--npy writes a pure state and is not available with --noise");
        }
        NoiseModel model = NoiseModel.parse(noise);
        if (shots != null) { // readout rules act on the shots; the exact value is Tr(ρO) without them
            model.checkQubits(circuit.numQubits());
        }
        Circuit noisy = shots != null ? model.apply(circuit) : NoisyExpectation.noisyCircuit(circuit, model);
        int k = trajectories == null ? 0 : trajectories;
        if (trajectories != null && trajectories < 1) { // 0 means "exact" to the library, never to the user
            throw new IllegalArgumentException("--trajectories " + trajectories + " out of range; allowed: 1.."
                    + org.qnnlab.sim.noise.TrajectorySimulator.MAX_TRAJECTORIES);
        }
        NoisyExpectation.checkFeasible(circuit.numQubits(), k); // before the kernel loads
        int threads = kernelOptions.threads();
        StateKernel kernel = k == 0 ? kernelOptions.createOneShot() : kernelOptions.create(1);
        Simulator sim = kernelOptions.simulator(kernel);
        long t0 = System.nanoTime();
        NoisyExpectation.Result r = NoisyExpectation.evaluate(sim, noisy, theta, new double[0], obs, k, seed(params),
                threads);
        ShotResult.Estimate est = shots == null ? null : NoisyExpectation.estimateShots(sim, circuit, theta,
                new double[0], model, obs, shots, seed(params));
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("expectation", r.value());
        out.put("engine", r.engine().id());
        if (est != null) {
            out.put("shots", shots);
            out.put("estimate", est.value());
            out.put("standard_error", Double.isNaN(est.standardError()) ? null : est.standardError());
        }
        if (k > 0) {
            out.put("trajectories", r.trajectories());
            out.put("standard_error", Double.isNaN(r.standardError()) ? null : r.standardError());
        }
        out.put("noise", List.copyOf(noise));
        out.put("channels", noisy.channels().size());
        out.put("kernel", kernel.type().id());
        out.put("threads", k > 0 ? threads : kernel.threads());
        out.put("fusion", sim.fusion());
        out.put("seconds", seconds);
        putCircuit(out, circuit, obs);
        if (json) {
            Json.print(out);
            return 0;
        }
        if (k == 0) {
            System.out.printf("expectation  %.12f  (exact, density matrix)%n", r.value());
            if (est != null) {
                Double se = (Double) out.get("standard_error");
                System.out.printf("estimate     %.6f ± %s  (%d shot%s per basis, readout errors included)%n",
                        est.value(), se == null ? "undefined (the standard error needs 2 or more shots)"
                                : String.format("%.6f", se), shots, shots == 1 ? "" : "s");
            }
        } else {
            Double se = (Double) out.get("standard_error");
            System.out.printf("expectation  %.6f ± %s  (%d trajector%s)%n", r.value(),
                    se == null ? "undefined (the standard error needs 2 or more trajectories)"
                            : String.format("%.6f", se), k, k == 1 ? "y" : "ies");
        }
        System.out.printf("noise        %s (%d channels placed)%n", String.join(" ", noise), noisy.channels().size());
        System.out.printf("observable   %s%n", out.get("observable"));
        System.out.printf("%-13s%s, %d qubits, %d layers, %d parameters%n",
                ansatz.circuit != null ? "circuit" : "ansatz", ansatz.label(),
                circuit.numQubits(), ansatz.layers, circuit.numParameters());
        System.out.printf("kernel       %s, %d thread%s; engine %s%n", kernel.type().id(), (Integer) out.get("threads"),
                (Integer) out.get("threads") == 1 ? "" : "s", r.engine().id());
        System.out.printf("seconds      %.6f%n", seconds);
        return 0;
    }

    /** What the run simulated, for the JSON: the ansatz or file, its size, the observable and the seed. */
    private void putCircuit(Map<String, Object> out, Circuit circuit, Observable obs) {
        putCircuit(out, ansatz, params, circuit, obs);
    }

    /** {@link #putCircuit(Map, Circuit, Observable)} for any command with these options ({@code grad} too). */
    static void putCircuit(Map<String, Object> out, AnsatzOptions ansatz, ParamChoice params, Circuit circuit,
            Observable obs) {
        out.put(ansatz.circuit != null ? "circuit" : "ansatz", ansatz.label());
        out.put("qubits", circuit.numQubits());
        out.put("layers", ansatz.layers);
        out.put("parameters", circuit.numParameters());
        out.put("observable", obs.toString());
        if (params.values == null) {
            out.put("seed", seed(params));
        }
    }

    static long seed(ParamChoice p) {
        return p.seed != null ? p.seed : 0L;
    }

    /** Explicit values (count checked) or uniform [0, 2π) draws from the seed, in parameter order. */
    static double[] parameters(Circuit circuit, ParamChoice p) {
        if (p.values != null) {
            if (p.values.length != circuit.numParameters()) {
                throw new IllegalArgumentException("--params has " + p.values.length + " value"
                        + (p.values.length == 1 ? "" : "s") + " but the ansatz has " + circuit.numParameters()
                        + " parameters");
            }
            circuit.checkBinding(p.values, new double[0]);
            return p.values.clone();
        }
        return circuit.randomParameters(seed(p));
    }
}
