package org.qnnlab.train.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Loads a {@link Dataset} from a comma-separated file.
 *
 * <p>Format: UTF-8 text (a leading byte-order mark is ignored), lines ending in LF, CRLF or CR. Blank lines and lines
 * whose first non-blank character is {@code '#'} are skipped. Fields are separated by commas and trimmed; a field may
 * be double-quoted ({@code ""} inside quotes is a literal quote), which allows commas in header names, but no field
 * spans lines. The first remaining line is a header when one of its fields is neither empty nor number-like;
 * otherwise it is the first data row. Every data value must be a finite decimal number such as {@code 3}, {@code -0.5}
 * or {@code 1e-3}; NaN and infinities are rejected. Every line has the same number of fields as the first.
 *
 * <p>Errors are {@link IllegalArgumentException}s whose message starts with {@code FILE:LINE:} (1-based line
 * numbers) and names the 0-based column, its header name if any, and the offending text, e.g.
 * {@code data.csv:7: column 3 ("x2"): "abc" is not a number (...)}.
 */
public final class CsvDataset {

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern NON_FINITE = Pattern.compile("[+-]?(nan|inf|infinity)", Pattern.CASE_INSENSITIVE);
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

    private CsvDataset() {
    }

    /**
     * Loads a CSV file: optional header line (detected when the first line has a non-numeric field), comma separated,
     * '#' comment lines and blank lines skipped; the target column is {@code targetColumn} (a header name, or a
     * 0-based index as a string, or "last" for the last column); all other columns are features, in file order.
     *
     * <p>A header name takes precedence over the same text read as an index or "last". The dataset is named after the
     * file, without its extension.
     *
     * @throws java.nio.file.NoSuchFileException with the message "dataset file not found: PATH" if the file is missing
     * @throws IOException                       if the file cannot be read
     * @throws IllegalArgumentException          if the content is malformed, has no data rows, or the target column
     *                                           does not exist
     */
    public static Dataset load(Path file, String targetColumn) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(targetColumn, "targetColumn");
        String where = file.toString();
        if (Files.isDirectory(file)) {
            throw new IOException("dataset file " + where + " is a directory, not a CSV file");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            NoSuchFileException wrapped = new NoSuchFileException(null, null, "dataset file not found: " + where);
            wrapped.initCause(e);
            throw wrapped;
        }

