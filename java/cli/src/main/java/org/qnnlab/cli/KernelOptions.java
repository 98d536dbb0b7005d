package org.qnnlab.cli;

import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.kernel.Kernels;
import org.qnnlab.sim.kernel.StateKernel;
import org.qnnlab.train.ThreadPolicy;
import picocli.CommandLine.Option;

/** The {@code --kernel} and {@code --threads} options shared by commands that simulate. */
final class KernelOptions {

    @Option(names = "--kernel", paramLabel = "K",
            description = "Kernel: scalar, vector or eigen (default: -Dqnnlab.kernel, else the fastest usable; for "
                    + "simulate and grad, which run one circuit, a usable native kernel first: no JIT warm-up).")
    String kernel;

    @Option(names = "--threads", paramLabel = "T",
            description = "Threads in all (default: -Dqnnlab.threads, else the available processors). Analyses of "
                    + "states under 14 qubits give them to samples and initializations, larger states to the kernel.")
    Integer threads;

    @Option(names = "--no-fuse", description = "Run circuits gate by gate, without gate fusion (for comparisons; "
            + "same as -Dqnnlab.fusion=off).")
    boolean noFuse;

    /** A simulator over {@code kernel} that fuses gates unless {@code --no-fuse} (or {@code -Dqnnlab.fusion=off}). */
    org.qnnlab.sim.Simulator simulator(StateKernel kernel) {
        org.qnnlab.sim.Simulator sim = new org.qnnlab.sim.Simulator(kernel);
        return noFuse ? sim.withFusion(false) : sim;
    }

    /** The thread count to use, checked by {@link ThreadPolicy#checked} (range, and a warning above the cores). */
    int threads() {
        return threads != null ? ThreadPolicy.checked(threads, "--threads")
                : ThreadPolicy.checked(Kernels.defaultThreads(), "-D" + Kernels.THREADS_PROPERTY);
    }

    /** Creates the requested kernel; a forced kernel that cannot run is an error naming the reason. */
    StateKernel create() {
        return create(threads());
    }

    /**
     * The requested kernel for a command that runs one circuit and exits: {@code --kernel} if given, else
     * {@link Kernels#createForOneShot} (a kernel with no JIT warm-up when one is usable).
     */
    StateKernel createOneShot() {
        int t = threads();
        return kernel == null ? Kernels.createForOneShot(t) : Kernels.create(KernelType.parse(kernel), t);
    }

    /** The requested kernel with {@code kernelThreads} threads per state. */
    StateKernel create(int kernelThreads) {
        return kernel == null ? Kernels.create(kernelThreads) : Kernels.create(KernelType.parse(kernel), kernelThreads);
    }

    /** The thread split ({@link ThreadPolicy}) for states of {@code qubits} qubits. */
    ThreadPolicy policy(int qubits) {
        return ThreadPolicy.forQubits(qubits, threads());
    }
}
