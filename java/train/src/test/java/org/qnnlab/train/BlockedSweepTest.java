package org.qnnlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.qnnlab.sim.Angle;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Boundary;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Gates;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Operation;
import org.qnnlab.sim.RandomCircuits;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.StateVector;
import org.qnnlab.sim.kernel.KernelOp;
import org.qnnlab.sim.kernel.KernelTestSupport;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.kernel.ScalarKernel;
import org.qnnlab.sim.kernel.StateKernel;

/**
 * The cache-blocked backward sweep gives the gate-by-gate sweep's gradients, on every kernel: on small states with
 * tiny blocks, so every restriction (high controls, high diagonal targets, high Z factors, runs broken by non-local
 * gates) occurs; and at 16 qubits with the production blocks (2^13 amplitudes), where {@link AdjointGradient} takes
 * the blocked path by itself and the kernels run their multi-threaded loops.
 */
class BlockedSweepTest {

    /**
     * Blocked against gate-by-gate, relative to Σ|w| + |c| of the observable ({@link #SCALES}, a bound on each value
     * and on each derivative term): the two sweeps apply the same gates and differ only in how the generator inner products are summed (per
     * block, then over blocks, vs the kernel's own order) and in how a gate on a block is compiled (a high Z as a
     * sign). Measured at 16 qubits: ≤ 5e-15 for the HEA, ≤ 3e-14 for the TFIM HVA, each of whose two shared
     * parameters sums 16 such terms over 2^16 amplitudes; 1e-12 is rounding with room, not a loose match.
     */
    private static final double TOLERANCE = 1e-12;
    /** Σ|w| + |c| of each of {@link #observables}. */
    private static final double[] SCALES = {0.7 + 0.4 + 0.2 + 1.5, 1};

    private static final int LARGE = 16;

