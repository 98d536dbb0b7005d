package org.qnnlab.sim.io;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.qnnlab.sim.StateVector;

/**
 * NumPy {@code .npy} files, so that a researcher loads a matrix or a state with {@code np.load("qfim.npy")}. Format
 * version 1.0 (<a href="https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html">numpy.lib.format</a>):
 * the magic {@code \x93NUMPY}, the version bytes {@code 1 0}, the header length as a little-endian uint16, then the
 * header, an ASCII dict {@code {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }} padded with spaces and
 * ended by {@code '\n'} so that the data start at a multiple of {@value #ALIGNMENT} bytes (numpy's rule since 1.16;
 * older numpy padded to 16, a multiple of which 64 is), then the elements in C (row-major) order, little-endian:
 * {@code <f8} is float64, {@code <c16} complex128 as (re, im) pairs, the layout of a {@link StateVector}.
 *
 * <p>Every write is atomic ({@link AtomicWrite}): a reader sees the old file or the whole new one. Data stream through
 * a small buffer, so a state larger than a Java array is written without a copy of it. Non-finite values are written
 * as they are (numpy reads NaN and ±inf).
 *
 * <p>{@link #read} reads what these methods write and what {@code np.save} writes for float64 and complex128 arrays in
 * C order (format versions 1.0, 2.0 and 3.0, any number of dimensions).
 */
public final class Npy {

    /** The data of every file start at a multiple of this many bytes. */
    public static final int ALIGNMENT = 64;

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final ValueLayout.OfDouble LITTLE_ENDIAN_DOUBLE =
            ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int BUFFER_BYTES = 1 << 16;
    /** Longer headers are not headers: numpy's own are a few hundred bytes. */
    private static final int MAX_HEADER_BYTES = 1 << 20;
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
    private static final Pattern DESCR = Pattern.compile("['\"]descr['\"]\\s*:\\s*['\"]([^'\"]*)['\"]");
    private static final Pattern FORTRAN = Pattern.compile("['\"]fortran_order['\"]\\s*:\\s*(\\w+)");
    private static final Pattern SHAPE = Pattern.compile("['\"]shape['\"]\\s*:\\s*\\(([^)]*)\\)");

    /** The element types written and read. */
    public enum Dtype {
        /** 8-byte little-endian IEEE doubles ({@code np.float64}). */
        FLOAT64("<f8", 1),
        /** Pairs of them, real part first ({@code np.complex128}). */
        COMPLEX128("<c16", 2);

        private final String descr;
        private final int doubles;

        Dtype(String descr, int doubles) {
            this.descr = descr;
            this.doubles = doubles;
        }

        /** The header's {@code descr}: {@code <f8} or {@code <c16}. */
        public String descr() {
            return descr;
        }

        /** Doubles per element: 1 or 2. */
        public int doublesPerElement() {
            return doubles;
        }
    }

    /**
     * An array read from a file.
     *
     * @param dtype float64 or complex128
     * @param shape the dimensions, C order ({@code {}} for a scalar)
     * @param data  the elements in C order: float64 values, or interleaved (re, im) pairs
     */
    public record Array(Dtype dtype, int[] shape, double[] data) {

        /** Checks that the data fill the shape, and copies both. */
        public Array {
            Objects.requireNonNull(dtype, "dtype");
            shape = shape.clone();
            data = data.clone();
            long need = doubles(dtype, shape);
            if (data.length != need) {
                throw new IllegalArgumentException("shape " + shapeText(shape) + " of " + dtype.descr() + " needs "
                        + need + " doubles, but the data have " + data.length);
            }
        }

        /** A copy of the dimensions. */
        @Override
        public int[] shape() {
            return shape.clone();
        }

        /** A copy of the elements (interleaved (re, im) for complex128). */
        @Override
        public double[] data() {
            return data.clone();
        }

        /**
         * The rows of a 2-D float64 array.
         *
         * @throws IllegalStateException if the array is not 2-D float64
         */
        public double[][] matrix() {
            if (dtype != Dtype.FLOAT64 || shape.length != 2) {
                throw new IllegalStateException("a " + shapeText(shape) + " " + dtype.descr() + " array is not a "
                        + "float64 matrix");
            }
            double[][] m = new double[shape[0]][];
            for (int i = 0; i < m.length; i++) {
                m[i] = Arrays.copyOfRange(data, i * shape[1], (i + 1) * shape[1]);
            }
            return m;
        }
    }

