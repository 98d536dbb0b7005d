package org.qnnlab.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.qnnlab.sim.Angle;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Gate;
import org.qnnlab.sim.Gates;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Operation;
import org.qnnlab.sim.PauliString;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.StateVector;

/**
 * The generators of a circuit ({@link Dla#generators}): one Pauli sum per trainable parameter, with every fixed gate
 * after the first trainable one moved to the end of the circuit by conjugation ({@link Conjugator}).
 */
final class CircuitGenerators {

    /** Largest targets + controls of a fixed gate conjugated through its dense local matrix. */
    static final int MAX_LOCAL_QUBITS = 8;

    /** Largest number of Pauli terms of one conjugated generator. */
    static final int MAX_TERMS = 1 << 20;

    /** Coefficients below this (relative to the largest) are rounding noise and dropped. */
    static final double DROP = 1e-12;

    private CircuitGenerators() {
    }

    /**
     * The state the fixed preparation of {@code circuit} (the gates before its first trainable one) makes from
     * {@code |0…0⟩}: the input ρ of the frame where the trainable part is {@code exp} of the algebra alone (fixed gates
     * after the first trainable one are moved to the observable by {@link #conjugateByFixedGates}). The caller closes
     * the state.
     *
     * @throws IllegalArgumentException if a preparation gate depends on data inputs
     */
    static StateVector preparedState(Circuit circuit, Simulator simulator) {
        StateVector state = StateVector.zero(circuit.numQubits());
        try {
            for (Operation op : circuit.operations()) {
                if (op.isTrainable()) {
                    break;
                }
                if (Arrays.stream(op.angles()).anyMatch(a -> a.inputs().length > 0)) {
                    throw new IllegalArgumentException("preparation gate '" + op + "' depends on data inputs; the "
                            + "input state must be fixed (LieAlgebraicVariance also takes a prepared state: "
                            + "of(LieDecomposition, Observable, StateVector, StateKernel))");
                }
                simulator.apply(op, new double[circuit.numParameters()], new double[circuit.numInputs()], state);
            }
            return state;
        } catch (RuntimeException e) {
            state.close();
            throw e;
        }
    }

    /** See {@link Dla#generators}. */
    static List<Observable> generators(Circuit circuit) {
        return new ArrayList<>(byParameter(circuit).values());
    }

