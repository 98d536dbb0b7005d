package org.qnnlab.cli;

import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.kernel.Kernels;
import org.qnnlab.sim.kernel.StateKernel;
import picocli.CommandLine.Option;

/** The {@code --kernel} and {@code --threads} options shared by commands that simulate. */
final class KernelOptions {

    @Option(names = "--kernel", paramLabel = "K",
            description = "Kernel: scalar, vector or eigen (default: fastest usable, or -Dqnnlab.kernel).")
    String kernel;

    @Option(names = "--threads", paramLabel = "T",
            description = "Worker threads for large states (default: available processors).")
    Integer threads;

    /** The thread count to use. */
    int threads() {
        return threads != null ? threads : Kernels.defaultThreads();
    }

    /** Creates the requested kernel; a forced kernel that cannot run is an error naming the reason. */
    StateKernel create() {
        int t = threads();
        return kernel == null ? Kernels.create(t) : Kernels.create(KernelType.parse(kernel), t);
    }
}
