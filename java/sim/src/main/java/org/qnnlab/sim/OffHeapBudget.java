package org.qnnlab.sim;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides, before any allocation, whether a state fits in the off-heap memory qnnlab may use, and tracks the bytes
 * held by open states.
 *
 * <p>{@code Arena.allocate} is not bounded by {@code -XX:MaxDirectMemorySize}, so without this check a too-large state
 * would be refused only by the operating system (or the OOM killer). The limit is, in order: the system property
 * {@code qnnlab.maxMemory} (bytes, or a decimal number with a K/M/G/T suffix such as {@code 1.5G}), an explicit
 * {@code -XX:MaxDirectMemorySize}, else the physical memory the JVM sees (container-aware). A limit set above the
 * physical memory does not make room: a state larger than the physical memory is refused all the same, naming both,
 * since the operating system would refuse it with a bare {@link OutOfMemoryError} (or swap it to a standstill).
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
        static final long PHYSICAL = physical();
        static final Limit LIMIT = read();

        private static long physical() {
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            return os.getTotalMemorySize();
        }

        private static Limit read() {
            long direct = explicitMaxDirectMemory();
            if (direct > 0) {
                return new Limit(direct, "-XX:MaxDirectMemorySize");
            }
            return new Limit(PHYSICAL, "physical memory");
        }
    }

    /**
     * Reserves the bytes for a state of {@code n} qubits, or refuses.
     *
     * @throws IllegalArgumentException if {@code n} is outside 1..40
     * @throws IllegalStateException when the state does not fit, naming the need, the limit and how to raise it, or
     *                               when it is larger than the physical memory whatever the limit says
     */
    static long reserve(int numQubits) {
        if (numQubits < 1 || numQubits > StateVector.MAX_QUBITS) {
            throw new IllegalArgumentException(
                    "qubit count " + numQubits + " out of range; allowed: 1.." + StateVector.MAX_QUBITS);
        }
        long need = bytesFor(numQubits);
        Limit limit = limit();
        long physical = MachineLimit.PHYSICAL;
        if (limit.bytes() > physical && need > physical) {
            throw new IllegalStateException(String.format("a %d-qubit state needs %s (16·2^%d bytes), more than this "
                            + "machine's %s of physical memory; %s is above the physical memory and does not make "
                            + "room; use fewer qubits or a machine with more memory", numQubits, human(need),
                    numQubits, human(physical), limit.source()));
        }
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

    /**
     * Parses {@code 123}, {@code 8G}, {@code 512m}, {@code 1.5G} etc. into bytes (binary units, rounded down to a whole
     * byte; sizes beyond {@code Long.MAX_VALUE} saturate).
     */
    static long parseBytes(String text) {
        String t = text.trim().toUpperCase(java.util.Locale.ROOT);
        if (t.endsWith("B")) {
            t = t.substring(0, t.length() - 1);
        }
        int shift = 0;
        if (!t.isEmpty()) {
            shift = switch (t.charAt(t.length() - 1)) {
                case 'K' -> 10;
                case 'M' -> 20;
                case 'G' -> 30;
                case 'T' -> 40;
                default -> 0;
            };
        }
        String number = (shift == 0 ? t : t.substring(0, t.length() - 1)).trim();
        if (number.matches("[0-9]+(\\.[0-9]*)?|\\.[0-9]+")) {
            java.math.BigInteger bytes = new java.math.BigDecimal(number)
                    .multiply(new java.math.BigDecimal(java.math.BigInteger.ONE.shiftLeft(shift))).toBigInteger();
            if (bytes.signum() > 0) {
                return bytes.bitLength() < 64 ? bytes.longValue() : Long.MAX_VALUE;
            }
        }
        throw new IllegalArgumentException("-D" + MAX_MEMORY_PROPERTY + "=" + text + " is not a positive size; "
                + "allowed: a number of bytes, optionally with a decimal point and a K, M, G or T suffix (binary "
                + "units), e.g. 8G, 1.5G or 512M");
    }

    /** Human-readable binary size, e.g. {@code 256 MiB} (public for the density-matrix engine's messages). */
    public static String human(long bytes) {
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