    /** The generators of {@link Dla#generators} keyed by their parameter index k (non-zero ones, ascending k). */
    static Map<Integer, Observable> byParameter(Circuit circuit) {
        Objects.requireNonNull(circuit, "circuit");
        int n = circuit.numQubits();
        List<Operation> ops = circuit.operations();
        int first = 0;
        while (first < ops.size() && !ops.get(first).isTrainable()) {
            first++;
        }
        TreeMap<Integer, Map<PauliString, Double>> byParam = new TreeMap<>();
        List<Conjugator> fixed = new ArrayList<>();
        for (int i = first; i < ops.size(); i++) {
            Operation op = ops.get(i);
            for (Angle a : op.angles()) {
                if (a.inputs().length > 0) {
                    throw new IllegalArgumentException("operation '" + op + "' depends on data inputs; the DLA is "
                            + "defined for the trainable part of a circuit, so data-dependent gates may only come "
                            + "before the first trainable gate");
                }
            }
            if (!op.isTrainable()) {
                Conjugator c = conjugator(op, n);
                if (c != null) {
                    fixed.add(c);
                }
                continue;
            }
            Gate g = op.gate();
            if (g.family() != Gate.Family.PAULI_ROTATION || op.controls().length > 0) {
                throw new IllegalArgumentException("trainable gate '" + op + "' is not supported by the DLA: "
                        + "trainable gates must be Pauli rotations exp(-iθ/2·P) without controls (rx, ry, rz, rxx, "
                        + "ryy, rzz, Pauli words); fixed gates of any kind may appear between them");
            }
            long[] m = op.pauliMasks();
            // W†·P·W, innermost (latest) fixed gate first; a single string passes Clifford rules without a map
            long gx = m[0], gz = m[1];
            double gw = 1;
            Map<PauliString, Double> gen = null;
            for (int f = fixed.size() - 1; f >= 0; f--) {
                Conjugator c = fixed.get(f);
                if (gen == null && c instanceof Conjugator.CliffordRule rule) {
                    PauliAlgebra.Signed s = rule.image(gx, gz);
                    gx = s.x();
                    gz = s.z();
                    gw *= s.sign();
                    continue;
                }
                if (gen == null) {
                    gen = new LinkedHashMap<>();
                    gen.put(PauliString.ofMasks(gx, gz), gw);
                }
                gen = apply(c, gen, op);
            }
            if (gen == null) {
                gen = new LinkedHashMap<>();
                gen.put(PauliString.ofMasks(gx, gz), gw);
            }
            Angle angle = op.angles()[0];
            Map<PauliString, Double> g0 = gen;
            angle.forEachParam((k, coef) -> {
                Map<PauliString, Double> acc = byParam.computeIfAbsent(k, kk -> new LinkedHashMap<>());
                for (Map.Entry<PauliString, Double> e : g0.entrySet()) {
                    acc.merge(e.getKey(), coef * e.getValue(), Double::sum);
                }
            });
            if (angle.constantTerm() != 0) {
                fixed.add(new Conjugator.Rotation(m[0], m[1], angle.constantTerm()));
            }
        }
        Map<Integer, Observable> out = new TreeMap<>();
        for (Map.Entry<Integer, Map<PauliString, Double>> e : byParam.entrySet()) {
            Observable o = toObservable(e.getValue());
            if (!o.terms().isEmpty() || o.constant() != 0) {
                out.put(e.getKey(), o);
            }
        }
        return out;
    }

