package org.qnnlab.sim.kernel;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.qnnlab.sim.Angle;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Gate;
import org.qnnlab.sim.Gates;
import org.qnnlab.sim.Operation;
import org.qnnlab.sim.RandomCircuits;
import org.qnnlab.sim.Simulator;

/**
 * The contract every {@link StateKernel} meets (STYLE lesson 4), shared with the kernel modules through the
 * test-jar. A kernel module extends it once, e.g.
 *
 * <pre>{@code
 * class VectorKernelContractTest extends StateKernelContract {
 *     protected StateKernel kernel() { return KernelTestSupport.requireOrSkip(KernelType.VECTOR, 4); }
 *     protected int maxQubits() { return log2(doubleLanes) + 3; }
 * }
 * }</pre>
 *
 * <p>Every kernel method is compared against a fresh {@link ScalarKernel} on copies of the same random state (fixed
 * seeds): every standard gate × qubit counts 1..{@link #maxQubits()} × every target or ordered target pair × no
 * control, each remaining qubit as control and every pair of remaining qubits as controls; Pauli rotations, dense
 * unitaries and diagonals on random qubit subsets; Pauli products and expectations; the reductions and BLAS-like
 * updates; batches; sampling. Then kernel-only checks: inverses, generator vs derivative, analytic states. Two tests
 * at 16 and 18 qubits make multithreaded kernels split their work (create the kernel with several threads).
 *
 * <p>Test methods are public so that subclasses in other packages inherit them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class StateKernelContract {

    /**
     * Per-amplitude absolute error (modulus of the difference) against the reference on normalized states of up to
     * {@link #maxQubits()} qubits: each amplitude is a sum of at most 32 products of O(1) numbers, so a kernel that
     * only reorders or fuses floating-point operations stays within a few 1e-16.
     */
    protected static final double AMPLITUDE_TOL = 1e-12;
    /** As {@link #AMPLITUDE_TOL} at 16 and 18 qubits, where threaded reductions sum 2^18 terms in another order. */
    protected static final double LARGE_STATE_TOL = 1e-11;
    /** Step of the central differences in the derivative checks. */
    protected static final double DIFF_STEP = 1e-5;
    /** Central differences at h = 1e-5: truncation h²/6·|U'''| < 1e-11 plus rounding ~1e-16/h = 1e-11. */
    protected static final double DERIVATIVE_TOL = 1e-8;

    private static final long SEED = 0x9E3779B97F4A7C15L;
    private static final double R = Math.sqrt(0.5);
    private static final double[] NONE = {};

    private final StateKernel reference = new ScalarKernel();
    private StateKernel kernel;
    private Arena arena;

    /** The kernel under test; called once per test class. */
    protected abstract StateKernel kernel();

    /**
     * The largest qubit count of the exhaustive tests: {@code log2(double lanes) + 3}, so that targets lie inside
     * one SIMD register, across registers, and above. The default 6 fits 8 lanes (AVX-512); override for others.
     */
    protected int maxQubits() {
        return 6;
    }

    @BeforeAll
    protected void createKernel() {
        kernel = kernel();
        assertNotNull(kernel, "kernel() returned null");
    }

    @BeforeEach
    protected void openArena() {
        arena = Arena.ofShared(); // shared: multithreaded kernels touch the state from worker threads
    }

    @AfterEach
    protected void closeArena() {
        arena.close();
    }

    static Stream<String> standardGateNames() {
        return Gates.standard().stream().map(Gate::name);
    }

    static Stream<String> generatorGateNames() {
        return Gates.standard().stream().filter(g -> g.numAngles() == 1 && g.generator().isPresent())
                .map(Gate::name);
    }

    // ---------------------------------------------------------------- agreement with the reference

    @Test
    public void reportsItselfSensibly() {
        assertNotNull(kernel.type(), "type()");
        assertTrue(kernel.threads() >= 1, "threads() = " + kernel.threads());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("standardGateNames")
    public void standardGateAgreesOnEveryPlacement(String name) {
        Gate g = Gates.byName(name);
        SplittableRandom rng = new SplittableRandom(SEED ^ name.hashCode());
        int cases = 0;
        for (int n = g.numQubits(); n <= maxQubits(); n++) {
            for (int[] targets : orderedTuples(n, g.numQubits())) {
                for (int[] controls : controlSets(n, targets)) {
                    Operation op = new Operation(g, targets, controls, randomAngles(g, rng));
                    assertAgrees(n, randomState(n, rng), AMPLITUDE_TOL, compiled(op)::applyTo, describe(op, n));
                    cases++;
                }
            }
        }
        assertTrue(cases > 0 || g.numQubits() > maxQubits(), "no case ran for " + name);
    }

    @Test
    public void pauliRotationsAgree() {
        SplittableRandom rng = new SplittableRandom(SEED + 1);
        for (int n = 1; n <= maxQubits(); n++) {
            for (int trial = 0; trial < 40; trial++) {
                int k = 1 + rng.nextInt(Math.min(n, 5));
                int[] perm = RandomCircuits.permutation(n, rng);
                int[] targets = Arrays.copyOf(perm, k);
                int[] controls = Arrays.copyOfRange(perm, k, k + rng.nextInt(Math.min(2, n - k) + 1));
                Gate g = Gates.pauliRotation(RandomCircuits.randomWord(k, rng));
                Operation op = new Operation(g, targets, controls, randomAngles(g, rng));
                assertAgrees(n, randomState(n, rng), AMPLITUDE_TOL, compiled(op)::applyTo, describe(op, n));

                long[] masks = randomPauliMasks(n, rng, true);
                double theta = rng.nextDouble(-2 * Math.PI, 2 * Math.PI);
                int nn = n;
                assertAgrees(n, randomState(n, rng), AMPLITUDE_TOL,
                        (kk, s, m) -> kk.applyPauliRotation(s, m, masks[0], masks[1], theta, masks[2]),
                        () -> "applyPauliRotation x=" + masks[0] + " z=" + masks[1] + " ctrl=" + masks[2]
                                + " theta=" + theta + " on " + nn + " qubits");
            }
        }
    }

    @Test
    public void denseUnitariesAgree() {
        SplittableRandom rng = new SplittableRandom(SEED + 2);
        for (int n = 1; n <= maxQubits(); n++) {
            for (int k = 1; k <= Math.min(n, 5); k++) {
                for (int trial = 0; trial < 6; trial++) {
                    int[] perm = RandomCircuits.permutation(n, rng);
                    int[] qs = Arrays.copyOf(perm, k);
                    int[] controls = Arrays.copyOfRange(perm, k, k + rng.nextInt(Math.min(2, n - k) + 1));
                    double[] u = RandomCircuits.randomUnitary(k, rng);
                    Operation op = new Operation(Gates.unitary("u", u), qs, controls);
                    int nn = n;
                    assertAgrees(n, randomState(n, rng), AMPLITUDE_TOL, compiled(op)::applyTo, describe(op, n));
                    // applyMatrix directly, also for k = 1, 2 where the facade would call apply1 / apply2
                    long ctrl = op.controlMask();
                    assertAgrees(n, randomState(n, rng), AMPLITUDE_TOL,
                            (kk, s, m) -> kk.applyMatrix(s, m, qs, u, ctrl),
                            () -> "applyMatrix on " + Arrays.toString(qs) + " ctrl " + ctrl + ", " + nn + " qubits");
                }
            }
        }
    }

    @Test
    public void diagonalsAgree() {
        SplittableRandom rng = new SplittableRandom(SEED + 3);
        for (int n = 1; n <= maxQubits(); n++) {
            for (int k = 1; k <= Math.min(n, 5); k++) {
                for (int trial = 0; trial < 6; trial++) {
                    int[] perm = RandomCircuits.permutation(n, rng);
                    int[] qs = Arrays.copyOf(perm, k);
                    int[] controls = Arrays.copyOfRange(perm, k, k + rng.nextInt(Math.min(2, n - k) + 1));
                    double[] d = RandomCircuits.randomPhases(k, rng);
                    Operation op = new Operation(Gates.diagonal("d", d), qs, controls);
                    KernelOp compiled = compiled(op);
                    assertTrue(compiled instanceof KernelOp.Diagonal, "a diagonal gate compiles to " + compiled);
                    assertAgrees(n, randomState(n, rng), AMPLITUDE_TOL, compiled::applyTo, describe(op, n));
                }
            }
        }
    }

    @Test
    public void diagonalsWithEntriesOfOneAgree() {
        // tables with exact 1s (skipped by run-wise loops), −1s (a CZ's superoperator on a density matrix) and a few
        // phases, on qubit sets whose lowest qubit varies, with and without controls above and below it
        SplittableRandom rng = new SplittableRandom(SEED + 33);
        for (int n = 2; n <= maxQubits(); n++) {
            for (int k = 1; k <= Math.min(n, 4); k++) {
                for (int trial = 0; trial < 8; trial++) {
                    int[] perm = RandomCircuits.permutation(n, rng);
                    int[] qs = Arrays.copyOf(perm, k);
                    int[] controls = Arrays.copyOfRange(perm, k, k + rng.nextInt(Math.min(2, n - k) + 1));
                    double[] d = new double[2 << k];
                    for (int e = 0; e < 1 << k; e++) {
                        int kind = rng.nextInt(4);
                        double phi = rng.nextDouble(-Math.PI, Math.PI);
                        d[2 * e] = kind <= 1 ? 1 : kind == 2 ? -1 : Math.cos(phi);
                        d[2 * e + 1] = kind == 3 && trial % 2 == 0 ? Math.sin(phi) : 0;
                        if (kind == 3 && trial % 2 == 1) {
                            d[2 * e] = -1; // real tables: entries ±1 only
                        }
                    }
                    Operation op = new Operation(Gates.diagonal("d", d), qs, controls);
                    KernelOp compiled = compiled(op);
                    assertAgrees(n, randomState(n, rng), AMPLITUDE_TOL, compiled::applyTo, describe(op, n));
                }
            }
        }
    }

    @Test
    public void applyPauliAgrees() {
        SplittableRandom rng = new SplittableRandom(SEED + 4);
        for (int n = 1; n <= maxQubits(); n++) {
            for (int trial = 0; trial < 30; trial++) {
                long[] masks = randomPauliMasks(n, rng, false);
                int nn = n;
                assertAgrees(n, randomState(n, rng), AMPLITUDE_TOL,
                        (kk, s, m) -> kk.applyPauli(s, m, masks[0], masks[1]),
                        () -> "applyPauli x=" + masks[0] + " z=" + masks[1] + " on " + nn + " qubits");
            }
        }
    }

    @Test
    public void expectationPauliAgreesAndLeavesTheStateAlone() {
        SplittableRandom rng = new SplittableRandom(SEED + 5);
        for (int n = 1; n <= maxQubits(); n++) {
            for (int trial = 0; trial < 30; trial++) {
                long[] masks = randomPauliMasks(n, rng, false);
                double[] psi = randomState(n, rng);
                MemorySegment s = load(psi);
                double actual = kernel.expectationPauli(s, n, masks[0], masks[1]);
                double expected = reference.expectationPauli(load(psi), n, masks[0], masks[1]);
                String what = "<P> x=" + masks[0] + " z=" + masks[1] + " on " + n + " qubits";
                assertEquals(expected, actual, AMPLITUDE_TOL, what);
                assertArrayEquals(psi, read(s), what + " modified the state");
            }
        }
    }

    @Test
    public void innerPauliAgreesWithApplyThenInner() {
        SplittableRandom rng = new SplittableRandom(SEED + 55);
        for (int n = 1; n <= maxQubits(); n++) {
            for (int trial = 0; trial < 30; trial++) {
                long[] masks = randomPauliMasks(n, rng, false);
                assertInnerPauli(randomState(n, rng), randomState(n, rng), n, masks);
            }
        }
    }

    /**
     * Every one-qubit Pauli on every qubit (the adjoint sweep's generators, which kernels may take by a dedicated loop)
     * against applying it and taking the plain inner product, on both parts of the result.
     */
    @Test
    public void innerPauliOfEveryOneQubitPauli() {
        SplittableRandom rng = new SplittableRandom(SEED + 56);
        for (int n = 1; n <= maxQubits(); n++) {
            double[] psi = randomState(n, rng);
            double[] phi = randomState(n, rng);
            for (int q = 0; q < n; q++) {
                for (long[] masks : new long[][] {{1L << q, 0}, {1L << q, 1L << q}, {0, 1L << q}}) {
                    assertInnerPauli(psi, phi, n, masks);
                }
            }
        }
    }

    /** {@code kernel.innerPauli} against the reference's apply-then-inner, on both parts; b left unchanged. */
    private void assertInnerPauli(double[] psi, double[] phi, int n, long[] masks) {
        MemorySegment b = load(phi);
        double[] actual = kernel.innerPauli(load(psi), b, n, masks[0], masks[1]);
        MemorySegment pb = load(phi);
        reference.applyPauli(pb, n, masks[0], masks[1]);
        double[] expected = reference.inner(load(psi), pb, n);
        String what = "<a|P|b> x=" + masks[0] + " z=" + masks[1] + " on " + n + " qubits";
        assertEquals(expected[0], actual[0], AMPLITUDE_TOL, what + " (re)");
        assertEquals(expected[1], actual[1], AMPLITUDE_TOL, what + " (im)");
        assertArrayEquals(phi, read(b), what + " modified b");
    }

    @Test
    public void innerAndNormSquaredAgree() {
        SplittableRandom rng = new SplittableRandom(SEED + 6);
        for (int n = 1; n <= maxQubits(); n++) {
            double[] a = randomState(n, rng);
            double[] b = randomState(n, rng);
            double[] ab = kernel.inner(load(a), load(b), n);
            double[] expected = reference.inner(load(a), load(b), n);
            assertEquals(expected[0], ab[0], AMPLITUDE_TOL, "Re<a|b>, n=" + n);
            assertEquals(expected[1], ab[1], AMPLITUDE_TOL, "Im<a|b>, n=" + n);
            double[] ba = kernel.inner(load(b), load(a), n);
            assertEquals(ab[0], ba[0], AMPLITUDE_TOL, "<b|a> = conj <a|b>, n=" + n);
            assertEquals(-ab[1], ba[1], AMPLITUDE_TOL, "<b|a> = conj <a|b>, n=" + n);
            assertEquals(1.0, kernel.normSquared(load(a), n), AMPLITUDE_TOL, "<a|a> of a normalized state");
            double[] threeA = Arrays.stream(a).map(v -> 3 * v).toArray();
            assertEquals(reference.normSquared(load(threeA), n), kernel.normSquared(load(threeA), n),
                    9 * AMPLITUDE_TOL, "normSquared of 3a, n=" + n);
        }
    }

    @Test
    public void scaleAndAxpyAgree() {
        SplittableRandom rng = new SplittableRandom(SEED + 7);
        for (int n = 1; n <= maxQubits(); n++) {
            double re = rng.nextDouble(-1, 1);
            double im = rng.nextDouble(-1, 1);
            int nn = n;
            assertAgrees(n, randomState(n, rng), AMPLITUDE_TOL, (kk, s, m) -> kk.scale(s, m, re, im),
                    () -> "scale by " + re + "+" + im + "i on " + nn + " qubits");
            double[] x = randomState(n, rng);
            MemorySegment xs = load(x);
            assertAgrees(n, randomState(n, rng), AMPLITUDE_TOL, (kk, y, m) -> kk.axpy(y, load(x), m, re, im),
                    () -> "axpy with a = " + re + "+" + im + "i on " + nn + " qubits");
            kernel.axpy(load(x), xs, n, re, im);
            assertArrayEquals(x, read(xs), "axpy modified x");
        }
    }

    @Test
    public void applyAllAgreesOnRandomCircuits() {
        SplittableRandom rng = new SplittableRandom(SEED + 8);
        for (int n = 1; n <= maxQubits(); n++) {
            for (int trial = 0; trial < 5; trial++) {
                List<Long> seeds = rng.longs(30).boxed().toList();
                Circuit c = RandomCircuits.circuit(n, seeds);
                double[] theta = RandomCircuits.randomParams(c, rng.nextLong());
                List<KernelOp> ops = Simulator.compile(c, theta, NONE);
                double[] psi = randomState(n, rng);
                assertAgrees(n, psi, AMPLITUDE_TOL, (kk, s, m) -> kk.applyAll(s, m, ops), () -> c.toString());
                // the batch equals the same operations one at a time with this kernel
                MemorySegment batch = load(psi);
                MemorySegment single = load(psi);
                kernel.applyAll(batch, n, ops);
                for (KernelOp op : ops) {
                    op.applyTo(kernel, single, n);
                }
                assertClose(read(single), read(batch), AMPLITUDE_TOL, () -> "applyAll vs one by one: " + c);
            }
        }
    }

    /**
     * Fused programs ({@link org.qnnlab.sim.Fusion}) on this kernel equal the unfused operations on the reference, for
     * the kernel's own pass costs and for cost tables that force every block size: dense blocks up to 2, 3 and 5
     * qubits, diagonal runs up to 10, and none. Random circuits mix controlled gates, Pauli rotations, dense
     * unitaries and diagonals, so blocks embed controls, merge diagonals into dense blocks and stop at wide rotations.
     */
    @Test
    public void fusedProgramsAgreeWithTheUnfusedOperations() {
        SplittableRandom rng = new SplittableRandom(SEED + 12);
        List<PassCosts> tables = List.of(kernel.passCosts(), PassCosts.none(),
                new PassCosts(new double[] {0, 1, 1}, new double[] {0, 1, 1, 1}),
                new PassCosts(new double[] {0, 1, 1, 1}, new double[] {0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}),
                new PassCosts(new double[] {0, 1, 1, 1, 1, 1}, new double[] {0, 0.5, 0.5, 0.5, 0.5, 0.5}));
        int before = 0;
        int after = 0;
        for (int n = 1; n <= maxQubits(); n++) {
            for (int trial = 0; trial < 6; trial++) {
                Circuit c = RandomCircuits.circuit(n, rng.longs(40).boxed().toList());
                double[] theta = RandomCircuits.randomParams(c, rng.nextLong());
                List<KernelOp> ops = Simulator.compile(c, theta, NONE);
                double[] psi = randomState(n, rng);
                MemorySegment expected = load(psi);
                reference.applyAll(expected, n, ops);
                for (PassCosts costs : tables) {
                    List<KernelOp> fused = org.qnnlab.sim.Fusion.fuse(ops, costs);
                    assertTrue(fused.size() <= ops.size(), "fusion lengthened " + c);
                    MemorySegment actual = load(psi);
                    kernel.applyAll(actual, n, fused);
                    assertClose(read(expected), read(actual), AMPLITUDE_TOL,
                            () -> costs + ": " + fused.size() + " fused of " + ops.size() + ": " + c);
                    if (costs.maxDense() == PassCosts.MAX_DENSE) {
                        before += ops.size();
                        after += fused.size();
                    }
                }
            }
        }
        assertTrue(after < before / 2, "5-qubit blocks at equal cost fused only " + before + " operations into "
                + after);
    }

    /**
     * Cache-blocked programs ({@link org.qnnlab.sim.CacheBlocking}) give the reference result: blocks on the lowest
     * qubits (run in place) and on scattered ones (gathered and scattered back), of fused and unfused operations, with
     * controls, diagonals and Pauli rotations relabelled onto the block.
     */
    @Test
    public void cacheBlockedProgramsAgreeWithTheUnblockedOperations() {
        SplittableRandom rng = new SplittableRandom(SEED + 13);
        int blockedPasses = 0;
        int gathered = 0;
        for (int n = 3; n <= maxQubits(); n++) {
            for (int trial = 0; trial < 4; trial++) {
                Circuit c = RandomCircuits.circuit(n, rng.longs(40).boxed().toList());
                double[] theta = RandomCircuits.randomParams(c, rng.nextLong());
                List<KernelOp> ops = Simulator.compile(c, theta, NONE);
                double[] psi = randomState(n, rng);
                MemorySegment expected = load(psi);
                reference.applyAll(expected, n, ops);
                for (List<KernelOp> in : List.of(ops, org.qnnlab.sim.Fusion.fuse(ops, kernel.passCosts()))) {
                    for (int b = 2; b < n; b++) {
                        List<KernelOp> blocked = org.qnnlab.sim.CacheBlocking.block(in, n, b);
                        for (KernelOp op : blocked) {
                            if (op instanceof KernelOp.Blocked bl) {
                                blockedPasses++;
                                gathered += bl.qubits() == (1L << b) - 1 ? 0 : 1;
                            }
                        }
                        MemorySegment actual = load(psi);
                        kernel.applyAll(actual, n, blocked);
                        int block = b;
                        assertClose(read(expected), read(actual), AMPLITUDE_TOL,
                                () -> "blocks of " + block + " qubits, " + blocked.size() + " passes: " + c);
                    }
                }
            }
        }
        assertTrue(blockedPasses > 50 && gathered > 20, blockedPasses + " blocked passes, " + gathered
                + " of them gathered: too few to test both paths");
    }

    /**
     * Exact equality is expected: sampling reads |amplitude|² of the untouched state and compares sorted uniforms
     * {@code u·<s|s>} with a running sum, so kernels can differ only when a uniform falls within rounding (~1e-16) of
     * a cumulative boundary, which for these sizes has probability below 1e-10. The generator must also be consumed
     * identically (checked by drawing once more).
     */
    @Test
    public void sampleGivesTheReferenceOutcomes() {
        SplittableRandom rng = new SplittableRandom(SEED + 9);
        for (int n : new int[] {1, 2, maxQubits()}) {
            double[] psi = randomState(n, rng);
            long seed = rng.nextLong();
            SplittableRandom mine = new SplittableRandom(seed);
            SplittableRandom theirs = new SplittableRandom(seed);
            long[] actual = kernel.sample(load(psi), n, 2000, mine);
            long[] expected = reference.sample(load(psi), n, 2000, theirs);
            assertArrayEquals(expected, actual, "samples on " + n + " qubits, seed " + seed);
            assertEquals(theirs.nextLong(), mine.nextLong(), "the random source was consumed differently");
        }
        // a basis state (here with norm 2) is always sampled as itself
        int n = maxQubits();
        long b = (1L << n) - 2;
        double[] basis = new double[2 << n];
        basis[(int) (2 * b)] = 2;
        for (long outcome : kernel.sample(load(basis), n, 100, new SplittableRandom(SEED))) {
            assertEquals(b, outcome, "sampling the (unnormalized) basis state |" + b + ">");
        }
    }

    /** A state without a Born distribution (zero, NaN, infinite) is refused with the same message on every kernel. */
    @Test
    public void samplingAStateWithoutANormIsRefused() {
        int n = Math.min(3, maxQubits());
        double[] zero = new double[2 << n];
        double[] nan = new double[2 << n];
        nan[3] = Double.NaN;
        double[] inf = new double[2 << n];
        inf[0] = Double.POSITIVE_INFINITY;
        for (double[] psi : List.of(zero, nan, inf)) {
            SplittableRandom rng = new SplittableRandom(SEED);
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> kernel.sample(load(psi), n, 10, rng));
            assertTrue(e.getMessage().contains("cannot be sampled"), e.getMessage());
        }
    }

    // ---------------------------------------------------------------- inverse, generator, derivative

    @ParameterizedTest(name = "{0}")
    @MethodSource("standardGateNames")
    public void inverseRestoresTheState(String name) {
        Gate g = Gates.byName(name);
        SplittableRandom rng = new SplittableRandom(SEED ^ (31L * name.hashCode()));
        for (int n = g.numQubits(); n <= Math.min(4, maxQubits()); n++) {
            for (int[] targets : orderedTuples(n, g.numQubits())) {
                for (int[] controls : controlSets(n, targets)) {
                    Operation op = new Operation(g, targets, controls, randomAngles(g, rng));
                    assertInverseRestores(op, n, rng);
                }
            }
        }
    }

    @Test
    public void inverseRestoresTheStateForUserGates() {
        SplittableRandom rng = new SplittableRandom(SEED + 10);
        int n = maxQubits();
        for (int k = 1; k <= Math.min(n, 5); k++) {
            int[] perm = RandomCircuits.permutation(n, rng);
            int[] qs = Arrays.copyOf(perm, k);
            int[] controls = Arrays.copyOfRange(perm, k, Math.min(n, k + 1));
            assertInverseRestores(new Operation(Gates.unitary("u", RandomCircuits.randomUnitary(k, rng)), qs,
                    controls), n, rng);
            assertInverseRestores(new Operation(Gates.diagonal("d", RandomCircuits.randomPhases(k, rng)), qs,
                    controls), n, rng);
            Gate p = Gates.pauliRotation(RandomCircuits.randomWord(k, rng));
            assertInverseRestores(new Operation(p, qs, controls, randomAngles(p, rng)), n, rng);
        }
    }

    private void assertInverseRestores(Operation op, int n, SplittableRandom rng) {
        double[] psi = randomState(n, rng);
        MemorySegment s = load(psi);
        compiled(op).applyTo(kernel, s, n);
        compiled(op.inverse()).applyTo(kernel, s, n);
        assertClose(psi, read(s), AMPLITUDE_TOL, () -> "op then inverse: " + op + " on " + n + " qubits");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("generatorGateNames")
    public void derivativeIsMinusIGeneratorTimesGate(String name) {
        Gate g = Gates.byName(name);
        int d = 1 << g.numQubits();
        double[] gen = g.generator().orElseThrow();
        SplittableRandom rng = new SplittableRandom(SEED ^ (17L * name.hashCode()));
        for (int trial = 0; trial < 5; trial++) {
            double a = rng.nextDouble(-2 * Math.PI, 2 * Math.PI);
            double[] minusIGU = timesMinusI(multiply(gen, g.matrix(a), d));
            assertClose(minusIGU, g.derivative(0, a), AMPLITUDE_TOL, () -> name + ".derivative(0, " + a + ")");
        }
        // state level: (U(a+h)ψ − U(a−h)ψ)/2h ≈ −i·G·U(a)ψ, all through the kernel
        int n = Math.min(Math.max(3, g.numQubits()), maxQubits());
        for (int[] targets : orderedTuples(n, g.numQubits())) {
            double a = rng.nextDouble(-2 * Math.PI, 2 * Math.PI);
            double[] psi = randomState(n, rng);
            double[] plus = applied(new Operation(g, targets, new int[0], Angle.constant(a + DIFF_STEP)), n, psi);
            double[] minus = applied(new Operation(g, targets, new int[0], Angle.constant(a - DIFF_STEP)), n, psi);
            MemorySegment s = load(psi);
            compiled(new Operation(g, targets, new int[0], Angle.constant(a))).applyTo(kernel, s, n);
            new KernelOp.Dense(targets, gen, 0).applyTo(kernel, s, n);
            kernel.scale(s, n, 0, -1);
            assertClose(read(s), centralDifference(plus, minus), DERIVATIVE_TOL,
                    () -> name + " on " + Arrays.toString(targets) + " at " + a + ": central difference vs -iGUψ");
        }
    }

    @Test
    public void u3DerivativeMatchesCentralDifferences() {
        SplittableRandom rng = new SplittableRandom(SEED + 11);
        int n = Math.min(3, maxQubits());
        for (int trial = 0; trial < 5; trial++) {
            double[] angles = {rng.nextDouble(-4, 4), rng.nextDouble(-4, 4), rng.nextDouble(-4, 4)};
            for (int a = 0; a < 3; a++) {
                double[] up = angles.clone();
                double[] down = angles.clone();
                up[a] += DIFF_STEP;
                down[a] -= DIFF_STEP;
                double[] fd = centralDifference(Gates.U3.matrix(up), Gates.U3.matrix(down));
                double[] analytic = Gates.U3.derivative(a, angles);
                int aa = a;
                assertClose(fd, analytic, DERIVATIVE_TOL,
                        () -> "u3 derivative " + aa + " at " + Arrays.toString(angles));
                // state level, through the kernel: the derivative matrix applied to ψ vs the difference of states
                int q = rng.nextInt(n);
                double[] psi = randomState(n, rng);
                double[] plus = applied(new Operation(Gates.U3, new int[] {q}, new int[0], constants(up)), n, psi);
                double[] minus = applied(new Operation(Gates.U3, new int[] {q}, new int[0], constants(down)), n, psi);
                MemorySegment s = load(psi);
                new KernelOp.Dense(new int[] {q}, analytic, 0).applyTo(kernel, s, n);
                assertClose(read(s), centralDifference(plus, minus), DERIVATIVE_TOL,
                        () -> "u3 state derivative " + aa + " on q" + q + " at " + Arrays.toString(angles));
            }
        }
    }

    // ---------------------------------------------------------------- analytic states through the kernel

    @Test
    public void hadamardAndPauliXOnZero() {
        assertClose(new double[] {R, 0, R, 0}, run(new Circuit(1).h(0), 1, 0), AMPLITUDE_TOL, () -> "H|0> = |+>");
        assertClose(new double[] {0, 0, 1, 0}, run(new Circuit(1).x(0), 1, 0), AMPLITUDE_TOL, () -> "X|0> = |1>");
    }

    @Test
    public void cnotControlIsTheFirstQubitAndQubitZeroIsTheLowBit() {
        for (int n = 2; n <= maxQubits(); n++) {
            int nn = n;
            // |q0 = 1> is basis index 1; CNOT(0, 1) sets qubit 1: index 3
            assertClose(basisState(n, 3), run(new Circuit(n).cnot(0, 1), n, 1), AMPLITUDE_TOL,
                    () -> "CNOT(0,1)|q0=1> on " + nn + " qubits");
            // control clear: nothing happens
            assertClose(basisState(n, 2), run(new Circuit(n).cnot(0, 1), n, 2), AMPLITUDE_TOL,
                    () -> "CNOT(0,1)|q1=1> on " + nn + " qubits");
            assertClose(basisState(n, 3), run(new Circuit(n).cnot(1, 0), n, 2), AMPLITUDE_TOL,
                    () -> "CNOT(1,0)|q1=1> on " + nn + " qubits");
            long top = 1L << (n - 1);
            assertClose(basisState(n, top | 1), run(new Circuit(n).cnot(n - 1, 0), n, top), AMPLITUDE_TOL,
                    () -> "CNOT(top, 0) on " + nn + " qubits");
        }
    }

    @Test
    public void bellAndGhzStates() {
        double[] bell = new double[8];
        bell[0] = R;
        bell[6] = R;
        assertClose(bell, run(new Circuit(2).h(0).cnot(0, 1), 2, 0), AMPLITUDE_TOL, () -> "H(0) CNOT(0,1)|00>");
        for (int n = 1; n <= maxQubits() + 2; n++) {
            Circuit ghz = new Circuit(n).h(0);
            for (int q = 1; q < n; q++) {
                ghz.cnot(q - 1, q);
            }
            double[] expected = new double[2 << n];
            expected[0] = R;
            expected[2 * ((1 << n) - 1)] = R;
            int nn = n;
            assertClose(expected, run(ghz, n, 0), AMPLITUDE_TOL, () -> "GHZ on " + nn + " qubits");
        }
    }

    @Test
    public void singleQubitRotationsOnBasisStates() {
        assertClose(new double[] {0, 0, 0, -1}, run(new Circuit(1).rx(Math.PI, 0), 1, 0), AMPLITUDE_TOL,
                () -> "RX(pi)|0> = -i|1>");
        assertClose(new double[] {R, 0, R, 0}, run(new Circuit(1).ry(Math.PI / 2, 0), 1, 0), AMPLITUDE_TOL,
                () -> "RY(pi/2)|0> = |+>");
        for (double theta : new double[] {0.3, -1.7, Math.PI, 5.0}) {
            double c = Math.cos(theta / 2);
            double s = Math.sin(theta / 2);
            assertClose(new double[] {R * c, -R * s, R * c, R * s}, run(new Circuit(1).h(0).rz(theta, 0), 1, 0),
                    AMPLITUDE_TOL, () -> "RZ(" + theta + ")|+> = (e^{-i theta/2}|0> + e^{i theta/2}|1>)/sqrt2");
            assertClose(new double[] {R, 0, R * Math.cos(theta), R * Math.sin(theta)},
                    run(new Circuit(1).h(0).phase(Angle.constant(theta), 0), 1, 0), AMPLITUDE_TOL,
                    () -> "PHASE(" + theta + ")|+> = (|0> + e^{i theta}|1>)/sqrt2");
        }
    }

    @Test
    public void u3MatchesItsFormulaAndItsEulerDecomposition() {
        SplittableRandom rng = new SplittableRandom(SEED + 12);
        for (int trial = 0; trial < 5; trial++) {
            double th = rng.nextDouble(-4, 4);
            double ph = rng.nextDouble(-4, 4);
            double la = rng.nextDouble(-4, 4);
            double c = Math.cos(th / 2);
            double s = Math.sin(th / 2);
            Circuit u3 = new Circuit(1).u3(Angle.constant(th), Angle.constant(ph), Angle.constant(la), 0);
            String what = "U3(" + th + ", " + ph + ", " + la + ")";
            // columns of [[cos θ/2, −e^{iλ} sin θ/2], [e^{iφ} sin θ/2, e^{i(φ+λ)} cos θ/2]]
            assertClose(new double[] {c, 0, Math.cos(ph) * s, Math.sin(ph) * s}, run(u3, 1, 0), AMPLITUDE_TOL,
                    () -> what + "|0>");
            assertClose(new double[] {-Math.cos(la) * s, -Math.sin(la) * s, Math.cos(ph + la) * c,
                Math.sin(ph + la) * c}, run(u3, 1, 1), AMPLITUDE_TOL, () -> what + "|1>");
            // U3(θ, φ, λ) = e^{i(φ+λ)/2}·RZ(φ)·RY(θ)·RZ(λ) on any state
            int n = Math.min(3, maxQubits());
            int q = rng.nextInt(n);
            double[] psi = randomState(n, rng);
            Circuit euler = new Circuit(n).rz(la, q).ry(th, q).rz(ph, q);
            double[] viaEuler = timesPhase(run(euler, n, psi), (ph + la) / 2);
            Circuit direct = new Circuit(n).u3(Angle.constant(th), Angle.constant(ph), Angle.constant(la), q);
            assertClose(viaEuler, run(direct, n, psi), AMPLITUDE_TOL, () -> what + " vs its Euler angles on q" + q);
        }
    }

    @Test
    public void swapIswapAndRzzOnBasisStates() {
        for (int n = 2; n <= maxQubits(); n++) {
            int nn = n;
            // |01> (q0 = 1, index 1) ↔ |10> (q1 = 1, index 2)
            assertClose(basisState(n, 2), run(new Circuit(n).swap(0, 1), n, 1), AMPLITUDE_TOL,
                    () -> "SWAP|01> = |10>, n=" + nn);
            assertClose(basisState(n, 1L << (n - 1)), run(new Circuit(n).swap(n - 1, 0), n, 1), AMPLITUDE_TOL,
                    () -> "SWAP(top, 0)|q0=1> = |top=1>, n=" + nn);
            double[] iswapped = new double[2 << n];
            iswapped[2 * 2 + 1] = 1;
            assertClose(iswapped, run(new Circuit(n).iswap(0, 1), n, 1), AMPLITUDE_TOL,
                    () -> "iSWAP|01> = i|10>, n=" + nn);
            assertClose(basisState(n, 3), run(new Circuit(n).iswap(0, 1), n, 3), AMPLITUDE_TOL,
                    () -> "iSWAP|11> = |11>, n=" + nn);
            double theta = 0.4 + n;
            double[] even = new double[2 << n];
            even[0] = Math.cos(theta / 2);
            even[1] = -Math.sin(theta / 2);
            assertClose(even, run(new Circuit(n).rzz(Angle.constant(theta), 0, n - 1), n, 0), AMPLITUDE_TOL,
                    () -> "RZZ(theta)|00> = e^{-i theta/2}|00>, n=" + nn);
            long odd = 1L << (n - 1);
            double[] oddState = new double[2 << n];
            oddState[(int) (2 * odd)] = Math.cos(theta / 2);
            oddState[(int) (2 * odd) + 1] = Math.sin(theta / 2);
            assertClose(oddState, run(new Circuit(n).rzz(Angle.constant(theta), 0, n - 1), n, odd), AMPLITUDE_TOL,
                    () -> "RZZ(theta)|10> = e^{+i theta/2}|10>, n=" + nn);
        }
    }

    @Test
    public void gatePowers() {
        SplittableRandom rng = new SplittableRandom(SEED + 13);
        int n = maxQubits();
        for (int q : new int[] {0, n / 2, n - 1}) {
            double[] psi = randomState(n, rng);
            Circuit t8 = new Circuit(n);
            for (int i = 0; i < 8; i++) {
                t8.t(q);
            }
            assertClose(psi, run(t8, n, psi), AMPLITUDE_TOL, () -> "T^8 = I on q" + q);
            assertClose(applyOneQubit(psi, q, 0, new double[] {1, 0, 0, 0, 0, 0, -1, 0}),
                    run(new Circuit(n).s(q).s(q), n, psi), AMPLITUDE_TOL, () -> "S^2 = Z on q" + q);
            assertClose(applyOneQubit(psi, q, 0, new double[] {0, 0, 1, 0, 1, 0, 0, 0}),
                    run(new Circuit(n).sx(q).sx(q), n, psi), AMPLITUDE_TOL, () -> "SX^2 = X on q" + q);
        }
    }

    @Test
    public void controlledGatesWithControlsOnTheHighestQubits() {
        SplittableRandom rng = new SplittableRandom(SEED + 14);
        double[] x = {0, 0, 1, 0, 1, 0, 0, 0};
        double[] z = {1, 0, 0, 0, 0, 0, -1, 0};
        for (int n = 2; n <= maxQubits(); n++) {
            int top = n - 1;
            long topMask = 1L << top;
            double[] psi = randomState(n, rng);
            int nn = n;
            assertClose(applyOneQubit(psi, 0, topMask, x), run(new Circuit(n).cnot(top, 0), n, psi),
                    AMPLITUDE_TOL, () -> "CX(ctrl top, target 0), n=" + nn);
            assertClose(applyOneQubit(psi, 0, topMask, z), run(new Circuit(n).cz(top, 0), n, psi), AMPLITUDE_TOL,
                    () -> "CZ(top, 0), n=" + nn);
            double theta = rng.nextDouble(-3, 3);
            double c = Math.cos(theta / 2);
            double s = Math.sin(theta / 2);
            assertClose(applyOneQubit(psi, 0, topMask, new double[] {c, 0, -s, 0, s, 0, c, 0}),
                    run(new Circuit(n).cry(Angle.constant(theta), top, 0), n, psi), AMPLITUDE_TOL,
                    () -> "CRY(ctrl top, target 0), n=" + nn);
            assertClose(applyOneQubit(psi, 0, topMask, new double[] {1, 0, 0, 0, 0, 0, Math.cos(theta),
                Math.sin(theta)}), run(new Circuit(n).cphase(Angle.constant(theta), top, 0), n, psi),
                    AMPLITUDE_TOL, () -> "CPHASE(ctrl top, target 0), n=" + nn);
            if (n >= 3) {
                long two = topMask | (1L << (top - 1));
                assertClose(applyOneQubit(psi, 0, two, x),
                        run(new Circuit(n).controlled(Gates.X, new int[] {top, top - 1}, new int[] {0}), n, psi),
                        AMPLITUDE_TOL, () -> "CCX(ctrl top, top-1, target 0), n=" + nn);
            }
        }
    }

    // ---------------------------------------------------------------- large states: threads split the work

    @Test
    public void everyStandardGateAgreesAtSixteenQubits() {
        int n = 16;
        SplittableRandom rng = new SplittableRandom(SEED + 15);
        double[] psi = randomState(n, rng);
        for (Gate g : Gates.standard()) {
            for (int[] targets : largePlacements(n, g.numQubits(), rng)) {
                int[][] controlChoices = {{}, {firstFree(n, targets, true)}, {firstFree(n, targets, false)}};
                for (int[] controls : controlChoices) {
                    Operation op = new Operation(g, targets, controls, randomAngles(g, rng));
                    assertAgrees(n, psi, LARGE_STATE_TOL, compiled(op)::applyTo, describe(op, n));
                }
            }
        }
        for (int k = 3; k <= 5; k++) {
            int[] qs = Arrays.copyOf(RandomCircuits.permutation(n, rng), k);
            Operation u = new Operation(Gates.unitary("u", RandomCircuits.randomUnitary(k, rng)), qs, new int[0]);
            assertAgrees(n, psi, LARGE_STATE_TOL, compiled(u)::applyTo, describe(u, n));
            Gate p = Gates.pauliRotation(RandomCircuits.randomWord(k, rng));
            Operation pr = new Operation(p, qs, new int[] {firstFree(n, qs, false)}, randomAngles(p, rng));
            assertAgrees(n, psi, LARGE_STATE_TOL, compiled(pr)::applyTo, describe(pr, n));
        }
        long seed = rng.nextLong();
        assertArrayEquals(reference.sample(load(psi), n, 1000, new SplittableRandom(seed)),
                kernel.sample(load(psi), n, 1000, new SplittableRandom(seed)), "samples at 16 qubits");
    }

    @Test
    public void twoQubitAndControlledGatesAgreeAtEighteenQubits() {
        int n = 18;
        SplittableRandom rng = new SplittableRandom(SEED + 16);
        double[] psi = randomState(n, rng);
        for (Gate g : Gates.standard()) {
            if (g.numQubits() == 2) {
                for (int[] targets : largePlacements(n, 2, rng)) {
                    Operation op = new Operation(g, targets, new int[0], randomAngles(g, rng));
                    assertAgrees(n, psi, LARGE_STATE_TOL, compiled(op)::applyTo, describe(op, n));
                }
            }
            int[][] targetChoices = g.numQubits() == 1 ? new int[][] {{0}, {n - 2}} : new int[][] {{1, 0}, {n - 2, 3}};
            for (int[] targets : targetChoices) {
                int[] controls = {n - 1, firstFree(n, append(targets, n - 1), true)};
                Operation op = new Operation(g, targets, controls, randomAngles(g, rng));
                assertAgrees(n, psi, LARGE_STATE_TOL, compiled(op)::applyTo, describe(op, n));
            }
        }
        long[] masks = randomPauliMasks(n, rng, false);
        double[] other = randomState(n, rng);
        String what = "reductions at 18 qubits";
        assertEquals(reference.normSquared(load(psi), n), kernel.normSquared(load(psi), n), LARGE_STATE_TOL, what);
        assertArrayEquals(reference.inner(load(psi), load(other), n), kernel.inner(load(psi), load(other), n),
                LARGE_STATE_TOL, what);
        assertEquals(reference.expectationPauli(load(psi), n, masks[0], masks[1]),
                kernel.expectationPauli(load(psi), n, masks[0], masks[1]), LARGE_STATE_TOL, what);
        assertAgrees(n, psi, LARGE_STATE_TOL, (kk, s, m) -> kk.applyPauli(s, m, masks[0], masks[1]),
                () -> "applyPauli at 18 qubits");
        assertAgrees(n, psi, LARGE_STATE_TOL, (kk, s, m) -> kk.scale(s, m, 0.6, -0.8), () -> "scale at 18 qubits");
        assertAgrees(n, psi, LARGE_STATE_TOL, (kk, s, m) -> kk.axpy(s, load(other), m, -0.3, 0.7),
                () -> "axpy at 18 qubits");
    }

    // ---------------------------------------------------------------- helpers

    /** One kernel call on a state of {@code n} qubits. */
    @FunctionalInterface
    protected interface KernelAction {
        /** Applies the action with {@code k} to {@code s}. */
        void apply(StateKernel k, MemorySegment s, int n);
    }

    /** Runs {@code action} with the kernel under test and with the reference on copies of {@code state}. */
    protected final void assertAgrees(int n, double[] state, double tol, KernelAction action, Supplier<String> what) {
        MemorySegment actual = load(state);
        MemorySegment expected = load(state);
        action.apply(kernel, actual, n);
        action.apply(reference, expected, n);
        assertClose(read(expected), read(actual), tol, what);
    }

    /** Fails unless every complex entry of {@code actual} is within {@code tol} (modulus) of {@code expected}. */
    protected static void assertClose(double[] expected, double[] actual, double tol, Supplier<String> what) {
        assertEquals(expected.length, actual.length, () -> what.get() + ": length");
        for (int i = 0; i < expected.length; i += 2) {
            double err = Math.hypot(actual[i] - expected[i], actual[i + 1] - expected[i + 1]);
            if (!(err <= tol)) { // also fails on NaN
                fail(what.get() + ": entry " + i / 2 + " is " + actual[i] + (actual[i + 1] < 0 ? "" : "+")
                        + actual[i + 1] + "i, expected " + expected[i] + (expected[i + 1] < 0 ? "" : "+")
                        + expected[i + 1] + "i (error " + err + " > " + tol + ")");
            }
        }
    }

    /** A random normalized state (independent complex Gaussians, normalized), interleaved. */
    protected static double[] randomState(int n, SplittableRandom rng) {
        double[] s = new double[2 << n];
        double norm = 0;
        for (int i = 0; i < s.length; i++) {
            s[i] = rng.nextGaussian();
            norm += s[i] * s[i];
        }
        double inv = 1 / Math.sqrt(norm);
        for (int i = 0; i < s.length; i++) {
            s[i] *= inv;
        }
        return s;
    }

    /** A fresh 64-byte aligned off-heap copy of {@code amps}, freed after the test. */
    protected final MemorySegment load(double[] amps) {
        MemorySegment s = arena.allocate(8L * amps.length, 64);
        MemorySegment.copy(amps, 0, s, JAVA_DOUBLE, 0, amps.length);
        return s;
    }

    private static double[] read(MemorySegment s) {
        return s.toArray(JAVA_DOUBLE);
    }

    /** {@code ψ} after {@code op}, applied with the kernel under test. */
    private double[] applied(Operation op, int n, double[] psi) {
        MemorySegment s = load(psi);
        compiled(op).applyTo(kernel, s, n);
        return read(s);
    }

    /** {@code |b>} on {@code n} qubits after circuit {@code c} (no parameters), with the kernel under test. */
    private double[] run(Circuit c, int n, long b) {
        return run(c, n, basisState(n, b));
    }

    private double[] run(Circuit c, int n, double[] psi) {
        MemorySegment s = load(psi);
        kernel.applyAll(s, n, Simulator.compile(c, NONE, NONE));
        return read(s);
    }

    private static KernelOp compiled(Operation op) {
        return Simulator.compile(op, op.angleValues(NONE, NONE));
    }

    private static Supplier<String> describe(Operation op, int n) {
        return () -> op + " on " + n + " qubits (angles " + Arrays.toString(op.angleValues(NONE, NONE)) + ")";
    }

    private static Angle[] randomAngles(Gate g, SplittableRandom rng) {
        double[] a = new double[g.numAngles()];
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.nextDouble(-2 * Math.PI, 2 * Math.PI);
        }
        return constants(a);
    }

    private static Angle[] constants(double[] values) {
        return Arrays.stream(values).mapToObj(Angle::constant).toArray(Angle[]::new);
    }

    private static double[] basisState(int n, long b) {
        double[] s = new double[2 << n];
        s[(int) (2 * b)] = 1;
        return s;
    }

    /** Every ordered tuple of {@code k} distinct qubits out of {@code n} (k = 2: every ordered pair). */
    private static List<int[]> orderedTuples(int n, int k) {
        List<int[]> out = new ArrayList<>();
        extend(new int[0], n, k, out);
        return out;
    }

    private static void extend(int[] prefix, int n, int k, List<int[]> out) {
        if (prefix.length == k) {
            out.add(prefix);
            return;
        }
        for (int q = 0; q < n; q++) {
            if (!contains(prefix, q)) {
                extend(append(prefix, q), n, k, out);
            }
        }
    }

    /** No controls, each non-target qubit alone, and every pair of non-target qubits (below and above targets). */
    private static List<int[]> controlSets(int n, int[] targets) {
        int[] free = IntStream.range(0, n).filter(q -> !contains(targets, q)).toArray();
        List<int[]> sets = new ArrayList<>();
        sets.add(new int[0]);
        for (int i = 0; i < free.length; i++) {
            sets.add(new int[] {free[i]});
        }
        for (int i = 0; i < free.length; i++) {
            for (int j = i + 1; j < free.length; j++) {
                sets.add(new int[] {free[i], free[j]});
            }
        }
        return sets;
    }

    /** Target tuples for large states: lowest qubits, highest qubits, both ends, and a random choice. */
    private static List<int[]> largePlacements(int n, int k, SplittableRandom rng) {
        if (k == 1) {
            return List.of(new int[] {0}, new int[] {n - 1}, new int[] {1 + rng.nextInt(n - 2)});
        }
        int[] random = Arrays.copyOf(RandomCircuits.permutation(n, rng), 2);
        return List.of(new int[] {0, 1}, new int[] {n - 1, n - 2}, new int[] {n - 1, 0}, new int[] {2, n - 3}, random);
    }

    /** The lowest (or highest) qubit that is not in {@code used}. */
    private static int firstFree(int n, int[] used, boolean lowest) {
        for (int i = 0; i < n; i++) {
            int q = lowest ? i : n - 1 - i;
            if (!contains(used, q)) {
                return q;
            }
        }
        throw new IllegalArgumentException("no free qubit");
    }

    /** Random Pauli masks {x, z, ctrl} on n qubits; ctrl (only if {@code withControls}) is disjoint from x and z. */
    private static long[] randomPauliMasks(int n, SplittableRandom rng, boolean withControls) {
        long x = 0;
        long z = 0;
        long ctrl = 0;
        for (int q = 0; q < n; q++) {
            switch (rng.nextInt(withControls ? 5 : 4)) {
                case 1 -> x |= 1L << q;
                case 2 -> z |= 1L << q;
                case 3 -> {
                    x |= 1L << q;
                    z |= 1L << q;
                }
                case 4 -> ctrl |= 1L << q;
                default -> { } // identity
            }
        }
        return new long[] {x, z, ctrl};
    }

    /**
     * {@code m} (2×2) applied to qubit {@code t} of {@code psi} where all {@code ctrl} bits are set: an independent
     * implementation of the layout conventions (qubit q = bit q of the basis index).
     */
    private static double[] applyOneQubit(double[] psi, int t, long ctrl, double[] m) {
        double[] out = psi.clone();
        int dim = psi.length / 2;
        for (int b0 = 0; b0 < dim; b0++) {
            if ((b0 >> t & 1) != 0 || (b0 & ctrl) != ctrl) {
                continue;
            }
            int b1 = b0 | 1 << t;
            double ar = psi[2 * b0], ai = psi[2 * b0 + 1], br = psi[2 * b1], bi = psi[2 * b1 + 1];
            out[2 * b0] = m[0] * ar - m[1] * ai + m[2] * br - m[3] * bi;
            out[2 * b0 + 1] = m[0] * ai + m[1] * ar + m[2] * bi + m[3] * br;
            out[2 * b1] = m[4] * ar - m[5] * ai + m[6] * br - m[7] * bi;
            out[2 * b1 + 1] = m[4] * ai + m[5] * ar + m[6] * bi + m[7] * br;
        }
        return out;
    }

    private static double[] centralDifference(double[] plus, double[] minus) {
        double[] d = new double[plus.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = (plus[i] - minus[i]) / (2 * DIFF_STEP);
        }
        return d;
    }

    private static double[] timesMinusI(double[] a) {
        return timesPhase(a, -Math.PI / 2);
    }

    /** {@code e^{iφ}·a}. */
    private static double[] timesPhase(double[] a, double phi) {
        double c = Math.cos(phi);
        double s = Math.sin(phi);
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i += 2) {
            out[i] = c * a[i] - s * a[i + 1];
            out[i + 1] = c * a[i + 1] + s * a[i];
        }
        return out;
    }

    private static double[] multiply(double[] a, double[] b, int d) {
        double[] c = new double[2 * d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < d; k++) {
                    double ar = a[2 * (i * d + k)], ai = a[2 * (i * d + k) + 1];
                    double br = b[2 * (k * d + j)], bi = b[2 * (k * d + j) + 1];
                    c[2 * (i * d + j)] += ar * br - ai * bi;
                    c[2 * (i * d + j) + 1] += ar * bi + ai * br;
                }
            }
        }
        return c;
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    private static int[] append(int[] a, int v) {
        int[] b = Arrays.copyOf(a, a.length + 1);
        b[a.length] = v;
        return b;
    }
}
