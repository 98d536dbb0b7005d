package org.qnnlab.sim.kernel;

/**
 * The contract run against the reference itself: the agreement tests are trivially met here, but the analytic,
 * inverse and generator-vs-derivative checks test {@link ScalarKernel} and the suite runs in java/sim.
 */
class ScalarKernelContractTest extends StateKernelContract {

    @Override
    protected StateKernel kernel() {
        return KernelTestSupport.requireOrSkip(KernelType.SCALAR, 1);
    }
}
