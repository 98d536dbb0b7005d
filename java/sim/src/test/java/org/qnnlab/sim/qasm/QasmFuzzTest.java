package org.qnnlab.sim.qasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated OpenQASM files are read or refused with a {@link QasmException} (file, line, column, one headline): never
 * another exception, a stack overflow or a hang.
 */
class QasmFuzzTest {

    private static final List<String> CORPUS = List.of("qft_n4.qasm", "adder_n4.qasm", "ghz_n6.qasm",
            "qaoa_n5.qasm", "vqe_hea_n4.qasm", "hea_params_n4.qasm");
    private static final String[] INSERTS = {";", ",", "(", ")", "[", "]", "{", "}", "@", "->", "-", "*", "/",
        "^", "**", "pi", "q", "q[0]", "q[9]", "0", "1e999", "-1", "gate", "ctrl @", "inv @", "pow(0.5) @",
        "measure", "reset", "\"", "/*", "x", "cx", "theta", "input float[64] t;", "qubit[2] r;", "π", "\n"};

    @Test
    void mutatedCorpusFilesAreReadOrRefusedWithAPosition() {
        SplittableRandom rng = new SplittableRandom(2026);
        int refused = 0;
        int read = 0;
        for (int trial = 0; trial < 3000; trial++) {
            String base = QasmReaderTest.resource(CORPUS.get(rng.nextInt(CORPUS.size())));
            String text = mutate(base, rng, 1 + rng.nextInt(3));
            try {
                Qasm.parse(text, "fuzz.qasm");
                read++;
            } catch (QasmException e) {
                refused++;
                String headline = e.getMessage().lines().findFirst().orElse("");
                assertTrue(headline.startsWith("fuzz.qasm:" + e.line() + ":" + e.column() + ": "), headline);
            } catch (RuntimeException | StackOverflowError e) {
                fail("mutated file raised " + e + " instead of a QasmException:\n" + text, e);
            }
        }
        assertTrue(refused > 1000 && read > 100, "mutations read " + read + ", refused " + refused);
    }

    @Test
    void deepNestingIsRefusedNotOverflowed() {
        String deep = "(".repeat(5000) + "1" + ")".repeat(5000);
        QasmException e = assertThrows(QasmException.class, () -> Qasm.parse(
                "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[1];\nrx(" + deep + ") q[0];\n", "deep.qasm"));
        assertTrue(e.getMessage().contains("nested deeper than"), e.getMessage());
        // definitions that double at every level: refused once the expansion passes the operation limit
        StringBuilder sb = new StringBuilder("OPENQASM 2.0;\ninclude \"qelib1.inc\";\ngate g0 a { x a; }\n");
        for (int i = 1; i <= 30; i++) {
            sb.append("gate g").append(i).append(" a { g").append(i - 1).append(" a; g").append(i - 1)
                    .append(" a; }\n");
        }
        sb.append("qreg q[1];\ng30 q[0];\n");
        e = assertThrows(QasmException.class, () -> Qasm.parse(sb.toString(), "bomb.qasm"));
        assertTrue(e.getMessage().contains("more than " + Parser.MAX_OPERATIONS + " operations"), e.getMessage());
    }

    /** The bound counts operations, once each: a long definition called many times is read in full. */
    @Test
    void aLongDefinitionCalledOftenIsWithinTheBound() {
        StringBuilder sb = new StringBuilder("OPENQASM 2.0;\ninclude \"qelib1.inc\";\ngate big a {");
        sb.append(" x a;".repeat(3000)).append(" }\nqreg q[1];\n");
        sb.append("big q[0];\n".repeat(100));
        assertEquals(300_000, Qasm.parse(sb.toString(), "long.qasm").circuit().size());
    }

    @Test
    void filesOverTheLimitAreRefusedBeforeReading(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("big.qasm");
        Files.write(big, new byte[(int) Qasm.MAX_BYTES + 1]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Qasm.read(big));
        assertTrue(e.getMessage().contains("allowed: up to " + Qasm.MAX_BYTES), e.getMessage());
        Path ok = dir.resolve("ghz.qasm");
        Files.writeString(ok, QasmReaderTest.resource("ghz_n6.qasm"));
        assertEquals(6, Qasm.read(ok).circuit().numQubits());
        Path bad = dir.resolve("latin1.qasm");
        Files.write(bad, new byte[] {'O', (byte) 0xE9, ';'});
        e = assertThrows(IllegalArgumentException.class, () -> Qasm.read(bad));
        assertTrue(e.getMessage().contains("not UTF-8"), e.getMessage());
    }

    private static String mutate(String text, SplittableRandom rng, int edits) {
        StringBuilder sb = new StringBuilder(text);
        for (int i = 0; i < edits; i++) {
            int at = rng.nextInt(sb.length() + 1);
            switch (rng.nextInt(4)) {
                case 0 -> {
                    if (at < sb.length()) {
                        sb.deleteCharAt(at);
                    }
                }
                case 1 -> sb.insert(at, INSERTS[rng.nextInt(INSERTS.length)]);
                case 2 -> {
                    int len = rng.nextInt(12);
                    sb.delete(at, Math.min(sb.length(), at + len));
                }
                default -> {
                    if (at < sb.length()) {
                        sb.setCharAt(at, (char) (32 + rng.nextInt(95)));
                    }
                }
            }
        }
        return sb.toString();
    }
}