    private Npy() {
    }

    /** Writes a float64 vector, shape {@code (n,)}. */
    public static void writeFloat64(Path file, double[] vector) throws IOException {
        Objects.requireNonNull(vector, "vector");
        write(file, Dtype.FLOAT64, new long[] {vector.length}, sink -> sink.put(vector, 0, vector.length));
    }

    /**
     * Writes a float64 matrix, shape {@code (rows, columns)}.
     *
     * @throws IllegalArgumentException if there are no rows (the column count is then unknown: write a vector), a row
     *                                  is null, or the rows differ in length
     */
    public static void writeFloat64(Path file, double[][] matrix) throws IOException {
        Objects.requireNonNull(matrix, "matrix");
        if (matrix.length == 0) {
            throw new IllegalArgumentException("a matrix with no rows has no column count; allowed: 1 or more rows "
                    + "(write an empty vector with writeFloat64(file, new double[0]))");
        }
        for (int i = 0; i < matrix.length; i++) {
            if (matrix[i] == null) {
                throw new IllegalArgumentException("row " + i + " of the matrix is null");
            }
            if (matrix[i].length != matrix[0].length) {
                throw new IllegalArgumentException("row " + i + " has " + matrix[i].length + " entries but row 0 has "
                        + matrix[0].length + "; allowed: rows of one length");
            }
        }
        write(file, Dtype.FLOAT64, new long[] {matrix.length, matrix[0].length}, sink -> {
            for (double[] row : matrix) {
                sink.put(row, 0, row.length);
            }
        });
    }

    /**
     * Writes a complex128 vector, shape {@code (n,)}, from interleaved {@code (re0, im0, re1, im1, …)}.
     *
     * @throws IllegalArgumentException if the length is odd
     */
    public static void writeComplex128(Path file, double[] interleaved) throws IOException {
        Objects.requireNonNull(interleaved, "interleaved");
        if (interleaved.length % 2 != 0) {
            throw new IllegalArgumentException("interleaved complex data have " + interleaved.length
                    + " doubles; allowed: an even count, (re, im) pairs");
        }
        write(file, Dtype.COMPLEX128, new long[] {interleaved.length / 2},
                sink -> sink.put(interleaved, 0, interleaved.length));
    }

    /**
     * Writes a complex128 matrix, shape {@code (rows, columns)}, from interleaved pairs in row-major order.
     *
     * @throws IllegalArgumentException if a dimension is negative or {@code 2·rows·columns} is not the length
     */
    public static void writeComplex128(Path file, double[] interleaved, int rows, int columns) throws IOException {
        Objects.requireNonNull(interleaved, "interleaved");
        if (rows < 0 || columns < 0 || 2L * rows * columns != interleaved.length) {
            throw new IllegalArgumentException("shape (" + rows + ", " + columns + ") needs 2·rows·columns = "
                    + 2L * rows * columns + " interleaved doubles, but there are " + interleaved.length
                    + "; allowed: non-negative dimensions that match the data");
        }
        write(file, Dtype.COMPLEX128, new long[] {rows, columns},
                sink -> sink.put(interleaved, 0, interleaved.length));
    }

    /**
     * Writes a state's amplitudes as a complex128 vector of shape {@code (2^n,)}: index b is the amplitude of
     * {@code |b>}, qubit 0 the least significant bit. Streams from the state's memory (any size); holds the state open
     * while it writes.
     *
     * @throws IllegalStateException if the state is closed
     */
    public static void writeState(Path file, StateVector state) throws IOException {
        Objects.requireNonNull(state, "state");
        long doubles = 2 * state.dimension();
        MemorySegment amplitudes = state.acquire();
        try {
            write(file, Dtype.COMPLEX128, new long[] {state.dimension()}, sink -> sink.put(amplitudes, doubles));
        } finally {
            state.release();
        }
    }

