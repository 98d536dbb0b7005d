package org.qnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Fuzzing the command line with fixed seeds: tiny valid runs of simulate, grad, the analyses and bench, each with one
 * to three mutations (an option set to a bad, borderline or foreign value, a droppable option removed, an unknown
 * option or a stray argument added). Every vector must either succeed (exit 0, JSON on stdout) or fail with exit 2 and
 * one error line {@code qnn …: error: …} that names an option or value it was given (an observable's error adds its
 * echo and caret); never an internal error, a stack trace or another exit code. Values are chosen so that no vector
 * starts long work: sizes stay at a few qubits, and options whose absence means a long default are never dropped.
 */
class CliArgumentProperties {

    /** One run may take this long; more means unbounded work slipped past the checks. */
    private static final long TIMEOUT_SECONDS = 30;

    private static final ExecutorService RUNNER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cli-fuzz");
        t.setDaemon(true);
        return t;
    });

    private static final List<String> COUNTS = List.of("-1", "0", "1", "2", "3", "41", "2147483648", "1.5", "1e3",
            "0x10", "", " ", "abc", "1..2", "2..1", "-3..2", "3..", "+2");
    private static final List<String> DECIMALS = List.of("0", "-1", "1d", "2f", "0x1p3", "NaN", "Infinity", "1e400",
            "1e-400", "1e-320", "1e308", "1e100", "1e-100", "-0", ".5", "1,2", "", "pi/2", "0.01");
    private static final List<String> OBSERVABLES = List.of("Z0", "0*Z40 + Z0", "1e-400*Z0", "0x10*Z0", "Z0*X0", "",
            "NaN*Z0", "Z1 Z0", "0.5*Q1", "X62", "2*I5", "-Z0 + 2", "1e308*Z0 + 1e308*Z0", "3", "Z0 - Z0", "Z1*Z0",
            "1e-320*Z0 + X1");
    private static final List<String> NAMES = List.of("hea", "hva-tfim", "hva-xxz", "qaoa", "", "HEA");

    /** A command: its words, its valid tiny options in order, the pools for each option and what may be dropped. */
    private record Command(List<String> words, Map<String, String> options, Map<String, List<String>> pools,
            List<String> droppable) {
    }

    private static final List<Command> COMMANDS = List.of(
            command(List.of("simulate"), "--ansatz hea --qubits 2 --layers 1 --seed 1 --observable Z0 --shots 4 "
                    + "--kernel scalar --threads 1 --json", "--seed --observable --shots --layers --kernel --threads"),
            command(List.of("simulate"), "--ansatz hea --qubits 1 --params 0.5,1 --observable X0 --json",
                    "--observable"),
            command(List.of("grad"), "--ansatz hea --qubits 2 --layers 1 --seed 2 --observable Z0*Z1 --method fd "
                    + "--kernel scalar --json", "--seed --observable --method --kernel"),
            command(List.of("grad"), "--ansatz hva-tfim --qubits 2 --layers 1 --params 1e300,0 --method shift --json",
                    "--method"),
            command(List.of("analyze", "qfim"), "--qubits 2 --layers 1..2 --points 1 --no-dla --kernel scalar "
                    + "--threads 1 --json", "--layers --points --no-dla --kernel --threads"),
            command(List.of("analyze", "dla"), "--ansatz hea --qubits 2..3 --layers 1 --max-dimension 64 --json",
                    "--ansatz --layers --max-dimension"),
            command(List.of("analyze", "ntk"), "--qubits 2 --layers 1 --gamma 1,2 --steps 3 --record-every 1 "
                    + "--learning-rate 0.1 --data parity --kernel scalar --threads 1 --json",
                    "--gamma --record-every --learning-rate --data --kernel --threads"),
            command(List.of("analyze", "gradvar"), "--qubits 2..3 --layers 1 --samples 4 --costs local "
                    + "--kernel scalar --threads 1 --json", "--layers --kernel --threads"),
            command(List.of("analyze", "wishart"), "--qubits 2 --layers 2 --samples 16 --observable Z0 --kernel "
                    + "scalar --json", "--layers --observable --kernel"),
            command(List.of("analyze", "landscape"), "--ansatz hva-tfim --qubits 2 --layers 1 --inits 2 "
                    + "--max-steps 20 --kernel scalar --threads 1 --json", "--layers --kernel --threads"),
            command(List.of("bench"), "--qubits 4 --kernel scalar --threads 1 --gates h --targets 0 --seconds 0.01 "
                    + "--json", "--kernel --gates"));

    private static Command command(List<String> words, String options, String droppable) {
        Map<String, String> opts = new LinkedHashMap<>();
        String[] t = options.split(" ");
        for (int i = 0; i < t.length; i++) {
            boolean flag = i + 1 == t.length || t[i + 1].startsWith("--");
            opts.put(t[i], flag ? null : t[++i]);
        }
        Map<String, List<String>> pools = new LinkedHashMap<>();
        for (String o : opts.keySet()) {
            pools.put(o, switch (o) {
                case "--observable" -> OBSERVABLES;
                case "--ansatz" -> NAMES;
                case "--params", "--gamma", "--learning-rate", "--seconds" -> DECIMALS;
                case "--kernel" -> List.of("scalar", "vector", "eigen", "gpu", "scalar,vector", "");
                case "--method" -> List.of("adjoint", "shift", "fd", "backprop");
                case "--data" -> List.of("parity", "teacher", "moons");
                case "--costs" -> List.of("local", "global", "global-z", "local,,global", "nonlocal");
                case "--gates" -> List.of("h", "rz", "cnot,rxx", "toffoli", "");
                case "--targets" -> List.of("0", "3", "4", "-1", "all", "x");
                case "--threads" -> List.of("1", "2", "3", "0", "-2", "1025", "1,2", "x");
                case "--seed" -> List.of("-1", "0", "9223372036854775807", "9223372036854775808", "1.5", "");
                case "--shots" -> List.of("1", "2", "0", "-5", "100000001", "1e3");
                case "--max-steps" -> List.of("0", "1", "-1", "5", "x");
                default -> COUNTS;
            });
        }
        return new Command(words, opts, pools, List.of(droppable.split(" ")));
    }

    /** One change to a command line. */
    private record Mutation(String kind, int option, int value) {
    }

    @Provide
    Arbitrary<List<String>> argumentVectors() {
        Arbitrary<Mutation> mutation = Combinators.combine(
                Arbitraries.of("set", "set", "set", "set", "foreign", "drop", "unknown", "stray"),
                Arbitraries.integers().between(0, 99), Arbitraries.integers().between(0, 999)).as(Mutation::new);
        return Combinators.combine(Arbitraries.of(COMMANDS), mutation.list().ofMinSize(1).ofMaxSize(3))
                .as(CliArgumentProperties::apply);
    }

    private static List<String> apply(Command c, List<Mutation> mutations) {
        Map<String, String> opts = new LinkedHashMap<>(c.options());
        List<String> extra = new ArrayList<>();
        List<String> names = new ArrayList<>(c.options().keySet());
        for (Mutation m : mutations) {
            String name = names.get(m.option() % names.size());
            List<String> pool = c.pools().get(name);
            switch (m.kind()) {
                case "set" -> {
                    if (opts.containsKey(name) && opts.get(name) != null) {
                        opts.put(name, pool.get(m.value() % pool.size()));
                    }
                }
                case "foreign" -> { // a value meant for another kind of option
                    List<String> all = new ArrayList<>(COUNTS);
                    all.addAll(DECIMALS);
                    all.addAll(OBSERVABLES);
                    if (opts.containsKey(name) && opts.get(name) != null) {
                        opts.put(name, all.get(m.value() % all.size()));
                    }
                }
                case "drop" -> {
                    List<String> d = c.droppable();
                    opts.remove(d.get(m.value() % d.size()));
                }
                case "unknown" -> extra.add(List.of("--bogus", "--observable", "--qubits=").get(m.value() % 3));
                default -> extra.add(List.of("extra", "-", "--", "-x").get(m.value() % 4));
            }
        }
        List<String> args = new ArrayList<>(c.words());
        opts.forEach((k, v) -> {
            args.add(k);
            if (v != null) {
                args.add(v);
            }
        });
        args.addAll(extra);
        return args;
    }

    @Property(tries = 200, seed = "14")
    void everyArgumentVectorRunsOrFailsInOneLineNamingItsInput(@ForAll("argumentVectors") List<String> args)
            throws Exception {
        Future<CliRun> run = RUNNER.submit(() -> CliRun.of(args.toArray(String[]::new)));
        CliRun r;
        try {
            r = run.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            run.cancel(true);
            fail("qnn " + String.join(" ", args) + " ran longer than " + TIMEOUT_SECONDS + " s");
            return;
        }
        Statistics.label("outcome").collect(args.get(0).equals("analyze") ? "analyze " + args.get(1) : args.get(0),
                r.exitCode() == 0 ? "ok" : "refused");
        String shown = "qnn " + quoted(args) + "\nexit " + r.exitCode() + "\nstderr:\n" + r.err();
        List<String> lines = r.err().lines().filter(l -> !l.contains(" WARN ")).toList();
        assertTrue(!r.err().contains("internal error") && !r.err().contains("\tat "), shown);
        if (r.exitCode() == 0) {
            Json.MAPPER.readTree(r.out()); // --json: one JSON document
            return;
        }
        assertEquals(2, r.exitCode(), shown);
        assertTrue(!lines.isEmpty() && lines.get(0).startsWith("qnn ") && lines.get(0).contains(": error: "), shown);
        boolean echo = lines.size() == 3 && lines.get(2).strip().equals("^"); // an observable's echo and caret
        assertTrue(lines.size() == 1 || echo, "one error line: " + shown);
        String error = lines.get(0);
        assertTrue(args.stream().skip(1).anyMatch(a -> names(error, a)) || error.contains("Missing required"),
                "the error names an option or value given: " + shown);
    }

    /** Whether {@code error} names the argument {@code a}: an option by name, a blank value as {@code ''}. */
    private static boolean names(String error, String a) {
        if (a.startsWith("-") && a.length() > 1) {
            return error.contains(a.replace("=", ""));
        }
        return a.isBlank() ? error.contains("''") || error.contains("\"\"") : error.contains(a.strip());
    }

    private static String quoted(List<String> args) {
        return String.join(" ", args.stream().map(a -> a.isEmpty() || a.contains(" ") ? "'" + a + "'" : a)
                .toList());
    }

    @AfterContainer
    static void stopRunner() {
        RUNNER.shutdownNow();
    }
}
