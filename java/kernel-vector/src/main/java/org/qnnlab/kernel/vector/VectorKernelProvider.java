package org.qnnlab.kernel.vector;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Optional;
import org.qnnlab.sim.kernel.KernelProvider;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.kernel.StateKernel;

/**
 * Provides {@link VectorKernel}. Usable when the JVM resolves {@code jdk.incubator.vector} (run with
 * {@code --add-modules jdk.incubator.vector}; the {@code qnn} launcher does) and C2 is on: without C2 the Vector API
 * runs as plain Java objects, far slower than the scalar kernel (Lucene makes the same check).
 *
 * <p>Register width: the platform's preferred double species (512 bits with AVX-512, 256 with AVX2, 128 with
 * SSE2/NEON), or {@code -Dqnnlab.vector.bits=128|256|512}, one width per JVM; the build runs the kernel tests again
 * at 256 and 128 bits to reach every SIMD path on one machine. No Vector API class is loaded before {@link #unavailableReason()} has passed.
 */
public final class VectorKernelProvider implements KernelProvider {

    /** System property forcing the register width in bits: 128, 256 or 512. */
    public static final String BITS_PROPERTY = "qnnlab.vector.bits";

    private static final String MODULE = "jdk.incubator.vector";

    private volatile Optional<String> reason;

    @Override
    public KernelType type() {
        return KernelType.VECTOR;
    }

    @Override
    public Optional<String> unavailableReason() {
        Optional<String> r = reason;
        if (r == null) {
            r = Optional.ofNullable(check());
            reason = r;
        }
        return r;
    }

    private static String check() {
        if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
            return "module " + MODULE + " is not resolved; run java with --add-modules " + MODULE;
        }
        String info = System.getProperty("java.vm.info", "");
        if (info.contains("interpreted mode")) {
            return "the JIT is off (-Xint), so the Vector API would be interpreted; remove -Xint";
        }
        String level = tieredStopAtLevel();
        if (level != null && !level.equals("4")) {
            return "C2 is disabled (-XX:TieredStopAtLevel=" + level + "), so the Vector API would not be compiled; "
                    + "remove that flag";
        }
        try {
            int preferred = VectorConstants.PREFERRED_BITS;
            if (preferred < 128) {
                return "this CPU has no SIMD registers of at least 128 bits (preferred double species: " + preferred
                        + " bits)";
            }
            bits(preferred); // validates -Dqnnlab.vector.bits
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        } catch (LinkageError e) {
            return "the Vector API failed to initialise: " + e;
        }
        return null;
    }

    /** The HotSpot flag TieredStopAtLevel, or null when it cannot be read (non-HotSpot JVM). */
    private static String tieredStopAtLevel() {
        try {
            var bean = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return bean == null ? null : bean.getVMOption("TieredStopAtLevel").getValue();
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** The width to use: {@value #BITS_PROPERTY} if set (validated), else the preferred width. */
    private static int bits(int preferred) {
        String prop = System.getProperty(BITS_PROPERTY);
        if (prop == null || prop.isBlank()) {
            return Math.min(preferred, 512);
        }
        int b;
        try {
            b = Integer.parseInt(prop.trim());
        } catch (NumberFormatException e) {
            b = -1;
        }
        if (b != 128 && b != 256 && b != 512) {
            throw new IllegalArgumentException("-D" + BITS_PROPERTY + "=" + prop + " is not a supported width; allowed: "
                    + "128, 256, 512");
        }
        return b;
    }

    @Override
    public int preference() {
        return 10;
    }

    @Override
    public String simd() {
        if (unavailableReason().isPresent()) {
            return "none";
        }
        int b = VectorConstants.BITS;
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String isa = "";
        if (arch.equals("amd64") || arch.equals("x86_64")) {
            isa = b == 512 ? "AVX-512, " : b == 256 ? "AVX2, " : "SSE2, ";
        } else if (arch.equals("aarch64")) {
            isa = b == 128 ? "NEON, " : "SVE, ";
        }
        return isa + b + "-bit, " + b / 64 + " double lanes";
    }

    @Override
    public StateKernel create(int threads) {
        Optional<String> why = unavailableReason();
        if (why.isPresent()) {
            throw new IllegalStateException("vector kernel unavailable: " + why.get());
        }
        return new VectorKernel(threads);
    }
}
