package org.qnnlab.sim.kernel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds kernels with {@link ServiceLoader} and chooses one.
 *
 * <p>Choice: an explicit {@link KernelType} (CLI {@code --kernel}) or the system property {@code qnnlab.kernel}
 * forces a kernel, and a forced kernel that cannot run is an error. Otherwise the usable kernel with the highest
 * {@link KernelProvider#preference()} is taken; when a preferred kernel is present but unusable, one log line names
 * it and the fix. Thread count: explicit, else {@code -Dqnnlab.threads}, else available processors.
 */
public final class Kernels {

    /** System property forcing a kernel: {@code scalar}, {@code vector} or {@code eigen}. */
    public static final String KERNEL_PROPERTY = "qnnlab.kernel";
    /** System property setting the default worker-thread count. */
    public static final String THREADS_PROPERTY = "qnnlab.threads";

    /**
     * States below this many qubits run each kernel operation on the calling thread: handing a pass over 2^13
     * amplitudes or fewer to a worker costs more than it saves. The one home of this threshold for the Java kernels
     * and the thread split of the analyses ({@code org.qnnlab.train.ThreadPolicy}); libqnnlab carries the same number
     * as {@code kParallelMinQubits} (native/src/qnnlab.cpp).
     */
    public static final int PARALLEL_MIN_QUBITS = 14;

    private static final Logger LOG = LoggerFactory.getLogger(Kernels.class);

    private Kernels() {
    }

    /** Holder so discovery runs once, lazily, thread-safely. */
    private static final class Holder {
        static final List<KernelProvider> PROVIDERS = discover();
    }

    /**
     * Separate holder for the default kernel: a bad {@code -Dqnnlab.kernel} must fail each {@link #defaultKernel()}
     * call with its message, never break discovery (which {@code qnn kernels} needs to explain what is usable).
     */
    private static final class DefaultHolder {
        static final StateKernel DEFAULT = chooseDefault();
    }

    private static List<KernelProvider> discover() {
        List<KernelProvider> found = new ArrayList<>();
        for (KernelProvider p : ServiceLoader.load(KernelProvider.class, Kernels.class.getClassLoader())) {
            if (found.stream().noneMatch(q -> q.type() == p.type())) {
                found.add(p);
            }
        }
        if (found.stream().noneMatch(p -> p.type() == KernelType.SCALAR)) {
            found.add(new ScalarKernelProvider());
        }
        found.sort(Comparator.comparingInt(KernelProvider::preference).reversed());
        return List.copyOf(found);
    }

    /** Every kernel provider on the class path, most preferred first (usable or not). */
    public static List<KernelProvider> providers() {
        return Holder.PROVIDERS;
    }

    /** The provider for {@code type}, if its module is on the class path. */
    public static Optional<KernelProvider> provider(KernelType type) {
        return providers().stream().filter(p -> p.type() == type).findFirst();
    }

    /** The default thread count: {@code -Dqnnlab.threads}, else the number of available processors. */
    public static int defaultThreads() {
        String prop = System.getProperty(THREADS_PROPERTY);
        if (prop != null && !prop.isBlank()) {
            return validateThreads(parseThreads(prop));
        }
        return Runtime.getRuntime().availableProcessors();
    }

    private static int parseThreads(String prop) {
        try {
            return Integer.parseInt(prop.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "-D" + THREADS_PROPERTY + "=" + prop + " is not a whole number; allowed: 1..1024");
        }
    }

    private static int validateThreads(int threads) {
        if (threads < 1 || threads > 1024) {
            throw new IllegalArgumentException("thread count " + threads + " out of range; allowed: 1..1024");
        }
        return threads;
    }

    /**
     * Creates the forced kernel {@code type} with {@code threads} threads.
     *
     * @throws IllegalArgumentException if the kernel's module is not on the class path or the kernel cannot run here
     */
    public static StateKernel create(KernelType type, int threads) {
        validateThreads(threads);
        KernelProvider p = provider(type).orElseThrow(() -> new IllegalArgumentException(
                "kernel '" + type.id() + "' is not on the class path (add the qnnlab-kernel-" + type.id()
                        + " jar)"));
        Optional<String> why = p.unavailableReason();
        if (why.isPresent()) {
            throw new IllegalArgumentException("kernel '" + type.id() + "' cannot run: " + why.get());
        }
        return p.create(threads);
    }

    /**
     * Creates a kernel: {@code -Dqnnlab.kernel} if set (forced), else the most preferred usable kernel.
     *
     * @param threads worker threads, 1..1024
     */
    public static StateKernel create(int threads) {
        String forced = System.getProperty(KERNEL_PROPERTY);
        if (forced != null && !forced.isBlank()) {
            return create(KernelType.parse(forced), threads);
        }
        validateThreads(threads);
        for (KernelProvider p : providers()) {
            Optional<String> why = p.unavailableReason();
            if (why.isEmpty()) {
                return p.create(threads);
            }
            FallbackLog.once(p.type(), () -> LOG.warn("qnnlab: {} kernel unavailable, falling back: {}",
                    p.type().id(), why.get()));
        }
        throw new IllegalStateException("no usable kernel; the scalar kernel should always be usable");
    }

    /**
     * Creates a kernel for a command that runs one circuit (or one gradient) and exits: {@code -Dqnnlab.kernel} if
     * set, else the most preferred usable kernel that is compiled ahead of time ({@link KernelProvider#aheadOfTime}),
     * else {@link #create(int)}'s choice. For one circuit the JIT warm-up of a Java kernel costs more than any gain
     * in its warm speed (bench/README, "Cold start").
     *
     * @param threads worker threads, 1..1024
     */
    public static StateKernel createForOneShot(int threads) {
        String forced = System.getProperty(KERNEL_PROPERTY);
        if (forced == null || forced.isBlank()) {
            validateThreads(threads);
            for (KernelProvider p : providers()) {
                if (p.aheadOfTime() && p.unavailableReason().isEmpty()) {
                    return p.create(threads);
                }
            }
        }
        return create(threads);
    }

    /**
     * The shared default kernel (chosen as {@link #create(int)} with {@link #defaultThreads()} threads), created on
     * first use. Used where no kernel is given, e.g. {@code StateVector.norm()}.
     */
    public static StateKernel defaultKernel() {
        String forced = System.getProperty(KERNEL_PROPERTY);
        if (forced != null && !forced.isBlank()) {
            // a bad or unusable name fails here with its message, not as an initializer error
            provider(KernelType.parse(forced)).flatMap(KernelProvider::unavailableReason).ifPresent(why -> {
                throw new IllegalStateException("-D" + KERNEL_PROPERTY + "=" + forced + " cannot run: " + why);
            });
        }
        return DefaultHolder.DEFAULT;
    }

    private static StateKernel chooseDefault() {
        return create(defaultThreads());
    }
}
