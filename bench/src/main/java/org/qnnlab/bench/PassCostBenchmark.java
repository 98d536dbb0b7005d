package org.qnnlab.bench;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.qnnlab.sim.StateVector;
import org.qnnlab.sim.kernel.PassCosts;
import org.qnnlab.sim.kernel.StateKernel;

/**
 * The pass costs gate fusion reads ({@link StateKernel#passCosts}): one dense unitary or one diagonal on k qubits,
 * each invocation on the next of eight fixed random qubit sets (spread over low and high qubits, as fused blocks
 * are). Divide each score by the {@code dense}, k = 1 score of the same kernel to get the table. The matrices are
 * random unitaries (a product of random phases and a unitary Householder reflection), so the norm stays 1 within
 * {@value BenchSetup#NORM_TOLERANCE}, checked after every iteration.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class PassCostBenchmark {

    @Param({"scalar", "vector", "eigen"})
    public String kernel;

    @Param({"20"})
    public int qubits;

    /** {@code dense} or {@code diagonal}. */
    @Param({"dense", "diagonal"})
    public String kind;

    /** Qubits of the operation: 1..5 dense, 1..10 diagonal (the kernel's limits permitting). */
    @Param({"1", "2", "3", "4", "5"})
    public int k;

    private StateKernel kern;
    private StateVector state;
    private MemorySegment seg;
    private int[][] sets;
    private double[] matrix;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        int limit = kind.equals("dense") ? PassCosts.MAX_DENSE : PassCosts.MAX_DIAGONAL;
        if (k < 1 || k > limit || k > qubits) {
            throw new IllegalArgumentException("k = " + k + " out of range for " + kind + " on " + qubits
                    + " qubits; allowed: 1.." + Math.min(limit, qubits));
        }
        kern = BenchSetup.kernel(kernel, 1);
        state = BenchSetup.randomState(qubits, kern);
        seg = state.segment();
        SplittableRandom rng = new SplittableRandom(11);
        sets = new int[8][];
        for (int t = 0; t < sets.length; t++) {
            int[] all = new int[qubits];
            for (int i = 0; i < qubits; i++) {
                all[i] = i;
            }
            for (int i = 0; i < k; i++) { // partial Fisher–Yates: k distinct qubits
                int j = i + rng.nextInt(qubits - i);
                int tmp = all[i];
                all[i] = all[j];
                all[j] = tmp;
            }
            sets[t] = java.util.Arrays.copyOf(all, k);
        }
        int d = 1 << k;
        if (kind.equals("diagonal")) {
            matrix = new double[2 * d];
            for (int i = 0; i < d; i++) {
                double a = rng.nextDouble(0, 2 * Math.PI);
                matrix[2 * i] = Math.cos(a);
                matrix[2 * i + 1] = Math.sin(a);
            }
        } else { // I − 2vv†/|v|² times random phases: unitary and dense
            double[] v = new double[2 * d];
            double norm = 0;
            for (int i = 0; i < 2 * d; i++) {
                v[i] = rng.nextGaussian();
                norm += v[i] * v[i];
            }
            double[] phase = new double[d];
            for (int r = 0; r < d; r++) {
                phase[r] = rng.nextDouble(0, 2 * Math.PI);
            }
            matrix = new double[2 * d * d];
            for (int r = 0; r < d; r++) {
                for (int c = 0; c < d; c++) {
                    // −2 v_r conj(v_c) / |v|², plus 1 on the diagonal
                    double re = -2 * (v[2 * r] * v[2 * c] + v[2 * r + 1] * v[2 * c + 1]) / norm + (r == c ? 1 : 0);
                    double im = -2 * (v[2 * r + 1] * v[2 * c] - v[2 * r] * v[2 * c + 1]) / norm;
                    double a = phase[r];
                    matrix[2 * (r * d + c)] = Math.cos(a) * re - Math.sin(a) * im;
                    matrix[2 * (r * d + c) + 1] = Math.cos(a) * im + Math.sin(a) * re;
                }
            }
        }
    }

    @TearDown(Level.Iteration)
    public void checkNorm() {
        BenchSetup.checkAndRenormalise(state, kern, "PassCostBenchmark " + kernel + " " + kind + " k=" + k);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        state.close();
    }

    @Benchmark
    public void pass() {
        int[] qs = sets[next];
        next = (next + 1) & 7;
        if (kind.equals("diagonal")) {
            kern.applyDiagonal(seg, qubits, qs, matrix, 0);
        } else {
            kern.applyMatrix(seg, qubits, qs, matrix, 0);
        }
    }
}
