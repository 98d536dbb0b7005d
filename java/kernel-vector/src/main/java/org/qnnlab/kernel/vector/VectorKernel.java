package org.qnnlab.kernel.vector;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.qnnlab.sim.kernel.KernelOp;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.kernel.ScalarKernel;
import org.qnnlab.sim.kernel.StateKernel;

/**
 * The state-vector kernel on the Java Vector API. Same layout and results as {@link ScalarKernel} (to rounding).
 *
 * <h2>How a gate is applied</h2>
 * A register of {@code L} doubles holds {@code L/2} complex amplitudes, so qubits below {@code log2(L/2)} ("low"
 * qubits) live inside a register and the others ("high") index whole registers. As in qsim, a gate whose targets are
 * all high streams {@code 2^k} registers {@code 2^q} amplitudes apart and combines them with complex
 * fused-multiply-adds; a low target is a constant lane permutation inside each register ({@code rearrange}), so
 * target 0 runs at full SIMD width too. Complex products use a coefficient table built once per call
 * ({@link Coefficients}): {@code a·v = R·v + I·swap(v)} with {@code R = (re a, re a)} and {@code I = (−im a, im a)}.
 * Controls below the register width are folded into the table (identity lanes); higher ones skip whole groups.
 *
 * <h2>Threads</h2>
 * States of at least {@value VectorPolicy#PARALLEL_MIN_QUBITS} qubits are split into contiguous blocks of
 * independent groups, one per thread ({@link ParallelBlocks}); smaller ones run on the calling thread. Reductions
 * sum per-block partials in block order, so they are deterministic for a given thread count.
 *
 * <p>States of at most one register ({@code n <= log2(L/2)}) and fused gates of 3+ qubits with a low target or a
 * low control go to the scalar loops: they are rare and tiny, and a register path would not pay for its code.
 *
 * <p>Instances are thread-safe: every call builds its tables in its thread's buffer ({@link Coefficients#buffer});
 * the worker pool is shared per instance.
 */
public final class VectorKernel implements StateKernel {

    /**
     * System property: {@code off}, or the pair-distance range {@code MIN..MAX} in bytes of the touch loops (for
     * kernel studies; {@link VectorPolicy} reads it).
     */
    public static final String TOUCH_PROPERTY = "qnnlab.vector.touch";

    /** Shared read-only index lists for the table builders (no per-gate garbage). */
    private static final int[] NONE = {};
    private static final int[] NO_XOR = {0};

    private final int bits;
    private final int lanes;
    /** log2 of the complex amplitudes per register: qubits below this are "low". */
    private final int lowBits;
    private final long lowMask;
    private final ParallelBlocks par;
    private final ScalarKernel scalar = new ScalarKernel();

