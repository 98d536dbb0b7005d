package org.qnnlab.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The files an analysis writes to {@code --out DIR}: a CSV that grows row by row (flushed, so an interrupted sweep
 * keeps the points it finished), and a JSON summary written atomically at the end.
 */
final class ResultFiles {

    private ResultFiles() {
    }

    /** A CSV file written row by row. */
    static final class Csv implements Closeable {
        private final BufferedWriter w; // null: rows are dropped (no output directory)

        private Csv() {
            w = null;
        }

        /** A CSV that drops its rows, for runs that write no files ({@link Output#enabled()} false). */
        static Csv discarding() {
            return new Csv();
        }

        /** Creates (or truncates) {@code file} and writes the header. */
        Csv(Path file, List<String> header) {
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                w.write(String.join(",", header));
                w.newLine();
                w.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
            }
        }

        /** Appends one row (numbers in shortest round-trip form) and flushes. */
        void row(Object... values) {
            if (w == null) {
                return;
            }
            String line = java.util.Arrays.stream(values).map(ResultFiles::cell).collect(Collectors.joining(","));
            try {
                w.write(line);
                w.newLine();
                w.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write a CSV row: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            if (w == null) {
                return;
            }
            try {
                w.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Writes {@code value} as pretty JSON to {@code file} atomically. */
    static void json(Path file, Map<String, Object> value) {
        try {
            AtomicFiles.writeString(file, Json.MAPPER.writeValueAsString(value) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    private static String cell(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            return Double.isFinite(d) ? Double.toString(d) : "";
        }
        if (v instanceof Float f) {
            return Float.toString(f);
        }
        String s = v.toString();
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /** {@code %.4g} for terminal tables. */
    static String g(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
