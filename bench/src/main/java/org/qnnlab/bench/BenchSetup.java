package org.qnnlab.bench;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.qnnlab.sim.StateVector;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.kernel.Kernels;
import org.qnnlab.sim.kernel.StateKernel;

/** What every benchmark's {@code @Setup} and {@code @TearDown} share: kernel creation, a random state, the norm check. */
final class BenchSetup {

    /** Largest accepted deviation of the norm from 1 after a measurement iteration. */
    static final double NORM_TOLERANCE = 1e-9;

    private BenchSetup() {
    }

    /**
     * Creates kernel {@code id} with {@code threads} threads. JMH has no "skip" for a parameter combination, so an
     * unusable one fails its {@code @Setup} with this message and JMH moves on to the next combination: a kernel that
     * cannot run here (not on the class path, no SIMD, no native library) or a thread count the kernel does not use
     * (the scalar kernel is single-threaded, so {@code threads=2} would repeat {@code threads=1}).
     */
    static StateKernel kernel(String id, int threads) {
        StateKernel k;
        try {
            k = Kernels.create(KernelType.parse(id), threads);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("skipped: " + e.getMessage(), e);
        }
        if (k.threads() != threads) {
            throw new IllegalStateException("skipped: kernel '" + id + "' uses " + k.threads()
                    + " thread(s), not " + threads + "; this combination would repeat another one");
        }
        return k;
    }

    /** A normalised state of {@code n} qubits with random amplitudes (fixed seed), so no gate meets zeros only. */
    static StateVector randomState(int n, StateKernel kernel) {
        StateVector s = StateVector.zero(n);
        MemorySegment seg = s.segment();
        SplittableRandom rng = new SplittableRandom(42);
        long doubles = 2L << n;
        for (long i = 0; i < doubles; i++) {
            seg.setAtIndex(JAVA_DOUBLE, i, rng.nextDouble() - 0.5);
        }
        kernel.scale(seg, n, 1 / Math.sqrt(kernel.normSquared(seg, n)), 0);
        return s;
    }

    /**
     * Checks that the state is still normalised (a unitary kept it so), then rescales it to 1 so that rounding does
     * not accumulate over millions of applications in later iterations.
     *
     * @throws IllegalStateException if {@code |norm - 1| > NORM_TOLERANCE}: the kernel computed something wrong
     */
    static void checkAndRenormalise(StateVector s, StateKernel kernel, String what) {
        int n = s.numQubits();
        double norm = Math.sqrt(kernel.normSquared(s.segment(), n));
        if (!(Math.abs(norm - 1) <= NORM_TOLERANCE)) {
            throw new IllegalStateException(what + ": norm " + norm + " after the iteration deviates from 1 by more than "
                    + NORM_TOLERANCE);
        }
        kernel.scale(s.segment(), n, 1 / norm, 0);
    }

    /**
     * The 2-qubit quantum Fourier transform, {@code F[j][k] = i^{jk}/2}: a fixed dense 4×4 unitary with no zero
     * entry, standing in for an arbitrary fused 2-qubit gate.
     */
    static double[] qft2() {
        double[] m = new double[32];
        for (int j = 0; j < 4; j++) {
            for (int k = 0; k < 4; k++) {
                int p = (j * k) & 3; // i^p
                m[2 * (4 * j + k)] = p == 0 ? 0.5 : p == 2 ? -0.5 : 0;
                m[2 * (4 * j + k) + 1] = p == 1 ? 0.5 : p == 3 ? -0.5 : 0;
            }
        }
        return m;
    }
}
