package org.qnnlab.sim;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.qnnlab.sim.kernel.StateKernel;

/**
 * Estimates {@code <O>} from simulated measurement shots, as hardware would.
 *
 * <p><b>Bases.</b> The Pauli terms are split into groups measured in one basis each: all diagonal terms (only Z and
 * I) form the computational-basis group; the others are grouped greedily (largest support first, then by masks, so
 * the grouping depends only on the set of terms) into qubit-wise commuting groups, whose union fixes a letter per
 * qubit. For each non-diagonal group a copy of the state is rotated into that basis, qubit by qubit: {@code H} on an
 * X qubit ({@code H X H = Z}) and {@code H·S†} on a Y qubit ({@code H S† Y S H = H X H = Z}), and then sampled.
 *
 * <p><b>Estimator.</b> Each group is sampled {@code shots} times. A shot with outcome {@code b} gives the group's
 * per-shot value {@code f(b) = Σ_j w_j·(-1)^{|b ∧ supp P_j|}}, an unbiased estimate of {@code Σ_j w_j <P_j>}. The
 * estimate is the constant plus the mean of f over each group; its variance is the unbiased sample variance of f
 * divided by {@code shots}, summed over groups (they are sampled independently). With one shot the variance is
 * undefined and the standard error is NaN.
 *
 * <p><b>Seeds.</b> The computational-basis group draws from {@code new SplittableRandom(seed)}, the same stream as
 * {@link ShotResult#sample}, so it measures exactly those shots; every other group draws from a generator seeded by
 * mixing {@code seed} with the group's basis, so a seed gives the same estimate on every run and every kernel.
 * Shots are drawn in blocks of {@value #BLOCK} through {@link StateKernel#sample}, bounding memory for large counts.
 */
public final class ShotEstimator {

    /** The largest number of shots per basis. */
    public static final int MAX_SHOTS = 100_000_000;

    /** Shots per {@link StateKernel#sample} call. */
    static final int BLOCK = 1 << 22;

    private static final double R = Math.sqrt(0.5);
    /** {@code H = (1/√2)[[1, 1], [1, -1]]}, interleaved row-major: rotates the X basis onto Z. */
    private static final double[] H = {R, 0, R, 0, R, 0, -R, 0};
    /** {@code H·S† = (1/√2)[[1, -i], [1, i]]}: rotates the Y basis onto Z. */
    private static final double[] H_SDG = {R, 0, 0, -R, R, 0, 0, R};

    private ShotEstimator() {
    }

    /**
     * Estimates {@code <O>} on {@code s} with {@code shots} shots per measurement basis; equal to
     * {@code ShotResult.sample(kernel, s, shots, seed).estimate(o)} without storing the shots.
     *
     * @throws IllegalArgumentException if {@code shots} is outside 1..{@value #MAX_SHOTS}, the observable acts on a
     *         qubit the state lacks, or the state has norm zero
     * @throws IllegalStateException if the state is closed or a rotated copy does not fit in the off-heap budget
     */
    public static ShotResult.Estimate estimate(StateKernel kernel, StateVector s, Observable o, int shots, long seed) {
        return estimate(kernel, s, o, shots, seed, null);
    }

    /** As {@link #estimate(StateKernel, StateVector, Observable, int, long)}, reusing computational-basis shots. */
    static ShotResult.Estimate estimate(StateKernel kernel, StateVector s, Observable o, int shots, long seed,
            long[] computationalShots) {
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(o, "observable");
        checkShots(shots);
        o.checkFits(s.numQubits());
        return estimate(o, shots, seed, (basis, count, rng, sink) -> {
            if (basis.isDiagonal()) {
                if (computationalShots != null) {
                    sink.accept(computationalShots);
                } else {
                    drawBlocks(kernel, s, count, rng, sink);
                }
                return;
            }
            if (s.isClosed()) {
                throw new IllegalStateException("the state is closed; measuring " + basis
                        + "-basis terms needs it, so estimate before closing the state");
            }
            try (StateVector rotated = s.copy()) {
                rotate(kernel, rotated, basis);
                drawBlocks(kernel, rotated, count, rng, sink);
            }
        });
    }

    /**
     * Measures a state in one basis: {@code shots} outcomes (bit q = qubit q after the basis change) of the state
     * rotated into {@code basis}, drawn from {@code rng}, handed to {@code sink} in one or more blocks. A basis of Z
     * and I letters only ({@link PauliString#isDiagonal()}) is the computational basis.
     */
    @FunctionalInterface
    public interface BasisSampler {

        /** Draws the outcomes; see the interface. */
        void sample(PauliString basis, int shots, SplittableRandom rng, Consumer<long[]> sink);
    }

    /**
     * The estimator of this class over any state that {@code sampler} can measure (a density matrix, say): the same
     * qubit-wise commuting groups, the same seeds per group, the same moments. The computational basis is measured
     * with {@code new SplittableRandom(seed)}, every other basis with a generator mixed from the seed and the basis.
     * The caller checks that the observable fits its state.
     *
     * @throws IllegalArgumentException if {@code shots} is outside 1..{@value #MAX_SHOTS}
     */
    public static ShotResult.Estimate estimate(Observable o, int shots, long seed, BasisSampler sampler) {
        Objects.requireNonNull(o, "observable");
        Objects.requireNonNull(sampler, "sampler");
        checkShots(shots);
        List<Group> groups = group(o.terms());
        double value = o.constant();
        double variance = 0;
        for (Group g : groups) {
            Moments m = new Moments(g);
            SplittableRandom rng = new SplittableRandom(g.basis.isDiagonal() ? seed : basisSeed(seed, g.basis));
            sampler.sample(g.basis, shots, rng, m::addAll);
            value += m.mean;
            variance += m.varianceOfMean();
        }
        return new ShotResult.Estimate(value, Math.sqrt(variance), (long) shots * groups.size());
    }

