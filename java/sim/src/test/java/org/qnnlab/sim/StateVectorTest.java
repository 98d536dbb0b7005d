package org.qnnlab.sim;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** Off-heap state allocation, access, copying, closing, the memory budget and alignment. */
class StateVectorTest {

    private static final double TOL = 1e-15;

    @Test
    void zeroIsTheAllZeroBasisState() {
        try (StateVector s = StateVector.zero(3)) {
            assertEquals(3, s.numQubits());
            assertEquals(8, s.dimension());
            double[] expected = new double[16];
            expected[0] = 1;
            assertArrayEquals(expected, s.amplitudes());
            assertEquals(new Complex(1, 0), s.amplitude(0));
        }
    }

    @Test
    void basisStateSetsOneAmplitude() {
        try (StateVector s = StateVector.basis(3, 5)) {
            double[] p = s.probabilities();
            for (int b = 0; b < 8; b++) {
                assertEquals(b == 5 ? 1.0 : 0.0, p[b], "probability of |" + b + ">");
            }
        }
        for (long bad : new long[] {8, -1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> StateVector.basis(3, bad));
            assertTrue(e.getMessage().contains("basis index " + bad) && e.getMessage().contains("allowed: 0..7"),
                    e.getMessage());
        }
    }

    @Test
    void ofCopiesInterleavedAmplitudes() {
        double[] amps = {0.6, 0, 0, 0.8};
        try (StateVector s = StateVector.of(amps)) {
            amps[0] = 5; // the state holds a copy
            assertEquals(1, s.numQubits());
            assertEquals(new Complex(0.6, 0), s.amplitude(0));
            assertEquals(new Complex(0, 0.8), s.amplitude(1));
            assertArrayEquals(new double[] {0.36, 0.64}, s.probabilities(), TOL);
        }
        try (StateVector s = StateVector.of(new double[16])) {
            assertEquals(3, s.numQubits());
        }
        for (int len : new int[] {2, 6, 0}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> StateVector.of(new double[len]));
            assertTrue(e.getMessage().contains("length " + len), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StateVector.of(1, Double.NaN, 0, 0));
        assertTrue(e.getMessage().contains("component 1 is NaN"), e.getMessage());
    }

