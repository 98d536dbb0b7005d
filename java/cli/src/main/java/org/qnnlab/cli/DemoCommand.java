package org.qnnlab.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Boundary;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.ShotResult;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.StateVector;
import org.qnnlab.sim.kernel.KernelProvider;
import org.qnnlab.sim.kernel.Kernels;
import org.qnnlab.sim.kernel.StateKernel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code qnn demo}: until the research demo lands, a showcase of the simulator: analytic checks, the same circuits on
 * every usable kernel (values and wall times side by side), and shot estimates.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Showcase the simulator: analytic checks and every usable kernel on the standard ansätze.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "Smaller circuits (a few seconds).")
    boolean quick;

    @Option(names = "--out", paramLabel = "DIR", description = "Also write demo.json to DIR.")
    Path out;

    @Option(names = "--json", description = "Print one JSON object instead of tables.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("checks", analyticChecks());
        report.put("kernels", kernelComparison());
        report.put("shots", shotEstimate());
        if (out != null) {
            AtomicFiles.writeString(out.resolve("demo.json"), Json.MAPPER.writeValueAsString(report) + "\n");
        }
        if (json) {
            Json.print(report);
        } else if (out != null) {
            System.out.println("\nwrote " + out.resolve("demo.json"));
        }
        return 0;
    }

    /** States whose expectations are known in closed form. */
    private List<Map<String, Object>> analyticChecks() {
        Simulator sim = Simulator.create();
        List<Map<String, Object>> rows = new ArrayList<>();
        int n = 5;
        Circuit ghz = new Circuit(n).h(0);
        for (int q = 0; q + 1 < n; q++) {
            ghz.cnot(q, q + 1);
        }
        rows.add(check(sim, "GHZ(5): <Z0*Z4>", ghz, new double[0], "Z0*Z4", 1.0));
        rows.add(check(sim, "GHZ(5): <X0*X1*X2*X3*X4>", ghz, new double[0], "X0*X1*X2*X3*X4", 1.0));
        rows.add(check(sim, "GHZ(5): <Z0>", ghz, new double[0], "Z0", 0.0));
        double a = 0.7;
        double b = -1.3;
        rows.add(check(sim, "HEA(1 qubit): <X> = sin a·cos b", Ansatz.hea(1, 1), new double[] {a, b}, "X0",
                Math.sin(a) * Math.cos(b)));
        rows.add(check(sim, "HVA-TFIM at 0: <X0+X1+X2+X3> = 4", Ansatz.hvaTfim(4, 2, Boundary.PERIODIC),
                new double[4], "X0 + X1 + X2 + X3", 4.0));
        rows.add(check(sim, "HVA-XXZ singlets: <Z0*Z1> = -1", Ansatz.hvaXxz(4, 1, Boundary.OPEN),
                new double[] {0.3, -0.4, 0, 0}, "Z0*Z1", -1.0));
        if (!json) {
            System.out.println("Analytic checks (" + sim.kernel().type().id() + " kernel)");
            System.out.printf("  %-40s %16s %16s %10s%n", "check", "expected", "computed", "|error|");
            for (Map<String, Object> r : rows) {
                System.out.printf("  %-40s %16.12f %16.12f %10.1e%n", r.get("check"), r.get("expected"),
                        r.get("computed"), r.get("error"));
            }
        }
        return rows;
    }

    private static Map<String, Object> check(Simulator sim, String name, Circuit c, double[] theta, String obs,
            double expected) {
        try (StateVector s = sim.run(c, theta)) {
            double v = Observable.parse(obs).expectation(sim.kernel(), s);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("check", name);
            r.put("expected", expected);
            r.put("computed", v);
            r.put("error", Math.abs(v - expected));
            return r;
        }
    }

    /** The same circuits on every usable kernel: values must agree; wall times differ. */
    private List<Map<String, Object>> kernelComparison() {
        int n = quick ? 12 : 18;
        int layers = quick ? 4 : 8;
        Observable tfim = Observable.parse(tfimHamiltonian(n));
        Circuit[] circuits = {Ansatz.hea(n, layers), Ansatz.hvaTfim(n, layers, Boundary.PERIODIC)};
        String[] names = {"hea", "hva-tfim"};
        List<Map<String, Object>> rows = new ArrayList<>();
        for (KernelProvider p : Kernels.providers()) {
            if (p.unavailableReason().isPresent()) {
                continue;
            }
            StateKernel k = p.create(Kernels.defaultThreads());
            Simulator sim = new Simulator(k);
            for (int i = 0; i < circuits.length; i++) {
                double[] theta = new SplittableRandom(7).doubles(circuits[i].numParameters(), 0, 2 * Math.PI)
                        .toArray();
                sim.run(circuits[i], theta).close(); // warm-up, so the table shows steady-state times
                long t0 = System.nanoTime();
                double v;
                try (StateVector s = sim.run(circuits[i], theta)) {
                    v = tfim.expectation(k, s);
                }
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("kernel", k.type().id());
                r.put("threads", k.threads());
                r.put("ansatz", names[i]);
                r.put("qubits", n);
                r.put("layers", layers);
                r.put("gates", circuits[i].size());
                r.put("energy", v);
                r.put("seconds", (System.nanoTime() - t0) / 1e9);
                rows.add(r);
            }
        }
        if (!json) {
            System.out.println("\nTFIM energy <-ΣZZ - ΣX> at random parameters, every usable kernel");
            System.out.printf("  %-8s %-8s %-9s %7s %7s %20s %10s%n", "kernel", "threads", "ansatz", "qubits",
                    "gates", "energy", "seconds");
            for (Map<String, Object> r : rows) {
                System.out.printf("  %-8s %-8s %-9s %7d %7d %20.12f %10.4f%n", r.get("kernel"), r.get("threads"),
                        r.get("ansatz"), r.get("qubits"), r.get("gates"), r.get("energy"), r.get("seconds"));
            }
        }
        return rows;
    }

    /** A shot estimate next to the exact value. */
    private Map<String, Object> shotEstimate() {
        Simulator sim = Simulator.create();
        int n = 8;
        Circuit c = Ansatz.hvaTfim(n, 3, Boundary.PERIODIC);
        double[] theta = new SplittableRandom(11).doubles(c.numParameters(), 0, Math.PI).toArray();
        Observable h = Observable.parse(tfimHamiltonian(n));
        int shots = quick ? 2_000 : 20_000;
        Map<String, Object> r = new LinkedHashMap<>();
        try (StateVector s = sim.run(c, theta)) {
            double exact = h.expectation(sim.kernel(), s);
            ShotResult.Estimate est = ShotResult.sample(sim.kernel(), s, shots, 42).estimate(h);
            r.put("observable", h.toString());
            r.put("exact", exact);
            r.put("estimate", est.value());
            r.put("standard_error", est.standardError());
            r.put("shots", shots);
        }
        if (!json) {
            System.out.printf("%nShots: TFIM energy on 8 qubits, %d shots per basis: %.4f ± %.4f (exact %.6f)%n",
                    shots, r.get("estimate"), r.get("standard_error"), r.get("exact"));
        }
        return r;
    }

    /** {@code −Σ Z_iZ_{i+1} − Σ X_i} on a periodic chain (g = 1, the critical point). */
    static String tfimHamiltonian(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(" - Z").append(i).append("*Z").append((i + 1) % n);
        }
        for (int i = 0; i < n; i++) {
            sb.append(" - X").append(i);
        }
        return sb.toString().trim();
    }
}
