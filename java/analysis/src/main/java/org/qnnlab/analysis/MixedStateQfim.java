package org.qnnlab.analysis;

import java.util.List;
import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.qnnlab.sim.Angle;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Operation;
import org.qnnlab.sim.noise.DensityMatrix;
import org.qnnlab.sim.noise.DensityMatrixSimulator;
import org.qnnlab.train.ParameterShiftGradient;

/**
 * The quantum Fisher information matrix of a mixed output state ρ(θ) of a noisy circuit: the symmetric-logarithmic-
 * derivative (SLD) QFIM
 * <pre>
 *   F_ij = 2 Σ_{k,l : λ_k + λ_l &gt; 0} Re(⟨k|∂_iρ|l⟩⟨l|∂_jρ|k⟩) / (λ_k + λ_l),
 * </pre>
 * with {@code ρ = Σ_k λ_k |k⟩⟨k|} (J. Liu, H. Yuan, X.-M. Lu, X. Wang, "Quantum Fisher information matrix and
 * multiparameter estimation", J. Phys. A 53, 023001 (2020)). For a pure state it is the QFIM of {@link Qfim}
 * ({@code 4 Re(⟨∂_iψ|∂_jψ⟩ − ⟨∂_iψ|ψ⟩⟨ψ|∂_jψ⟩)}), which the tests check. García-Martín, Larocca and Cerezo,
 * "Effects of noise on the overparametrization of quantum neural networks" (arXiv:2302.05059), study the rank of
 * "the QFIM for the QNN's output state" under noise (their abstract: noise can turn on eigenvalues that were zero,
 * and strong noise suppresses all of them); for a mixed output state that is this matrix. Their exact equation was
 * not at hand in the stored copies (abstract only), so the definition here is the standard one cited above.
 *
 * <p>Computed without eigenvectors of ρ: with {@code vec} the column-stacked vector (the density-matrix layout,
 * {@link DensityMatrix#vectorized}), {@code F_ij = 2 Re(vec(∂_iρ)† G⁺ vec(∂_jρ))} where {@code G = I⊗ρ + ρᵀ⊗I} is
 * the superoperator {@code X ↦ ρX + Xρ}, whose eigenvectors are {@code |k⟩⟨l|} with eigenvalues {@code λ_k + λ_l};
 * G⁺ is its pseudo-inverse over eigenvalues above {@value #ZERO} (the sum's condition, with rounding). G (4^n × 4^n,
 * complex) is diagonalized through its real symmetric embedding, which is safe in the degenerate spectra noise
 * produces. Each {@code ∂_iρ} is exact: the parameter-shift rule ({@link ParameterShiftGradient#angleDerivative})
 * applied to ρ itself, whose entries are expectation values of the noisy circuit, summed over the gates θ_i enters
 * with their coefficients; no channel depends on θ.
 */
public final class MixedStateQfim {

    /** The definition computed here, in one line for results files. */
    public static final String DEFINITION = "mixed-state SLD QFIM F_ij = 2 sum_{l_k + l_l > 0} Re(<k|d_i rho|l><l|d_j "
            + "rho|k>) / (l_k + l_l) of the noisy output state (Liu, Yuan, Lu, Wang, J. Phys. A 53, 023001 (2020))";

    /** Largest state: G is 4^n × 4^n, diagonalized densely (n = 5: a 2048 × 2048 real embedding). */
    public static final int MAX_QUBITS = 5;

    /** Eigenvalues {@code λ_k + λ_l} of G at or below this are zeros (ρ has trace 1, rounding is ~1e-16). */
    public static final double ZERO = 1e-12;

    private MixedStateQfim() {
    }

