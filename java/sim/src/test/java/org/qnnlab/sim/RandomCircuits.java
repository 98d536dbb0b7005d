package org.qnnlab.sim;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Random circuits, unitaries and parameters for property tests, shared with kernel modules through the test-jar.
 *
 * <p>A circuit is built from a qubit count and one seed per operation, so jqwik shrinks a failing circuit by dropping
 * operations and qubits. Operations mix standard gates (with 0–2 random controls), Pauli-word rotations (identity
 * letters included), dense random unitaries on 1..min(n, 5) qubits and random diagonal gates; angles are affine in up
 * to {@value #MAX_PARAMETERS} trainable parameters (no data inputs). A kernel module checks agreement with
 * {@link org.qnnlab.sim.kernel.ScalarKernel} like this:
 *
 * <pre>{@code
 * @Property(tries = 200)
 * void agreesWithScalar(@ForAll("circuits") Circuit c, @ForAll long seed) {
 *     double[] theta = RandomCircuits.randomParams(c, seed);
 *     // run c with the kernel under test and with ScalarKernel, compare amplitudes to 1e-12
 * }
 *
 * @Provide
 * Arbitrary<Circuit> circuits() {
 *     return RandomCircuits.circuits(8, 40);
 * }
 * }</pre>
 */
public final class RandomCircuits {

    /** Largest number of distinct trainable parameters a random circuit uses. */
    public static final int MAX_PARAMETERS = 4;

    private static final String PAULI_LETTERS = "IXYZ";

    private RandomCircuits() {
    }

    /** Circuits on 1..{@code maxQubits} qubits with 1..{@code maxOps} random operations. */
    public static Arbitrary<Circuit> circuits(int maxQubits, int maxOps) {
        return Combinators.combine(
                        Arbitraries.integers().between(1, maxQubits),
                        Arbitraries.longs().list().ofMinSize(1).ofMaxSize(maxOps))
                .as(RandomCircuits::circuit);
    }

    /** The circuit on {@code n} qubits with one random operation per seed (deterministic in its arguments). */
    public static Circuit circuit(int n, List<Long> opSeeds) {
        Circuit c = new Circuit(n);
        for (long seed : opSeeds) {
            c.append(operation(n, new SplittableRandom(seed)));
        }
        return c;
    }

    /** {@link Circuit#numParameters()} values, uniform in [−π, π), determined by {@code seed}. */
    /**
     * {@code gates} with one channel drawn from {@code channels} after every gate, on a random qubit (two-qubit
     * channels on a random ordered pair); n ≥ 2 when a two-qubit channel is in the list.
     */
    public static Circuit withChannels(Circuit gates, List<org.qnnlab.sim.noise.Channel> channels,
            SplittableRandom rng) {
        int n = gates.numQubits();
        Circuit c = new Circuit(n).declareParameters(gates.numParameters()).declareInputs(gates.numInputs());
        for (Operation op : gates.operations()) {
            c.append(op);
            org.qnnlab.sim.noise.Channel ch = channels.get(rng.nextInt(channels.size()));
            int q0 = rng.nextInt(n);
            if (ch.numQubits() == 2) {
                c.channel(ch, q0, (q0 + 1 + rng.nextInt(n - 1)) % n);
            } else {
                c.channel(ch, q0);
            }
        }
        return c;
    }

    public static double[] randomParams(Circuit circuit, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] theta = new double[circuit.numParameters()];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = rng.nextDouble(-Math.PI, Math.PI);
        }
        return theta;
    }

    /** One random operation on an {@code n}-qubit register. */
    public static Operation operation(int n, SplittableRandom rng) {
        int kind = rng.nextInt(10);
        if (kind < 6) {
            List<Gate> standard = Gates.standard();
            Gate g = standard.get(rng.nextInt(standard.size()));
            while (g.numQubits() > n) {
                g = standard.get(rng.nextInt(standard.size()));
            }
            return placed(g, n, 2, rng);
        }
        int k = 1 + rng.nextInt(Math.min(n, 5));
        Gate g = switch (kind) {
            case 6, 7 -> Gates.pauliRotation(randomWord(k, rng));
            case 8 -> Gates.unitary("u" + k, randomUnitary(k, rng));
            default -> Gates.diagonal("d" + k, randomPhases(k, rng));
        };
        return placed(g, n, kind == 8 ? 1 : 2, rng);
    }

    /** {@code g} on random distinct targets with 0..{@code maxControls} random controls and random angles. */
    private static Operation placed(Gate g, int n, int maxControls, SplittableRandom rng) {
        int[] perm = permutation(n, rng);
        int k = g.numQubits();
        int[] targets = Arrays.copyOf(perm, k);
        int controls = rng.nextInt(Math.min(maxControls, n - k) + 1);
        int[] ctrl = Arrays.copyOfRange(perm, k, k + controls);
        Angle[] angles = new Angle[g.numAngles()];
        for (int i = 0; i < angles.length; i++) {
            angles[i] = randomAngle(rng);
        }
        return new Operation(g, targets, ctrl, angles);
    }

    /** A constant, or {@code a·θ_j + c} with a random coefficient and offset. */
    private static Angle randomAngle(SplittableRandom rng) {
        double c = rng.nextDouble(-2 * Math.PI, 2 * Math.PI);
        if (rng.nextInt(3) == 0) {
            return Angle.constant(c);
        }
        double[] coefs = {1, -1, 0.5, rng.nextDouble(-2, 2)};
        return Angle.param(rng.nextInt(MAX_PARAMETERS), coefs[rng.nextInt(coefs.length)]).plus(c);
    }

    /** A random word of {@code k} letters from I, X, Y, Z. */
    public static String randomWord(int k, SplittableRandom rng) {
        StringBuilder sb = new StringBuilder(k);
        for (int i = 0; i < k; i++) {
            sb.append(PAULI_LETTERS.charAt(rng.nextInt(4)));
        }
        return sb.toString();
    }

    /** A uniformly random permutation of 0..n−1 (Fisher–Yates). */
    public static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** {@code 2^k} random unit-modulus complex numbers (interleaved), a random diagonal unitary. */
    public static double[] randomPhases(int k, SplittableRandom rng) {
        double[] d = new double[2 << k];
        for (int i = 0; i < d.length; i += 2) {
            double phi = rng.nextDouble(-Math.PI, Math.PI);
            d[i] = Math.cos(phi);
            d[i + 1] = Math.sin(phi);
        }
        return d;
    }

    /**
     * A random {@code 2^k × 2^k} unitary (row-major, interleaved): modified Gram–Schmidt on the rows of a matrix of
     * independent complex Gaussians, i.e. a QR decomposition with positive diagonal R, hence Haar-random. Unitary to
     * about 1e-15.
     */
    public static double[] randomUnitary(int k, SplittableRandom rng) {
        int d = 1 << k;
        double[][] re = new double[d][d];
        double[][] im = new double[d][d];
        for (int r = 0; r < d; r++) {
            for (int c = 0; c < d; c++) {
                re[r][c] = rng.nextGaussian();
                im[r][c] = rng.nextGaussian();
            }
        }
        for (int r = 0; r < d; r++) {
            for (int p = 0; p < r; p++) {
                // row_r -= <row_p, row_r> row_p, with <a, b> = Σ conj(a)·b
                double pr = 0;
                double pi = 0;
                for (int c = 0; c < d; c++) {
                    pr += re[p][c] * re[r][c] + im[p][c] * im[r][c];
                    pi += re[p][c] * im[r][c] - im[p][c] * re[r][c];
                }
                for (int c = 0; c < d; c++) {
                    re[r][c] -= pr * re[p][c] - pi * im[p][c];
                    im[r][c] -= pr * im[p][c] + pi * re[p][c];
                }
            }
            double norm = 0;
            for (int c = 0; c < d; c++) {
                norm += re[r][c] * re[r][c] + im[r][c] * im[r][c];
            }
            norm = Math.sqrt(norm);
            for (int c = 0; c < d; c++) {
                re[r][c] /= norm;
                im[r][c] /= norm;
            }
        }
        double[] m = new double[2 * d * d];
        for (int r = 0; r < d; r++) {
            for (int c = 0; c < d; c++) {
                m[2 * (r * d + c)] = re[r][c];
                m[2 * (r * d + c) + 1] = im[r][c];
            }
        }
        return m;
    }
}
