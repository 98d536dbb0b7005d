package org.qnnlab.sim;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.qnnlab.sim.kernel.StateKernel;

/**
 * Computational-basis measurement shots of a state, reproducible from a seed, and shot-based expectation estimates.
 *
 * <p>{@link #sample} draws the outcomes with {@code new SplittableRandom(seed)} through {@link StateKernel#sample}
 * (in blocks of 2^22 shots), so a seed gives the same shots on every kernel. {@link #estimate} measures diagonal
 * terms on exactly these shots and X/Y terms on basis-rotated copies of the state (see {@link ShotEstimator}); it
 * therefore keeps a reference to the state, which must stay open and unchanged until the estimates are done.
 */
public final class ShotResult {

    private final StateKernel kernel;
    private final StateVector state;
    private final int shots;
    private final long seed;
    private final long[] outcomes;

    private ShotResult(StateKernel kernel, StateVector state, int shots, long seed, long[] outcomes) {
        this.kernel = kernel;
        this.state = state;
        this.shots = shots;
        this.seed = seed;
        this.outcomes = outcomes;
    }

    /**
     * An expectation estimated from shots.
     *
     * @param value the estimate of {@code <O>}
     * @param standardError its standard error (NaN with one shot per basis; 0 when every shot agrees)
     * @param shots the shots measured in total, over all measurement bases
     */
    public record Estimate(double value, double standardError, long shots) {
    }

    /**
     * Measures {@code shots} times in the computational basis. The state's squared norm normalises the Born
     * probabilities.
     *
     * @throws IllegalArgumentException if {@code shots} is outside 1..{@value ShotEstimator#MAX_SHOTS} or the state
     *         has norm zero
     * @throws IllegalStateException if the state is closed
     */
    public static ShotResult sample(StateKernel kernel, StateVector s, int shots, long seed) {
        Objects.requireNonNull(kernel, "kernel");
        ShotEstimator.checkShots(shots);
        long[] outcomes = ShotEstimator.draw(kernel, s, shots, new SplittableRandom(seed));
        return new ShotResult(kernel, s, shots, seed, outcomes);
    }

    /** The number of qubits measured. */
    public int numQubits() {
        return state.numQubits();
    }

    /** The number of shots. */
    public int shots() {
        return shots;
    }

    /** The seed the shots were drawn with. */
    public long seed() {
        return seed;
    }

    /** The outcomes in draw order, as basis indices (bit q = qubit q); a new array. */
    public long[] outcomes() {
        return outcomes.clone();
    }

    /**
     * How often each outcome occurred, keyed by bitstring with qubit n-1 leftmost (as Qiskit's counts), in ascending
     * order; only outcomes that occurred appear. Computed on each call.
     */
    public SortedMap<String, Integer> counts() {
        Map<Long, Integer> byIndex = new HashMap<>();
        for (long b : outcomes) {
            byIndex.merge(b, 1, Integer::sum);
        }
        SortedMap<String, Integer> counts = new TreeMap<>();
        byIndex.forEach((b, c) -> counts.put(bitstring(b, numQubits()), c));
        return Collections.unmodifiableSortedMap(counts);
    }

    /**
     * Estimates {@code <O>} with {@link #shots()} shots per measurement basis: diagonal terms from these shots, each
     * qubit-wise commuting group of X/Y terms from shots of a rotated copy of the state with a generator derived
     * from the seed and the basis (see {@link ShotEstimator}).
     *
     * @throws IllegalArgumentException if the observable acts on a qubit the state lacks
     * @throws IllegalStateException if the observable has X/Y terms and the state has been closed
     */
    public Estimate estimate(Observable o) {
        return ShotEstimator.estimate(kernel, state, o, shots, seed, outcomes);
    }

    /** Basis index {@code b} as {@code n} bits, qubit n-1 first. */
    static String bitstring(long b, int n) {
        char[] c = new char[n];
        for (int q = 0; q < n; q++) {
            c[n - 1 - q] = ((b >>> q) & 1) == 0 ? '0' : '1';
        }
        return new String(c);
    }

    @Override
    public String toString() {
        return "ShotResult[" + numQubits() + " qubits, " + shots + " shots, seed " + seed + "]";
    }
}
