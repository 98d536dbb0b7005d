package org.qnnlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Boundary;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Encodings;
import org.qnnlab.sim.Gates;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.RandomCircuits;
import org.qnnlab.sim.Rng;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.StateVector;
import org.qnnlab.sim.kernel.KernelTestSupport;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.kernel.ScalarKernel;
import org.qnnlab.train.data.Dataset;
import org.qnnlab.train.data.Datasets;
import org.qnnlab.train.loss.Loss;
import org.qnnlab.train.optim.Optimizer;
import org.qnnlab.train.optim.Schedule;

/**
 * Training end to end: VQE reaches the exact ground energy; runs are reproducible, resumable and guarded. Tests whose
 * numbers come from the kernel run on every kernel; the guards (refused resume, divergence, early stopping) act on
 * the loss and the checkpoint, not on amplitudes, and run on the scalar kernel.
 */
class TrainerTest {

    /**
     * Final parameters of a short SGD run on one kernel against the scalar kernel's: the gradients differ by rounding
     * (~1e-16) and SGD's update is linear in them, so 20 steps of rate 0.05 keep the runs within ~1e-16 (measured:
     * identical or one ulp apart); 1e-12 still fails at once if a kernel computes something else.
     */
    private static final double ACROSS_KERNELS = 1e-12;

    private static final String TFIM4 = "-1*Z0*Z1 - Z1*Z2 - Z2*Z3 - X0 - X1 - X2 - X3";

