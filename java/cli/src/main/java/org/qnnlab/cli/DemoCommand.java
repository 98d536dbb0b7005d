package org.qnnlab.cli;

import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.kernel.Kernels;
import org.qnnlab.sim.kernel.StateKernel;
import org.qnnlab.train.ThreadPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code qnn demo}: reproduces small versions of the three results qnnlab is built around (overparametrization, the
 * tangent-kernel dynamics, landscapes and Wishart degrees of freedom) and writes a self-contained {@code report.html}
 * with the CSV/JSON/PNG files behind every figure.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reproduce the three results: overparametrization, tangent-kernel dynamics, landscapes.",
            "Writes DIR/report.html and the data behind every figure. About 20 s on 2 cores; --quick: ~5 s."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "demo-report",
            description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--quick", description = "Smaller sizes: under a minute.")
    boolean quick;

    @Option(names = "--json", description = "Print the summary as one JSON object (no progress bar).")
    boolean json;

    @Override
    public Integer call() {
        Output.of(out, "qnn demo").open(); // checked, created and locked before any work; released when it ends
        long t0 = System.nanoTime();
        // Small states throughout (at most 8 qubits): by the thread policy one kernel thread, the cores go to samples
        // and initializations.
        StateKernel kernel = Kernels.create(ThreadPolicy.forQubits(8).kernelThreads());
        Simulator sim = new Simulator(kernel);
        DemoOverparametrization.Config over = quick
                ? new DemoOverparametrization.Config(4, 8, 5, 6)
                : new DemoOverparametrization.Config(6, 16, 8, 8);
        int ntkSteps = quick ? 150 : 200;
        DemoLandscapes.Config land = quick ? new DemoLandscapes.Config(6, 1000, 4, 400, 1000)
                : new DemoLandscapes.Config(8, 2000, 5, 1000, 3000);
        long total = 2 + over.openLayers() + over.periodicLayers() + 2 + 3;
        AtomicLong done = new AtomicLong();
        ProgressBar bar = ProgressBar.onTerminal("demo", json);
        Map<String, Object> summary = new LinkedHashMap<>();
        List<Report.Section> sections = new ArrayList<>();
        try {
            String[] stage = {"overparametrization"};
            Runnable tick = () -> bar.update(done.incrementAndGet(), total, stage[0]);
            bar.update(0, total, stage[0]);
            sections.add(DemoOverparametrization.run(sim, over, out, summary, tick));
            stage[0] = "tangent kernel";
            sections.add(DemoTangentKernel.run(sim, ntkSteps, out, summary, tick));
            stage[0] = "landscapes";
            sections.add(DemoLandscapes.run(sim, land, out, summary, tick));
        } finally {
            bar.finish();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, String> run = new LinkedHashMap<>();
        run.put("command", "qnn demo" + (quick ? " --quick" : "") + " --out " + out);
        run.put("date", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        run.put("qnnlab", Version.qnnlab());
        run.put("Java", Runtime.version() + " (" + System.getProperty("java.vm.name") + ")");
        run.put("machine", Machine.summary());
        run.put("kernel", kernel.type().id() + " (" + kernel.threads() + " thread per state; samples in parallel)");
        run.put("wall time", String.format(Locale.ROOT, "%.1f s", seconds));
        for (Report.Section s : sections) {
            run.put("time: " + s.title(), String.format(Locale.ROOT, "%.1f s", s.seconds()));
        }
        String html = Report.html("qnnlab demo: why some quantum neural networks train and others don't",
                "Three experiments, each a small version of a published result, computed on this machine by "
                        + "<code>qnn demo</code>. Every figure's data is in the CSV and JSON files next to this "
                        + "report.", run, sections);
        AtomicFiles.writeString(out.resolve("report.html"), html);
        summary.put("seconds", seconds);
        summary.put("quick", quick);
        summary.put("kernel", kernel.type().id());
        summary.put("report", out.resolve("report.html").toString());
        ResultFiles.json(out.resolve("summary.json"), summary);
        if (json) {
            Json.print(summary);
        } else {
            System.out.printf(Locale.ROOT, "%-62s %8s%n", "experiment", "time");
            for (Report.Section s : sections) {
                System.out.printf(Locale.ROOT, "%-62s %7.1fs%n", s.title(), s.seconds());
                System.out.println("  " + s.finding());
            }
            System.out.printf(Locale.ROOT, "report: %s (%.1f s in all)%n", out.resolve("report.html"), seconds);
        }
        return 0;
    }
}
