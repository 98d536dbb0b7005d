package org.qnnlab.sim.qasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qnnlab.sim.qasm.QasmTestSupport.assertSame;
import static org.qnnlab.sim.qasm.QasmTestSupport.assertSameUpToPhase;
import static org.qnnlab.sim.qasm.QasmTestSupport.state;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.qnnlab.sim.Angle;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Gates;

/**
 * The reader against independent definitions: every qelib1.inc gate against its definition through U and CX (up to
 * the global phase OpenQASM 2 leaves open), every stdgates.inc gate under {@code ctrl @} against its definition
 * from the OpenQASM 3 specification's U, gphase and modifiers (exactly: the control makes the phase observable), and
 * programs against qnnlab's own builder.
 */
class QasmReaderTest {

    private static final int N = 5;

    /** A fixed non-trivial start on N qubits, so no gate acts on |0…0> alone. */
    private static String scramble() {
        StringBuilder sb = new StringBuilder();
        for (int q = 0; q < N; q++) {
            sb.append("U(").append(0.3 + 0.41 * q).append(", ").append(0.2 + 0.5 * q).append(", ")
                    .append(-0.7 + 0.3 * q).append(") q[").append(q).append("];\n");
        }
        for (int q = 0; q + 1 < N; q++) {
            sb.append("CX q[").append(q).append("], q[").append(q + 1).append("];\n");
        }
        return sb.toString();
    }

    private static Circuit scrambled() {
        Circuit c = new Circuit(N);
        for (int q = 0; q < N; q++) {
            c.u3(Angle.constant(0.3 + 0.41 * q), Angle.constant(0.2 + 0.5 * q), Angle.constant(-0.7 + 0.3 * q), q);
        }
        for (int q = 0; q + 1 < N; q++) {
            c.cnot(q, q + 1);
        }
        return c;
    }

