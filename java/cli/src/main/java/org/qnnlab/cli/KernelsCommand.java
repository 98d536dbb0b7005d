package org.qnnlab.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.qnnlab.sim.kernel.KernelProvider;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.kernel.Kernels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code qnn kernels}: each kernel, whether it can run here and why not, SIMD width, threads. */
@Command(name = "kernels", mixinStandardHelpOptions = true,
        description = "List the simulator kernels: usable or why not, SIMD lanes, threads.")
final class KernelsCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        String chosen = null;
        List<Map<String, Object>> rows = new ArrayList<>();
        int threads = Kernels.defaultThreads();
        for (KernelProvider p : Kernels.providers()) {
            boolean usable = p.unavailableReason().isEmpty();
            if (usable && chosen == null) {
                chosen = p.type().id();
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", p.type().id());
            row.put("usable", usable);
            row.put("reason", p.unavailableReason().orElse(null));
            row.put("simd", p.simd());
            row.put("threads", usable ? p.create(threads).threads() : 0);
            rows.add(row);
        }
        String forced = System.getProperty(Kernels.KERNEL_PROPERTY);
        String def = chosen;
        if (forced != null && !forced.isBlank()) {
            try {
                def = KernelType.parse(forced).id(); // read case-insensitively by Kernels: report the canonical id
            } catch (IllegalArgumentException e) {
                // still list the kernels: this command is how a user finds the right name
                System.err.println("qnn kernels: warning: -D" + Kernels.KERNEL_PROPERTY + ": " + e.getMessage());
                def = null;
            }
        }
        for (Map<String, Object> row : rows) {
            row.put("default", row.get("name").equals(def));
        }
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("default", def);
            out.put("kernels", rows);
            Json.print(out);
            return 0;
        }
        System.out.printf("%-8s %-7s %-8s %-45s %s%n", "KERNEL", "USABLE", "THREADS", "SIMD", "NOTE");
        for (Map<String, Object> row : rows) {
            boolean usable = (Boolean) row.get("usable");
            String note = usable ? ((Boolean) row.get("default") ? "default" : "") : (String) row.get("reason");
            System.out.printf("%-8s %-7s %-8s %-45s %s%n", row.get("name"), usable ? "yes" : "no",
                    usable ? row.get("threads") : "-", row.get("simd"), note);
        }
        return 0;
    }
}
