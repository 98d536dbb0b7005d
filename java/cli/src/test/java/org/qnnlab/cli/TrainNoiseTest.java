package org.qnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Boundary;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Hamiltonians;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.kernel.KernelType;
import org.qnnlab.sim.noise.DensityMatrixSimulator;
import org.qnnlab.sim.noise.NoiseModel;

/**
 * {@code model: {noise: […]}} in a training config: the model trains on density matrices, the reported loss is the
 * noisy energy at the final θ (recomputed here independently), and it stays above the exact ground energy.
 */
class TrainNoiseTest {

    private static final String VQE = """
            kernel: scalar
            model:
              qubits: 3
              ansatz: hva-tfim
              layers: 3
              hamiltonian: tfim
              noise: ["depolarizing:0.02"]
            training:
              optimizer: lbfgs
              epochs: 30
              seed: 1
              init: normal
              %s
            """;

    @Test
    void aNoisyVqeReportsTheNoisyEnergyOfItsParameters(@TempDir Path dir) throws IOException {
        Path cfg = Files.writeString(dir.resolve("vqe.yaml"), VQE.formatted(""));
        CliRun run = CliRun.of("train", cfg.toString(), "--out", dir.resolve("out").toString(), "--json");
        JsonNode r = run.json();
        double[] theta = Json.MAPPER.convertValue(r.get("theta"), double[].class);
        Circuit noisy = NoiseModel.parse("depolarizing:0.02").apply(Ansatz.hvaTfim(3, 3, Boundary.OPEN));
        Observable h = Hamiltonians.tfim(3, 1.0, Boundary.OPEN);
        double energy = new DensityMatrixSimulator(Simulator.create(KernelType.SCALAR, 1)).expectation(noisy, theta,
                new double[0], h);
        assertEquals(energy, r.get("train_loss").asDouble(), 1e-10);
        double e0 = org.qnnlab.analysis.Landscape.groundEnergy(h, 3);
        assertTrue(r.get("train_loss").asDouble() > e0 + 1e-3, "noise keeps the energy above E0 = " + e0 + ": "
                + r.get("train_loss"));
        assertTrue(r.get("train_loss").asDouble() < -1.5, "but training lowered it: " + r.get("train_loss"));
    }

    @Test
    void shotsAndBadRulesAreOneLine(@TempDir Path dir) throws IOException {
        Path cfg = Files.writeString(dir.resolve("a.yaml"), VQE.formatted("gradient: shift\n  shots: 100"));
        CliRun r = CliRun.of("train", cfg.toString(), "--out", dir.resolve("a").toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("shots 100 with noise channels in the model"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        Path bad = Files.writeString(dir.resolve("b.yaml"), VQE.formatted("").replace("depolarizing:0.02",
                "depolarizing:1.5"));
        r = CliRun.of("train", bad.toString(), "--out", dir.resolve("b").toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("model.noise"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }
}
