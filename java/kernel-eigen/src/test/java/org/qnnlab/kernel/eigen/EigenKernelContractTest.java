package org.qnnlab.kernel.eigen;

import org.qnnlab.sim.kernel.KernelTestSupport;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.kernel.StateKernel;
import org.qnnlab.sim.kernel.StateKernelContract;

/**
 * The kernel contract against libqnnlab through FFM, with two threads (the 16- and 18-qubit cases cross the
 * library's OpenMP threshold), up to log2(SIMD lanes) + 3 qubits. Skips with one line when the library is not built
 * here; fails instead when {@code -Dqnnlab.test.requireKernel} lists eigen (CI).
 */
class EigenKernelContractTest extends StateKernelContract {

    @Override
    protected StateKernel kernel() {
        StateKernel k = KernelTestSupport.requireOrSkip(KernelType.EIGEN, 2);
        System.err.println("qnnlab test: eigen kernel from " + EigenKernelProvider.libraryLocation() + ", "
                + new EigenKernelProvider().simd());
        return k;
    }

    @Override
    protected int maxQubits() {
        return Integer.numberOfTrailingZeros(Math.max(2, EigenKernelProvider.simdLanes())) + 3;
    }
}