    private static double[] constantAngles(Operation op) {
        Angle[] a = op.angles();
        double[] v = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            v[i] = a[i].constantTerm();
        }
        return v;
    }

    /**
     * {@code W†·O·W} for {@code W} the product of the fixed gates after the first trainable one (and the constant
     * offsets of trainable angles): the observable in the frame where those gates are moved to the end of the
     * circuit, so that {@code Tr(UρU†O) = Tr(Ũρ Ũ†·W†OW)} with {@code Ũ} generated by {@link #generators} alone.
     *
     * @throws IllegalArgumentException as {@link #generators} for an unsupported fixed gate
     */
    static Observable conjugateByFixedGates(Circuit circuit, Observable o) {
        int n = circuit.numQubits();
        List<Conjugator> fixed = new ArrayList<>();
        boolean started = false;
        for (Operation op : circuit.operations()) {
            if (op.isTrainable()) {
                started = true;
                double c = op.angles()[0].constantTerm();
                if (c != 0) {
                    long[] m = op.pauliMasks();
                    fixed.add(new Conjugator.Rotation(m[0], m[1], c));
                }
            } else if (started) {
                Conjugator c = conjugator(op, n);
                if (c != null) {
                    fixed.add(c);
                }
            }
        }
        Map<PauliString, Double> sum = new LinkedHashMap<>();
        for (Observable.Term t : o.terms()) {
            sum.put(t.pauli(), t.weight());
        }
        for (int f = fixed.size() - 1; f >= 0 && !sum.isEmpty(); f--) {
            sum = apply(fixed.get(f), sum, null);
        }
        Observable moved = toObservable(sum);
        return Observable.of(moved.terms(), o.constant());
    }

    private static Observable toObservable(Map<PauliString, Double> sum) {
        double max = 0;
        for (double v : sum.values()) {
            max = Math.max(max, Math.abs(v));
        }
        List<Observable.Term> terms = new ArrayList<>();
        double constant = 0;
        for (Map.Entry<PauliString, Double> e : sum.entrySet()) {
            double v = e.getValue();
            if (Math.abs(v) <= DROP * max || v == 0) {
                continue;
            }
            if (e.getKey().isIdentity()) {
                constant = v;
            } else {
                terms.add(new Observable.Term(v, e.getKey()));
            }
        }
        return Observable.of(terms, constant);
    }

    /** {@code V†·(Σ w_P P)·V}, dropping rounding-level coefficients. */
    private static Map<PauliString, Double> apply(Conjugator c, Map<PauliString, Double> sum, Operation at) {
        Map<PauliString, Double> out = new LinkedHashMap<>();
        double max = 0;
        for (Map.Entry<PauliString, Double> e : sum.entrySet()) {
            c.conjugate(e.getKey(), e.getValue(), out);
            max = Math.max(max, Math.abs(e.getValue()));
        }
        double cut = DROP * max;
        out.values().removeIf(v -> Math.abs(v) <= cut);
        if (out.size() > MAX_TERMS) {
            throw new IllegalArgumentException((at == null ? "the observable" : "the generator of '" + at + "'")
                    + " grows to " + out.size()
                    + " Pauli terms after conjugation by the fixed gates before it (limit " + MAX_TERMS + ")");
        }
        return out;
    }

    /**
     * The conjugator of a fixed operation, or null for the identity: symbolic for the listed Cliffords and
     * uncontrolled Pauli rotations, else through the dense local matrix.
     */
    private static Conjugator conjugator(Operation op, int n) {
        Gate g = op.gate();
        int[] t = op.targets();
        int[] c = op.controls();
        double[] angles = constantAngles(op);
        if (g.family() == Gate.Family.FIXED && c.length == 0) {
            if (g == Gates.I) {
                return null;
            }
            int q = t[0];
            if (g == Gates.H) {
                return (Conjugator.CliffordRule) (x, z) -> PauliAlgebra.conjugateH(x, z, q);
            } else if (g == Gates.S) {
                return (Conjugator.CliffordRule) (x, z) -> PauliAlgebra.conjugateS(x, z, q);
            } else if (g == Gates.SDG) {
                return (Conjugator.CliffordRule) (x, z) -> PauliAlgebra.conjugateSdg(x, z, q);
            } else if (g == Gates.X || g == Gates.Y || g == Gates.Z) {
                char letter = Character.toUpperCase(g.name().charAt(0));
                return (Conjugator.CliffordRule) (x, z) -> PauliAlgebra.conjugatePauli(x, z, letter, q);
            } else if (g == Gates.SWAP) {
                int q1 = t[1];
                return (Conjugator.CliffordRule) (x, z) -> PauliAlgebra.conjugateSwap(x, z, q, q1);
            }
        } else if (g.family() == Gate.Family.FIXED && c.length == 1) {
            int ctl = c[0], tgt = t[0];
            if (g == Gates.X) {
                return (Conjugator.CliffordRule) (x, z) -> PauliAlgebra.conjugateCnot(x, z, ctl, tgt);
            } else if (g == Gates.Z) {
                return (Conjugator.CliffordRule) (x, z) -> PauliAlgebra.conjugateCz(x, z, ctl, tgt);
            }
        } else if (g.family() == Gate.Family.PAULI_ROTATION && c.length == 0) {
            long[] m = op.pauliMasks();
            return new Conjugator.Rotation(m[0], m[1], angles[0]);
        }
        int local = t.length + c.length;
        if (local > MAX_LOCAL_QUBITS) {
            throw new IllegalArgumentException("fixed gate '" + op + "' acts on " + local + " qubits (targets + "
                    + "controls); the DLA conjugates such gates through their local matrix only up to "
                    + MAX_LOCAL_QUBITS + " qubits");
        }
        LocalConjugator l = new LocalConjugator(g, t, c, angles);
        if (!l.clifford && n > Dla.MAX_NUMERIC_QUBITS) {
            throw new IllegalArgumentException("fixed gate '" + op + "' is not a Clifford gate; the DLA conjugates "
                    + "non-Clifford fixed gates numerically in the Pauli basis only for circuits of up to "
                    + Dla.MAX_NUMERIC_QUBITS + " qubits, this one has " + n + " (Clifford gates and Pauli rotations "
                    + "at any angle work at any size)");
        }
        return l;
    }
}
