package org.qnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** {@code qnn grad}: JSON keys, agreement of the three methods, agreement with {@code simulate}, bad input. */
class GradCommandTest {

    private static JsonNode run(String... args) throws Exception {
        CliRun r = CliRun.of(args);
        assertEquals(0, r.exitCode(), r.err());
        return Json.MAPPER.readTree(r.out());
    }

    @Test
    void methodsAgreeAndTheValueIsSimulatesExpectation() throws Exception {
        String[] common = {"--ansatz", "hva-tfim", "--qubits", "4", "--layers", "2", "--seed", "3",
            "--observable", "-1.0*Z0*Z1 - Z1*Z2 - Z2*Z3 - X0 - X1 - X2 - X3", "--json"};
        JsonNode adj = run(concat(new String[] {"grad", "--method", "adjoint"}, common));
        JsonNode shift = run(concat(new String[] {"grad", "--method", "shift"}, common));
        JsonNode fd = run(concat(new String[] {"grad", "--method", "fd"}, common));
        JsonNode sim = run(concat(new String[] {"simulate"}, common));
        assertEquals(sim.get("expectation").asDouble(), adj.get("value").asDouble(), 1e-12);
        assertEquals("adjoint", adj.get("method").asText());
        assertTrue(adj.get("seconds").asDouble() >= 0);
        assertEquals(4, adj.get("gradient").size(), "two shared parameters per HVA layer");
        for (int k = 0; k < 4; k++) {
            double a = adj.get("gradient").get(k).asDouble();
            assertEquals(a, shift.get("gradient").get(k).asDouble(), 1e-9, "shift, parameter " + k);
            assertEquals(a, fd.get("gradient").get(k).asDouble(), 1e-7, "fd, parameter " + k);
        }
    }

    @Test
    void unknownMethodIsAClearError() {
        CliRun r = CliRun.of("grad", "--ansatz", "hea", "--qubits", "2", "--method", "backprop");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("unknown gradient method 'backprop'; allowed: adjoint, shift, fd"), r.err());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
