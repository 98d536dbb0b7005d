package org.qnnlab.kernel.vector;

import org.qnnlab.sim.kernel.KernelTestSupport;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.kernel.StateKernel;
import org.qnnlab.sim.noise.DensityMatrixContract;

/**
 * The density-matrix and trajectory contract on the vector kernel with two threads: ρ's 2n-qubit vector puts the
 * column qubits above the register width, so both the low-qubit and the strided paths serve every channel.
 */
class VectorDensityMatrixContractTest extends DensityMatrixContract {

    @Override
    protected StateKernel kernel() {
        return KernelTestSupport.requireOrSkip(KernelType.VECTOR, 2);
    }
}
