package org.qnnlab.sim.kernel;

import java.util.Optional;

/**
 * Service-provider entry for one kernel implementation, found with {@link java.util.ServiceLoader}.
 *
 * <p>A provider must be cheap to construct and must not touch optional platform features (the Vector API, a native
 * library) before {@link #unavailableReason()} has checked that they are usable.
 */
public interface KernelProvider {

    /** The kernel this provider makes. */
    KernelType type();

    /**
     * Why this kernel cannot run here, including the fix (e.g. the JVM flag to add), or empty when it is usable.
     * Computed once and cached by the provider.
     */
    Optional<String> unavailableReason();

    /** Higher is preferred when the kernel is chosen automatically (the fastest usable wins). */
    int preference();

    /**
     * True if this kernel's loops are machine code before its first call (a native library), so a command that runs
     * one circuit pays no JIT warm-up for them. {@link Kernels#createForOneShot} prefers such kernels: a Java kernel's
     * first circuit at 20 qubits spends seconds in the JIT compiler (bench/README, "Cold start").
     */
    default boolean aheadOfTime() {
        return false;
    }

    /** SIMD description for {@code qnn kernels}, e.g. {@code "AVX-512: 8 double lanes"}, or {@code "none"}. */
    String simd();

    /**
     * Creates a kernel using up to {@code threads} worker threads.
     *
     * @throws IllegalStateException when the kernel is unavailable, with {@link #unavailableReason()} as message
     */
    StateKernel create(int threads);
}