    /** Throws unless {@code shots} is in 1..{@value #MAX_SHOTS}. */
    static void checkShots(int shots) {
        if (shots < 1 || shots > MAX_SHOTS) {
            throw new IllegalArgumentException("shots " + shots + " out of range; allowed: 1.." + MAX_SHOTS);
        }
    }

    /** {@code shots} computational-basis outcomes of {@code s}, drawn in blocks of {@value #BLOCK} from {@code rng}. */
    static long[] draw(StateKernel kernel, StateVector s, int shots, SplittableRandom rng) {
        long[] out = new long[shots];
        int[] done = {0};
        drawBlocks(kernel, s, shots, rng, block -> {
            System.arraycopy(block, 0, out, done[0], block.length);
            done[0] += block.length;
        });
        return out;
    }

    /** Draws {@code shots} outcomes in blocks of at most {@value #BLOCK}, handing each block to {@code sink}. */
    private static void drawBlocks(StateKernel kernel, StateVector s, int shots, SplittableRandom rng,
            Consumer<long[]> sink) {
        int n = s.numQubits();
        MemorySegment seg = s.acquire();
        try {
            double norm2 = kernel.normSquared(seg, n);
            if (!(norm2 > 0) || !Double.isFinite(norm2)) {
                throw new IllegalArgumentException("cannot sample a state of squared norm " + norm2);
            }
            for (int done = 0; done < shots; done += BLOCK) {
                sink.accept(kernel.sample(seg, n, Math.min(BLOCK, shots - done), rng));
            }
        } finally {
            s.release();
        }
    }

    /** Qubit-wise commuting groups: diagonal terms first (one group), then greedy first fit. */
    static List<Group> group(List<Observable.Term> terms) {
        List<Group> groups = new ArrayList<>();
        Group diagonal = new Group();
        List<Observable.Term> rest = new ArrayList<>();
        for (Observable.Term t : terms) {
            if (t.pauli().isDiagonal()) {
                diagonal.add(t);
            } else {
                rest.add(t);
            }
        }
        if (!diagonal.terms.isEmpty()) {
            groups.add(diagonal);
        }
        rest.sort(Comparator.comparingInt((Observable.Term t) -> -t.pauli().weight())
                .thenComparing(t -> t.pauli().xMask(), Long::compareUnsigned)
                .thenComparing(t -> t.pauli().zMask(), Long::compareUnsigned));
        int firstRotated = groups.size();
        for (Observable.Term t : rest) {
            Group home = null;
            for (int i = firstRotated; i < groups.size() && home == null; i++) {
                if (groups.get(i).basis.qubitWiseCommutes(t.pauli())) {
                    home = groups.get(i);
                }
            }
            if (home == null) {
                home = new Group();
                groups.add(home);
            }
            home.add(t);
        }
        return groups;
    }

    private static void rotate(StateKernel kernel, StateVector s, PauliString basis) {
        MemorySegment seg = s.acquire();
        try {
            for (int q : basis.qubits()) {
                char p = basis.pauliAt(q);
                if (p != 'Z') {
                    kernel.apply1(seg, s.numQubits(), q, p == 'X' ? H : H_SDG, 0);
                }
            }
        } finally {
            s.release();
        }
    }

    /** A seed for the group measured in {@code basis}, mixed from the user's seed (SplitMix64 finaliser). */
    private static long basisSeed(long seed, PauliString basis) {
        long h = mix(seed ^ mix(basis.xMask() + 0x9E3779B97F4A7C15L));
        return mix(h ^ Long.rotateLeft(mix(basis.zMask() + 0xC2B2AE3D27D4EB4FL), 29));
    }

    private static long mix(long v) {
        long z = v;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Terms measured together, and their union basis (one letter per qubit). */
    static final class Group {
        final List<Observable.Term> terms = new ArrayList<>();
        PauliString basis = PauliString.identity();

        void add(Observable.Term t) {
            terms.add(t);
            basis = PauliString.ofMasks(basis.xMask() | t.pauli().xMask(), basis.zMask() | t.pauli().zMask());
        }
    }

    /** Welford's running mean and variance of a group's per-shot value f (exactly 0 variance for constant f). */
    private static final class Moments {
        private final long[] support;
        private final double[] weight;
        long count;
        double mean;
        double m2;

        Moments(Group g) {
            int k = g.terms.size();
            support = new long[k];
            weight = new double[k];
            for (int j = 0; j < k; j++) {
                PauliString p = g.terms.get(j).pauli();
                support[j] = p.xMask() | p.zMask();
                weight[j] = g.terms.get(j).weight();
            }
        }

        void addAll(long[] outcomes) {
            for (long b : outcomes) {
                double f = 0;
                for (int j = 0; j < support.length; j++) {
                    f += (Long.bitCount(b & support[j]) & 1) == 0 ? weight[j] : -weight[j];
                }
                count++;
                double delta = f - mean;
                mean += delta / count;
                m2 += delta * (f - mean);
            }
        }

        double varianceOfMean() {
            return count < 2 ? Double.NaN : m2 / (count - 1) / count;
        }
    }
}
