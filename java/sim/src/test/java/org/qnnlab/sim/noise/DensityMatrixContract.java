package org.qnnlab.sim.noise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Boundary;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.ComplexMatrices;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.OffHeapBudget;
import org.qnnlab.sim.PauliString;
import org.qnnlab.sim.RandomCircuits;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.StateVector;
import org.qnnlab.sim.kernel.StateKernel;

/**
 * The density-matrix engine and the trajectories on one kernel, shared with the kernel modules through the test-jar
 * (every layer on every kernel): a kernel module extends it once with its {@link #kernel()}.
 *
 * <p>Tolerances: 1e-12 where the engine only reorders the arithmetic of a reference (state vector, dense Kraus sum)
 * on at most 2^14 amplitudes; analytic decay laws to 1e-12 (a few dozen O(1) operations per entry); positivity
 * allows eigenvalues down to −1e-12 (Jacobi rounding is ~1e-15). Trajectory estimates must lie within 4 standard
 * errors of the exact value: fixed seeds make this deterministic, and a correct engine misses it with probability
 * 6e-5 per seed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DensityMatrixContract {

    private static final double TOL = 1e-12;

    private Simulator sim;
    private DensityMatrixSimulator dm;

    /** The kernel under test; called once per class. */
    protected abstract StateKernel kernel();

    @BeforeAll
    protected void createSimulators() {
        StateKernel k = kernel();
        assertNotNull(k, "kernel() returned null");
        sim = new Simulator(k);
        dm = new DensityMatrixSimulator(sim);
    }

    // ---------------------------------------------------------------- noiseless runs equal |ψ><ψ|

    @Test
    public void noiselessRandomCircuitsEqualThePureState() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int n = 1; n <= 4; n++) {
            for (int trial = 0; trial < 8; trial++) {
                List<Long> seeds = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    seeds.add(rng.nextLong());
                }
                Circuit c = RandomCircuits.circuit(n, seeds);
                double[] theta = RandomCircuits.randomParams(c, rng.nextLong());
                assertMatchesPureState(c, theta, randomObservable(n, rng), "n = " + n + ", trial " + trial);
            }
        }
    }

    @Test
    public void noiselessAnsatzeEqualThePureStateFusedAndUnfused() {
        SplittableRandom rng = new SplittableRandom(12);
        // n = 7: the 14-qubit vector is fused (FUSION_MIN_QUBITS); both settings must agree with the state vector
        for (Circuit c : List.of(Ansatz.hea(4, 3), Ansatz.hvaTfim(5, 2, Boundary.PERIODIC), Ansatz.hea(7, 2),
                Ansatz.hvaXxz(8, 1, Boundary.OPEN))) {
            double[] theta = c.randomParameters(rng.nextLong());
            Observable o = randomObservable(c.numQubits(), rng);
            assertMatchesPureState(c, theta, o, c.numQubits() + "-qubit ansatz");
            double fused = new DensityMatrixSimulator(sim.withFusion(true)).expectation(c, theta, new double[0], o);
            double unfused = new DensityMatrixSimulator(sim.withFusion(false)).expectation(c, theta, new double[0], o);
            assertEquals(unfused, fused, TOL, "fused vs unfused");
        }
    }

    @Test
    public void noisyCircuitsGiveTheSameStateFusedAndUnfused() {
        // fusion multiplies the superoperators (not unitary) into blocks with the gates; ρ must not change
        Circuit c = NoiseModel.parse(List.of("depolarizing:0.02", "amplitude_damping:0.03@gates=ry",
                "depolarizing2:0.05")).apply(Ansatz.hea(7, 2));
        double[] theta = c.randomParameters(14);
        try (DensityMatrix fused = new DensityMatrixSimulator(sim.withFusion(true)).run(c, theta, new double[0]);
                DensityMatrix unfused = new DensityMatrixSimulator(sim.withFusion(false)).run(c, theta,
                        new double[0])) {
            double[] a = fused.toMatrix();
            double[] b = unfused.toMatrix();
            for (int i = 0; i < a.length; i++) {
                assertEquals(b[i], a[i], TOL, "component " + i);
            }
            assertEquals(1, fused.trace(), TOL);
            assertTrue(fused.purity() < 0.9, "the noise mixed the state: purity " + fused.purity());
        }
        assertTrue(new DensityMatrixSimulator(sim.withFusion(true)).program(c, theta, new double[0]).size()
                < 2 * c.size() + c.channels().size(), "the 14-qubit program is fused");
    }

    private void assertMatchesPureState(Circuit c, double[] theta, Observable o, String what) {
        double[] x = new double[0];
        try (StateVector psi = sim.run(c, theta, x); DensityMatrix rho = dm.run(c, theta, x);
                DensityMatrix ref = DensityMatrix.pure(psi)) {
            double[] a = rho.toMatrix();
            double[] b = ref.toMatrix();
            for (int i = 0; i < a.length; i++) {
                assertEquals(b[i], a[i], TOL, what + ": entry component " + i);
            }
            assertEquals(o.expectation(sim.kernel(), psi), rho.expectation(o), TOL, what + ": " + o);
            assertEquals(1, rho.trace(), TOL, what + ": trace");
            assertEquals(1, rho.purity(), TOL, what + ": purity");
        }
    }

    // ---------------------------------------------------------------- analytic decay laws

    @Test
    public void depolarizingShrinksThePauliExpectationByOneMinusFourThirdsPPerApplication() {
        double p = 0.06;
        NoiseModel noise = NoiseModel.parse("depolarizing:" + p);
        for (int k = 0; k <= 5; k++) {
            Circuit c = new Circuit(2).h(0);
            for (int j = 0; j < k; j++) {
                c.x(0); // keeps |+>: only the channels change <X0>
            }
            double expected = Math.pow(1 - 4 * p / 3, k + 1); // one channel after each of the k + 1 gates
            assertEquals(expected, dm.expectation(c, new double[0], new double[0], noise, Observable.parse("X0")),
                    TOL, k + " X gates");
        }
        // two-qubit: a Bell pair, depolarizing2 after the CNOT shrinks the stabilizers by 1 − 16p/15
        Circuit bell = new Circuit(2).h(0).cnot(0, 1);
        NoiseModel noise2 = NoiseModel.parse("depolarizing2:" + p);
        for (String s : List.of("Z0*Z1", "X0*X1")) {
            assertEquals(1 - 16 * p / 15, dm.expectation(bell, new double[0], new double[0], noise2,
                    Observable.parse(s)), TOL, s);
        }
    }

    @Test
    public void amplitudeDampingPopulationsFollowOneMinusGammaToTheK() {
        double g = 0.15;
        double theta = 1.1;
        for (int k = 0; k <= 4; k++) {
            Circuit c = new Circuit(3).ry(theta, 1);
            for (int j = 0; j < k; j++) {
                c.channel(Channel.amplitudeDamping(g), 1);
            }
            try (DensityMatrix rho = dm.run(c, new double[0], new double[0])) {
                double p1 = Math.pow(Math.sin(theta / 2), 2) * Math.pow(1 - g, k);
                assertEquals(p1, (1 - rho.expectation(Observable.parse("Z1"))) / 2, TOL, "P1 after " + k);
                assertEquals(Math.sin(theta) * Math.pow(1 - g, k / 2.0), rho.expectation(Observable.parse("X1")),
                        TOL, "coherence after " + k);
                assertEquals(1, rho.trace(), TOL);
            }
        }
    }

    @Test
    public void phaseDampingDecaysCoherenceAndKeepsPopulations() {
        double lambda = 0.2;
        double theta = 0.7;
        for (int k = 0; k <= 4; k++) {
            Circuit c = new Circuit(2).ry(theta, 0).rz(0.4, 0);
            for (int j = 0; j < k; j++) {
                c.channel(Channel.phaseDamping(lambda), 0);
            }
            try (DensityMatrix rho = dm.run(c, new double[0], new double[0])) {
                double decay = Math.pow(1 - lambda, k / 2.0);
                assertEquals(Math.cos(theta), rho.expectation(Observable.parse("Z0")), TOL, "populations");
                assertEquals(Math.sin(theta) * Math.cos(0.4) * decay, rho.expectation(Observable.parse("X0")), TOL);
                assertEquals(Math.sin(theta) * Math.sin(0.4) * decay, rho.expectation(Observable.parse("Y0")), TOL);
            }
        }
    }

    @Test
    public void thermalRelaxationFollowsExpMinusTOverT1AndT2() {
        double t1 = 40;
        double t = 2.5;
        for (double t2 : new double[] {15, 40, 70}) { // T2 < T1 (Aer's mixture), = T1, T1 < T2 ≤ 2·T1 (Kraus form)
            NoiseModel noise = NoiseModel.parse("thermal:" + t1 + "," + t2 + "," + t);
            for (int k = 1; k <= 4; k++) {
                Circuit excited = new Circuit(1).x(0);
                Circuit plus = new Circuit(1).h(0);
                for (int j = 1; j < k; j++) { // identity pairs: k gates, k relaxations
                    excited.rz(0, 0);
                    plus.rz(0, 0);
                }
                double p1 = (1 - dm.expectation(excited, new double[0], new double[0], noise,
                        Observable.parse("Z0"))) / 2;
                assertEquals(Math.exp(-k * t / t1), p1, TOL, "population, T2 = " + t2 + ", k = " + k);
                assertEquals(Math.exp(-k * t / t2), dm.expectation(plus, new double[0], new double[0], noise,
                        Observable.parse("X0")), TOL, "coherence, T2 = " + t2 + ", k = " + k);
            }
        }
    }

    @Test
    public void fullDepolarizingMakesTheMaximallyMixedState() {
        Circuit c = Ansatz.hea(3, 1);
        try (DensityMatrix rho = dm.run(c, c.randomParameters(3), new double[0],
                NoiseModel.parse("depolarizing:0.75"))) {
            assertEquals(1.0 / 8, rho.purity(), TOL);
            assertEquals(1, rho.trace(), TOL);
        }
    }

    // ---------------------------------------------------------------- channels in the engine

    @Test
    public void channelsOnPartOfAnEntangledStateMatchTheKrausSumAndStayPositive() {
        SplittableRandom rng = new SplittableRandom(13);
        int n = 3;
        List<Channel> channels = ChannelTest.channels().toList();
        for (Channel ch : channels) {
            int[] qs = ch.numQubits() == 1 ? new int[] {1} : new int[] {2, 0};
            Circuit c = new Circuit(n);
            c.unitary(RandomCircuits.randomUnitary(n, rng), 2, 1, 0); // a random entangled pure state
            c.channel(ch, qs);
            try (DensityMatrix rho = dm.run(c, new double[0], new double[0]); StateVector psi = sim.run(
                    new Circuit(n).append(c.operations().get(0)), new double[0]);
                    DensityMatrix pure = DensityMatrix.pure(psi)) {
                double[] expected = krausSum(ch, qs, pure.toMatrix(), n);
                double[] got = rho.toMatrix();
                for (int i = 0; i < got.length; i++) {
                    assertEquals(expected[i], got[i], TOL, ch + ": component " + i);
                }
                assertEquals(1, rho.trace(), TOL, ch + ": trace");
                double[] ev = HermitianEigen.eigenvalues(got);
                assertTrue(ev[0] >= -TOL, ch + ": smallest eigenvalue " + ev[0]);
            }
        }
    }

    /** Σ K ρ K† with each Kraus operator expanded to the whole register (qs[0] the most significant of K). */
    private static double[] krausSum(Channel ch, int[] qs, double[] rho, int n) {
        int d = 1 << n;
        double[] out = new double[rho.length];
        for (double[] k : ch.krausOperators()) {
            double[] full = embed(k, qs, n);
            out = ComplexMatrices.add(out, ComplexMatrices.multiply(ComplexMatrices.multiply(full, rho, d),
                    ComplexMatrices.adjoint(full, d), d));
        }
        return out;
    }

    /** The 2^n × 2^n matrix of a k-qubit matrix on qubits qs (qubit q is bit q of the basis index). */
    private static double[] embed(double[] m, int[] qs, int n) {
        int d = 1 << n;
        int k = qs.length;
        int dk = 1 << k;
        double[] full = new double[2 * d * d];
        for (int r = 0; r < d; r++) {
            for (int c = 0; c < d; c++) {
                long others = ~0L;
                int lr = 0;
                int lc = 0;
                for (int j = 0; j < k; j++) {
                    others &= ~(1L << qs[j]);
                    lr |= (r >>> qs[j] & 1) << (k - 1 - j);
                    lc |= (c >>> qs[j] & 1) << (k - 1 - j);
                }
                if ((r & others) != (c & others)) {
                    continue;
                }
                full[2 * (r * d + c)] = m[2 * (lr * dk + lc)];
                full[2 * (r * d + c) + 1] = m[2 * (lr * dk + lc) + 1];
            }
        }
        return full;
    }

    // ---------------------------------------------------------------- sampling

    @Test
    public void samplingFollowsTheDiagonalAndTheReadoutError() {
        // |1> on qubit 0 read as 0 with probability 0.2; qubit 1 stays |0> and reads 1 with probability 0.1
        Circuit c = new Circuit(2).x(0);
        NoiseModel readout = NoiseModel.parse(List.of("readout:0,0.2@qubits=0", "readout:0.1,0@qubits=1"));
        int shots = 20_000;
        try (DensityMatrix rho = dm.run(c, new double[0], new double[0])) {
            long[] clean = rho.sample(shots, 5);
            for (long b : clean) {
                assertEquals(1, b);
            }
            long[] noisy = rho.sample(shots, 5, readout);
            int q0zero = 0;
            int q1one = 0;
            for (long b : noisy) {
                q0zero += (b & 1) == 0 ? 1 : 0;
                q1one += (b >>> 1 & 1) == 1 ? 1 : 0;
            }
            assertEquals(0.2, q0zero / (double) shots, 4 * Math.sqrt(0.2 * 0.8 / shots), "p(0|1) on qubit 0");
            assertEquals(0.1, q1one / (double) shots, 4 * Math.sqrt(0.1 * 0.9 / shots), "p(1|0) on qubit 1");
        }
    }

    // ---------------------------------------------------------------- trajectories

    /**
     * Shots on the noisy density matrix in every basis the observable needs: without readout errors the estimate is
     * within 5 standard errors of Tr(ρO); with a symmetric readout flip e on every qubit each Pauli term of weight w
     * is scaled by (1 − 2e)^w (the flips are independent of the measured basis), which the estimate also meets.
     */
    @Test
    public void shotEstimatesOfNoisyStatesMeetTheExactValueAndTheReadoutBias() {
        Circuit c = Ansatz.hea(3, 2);
        double[] theta = c.randomParameters(11);
        for (int i = 0; i < theta.length; i++) {
            theta[i] *= 0.1; // near |000⟩: ⟨Z0 Z1⟩ near 1, so the readout bias is large
        }
        Observable o = Observable.parse("Z0*Z1 + 0.5*X2 - 0.3*Y0 + 0.2*X0*Y1*Z2");
        NoiseModel channels = NoiseModel.parse("depolarizing:0.02");
        Circuit noisy = channels.apply(c);
        double exact = dm.expectation(noisy, theta, new double[0], o);
        org.qnnlab.sim.ShotResult.Estimate clean = NoisyExpectation.estimateShots(sim, c, theta, new double[0],
                channels, o, 40_000, 5);
        assertTrue(Math.abs(clean.value() - exact) < 5 * clean.standardError(), clean + " vs " + exact);
        double e = 0.15;
        NoiseModel withReadout = NoiseModel.parse(List.of("depolarizing:0.02", "readout:" + e + "," + e));
        double biased = o.constant();
        for (Observable.Term t : o.terms()) {
            double one = dm.expectation(noisy, theta, new double[0], Observable.of(t.pauli()));
            biased += t.weight() * Math.pow(1 - 2 * e, t.pauli().weight()) * one;
        }
        org.qnnlab.sim.ShotResult.Estimate read = NoisyExpectation.estimateShots(sim, c, theta, new double[0],
                withReadout, o, 40_000, 5);
        assertTrue(Math.abs(read.value() - biased) < 5 * read.standardError(), read + " vs " + biased);
        assertTrue(Math.abs(biased - exact) > 5 * read.standardError(), "the bias is resolved: " + biased + " vs "
                + exact);
    }

    @Test
    public void trajectoriesAgreeWithTheDensityMatrixWithinFourStandardErrors() {
        Circuit c = Ansatz.hea(4, 2);
        double[] theta = c.randomParameters(21);
        NoiseModel noise = NoiseModel.parse(List.of("depolarizing:0.03", "amplitude_damping:0.05@gates=1q",
                "depolarizing2:0.04", "thermal:30,50,1@qubits=2"));
        List<Observable> obs = List.of(Observable.parse("Z0"), Observable.parse("X1*X2"),
                Observable.parse("0.5*Z0*Z1 - 0.3*Y3 + 0.2"));
        TrajectorySimulator traj = new TrajectorySimulator(sim, 2);
        Circuit noisy = noise.apply(c);
        List<TrajectorySimulator.Estimate> est = traj.expectations(noisy, theta, new double[0], obs, 3000, 77);
        for (int j = 0; j < obs.size(); j++) {
            double exact = dm.expectation(noisy, theta, new double[0], obs.get(j));
            TrajectorySimulator.Estimate e = est.get(j);
            assertTrue(e.standardError() > 0, "noise makes trajectories differ");
            assertEquals(exact, e.value(), 4 * e.standardError(), obs.get(j) + " ± " + e.standardError());
        }
    }

    @Test
    public void trajectoriesGiveTheSameNumbersOnOneAndTwoThreads() {
        Circuit c = Ansatz.hea(3, 2);
        double[] theta = c.randomParameters(5);
        NoiseModel noise = NoiseModel.parse(List.of("amplitude_damping:0.1", "phase_flip:0.05"));
        Observable o = Observable.parse("Z0*Z1 + X2");
        TrajectorySimulator.Estimate one = new TrajectorySimulator(sim, 1).expectation(c, theta, new double[0],
                noise, o, 500, 9);
        TrajectorySimulator.Estimate two = new TrajectorySimulator(sim, 2).expectation(c, theta, new double[0],
                noise, o, 500, 9);
        assertEquals(one, two);
        long[] s1 = new TrajectorySimulator(sim, 1).sample(c, theta, new double[0], noise, 200, 4);
        long[] s2 = new TrajectorySimulator(sim, 2).sample(c, theta, new double[0], noise, 200, 4);
        org.junit.jupiter.api.Assertions.assertArrayEquals(s1, s2);
    }

    @Test
    public void fusedTrajectoriesEqualUnfusedOnesOnAnyThreadCount() {
        // n = 14: trajectories run each distinct gate batch as its fused program (FUSION_MIN_QUBITS); Pauli jumps
        // (depolarizing, bit flips) make batches differ between trajectories, amplitude damping splits them
        Circuit c = NoiseModel.parse(List.of("depolarizing:0.04", "bit_flip:0.05@qubits=0,13",
                "amplitude_damping:0.05@gates=cz")).apply(Ansatz.hea(14, 2));
        double[] theta = c.randomParameters(31);
        List<Observable> obs = List.of(Observable.parse("Z0"), Observable.parse("X6*X7 + 0.5*Z13"));
        List<TrajectorySimulator.Estimate> unfused = new TrajectorySimulator(sim.withFusion(false), 1)
                .expectations(c, theta, new double[0], obs, 16, 5);
        List<TrajectorySimulator.Estimate> fused1 = new TrajectorySimulator(sim.withFusion(true), 1)
                .expectations(c, theta, new double[0], obs, 16, 5);
        List<TrajectorySimulator.Estimate> fused2 = new TrajectorySimulator(sim.withFusion(true), 2)
                .expectations(c, theta, new double[0], obs, 16, 5);
        assertEquals(fused1, fused2, "the same numbers on 1 and 2 threads");
        for (int j = 0; j < obs.size(); j++) {
            assertEquals(unfused.get(j).value(), fused1.get(j).value(), 1e-11, obs.get(j) + ": fused vs unfused");
            assertEquals(unfused.get(j).standardError(), fused1.get(j).standardError(), 1e-11, obs.get(j)
                    + ": standard error");
            assertTrue(unfused.get(j).standardError() > 0, "the jumps made trajectories differ");
        }
    }

    @Test
    public void noiselessTrajectoriesAreThePureStateExactly() {
        Circuit c = Ansatz.hea(3, 1);
        double[] theta = c.randomParameters(8);
        Observable o = Observable.parse("Z0*X1");
        TrajectorySimulator.Estimate e = new TrajectorySimulator(sim, 1).expectation(c, theta, new double[0], o, 3,
                1);
        assertEquals(sim.expectation(c, theta, new double[0], o), e.value(), TOL);
        assertEquals(0, e.standardError(), TOL);
    }

    // ---------------------------------------------------------------- refusals

    @Test
    public void refusesADensityMatrixThatDoesNotFitNamingTheEstimate() {
        String old = System.getProperty(OffHeapBudget.MAX_MEMORY_PROPERTY);
        System.setProperty(OffHeapBudget.MAX_MEMORY_PROPERTY, "1G");
        try {
            long inUse = OffHeapBudget.inUse();
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> dm.run(Ansatz.hea(16, 1), new double[64], new double[0]));
            assertTrue(e.getMessage().startsWith("n = 16 needs a 64 GiB density matrix (16·4^16 bytes), but only "),
                    e.getMessage());
            assertTrue(e.getMessage().endsWith("use trajectories for more qubits (TrajectorySimulator; qnn simulate "
                    + "--trajectories K) or raise -Dqnnlab.maxMemory (qnn: in QNN_JAVA_OPTS)"),
                    e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
            assertEquals(inUse, OffHeapBudget.inUse(), "nothing allocated");
        } finally {
            if (old == null) {
                System.clearProperty(OffHeapBudget.MAX_MEMORY_PROPERTY);
            } else {
                System.setProperty(OffHeapBudget.MAX_MEMORY_PROPERTY, old);
            }
        }
        ChannelTest.assertMessage("density matrix of 21 qubits out of range; allowed: 1..20 (n = 21 would need 64 TiB);"
                + " use trajectories for more qubits (TrajectorySimulator; qnn simulate --trajectories K)",
                () -> DensityMatrix.zero(21));
    }

    @Test
    public void refusesObservablesOnMissingQubits() {
        ChannelTest.assertMessage("observable acts on qubit 2 but the circuit has 2 qubits (allowed qubits 0..1)",
                () -> dm.expectation(new Circuit(2).h(0), new double[0], new double[0], Observable.parse("Z2")));
        ChannelTest.assertMessage("observable acts on qubit 5 but the circuit has 2 qubits (allowed qubits 0..1)",
                () -> new TrajectorySimulator(sim, 1).expectation(new Circuit(2).h(0), new double[0], new double[0],
                        Observable.parse("Z5"), 10, 1));
    }

    private static Observable randomObservable(int n, SplittableRandom rng) {
        List<Observable.Term> terms = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            long x = rng.nextLong(1L << n);
            long z = rng.nextLong(1L << n);
            terms.add(new Observable.Term(rng.nextDouble(-1, 1), PauliString.ofMasks(x, z)));
        }
        return Observable.of(terms, 0.25);
    }
}
