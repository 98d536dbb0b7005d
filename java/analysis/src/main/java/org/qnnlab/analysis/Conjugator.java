package org.qnnlab.analysis;

import java.util.Map;
import org.qnnlab.sim.PauliString;

/** Conjugation {@code P ↦ V†·P·V} by one fixed gate, accumulating {@code w·V†PV} into {@code out}. */
interface Conjugator {

    /** Adds {@code w·V†PV} to {@code out}. */
    void conjugate(PauliString p, double w, Map<PauliString, Double> out);

    /** A Clifford rule: {@code V†PV = sign·P'}. */
    interface CliffordRule extends Conjugator {
        PauliAlgebra.Signed image(long x, long z);

        @Override
        default void conjugate(PauliString p, double w, Map<PauliString, Double> out) {
            PauliAlgebra.Signed s = image(p.xMask(), p.zMask());
            out.merge(PauliString.ofMasks(s.x(), s.z()), s.sign() * w, Double::sum);
        }
    }

    /**
     * Conjugation by {@code V = exp(−iθ/2·P)}: {@code V†QV = Q} if {@code [P, Q] = 0}, else
     * {@code cos θ·Q + sin θ·iPQ} (cosine and sine snapped to exact 0/±1 within 1e-12).
     */
    final class Rotation implements Conjugator {
        private final long px;
        private final long pz;
        private final double cos;
        private final double sin;

        Rotation(long px, long pz, double theta) {
            this.px = px;
            this.pz = pz;
            double c = Math.cos(theta), s = Math.sin(theta);
            if (Math.abs(s) < 1e-12) {
                s = 0;
                c = Math.signum(c);
            } else if (Math.abs(c) < 1e-12) {
                c = 0;
                s = Math.signum(s);
            }
            this.cos = c;
            this.sin = s;
        }

        @Override
        public void conjugate(PauliString q, double w, Map<PauliString, Double> out) {
            long qx = q.xMask(), qz = q.zMask();
            if (PauliAlgebra.commute(px, pz, qx, qz)) {
                out.merge(q, w, Double::sum);
                return;
            }
            if (cos != 0) {
                out.merge(q, cos * w, Double::sum);
            }
            if (sin != 0) {
                // P·Q = i^k·R with k odd; i·P·Q = i^{k+1}·R = −R (k = 1) or +R (k = 3)
                int k = PauliAlgebra.productPower(px, pz, qx, qz);
                double sign = k == 1 ? -1 : 1;
                out.merge(PauliString.ofMasks(px ^ qx, pz ^ qz), sign * sin * w, Double::sum);
            }
        }
    }
}