    @Test
    void amplitudeAccessIsChecked() {
        try (StateVector s = StateVector.zero(2)) {
            s.setAmplitude(3, -0.5, 0.25);
            assertEquals(new Complex(-0.5, 0.25), s.amplitude(3));
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> s.amplitude(4));
            assertTrue(e.getMessage().contains("allowed: 0..3"), e.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> s.setAmplitude(-1, 0, 0));
            assertThrows(IllegalArgumentException.class, () -> s.setAmplitude(0, Double.NaN, 0));
            double[] a = s.amplitudes();
            a[0] = 42; // a fresh array each time
            assertEquals(1.0, s.amplitude(0).re());
        }
    }

    @Test
    void copiesAreIndependent() {
        try (StateVector s = StateVector.of(0.6, 0, 0, 0.8); StateVector c = s.copy()) {
            assertArrayEquals(s.amplitudes(), c.amplitudes());
            c.setAmplitude(0, 0, 1);
            assertEquals(new Complex(0.6, 0), s.amplitude(0), "changing the copy changed the original");
            s.copyFrom(c);
            assertEquals(new Complex(0, 1), s.amplitude(0));
            s.reset();
            assertArrayEquals(new double[] {1, 0, 0, 0}, s.amplitudes());
            assertEquals(new Complex(0, 1), c.amplitude(0), "reset() of the original changed the copy");
            try (StateVector other = StateVector.zero(2)) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.copyFrom(other));
                assertTrue(e.getMessage().contains("qubit counts differ: 1 vs 2"), e.getMessage());
            }
        }
    }

    @Test
    void innerNormAndNormalize() {
        try (StateVector a = StateVector.of(0, 1, 0, 0); StateVector b = StateVector.of(1, 0, 0, 0)) {
            assertEquals(new Complex(0, -1), a.inner(b), "<i·0|0> = conj(i) = −i");
        }
        try (StateVector s = StateVector.of(3, 0, 0, 4)) {
            assertEquals(5.0, s.norm(), TOL);
            s.normalize();
            assertArrayEquals(new double[] {0.6, 0, 0, 0.8}, s.amplitudes(), TOL);
        }
        try (StateVector zero = StateVector.of(0, 0, 0, 0)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, zero::normalize);
            assertTrue(e.getMessage().contains("norm 0"), e.getMessage());
        }
    }

    @Test
    void closeIsIdempotentAndReleasesTheBudgetOnce() {
        long before = OffHeapBudget.inUse();
        StateVector s = StateVector.zero(4);
        assertEquals(before + OffHeapBudget.bytesFor(4), OffHeapBudget.inUse());
        assertEquals(256, OffHeapBudget.bytesFor(4), "16 bytes per amplitude");
        assertFalse(s.isClosed());
        s.close();
        s.close();
        assertTrue(s.isClosed());
        assertEquals(before, OffHeapBudget.inUse());
        try (StateVector other = StateVector.zero(4)) {
            for (Runnable use : new Runnable[] {() -> s.amplitude(0), () -> s.setAmplitude(0, 1, 0), s::segment,
                s::acquire, s::amplitudes, s::probabilities, s::copy, s::reset, s::norm, s::normalize,
                () -> s.copyFrom(other), () -> other.copyFrom(s), () -> s.inner(other), () -> other.inner(s)}) {
                IllegalStateException e = assertThrows(IllegalStateException.class, use::run);
                assertEquals("state of 4 qubits is closed", e.getMessage());
            }
        }
        assertTrue(s.toString().contains("closed"));
    }

    @Test
    void closeWhileAcquiredFreesAtTheLastRelease() {
        for (int n : new int[] {4, 15}) { // a recycled small buffer and a shared arena
            long before = OffHeapBudget.inUse();
            StateVector s = StateVector.zero(n);
            MemorySegment held = s.acquire();
            s.acquire();
            s.close();
            assertTrue(s.isClosed());
            assertThrows(IllegalStateException.class, s::acquire);
            try (StateVector next = StateVector.zero(n)) {
                assertNotEquals(held.address(), next.acquire().address(), "a buffer in use was handed out again");
                next.release();
            }
            held.setAtIndex(JAVA_DOUBLE, 1, 0.5); // still this state's own buffer
            s.release();
            assertEquals(before + OffHeapBudget.bytesFor(n), OffHeapBudget.inUse(), "freed before the last release");
            s.release();
            assertEquals(before, OffHeapBudget.inUse(), "not freed at the last release");
            IllegalStateException e = assertThrows(IllegalStateException.class, s::release);
            assertTrue(e.getMessage().contains("released more often than acquired"), e.getMessage());
        }
    }

    @Test
    void aHandedOutSegmentDiesWithItsStateAndIsNeverRecycled() {
        for (int n : new int[] {4, 15}) {
            StateVector s = StateVector.zero(n);
            MemorySegment raw = s.segment();
            assertEquals(raw, s.segment(), "one segment per state");
            s.close();
            assertFalse(raw.scope().isAlive());
            assertThrows(IllegalStateException.class, () -> raw.getAtIndex(JAVA_DOUBLE, 0));
            // a large state's memory goes back to malloc, which may hand out the address again; a small one's must not
            for (int i = 0; i < 10 && n < 15; i++) { // more than the free list holds
                try (StateVector next = StateVector.zero(n)) {
                    assertNotEquals(raw.address(), next.acquire().address());
                    next.release();
                }
            }
        }
    }

    @Test
    void qubitCountIsChecked() {
        for (int bad : new int[] {0, -3, StateVector.MAX_QUBITS + 1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StateVector.zero(bad));
            assertTrue(e.getMessage().contains("qubit count " + bad) && e.getMessage().contains("1..40"),
                    e.getMessage());
        }
    }

    @Test
    void anAllocationOverTheBudgetIsRefusedBeforeAnythingIsAllocated() {
        long before = OffHeapBudget.inUse();
        withMaxMemory("1M", () -> {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> StateVector.zero(20));
            String m = e.getMessage();
            assertTrue(m.contains("20-qubit state needs 16 MiB"), m); // 16 bytes · 2^20
            assertTrue(m.contains("1 MiB limit"), m);
            assertTrue(m.contains("-Dqnnlab.maxMemory="), "names how to raise the limit: " + m);
            assertEquals(before, OffHeapBudget.inUse(), "a refused allocation holds no budget");
        });
        try (StateVector s = StateVector.zero(16)) {
            assertEquals(before + OffHeapBudget.bytesFor(16), OffHeapBudget.inUse(), "the limit is lifted again");
        }
    }

    @Test
    void sizesMayHaveDecimalsAndBadOnesNameTheSyntax() {
        assertEquals(3L << 29, OffHeapBudget.parseBytes("1.5G"));
        assertEquals(512L << 20, OffHeapBudget.parseBytes("512m"));
        assertEquals(1536, OffHeapBudget.parseBytes("1.5 KB"));
        assertEquals(123, OffHeapBudget.parseBytes("123"));
        assertEquals(Long.MAX_VALUE, OffHeapBudget.parseBytes("99999999999T"));
        for (String bad : new String[] {"0", "-1G", "1,5G", "G", "1e9", "0.0000000001K", "8X", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> OffHeapBudget.parseBytes(bad), bad);
            assertTrue(e.getMessage().startsWith("-Dqnnlab.maxMemory=" + bad + " is not a positive size; allowed: "
                    + "a number of bytes, optionally with a decimal point"), e.getMessage());
        }
    }

    @Test
    void aLimitAbovePhysicalMemoryDoesNotMakeRoom() {
        long before = OffHeapBudget.inUse();
        withMaxMemory("4096T", () -> {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> StateVector.zero(StateVector.MAX_QUBITS));
            String m = e.getMessage();
            assertTrue(m.contains("40-qubit state needs 16 TiB") && m.contains("physical memory")
                    && m.contains("-Dqnnlab.maxMemory=4096T is above the physical memory"), m);
            assertEquals(before, OffHeapBudget.inUse(), "a refused allocation holds no budget");
        });
    }

    /** Runs {@code body} with {@code -Dqnnlab.maxMemory=value}, then restores the property as it was. */
    private static void withMaxMemory(String value, Runnable body) {
        String key = OffHeapBudget.MAX_MEMORY_PROPERTY;
        String saved = System.getProperty(key);
        try {
            System.setProperty(key, value);
            body.run();
        } finally {
            if (saved == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, saved);
            }
        }
    }

    @Test
    void bufferIsCacheLineAligned() {
        for (int n = 1; n <= 10; n++) {
            try (StateVector s = StateVector.zero(n); StateVector c = s.copy()) {
                assertEquals(0, s.segment().address() % StateVector.ALIGNMENT, "zero(" + n + ")");
                assertEquals(0, c.segment().address() % 64, "copy of zero(" + n + ")");
                assertEquals(OffHeapBudget.bytesFor(n), s.segment().byteSize());
            }
        }
        try (StateVector s = StateVector.of(new double[32])) {
            assertEquals(0, s.segment().address() % 64, "of(...)");
        }
    }
}
