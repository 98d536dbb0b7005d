package org.qnnlab.kernel.vector;

import org.qnnlab.sim.kernel.KernelTestSupport;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.kernel.StateKernel;
import org.qnnlab.sim.kernel.StateKernelContract;

/**
 * The kernel contract at this JVM's register width (STYLE lesson 4), up to log2(lanes) + 3 qubits, with two threads
 * so that the 16- and 18-qubit cases split their work. The build runs it at the CPU's width (512 bits here: two low
 * qubits, the two-low-target path) and again with {@code -Dqnnlab.vector.bits=256} (one low qubit) and {@code 128}
 * (none: every target streams); see the surefire executions in this module's pom.
 */
class VectorKernelContractTest extends StateKernelContract {

    @Override
    protected StateKernel kernel() {
        StateKernel k = KernelTestSupport.requireOrSkip(KernelType.VECTOR, 2); // fails or skips visibly
        System.err.println("qnnlab test: vector kernel contract at " + ((VectorKernel) k).vectorBits() + " bits");
        return k;
    }

    @Override
    protected int maxQubits() {
        return Integer.numberOfTrailingZeros(VectorConstants.BITS / 64) + 3;
    }
}
