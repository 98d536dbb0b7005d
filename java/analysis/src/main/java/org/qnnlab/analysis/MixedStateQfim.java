package org.qnnlab.analysis;

import java.util.List;
import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
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
 * <p>Computed in ρ's eigenbasis, through real embeddings: {@code E(X) = [[Re X, −Im X], [Im X, Re X]]} maps
 * Hermitian d × d matrices to real symmetric 2d × 2d ones, keeps products ({@code E(XY) = E(X)E(Y)}) and doubles
 * real traces ({@code Tr E(X) = 2 Re Tr X}), so each eigenvalue λ_k of ρ appears twice in {@code E(ρ)} and, with
 * {@code E(ρ) = Σ_a μ_a u_a u_aᵀ},
 * <pre>
 *   F_ij = Σ_{a,b : μ_a + μ_b &gt; 0} (u_aᵀ E(∂_iρ) u_b)(u_aᵀ E(∂_jρ) u_b) / (μ_a + μ_b)
 * </pre>
 * (the sum depends only on the spectral projectors, which the embedding maps onto each other, so degenerate spectra,
 * common under noise, need no care). The cost is one 2d × 2d eigendecomposition, two 2d × 2d products per parameter
 * and one M × 4d² by 4d² × M product: O(M·8^n + M²·4^n), where the superoperator form
 * {@code 2 Re(vec(∂_iρ)† G⁺ vec(∂_jρ))}, {@code G = I⊗ρ + ρᵀ⊗I}, would diagonalize a 4^n × 4^n matrix (the tests
 * keep that form as an independent check). Pairs with {@code μ_a + μ_b} at or below {@value #ZERO} are left out, the
 * sum's condition with rounding. Each {@code ∂_iρ} is exact: the parameter-shift rule
 * ({@link ParameterShiftGradient#angleDerivative}) applied to ρ itself, whose entries are expectation values of the
 * noisy circuit, summed over the gates θ_i enters with their coefficients; no channel depends on θ.
 */
public final class MixedStateQfim {

    /** The definition computed here, in one line for results files. */
    public static final String DEFINITION = "mixed-state SLD QFIM F_ij = 2 sum_{l_k + l_l > 0} Re(<k|d_i rho|l><l|d_j "
            + "rho|k>) / (l_k + l_l) of the noisy output state (Liu, Yuan, Lu, Wang, J. Phys. A 53, 023001 (2020))";

    /**
     * Largest state: n = 8 needs a 512 × 512 eigendecomposition and two 512 × 512 products per parameter (a few
     * seconds for 40 parameters), and 2 MiB of heap per parameter.
     */
    public static final int MAX_QUBITS = 8;

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
            throw new IllegalArgumentException("mixed-state QFIM of " + n + " qubits: it works on dense 2^n × 2^n "
                    + "matrices per parameter; allowed: 1.." + MAX_QUBITS + " qubits");
        }
        if (circuit.numInputs() > 0) {
            throw new IllegalArgumentException("the circuit takes " + circuit.numInputs() + " data inputs; the QFIM "
                    + "needs a circuit of trainable parameters only");
        }
        circuit.checkBinding(theta, new double[0]);
        int m = circuit.numParameters();
        int d = 1 << n;
                double[] none = new double[0];
        double[] rho = vec(dm, circuit, theta, none);
        // vec(∂_p ρ), interleaved complex, per parameter
        double[][] drho = new double[m][2 * d * d];
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
        // E(ρ) = U diag(μ) Uᵀ; the rows of c are the weighted entries of Uᵀ E(∂_pρ) U
        int s = 2 * d;
        long bytes = 8L * m * s * s;
        if (bytes > Runtime.getRuntime().maxMemory() / 2) {
            throw new IllegalStateException("mixed-state QFIM of " + n + " qubits and " + m + " parameters needs "
                    + (bytes >> 20) + " MiB of heap; raise -Xmx (QNN_JAVA_OPTS) or use fewer parameters");
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(s, true, true);
        if (!eig.decompose(embed(rho, d))) {
            throw new IllegalStateException("the eigendecomposition of the " + s + " × " + s + " embedded state failed");
        }
        DMatrixRMaj u = new DMatrixRMaj(s, s);
        double[] mu = new double[s];
        for (int a = 0; a < s; a++) {
            mu[a] = eig.getEigenvalue(a).getReal();
            DMatrixRMaj v = eig.getEigenVector(a);
            for (int i = 0; i < s; i++) {
                u.set(i, a, v.get(i));
            }
        }
        double[] w = new double[s * s]; // √(1/(μ_a + μ_b)) over the kept pairs, 0 elsewhere
        for (int a = 0; a < s; a++) {
            for (int b = 0; b < s; b++) {
                double sum = mu[a] + mu[b];
                w[a * s + b] = sum > ZERO ? Math.sqrt(1 / sum) : 0;
            }
        }
        DMatrixRMaj c = new DMatrixRMaj(m, s * s);
        DMatrixRMaj tmp = new DMatrixRMaj(s, s);
        DMatrixRMaj b = new DMatrixRMaj(s, s);
        for (int p = 0; p < m; p++) {
            CommonOps_DDRM.multTransA(u, embed(drho[p], d), tmp);
            CommonOps_DDRM.mult(tmp, u, b);
            double[] bd = b.data;
            for (int i = 0; i < bd.length; i++) {
                c.data[p * s * s + i] = bd[i] * w[i];
            }
            drho[p] = null; // no longer needed
        }
        DMatrixRMaj fm = new DMatrixRMaj(m, m);
        CommonOps_DDRM.multTransB(c, c, fm);
        double[][] f = new double[m][m];
        for (int p = 0; p < m; p++) {
            for (int q = 0; q < m; q++) {
                f[p][q] = 0.5 * (fm.get(p, q) + fm.get(q, p)); // exact symmetry
            }
        }
        return f;
    }

    /** E(X) = [[Re X, −Im X], [Im X, Re X]] of the column-stacked interleaved complex d × d matrix {@code x}. */
    private static DMatrixRMaj embed(double[] x, int d) {
        DMatrixRMaj e = new DMatrixRMaj(2 * d, 2 * d);
        for (int col = 0; col < d; col++) {
            for (int row = 0; row < d; row++) {
                double re = x[2 * (row + col * d)];
                double im = x[2 * (row + col * d) + 1];
                e.unsafe_set(row, col, re);
                e.unsafe_set(d + row, d + col, re);
                e.unsafe_set(d + row, col, im);
                e.unsafe_set(row, d + col, -im);
            }
        }
        return e;
    }

    private static double[] vec(DensityMatrixSimulator dm, Circuit c, double[] theta, double[] x) {
        try (DensityMatrix r = dm.run(c, theta, x)) {
            return r.vectorized().amplitudes();
        }
    }
}
