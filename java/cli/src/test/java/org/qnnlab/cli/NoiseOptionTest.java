package org.qnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * {@code --noise} on {@code qnn simulate} and {@code qnn grad}: analytic values on the density-matrix engine,
 * trajectories within their error, the three gradient methods agreeing, and one-line errors naming the bad value.
 */
class NoiseOptionTest {

    private static JsonNode json(String... args) throws Exception {
        return CliRun.of(args).json();
    }

    private static void assertError(String expected, String... args) {
        CliRun.assertOneLineError(expected, args);
    }

    @Test
    void depolarizingShrinksTheBlochVectorOncePerGate() throws Exception {
        // HEA on 1 qubit, 1 layer: RY(a) then RZ(b), a depolarizing channel after each: <X> = (1 − 4p/3)² sin a cos b
        double a = 0.7;
        double b = -1.3;
        double p = 0.06;
        JsonNode j = json("simulate", "--ansatz", "hea", "--qubits", "1", "--layers", "1", "--params", a + "," + b,
                "--observable", "X0", "--noise", "depolarizing:" + p, "--kernel", "scalar", "--json");
        double s = 1 - 4 * p / 3;
        assertEquals(s * s * Math.sin(a) * Math.cos(b), j.get("expectation").asDouble(), 1e-13);
        assertEquals("density-matrix", j.get("engine").asText());
        assertEquals(2, j.get("channels").asInt());
        assertEquals("depolarizing:" + p, j.get("noise").get(0).asText());
    }

    @Test
    void repeatedNoiseOptionsAddTheirRulesAndTrajectoriesAgreeWithinTheirError() throws Exception {
        String[] common = {"--ansatz", "hea", "--qubits", "3", "--layers", "2", "--seed", "4",
            "--observable", "Z0*Z1 + 0.5*X2", "--noise", "amplitude_damping:0.05@gates=1q",
            "--noise", "depolarizing2:0.04@gates=2q", "--json"};
        JsonNode exact = json(concat(new String[] {"simulate"}, common));
        assertEquals(2 * (6 + 2), exact.get("channels").asInt(), "per layer 6 one-qubit gates, 2 CZ with one 2-qubit channel each");
        JsonNode traj = json(concat(new String[] {"simulate", "--trajectories", "400", "--threads", "2"}, common));
        assertEquals("trajectories", traj.get("engine").asText());
        assertEquals(400, traj.get("trajectories").asInt());
        double se = traj.get("standard_error").asDouble();
        assertTrue(se > 0 && se < 0.1, "standard error " + se);
        // a fixed seed makes this deterministic; a correct engine misses 4 standard errors with probability 6e-5
        assertEquals(exact.get("expectation").asDouble(), traj.get("expectation").asDouble(), 4 * se);
        assertEquals(traj.get("expectation").asDouble(),
                json(concat(new String[] {"simulate", "--trajectories", "400", "--threads", "1"}, common))
                        .get("expectation").asDouble(), 0.0, "trajectory results do not depend on the thread count");
    }