    private static Simulator simulator(KernelType type) {
        // 3–4 qubits: the samples of a batch run in parallel (Options.threads), not the amplitudes of one state
        return new Simulator(KernelTestSupport.requireOrSkip(type, 1));
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void vqeOnTheTfimReachesTheExactGroundEnergy(KernelType type) throws IOException {
        Simulator sim = simulator(type);
        Circuit hva = Ansatz.hvaTfim(4, 8, Boundary.OPEN);
        QnnModel model = new QnnModel(hva, Observable.parse(TFIM4), 1.0);
        Trainer t = new Trainer(sim, model, Loss.byName("expectation"), Optimizer.byName("lbfgs"),
                Schedule.constant(1.0), new Trainer.Options(100, 0, 1, 1, 50, 0, 0, "adjoint", 0));
        double[] theta0 = RandomCircuits.randomParams(hva, 3);
        for (int i = 0; i < theta0.length; i++) {
            theta0[i] *= 0.1; // near the identity: a standard HVA start
        }
        Trainer.Result r = t.fit(Datasets.none(), null, theta0, null, false, null);
        double exact = groundEnergy(Observable.parse(TFIM4), 4);
        assertEquals(-4.758770483143634, exact, 1e-9, "exact diagonalization of the open 4-site TFIM at g = 1");
        assertEquals(exact, r.trainLoss(), 1e-4, "HVA with 8 layers (16 parameters, the DLA dimension n² = 16) reaches the ground state");
        assertEquals(100, r.steps());
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void aSeedGivesIdenticalRunsForAnyThreadCount(KernelType type) throws IOException {
        Simulator sim = simulator(type);
        QnnModel model = regressionModel();
        Dataset data = teacherData(sim, model, 24);
        double[] a = train(sim, model, data, 1, null, false).theta();
        double[] b = train(sim, model, data, 1, null, false).theta();
        double[] c = train(sim, model, data, 2, null, false).theta();
        assertArrayEquals(a, b, 0);
        assertArrayEquals(a, c, 0, "sample-parallel gradients are reduced in sample order");
    }

    @ParameterizedTest
    @EnumSource(value = KernelType.class, names = "SCALAR", mode = EnumSource.Mode.EXCLUDE)
    void aRunAgreesWithTheScalarKernelsRun(KernelType type) throws IOException {
        Simulator scalar = new Simulator(new ScalarKernel());
        QnnModel model = regressionModel();
        Dataset data = teacherData(scalar, model, 24); // the same data for both: only the training kernel differs
        double[] want = sgdRun(scalar, model, data);
        double[] got = sgdRun(simulator(type), model, data);
        assertArrayEquals(want, got, ACROSS_KERNELS, type + " vs scalar after 20 SGD steps");
    }

    /**
     * 20 mini-batch SGD steps. Not Adam: five of the model's parameters have a gradient that is exactly zero (outside
     * Z0's light cone, or commuting with it), so each kernel's rounding noise (~1e-17) is all Adam sees there, and its
     * update lr·g/(|g| + 1e-8) turns that noise into steps of ~1e-10 that differ between kernels.
     */
    private static double[] sgdRun(Simulator sim, QnnModel model, Dataset data) throws IOException {
        Trainer t = new Trainer(sim, model, Loss.byName("mse"), Optimizer.byName("sgd"), Schedule.constant(0.05),
                new Trainer.Options(4, 5, 42, 2, 3, 0, 0, "adjoint", 0));
        return t.fit(data, null, start(model), null, false, null).theta();
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void resumeContinuesBitIdentically(KernelType type, @TempDir Path dir) throws IOException {
        Simulator sim = simulator(type);
        QnnModel model = regressionModel();
        Dataset data = teacherData(sim, model, 24);
        Path full = dir.resolve("full");
        Path cut = dir.resolve("cut");
        Trainer.Result whole = train(sim, model, data, 1, full, false);

        Trainer crashing = trainer(sim, model, 1);
        RuntimeException crash = assertThrows(RuntimeException.class, () -> crashing.fit(data, null, start(model),
                cut, false, (m, total) -> {
                    if (m.step() == 8) {
                        throw new IllegalStateException("simulated crash");
                    }
                }));
        assertEquals("simulated crash", crash.getMessage());
        assertEquals(6, Checkpoint.load(cut.resolve(Trainer.CHECKPOINT)).step(), "checkpoints every 3 steps");

        Trainer.Result resumed = trainer(sim, model, 2).fit(data, null, start(model), cut, true, null);
        assertArrayEquals(whole.theta(), resumed.theta(), 0);
        assertEquals(whole.steps(), resumed.steps());
        assertEquals(withoutSeconds(full.resolve("metrics.csv")), withoutSeconds(cut.resolve("metrics.csv")),
                "the resumed run's metrics read as if it had never stopped");
        assertEquals(Files.readAllLines(full.resolve("metrics.jsonl")).size(),
                Files.readAllLines(cut.resolve("metrics.jsonl")).size());
    }

    @Test
    void resumeWithAnotherModelIsRefused(@TempDir Path dir) throws IOException {
        Simulator sim = new Simulator(new ScalarKernel());
        QnnModel model = regressionModel();
        Dataset data = teacherData(sim, model, 8);
        train(sim, model, data, 1, dir, false);
        QnnModel other = new QnnModel(model.circuit(), Observable.parse("X0"), 1.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trainer(sim, other, 1).fit(data, null, start(other), dir, true, null));
        assertTrue(e.getMessage().contains("different model"), e.getMessage());
    }

    @Test
    void aNonFiniteLossStopsAndKeepsTheLastGoodCheckpoint(@TempDir Path dir) throws IOException {
        Simulator sim = new Simulator(new ScalarKernel());
        QnnModel model = regressionModel();
        Dataset data = teacherData(sim, model, 8);
        Loss mse = Loss.byName("mse");
        int[] calls = {0};
        Loss poisoned = new Loss() {
            @Override
            public double value(double[] p, double[] y) {
                return ++calls[0] > 5 ? Double.NaN : mse.value(p, y);
            }

            @Override
            public double[] derivative(double[] p, double[] y) {
                return mse.derivative(p, y);
            }

            @Override
            public String name() {
                return "poisoned";
            }
        };
        Trainer t = new Trainer(sim, model, poisoned, Optimizer.byName("sgd"), Schedule.constant(0.1),
                new Trainer.Options(10, 0, 1, 1, 2, 0, 0, "adjoint", 0));
        Trainer.DivergedException e = assertThrows(Trainer.DivergedException.class,
                () -> t.fit(data, null, start(model), dir, false, null));
        assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("last good checkpoint (step 2)"),
                e.getMessage());
        Checkpoint c = Checkpoint.load(dir.resolve(Trainer.CHECKPOINT));
        assertEquals(2, c.step());
        for (double v : c.theta()) {
            assertTrue(Double.isFinite(v));
        }
    }

    @Test
    void earlyStoppingEndsAFlatRun() throws IOException {
        Simulator sim = new Simulator(new ScalarKernel());
        QnnModel model = regressionModel();
        Dataset data = teacherData(sim, model, 8);
        // a tiny learning rate never improves by min_delta: patience 3 stops after epoch 4 (the first sets the best)
        Trainer t = new Trainer(sim, model, Loss.byName("mse"), Optimizer.byName("sgd"), Schedule.constant(1e-12),
                new Trainer.Options(50, 0, 1, 1, 10, 3, 1e-6, "adjoint", 0));
        Trainer.Result r = t.fit(data, null, start(model), null, false, null);
        assertEquals("early stopping", r.stopReason());
        assertEquals(4, r.steps());
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void parameterShiftTrainingMatchesAdjointTraining(KernelType type) throws IOException {
        Simulator sim = simulator(type);
        QnnModel model = regressionModel();
        Dataset data = teacherData(sim, model, 6);
        Trainer adj = new Trainer(sim, model, Loss.byName("mse"), Optimizer.byName("adam"), Schedule.constant(0.05),
                new Trainer.Options(5, 0, 1, 1, 10, 0, 0, "adjoint", 0));
        Trainer shift = new Trainer(sim, model, Loss.byName("mse"), Optimizer.byName("adam"),
                Schedule.constant(0.05), new Trainer.Options(5, 0, 1, 1, 10, 0, 0, "shift", 0));
        assertArrayEquals(adj.fit(data, null, start(model), null, false, null).theta(),
                shift.fit(data, null, start(model), null, false, null).theta(), 1e-9);
    }

    private static Trainer.Result train(Simulator sim, QnnModel model, Dataset data, int threads, Path out,
            boolean resume) throws IOException {
        return trainer(sim, model, threads).fit(data, null, start(model), out, resume, null);
    }

    private static Trainer trainer(Simulator sim, QnnModel model, int threads) {
        return new Trainer(sim, model, Loss.byName("mse"), Optimizer.byName("adam"), Schedule.constant(0.05),
                new Trainer.Options(4, 5, 42, threads, 3, 0, 0, "adjoint", 0));
    }

    /** A 3-qubit, 2-feature regression model: RY angle encoding then a 2-layer HEA, measured with Z0. */
    private static QnnModel regressionModel() {
        Circuit enc = Encodings.angle(new Circuit(3).declareInputs(2), 2, Gates.RY, 1.0);
        return QnnModel.of(enc, Ansatz.hea(3, 2), Observable.parse("Z0"), 1.0);
    }

    private static Dataset teacherData(Simulator sim, QnnModel model, int count) {
        double[] teacher = RandomCircuits.randomParams(model.circuit(), 99);
        return Datasets.labelled("teacher", count, 2, 0, Math.PI, x -> model.value(sim, teacher, x), new Rng(5));
    }

    private static double[] start(QnnModel model) {
        return RandomCircuits.randomParams(model.circuit(), 1);
    }

    private static List<String> withoutSeconds(Path csv) throws IOException {
        return Files.readAllLines(csv).stream().map(l -> {
            String[] f = l.split(",", -1);
            f[5] = "";
            return String.join(",", f);
        }).toList();
    }

    /**
     * The smallest eigenvalue of O on n qubits: its dense matrix from O|b> (on the scalar kernel, the reference,
     * whatever kernel trains), then shifted power iteration.
     */
    private static double groundEnergy(Observable o, int n) {
        ScalarKernel k = new ScalarKernel();
        int d = 1 << n;
        double[][] h = new double[d][d];
        for (int b = 0; b < d; b++) {
            try (StateVector s = StateVector.basis(n, b); StateVector acc = StateVector.zero(n);
                    StateVector tmp = StateVector.zero(n)) {
                acc.segment().fill((byte) 0); // zero(n) is |0…0>, not the zero vector
                for (Observable.Term term : o.terms()) {
                    tmp.copyFrom(s);
                    k.applyPauli(tmp.segment(), n, term.pauli().xMask(), term.pauli().zMask());
                    k.axpy(acc.segment(), tmp.segment(), n, term.weight(), 0);
                }
                for (int a = 0; a < d; a++) {
                    h[a][b] = acc.amplitude(a).re(); // the TFIM is real
                }
                h[b][b] += o.constant();
            }
        }
        double shift = 0;
        for (double[] row : h) {
            double s = 0;
            for (double v : row) {
                s += Math.abs(v);
            }
            shift = Math.max(shift, s); // Gershgorin: shift − H is positive semidefinite
        }
        double[] v = new double[d];
        java.util.Arrays.fill(v, 1.0);
        double lambda = 0;
        for (int it = 0; it < 20000; it++) {
            double[] w = new double[d];
            for (int a = 0; a < d; a++) {
                double s = shift * v[a];
                for (int b = 0; b < d; b++) {
                    s -= h[a][b] * v[b];
                }
                w[a] = s;
            }
            double norm = 0;
            for (double x : w) {
                norm += x * x;
            }
            norm = Math.sqrt(norm);
            for (int a = 0; a < d; a++) {
                v[a] = w[a] / norm;
            }
            lambda = norm;
        }
        return shift - lambda;
    }
}