    /**
     * Reads a float64 or complex128 array in C order.
     *
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException naming the file and the problem: not a .npy file, an unsupported version,
     *                                  dtype or Fortran order, a malformed header, or data that do not match the shape
     */
    public static Array read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < MAGIC.length + 2
                    || !Arrays.equals(Arrays.copyOf(readExactly(ch, 0, MAGIC.length + 2, file), MAGIC.length), MAGIC)) {
                throw malformed(file, "it does not start with the magic \\x93NUMPY and a version");
            }
            byte[] version = readExactly(ch, MAGIC.length, 2, file);
            int major = version[0] & 0xff;
            int minor = version[1] & 0xff;
            if (major < 1 || major > 3 || minor != 0) {
                throw malformed(file, "format version " + major + "." + minor + " is not supported; allowed: 1.0, "
                        + "2.0, 3.0");
            }
            int lengthBytes = major == 1 ? 2 : 4;
            long headerStart = MAGIC.length + 2 + lengthBytes;
            if (size < headerStart) {
                throw malformed(file, "it ends inside the header length");
            }
            ByteBuffer len = ByteBuffer.wrap(readExactly(ch, MAGIC.length + 2, lengthBytes, file))
                    .order(ByteOrder.LITTLE_ENDIAN);
            long headerLength = major == 1 ? len.getShort() & 0xffff : len.getInt() & 0xffffffffL;
            if (headerLength > MAX_HEADER_BYTES || headerStart + headerLength > size) {
                throw malformed(file, "the header length " + headerLength + " runs past the end of the file ("
                        + size + " bytes)");
            }
            String header = new String(readExactly(ch, headerStart, (int) headerLength, file),
                    major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            Header h = parseHeader(header, file);
            long dataStart = headerStart + headerLength;
            long doubles = doubles(h.dtype, h.shape);
            if (size - dataStart != saturatedProduct(8, doubles)) {
                throw malformed(file, "the data have " + (size - dataStart) + " bytes but shape "
                        + shapeText(h.shape) + " of " + h.dtype.descr() + " needs 8 × " + doubles);
            }
            if (doubles > MAX_ARRAY) {
                throw malformed(file, "shape " + shapeText(h.shape) + " of " + h.dtype.descr() + " has " + doubles
                        + " doubles, more than one Java array holds (" + MAX_ARRAY + ")");
            }
            double[] data = new double[(int) doubles];
            ByteBuffer buf = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            ch.position(dataStart);
            int done = 0;
            while (done < data.length) {
                buf.clear().limit((int) Math.min(BUFFER_BYTES, 8L * (data.length - done)));
                while (buf.hasRemaining()) {
                    if (ch.read(buf) < 0) {
                        throw malformed(file, "it ended while reading the data");
                    }
                }
                buf.flip();
                int k = buf.remaining() / 8;
                buf.asDoubleBuffer().get(data, done, k);
                done += k;
            }
            return new Array(h.dtype, h.shape, data);
        }
    }

    /** The bytes before the data: magic, version 1.0, header length, header dict, spaces, {@code '\n'}. */
    static byte[] header(Dtype dtype, long[] shape) {
        String dict = "{'descr': '" + dtype.descr() + "', 'fortran_order': False, 'shape': " + shapeText(shape)
                + ", }";
        int prefix = MAGIC.length + 2 + 2;
        int total = (prefix + dict.length() + 1 + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        byte[] h = new byte[total];
        Arrays.fill(h, (byte) ' ');
        System.arraycopy(MAGIC, 0, h, 0, MAGIC.length);
        h[MAGIC.length] = 1;
        h[MAGIC.length + 1] = 0;
        int headerLength = total - prefix; // at most a few hundred bytes: shapes have at most 2 dimensions here
        h[MAGIC.length + 2] = (byte) headerLength;
        h[MAGIC.length + 3] = (byte) (headerLength >>> 8);
        byte[] text = dict.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, h, prefix, text.length);
        h[total - 1] = '\n';
        return h;
    }

    private interface Body {
        void writeTo(Sink sink) throws IOException;
    }

    private static void write(Path file, Dtype dtype, long[] shape, Body body) throws IOException {
        Objects.requireNonNull(file, "file");
        byte[] header = header(dtype, shape);
        AtomicWrite.write(file, ch -> {
            AtomicWrite.writeFully(ch, ByteBuffer.wrap(header));
            Sink sink = new Sink(ch);
            body.writeTo(sink);
            sink.flush();
        });
    }

    /** Doubles to a channel, little-endian, through one buffer. */
    private static final class Sink {
        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);

        Sink(FileChannel channel) {
            this.channel = channel;
        }

        void put(double[] values, int from, int count) throws IOException {
            while (count > 0) {
                int k = Math.min(count, buffer.remaining() / 8);
                if (k == 0) {
                    flush();
                    continue;
                }
                buffer.asDoubleBuffer().put(values, from, k);
                buffer.position(buffer.position() + 8 * k);
                from += k;
                count -= k;
            }
        }

        /** The first {@code count} doubles of a segment in the platform's order (a state's layout). */
        void put(MemorySegment segment, long count) throws IOException {
            long from = 0;
            while (from < count) {
                int k = (int) Math.min(count - from, buffer.remaining() / 8);
                if (k == 0) {
                    flush();
                    continue;
                }
                MemorySegment.copy(segment, JAVA_DOUBLE, 8 * from, MemorySegment.ofBuffer(buffer),
                        LITTLE_ENDIAN_DOUBLE, 0, k);
                buffer.position(buffer.position() + 8 * k);
                from += k;
            }
        }

        void flush() throws IOException {
            buffer.flip();
            AtomicWrite.writeFully(channel, buffer);
            buffer.clear();
        }
    }

    private record Header(Dtype dtype, int[] shape) {
    }

    private static Header parseHeader(String header, Path file) {
        if (!header.endsWith("\n")) {
            throw malformed(file, "the header does not end with a newline");
        }
        String dict = header.strip();
        if (!dict.startsWith("{") || !dict.endsWith("}")) {
            throw malformed(file, "the header is not a dict: " + dict);
        }
        Matcher descr = find(DESCR, dict, "descr", file);
        Dtype dtype = null;
        for (Dtype d : Dtype.values()) {
            if (d.descr().equals(descr.group(1))) {
                dtype = d;
            }
        }
        if (dtype == null) {
            throw malformed(file, "dtype '" + descr.group(1) + "' is not supported; allowed: '<f8' (float64), "
                    + "'<c16' (complex128)");
        }
        String fortran = find(FORTRAN, dict, "fortran_order", file).group(1);
        if (fortran.equals("True")) {
            throw malformed(file, "fortran_order True is not supported; allowed: C order (save "
                    + "np.ascontiguousarray(a))");
        }
        if (!fortran.equals("False")) {
            throw malformed(file, "fortran_order " + fortran + " is not a boolean");
        }
        String dims = find(SHAPE, dict, "shape", file).group(1).strip();
        if (dims.endsWith(",")) {
            dims = dims.substring(0, dims.length() - 1);
        }
        String[] parts = dims.isBlank() ? new String[0] : dims.split(",", -1);
        int[] shape = new int[parts.length];
        for (int i = 0; i < shape.length; i++) {
            try {
                shape[i] = Integer.parseInt(parts[i].strip());
            } catch (NumberFormatException e) {
                shape[i] = -1;
            }
            if (shape[i] < 0) {
                throw malformed(file, "shape (" + dims + ") has a dimension '" + parts[i].strip() + "'; allowed: "
                        + "integers 0.." + Integer.MAX_VALUE);
            }
        }
        return new Header(dtype, shape);
    }

    private static Matcher find(Pattern p, String dict, String key, Path file) {
        Matcher m = p.matcher(dict);
        if (!m.find()) {
            throw malformed(file, "the header has no valid '" + key + "': " + dict);
        }
        return m;
    }

    private static IllegalArgumentException malformed(Path file, String why) {
        return new IllegalArgumentException(file + " is not a .npy file this reader takes: " + why);
    }

    private static byte[] readExactly(FileChannel ch, long position, int count, Path file) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(count);
        while (b.hasRemaining()) {
            if (ch.read(b, position + b.position()) < 0) {
                throw malformed(file, "it ends at byte " + (position + b.position()));
            }
        }
        return b.array();
    }

    /** Doubles that {@code shape} holds, {@link Long#MAX_VALUE} when that overflows. */
    private static long doubles(Dtype dtype, int[] shape) {
        long n = dtype.doublesPerElement();
        for (int d : shape) {
            n = saturatedProduct(n, d);
        }
        return n;
    }

    private static long saturatedProduct(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static String shapeText(int[] shape) {
        return shapeText(Arrays.stream(shape).asLongStream().toArray());
    }

    /** Python's repr of a shape tuple: {@code ()}, {@code (3,)}, {@code (3, 4)}. */
    private static String shapeText(long[] shape) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            b.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return b.append(shape.length == 1 ? ",)" : ")").toString();
    }
}
