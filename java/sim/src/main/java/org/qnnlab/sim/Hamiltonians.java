package org.qnnlab.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * The spin-chain Hamiltonians the HVAs are built for, as Pauli-sum observables (VQE energies, phase labels):
 * the transverse-field Ising chain {@code H = −Σ_bonds Z_iZ_j − g·Σ_i X_i} and the XXZ chain
 * {@code H = Σ_bonds (X_iX_j + Y_iY_j + Δ·Z_iZ_j)}, on {@link Boundary#bonds open or periodic} chains.
 */
public final class Hamiltonians {

    /** Names accepted by {@link #byName}. */
    public static final List<String> NAMES = List.of("tfim", "xxz");

    private Hamiltonians() {
    }

    /** {@code −Σ Z_iZ_j − g·Σ X_i}; g = 1 is the critical point of the infinite chain. */
    public static Observable tfim(int n, double g, Boundary boundary) {
        checkSize(n, g, "g");
        List<Observable.Term> terms = new ArrayList<>();
        for (int[] b : boundary.bonds(n)) {
            terms.add(new Observable.Term(-1.0, pair('Z', b[0], b[1])));
        }
        if (g != 0) {
            for (int q = 0; q < n; q++) {
                terms.add(new Observable.Term(-g, PauliString.single('X', q)));
            }
        }
        return Observable.of(terms, 0);
    }

    /** {@code Σ (X_iX_j + Y_iY_j + Δ·Z_iZ_j)}; Δ = 1 is the Heisenberg antiferromagnet. */
    public static Observable xxz(int n, double delta, Boundary boundary) {
        checkSize(n, delta, "delta");
        List<Observable.Term> terms = new ArrayList<>();
        for (int[] b : boundary.bonds(n)) {
            terms.add(new Observable.Term(1.0, pair('X', b[0], b[1])));
            terms.add(new Observable.Term(1.0, pair('Y', b[0], b[1])));
            if (delta != 0) {
                terms.add(new Observable.Term(delta, pair('Z', b[0], b[1])));
            }
        }
        return Observable.of(terms, 0);
    }

    /**
     * {@code tfim} (coupling = g) or {@code xxz} (coupling = Δ).
     *
     * @throws IllegalArgumentException naming an unknown model and the allowed names
     */
    public static Observable byName(String name, int n, double coupling, Boundary boundary) {
        return switch (name) {
            case "tfim" -> tfim(n, coupling, boundary);
            case "xxz" -> xxz(n, coupling, boundary);
            default -> throw new IllegalArgumentException("unknown hamiltonian '" + name + "'; allowed: "
                    + String.join(", ", NAMES));
        };
    }

    private static PauliString pair(char p, int i, int j) {
        String w = "" + p + i + "*" + p + j;
        return PauliString.of(w);
    }

    private static void checkSize(int n, double coupling, String name) {
        if (n < 2 || n > PauliString.MAX_QUBIT + 1) {
            throw new IllegalArgumentException("chain length " + n + " out of range; allowed: 2.."
                    + (PauliString.MAX_QUBIT + 1));
        }
        if (!Double.isFinite(coupling)) {
            throw new IllegalArgumentException(name + " " + coupling + " is not finite");
        }
    }
}