    /**
     * The SLD QFIM of the output state of {@code circuit} (channels included) at θ, M × M.
     *
     * @throws IllegalArgumentException for more than {@value #MAX_QUBITS} qubits, data inputs, or a θ of the wrong
     *     length, before any simulation
     */
    public static double[][] compute(DensityMatrixSimulator dm, Circuit circuit, double[] theta) {
        Objects.requireNonNull(dm, "dm");
        Objects.requireNonNull(circuit, "circuit");
        int n = circuit.numQubits();
        if (n > MAX_QUBITS) {
            throw new IllegalArgumentException("mixed-state QFIM of " + n + " qubits: it diagonalizes a dense 4^n × 4^n "
                    + "superoperator; allowed: 1.." + MAX_QUBITS + " qubits");
        }
        if (circuit.numInputs() > 0) {
            throw new IllegalArgumentException("the circuit takes " + circuit.numInputs() + " data inputs; the QFIM "
                    + "needs a circuit of trainable parameters only");
        }
        circuit.checkBinding(theta, new double[0]);
        int m = circuit.numParameters();
        int d = 1 << n;
        int big = d * d;
        double[] none = new double[0];
        double[] rho = vec(dm, circuit, theta, none);
        // vec(∂_p ρ), interleaved complex, per parameter
        double[][] drho = new double[m][2 * big];
        List<Operation> ops = circuit.operations();
        for (int j = 0; j < ops.size(); j++) {
            Angle[] angles = ops.get(j).angles();
            for (int a = 0; a < angles.length; a++) {
                if (!angles[a].isTrainable()) {
                    continue;
                }
                double[] dv = ParameterShiftGradient.angleDerivative(circuit, j, a, c -> vec(dm, c, theta, none));
                angles[a].forEachParam((p, coef) -> {
                    for (int i = 0; i < dv.length; i++) {
                        drho[p][i] += coef * dv[i];
                    }
                });
            }
        }
        // the real embedding S = [[Re G, −Im G], [Im G, Re G]] of G = I⊗ρ + ρᵀ⊗I, index r + c·d
        int s = 2 * big;
        DMatrixRMaj g = new DMatrixRMaj(s, s);
        for (int c = 0; c < d; c++) {
            for (int r = 0; r < d; r++) {
                int row = r + c * d;
                for (int r2 = 0; r2 < d; r2++) { // ρ[r][r2] on (r2, c)
                    add(g, big, row, r2 + c * d, rho, r + r2 * d);
                }
                for (int c2 = 0; c2 < d; c2++) { // ρ[c2][c] on (r, c2)
                    add(g, big, row, r + c2 * d, rho, c2 + c * d);
                }
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(s, true, true);
        if (!eig.decompose(g)) {
            throw new IllegalStateException("the eigendecomposition of the " + s + " × " + s + " superoperator failed");
        }
        // t[k][p] = u_kᵀ [Re d_p; Im d_p] for the kept eigenvectors
        double[][] f = new double[m][m];
        for (int k = 0; k < s; k++) {
            double mu = eig.getEigenvalue(k).getReal();
            if (!(mu > ZERO)) {
                continue;
            }
            DMatrixRMaj u = eig.getEigenVector(k);
            double[] t = new double[m];
            for (int p = 0; p < m; p++) {
                double acc = 0;
                for (int i = 0; i < big; i++) {
                    acc += u.get(i) * drho[p][2 * i] + u.get(big + i) * drho[p][2 * i + 1];
                }
                t[p] = acc;
            }
            for (int p = 0; p < m; p++) {
                for (int q = 0; q < m; q++) {
                    f[p][q] += 2 * t[p] * t[q] / mu;
                }
            }
        }
        for (int p = 0; p < m; p++) { // exact symmetry
            for (int q = p + 1; q < m; q++) {
                double avg = 0.5 * (f[p][q] + f[q][p]);
                f[p][q] = avg;
                f[q][p] = avg;
            }
        }
        return f;
    }

    /** Adds ρ-entry {@code at} (column-stacked index) to G's element (row, col) in the real embedding. */
    private static void add(DMatrixRMaj g, int big, int row, int col, double[] rho, int at) {
        double re = rho[2 * at];
        double im = rho[2 * at + 1];
        g.add(row, col, re);
        g.add(big + row, big + col, re);
        g.add(big + row, col, im);
        g.add(row, big + col, -im);
    }

    private static double[] vec(DensityMatrixSimulator dm, Circuit c, double[] theta, double[] x) {
        try (DensityMatrix r = dm.run(c, theta, x)) {
            return r.vectorized().amplitudes();
        }
    }
}
