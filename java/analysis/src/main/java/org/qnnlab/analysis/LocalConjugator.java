package org.qnnlab.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.qnnlab.sim.Gate;
import org.qnnlab.sim.PauliString;

/**
 * Conjugation through the dense unitary {@code U} on the gate's {@code m} local qubits (targets, then controls;
 * local bit j ↔ j-th of them): the image of a local Pauli word {@code p} is
 * {@code U†pU = Σ_q c_q·q} with {@code c_q = Tr(q·U†pU)/2^m}, computed per X pattern of {@code q} by a
 * Walsh–Hadamard transform and cached per word. Clifford if the images of all {@code X_j} and {@code Z_j} are
 * single {@code ±} words; such images are snapped to exactly ±1.
 */
final class LocalConjugator implements Conjugator {
    private final int[] qubits;
    private final int m;
    private final int d;
    private final double[] u; // d×d, row-major, interleaved (re, im), LSB = first local qubit
    private final Map<Integer, Image> cache = new HashMap<>();
    final boolean clifford;

    private record Image(int[] words, double[] coefs) {
    }

    LocalConjugator(Gate g, int[] targets, int[] controls, double[] angles) {
        int t = targets.length;
        m = t + controls.length;
        d = 1 << m;
        qubits = new int[m];
        System.arraycopy(targets, 0, qubits, 0, t);
        System.arraycopy(controls, 0, qubits, t, controls.length);
        double[] gm = g.matrix(angles);
        int dt = 1 << t;
        u = new double[2 * d * d];
        int allCtl = (1 << controls.length) - 1;
        for (int b = 0; b < d; b++) {
            int ctl = b >>> t;
            if (ctl != allCtl) {
                u[2 * (b * d + b)] = 1;
                continue;
            }
            int gi = reverse(b & (dt - 1), t);
            for (int go = 0; go < dt; go++) {
                int row = (ctl << t) | reverse(go, t);
                u[2 * (row * d + b)] = gm[2 * (go * dt + gi)];
                u[2 * (row * d + b) + 1] = gm[2 * (go * dt + gi) + 1];
            }
        }
        boolean cl = true;
        for (int j = 0; j < m && cl; j++) {
            cl = isSigned(image(1 << j, 0)) && isSigned(image(0, 1 << j));
        }
        clifford = cl;
    }

    private static boolean isSigned(Image im) {
        return im.words.length == 1 && Math.abs(im.coefs[0]) == 1;
    }

    private static int reverse(int v, int bits) {
        return Integer.reverse(v) >>> (32 - bits);
    }

    @Override
    public void conjugate(PauliString p, double w, Map<PauliString, Double> out) {
        long x = p.xMask(), z = p.zMask();
        int lx = 0, lz = 0;
        long rx = x, rz = z;
        for (int j = 0; j < m; j++) {
            long bit = 1L << qubits[j];
            if ((x & bit) != 0) {
                lx |= 1 << j;
                rx &= ~bit;
            }
            if ((z & bit) != 0) {
                lz |= 1 << j;
                rz &= ~bit;
            }
        }
        if ((lx | lz) == 0) {
            out.merge(p, w, Double::sum);
            return;
        }
        Image im = image(lx, lz);
        for (int i = 0; i < im.words.length; i++) {
            int word = im.words[i];
            long nx = rx | spread(word & (d - 1));
            long nz = rz | spread(word >>> m);
            out.merge(PauliString.ofMasks(nx, nz), w * im.coefs[i], Double::sum);
        }
    }

    private long spread(int local) {
        long r = 0;
        for (int j = 0; j < m; j++) {
            if ((local & (1 << j)) != 0) {
                r |= 1L << qubits[j];
            }
        }
        return r;
    }

    private Image image(int lx, int lz) {
        return cache.computeIfAbsent(lx | (lz << m), k -> computeImage(lx, lz));
    }

    private Image computeImage(int px, int pz) {
        // pU: (pU)_{r,c} = ph(r^px)·U_{r^px,c}, with p|b> = i^{|px∧pz|}(−1)^{|b∧pz|}|b⊕px>
        double[] pu = new double[2 * d * d];
        int base = Integer.bitCount(px & pz) & 3;
        for (int r = 0; r < d; r++) {
            int b = r ^ px;
            int k = (base + 2 * (Integer.bitCount(b & pz) & 1)) & 3;
            for (int c = 0; c < d; c++) {
                double re = u[2 * (b * d + c)], im = u[2 * (b * d + c) + 1];
                double[] v = timesIPower(re, im, k);
                pu[2 * (r * d + c)] = v[0];
                pu[2 * (r * d + c) + 1] = v[1];
            }
        }
        // M = U†·pU
        double[] mm = new double[2 * d * d];
        for (int r = 0; r < d; r++) {
            for (int a = 0; a < d; a++) {
                double ur = u[2 * (r * d + a)], ui = -u[2 * (r * d + a) + 1];
                if (ur == 0 && ui == 0) {
                    continue;
                }
                for (int c = 0; c < d; c++) {
                    double vr = pu[2 * (r * d + c)], vi = pu[2 * (r * d + c) + 1];
                    mm[2 * (a * d + c)] += ur * vr - ui * vi;
                    mm[2 * (a * d + c) + 1] += ur * vi + ui * vr;
                }
            }
        }
        // c_q = (1/d)·Σ_a i^{|qx∧qz|}(−1)^{|a∧qz|}·M_{a, a⊕qx}: a Walsh–Hadamard transform over a per qx
        List<Integer> words = new ArrayList<>();
        List<Double> coefs = new ArrayList<>();
        double[] re = new double[d];
        double[] im = new double[d];
        for (int qx = 0; qx < d; qx++) {
            for (int a = 0; a < d; a++) {
                re[a] = mm[2 * (a * d + (a ^ qx))];
                im[a] = mm[2 * (a * d + (a ^ qx)) + 1];
            }
            walshHadamard(re);
            walshHadamard(im);
            for (int qz = 0; qz < d; qz++) {
                double v = timesIPower(re[qz], im[qz], Integer.bitCount(qx & qz) & 3)[0] / d;
                if (Math.abs(v) > CircuitGenerators.DROP) {
                    words.add(qx | (qz << m));
                    coefs.add(v);
                }
            }
        }
        double[] cs = coefs.stream().mapToDouble(Double::doubleValue).toArray();
        if (cs.length == 1 && Math.abs(Math.abs(cs[0]) - 1) < 1e-12) {
            cs[0] = Math.signum(cs[0]);
        }
        return new Image(words.stream().mapToInt(Integer::intValue).toArray(), cs);
    }

    private static double[] timesIPower(double re, double im, int k) {
        return switch (k) {
            case 0 -> new double[] {re, im};
            case 1 -> new double[] {-im, re};
            case 2 -> new double[] {-re, -im};
            default -> new double[] {im, -re};
        };
    }

    private static void walshHadamard(double[] v) {
        for (int h = 1; h < v.length; h <<= 1) {
            for (int i = 0; i < v.length; i += h << 1) {
                for (int j = i; j < i + h; j++) {
                    double a = v[j], b = v[j + h];
                    v[j] = a + b;
                    v[j + h] = a - b;
                }
            }
        }
    }
}
