package org.qnnlab.analysis.ensemble;

import java.io.Serializable;
import java.util.Objects;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.kernel.Kernels;

/**
 * A simulator's settings, shipped to executors so each builds the driver's simulator: the same kernel (kernels agree
 * only to rounding, so bit-identical results need the same one), kernel threads, fusion and cache blocking.
 *
 * @param kernel           the kernel type; an executor without it fails the task with the kernel's reason
 * @param threads          the kernel's threads
 * @param fusion           {@link Simulator#fusion()}
 * @param cacheBlockQubits {@link Simulator#cacheBlockQubits()}
 */
public record SimulatorSpec(KernelType kernel, int threads, boolean fusion, int cacheBlockQubits)
        implements Serializable {

    /** Checks the kernel is named and threads is at least 1. */
    public SimulatorSpec {
        Objects.requireNonNull(kernel, "kernel");
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads + " out of range; allowed: 1 or more");
        }
    }

    /** The settings of {@code sim}. */
    public static SimulatorSpec of(Simulator sim) {
        return new SimulatorSpec(sim.kernel().type(), sim.kernel().threads(), sim.fusion(), sim.cacheBlockQubits());
    }

    /**
     * A new simulator with these settings ({@link Kernels#create(KernelType, int)}: a forced kernel).
     *
     * @throws IllegalStateException if the kernel cannot run in this JVM, with its reason and fix
     */
    public Simulator create() {
        return new Simulator(Kernels.create(kernel, threads)).withFusion(fusion).withCacheBlocking(cacheBlockQubits);
    }
}
