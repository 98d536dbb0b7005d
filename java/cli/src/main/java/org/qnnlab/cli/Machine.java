package org.qnnlab.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What a benchmark result was measured on: CPU model, cores, memory, OS and JVM. */
final class Machine {

    private Machine() {
    }

    /** The CPU model from /proc/cpuinfo, or the architecture when that is unavailable. */
    static String cpu() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }

    /** One line: CPU, processors, JVM. */
    static String summary() {
        return cpu() + ", " + Runtime.getRuntime().availableProcessors() + " processors, Java "
                + Runtime.version();
    }

    /** The machine as JSON. */
    static ObjectNode describe() {
        ObjectNode m = Json.MAPPER.createObjectNode();
        m.put("cpu", cpu());
        m.put("processors", Runtime.getRuntime().availableProcessors());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("java", Runtime.version().toString());
        return m;
    }

    /** Human-readable byte count (binary units). */
    static String bytes(long b) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = b;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
    }
}
