package org.qnnlab.sim.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qnnlab.sim.noise.ChannelTest.assertMessage;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.qnnlab.sim.Angle;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Rng;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.kernel.ScalarKernel;
import org.qnnlab.sim.qasm.Qasm;

/** Placing channels: {@link Circuit#channel}, {@link NoiseModel} rules and its text form, and their refusals. */
class NoiseModelTest {

    /** h q0; cz q0,q1; rx(0.3) q1 */
    private static Circuit small() {
        return new Circuit(3).h(0).cz(0, 1).rx(0.3, 1);
    }

    private static List<String> sites(Circuit c) {
        return c.channels().stream().map(s -> s.position() + ":" + s).toList();
    }

    @Test
    void oneQubitChannelFollowsEveryGateOnEachOfItsQubits() {
        Circuit noisy = NoiseModel.parse("depolarizing:0.01").apply(small());
        assertEquals(List.of("1:depolarizing(0.01) q0", "2:depolarizing(0.01) q0", "2:depolarizing(0.01) q1",
                "3:depolarizing(0.01) q1"), sites(noisy));
        assertEquals(3, noisy.size(), "the gates are kept");
    }

    @Test
    void twoQubitChannelFollowsTwoQubitGatesControlFirst() {
        Circuit c = new Circuit(3).h(0).cnot(2, 0).rzz(Angle.param(0), 1, 2);
        Circuit noisy = NoiseModel.parse("depolarizing2:0.02").apply(c);
        assertEquals(List.of("2:depolarizing2(0.02) q2,q0", "3:depolarizing2(0.02) q1,q2"), sites(noisy));
        assertEquals(1, noisy.numParameters());
    }

    @Test
    void gateAndQubitSelectorsRestrictTheRule() {
        Circuit noisy = NoiseModel.parse("amplitude_damping:0.05@gates=rx,cz@qubits=1").apply(small());
        assertEquals(List.of("2:amplitude_damping(0.05) q1", "3:amplitude_damping(0.05) q1"), sites(noisy));
        assertEquals(List.of("1:phase_flip(0.1) q0"), sites(NoiseModel.parse("phase_flip:0.1@gates=1q").apply(
                new Circuit(2).h(0).cnot(0, 1))));
        assertEquals(List.of("2:bit_flip(0.1) q0", "2:bit_flip(0.1) q1"), sites(NoiseModel.parse(
                "bit_flip:0.1@gates=cnot").apply(new Circuit(2).h(0).cnot(0, 1))));
    }

    @Test
    void circuitChannelsStayWhereTheyWereAndRulesAddAfterGates() {
        Circuit c = new Circuit(2).h(0).channel(Channel.phaseDamping(0.2), 1).x(1);
        Circuit noisy = NoiseModel.parse("thermal:50,70,0.1").apply(c);
        assertEquals(List.of("1:thermal(50.0, 70.0, 0.1) q0", "1:phase_damping(0.2) q1",
                "2:thermal(50.0, 70.0, 0.1) q1"), sites(noisy));
    }

    @Test
    void parsesSeveralSpecsInOrderWithReadout() {
        NoiseModel m = NoiseModel.parse(List.of("depolarizing:0.01", "readout:0.02,0.05",
                "readout:0.1,0.2@qubits=2"));
        assertEquals(1, m.rules().size());
        assertEquals(new ReadoutError(0.02, 0.05), m.readout(0));
        assertEquals(new ReadoutError(0.1, 0.2), m.readout(2));
        assertTrue(m.hasReadoutError());
        Circuit c = small();
        assertSame(c, NoiseModel.parse("readout:0.1,0.1").apply(c), "no rules: the circuit itself");
    }

    @Test
    void readoutFlipsBitsWithTheirProbabilities() {
        NoiseModel m = NoiseModel.none().withReadout(new ReadoutError(0, 1), 1); // qubit 1 always reads 0
        long[] out = m.applyReadout(new long[] {0b11, 0b10, 0b01}, 2, new Rng(1));
        assertArrayEquals(new long[] {0b01, 0b00, 0b01}, out);
        NoiseModel flip0 = NoiseModel.none().withReadout(new ReadoutError(1, 0)); // every 0 reads 1
        assertArrayEquals(new long[] {0b111, 0b111}, flip0.applyReadout(new long[] {0, 0b101}, 3, new Rng(2)));
    }

    @Test
    void stateVectorSimulatorRefusesChannelsAndChannelFreeCircuitsAreUnchanged() {
        Simulator sim = new Simulator(new ScalarKernel());
        Circuit noisy = new Circuit(2).h(0).channel(Channel.depolarizing(0.1), 0).cnot(0, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sim.run(noisy, new double[0]));
        assertEquals("circuit has 1 noise channel (first: depolarizing(0.1) q0 after operation 1), which the "
                + "state-vector Simulator cannot run; use org.qnnlab.sim.noise.DensityMatrixSimulator or "
                + "TrajectorySimulator", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Qasm.toQasm3(noisy));
        assertThrows(IllegalStateException.class, noisy::inverse);
        assertTrue(new Circuit(2).h(0).channels().isEmpty());
    }

