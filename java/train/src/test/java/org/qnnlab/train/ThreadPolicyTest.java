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
    void moreThreadsThanCoresAreWarnedAbout() {
        assertEquals(java.util.Optional.empty(), ThreadPolicy.oversubscription(2, 2, "--threads"));
        assertEquals("qnnlab: --threads 1024 is more than the 2 available cores; the extra threads only take turns on "
                + "them and usually make the run slower (use 2 or fewer)",
                ThreadPolicy.oversubscription(1024, 2, "--threads").orElseThrow());
        assertEquals(3, ThreadPolicy.checked(3, "--threads"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ThreadPolicy.checked(1025, "--threads"));
        assertEquals("--threads 1025 out of range; allowed: 1..1024", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ThreadPolicy.checked(0, "--threads"));
    }

    @Test
    void nonPositiveCountsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ThreadPolicy.forQubits(4, 0));
        assertThrows(IllegalArgumentException.class, () -> new ThreadPolicy(0, 1));
    }
}
