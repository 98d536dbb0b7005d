package org.qnnlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Small states give their threads to items, large states to the kernel; never both. */
class ThreadPolicyTest {

    @Test
    void smallStatesSplitOverItemsLargeStatesOverTheKernel() {
        assertEquals(new ThreadPolicy(1, 4), ThreadPolicy.forQubits(ThreadPolicy.KERNEL_PARALLEL_QUBITS - 1, 4));
        assertEquals(new ThreadPolicy(4, 1), ThreadPolicy.forQubits(ThreadPolicy.KERNEL_PARALLEL_QUBITS, 4));
        assertEquals(new ThreadPolicy(1, 1), ThreadPolicy.forQubits(20, 1));
        assertEquals(ThreadPolicy.defaultThreads(), Parallel.defaultThreads());
    }

    @Test
    void nonPositiveCountsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ThreadPolicy.forQubits(4, 0));
        assertThrows(IllegalArgumentException.class, () -> new ThreadPolicy(0, 1));
    }
}