    @Test
    void noisyGradientMethodsAgreeAndTheValueIsSimulatesExpectation() throws Exception {
        String[] common = {"--ansatz", "hva-tfim", "--qubits", "3", "--layers", "2", "--seed", "3",
            "--observable", "-1.0*Z0*Z1 - Z1*Z2 - X0 - X1 - X2", "--noise", "thermal:50,70,1",
            "--noise", "depolarizing:0.01@qubits=0,2", "--json"};
        JsonNode adj = json(concat(new String[] {"grad", "--method", "adjoint"}, common));
        JsonNode shift = json(concat(new String[] {"grad", "--method", "shift"}, common));
        JsonNode fd = json(concat(new String[] {"grad", "--method", "fd"}, common));
        JsonNode sim = json(concat(new String[] {"simulate"}, common));
        assertEquals(sim.get("expectation").asDouble(), adj.get("value").asDouble(), 1e-12);
        assertEquals("density-matrix", adj.get("engine").asText());
        JsonNode noiseless = json("grad", "--ansatz", "hva-tfim", "--qubits", "3", "--layers", "2", "--seed", "3",
                "--observable", "-1.0*Z0*Z1 - Z1*Z2 - X0 - X1 - X2", "--json");
        double differs = 0;
        for (int k = 0; k < 4; k++) {
            double a = adj.get("gradient").get(k).asDouble();
            assertEquals(a, shift.get("gradient").get(k).asDouble(), 1e-10, "shift, parameter " + k);
            assertEquals(a, fd.get("gradient").get(k).asDouble(), 1e-6, "fd, parameter " + k);
            differs += Math.abs(a - noiseless.get("gradient").get(k).asDouble());
        }
        assertTrue(differs > 1e-3, "noise changes the gradient: " + differs);
    }

    @Test
    void badNoiseInputIsOneLineNamingTheValue() {
        String[] base = {"--ansatz", "hea", "--qubits", "2", "--layers", "1"};
        assertError("noise spec 'depolarizing': no ':'",
                concat(new String[] {"simulate", "--noise", "depolarizing"}, base));
        assertError("out of range; allowed: [0, 1]",
                concat(new String[] {"simulate", "--noise", "depolarizing:1.5"}, base));
        assertError("names qubit 5 but the circuit has 2 qubits",
                concat(new String[] {"grad", "--noise", "bit_flip:0.1@qubits=5"}, base));
        assertError("readout error", concat(new String[] {"simulate", "--noise", "readout:0.01,0.02"}, base));
        assertError("--trajectories 10 needs --noise", concat(new String[] {"simulate", "--trajectories", "10"}, base));
        assertError("--trajectories 0 out of range",
                concat(new String[] {"simulate", "--noise", "depolarizing:0.1", "--trajectories", "0"}, base));
        assertError("--shots and --trajectories are two estimates", concat(new String[] {"simulate", "--noise",
            "depolarizing:0.1", "--shots", "10", "--trajectories", "5"}, base));
        // 16·4^20 bytes: refused with the estimate before anything is allocated
        assertError("n = 20 needs a 16 TiB density matrix", "simulate", "--ansatz", "hea", "--qubits", "20",
                "--noise", "depolarizing:0.01");
        assertError("n = 20 needs a 16 TiB density matrix", "grad", "--ansatz", "hea", "--qubits", "20",
                "--noise", "depolarizing:0.01");
    }

    static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * {@code simulate --noise … --shots N}: the exact noisy value and an estimate from N shots per basis of the density
     * matrix, readout errors included; a symmetric readout flip e scales ⟨Z0⟩ by 1 − 2e.
     */
    @Test
    void shotsMeasureTheNoisyStateWithItsReadoutErrors() throws Exception {
        String[] base = {"simulate", "--ansatz", "hea", "--qubits", "2", "--layers", "1", "--params",
            "0.2,0.1,0.3,0.4", "--observable", "Z0", "--noise", "depolarizing:0.05", "--shots", "50000", "--json"};
        com.fasterxml.jackson.databind.JsonNode clean = CliRun.of(base).json();
        double exact = clean.get("expectation").asDouble();
        double se = clean.get("standard_error").asDouble();
        assertTrue(Math.abs(clean.get("estimate").asDouble() - exact) < 5 * se, clean.toString());
        com.fasterxml.jackson.databind.JsonNode read = CliRun.of(concat(base, new String[] {"--noise",
            "readout:0.1,0.1"})).json();
        assertEquals(exact, read.get("expectation").asDouble(), 0, "the exact value is Tr(ρ Z0), before readout");
        assertTrue(Math.abs(read.get("estimate").asDouble() - 0.8 * exact) < 5 * read.get("standard_error")
                .asDouble(), read.toString());
    }
}