    static String resource(String name) {
        try (InputStream in = QasmReaderTest.class.getResourceAsStream("/qasm/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double[] qasm2(String body) {
        String text = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\n" + resource("qelib1-by-definition.inc") + "qreg q["
                + N + "];\n" + scramble() + body;
        return state(Qasm.parse(text, "test.qasm").circuit(), new double[0]);
    }

    private static double[] qasm3(String body) {
        String text = "OPENQASM 3;\ninclude \"stdgates.inc\";\n" + resource("stdgates-by-definition.inc")
                + "qubit[" + N + "] q;\n" + scramble() + body;
        return state(Qasm.parse(text, "test.qasm").circuit(), new double[0]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"u3(0.3, -1.1, 2.2) q[1]", "u2(0.4, -0.9) q[2]", "u1(0.7) q[3]", "x q[0]", "y q[4]",
        "z q[2]", "h q[1]", "s q[3]", "sdg q[0]", "t q[2]", "tdg q[4]", "rx(0.9) q[1]", "ry(-1.3) q[0]",
        "rz(2.1) q[3]", "sx q[2]", "sxdg q[4]", "cz q[3], q[1]", "cy q[0], q[4]", "swap q[1], q[3]",
        "cry(0.8) q[4], q[2]", "crz(-0.6) q[2], q[0]", "crx(1.7) q[1], q[4]", "cu1(0.5) q[0], q[3]",
        "rzz(0.45) q[2], q[4]", "rxx(-0.8) q[3], q[0]", "ccx q[4], q[1], q[2]", "cswap q[0], q[3], q[1]"})
    void everyQelib1GateMatchesItsDefinition(String call) {
        int space = call.indexOf(' ');
        int paren = call.indexOf('(');
        int cut = paren >= 0 && paren < space ? paren : space;
        String defined = "d_" + call.substring(0, cut) + call.substring(cut);
        assertSameUpToPhase(qasm2(defined + ";\n"), qasm2(call + ";\n"), call);
    }

    @ParameterizedTest
    @ValueSource(strings = {"p(0.7) q[1]", "x q[0]", "y q[4]", "z q[2]", "h q[1]", "s q[3]", "sdg q[0]",
        "t q[2]", "tdg q[4]", "sx q[2]", "rx(0.9) q[1]", "ry(-1.3) q[0]", "rz(2.1) q[3]", "cx q[3], q[1]",
        "cp(0.5) q[0], q[3]", "crz(-0.6) q[2], q[0]", "swap q[1], q[3]", "ccx q[4], q[1], q[2]",
        "cu(0.3, -1.1, 2.2, 0.4) q[1], q[2]", "u1(0.7) q[3]", "u2(0.4, -0.9) q[2]", "u3(0.3, -1.1, 2.2) q[1]"})
    void everyStdgatesGateUnderControlEqualsItsDefinitionExactly(String call) {
        int split = call.indexOf('(') >= 0 ? call.indexOf(')') + 1 : call.indexOf(' '); // gate(args) | qubits
        String gate = call.substring(0, split);
        String qubits = call.substring(split).strip();
        int control = 0; // the first qubit the call does not use
        while (call.contains("q[" + control + "]")) {
            control++;
        }
        String mine = "ctrl @ " + gate + " q[" + control + "], " + qubits + ";\n";
        String spec = "ctrl @ d_" + gate + " q[" + control + "], " + qubits + ";\n";
        assertSame(qasm3(spec), qasm3(mine), mine);
        // without a control the definitions' global phases are dropped: equal up to one
        assertSameUpToPhase(qasm3("d_" + call + ";\n"), qasm3(call + ";\n"), call + " (no control)");
    }

    /**
     * qelib1.inc's relative-phase Toffolis differ from ccx / c3x by a diagonal only: the same basis probabilities;
     * c3sqrtx is the three-controlled √X; cccx and ccccx are the older names of c3x and c4x.
     */
    @Test
    void relativePhaseAndMultiControlledGatesOfQelib1() {
        assertSameProbabilities(qasm2("ccx q[0], q[3], q[1];\n"), qasm2("rccx q[0], q[3], q[1];\n"), "rccx");
        assertSameProbabilities(qasm2("c3x q[4], q[0], q[2], q[1];\n"), qasm2("rc3x q[4], q[0], q[2], q[1];\n"),
                "rc3x");
        double[] c3sx = state(scrambled().controlled(Gates.SX, new int[] {0, 1, 2}, new int[] {4}), new double[0]);
        assertSameUpToPhase(c3sx, qasm2("c3sqrtx q[0], q[1], q[2], q[4];\n"), "c3sqrtx");
        assertSame(qasm2("c3x q[4], q[0], q[2], q[1];\n"), qasm2("cccx q[4], q[0], q[2], q[1];\n"), "cccx");
        // and they are not the plain gates: the relative phases show once an H mixes the target
        double[] plain = qasm2("ccx q[0], q[3], q[1]; h q[1];\n");
        double[] relative = qasm2("rccx q[0], q[3], q[1]; h q[1];\n");
        double diff = 0;
        for (int i = 0; i < plain.length; i++) {
            diff = Math.max(diff, Math.abs(plain[i] - relative[i]));
        }
        assertTrue(diff > 1e-3, "rccx should differ from ccx by relative phases");
    }

    private static void assertSameProbabilities(double[] a, double[] b, String what) {
        for (int i = 0; i < a.length; i += 2) {
            assertEquals(a[i] * a[i] + a[i + 1] * a[i + 1], b[i] * b[i] + b[i + 1] * b[i + 1], 1e-12,
                    what + ": probability of basis state " + i / 2);
        }
    }

    @Test
    void modifiersComposeAsTheSpecificationSays() {
        // inv @ pow(2) @ rx(θ) = rx(−2θ); negctrl @ x = x-conjugated cx; ctrl(2) @ gphase = a doubly-controlled phase
        assertSame(qasm3("rx(-1.4) q[2];\n"), qasm3("inv @ pow(2) @ rx(0.7) q[2];\n"), "inv @ pow(2)");
        assertSame(qasm3("x q[0]; cx q[0], q[3]; x q[0];\n"), qasm3("negctrl @ x q[0], q[3];\n"), "negctrl");
        assertSame(qasm3("ctrl @ p(0.9) q[0], q[4];\n"), qasm3("ctrl(2) @ gphase(0.9) q[0], q[4];\n"),
                "ctrl(2) @ gphase");
        assertSame(qasm3("t q[1];\n"), qasm3("pow(0.25) @ z q[1];\n"), "pow(1/4) of z");
        // non-integer powers of involutions (Y and H are Hermitian, not real-symmetric or diagonal): squares back
        assertSame(qasm3("y q[1];\n"), qasm3("pow(2) @ pow(0.5) @ y q[1];\n"), "(y^1/2)^2");
        assertSame(qasm3("h q[3];\n"), qasm3("pow(2) @ pow(0.5) @ h q[3];\n"), "(h^1/2)^2");
        QasmException e = assertThrows(QasmException.class, () -> qasm3("pow(0.5) @ sx q[0];\n"));
        assertTrue(e.getMessage().contains("is not supported"), e.getMessage());
        assertSame(qasm3("ctrl @ ctrl @ x q[0], q[1], q[2];\n"), qasm3("ctrl(2) @ x q[0], q[1], q[2];\n"),
                "ctrl @ ctrl @ = ctrl(2) @");
    }

    @Test
    void inputsAreParametersInDeclarationOrder() {
        String text = """
                OPENQASM 3.0;
                include "stdgates.inc";
                input float[64] alpha;
                input array[float[64], 3] beta;
                input angle gamma;
                const float shift = pi / 8;
                qubit[3] q;
                gate layer(a, b) x, y { ry(2 * a + shift) x; crz(b / 2 - a) x, y; }
                layer(alpha, beta[2]) q[0], q[1];
                rx(-beta[0] + 0.25) q[2];
                ctrl @ rz(gamma) q[2], q[1];
                rzz_free(beta[1]) q[0], q[2];
                """.replace("rzz_free(beta[1]) q[0], q[2];", "cp(3 * beta[1]) q[0], q[2];");
        Qasm.Program p = Qasm.parse(text, "params.qasm");
        assertEquals(List.of("alpha", "beta[0]", "beta[1]", "beta[2]", "gamma"), p.parameterNames());
        Circuit c = p.circuit();
        assertEquals(5, c.numParameters());
        Circuit want = new Circuit(3).declareParameters(5);
        want.ry(Angle.param(0, 2).plus(Math.PI / 8), 0).crz(Angle.param(3, 0.5).plus(Angle.param(0, -1)), 0, 1)
                .rx(Angle.param(1, -1).plus(0.25), 2).crz(Angle.param(4), 2, 1).cphase(Angle.param(2, 3), 0, 2);
        double[] theta = {0.3, -1.2, 0.8, 2.5, -0.4};
        assertSame(state(want, theta), state(c, theta), "parameterized program");
        assertEquals(want.operations().toString(), c.operations().toString(), "the same operations and angles");
    }

    @Test
    void registersBroadcastAndMeasurementsAtTheEnd() {
        String text = """
                OPENQASM 2.0;
                include "qelib1.inc";
                qreg a[2];
                qreg b[2];
                creg c[4];
                h a;
                cx a, b;
                barrier a, b;
                rz(pi/3) b[1];
                measure a -> c[0];
                measure b[0] -> c[2];
                measure b[1] -> c[3];
                """;
        Qasm.Program p = Qasm.parse(text, "bell2.qasm");
        Circuit want = new Circuit(4).h(0).h(1).cnot(0, 2).cnot(1, 3).rz(Math.PI / 3, 3);
        assertSame(state(want, new double[0]), state(p.circuit(), new double[0]), "two registers");
        assertEquals(0, p.registers().get("a")[0]);
        assertEquals(2, p.registers().get("b")[0]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"qft_n4.qasm", "adder_n4.qasm", "ghz_n6.qasm", "qaoa_n5.qasm", "vqe_hea_n4.qasm",
        "hea_params_n4.qasm"})
    void corpusMatchesTheBuilder(String file) {
        Qasm.Program p = Qasm.parse(resource(file), file);
        Circuit want = QasmCorpus.expected(file);
        double[] theta = new double[p.circuit().numParameters()];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = 0.37 * (i + 1) - 1.1;
        }
        assertEquals(want.numQubits(), p.circuit().numQubits(), file + ": qubits");
        assertSameUpToPhase(state(want, theta), state(p.circuit(), theta), file);
    }

    @Test
    void gatesOfTheBuilderReadBackFromTheirNames() {
        // every standard fixed gate that the libraries name, by name
        for (String g : List.of("x", "y", "z", "h", "s", "sdg", "t", "tdg", "sx")) {
            Circuit want = scrambled().gate(Gates.byName(g), 2);
            assertSame(state(want, new double[0]), qasm3(g + " q[2];\n"), g);
        }
    }

    @Test
    void errorsNameFileLineColumnAndToken() {
        assertError("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\nhh q[0];\n", 4, 1, "unknown gate 'hh'");
        assertError("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\ncx q[0];\n", 4, 1,
                "acts on 2 qubit(s), got 1");
        assertError("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\nrx q[0];\n", 4, 1,
                "takes 1 parameter(s), got 0");
        assertError("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\nh r[0];\n", 4, 3,
                "unknown qubit register 'r'");
        assertError("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\nh q[2];\n", 4, 5,
                "index 2 out of range for register 'q'");
        assertError("OPENQASM 2.0;\ninclude \"qelib1.inc\";\ngate g a { g a; }\n", 3, 12, "calls itself");
        assertError("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[1];\ncreg c[1];\nmeasure q -> c;\nh q[0];\n",
                6, 1, "after it was measured");
        assertError("OPENQASM 2.0;\nqreg q[1];\nreset q[0];\n", 3, 1, "'reset' cannot be simulated");
        assertError("OPENQASM 3;\ninclude \"stdgates.inc\";\nqubit[1] q;\nfor int i in [0:2] { x q[0]; }\n", 4, 1,
                "'for' statements are not supported");
        assertError("OPENQASM 3;\ninclude \"stdgates.inc\";\ninput float[64] t;\nqubit[1] q;\nrx(sin(t)) q[0];\n",
                5, 4, "not affine");
        assertError("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\nrx(0.5 q[0];\n", 4, 8, "expected ')'");
        assertError("OPENQASM 2.0;\nqreg q[1];\nh q[0];\n", 3, 1, "include \"qelib1.inc\"");
        assertError("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\ncx q[1], q[1];\n", 4, 1, "appears twice");
        assertError("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[41];\n", 4, 1, "allowed: 1..40");
    }

    private static void assertError(String text, int line, int column, String fragment) {
        QasmException e = assertThrows(QasmException.class, () -> Qasm.parse(text, "bad.qasm"));
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(column, e.column(), e.getMessage());
        assertTrue(e.getMessage().startsWith("bad.qasm:" + line + ":" + column + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage() + " should contain: " + fragment);
    }
}
