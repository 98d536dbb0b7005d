package org.qnnlab.sim.noise;

import org.qnnlab.sim.kernel.KernelTestSupport;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.kernel.StateKernel;

/** The density-matrix and trajectory contract on the reference kernel. */
class ScalarDensityMatrixContractTest extends DensityMatrixContract {

    @Override
    protected StateKernel kernel() {
        return KernelTestSupport.requireOrSkip(KernelType.SCALAR, 1);
    }
}
