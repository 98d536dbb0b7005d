package org.qnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qnnlab.analysis.Landscape;
import org.qnnlab.analysis.Overparametrization;
import org.qnnlab.analysis.Qfim;
import org.qnnlab.analysis.TangentKernel;
import org.qnnlab.analysis.TangentKernelStudy;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Boundary;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Encodings;
import org.qnnlab.sim.Gates;
import org.qnnlab.sim.Hamiltonians;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.StateVector;
import org.qnnlab.sim.io.Npy;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.kernel.Kernels;
import org.qnnlab.train.AdjointGradient;
import org.qnnlab.train.data.Datasets;

/**
 * {@code --npy}: the files of {@code simulate}, {@code grad}, {@code analyze qfim}, {@code ntk} and {@code landscape},
 * read back with {@link Npy} and compared with the library's own values, and the one-line errors before any work.
 */
class NpyOptionTest {

    private static final Simulator SCALAR = new Simulator(Kernels.create(KernelType.SCALAR, 1));

    private static Npy.Array read(Path file, Npy.Dtype dtype, int... shape) throws IOException {
        Npy.Array a = Npy.read(file);
        assertEquals(dtype, a.dtype(), file.toString());
        assertArrayEquals(shape, a.shape(), file.toString());
        return a;
    }

    @Test
    void simulateWritesTheFinalStateAsComplex128(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("psi.npy");
        JsonNode j = AnalyzeCommandTest.run("simulate", "--ansatz", "hea", "--qubits", "3", "--layers", "2", "--seed",
                "4", "--observable", "Z0", "--kernel", "scalar", "--npy", file.toString(), "--json");
        assertEquals(file.toString(), j.get("npy").asText());
        double[] amps = read(file, Npy.Dtype.COMPLEX128, 8).data();
        Circuit c = Ansatz.hea(3, 2);
        try (StateVector psi = SCALAR.run(c, c.randomParameters(4))) {
            assertArrayEquals(psi.amplitudes(), amps, 0.0, "the library's state, amplitude for amplitude");
        }
        double z0 = 0; // <Z0> from the file: qubit 0 is the least significant bit of the index
        for (int b = 0; b < 8; b++) {
            z0 += ((b & 1) == 0 ? 1 : -1) * (amps[2 * b] * amps[2 * b] + amps[2 * b + 1] * amps[2 * b + 1]);
        }
        assertEquals(j.get("expectation").asDouble(), z0, 1e-12);

        CliRun table = CliRun.of("simulate", "--ansatz", "hea", "--qubits", "2", "--npy", file.toString());
        assertEquals(0, table.exitCode(), table.err());
        assertTrue(table.out().contains("state        written to " + file + " (complex128, 4 amplitudes)"),
                table.out());
        read(file, Npy.Dtype.COMPLEX128, 4);
    }

    @Test
    void gradWritesTheGradientAsFloat64(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("sub/g.npy"); // the parent is created
        JsonNode j = AnalyzeCommandTest.run("grad", "--ansatz", "hva-tfim", "--qubits", "4", "--layers", "2",
                "--seed", "3", "--observable", "Z0*Z1 + 0.5*X2", "--kernel", "scalar", "--npy", file.toString(),
                "--json");
        double[] g = read(file, Npy.Dtype.FLOAT64, 4).data();
        for (int k = 0; k < 4; k++) {
            assertEquals(j.get("gradient").get(k).asDouble(), g[k], 0.0, "entry " + k + " as printed");
        }
        Circuit c = Ansatz.hvaTfim(4, 2, Boundary.OPEN);
        assertArrayEquals(new AdjointGradient(SCALAR).gradient(c, c.randomParameters(3), new double[0],
                Observable.parse("Z0*Z1 + 0.5*X2")).gradient(), g, 0.0);
        assertTrue(Math.abs(g[0]) > 1e-3, "a gradient worth comparing: " + g[0]);
    }

    @Test
    void qfimWritesEachDepthsMatrixAtItsGenericPoint(@TempDir Path dir) throws IOException {
        JsonNode j = AnalyzeCommandTest.run("analyze", "qfim", "--ansatz", "hva-tfim", "--qubits", "3", "--layers",
                "1..3", "--seed", "2", "--no-dla", "--kernel", "scalar", "--npy", "--out", dir.toString(), "--json");
        Overparametrization.Sweep lib = Overparametrization.sweep(SCALAR, l -> Ansatz.hvaTfim(3, l, Boundary.OPEN),
                new int[] {1, 2, 3}, Overparametrization.Options.defaults().withSeed(2).withQfims(true), null);
        for (int l = 1; l <= 3; l++) {
            int m = 2 * l;
            double[][] f = read(dir.resolve("qfim-n3-L" + l + ".npy"), Npy.Dtype.FLOAT64, m, m).matrix();
            assertArrayEquals(lib.depths().get(l - 1).qfim(), f, "layers " + l);
            int point = j.get("points").get(l - 1).get("generic_point").asInt();
            Circuit c = Ansatz.hvaTfim(3, l, Boundary.OPEN);
            assertArrayEquals(Qfim.compute(SCALAR, c, c.randomParameters(2 + point), null), f,
                    "the QFIM at seed + generic_point");
            assertEquals(j.get("points").get(l - 1).get("rank").asInt(), Qfim.rank(f).rank(), "its rank is R(M)");
        }
    }

