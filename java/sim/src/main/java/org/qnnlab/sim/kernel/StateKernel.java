package org.qnnlab.sim.kernel;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

/**
 * The kernel SPI: in-place operations on a state vector in qnnlab's one memory layout.
 *
 * <h2>Layout</h2>
 * A state of {@code n} qubits is a {@link MemorySegment} of {@code 2^n} complex128 amplitudes, interleaved
 * {@code (re, im)} doubles in native (little-endian) byte order, 64-byte aligned. Basis index {@code b} holds the
 * amplitude of {@code |b>} where qubit {@code q} is bit {@code q} of {@code b} (qubit 0 = least significant bit).
 * This is numpy's {@code complex128} and C++'s {@code std::complex<double>[]}, so a state crosses into native code
 * with no copy.
 *
 * <h2>Matrices</h2>
 * A dense gate matrix on {@code k} qubits {@code qs[0..k-1]} is {@code 2^k × 2^k}, row-major, interleaved complex
 * ({@code 2·4^k} doubles). Matrix index bit {@code k-1-j} is the bit of qubit {@code qs[j]}: the first listed qubit is
 * the most significant, as in textbooks, so {@code apply2(s, n, c, t, CNOT)} with the textbook CNOT matrix is a CNOT
 * with control {@code c}.
 *
 * <h2>Controls</h2>
 * {@code ctrl} is a bit mask of control qubits: an operation acts only on basis states whose control bits are all 1
 * and leaves the others unchanged. {@code ctrl == 0} means no controls.
 *
 * <h2>Pauli strings</h2>
 * A Pauli string is a pair of masks {@code (x, z)}: qubit {@code q} carries X if only bit q of x is set, Z if only
 * bit q of z is set, and Y if both are ({@code Y = i·X·Z}). Hence {@code P|b> = i^{popcount(x&z)}
 * (-1)^{popcount(b&z)} |b^x>}.
 *
 * <p>A kernel with more than one thread works on the segment from its worker threads, so the segment must be
 * accessible from any thread (a shared, global or automatic arena, as {@code org.qnnlab.sim.StateVector}'s are).
 * A kernel may be handed a segment whose state was closed: FFM refuses every Java access to it, and a native kernel
 * that passes the address inside a struct must bracket the downcall with {@link NativeCalls} and check
 * {@code s.scope().isAlive()} after entering. Callers hold a {@code StateVector} open around the call
 * ({@code acquire}/{@code release}), so its buffer is never freed or reused during one.
 *
 * <p>Kernels trust their input: qubits are in range and distinct, controls are disjoint from targets, matrices have
 * the right size, {@code n <= 62}. The {@code org.qnnlab.sim.Simulator} facade validates before calling. Every method
 * must give the same result as {@link ScalarKernel}, the reference, to rounding (the contract tests check 1e-12).
 */
public interface StateKernel {

    /** Which implementation this is. */
    KernelType type();

    /** Worker threads this instance uses for large states (1 = single-threaded). */
    int threads();

    /** Applies a dense 2×2 matrix {@code m} (8 doubles) to qubit {@code q}, under controls {@code ctrl}. */
    void apply1(MemorySegment s, int n, int q, double[] m, long ctrl);

    /**
     * Applies a dense 4×4 matrix {@code m} (32 doubles) to qubits {@code (q0, q1)}, matrix index
     * {@code 2·bit(q0) + bit(q1)}, under controls {@code ctrl}. {@code q0} may be above or below {@code q1}.
     */
    void apply2(MemorySegment s, int n, int q0, int q1, double[] m, long ctrl);

    /**
     * Applies a dense {@code 2^k × 2^k} matrix ({@code k = qs.length <= 5}, the size of a fused gate) to qubits
     * {@code qs}, first listed qubit most significant, under controls {@code ctrl}.
     */
    void applyMatrix(MemorySegment s, int n, int[] qs, double[] m, long ctrl);