    /**
     * A kernel with this JVM's register width ({@link VectorConstants#BITS}) and up to {@code threads} worker threads.
     * Only called by {@link VectorKernelProvider} after it has checked that the Vector API is usable.
     */
    VectorKernel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("thread count " + threads + " out of range; allowed: >= 1");
        }
        this.bits = VectorConstants.BITS;
        this.lanes = bits / 64;
        this.lowBits = Integer.numberOfTrailingZeros(lanes / 2);
        this.lowMask = (1L << lowBits) - 1;
        this.par = new ParallelBlocks(threads);
    }

    /** Register width in bits (128, 256 or 512). */
    public int vectorBits() {
        return bits;
    }

    /** Double lanes per register. */
    public int lanes() {
        return lanes;
    }

    @Override
    public KernelType type() {
        return KernelType.VECTOR;
    }

    /**
     * Measured at n = 20 and 22, one thread (bench/README, "Fusion pass costs"): a two-qubit matrix costs 1.2–1.6
     * one-qubit passes, three qubits and more take the generic grouped path at 5× and above; a diagonal grows slowly
     * with its qubits.
     */
    @Override
    public org.qnnlab.sim.kernel.PassCosts passCosts() {
        return new org.qnnlab.sim.kernel.PassCosts(new double[] {0, 1, 1.5, 5.4},
                new double[] {0, 0.85, 1.1, 1.3, 1.45, 1.55, 1.7, 1.8, 2.0, 2.2, 2.35});
    }

    @Override
    public int threads() {
        return par.threads();
    }

    @Override
    public String toString() {
        return "VectorKernel[" + bits + "-bit, " + par.threads() + " thread" + (par.threads() == 1 ? "" : "s") + "]";
    }

    /** At most one register of amplitudes: the streamed loops need at least two registers. */
    private boolean tiny(int n) {
        return n <= lowBits;
    }

    // ---------------------------------------------------------------- dense gates

    @Override
    public void apply1(MemorySegment s, int n, int q, double[] m, long ctrl) {
        if (tiny(n)) {
            scalar.apply1(s, n, q, m, ctrl);
            return;
        }
        long lowCtrl = ctrl & lowMask;
        long ctrlHigh = ctrl & ~lowMask;
        int[] qs = {q};
        if (q >= lowBits) {
            double[] t = Coefficients.dense(lanes, qs, m, qs, NO_XOR, lowCtrl);
            long strideBytes = 16L << q;
            if (ctrlHigh != 0) {
                long[] masks = insertMasks(q, ctrlHigh);
                par.run(n, 1L << (n - lowBits - masks.length),
                        (f, to) -> DenseLoops.apply1HighCtrl(s, q, t, masks, ctrlHigh, f, to));
            } else {
                VectorPolicy.StreamLoop loop = VectorPolicy.oneQubit(n, strideBytes);
                if (loop == VectorPolicy.StreamLoop.SPLIT) {
                    long half = 1L << (n - 2 - lowBits);
                    par.run(n, half, (f, to) -> DenseLoops.apply1Split(s, q, t, half, f, to));
                } else {
                    boolean touch = loop == VectorPolicy.StreamLoop.TOUCH;
                    boolean real = isReal(m);
                    par.run(n, 1L << (n - 1 - lowBits),
                            (f, to) -> DenseLoops.apply1High(s, q, t, 0, touch, real, f, to));
                }
            }
        } else {
            double[] t = Coefficients.dense(lanes, qs, m, NONE, new int[] {0, 1 << q}, lowCtrl);
            if (ctrlHigh != 0) {
                long[] masks = insertMasks(-1, ctrlHigh);
                par.run(n, 1L << (n - lowBits - masks.length),
                        (f, to) -> DenseLoops.apply1LowCtrl(s, q, t, masks, ctrlHigh, f, to));
            } else {
                par.run(n, 1L << (n - lowBits), (f, to) -> DenseLoops.apply1Low(s, q, t, 0, f, to));
            }
        }
    }

    /**
     * The {@link DenseLoops#expand} masks for a high target {@code q} (or none when {@code q < 0}) and the high
     * control bits {@code ctrlHigh}: {@code 2^p − 1} for each position {@code p}, ascending.
     */
    private static long[] insertMasks(int q, long ctrlHigh) {
        long bitsSet = ctrlHigh | (q >= 0 ? 1L << q : 0);
        long[] masks = new long[Long.bitCount(bitsSet)];
        for (int j = 0; j < masks.length; j++) {
            long low = Long.lowestOneBit(bitsSet);
            masks[j] = low - 1;
            bitsSet ^= low;
        }
        return masks;
    }

    @Override
    public void apply2(MemorySegment s, int n, int q0, int q1, double[] m, long ctrl) {
        if (tiny(n) || n < 2) {
            scalar.apply2(s, n, q0, q1, m, ctrl);
            return;
        }
        long lowCtrl = ctrl & lowMask;
        long ctrlHigh = ctrl & ~lowMask;
        int[] qs = {q0, q1};
        int lo = Math.min(q0, q1);
        int hi = Math.max(q0, q1);
        if (lo >= lowBits) {
            double[] t = Coefficients.dense(lanes, qs, m, new int[] {lo, hi}, NO_XOR, lowCtrl);
            long strideBytes = 16L << lo;
            boolean touch = VectorPolicy.twoQubitTouch(n, strideBytes);
            boolean real = isReal(m) && (ctrl & lowMask) == 0;
            par.run(n, 1L << (n - 2 - lowBits),
                    (f, to) -> DenseLoops.apply2High(s, lo, hi, t, ctrlHigh, touch, real, f, to));
        } else if (hi >= lowBits) {
            double[] t = Coefficients.dense(lanes, qs, m, new int[] {hi}, new int[] {0, 1 << lo}, lowCtrl);
            par.run(n, 1L << (n - 1 - lowBits),
                    (f, to) -> DenseLoops.apply2Mixed(s, hi, lo, t, ctrlHigh, f, to));
        } else {
            int[] xs = Coefficients.subsets((1 << lo) | (1 << hi));
            double[] t = Coefficients.dense(lanes, qs, m, NONE, xs, lowCtrl);
            par.run(n, 1L << (n - lowBits), (f, to) -> DenseLoops.apply2Low(s, xs, t, ctrlHigh, f, to));
        }
    }

    @Override
    public void applyMatrix(MemorySegment s, int n, int[] qs, double[] m, long ctrl) {
        switch (qs.length) {
            case 1 -> apply1(s, n, qs[0], m, ctrl);
            case 2 -> apply2(s, n, qs[0], qs[1], m, ctrl);
            default -> applyFused(s, n, qs, m, ctrl);
        }
    }

    private void applyFused(MemorySegment s, int n, int[] qs, double[] m, long ctrl) {
        int k = qs.length;
        int[] sorted = qs.clone();
        Arrays.sort(sorted);
        long[] offsets = new long[1 << k];
        for (int c = 0; c < offsets.length; c++) {
            offsets[c] = Coefficients.spread(Integer.reverse(c) >>> (32 - k), qs); // matrix bit k-1-j is qs[j]
        }
        if (!tiny(n) && sorted[0] >= lowBits && (ctrl & lowMask) == 0) {
            long[] bytes = new long[offsets.length];
            for (int c = 0; c < bytes.length; c++) {
                bytes[c] = offsets[c] << 4;
            }
            par.run(n, 1L << (n - k - lowBits),
                    (f, to) -> DenseLoops.applyHigh(s, sorted, bytes, m, ctrl, f, to));
        } else {
            par.run(n, 1L << (n - k), (f, to) -> ScalarGroups.apply(s, sorted, offsets, m, ctrl, f, to));
        }
    }

    @Override
    public void applyDiagonal(MemorySegment s, int n, int[] qs, double[] d, long ctrl) {
        if (tiny(n)) {
            scalar.applyDiagonal(s, n, qs, d, ctrl);
            return;
        }
        long sub = phaseSubspace(qs, d, ctrl);
        if (sub != 0) {
            // a controlled phase (CZ, CPhase, multi-controlled Z): only amplitudes whose qubits are all 1 change, so
            // only that subspace is visited (a quarter of the state for CZ) and scaled by the last entry
            long[] masks = insertMasks(-1, sub);
            double[] t = Coefficients.scalar(lanes, d[d.length - 2], d[d.length - 1]);
            par.run(n, 1L << (n - lowBits - masks.length),
                    (f, to) -> StateLoops.diagonalLow(s, t, masks, sub, f, to));
            return;
        }
        long fold = VectorPolicy.foldedControls(ctrl & ~lowMask);
        if (fold != 0 && qs.length + Long.bitCount(fold) <= org.qnnlab.sim.kernel.PassCosts.MAX_DIAGONAL) {
            // controls this low would make the loops below visit short runs spread over every cache line: fold them
            // into the table (entry 1 where a control is 0) and stream the whole state once instead
            KernelOp.Diagonal folded = new KernelOp.Diagonal(qs, d, ctrl).embedControls(fold);
            applyDiagonal(s, n, folded.qubits(), folded.diagonal(), folded.ctrl());
            return;
        }
        int[] high = highQubits(qs);
        double[] t = Coefficients.diagonal(lanes, qs, d, high, ctrl & lowMask);
        long ctrlHigh = ctrl & ~lowMask;
        if (high.length == 0) {
            long[] masks = insertMasks(-1, ctrlHigh);
            par.run(n, 1L << (n - lowBits - masks.length),
                    (f, to) -> StateLoops.diagonalLow(s, t, masks, ctrlHigh, f, to));
            return;
        }
        if (high.length == 1) {
            int q = high[0];
            long[] masks = insertMasks(q, ctrlHigh);
            par.run(n, 1L << (n - lowBits - masks.length),
                    (f, to) -> StateLoops.diagonal1High(s, q, t, masks, ctrlHigh, f, to));
            return;
        }
        int runs = 1;
        for (int j = 1; j < high.length; j++) {
            runs += high[j] == high[j - 1] + 1 ? 0 : 1;
        }
        int[] shifts = new int[runs];
        int[] widths = new int[runs];
        for (int j = 0, r = -1; j < high.length; j++) {
            if (j == 0 || high[j] != high[j - 1] + 1) {
                shifts[++r] = high[j];
            }
            widths[r]++;
        }
        boolean real = isReal(d);
        par.run(n, 1L << (n - lowBits),
                (f, to) -> StateLoops.diagonal(s, shifts, widths, t, real, ctrlHigh, f, to));
    }

    /**
     * For a diagonal that is 1 everywhere except at its last entry (all its qubits 1), with its qubits and controls
     * all at or above {@link VectorPolicy#PHASE_SUBSPACE_MIN_QUBIT}: the mask of those qubits and controls, the subspace it
     * changes. Else 0.
     */
    private long phaseSubspace(int[] qs, double[] d, long ctrl) {
        long sub = ctrl | KernelOp.maskOf(qs);
        if (!VectorPolicy.phaseSubspace(sub)) {
            return 0;
        }
        for (int i = 0; i < d.length - 2; i += 2) {
            if (d[i] != 1 || d[i + 1] != 0) {
                return 0;
            }
        }
        return sub;
    }

    /** True if every entry of the interleaved complex array {@code d} has imaginary part 0. */
    private static boolean isReal(double[] d) {
        for (int i = 1; i < d.length; i += 2) {
            if (d[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** The qubits of {@code qs} at or above {@link #lowBits}, ascending (no streams: this runs per gate). */
    private int[] highQubits(int[] qs) {
        int count = 0;
        for (int q : qs) {
            count += q >= lowBits ? 1 : 0;
        }
        int[] high = new int[count];
        int k = 0;
        for (int q : qs) {
            if (q >= lowBits) {
                high[k++] = q;
            }
        }
        Arrays.sort(high);
        return high;
    }

    /**
     * Blocks are the unit of parallel work: each worker walks a contiguous range of them with a single-threaded
     * kernel ({@link org.qnnlab.sim.kernel.CacheBlocks}), one fork/join for the whole blocked pass.
     */
    @Override
    public void applyBlocked(MemorySegment s, int n, KernelOp.Blocked op) {
        VectorKernel one = serial();
        par.run(n, org.qnnlab.sim.kernel.CacheBlocks.count(n, op),
                (f, to) -> org.qnnlab.sim.kernel.CacheBlocks.run(one, s, n, op, f, to));
    }

    private volatile VectorKernel serial;

    /** A single-threaded kernel of the same width, for the operations inside cache blocks. */
    private VectorKernel serial() {
        if (par.threads() == 1) {
            return this;
        }
        VectorKernel k = serial;
        if (k == null) {
            k = new VectorKernel(1);
            serial = k;
        }
        return k;
    }

    // ---------------------------------------------------------------- Pauli strings

    @Override
    public void applyPauliRotation(MemorySegment s, int n, long x, long z, double theta, long ctrl) {
        // exp(-iθ/2·P) = cos(θ/2)·I − i·sin(θ/2)·P, and P carries the phase i^popcount(x&z) of its Y factors.
        double c = Math.cos(theta / 2);
        double sn = Math.sin(theta / 2);
        int ph = Long.bitCount(x & z);
        // w = −i·sn·(ph_re + i·ph_im) = sn·ph_im − i·sn·ph_re
        applyPauliAffine(s, n, x, z, c, sn * phaseIm(ph), -sn * phaseRe(ph), ctrl);
    }

    @Override
    public void applyPauli(MemorySegment s, int n, long x, long z) {
        int ph = Long.bitCount(x & z);
        applyPauliAffine(s, n, x, z, 0, phaseRe(ph), phaseIm(ph), 0);
    }

    /** {@code s ← d·s + w·P̃·s} where {@code P̃} is P without its Y phase; under {@code ctrl}. */
    private void applyPauliAffine(MemorySegment s, int n, long x, long z, double d, double wr, double wi,
            long ctrl) {
        if (tiny(n)) {
            scalarPauliAffine(s, n, x, z, d, wr, wi, ctrl);
            return;
        }
        long xl = x & lowMask;
        long xh = x & ~lowMask;
        long zh = z & ~lowMask;
        double[] t = Coefficients.pauli(lanes, xl, z & lowMask, d, wr, wi, ctrl & lowMask);
        long ctrlHigh = ctrl & ~lowMask;
        if (xh == 0) {
            par.run(n, 1L << (n - lowBits), (f, to) -> PauliLoops.applySelf(s, xl, zh, t, ctrlHigh, f, to));
        } else {
            par.run(n, 1L << (n - 1 - lowBits),
                    (f, to) -> PauliLoops.applyPairs(s, xl, xh, zh, t, ctrlHigh, f, to));
        }
    }

    /** Tiny states: the same affine map through the reference's primitives (out-of-place, then copied back). */
    private void scalarPauliAffine(MemorySegment s, int n, long x, long z, double d, double wr, double wi,
            long ctrl) {
        long dim = 1L << n;
        double[] v = s.asSlice(0, 16 * dim).toArray(java.lang.foreign.ValueLayout.JAVA_DOUBLE);
        double[] out = v.clone();
        for (long b = 0; b < dim; b++) {
            if ((b & ctrl) != ctrl) {
                continue;
            }
            long p = b ^ x;
            double sign = (Long.bitCount(p & z) & 1) == 0 ? 1 : -1;
            double pr = v[(int) (2 * p)];
            double pi = v[(int) (2 * p + 1)];
            out[(int) (2 * b)] = d * v[(int) (2 * b)] + sign * (wr * pr - wi * pi);
            out[(int) (2 * b + 1)] = d * v[(int) (2 * b + 1)] + sign * (wr * pi + wi * pr);
        }
        MemorySegment.copy(out, 0, s, java.lang.foreign.ValueLayout.JAVA_DOUBLE, 0, out.length);
    }

    @Override
    public double expectationPauli(MemorySegment s, int n, long x, long z) {
        if (tiny(n)) {
            return scalar.expectationPauli(s, n, x, z);
        }
        int ph = Long.bitCount(x & z);
        long xl = x & lowMask;
        long xh = x & ~lowMask;
        long zh = z & ~lowMask;
        double[] t = Coefficients.pauli(lanes, xl, z & lowMask, 0, phaseRe(ph), phaseIm(ph), 0);
        if (xh == 0) {
            return par.reduce(n, 1L << (n - lowBits),
                    (f, to) -> PauliLoops.expectationSelf(s, xl, zh, t, f, to))[0];
        }
        return par.reduce(n, 1L << (n - 1 - lowBits),
                (f, to) -> PauliLoops.expectationPairs(s, xl, xh, zh, t, f, to))[0];
    }

    @Override
    public double[] innerPauli(MemorySegment a, MemorySegment b, int n, long x, long z) {
        if (tiny(n)) {
            return StateKernel.super.innerPauli(a, b, n, x, z);
        }
        long support = x | z;
        if (support == 0) {
            return inner(a, b, n);
        }
        if (Long.bitCount(support) == 1) { // the adjoint sweep's generators: dedicated loops
            char pauli = x == 0 ? 'Z' : z == 0 ? 'X' : 'Y';
            if ((support & lowMask) == 0) {
                return par.reduce(n, 1L << (n - 1 - lowBits),
                        (f, to) -> PauliLoops.innerPauli1(a, b, support, pauli, f, to));
            }
            int q = Long.numberOfTrailingZeros(support);
            return par.reduce(n, 1L << (n - lowBits), (f, to) -> PauliLoops.innerPauli1Low(a, b, q, pauli, f, to));
        }
        int ph = Long.bitCount(x & z);
        long xl = x & lowMask;
        long xh = x & ~lowMask;
        long zh = z & ~lowMask;
        double[] t = Coefficients.pauli(lanes, xl, z & lowMask, 0, phaseRe(ph), phaseIm(ph), 0);
        return par.reduce(n, 1L << (n - lowBits), (f, to) -> PauliLoops.innerPauli(a, b, xl, xh, zh, t, f, to));
    }

    /** Real part of {@code i^k} (k = popcount(x&z), the Y phase of a Pauli string). */
    private static double phaseRe(int k) {
        return switch (k & 3) {
            case 0 -> 1;
            case 2 -> -1;
            default -> 0;
        };
    }

    /** Imaginary part of {@code i^k}. */
    private static double phaseIm(int k) {
        return switch (k & 3) {
            case 1 -> 1;
            case 3 -> -1;
            default -> 0;
        };
    }

    // ---------------------------------------------------------------- whole-state operations

    @Override
    public double[] inner(MemorySegment a, MemorySegment b, int n) {
        if (tiny(n)) {
            return scalar.inner(a, b, n);
        }
        return par.reduce(n, 1L << (n - lowBits), (f, to) -> StateLoops.inner(a, b, f, to));
    }

    @Override
    public double normSquared(MemorySegment s, int n) {
        if (tiny(n)) {
            return scalar.normSquared(s, n);
        }
        return par.reduce(n, 1L << (n - lowBits), (f, to) -> StateLoops.normSquared(s, f, to))[0];
    }

    @Override
    public void scale(MemorySegment s, int n, double re, double im) {
        if (tiny(n)) {
            scalar.scale(s, n, re, im);
            return;
        }
        double[] t = Coefficients.scalar(lanes, re, im);
        par.run(n, 1L << (n - lowBits), (f, to) -> StateLoops.scale(s, t, f, to));
    }

    @Override
    public void axpy(MemorySegment y, MemorySegment x, int n, double re, double im) {
        if (tiny(n)) {
            scalar.axpy(y, x, n, re, im);
            return;
        }
        double[] t = Coefficients.scalar(lanes, re, im);
        par.run(n, 1L << (n - lowBits), (f, to) -> StateLoops.axpy(y, x, t, f, to));
    }
}
