package org.qnnlab.sim.qasm;

import org.qnnlab.sim.Angle;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Gates;

/** The corpus files in src/test/resources/qasm, built by hand with qnnlab's {@link Circuit} API. */
final class QasmCorpus {

    private QasmCorpus() {
    }

    static Circuit expected(String file) {
        return switch (file) {
            case "qft_n4.qasm" -> {
                Circuit c = new Circuit(4).x(0).x(2).h(0).cphase(Angle.constant(Math.PI / 2), 1, 0).h(1)
                        .cphase(Angle.constant(Math.PI / 4), 2, 0).cphase(Angle.constant(Math.PI / 2), 2, 1).h(2)
                        .cphase(Angle.constant(Math.PI / 8), 3, 0).cphase(Angle.constant(Math.PI / 4), 3, 1)
                        .cphase(Angle.constant(Math.PI / 2), 3, 2).h(3);
                yield c.swap(0, 3).swap(1, 2);
            }
            case "adder_n4.qasm" -> { // cin 0, a 1, b 2, cout 3; majority(cin, b, a), unmaj(cin, b, a)
                Circuit c = new Circuit(4).x(1).x(2);
                c.cnot(1, 2).cnot(1, 0).controlled(Gates.X, new int[] {0, 2}, new int[] {1});
                c.cnot(1, 3);
                c.controlled(Gates.X, new int[] {0, 2}, new int[] {1}).cnot(1, 0).cnot(0, 2);
                yield c;
            }
            case "ghz_n6.qasm" -> {
                Circuit c = new Circuit(6).h(0);
                for (int q = 0; q < 5; q++) {
                    c.cnot(q, q + 1);
                }
                yield c;
            }
            case "qaoa_n5.qasm" -> {
                Circuit c = new Circuit(5);
                for (int q = 0; q < 5; q++) {
                    c.h(q);
                }
                for (int q = 0; q < 5; q++) {
                    c.rzz(Angle.constant(0.8), q, (q + 1) % 5); // cx·rz(2g)·cx = RZZ(2g)
                }
                for (int q = 0; q < 5; q++) {
                    c.rx(1.4, q);
                }
                yield c;
            }
            case "vqe_hea_n4.qasm" -> {
                Circuit c = new Circuit(4);
                c.ry(-Math.PI / 4 + 0.1, 0).ry(Math.sqrt(2) / 2, 1).ry(0.5, 2).ry(Math.log(2), 3);
                c.rz(-0.3, 0).rz(Math.cos(Math.PI / 3), 1).rz(Math.tan(0.2), 2).rz(0.15, 3);
                c.cz(0, 1).cz(1, 2).cz(2, 3);
                c.u3(Angle.constant(0.1), Angle.constant(0.2), Angle.constant(0.3), 0)
                        .u3(Angle.constant(Math.PI / 2), Angle.constant(0.4), Angle.constant(0.5), 1)
                        .phase(Angle.constant(0.6), 2).sx(3);
                yield c.cz(0, 1).cz(1, 2).cz(2, 3);
            }
            case "hea_params_n4.qasm" -> {
                Circuit c = new Circuit(4).declareParameters(9);
                for (int q = 0; q < 4; q++) {
                    c.ry(Angle.param(q), q);
                }
                for (int q = 0; q < 4; q++) {
                    c.rz(Angle.param(4 + q).plus(-0.5), q);
                }
                Angle phi = Angle.param(8);
                // entangle(a) x, y = crx(a) x, y then a global phase a: unobservable at top level
                c.crx(phi, 0, 1);
                c.crx(phi.times(-2), 1, 2); // inv @ entangle(2φ)
                c.controlled(Gates.RY, new int[] {0, 1}, new int[] {3}, phi.times(-0.5));
                yield c;
            }
            default -> throw new IllegalArgumentException("no expected circuit for " + file);
        };
    }
}
