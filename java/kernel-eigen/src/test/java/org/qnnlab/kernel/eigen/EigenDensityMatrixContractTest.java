package org.qnnlab.kernel.eigen;

import org.qnnlab.sim.kernel.KernelTestSupport;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.kernel.StateKernel;
import org.qnnlab.sim.noise.DensityMatrixContract;

/**
 * The density-matrix and trajectory contract on libqnnlab with two threads: each noisy circuit reaches the library
 * as one batch of gates, conjugated gates and superoperators. Skips with one line when the library is not built
 * here; fails instead when {@code -Dqnnlab.test.requireKernel} lists eigen.
 */
class EigenDensityMatrixContractTest extends DensityMatrixContract {

    @Override
    protected StateKernel kernel() {
        return KernelTestSupport.requireOrSkip(KernelType.EIGEN, 2);
    }
}
