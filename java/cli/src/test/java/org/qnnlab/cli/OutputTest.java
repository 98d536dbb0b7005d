package org.qnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where analyses write: --out, a folder named after the command, or nowhere with --json. */
class OutputTest {

    @Test
    void defaultFolderIsNamedAfterTheCommandAndJsonAloneWritesNothing() {
        assertEquals(Path.of("analyze-dla"), Output.forAnalysis("dla", null, false).dir());
        assertNull(Output.forAnalysis("dla", null, true).dir());
        assertFalse(Output.forAnalysis("dla", null, true).enabled());
        assertEquals(Path.of("x"), Output.forAnalysis("dla", Path.of("x"), true).dir());
    }

    @Test
    void aDisabledOutputDropsEverything(@TempDir Path dir) throws IOException {
        Output none = Output.of(null);
        try (ResultFiles.Csv csv = none.csv("a.csv", List.of("x"))) {
            csv.row(1);
        }
        none.json("a.json", Map.of("a", 1));
        none.printFooter("a.csv");
        Output some = Output.of(dir);
        try (ResultFiles.Csv csv = some.csv("a.csv", List.of("x"))) {
            csv.row(1);
        }
        assertEquals(List.of("x", "1"), Files.readAllLines(dir.resolve("a.csv")));
    }

    @Test
    void aQuickQuestionNeedsNoFolder() throws IOException {
        JsonNode j = AnalyzeCommandTest.run("analyze", "dla", "--ansatz", "hva-tfim", "--qubits", "5", "--json");
        assertEquals(25, j.get("dimension").asInt());
        assertTrue(Files.notExists(Path.of("analyze-dla")), "--json without --out writes no files");
    }
}