    static Stream<Arguments> kernelsAndSeeds() {
        return KernelTestSupport.kernelsWith(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    }

    static Stream<Arguments> kernelsAndThreads() {
        return KernelTestSupport.kernelsWith(1, 2);
    }

    @ParameterizedTest
    @MethodSource("kernelsAndSeeds")
    void blockedEqualsUnblockedOnRandomCircuits(KernelType type, long seed) {
        Simulator sim = new Simulator(KernelTestSupport.requireOrSkip(type, 1));
        SplittableRandom rng = new SplittableRandom(seed);
        int n = 5 + rng.nextInt(2);
        Circuit c = RandomCircuits.circuit(n, rng.longs(40).boxed().toList());
        int m = 2 + rng.nextInt(2);
        double[] theta = RandomCircuits.randomParams(c, seed);
        assertAgree(gateByGate(sim, m).jacobian(c, theta, null, observables(n)),
                new AdjointGradient(sim, m, 0).jacobian(c, theta, null, observables(n)),
                "blocks of 2^" + m + " in " + c);
    }

    /**
     * Runs of non-trainable operations un-applied as their fused inverses (CZ ladders as diagonals, fixed gates as
     * blocks) give the sweep that un-applies them one by one, blocked and gate by gate.
     */
    @ParameterizedTest
    @MethodSource("kernelsAndSeeds")
    void fusedFixedRunsEqualTheGateByGateSweep(KernelType type, long seed) {
        Simulator sim = new Simulator(KernelTestSupport.requireOrSkip(type, 1)).withFusion(true);
        SplittableRandom rng = new SplittableRandom(seed + 100);
        int n = 4 + 2 * rng.nextInt(2); // even: the XXZ HVA starts from singlet pairs
        int m = 2 + rng.nextInt(2);
        for (Circuit c : List.of(RandomCircuits.circuit(n, rng.longs(40).boxed().toList()), Ansatz.hea(n, 2),
                Ansatz.hvaXxz(n, 2, Boundary.PERIODIC))) {
            double[] theta = RandomCircuits.randomParams(c, seed);
            Jacobian reference = gateByGate(sim.withFusion(false), m).jacobian(c, theta, null, observables(n));
            for (int minBlocked : new int[] {0, Integer.MAX_VALUE}) {
                assertAgree(reference, new AdjointGradient(sim, m, minBlocked, 0).jacobian(c, theta, null,
                        observables(n)), "fused fixed runs, blocks of 2^" + m + " from " + minBlocked + ", " + c);
            }
        }
    }

    /** With 2 threads the sweep's blocks run on two workers ({@link Parallel}) while 1 runs them in order. */
    @ParameterizedTest
    @MethodSource("kernelsAndThreads")
    void blockedEqualsUnblockedForTheAnsaetze(KernelType type, long threads) {
        Simulator sim = new Simulator(KernelTestSupport.requireOrSkip(type, (int) threads));
        for (Circuit c : List.of(Ansatz.hea(7, 3), Ansatz.hvaTfim(7, 3, Boundary.PERIODIC),
                Ansatz.hvaXxz(6, 2, Boundary.OPEN))) {
            int n = c.numQubits();
            double[] theta = RandomCircuits.randomParams(c, 3);
            assertAgree(gateByGate(sim, 3).jacobian(c, theta, null, observables(n)),
                    new AdjointGradient(sim, 3, 0).jacobian(c, theta, null, observables(n)), c.toString());
        }
    }

    /**
     * At 16 qubits the default {@link AdjointGradient} sweeps blocked on its own; its gradients equal the gate-by-gate
     * sweep's on the same kernel and the scalar kernel's (the specification). The kernel has 2 threads, so from 14
     * qubits on its gate and reduction loops run split over them.
     */
    @ParameterizedTest
    @EnumSource(KernelType.class)
    void atSixteenQubitsTheDefaultSweepIsBlockedAndExact(KernelType type) {
        assertTrue(BlockedSweep.MIN_QUBITS <= LARGE && BlockedSweep.BLOCK_QUBITS < LARGE,
                "the defaults must make a 16-qubit state take the blocked path");
        Simulator sim = new Simulator(KernelTestSupport.requireOrSkip(type, 2));
        Simulator scalar = new Simulator(new ScalarKernel()).withFusion(false); // fixed gates one by one
        // one layer each and 24 random operations: every kind of block-local run occurs, and the 16-qubit sweeps stay
        // a few seconds per kernel on a shared 2-core machine
        Circuit random = RandomCircuits.circuit(LARGE, new SplittableRandom(16).longs(24).boxed().toList());
        for (Circuit c : List.of(Ansatz.hea(LARGE, 1), Ansatz.hvaTfim(LARGE, 1, Boundary.PERIODIC), random)) {
            double[] theta = RandomCircuits.randomParams(c, 5);
            assertTrue(hasLocalTrainableGate(c, theta, BlockedSweep.BLOCK_QUBITS), "no blocked run in " + c);
            List<Observable> obs = observables(LARGE);
            Jacobian blocked = new AdjointGradient(sim).jacobian(c, theta, null, obs);
            Jacobian plain = gateByGate(sim, BlockedSweep.BLOCK_QUBITS).jacobian(c, theta, null, obs);
            assertAgree(plain, blocked, type + " gate by gate, " + c);
            // the reference un-applies every gate on its own, fixed runs unfused
            Jacobian reference = gateByGate(scalar, BlockedSweep.BLOCK_QUBITS).jacobian(c, theta, null, obs);
            assertAgree(reference, blocked, "scalar gate by gate vs " + type + " blocked, " + c);
        }
    }

    /**
     * {@link BlockedSweep}'s promise: block results are summed in block order, so the gradient and the swept states
     * are the same bits for any thread count. Run directly on one run of block-local gates (high Z factors, a high
     * control, high diagonal targets, a shared parameter) of a 16-qubit state.
     */
    @ParameterizedTest
    @EnumSource(KernelType.class)
    void blockSumsDoNotDependOnTheThreadCount(KernelType type) {
        StateKernel k = KernelTestSupport.requireOrSkip(type, 2);
        Simulator sim = new Simulator(k);
        int m = BlockedSweep.BLOCK_QUBITS;
        Circuit c = new Circuit(LARGE).declareParameters(4);
        for (int q = 0; q < LARGE; q++) { // non-local preparation: every amplitude nonzero and distinct
            c.h(q).ry(0.1 + 0.05 * q, q);
        }
        int from = c.operations().size();
        for (int q = 0; q < LARGE; q++) {
            c.rzz(Angle.param(0), q, (q + 1) % LARGE); // shared: the chain rule sums 16 block-summed terms
        }
        c.rx(Angle.param(1, 0.5), 3).rz(Angle.param(2), LARGE - 1).cz(m, LARGE - 1)
                .cry(Angle.constant(0.7), LARGE - 1, 2)
                .add(Gates.diagonal("d3", RandomCircuits.randomPhases(3, new SplittableRandom(3))),
                        new int[] {1, LARGE - 2, LARGE - 1})
                .ry(Angle.param(3, -1.3).plus(0.2), m - 1);
        List<Operation> ops = c.operations();
        double[] theta = {0.4, -1.1, 2.3, 0.9};
        KernelOp[] inv = new KernelOp[ops.size()];
        for (int j = from; j < ops.size(); j++) {
            Operation o = ops.get(j).inverse();
            inv[j] = Simulator.compile(o, o.angleValues(theta, new double[0]));
            assertTrue(BlockedSweep.local(ops.get(j), inv[j], m), "not block-local: " + ops.get(j));
        }
        List<Observable> obs = observables(LARGE);
        try (Swept one = sweep(sim, c, theta, obs, from, inv, 1); Swept two = sweep(sim, c, theta, obs, from, inv, 2)) {
            for (int i = 0; i < obs.size(); i++) {
                assertArrayEquals(one.grad()[i], two.grad()[i], 0, "gradient of observable " + i);
            }
            for (int s = 0; s < one.states().size(); s++) {
                assertEquals(-1, one.states().get(s).segment().mismatch(two.states().get(s).segment()),
                        "state " + s + " (φ, then the λs) after the sweep on 1 vs 2 threads");
            }
        }
    }

    /** φ and the λs after a blocked sweep, and the gradient it accumulated. */
    private record Swept(List<StateVector> states, double[][] grad) implements AutoCloseable {
        @Override
        public void close() {
            states.forEach(StateVector::close);
        }
    }

    /**
     * Runs c forward, sets λ_i = O_i|ψ> (Pauli terms only; a constant adds nothing to a derivative) and un-applies
     * operations {@code from..end} blocked on {@code threads} threads.
     */
    private static Swept sweep(Simulator sim, Circuit c, double[] theta, List<Observable> obs, int from,
            KernelOp[] inv, int threads) {
        StateKernel k = sim.kernel();
        int n = c.numQubits();
        List<StateVector> states = new ArrayList<>();
        StateVector phi = sim.run(c, theta, new double[0]);
        states.add(phi);
        StateVector[] lambdas = new StateVector[obs.size()];
        try (StateVector term = StateVector.zero(n)) {
            for (int i = 0; i < lambdas.length; i++) {
                lambdas[i] = StateVector.zero(n);
                states.add(lambdas[i]);
                lambdas[i].segment().fill((byte) 0); // zero(n) is |0…0>, not the zero vector
                for (Observable.Term t : obs.get(i).terms()) {
                    term.copyFrom(phi);
                    k.applyPauli(term.segment(), n, t.pauli().xMask(), t.pauli().zMask());
                    k.axpy(lambdas[i].segment(), term.segment(), n, t.weight(), 0);
                }
            }
        }
        double[][] grad = new double[obs.size()][c.numParameters()];
        MemorySegment[] l = new MemorySegment[lambdas.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = lambdas[i].segment();
        }
        BlockedSweep.run(k, n, (1L << BlockedSweep.BLOCK_QUBITS) - 1, c.operations(), inv, from, inv.length - 1, phi.segment(), l,
                grad, threads);
        return new Swept(states, grad);
    }

    private static AdjointGradient gateByGate(Simulator sim, int m) {
        return new AdjointGradient(sim, m, Integer.MAX_VALUE);
    }

    private static List<Observable> observables(int n) {
        return List.of(Observable.parse("0.7*Z0*X1 - 0.4*Y" + (n - 1) + " + 0.2*X0 + 1.5"),
                Observable.parse("Z" + (n - 1) + "*Z" + (n - 2)));
    }

    private static void assertAgree(Jacobian want, Jacobian got, String what) {
        for (int i = 0; i < want.values().length; i++) {
            assertEquals(want.values()[i], got.values()[i], TOLERANCE * SCALES[i], "value " + i + ", " + what);
            assertArrayEquals(want.rows()[i], got.rows()[i], TOLERANCE * SCALES[i], "observable " + i + ", " + what);
        }
    }

    /** Whether the sweep over c has a trainable gate it can take inside a block of 2^m amplitudes. */
    private static boolean hasLocalTrainableGate(Circuit c, double[] theta, int m) {
        for (Operation op : c.operations()) {
            Operation inverse = op.inverse();
            if (op.isTrainable()
                    && BlockedSweep.local(op, Simulator.compile(inverse, inverse.angleValues(theta, new double[0])), m)) {
                return true;
            }
        }
        return false;
    }
}