    /**
     * Multiplies each amplitude by a diagonal entry: {@code d} holds {@code 2^k} complex numbers (2^(k+1) doubles)
     * indexed like a matrix on {@code qs} (first listed qubit most significant); under controls {@code ctrl}.
     */
    void applyDiagonal(MemorySegment s, int n, int[] qs, double[] d, long ctrl);

    /** Applies {@code exp(-i·theta/2·P)} for the Pauli string {@code P = (x, z)}, under controls {@code ctrl}. */
    void applyPauliRotation(MemorySegment s, int n, long x, long z, double theta, long ctrl);

    /** Replaces the state by {@code P|s>} for the Pauli string {@code P = (x, z)}. */
    void applyPauli(MemorySegment s, int n, long x, long z);

    /** {@code <P> = <s|P|s>} for the Pauli string {@code (x, z)} (real for any state: P is Hermitian). */
    double expectationPauli(MemorySegment s, int n, long x, long z);

    /** {@code <a|b>} as {@code {re, im}}. */
    double[] inner(MemorySegment a, MemorySegment b, int n);

    /**
     * {@code <a|P|b>} for the Pauli string {@code P = (x, z)}, as {@code {re, im}} (the adjoint gradient's inner
     * product with a generator). The default copies {@code b}; kernels may fuse it into one read-only pass.
     */
    default double[] innerPauli(MemorySegment a, MemorySegment b, int n, long x, long z) {
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment pb = arena.allocate(16L << n, 64);
            pb.copyFrom(b.asSlice(0, 16L << n));
            applyPauli(pb, n, x, z);
            return inner(a, pb, n);
        }
    }

    /** {@code <s|s>}. */
    double normSquared(MemorySegment s, int n);

    /** {@code s *= (re + i·im)}. */
    void scale(MemorySegment s, int n, double re, double im);

    /** {@code y += (re + i·im)·x}. */
    void axpy(MemorySegment y, MemorySegment x, int n, double re, double im);

    /**
     * The cost of one pass by operation size on this kernel, which gate fusion uses to choose its blocks. The default
     * is the scalar reference's, measured (bench/README, "Fusion pass costs"): its passes cost their arithmetic plus a
     * per-amplitude overhead, so larger blocks are relatively cheap.
     */
    default PassCosts passCosts() {
        return new PassCosts(new double[] {0, 1, 1.13, 1.41, 2.4, 4.1},
                new double[] {0, 0.36, 0.43, 0.49, 0.57, 0.62, 0.70, 0.77, 0.86, 0.92, 1.04});
    }

    /** Applies a compiled gate list in order; a native kernel overrides this to make one downcall per batch. */
    default void applyAll(MemorySegment s, int n, java.util.List<KernelOp> ops) {
        for (KernelOp op : ops) {
            op.applyTo(this, s, n);
        }
    }

    /**
     * Runs a cache-blocked pass ({@link KernelOp.Blocked}): every block of the state is brought into a scratch buffer
     * (or used in place when the block's qubits are the lowest ones), the block's operations run on it, and it is
     * written back. The default walks the blocks in order on the calling thread with this kernel; a kernel with
     * worker threads may override it to hand ranges of blocks to its workers ({@link CacheBlocks#run}), as the vector
     * kernel does.
     */
    default void applyBlocked(MemorySegment s, int n, KernelOp.Blocked op) {
        CacheBlocks.run(this, s, n, op, 0, CacheBlocks.count(n, op));
    }

    /**
     * Draws {@code shots} basis-state indices from the Born distribution {@code |s_b|^2 / <s|s>} with the given
     * random source. The default walks the state once per block of sorted uniforms; kernels may override it but must
     * consume {@code rng} identically so that a seed gives the same samples on every kernel.
     */
    default long[] sample(MemorySegment s, int n, int shots, SplittableRandom rng) {
        return Sampling.sample(this, s, n, shots, rng);
    }
}
