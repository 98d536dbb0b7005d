package org.qnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * {@code qnn analyze qfim --noise}: the rank of the mixed-state QFIM passes the unitary saturation rank, as
 * García-Martín, Larocca and Cerezo (arXiv:2302.05059) describe: noise turns on eigenvalues that were zero.
 */
class QfimNoiseTest {

    private static JsonNode qfim(String... extra) throws IOException {
        String[] base = {"--ansatz", "hva-tfim", "--qubits", "4", "--layers", "3..7", "--points", "1", "--no-dla",
            "--kernel", "scalar", "--json"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliRun.analyze("qfim", args).json();
    }

    @Test
    void amplitudeDampingLiftsTheRankPastTheUnitarySaturation() throws IOException {
        JsonNode clean = qfim();
        JsonNode noisy = qfim("--noise", "amplitude_damping:0.02");
        assertEquals(8, clean.get("saturation_rank").asInt(), clean.toString());
        assertTrue(noisy.get("qfim").asText().startsWith("mixed-state SLD QFIM"));
        JsonNode pts = noisy.get("points");
        for (int i = 0; i < pts.size(); i++) {
            JsonNode d = pts.get(i);
            assertEquals(d.get("parameters").asInt(), d.get("rank").asInt(), "full rank under damping: " + d);
        }
        assertTrue(noisy.get("saturation_rank").asInt() > clean.get("saturation_rank").asInt());
    }

    @Test
    void tooManyQubitsWithNoiseIsOneLine() {
        CliRun r = CliRun.analyze("qfim", "--qubits", "9", "--layers", "1", "--noise", "depolarizing:0.01", "--json");
        assertEquals(2, r.exitCode());
        assertEquals("qnn analyze qfim: error: --qubits 9 with noise: the mixed-state QFIM works on dense 2^n × 2^n "
                + "matrices per parameter; allowed: 1..8", r.err().strip());
        r = CliRun.analyze("qfim", "--qubits", "2", "--layers", "1", "--noise", "depolarizing:0.01@qubits=3",
                "--json");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().strip().startsWith("qnn analyze qfim: error: "), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }
}
