package org.qnnlab.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reading the CLI's YAML files (the {@code train} config, {@code --noise-file}) into records, strictly: snake_case
 * keys, unknown keys, duplicate keys, wrong types and trailing content fail in one line with the file, the line, the
 * key and what is allowed. JSON files read too (JSON is YAML).
 */
final class YamlFiles {

    private YamlFiles() {
    }

    /** The largest file read (1 MiB): a real config is a few hundred bytes, and parsing is not free. */
    static final long MAX_BYTES = 1 << 20;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION))
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    /**
     * Reads {@code file} into a {@code type}.
     *
     * @param what  the file's name in messages, e.g. {@code config}
     * @param needs what an empty file lacks, e.g. {@code it needs at least model.qubits}
     * @throws IllegalArgumentException naming the file, line and key for a missing file, a file over
     *                                  {@value #MAX_BYTES} bytes, an empty one (blank or comments only), bad YAML (with
     *                                  line and column), a duplicate key, an unknown key (listing the allowed ones) or a
     *                                  value of the wrong type
     */
    static <T> T load(Path file, Class<T> type, String what, String needs) {
        String text;
        try {
            if (Files.isDirectory(file)) {
                throw new IllegalArgumentException(what + " " + file + " is a directory, not a YAML file");
            }
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new IllegalArgumentException(file + ": the " + what + " is " + size + " bytes; allowed: at most "
                        + MAX_BYTES + " (1 MiB)");
            }
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException((what.endsWith("file") ? what : what + " file") + " not found: " + file);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException(file + ": the " + what + " is not UTF-8 text");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + what + " " + file + ": " + e.getMessage());
        }
        checkSyntax(file, text, what, needs);
        try {
            T c = YAML.readValue(text, type);
            if (c == null) {
                throw new IllegalArgumentException(file + ": the " + what + " is empty; " + needs);
            }
            return c;
        } catch (UnrecognizedPropertyException e) {
            String allowed = e.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", "));
            String where = path(e);
            String section = where.contains(".") ? where.substring(0, where.lastIndexOf('.')) : "the top level";
            throw new IllegalArgumentException(file + ":" + line(text, e) + ": unknown key '"
                    + e.getPropertyName().replace("\n", "\\n").replace("\r", "\\r") + "' in " + section + "; allowed: " + allowed);
        } catch (com.fasterxml.jackson.databind.exc.InvalidFormatException e) {
            throw new IllegalArgumentException(file + ":" + line(text, e) + ": " + path(e) + ": '"
                    + String.valueOf(e.getValue()).replace("\n", "\\n").replace("\r", "\\r") + "' is not a valid "
                    + typeName(e.getTargetType()));
        } catch (JsonMappingException e) {
            String where = path(e).isEmpty() ? "the top level" : path(e);
            String shape = shapeMismatch(e);
            if (shape != null) {
                throw new IllegalArgumentException(file + ":" + line(text, e) + ": " + where + ": " + shape);
            }
            throw new IllegalArgumentException(file + ":" + line(text, e) + ": " + where + ": "
                    + oneLine(String.valueOf(e.getOriginalMessage()).replaceAll(" \\(class [^)]*\\)", "")
                            .replaceAll("\\s+at \\[.*", "")));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ":" + line(e.getLocation()) + ": not valid YAML: "
                    + oneLine(e.getOriginalMessage()));
        }
    }

    /**
     * Reads every token once before binding: a syntax error is reported where the parser found it (binding alone
     * would first trip over a value the broken syntax produced), a repeated key is refused, and a file with nothing
     * but comments is called empty.
     */
    private static void checkSyntax(Path file, String text, String what, String needs) {
        try (JsonParser p = YAML.getFactory().createParser(text)) {
            if (p.nextToken() == null) {
                throw new IllegalArgumentException(file + ": the " + what + " is empty (no keys, only blank lines or "
                        + "comments); " + needs);
            }
            while (p.nextToken() != null) {
                // reading is the check
            }
        } catch (StreamReadException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null ? "?" : loc.getLineNr() + ":" + loc.getColumnNr();
            String msg = e.getOriginalMessage();
            if (msg != null && msg.startsWith("Duplicate field '")) {
                throw new IllegalArgumentException(file + ":" + where + ": duplicate key '"
                        + msg.substring(17, msg.indexOf('\'', 17)) + "'; each key may appear once per section");
            }
            throw new IllegalArgumentException(file + ":" + where + ": not valid YAML: " + oneLine(msg));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not valid YAML: " + oneLine(e.getMessage()));
        }
    }

    /** A parser message on one line: SnakeYAML's multi-line marks (source excerpt, caret) left out. */
    private static String oneLine(String msg) {
        if (msg == null) {
            return "unreadable";
        }
        return java.util.Arrays.stream(msg.split("\\R")).filter(l -> !l.isBlank() && !l.startsWith(" "))
                .map(String::strip).collect(Collectors.joining(": "));
    }

    /** "expected a section of key: value pairs, got a list" for a value of the wrong shape, else null. */
    private static String shapeMismatch(JsonMappingException e) {
        if (!(e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException mi) || mi.getTargetType() == null
                || e.getOriginalMessage() == null) {
            return null;
        }
        String msg = e.getOriginalMessage();
        String got = msg.contains("from Array value") ? "a list" : msg.contains("from Object value") ? "a mapping"
                : msg.contains("from String value") ? "text" : msg.contains("from Boolean value") ? "true/false"
                : null;
        String expected = typeName(mi.getTargetType());
        expected = expected.startsWith("a ") || expected.equals("text") ? expected : "a " + expected;
        return got == null ? null : "expected " + expected + ", got " + got;
    }

    private static String typeName(Class<?> t) {
        if (t == Integer.class || t == int.class || t == Long.class || t == long.class) {
            return "whole number";
        }
        if (t == Double.class || t == double.class) {
            return "number";
        }
        if (t.isRecord()) {
            return "a section of key: value pairs";
        }
        if (t == String.class) {
            return "text";
        }
        if (Map.class.isAssignableFrom(t)) {
            return "a mapping of names to numbers";
        }
        return t.getSimpleName();
    }

    private static String line(JsonLocation loc) {
        return loc == null ? "?" : Integer.toString(loc.getLineNr());
    }

    /**
     * The line of the offending key. Jackson buffers a record's properties before binding them, so the exception's
     * location is where the parser stopped (often a later line); the key's own line is found in the text instead.
     */
    private static String line(String text, JsonMappingException e) {
        List<JsonMappingException.Reference> refs = e.getPath();
        String key = refs.isEmpty() ? null : refs.get(refs.size() - 1).getFieldName();
        if (key != null) {
            java.util.regex.Pattern p = java.util.regex.Pattern.compile("(^|[\\s{,])" +
                    java.util.regex.Pattern.quote(key) + "\\s*:");
            String[] lines = text.split("\\R", -1);
            for (int i = 0; i < lines.length; i++) {
                String l = lines[i].replaceAll("#.*", "");
                if (p.matcher(l).find()) {
                    return Integer.toString(i + 1);
                }
            }
        }
        return line(e.getLocation());
    }

    /** The dotted key path of a mapping error, e.g. {@code training.epochs}. */
    private static String path(JsonMappingException e) {
        List<JsonMappingException.Reference> refs = e.getPath();
        return refs.stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

}
