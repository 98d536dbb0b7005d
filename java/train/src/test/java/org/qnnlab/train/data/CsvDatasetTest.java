package org.qnnlab.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV loading: header detection, target selection, comments, quoting, and every error message. */
class CsvDatasetTest {

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private IllegalArgumentException fails(Path file, String target, String... parts) {
        var e = assertThrows(IllegalArgumentException.class, () -> CsvDataset.load(file, target));
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message \"" + e.getMessage() + "\" lacks \"" + p + "\"");
        }
        return e;
    }

    @Test
    void headerFileWithTargetByName() throws IOException {
        Path f = write("data.csv", "x1,y,x2\n0.5,1,-2\n1.5,-1,3e-1\n");
        Dataset d = CsvDataset.load(f, "y");
        assertEquals("data", d.name());
        assertEquals(2, d.size());
        assertEquals(2, d.features());
        assertArrayEquals(new double[][] {{0.5, -2}, {1.5, 0.3}}, d.x());
        assertArrayEquals(new double[] {1, -1}, d.y());
    }

    @Test
    void headerFileWithTargetByIndexAndLast() throws IOException {
        Path f = write("data.csv", "x1,y,x2\n0.5,1,-2\n1.5,-1,3e-1\n");
        Dataset byIndex = CsvDataset.load(f, "0");
        assertArrayEquals(new double[][] {{1, -2}, {-1, 0.3}}, byIndex.x());
        assertArrayEquals(new double[] {0.5, 1.5}, byIndex.y());
        Dataset last = CsvDataset.load(f, "last");
        assertArrayEquals(new double[][] {{0.5, 1}, {1.5, -1}}, last.x());
        assertArrayEquals(new double[] {-2, 0.3}, last.y());
        assertEquals(last, CsvDataset.load(f, " 2 "));
    }

    @Test
    void headerlessFile() throws IOException {
        Path f = write("plain.csv", "1,2,3\n4,5,6\n+7,.5,-9.\n");
        Dataset d = CsvDataset.load(f, "last");
        assertArrayEquals(new double[][] {{1, 2}, {4, 5}, {7, 0.5}}, d.x());
        assertArrayEquals(new double[] {3, 6, -9}, d.y());
        Dataset first = CsvDataset.load(f, "0");
        assertArrayEquals(new double[][] {{2, 3}, {5, 6}, {0.5, -9}}, first.x());
        assertArrayEquals(new double[] {1, 4, 7}, first.y());
    }

    @Test
    void commentsBlankLinesWhitespaceCrlfAndBom() throws IOException {
        Path f = write("c.csv", "\uFEFF# a comment\r\n\r\n  # indented comment\r\n a , b ,target\r\n"
                + " 1 , 2 , 3 \r\n\r\n#4,5,6\r\n7,8,9");
        Dataset d = CsvDataset.load(f, "target");
        assertArrayEquals(new double[][] {{1, 2}, {7, 8}}, d.x());
        assertArrayEquals(new double[] {3, 9}, d.y());
    }

    @Test
    void quotedHeaderNamesMayContainCommas() throws IOException {
        Path f = write("q.csv", "\"angle, rad\",\"say \"\"y\"\"\"\n\"0.25\",1\n");
        Dataset d = CsvDataset.load(f, "say \"y\"");
        assertArrayEquals(new double[][] {{0.25}}, d.x());
        assertArrayEquals(new double[] {1}, d.y());
        assertEquals(d, CsvDataset.load(f, "last"));
    }

    @Test
    void aSingleColumnGivesZeroFeatures() throws IOException {
        Dataset d = CsvDataset.load(write("e.csv", "energy\n-1.5\n"), "energy");
        assertEquals(0, d.features());
        assertArrayEquals(new double[] {-1.5}, d.y());
    }

    @Test
    void headerNamesTakePrecedenceOverIndices() throws IOException {
        Dataset d = CsvDataset.load(write("p.csv", "a,0,last\n1,2,3\n"), "0");
        assertArrayEquals(new double[] {2}, d.y());
        assertArrayEquals(new double[] {3}, CsvDataset.load(dir.resolve("p.csv"), "last").y());
    }

    @Test
    void notANumber() throws IOException {
        Path f = write("data.csv", "x0,x1,x2,x3,y\n1,2,3,4,5\n# c\n1,2,3,abc,5\n");
        var e = fails(f, "y", "data.csv:4: column 3 (\"x3\"): \"abc\" is not a number");
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        fails(write("h.csv", "1,2\n3,x\n"), "0", "h.csv:2: column 1: \"x\" is not a number");
    }

    @Test
    void nonFiniteValuesAreRejected() throws IOException {
        fails(write("n.csv", "a,b\n1,2\n3,NaN\n"), "b", "n.csv:3: column 1 (\"b\"): \"NaN\"", "finite");
        fails(write("i.csv", "a,b\n-Infinity,2\n"), "b", "i.csv:2: column 0 (\"a\"): \"-Infinity\"", "finite");
        fails(write("o.csv", "a,b\n1e999,2\n"), "a", "o.csv:2: column 0 (\"a\"): \"1e999\"", "out of range",
                "finite");
        // a NaN in the first line does not make it a header
        fails(write("f.csv", "nan,1\n2,3\n"), "last", "f.csv:1: column 0: \"nan\"", "finite");
    }

    @Test
    void emptyFieldsAreRejected() throws IOException {
        fails(write("m.csv", "a,b,c\n1,,3\n"), "c", "m.csv:2: column 1 (\"b\"): \"\" (empty field)", "number");
    }

    @Test
    void wrongFieldCount() throws IOException {
        fails(write("data.csv", "# header next\na,b,c,d\n1,2,3,4\n1,2,3\n"), "d",
                "data.csv:4: 3 fields, expected 4 like line 2");
        fails(write("t.csv", "1,2\n3,4,\n"), "0", "t.csv:2: 3 fields, expected 2 like line 1");
        fails(write("s.csv", "a,b\n1;2\n"), "a", "s.csv:2: 1 field, expected 2 like line 1", "separated by commas");
    }

    @Test
    void unknownTargetColumnListsTheHeader() throws IOException {
        Path f = write("data.csv", "x1,x2,label\n1,2,3\n");
        fails(f, "y", "data.csv", "target column \"y\" not found", "\"x1\", \"x2\", \"label\"", "0..2", "last");
        fails(f, "3", "data.csv", "target column index 3 is out of range", "3 columns (0..2)");
        fails(f, "-1", "data.csv", "index -1 is out of range");
        fails(f, "99999999999999999999", "index 99999999999999999999 is out of range");
        fails(write("plain.csv", "1,2\n"), "y", "plain.csv", "\"y\" not found", "no header", "0..1", "last");
    }

    @Test
    void ambiguousTargetName() throws IOException {
        fails(write("dup.csv", "y,x,y\n1,2,3\n"), "y", "dup.csv:1:", "\"y\" is ambiguous", "columns 0 and 2");
    }

    @Test
    void emptyFiles() throws IOException {
        fails(write("empty.csv", ""), "last", "empty.csv", "no data rows");
        fails(write("comments.csv", "# only\n\n  \n"), "last", "comments.csv", "no data rows");
        fails(write("header.csv", "# c\na,b\n"), "b", "header.csv", "no data rows", "header (line 2)");
    }

    @Test
    void unterminatedQuoteAndTrailingText() throws IOException {
        fails(write("u.csv", "a,\"b\n1,2\n"), "a", "u.csv:1: column 1", "no closing quote");
        fails(write("v.csv", "a,b\n\"1\"x,2\n"), "a", "v.csv:2: column 0", "\"x\"", "after the closing quote");
    }

    @Test
    void invalidUtf8NamesTheLine() throws IOException {
        Path f = dir.resolve("bin.csv");
        Files.write(f, new byte[] {'a', ',', 'b', '\n', '1', ',', '2', '\n', '3', ',', (byte) 0xff, '\n'});
        fails(f, "a", "bin.csv:3:", "UTF-8");
    }

    @Test
    void missingFile() {
        Path f = dir.resolve("nope.csv");
        var e = assertThrows(NoSuchFileException.class, () -> CsvDataset.load(f, "last"));
        assertEquals("dataset file not found: " + f, e.getMessage());
        assertTrue(e.getCause() instanceof NoSuchFileException);
    }

    @Test
    void directoryIsAnIoError() {
        var e = assertThrows(IOException.class, () -> CsvDataset.load(dir, "last"));
        assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("directory"), e.getMessage());
    }
}
