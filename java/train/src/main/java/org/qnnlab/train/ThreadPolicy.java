package org.qnnlab.train;

import org.qnnlab.sim.kernel.Kernels;

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
 * @param kernelThreads threads per state, for {@link Kernels#create(int)}
 * @param itemThreads   workers over independent items, for {@link Parallel#forEach}
 */
public record ThreadPolicy(int kernelThreads, int itemThreads) {

    /** From this many qubits on, kernels parallelise a single state themselves (2^14 amplitudes, 256 KiB). */
    public static final int KERNEL_PARALLEL_QUBITS = 14;

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

    /** All threads a run may use: {@code -Dqnnlab.threads}, else the available processors. */
    public static int defaultThreads() {
        return Kernels.defaultThreads();
    }
}
