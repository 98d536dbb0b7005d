package org.qnnlab.kernel.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qnnlab.sim.kernel.KernelTestSupport;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.kernel.Kernels;
import org.qnnlab.sim.kernel.StateKernel;

/** Discovery, automatic choice and width selection of the vector kernel. */
class VectorKernelProviderTest {

    @BeforeAll
    static void requireVector() {
        KernelTestSupport.requireOrSkip(KernelType.VECTOR, 1);
    }

    @Test
    void isDiscoveredAndPreferredOverScalar() {
        StateKernel k = Kernels.create(KernelType.VECTOR, 3);
        assertEquals(KernelType.VECTOR, k.type());
        assertEquals(3, k.threads());
        if (System.getProperty(Kernels.KERNEL_PROPERTY) == null) {
            assertEquals(KernelType.VECTOR, Kernels.create(1).type(), "the fastest usable kernel is chosen");
        }
    }

    @Test
    void widthIsThePropertyOrThePreferredSpecies() {
        VectorKernel k = (VectorKernel) new VectorKernelProvider().create(1);
        String forced = System.getProperty(VectorKernelProvider.BITS_PROPERTY);
        int expected = forced != null ? Integer.parseInt(forced)
                : Math.min(512, jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.vectorBitSize());
        assertEquals(expected, k.vectorBits());
        assertEquals(k.vectorBits() / 64, k.lanes());
        assertTrue(new VectorKernelProvider().simd().contains(k.vectorBits() + "-bit"));
    }

    @Test
    void badWidthPropertyMakesTheKernelUnavailableWithTheReason() {
        String old = System.getProperty(VectorKernelProvider.BITS_PROPERTY);
        System.setProperty(VectorKernelProvider.BITS_PROPERTY, "384");
        try {
            VectorKernelProvider p = new VectorKernelProvider();
            String why = p.unavailableReason().orElseThrow();
            assertTrue(why.contains("384") && why.contains("128, 256, 512"), why);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.create(1));
            assertTrue(e.getMessage().contains("384"), e.getMessage());
        } finally {
            if (old == null) {
                System.clearProperty(VectorKernelProvider.BITS_PROPERTY);
            } else {
                System.setProperty(VectorKernelProvider.BITS_PROPERTY, old);
            }
        }
    }
}
