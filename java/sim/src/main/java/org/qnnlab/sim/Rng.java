package org.qnnlab.sim;

import java.util.random.RandomGenerator;

/**
 * SplitMix64 (Steele, Lea and Flood, OOPSLA 2014): a fast 64-bit generator whose whole state is one {@code long}, so
 * a checkpoint can store it and a resumed run draws exactly the numbers the uninterrupted run would have.
 * ({@link java.util.SplittableRandom} uses the same algorithm but does not expose its state.)
 */
public final class Rng implements RandomGenerator {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private long state;

    /** A generator seeded with {@code seed}. */
    public Rng(long seed) {
        this.state = seed;
    }

    @Override
    public long nextLong() {
        long z = (state += GOLDEN);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The whole state, for checkpoints. */
    public long state() {
        return state;
    }

    /** Restores a state returned by {@link #state()}. */
    public void setState(long state) {
        this.state = state;
    }

    /** A Fisher–Yates permutation of 0..n−1. */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
