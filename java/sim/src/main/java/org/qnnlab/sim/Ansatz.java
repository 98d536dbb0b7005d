package org.qnnlab.sim;

import java.util.List;
import java.util.Locale;

/**
 * Builders for the standard ansätze. Each returns a fresh {@link Circuit} whose trainable parameters are numbered in
 * a documented order (the order of gradients and of {@code --params}).
 */
public final class Ansatz {

    /** Names accepted by {@link #byName}. */
    public static final List<String> NAMES = List.of("hea", "hva-tfim", "hva-xxz");

    private Ansatz() {
    }

    /** The two-qubit gate between neighbouring qubits of a hardware-efficient layer. */
    public enum Entangler {
        /** CZ(q, q+1). */
        CZ,
        /** CNOT(q → q+1). */
        CNOT,
        /** No entangling gates. */
        NONE;

        /** Parses {@code cz}, {@code cnot} or {@code none}. */
        public static Entangler parse(String s) {
            for (Entangler e : values()) {
                if (e.name().equalsIgnoreCase(s.trim())) {
                    return e;
                }
            }
            throw new IllegalArgumentException("unknown entangler '" + s + "'; allowed: cz, cnot, none");
        }
    }

    /**
     * The default hardware-efficient ansatz: per layer RY(θ) on qubits 0..n−1, then RZ(θ) on qubits 0..n−1, then
     * CZ(q, q+1) for q = 0..n−2. Parameters: {@code 2·n·layers}, in exactly that order (layer by layer, RY block
     * then RZ block). Initial state {@code |0…0>}.
     */
    public static Circuit hea(int n, int layers) {
        return hea(n, layers, List.of(Gates.RY, Gates.RZ), Entangler.CZ, Boundary.OPEN);
    }

    /**
     * A hardware-efficient ansatz with a configurable rotation set (single-angle, single-qubit gates applied as one
     * block per gate, each block over qubits 0..n−1) and entangler ladder (open: q = 0..n−2; periodic adds (n−1, 0)).
     */
    public static Circuit hea(int n, int layers, List<Gate> rotations, Entangler entangler, Boundary boundary) {
        checkSize(n, layers, 1);
        for (Gate g : rotations) {
            if (g.numQubits() != 1 || g.numAngles() != 1) {
                throw new IllegalArgumentException("HEA rotation '" + g.name()
                        + "' must be a single-qubit, single-angle gate (e.g. rx, ry, rz, phase)");
            }
        }
        Circuit c = new Circuit(n);
        for (int l = 0; l < layers; l++) {
            for (Gate g : rotations) {
                for (int q = 0; q < n; q++) {
                    c.add(g, new int[] {q}, c.newParameter());
                }
            }
            if (n > 1 && entangler != Entangler.NONE) {
                int[][] bonds = boundary == Boundary.PERIODIC && n < 3 ? Boundary.OPEN.bonds(n) : boundary.bonds(n);
                for (int[] b : bonds) {
                    if (entangler == Entangler.CZ) {
                        c.cz(b[0], b[1]);
                    } else {
                        c.cnot(b[0], b[1]);
                    }
                }
            }
        }
        return c;
    }

    /**
     * Hamiltonian variational ansatz for the transverse-field Ising chain {@code H = −Σ Z_iZ_{i+1} − g·Σ X_i}:
     * initial {@code |+>^n} (a layer of H gates), then per layer {@code exp(−iγ_l Σ_bonds Z_iZ_j)} followed by
     * {@code exp(−iβ_l Σ_i X_i)}. Two shared parameters per layer, ordered {@code γ_0, β_0, γ_1, β_1, …}. Every ZZ
     * term is an RZZ(2γ) and every X term an RX(2β) on the same parameter.
     */
    public static Circuit hvaTfim(int n, int layers, Boundary boundary) {
        checkSize(n, layers, 2);
        int[][] bonds = boundary.bonds(n);
        Circuit c = new Circuit(n);
        for (int q = 0; q < n; q++) {
            c.h(q);
        }
        for (int l = 0; l < layers; l++) {
            Angle gamma = c.newParameter().times(2);
            Angle beta = c.newParameter().times(2);
            for (int[] b : bonds) {
                c.rzz(gamma, b[0], b[1]);
            }
            for (int q = 0; q < n; q++) {
                c.rx(beta, q);
            }
        }
        return c;
    }

    /**
     * Hamiltonian variational ansatz for the XXZ chain {@code H = Σ (X_iX_j + Y_iY_j + Δ·Z_iZ_j)} (Wiersema et al.,
     * PRX Quantum 1, 020319 (2020)): initial state a product of singlets on pairs (0,1), (2,3), …; per layer four
     * shared parameters, ordered {@code θ_zz,even, θ_xy,even, θ_zz,odd, θ_xy,odd}, applying
     * {@code exp(−iθ Σ Z_iZ_j)} and {@code exp(−iθ Σ (X_iX_j + Y_iY_j))} on even bonds (i even), then on odd bonds
     * (including (n−1, 0) when periodic). Needs an even number of qubits.
     */
    public static Circuit hvaXxz(int n, int layers, Boundary boundary) {
        checkSize(n, layers, 2);
        if (n % 2 != 0) {
            throw new IllegalArgumentException("hva-xxz starts from singlet pairs and needs an even number of qubits, "
                    + "got " + n);
        }
        int[][] bonds = boundary == Boundary.PERIODIC && n < 3 ? Boundary.OPEN.bonds(n) : boundary.bonds(n);
        Circuit c = new Circuit(n);
        for (int q = 0; q < n; q += 2) {
            // X⊗X|00> = |11>; then H on q and CNOT(q → q+1) make the singlet (|01> − |10>)/√2
            c.x(q).x(q + 1).h(q).cnot(q, q + 1);
        }
        for (int l = 0; l < layers; l++) {
            for (int parity = 0; parity < 2; parity++) {
                Angle zz = c.newParameter().times(2);
                Angle xy = c.newParameter().times(2);
                for (int[] b : bonds) {
                    if (b[0] % 2 == parity) {
                        c.rzz(zz, b[0], b[1]);
                    }
                }
                for (int[] b : bonds) {
                    if (b[0] % 2 == parity) {
                        c.rxx(xy, b[0], b[1]).ryy(xy, b[0], b[1]); // XX and YY on one bond commute
                    }
                }
            }
        }
        return c;
    }

    /**
     * Builds an ansatz by CLI name: {@code hea}, {@code hva-tfim} or {@code hva-xxz}. The boundary applies to the
     * HVAs (HEA uses an open CZ ladder).
     *
     * @throws IllegalArgumentException naming an unknown ansatz and the allowed names
     */
    public static Circuit byName(String name, int n, int layers, Boundary boundary) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "hea" -> hea(n, layers);
            case "hva-tfim" -> hvaTfim(n, layers, boundary);
            case "hva-xxz" -> hvaXxz(n, layers, boundary);
            default -> throw new IllegalArgumentException("unknown ansatz '" + name + "'; allowed: "
                    + String.join(", ", NAMES));
        };
    }

    static void checkSize(int n, int layers, int minQubits) {
        if (n < minQubits || n > StateVector.MAX_QUBITS) {
            throw new IllegalArgumentException("qubit count " + n + " out of range; allowed: " + minQubits + ".."
                    + StateVector.MAX_QUBITS);
        }
        if (layers < 0 || layers > 100_000) {
            throw new IllegalArgumentException("layer count " + layers + " out of range; allowed: 0..100000");
        }
    }
}