    @Test
    void ntkWritesTheInitialAndFinalKernelPerGamma(@TempDir Path dir) throws IOException {
        AnalyzeCommandTest.run("analyze", "ntk", "--gamma", "1,3", "--steps", "10", "--kernel", "scalar", "--npy",
                "--out", dir.toString(), "--json");
        Circuit circuit = new Circuit(2).append(Encodings.angle(new Circuit(2).declareInputs(2), 2, Gates.RX, 1.0))
                .append(Ansatz.hea(2, 2));
        TangentKernelStudy.Result lib = TangentKernelStudy.run(SCALAR, circuit, Observable.parse("Z0"),
                Datasets.parity(2, 0, null), new double[] {1, 3}, circuit.randomParameters(1),
                TangentKernel.Options.of(TangentKernelStudy.DEFAULT_LEARNING_RATE, 10).withRecordEvery(5), 1, null);
        for (TangentKernelStudy.Run run : lib.runs()) {
            String g = AnalyzeNtkCommand.number(run.gamma());
            double[][] k0 = read(dir.resolve("ntk-gamma" + g + "-k0.npy"), Npy.Dtype.FLOAT64, 4, 4).matrix();
            double[][] kT = read(dir.resolve("ntk-gamma" + g + "-final.npy"), Npy.Dtype.FLOAT64, 4, 4).matrix();
            assertArrayEquals(run.result().initialKernel(), k0, "K0, γ = " + g);
            assertArrayEquals(run.result().finalKernel(), kT, "K(T), γ = " + g);
        }
        // f = γ<O>: the kernel at the shared θ₀ scales with γ²
        double[][] k1 = Npy.read(dir.resolve("ntk-gamma1-k0.npy")).matrix();
        double[][] k3 = Npy.read(dir.resolve("ntk-gamma3-k0.npy")).matrix();
        for (int i = 0; i < 4; i++) {
            for (int k = 0; k < 4; k++) {
                assertEquals(9 * k1[i][k], k3[i][k], 1e-12 * (1 + Math.abs(k3[i][k])));
            }
        }
    }

    @Test
    void landscapeWritesTheHessianOfEachConvergedRun(@TempDir Path dir) throws IOException {
        AnalyzeCommandTest.run("analyze", "landscape", "--ansatz", "hva-tfim", "--qubits", "2", "--layers", "1..2",
                "--inits", "3", "--kernel", "scalar", "--npy", "--out", dir.toString(), "--json");
        Landscape.Options options = Landscape.Options.defaults().withInits(3).withThreads(1);
        int written = 0;
        for (int l = 1; l <= 2; l++) {
            Circuit c = Ansatz.hvaTfim(2, l, Boundary.OPEN);
            var h = Hamiltonians.tfim(2, 1.0, Boundary.OPEN);
            Landscape.Point p = Landscape.explore(SCALAR, c, h, Landscape.groundEnergy(h, 2), options);
            for (Landscape.Run r : p.runs()) {
                Path file = dir.resolve(AnalyzeLandscapeCommand.npyName(l, r.seed()));
                assertEquals(r.hessian() != null, Files.exists(file), file.toString());
                if (r.hessian() != null) {
                    assertArrayEquals(r.hessian(), read(file, Npy.Dtype.FLOAT64, 2 * l, 2 * l).matrix(),
                            file.toString());
                    written++;
                }
            }
        }
        assertTrue(written > 0, "some run converged");
        assertEquals("hessian-L2-seed3.npy", AnalyzeLandscapeCommand.npyName(2, 3));
    }

    @Test
    void badNpyUsesAreRefusedInOneLineBeforeAnyWork(@TempDir Path dir) throws IOException {
        Path blocker = Files.writeString(dir.resolve("file"), "x");
        Path out = dir.resolve("out");
        List<String[]> cases = List.of(
                new String[] {"analyze qfim --npy --json",
                    "qnn analyze qfim: error: --npy writes files, but --json without --out writes none; add --out DIR"},
                new String[] {"analyze landscape --ansatz hva-tfim --no-hessian --npy --out " + out,
                    "qnn analyze landscape: error: --npy writes the Hessians, which --no-hessian skips; drop one"},
                new String[] {"simulate --ansatz hea --qubits 2 --npy " + dir,
                    "qnn simulate: error: --npy " + dir + " is a directory; allowed: a file to write, e.g. "
                            + dir.resolve("state.npy")},
                new String[] {"grad --ansatz hea --qubits 2 --npy " + blocker.resolve("g.npy"),
                    "qnn grad: error: --npy " + blocker.resolve("g.npy") + " cannot be created: " + blocker
                            + " is not a directory"});
        for (String[] c : cases) {
            CliRun r = CliRun.of(c[0].split(" "));
            assertEquals(2, r.exitCode(), c[0]);
            assertEquals(c[1] + System.lineSeparator(), r.err(), c[0]);
            assertEquals("", r.out(), "no work before the error: " + c[0]);
        }
        assertFalse(Files.exists(out), "no output directory for a refused run");
    }
}