        List<String> header = null;
        int firstLine = 0;
        int columns = -1;
        int target = -1;
        List<double[]> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int lineNo = 0;
        int start = 0;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n' && bytes[end] != '\r') {
                end++;
            }
            lineNo++;
            String text;
            try {
                text = utf8.decode(ByteBuffer.wrap(bytes, start, end - start)).toString();
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException(where + ":" + lineNo + ": not valid UTF-8 text; the file must be "
                        + "UTF-8 (or ASCII) encoded", e);
            }
            start = end < bytes.length && bytes[end] == '\r' && end + 1 < bytes.length && bytes[end + 1] == '\n'
                    ? end + 2 : end + 1;
            if (lineNo == 1 && text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            String trimmed = text.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            List<String> fields = split(text, where, lineNo);
            if (columns < 0) {
                columns = fields.size();
                firstLine = lineNo;
                if (isHeader(fields)) {
                    header = fields;
                }
                target = resolveTarget(targetColumn, header, columns, where, firstLine);
                if (header != null) {
                    continue;
                }
            } else if (fields.size() != columns) {
                throw new IllegalArgumentException(where + ":" + lineNo + ": " + fields.size() + " field"
                        + (fields.size() == 1 ? "" : "s") + ", expected " + columns + " like line " + firstLine
                        + hint(text));
            }
            double[] row = new double[columns - 1];
            double y = 0;
            for (int c = 0; c < columns; c++) {
                double v = parse(fields.get(c), where, lineNo, c, header);
                if (c == target) {
                    y = v;
                } else {
                    row[c < target ? c : c - 1] = v;
                }
            }
            xs.add(row);
            ys.add(y);
        }
        if (xs.isEmpty()) {
            throw new IllegalArgumentException(where + ": no data rows" + (header != null
                    ? " after the header (line " + firstLine + ")"
                    : " (the file is empty or has only comments and blank lines)") + "; at least 1 is required");
        }
        double[] y = new double[ys.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = ys.get(i);
        }
        return new Dataset(datasetName(file), xs.toArray(new double[0][]), y);
    }

    /** Splits one line into trimmed, unquoted fields. */
    private static List<String> split(String line, String where, int lineNo) {
        List<String> fields = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (true) {
            while (i < n && line.charAt(i) != ',' && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i < n && line.charAt(i) == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < n) {
                    char ch = line.charAt(i++);
                    if (ch == '"') {
                        if (i < n && line.charAt(i) == '"') {
                            sb.append('"');
                            i++;
                        } else {
                            closed = true;
                            break;
                        }
                    } else {
                        sb.append(ch);
                    }
                }
                if (!closed) {
                    throw new IllegalArgumentException(where + ":" + lineNo + ": column " + fields.size()
                            + ": quoted field \"" + sb + " has no closing quote (fields cannot span lines)");
                }
                while (i < n && line.charAt(i) != ',' && Character.isWhitespace(line.charAt(i))) {
                    i++;
                }
                if (i < n && line.charAt(i) != ',') {
                    int comma = line.indexOf(',', i);
                    String extra = line.substring(i, comma < 0 ? n : comma).strip();
                    throw new IllegalArgumentException(where + ":" + lineNo + ": column " + fields.size()
                            + ": unexpected text \"" + extra + "\" after the closing quote of \"" + sb
                            + "\"; only a comma may follow it");
                }
                fields.add(sb.toString());
            } else {
                int from = i;
                while (i < n && line.charAt(i) != ',') {
                    i++;
                }
                fields.add(line.substring(from, i).strip());
            }
            if (i >= n) {
                return fields;
            }
            i++; // the comma
        }
    }

    private static boolean isHeader(List<String> fields) {
        for (String f : fields) {
            if (!f.isEmpty() && !DECIMAL.matcher(f).matches() && !NON_FINITE.matcher(f).matches()) {
                return true;
            }
        }
        return false;
    }

    private static int resolveTarget(String spec, List<String> header, int columns, String where, int headerLine) {
        String t = spec.strip();
        if (header != null) {
            int found = -1;
            for (int c = 0; c < columns; c++) {
                if (header.get(c).equals(t)) {
                    if (found >= 0) {
                        throw new IllegalArgumentException(where + ":" + headerLine + ": target column \"" + t
                                + "\" is ambiguous: the header names columns " + found + " and " + c
                                + " that way; use a 0-based index instead");
                    }
                    found = c;
                }
            }
            if (found >= 0) {
                return found;
            }
        }
        if (INTEGER.matcher(t).matches()) {
            long index;
            try {
                index = Long.parseLong(t);
            } catch (NumberFormatException e) {
                index = Long.MAX_VALUE;
            }
            if (index < 0 || index >= columns) {
                throw new IllegalArgumentException(where + ": target column index " + t + " is out of range: the file "
                        + "has " + columns + " column" + (columns == 1 ? "" : "s") + " (0.." + (columns - 1) + ")");
            }
            return (int) index;
        }
        if (t.equalsIgnoreCase("last")) {
            return columns - 1;
        }
        if (header == null) {
            throw new IllegalArgumentException(where + ": target column \"" + t + "\" not found: the file has no "
                    + "header line, so use a 0-based column index 0.." + (columns - 1) + " or \"last\"");
        }
        StringBuilder names = new StringBuilder();
        for (String h : header) {
            names.append(names.isEmpty() ? "" : ", ").append('"').append(h).append('"');
        }
        throw new IllegalArgumentException(where + ": target column \"" + t + "\" not found; the header (line "
                + headerLine + ") has columns " + names + " (or use a 0-based index 0.." + (columns - 1)
                + " or \"last\")");
    }

    private static double parse(String s, String where, int lineNo, int column, List<String> header) {
        if (DECIMAL.matcher(s).matches()) {
            double v = Double.parseDouble(s);
            if (Double.isFinite(v)) {
                return v;
            }
            throw bad(where, lineNo, column, header, s, "is out of range: values must be finite numbers of magnitude "
                    + "at most " + Double.MAX_VALUE);
        }
        if (NON_FINITE.matcher(s).matches()) {
            throw bad(where, lineNo, column, header, s, "is not allowed: values must be finite numbers (no NaN or "
                    + "infinity)");
        }
        if (s.isEmpty()) {
            throw bad(where, lineNo, column, header, s, "(empty field) is not a number: every field must be a "
                    + "finite number");
        }
        throw bad(where, lineNo, column, header, s, "is not a number (expected a finite decimal number such as 0.5 "
                + "or -1.2e-3)" + hint(s));
    }

    private static IllegalArgumentException bad(String where, int lineNo, int column, List<String> header,
            String value, String what) {
        String name = header == null ? "" : " (\"" + header.get(column) + "\")";
        return new IllegalArgumentException(where + ":" + lineNo + ": column " + column + name + ": \"" + value
                + "\" " + what);
    }

    /** A hint for files that use another separator. */
    private static String hint(String text) {
        return text.indexOf(';') >= 0 || text.indexOf('\t') >= 0 ? "; fields must be separated by commas" : "";
    }

    private static String datasetName(Path file) {
        Path fileName = file.getFileName();
        String name = fileName == null ? file.toString() : fileName.toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
