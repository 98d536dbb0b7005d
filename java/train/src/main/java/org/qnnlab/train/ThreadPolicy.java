package org.qnnlab.train;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.qnnlab.sim.kernel.Kernels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread policy of qnnlab: how a run shares its threads between the kernel (threads inside one state's
 * gate application) and independent items (samples of a batch, random initializations, parameter points, derivative
 * states), given the state size.
 *
 * <p>Below {@value #KERNEL_PARALLEL_QUBITS} qubits a state is too small for a kernel to split one gate over threads
 * (the fork/join costs more than the pass; see bench/README.md), so the kernel gets one thread and the items get them
 * all. From {@value #KERNEL_PARALLEL_QUBITS} qubits on the kernel gets them all and items run one at a time, so two
 * levels of parallelism never compete for the cores. Neither choice changes a result: kernels reduce in a fixed order
 * and {@link Parallel} writes each item's own slot.
 *
 * <p>A thread count is the caller's to choose, but more threads than cores only add switching and contention (on two
 * cores {@code --threads 1024} ran 9× slower than 2), so {@link #checked} warns once per count above the available
 * processors.
 *
 * @param kernelThreads threads per state, for {@link Kernels#create(int)}
 * @param itemThreads   workers over independent items, for {@link Parallel#forEach}
 */
public record ThreadPolicy(int kernelThreads, int itemThreads) {

    /** From this many qubits on, kernels parallelise a single state themselves (2^14 amplitudes, 256 KiB). */
    public static final int KERNEL_PARALLEL_QUBITS = org.qnnlab.sim.kernel.Kernels.PARALLEL_MIN_QUBITS;

    /** The most threads a run may ask for (as {@code -Dqnnlab.threads} allows). */
    public static final int MAX_THREADS = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(ThreadPolicy.class);
    private static final Set<Integer> WARNED = new HashSet<>();

    /** Checks both counts. */
    public ThreadPolicy {
        if (kernelThreads < 1 || itemThreads < 1) {
            throw new IllegalArgumentException("thread counts " + kernelThreads + " (kernel) and " + itemThreads
                    + " (items) out of range; allowed: 1 or more");
        }
    }

    /**
     * The policy for states of {@code qubits} qubits with {@code threads} threads in all.
     *
     * @throws IllegalArgumentException if threads &lt; 1
     */
    public static ThreadPolicy forQubits(int qubits, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads + " out of range; allowed: 1 or more");
        }
        return qubits < KERNEL_PARALLEL_QUBITS ? new ThreadPolicy(1, threads) : new ThreadPolicy(threads, 1);
    }

    /** {@link #forQubits(int, int)} with {@link #defaultThreads()} threads. */
    public static ThreadPolicy forQubits(int qubits) {
        return forQubits(qubits, defaultThreads());
    }

    /**
     * Checks a requested thread count, {@code 1..}{@value #MAX_THREADS}, and warns once per count (on stderr through
     * slf4j) when it is above the available processors.
     *
     * @param option names the setting in the messages, e.g. {@code "--threads"}
     * @return {@code threads}
     * @throws IllegalArgumentException naming the option, the count and the allowed range
     */
    public static int checked(int threads, String option) {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException(option + " " + threads + " out of range; allowed: 1.." + MAX_THREADS);
        }
        oversubscription(threads, Runtime.getRuntime().availableProcessors(), option).ifPresent(warning -> {
            synchronized (WARNED) {
                if (WARNED.add(threads)) {
                    LOG.warn(warning);
                }
            }
        });
        return threads;
    }

    /** The warning for {@code threads} threads on {@code cores} cores, if there are more threads than cores. */
    static Optional<String> oversubscription(int threads, int cores, String option) {
        if (threads <= cores) {
            return Optional.empty();
        }
        return Optional.of(String.format("qnnlab: %s %d is more than the %d available core%s; the extra threads only "
                + "take turns on them and usually make the run slower (use %d or fewer)", option, threads, cores,
                cores == 1 ? "" : "s", cores));
    }

    /** All threads a run may use: {@code -Dqnnlab.threads}, else the available processors. */
    public static int defaultThreads() {
        return Kernels.defaultThreads();
    }
}
