package org.qnnlab.kernel.vector;

import org.qnnlab.sim.kernel.KernelTestSupport;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.kernel.StateKernel;
import org.qnnlab.sim.kernel.StateLifetimeStress;

/** State lifetime races ({@link StateLifetimeStress}) on the vector kernel with two threads. */
class VectorKernelLifetimeTest extends StateLifetimeStress {

    @Override
    protected StateKernel kernel() {
        return KernelTestSupport.requireOrSkip(KernelType.VECTOR, 2);
    }
}