    @Test
    void bindRepeatAndAppendKeepChannelsInPlace() {
        Circuit layer = new Circuit(2).ry(Angle.param(0), 0).channel(Channel.bitFlip(0.1), 0).cz(0, 1);
        assertEquals(List.of("1:bit_flip(0.1) q0"), sites(layer.bind(new double[] {0.4}, new double[0])));
        assertEquals(List.of("1:bit_flip(0.1) q0", "3:bit_flip(0.1) q0"), sites(layer.repeated(2)));
        Circuit c = new Circuit(2).h(1).channel(Channel.phaseFlip(0.2), 1).append(layer);
        assertEquals(List.of("1:phase_flip(0.2) q1", "2:bit_flip(0.1) q0"), sites(c));
    }

    @Test
    void refusesChannelsOnMissingOrRepeatedQubits() {
        assertMessage("qubit 3 of channel depolarizing(0.1) out of range for a 3-qubit circuit; allowed: 0..2",
                () -> small().channel(Channel.depolarizing(0.1), 3));
        assertMessage("channel depolarizing2(0.1) acts on 2 qubit(s), got 1 [0]",
                () -> small().channel(Channel.depolarizing2(0.1), 0));
        assertMessage("qubit 1 appears twice in channel depolarizing2(0.1); allowed: distinct qubits",
                () -> small().channel(Channel.depolarizing2(0.1), 1, 1));
        assertMessage("noise rule depolarizing(0.01) after all on [5] names qubit 5 but the circuit has 3 qubits; "
                + "allowed: 0..2", () -> NoiseModel.parse("depolarizing:0.01@qubits=5").apply(small()));
        assertMessage("readout error readout(0.1, 0.1) names qubit 4 but the circuit has 3 qubits; allowed: 0..2",
                () -> NoiseModel.parse("readout:0.1,0.1@qubits=4").apply(small()));
        assertMessage("noise rule depolarizing2(0.1) after h puts a 2-qubit channel after h q0, a 1-qubit gate; "
                + "allowed: gates on 2 qubits (select them with @gates=2q or by name)",
                () -> NoiseModel.parse("depolarizing2:0.1@gates=h").apply(small()));
    }

    @Test
    void refusesBadSpecsNamingTheToken() {
        assertMessage("noise spec 'depolarising:0.1': unknown channel 'depolarising'; allowed: depolarizing:p, "
                + "depolarizing2:p, bit_flip:p, phase_flip:p, bit_phase_flip:p, pauli:pX,pY,pZ, amplitude_damping:γ, "
                + "phase_damping:λ, generalized_amplitude_damping:p,γ, thermal:T1,T2,gateTime, "
                + "readout:p(1|0),p(0|1)", () -> NoiseModel.parse("depolarising:0.1"));
        assertMessage("noise spec 'thermal:50,70': thermal takes 3 numbers, got 2; allowed: thermal:T1,T2,gateTime",
                () -> NoiseModel.parse("thermal:50,70"));
        assertMessage("noise spec 'depolarizing:abc': depolarizing argument 'abc' is not a number; allowed: a plain "
                + "decimal or scientific number such as 2, -0.5, .5 or 1e-3", () -> NoiseModel.parse("depolarizing:abc"));
        assertMessage("depolarizing probability 1.5 out of range; allowed: [0, 1]",
                () -> NoiseModel.parse("depolarizing:1.5"));
        assertMessage("thermal relaxation T2 = 200.0 exceeds 2·T1 = 100.0 (T1 = 50.0); allowed: T2 ≤ 2·T1, the "
                + "physical limit", () -> NoiseModel.parse("thermal:50,200,1"));
        assertMessage("noise spec 'depolarizing:0.1@on=cz': '@on=cz' is not an option; allowed: "
                + "@gates=all|1q|2q|NAME,… and @qubits=LIST", () -> NoiseModel.parse("depolarizing:0.1@on=cz"));
        assertMessage("noise spec 'depolarizing:0.1@qubits=a': qubit 'a' is not a qubit index; allowed: 0..62",
                () -> NoiseModel.parse("depolarizing:0.1@qubits=a"));
        assertMessage("noise spec 'depolarizing': no ':'; allowed: NAME:ARGS[@gates=KIND][@qubits=LIST] with "
                + "NAME:ARGS one of depolarizing:p, depolarizing2:p, bit_flip:p, phase_flip:p, bit_phase_flip:p, "
                + "pauli:pX,pY,pZ, amplitude_damping:γ, phase_damping:λ, generalized_amplitude_damping:p,γ, "
                + "thermal:T1,T2,gateTime, readout:p(1|0),p(0|1)", () -> NoiseModel.parse("depolarizing"));
    }
}
