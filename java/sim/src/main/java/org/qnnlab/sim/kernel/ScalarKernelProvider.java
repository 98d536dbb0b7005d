package org.qnnlab.sim.kernel;

import java.util.Optional;

/** Provides {@link ScalarKernel}; always usable. */
public final class ScalarKernelProvider implements KernelProvider {

    @Override
    public KernelType type() {
        return KernelType.SCALAR;
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.empty();
    }

    @Override
    public int preference() {
        return 0;
    }

    @Override
    public String simd() {
        return "none";
    }

    @Override
    public StateKernel create(int threads) {
        return new ScalarKernel();
    }
}
