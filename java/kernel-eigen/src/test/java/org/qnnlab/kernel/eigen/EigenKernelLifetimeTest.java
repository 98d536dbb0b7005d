package org.qnnlab.kernel.eigen;

import org.qnnlab.sim.kernel.KernelTestSupport;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.kernel.StateKernel;
import org.qnnlab.sim.kernel.StateLifetimeStress;

/**
 * State lifetime races ({@link StateLifetimeStress}) on libqnnlab with two threads: before the state guard and
 * {@code NativeCalls}, closing during a gate killed the JVM (SIGSEGV in the library) or let the gate write into the
 * next state's buffer.
 */
class EigenKernelLifetimeTest extends StateLifetimeStress {

    @Override
    protected StateKernel kernel() {
        return KernelTestSupport.requireOrSkip(KernelType.EIGEN, 2);
    }
}
