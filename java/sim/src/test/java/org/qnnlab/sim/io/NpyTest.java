package org.qnnlab.sim.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qnnlab.sim.StateVector;

/** {@link Npy}: the exact bytes of version-1.0 files, read-back, refused input, and numpy itself when installed. */
class NpyTest {

    /** (4i + j − 5.5)/4: exact in binary, so numpy's arange can build the same matrix. */
    private static double[][] float64Matrix() {
        double[][] m = new double[3][4];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                m[i][j] = (4 * i + j - 5.5) / 4;
            }
        }
        return m;
    }

    /** Amplitude k = (k/4 − 1) + i(1/8 − k/2), interleaved. */
    private static double[] complexVector() {
        double[] v = new double[10];
        for (int k = 0; k < 5; k++) {
            v[2 * k] = k * 0.25 - 1;
            v[2 * k + 1] = 0.125 - k * 0.5;
        }
        return v;
    }

    /** Checks magic, version, length field, dict, padding and newline; returns the header length in bytes. */
    private static int assertHeader(byte[] file, String dict) {
        assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}, Arrays.copyOf(file, 8));
        int headerLength = (file[8] & 0xff) | (file[9] & 0xff) << 8;
        int dataStart = 10 + headerLength;
        assertEquals(0, dataStart % 64, "data start " + dataStart);
        String header = new String(file, 10, headerLength, StandardCharsets.US_ASCII);
        assertEquals(dict + " ".repeat(headerLength - dict.length() - 1) + "\n", header);
        return dataStart;
    }

    private static double[] littleEndianDoubles(byte[] file, int from) {
        ByteBuffer b = ByteBuffer.wrap(file, from, file.length - from).order(ByteOrder.LITTLE_ENDIAN);
        double[] d = new double[(file.length - from) / 8];
        for (int i = 0; i < d.length; i++) {
            d[i] = b.getDouble();
        }
        return d;
    }

    @Test
    void float64MatrixHasNumpysHeaderAndRowMajorLittleEndianData(@TempDir Path dir) throws IOException {
        double[][] m = float64Matrix();
        m[0][1] = Double.NaN; // non-finite values are data like any other
        m[2][3] = Double.NEGATIVE_INFINITY;
        Path file = dir.resolve("f.npy");
        Npy.writeFloat64(file, m);
        byte[] bytes = Files.readAllBytes(file);
        int start = assertHeader(bytes, "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }");
        assertEquals(128, start);
        assertEquals(128 + 12 * 8, bytes.length);
        assertArrayEquals(Arrays.stream(m).flatMapToDouble(Arrays::stream).toArray(), littleEndianDoubles(bytes, start));
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, (byte) 0xf6, (byte) 0xbf},
                Arrays.copyOfRange(bytes, start, start + 8), "m[0][0] = -1.375 = 0xbff6000000000000, little-endian");

        Npy.Array a = Npy.read(file);
        assertEquals(Npy.Dtype.FLOAT64, a.dtype());
        assertArrayEquals(new int[] {3, 4}, a.shape());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(m[i], a.matrix()[i]); // NaN equals NaN here: compared by bits
        }
    }

    @Test
    void complex128VectorIsInterleavedPairs(@TempDir Path dir) throws IOException {
        double[] v = complexVector();
        Path file = dir.resolve("c.npy");
        Npy.writeComplex128(file, v);
        byte[] bytes = Files.readAllBytes(file);
        int start = assertHeader(bytes, "{'descr': '<c16', 'fortran_order': False, 'shape': (5,), }");
        assertEquals(128 + 5 * 16, bytes.length);
        assertArrayEquals(v, littleEndianDoubles(bytes, start));
        Npy.Array a = Npy.read(file);
        assertEquals(Npy.Dtype.COMPLEX128, a.dtype());
        assertArrayEquals(new int[] {5}, a.shape());
        assertArrayEquals(v, a.data());
        assertThrows(IllegalStateException.class, a::matrix);
    }

    @Test
    void oneAndTwoDimensionalShapesOfBothTypes(@TempDir Path dir) throws IOException {
        Path f1 = dir.resolve("f1.npy");
        Npy.writeFloat64(f1, new double[] {1, -2, 3.25});
        assertHeader(Files.readAllBytes(f1), "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }");
        assertArrayEquals(new double[] {1, -2, 3.25}, Npy.read(f1).data());

        Path c2 = dir.resolve("c2.npy");
        double[] v = complexVector();
        Npy.writeComplex128(c2, Arrays.copyOf(v, 6), 1, 3);
        assertHeader(Files.readAllBytes(c2), "{'descr': '<c16', 'fortran_order': False, 'shape': (1, 3), }");
        Npy.Array a = Npy.read(c2);
        assertArrayEquals(new int[] {1, 3}, a.shape());
        assertArrayEquals(Arrays.copyOf(v, 6), a.data());

        Path empty = dir.resolve("empty.npy");
        Npy.writeFloat64(empty, new double[0]);
        assertHeader(Files.readAllBytes(empty), "{'descr': '<f8', 'fortran_order': False, 'shape': (0,), }");
        assertArrayEquals(new int[] {0}, Npy.read(empty).shape());
        Npy.writeFloat64(empty, new double[2][0]);
        assertArrayEquals(new int[] {2, 0}, Npy.read(empty).shape());
    }

    @Test
    void headersEndOnA64ByteBoundaryForLongShapes() {
        long max = Long.MAX_VALUE;
        long[][] shapes = {{}, {1}, {12345678901L}, {1, 1}, {Integer.MAX_VALUE, Integer.MAX_VALUE}, {max, max},
            {max, max, max}, {max, max, max, max}};
        for (long[] shape : shapes) {
            byte[] h = Npy.header(Npy.Dtype.COMPLEX128, shape);
            assertEquals(0, h.length % 64, Arrays.toString(shape));
            assertEquals(h.length - 10, (h[8] & 0xff) | (h[9] & 0xff) << 8, Arrays.toString(shape));
            assertEquals('\n', h[h.length - 1]);
        }
        assertEquals(128, Npy.header(Npy.Dtype.COMPLEX128, new long[] {max, max, max}).length,
                "10 + a dict of 117 characters + newline fill two blocks exactly: no padding");
        assertEquals(192, Npy.header(Npy.Dtype.COMPLEX128, new long[] {max, max, max, max}).length,
                "a dict of 138 characters needs a third block");
        assertTrue(new String(Npy.header(Npy.Dtype.FLOAT64, new long[0]), StandardCharsets.US_ASCII)
                .contains("'shape': (), }"));
    }

    @Test
    void aStateIsWrittenFromItsMemoryAsComplex128(@TempDir Path dir) throws IOException {
        double[] amps = {0.5, 0, 0, -0.5, 0.5, 0.25, Math.sqrt(0.1875), 0};
        Path file = dir.resolve("psi.npy");
        try (StateVector psi = StateVector.of(amps)) {
            Npy.writeState(file, psi);
        }
        assertHeader(Files.readAllBytes(file), "{'descr': '<c16', 'fortran_order': False, 'shape': (4,), }");
        assertArrayEquals(amps, Npy.read(file).data());

        StateVector closed = StateVector.zero(2);
        closed.close();
        assertThrows(IllegalStateException.class, () -> Npy.writeState(dir.resolve("closed.npy"), closed));
        assertTrue(Files.notExists(dir.resolve("closed.npy")));
    }

    /** A state larger than the write buffer (2^13 amplitudes = 128 KiB) goes out in several chunks, in order. */
    @Test
    void aLargeStateStreamsThroughTheBufferInOrder(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("big.npy");
        double[] amps = new double[2 << 13];
        for (int i = 0; i < amps.length; i++) {
            amps[i] = i * 1e-6;
        }
        try (StateVector psi = StateVector.of(amps)) {
            Npy.writeState(file, psi);
        }
        assertArrayEquals(amps, Npy.read(file).data());
    }

    @Test
    void writesReplaceTheFileAtomicallyAndLeaveNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.npy");
        Npy.writeFloat64(file, new double[] {1, 2, 3, 4});
        Npy.writeFloat64(file, new double[][] {{5}});
        assertArrayEquals(new double[][] {{5}}, Npy.read(file).matrix());
        try (var list = Files.list(dir)) {
            assertEquals(java.util.List.of(file), list.toList());
        }
    }

    @Test
    void badArraysAreRefusedWithTheReason(@TempDir Path dir) {
        Path file = dir.resolve("bad.npy");
        assertMessage(() -> Npy.writeFloat64(file, new double[][] {{1, 2}, {3}}),
                "row 1 has 1 entries but row 0 has 2; allowed: rows of one length");
        assertMessage(() -> Npy.writeFloat64(file, new double[0][]), "a matrix with no rows has no column count");
        assertMessage(() -> Npy.writeFloat64(file, new double[][] {{1}, null}), "row 1 of the matrix is null");
        assertMessage(() -> Npy.writeComplex128(file, new double[3]),
                "interleaved complex data have 3 doubles; allowed: an even count");
        assertMessage(() -> Npy.writeComplex128(file, new double[8], 2, 3),
                "shape (2, 3) needs 2·rows·columns = 12 interleaved doubles, but there are 8");
        assertMessage(() -> Npy.writeComplex128(file, new double[0], -1, 0), "shape (-1, 0)");
        assertTrue(Files.notExists(file), "nothing written");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void theReaderRefusesMalformedFilesNamingFileAndReason(@TempDir Path dir) throws IOException {
        Path good = dir.resolve("good.npy");
        Npy.writeFloat64(good, new double[][] {{1, 2}, {3, 4}});
        byte[] bytes = Files.readAllBytes(good);
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }";

        assertRefused(dir, "text.npy", "hello world".getBytes(StandardCharsets.US_ASCII),
                "it does not start with the magic \\x93NUMPY");
        assertRefused(dir, "short.npy", Arrays.copyOf(bytes, 4), "it does not start with the magic");
        byte[] v9 = bytes.clone();
        v9[6] = 9;
        assertRefused(dir, "v9.npy", v9, "format version 9.0 is not supported; allowed: 1.0, 2.0, 3.0");
        assertRefused(dir, "truncated.npy", Arrays.copyOf(bytes, bytes.length - 8),
                "the data have 24 bytes but shape (2, 2) of <f8 needs 8 × 4");
        assertRefused(dir, "cut-header.npy", Arrays.copyOf(bytes, 60), "the header length 118 runs past the end");
        assertRefused(dir, "int.npy", withDict(bytes, dict.replace("<f8", "<i4")),
                "dtype '<i4' is not supported; allowed: '<f8' (float64), '<c16' (complex128)");
        assertRefused(dir, "fortran.npy", withDict(bytes, dict.replace("False", "True ")),
                "fortran_order True is not supported");
        assertRefused(dir, "noshape.npy", withDict(bytes, dict.replace("'shape'", "'shope'")),
                "the header has no valid 'shape'");
        assertRefused(dir, "negative.npy", withDict(bytes, dict.replace("(2, 2)", "(2, -2)")),
                "has a dimension '-2'");
        byte[] noNewline = bytes.clone();
        noNewline[127] = ' ';
        assertRefused(dir, "newline.npy", noNewline, "the header does not end with a newline");
    }

    /** The file with its dict replaced by one of the same length. */
    private static byte[] withDict(byte[] file, String dict) {
        byte[] b = file.clone();
        byte[] d = dict.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(d, 0, b, 10, d.length);
        return b;
    }

    private static void assertRefused(Path dir, String name, byte[] content, String reason) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, content);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Npy.read(file));
        assertTrue(e.getMessage().startsWith(file + " is not a .npy file this reader takes: "), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    /**
     * numpy loads what we write with the right dtype, shape and values, and {@code np.save} of the same arrays gives
     * the same bytes. Skipped (visibly) when python3 with numpy is not installed.
     */
    @Test
    void numpyLoadsOurFilesAndWritesTheSameBytes(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(run(dir, "python3", "-c", "import numpy") == 0, "python3 with numpy is not installed");
        Npy.writeFloat64(dir.resolve("f.npy"), float64Matrix());
        Npy.writeComplex128(dir.resolve("c.npy"), complexVector());
        String script = String.join("\n",
                "import numpy as np, sys",
                "d = sys.argv[1]",
                "ef = (np.arange(12, dtype=np.float64).reshape(3, 4) - 5.5) / 4",
                "ec = (np.arange(5) * 0.25 - 1) + 1j * (0.125 - np.arange(5) * 0.5)",
                "f = np.load(d + '/f.npy'); c = np.load(d + '/c.npy')",
                "assert f.dtype == np.float64 and f.shape == (3, 4) and np.array_equal(f, ef), f",
                "assert c.dtype == np.complex128 and c.shape == (5,) and np.array_equal(c, ec), c",
                "np.save(d + '/f-numpy.npy', ef); np.save(d + '/c-numpy.npy', ec)");
        assertEquals(0, run(dir, "python3", "-c", script, dir.toString()), "numpy's checks; see "
                + dir.resolve("python.log"));
        assertArrayEquals(Files.readAllBytes(dir.resolve("f-numpy.npy")), Files.readAllBytes(dir.resolve("f.npy")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("c-numpy.npy")), Files.readAllBytes(dir.resolve("c.npy")));
    }

    private static int run(Path dir, String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("python.log").toFile()).start();
        } catch (IOException e) {
            return -1; // no python3
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        if (p.exitValue() != 0) {
            System.err.println(Files.readString(dir.resolve("python.log")));
        }
        return p.exitValue();
    }
}
