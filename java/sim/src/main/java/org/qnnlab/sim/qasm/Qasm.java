package org.qnnlab.sim.qasm;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.qnnlab.sim.Circuit;

/**
 * OpenQASM 2.0 and 3 in and out.
 *
 * <p><b>Reading</b> ({@link #parse}, {@link #read}): OpenQASM 2.0 with {@code qelib1.inc} (every gate of the file
 * Qiskit ships, the relative-phase Toffolis rccx and rc3x included), user {@code gate} definitions (with parameters, nested), several
 * {@code qreg}s, expressions with {@code pi}, {@code + − * / ^}, unary minus and sin, cos, tan, exp, ln, sqrt;
 * barriers are ignored and measurements are allowed after the last gate on a qubit (the state before them is what
 * qnnlab simulates). The OpenQASM 3 subset for parameterized circuits: {@code include "stdgates.inc"},
 * {@code qubit[n]}, {@code bit[n]}, {@code c = measure q}, {@code input float[64] θ} / {@code input angle θ} and
 * {@code input array[float[64], n] θ} as <b>trainable parameters in declaration order</b> (an array's elements in
 * index order), constants ({@code const float c = …}), the modifiers {@code ctrl @}, {@code negctrl @},
 * {@code inv @} and {@code pow(k) @}, and {@code gphase}. Angles must be affine in the inputs ({@code 2*θ + pi/4}),
 * as {@link org.qnnlab.sim.Angle} is. Each gate is exact, global phase included, so {@code ctrl @} on a gate with a
 * phase is right; a global phase outside any control is dropped (it changes no expectation). {@code reset},
 * mid-circuit measurements, classical control, loops and subroutines are refused, with the file, line, column and
 * token ({@link QasmException}).
 *
 * <p><b>Writing</b> ({@link #toQasm2}, {@link #toQasm3}): OpenQASM 2.0 with bound parameters, or 3 with the
 * circuit's parameters as {@code input float[64] theta_j} (then its data inputs as {@code x_k}), so that reading the
 * text back gives the same state (up to a global phase in OpenQASM 2).
 */
public final class Qasm {

    /** Files larger than this are refused before they are read. */
    public static final long MAX_BYTES = 16L << 20;

    private Qasm() {
    }

    /**
     * A program read from OpenQASM.
     *
     * @param circuit the circuit; its parameters are the program's inputs in declaration order
     * @param parameterNames one name per parameter, e.g. {@code theta} or {@code thetas[2]}
     * @param version 2 or 3
     * @param registers each quantum register's first qubit and size, in declaration order (qubit 0 is the first
     *     register's element 0)
     */
    public record Program(Circuit circuit, List<String> parameterNames, int version, Map<String, int[]> registers) {
    }

    /** Reads OpenQASM text; errors name {@code <string>} as their source. */
    public static Program parse(String text) {
        return parse(text, "<string>");
    }

    /**
     * Reads OpenQASM text.
     *
     * @param source the name errors give as the source, e.g. the file name
     * @throws QasmException naming the source, line, column and offending token
     */
    public static Program parse(String text, String source) {
        return new Parser(new Source(source, text)).parse();
    }

    /**
     * Reads an OpenQASM file (UTF-8, at most {@value #MAX_BYTES} bytes).
     *
     * @throws IllegalArgumentException if the file is missing, too large or not UTF-8, or does not parse
     *     ({@link QasmException})
     * @throws IOException if reading fails
     */
    public static Program read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("circuit file " + file + " does not exist or is not a file");
        }
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new IllegalArgumentException("circuit file " + file + " has " + size + " bytes; allowed: up to "
                    + MAX_BYTES + " (16 MiB)");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("circuit file " + file + " is not UTF-8 text");
        }
        return parse(text, file.getFileName().toString());
    }

    /**
     * The circuit as OpenQASM 2.0 with its parameters and inputs bound to {@code theta} and {@code x}.
     *
     * @throws IllegalArgumentException on a binding mismatch, or for an operation OpenQASM 2 cannot express (a
     *     user unitary on several qubits, a gate under more controls than qelib1.inc has, a noise channel)
     */
    public static String toQasm2(Circuit circuit, double[] theta, double[] x) {
        checkNoChannels(circuit);
        return new Writer(2).write(circuit.bind(theta, x == null ? new double[0] : x), 0, 0);
    }

    /**
     * The circuit as OpenQASM 3 with {@code input float[64] theta_j} for each parameter and {@code x_k} for each data
     * input (read back, both become parameters: θ first, then x).
     *
     * @throws IllegalArgumentException for an operation OpenQASM 3 cannot express (a user unitary on several qubits,
     *     a noise channel)
     */
    public static String toQasm3(Circuit circuit) {
        checkNoChannels(circuit);
        return new Writer(3).write(circuit, circuit.numParameters(), circuit.numInputs());
    }

    /** OpenQASM has no noise channels: refuse rather than write the gates alone. */
    private static void checkNoChannels(Circuit circuit) {
        if (circuit.hasChannels()) {
            throw new IllegalArgumentException("circuit has " + circuit.channels().size() + " noise channel(s) "
                    + "(first: " + circuit.channels().get(0) + "), which OpenQASM cannot express; allowed: circuits "
                    + "of gates only");
        }
    }
}
