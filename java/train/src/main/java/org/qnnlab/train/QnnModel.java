package org.qnnlab.train;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.noise.DensityMatrixSimulator;

/**
 * A quantum neural network {@code f(x; θ) = γ·<ψ(x, θ)|O|ψ(x, θ)>}: a circuit whose angles depend on data inputs x
 * (the encoding) and trainable parameters θ (the ansatz), measured with an observable O scaled by γ, the range of the
 * measurement. With a Pauli observable, {@code |f| ≤ γ}; You et al. (ICML 2023) show that γ larger than the targets'
 * range is what lets training converge linearly rather than sublinearly.
 *
 * <p>Batched evaluation runs the samples in parallel ({@link Parallel}); every sample is independent and written to
 * its own slot, so results are bit-identical for any thread count.
 */
public final class QnnModel {

    private final Circuit circuit;
    private final Observable observable;
    private final double gamma;
    private final Observable scaled;

    /**
     * A model over an existing circuit (inputs = features, parameters = weights).
     *
     * @throws IllegalArgumentException if γ is not a positive finite number, or the observable acts on a qubit the
     *                                  circuit does not have
     */
    public QnnModel(Circuit circuit, Observable observable, double gamma) {
        if (!(gamma > 0) || !Double.isFinite(gamma)) {
            throw new IllegalArgumentException("gamma " + gamma + " out of range; allowed: a finite number > 0");
        }
        if (observable.maxQubit() >= circuit.numQubits()) {
            throw new IllegalArgumentException("observable " + observable + " acts on qubit " + observable.maxQubit()
                    + " but the circuit has " + circuit.numQubits() + " qubits (0.." + (circuit.numQubits() - 1)
                    + ")");
        }
        this.circuit = circuit;
        this.observable = observable;
        this.gamma = gamma;
        this.scaled = gamma == 1.0 ? observable : observable.scaled(gamma);
    }

    /** The encoding followed by the ansatz (both on the same qubits; the ansatz's parameters keep their indices). */
    public static QnnModel of(Circuit encoding, Circuit ansatz, Observable observable, double gamma) {
        int n = Math.max(encoding.numQubits(), ansatz.numQubits());
        Circuit c = new Circuit(n).append(encoding).append(ansatz);
        return new QnnModel(c, observable, gamma);
    }

    /** The whole circuit (encoding and ansatz). */
    public Circuit circuit() {
        return circuit;
    }

    /** The unscaled observable O. */
    public Observable observable() {
        return observable;
    }

    /** γ·O, what f measures. */
    public Observable scaledObservable() {
        return scaled;
    }

    /** The measurement range γ. */
    public double gamma() {
        return gamma;
    }

    /** Number of trainable parameters M. */
    public int numParameters() {
        return circuit.numParameters();
    }

    /** Number of data features each sample must have. */
    public int numFeatures() {
        return circuit.numInputs();
    }

    /** Number of qubits. */
    public int numQubits() {
        return circuit.numQubits();
    }

    /**
     * {@code f(x; θ)}; a circuit with noise channels ({@link Circuit#channel}) runs on density matrices
     * ({@link DensityMatrixSimulator} over {@code sim}'s kernel), so {@code f = γ·Tr(ρ O)}.
     */
    public double value(Simulator sim, double[] theta, double[] x) {
        return circuit.hasChannels() ? new DensityMatrixSimulator(sim).expectation(circuit, theta, x, scaled)
                : sim.expectation(circuit, theta, x, scaled);
    }

    /** {@code f(x_i; θ)} for every row of {@code xs}, on up to {@code threads} threads. */
    public double[] values(Simulator sim, double[] theta, double[][] xs, int threads) {
        checkRows(xs);
        circuit.checkBinding(theta, xs.length == 0 ? new double[numFeatures()] : xs[0]);
        double[] out = new double[xs.length];
        Parallel.forEach(xs.length, threads, i -> out[i] = value(sim, theta, xs[i]));
        return out;
    }

    /**
     * Values and the Jacobian {@code J_ik = ∂f(x_i)/∂θ_k} over a batch, by adjoint differentiation per sample, on up
     * to {@code threads} threads. The tangent kernel is {@code J·Jᵀ}.
     */
    public Jacobian jacobian(Simulator sim, double[] theta, double[][] xs, int threads) {
        checkRows(xs);
        circuit.checkBinding(theta, xs.length == 0 ? new double[numFeatures()] : xs[0]);
        double[] values = new double[xs.length];
        double[][] rows = new double[xs.length][];
        if (circuit.hasChannels()) { // noisy: the density-matrix adjoint per sample
            DensityMatrixAdjointGradient noisy = new DensityMatrixAdjointGradient(new DensityMatrixSimulator(sim));
            Parallel.forEach(xs.length, threads, i -> {
                Gradient g = noisy.gradient(circuit, theta, xs[i], scaled);
                values[i] = g.value();
                rows[i] = g.gradient();
            });
            return new Jacobian(values, rows);
        }
        AdjointGradient adjoint = new AdjointGradient(sim);
        Parallel.forEach(xs.length, threads, i -> {
            Jacobian j = adjoint.jacobian(circuit, theta, xs[i], List.of(scaled));
            values[i] = j.values()[0];
            rows[i] = j.rows()[0];
        });
        return new Jacobian(values, rows);
    }

    /**
     * A digest of the circuit, observable and γ: checkpoints store it, and a resume with a different model is
     * refused.
     */
    public String fingerprint() {
        String text = circuit.numQubits() + "|" + circuit.numParameters() + "|" + circuit.numInputs() + "|"
                + circuit + "|" + observable + "|" + Double.toString(gamma);
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    private void checkRows(double[][] xs) {
        for (int i = 0; i < xs.length; i++) {
            if (xs[i].length != numFeatures()) {
                throw new IllegalArgumentException("sample " + i + " has " + xs[i].length + " features; the model's "
                        + "encoding takes " + numFeatures());
            }
        }
    }

    @Override
    public String toString() {
        return "QnnModel[" + numQubits() + " qubits, " + numParameters() + " parameters, " + numFeatures()
                + " features, observable " + observable + ", gamma " + gamma + "]";
    }
}
