package org.qnnlab.sim.kernel;

/** State lifetime races ({@link StateLifetimeStress}) on the reference kernel. */
class ScalarKernelLifetimeTest extends StateLifetimeStress {

    @Override
    protected StateKernel kernel() {
        return KernelTestSupport.requireOrSkip(KernelType.SCALAR, 1);
    }
}
