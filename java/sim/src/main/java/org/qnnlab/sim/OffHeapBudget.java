package org.qnnlab.sim;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides, before any allocation, whether a state fits in the off-heap memory qnnlab may use, and tracks the bytes
 * held by open states.
 *
 * <p>{@code Arena.allocate} is not bounded by {@code -XX:MaxDirectMemorySize}, so without this check a too-large state
 * would be refused only by the operating system (or the OOM killer). The limit is, in order: the system property
 * {@code qnnlab.maxMemory} (bytes, or with a K/M/G/T suffix), an explicit {@code -XX:MaxDirectMemorySize}, else the
 * physical memory the JVM sees (container-aware).
 */
public final class OffHeapBudget {

    /** System property capping qnnlab's off-heap use, e.g. {@code -Dqnnlab.maxMemory=8G}. */
    public static final String MAX_MEMORY_PROPERTY = "qnnlab.maxMemory";

    private static final AtomicLong IN_USE = new AtomicLong();

    private OffHeapBudget() {
    }

    /** Bytes one state of {@code n} qubits needs: {@code 16·2^n}. */
    public static long bytesFor(int numQubits) {
        return 16L << numQubits;
    }

    /** Bytes currently held by open {@link StateVector}s. */
    public static long inUse() {
        return IN_USE.get();
    }

    /** The off-heap limit in bytes and where it comes from. */
    public static Limit limit() {
        String prop = System.getProperty(MAX_MEMORY_PROPERTY);
        if (prop != null && !prop.isBlank()) {
            return new Limit(parseBytes(prop), "-D" + MAX_MEMORY_PROPERTY + "=" + prop.trim());
        }
        return MachineLimit.LIMIT;
    }

    /**
     * The JVM flag and the physical memory, read once: the MXBean queries cost ~100 µs, paid on every state
     * allocation before this was cached. (The system property is still read on every call, so tests can set it.)
     */
    private static final class MachineLimit {
        static final Limit LIMIT = read();

        private static Limit read() {
            long direct = explicitMaxDirectMemory();
            if (direct > 0) {
                return new Limit(direct, "-XX:MaxDirectMemorySize");
            }
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            return new Limit(os.getTotalMemorySize(), "physical memory");
        }
    }

    /**
     * Reserves the bytes for a state of {@code n} qubits, or refuses.
     *
     * @throws IllegalArgumentException if {@code n} is outside 1..40
     * @throws IllegalStateException when the state does not fit, naming the need, the limit and how to raise it
     */
    static long reserve(int numQubits) {
        if (numQubits < 1 || numQubits > StateVector.MAX_QUBITS) {
            throw new IllegalArgumentException(
                    "qubit count " + numQubits + " out of range; allowed: 1.." + StateVector.MAX_QUBITS);
        }
        long need = bytesFor(numQubits);
        Limit limit = limit();
        while (true) {
            long used = IN_USE.get();
            if (need > limit.bytes() - used) {
                throw new IllegalStateException(String.format(
                        "a %d-qubit state needs %s (16·2^%d bytes), but only %s of the %s limit (%s) is free "
                                + "(%s held by open states); raise it with -D%s=<size> (e.g. %s) on a machine with "
                                + "enough memory, or use fewer qubits",
                        numQubits, human(need), numQubits, human(Math.max(0, limit.bytes() - used)),
                        human(limit.bytes()), limit.source(), human(used), MAX_MEMORY_PROPERTY,
                        human(Math.max(need + used, need * 2))));
            }
            if (IN_USE.compareAndSet(used, used + need)) {
                return need;
            }
        }
    }

    static void release(long bytes) {
        IN_USE.addAndGet(-bytes);
    }

    private static long explicitMaxDirectMemory() {
        try {
            var bean = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            var option = bean.getVMOption("MaxDirectMemorySize");
            return Long.parseLong(option.getValue());
        } catch (RuntimeException e) {
            return 0; // not HotSpot: fall back to physical memory
        }
    }

    /** Parses {@code 123}, {@code 8G}, {@code 512m} etc. into bytes. */
    static long parseBytes(String text) {
        String t = text.trim().toUpperCase(java.util.Locale.ROOT);
        if (t.endsWith("B")) {
            t = t.substring(0, t.length() - 1);
        }
        long mult = 1;
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'K' -> mult = 1L << 10;
                case 'M' -> mult = 1L << 20;
                case 'G' -> mult = 1L << 30;
                case 'T' -> mult = 1L << 40;
                default -> mult = 1;
            }
        }
        String digits = mult == 1 ? t : t.substring(0, t.length() - 1);
        try {
            long v = Long.parseLong(digits.trim());
            if (v <= 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyHigh(v, mult) == 0 ? v * mult : Long.MAX_VALUE;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + MAX_MEMORY_PROPERTY + "=" + text
                    + " is not a positive size; allowed: bytes or a number with K, M, G or T, e.g. 8G");
        }
    }

    /** Human-readable binary size, e.g. {@code 256 MiB}. */
    static String human(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return (v == Math.rint(v) ? String.format("%.0f", v) : String.format("%.1f", v)) + " " + units[u];
    }

    /** An off-heap limit and the setting it comes from. */
    public record Limit(long bytes, String source) {
    }
}
