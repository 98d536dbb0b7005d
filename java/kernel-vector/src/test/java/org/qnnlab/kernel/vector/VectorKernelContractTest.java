package org.qnnlab.kernel.vector;

import org.junit.jupiter.api.Nested;
import org.qnnlab.sim.kernel.KernelTestSupport;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.kernel.StateKernel;
import org.qnnlab.sim.kernel.StateKernelContract;

/**
 * The kernel contract at every register width (STYLE lesson 4): 512 bits has two low qubits (the two-low-target
 * path), 256 one, 128 none (every target streams). Each runs up to log2(lanes) + 3 qubits, with two threads so that
 * the 16- and 18-qubit cases split their work.
 */
class VectorKernelContractTest {

    private static StateKernel kernel(int bits) {
        StateKernel k = KernelTestSupport.requireOrSkip(KernelType.VECTOR, 2); // fails or skips visibly
        return k instanceof VectorKernel v && v.vectorBits() == bits ? k : VectorKernelProvider.create(bits, 2);
    }

    @Nested
    class Bits512 extends StateKernelContract {
        @Override
        protected StateKernel kernel() {
            return VectorKernelContractTest.kernel(512);
        }

        @Override
        protected int maxQubits() {
            return 3 + 3;
        }
    }

    @Nested
    class Bits256 extends StateKernelContract {
        @Override
        protected StateKernel kernel() {
            return VectorKernelContractTest.kernel(256);
        }

        @Override
        protected int maxQubits() {
            return 2 + 3;
        }
    }

    @Nested
    class Bits128 extends StateKernelContract {
        @Override
        protected StateKernel kernel() {
            return VectorKernelContractTest.kernel(128);
        }

        @Override
        protected int maxQubits() {
            return 1 + 3;
        }
    }
}
