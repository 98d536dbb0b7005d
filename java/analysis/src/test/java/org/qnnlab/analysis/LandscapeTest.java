package org.qnnlab.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Boundary;
import org.qnnlab.sim.Hamiltonians;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.Simulator;

/** Ground energies against known values; the success fraction rising past the overparametrization threshold. */
class LandscapeTest {

    private final Simulator sim = Simulator.create();

    @Test
    void groundEnergiesMatchExactDiagonalization() {
        // open 4-site TFIM at g = 1 (numpy.linalg.eigvalsh); XXZ at Δ = 1, 4 open sites: E0 = 3(−... ) Heisenberg
        assertEquals(-4.758770483143634, Landscape.groundEnergy(Hamiltonians.tfim(4, 1, Boundary.OPEN), 4), 1e-10);
        assertEquals(-7.296229810558, Landscape.groundEnergy(Hamiltonians.tfim(6, 1, Boundary.OPEN), 6), 1e-9);
        // a complex Hermitian observable: Y0 has eigenvalues ±1; 0.5·(Y0·Z1) + 2 → minimum 1.5
        assertEquals(1.5, Landscape.groundEnergy(Observable.parse("0.5*Y0*Z1 + 2"), 2), 1e-12);
    }

    @Test
    void successFractionRisesPastTheThreshold() {
        int n = 4;
        Observable h = Hamiltonians.tfim(n, 1, Boundary.OPEN);
        double e0 = Landscape.groundEnergy(h, n);
        Landscape.Point shallow = Landscape.explore(sim, Ansatz.hvaTfim(n, 1, Boundary.OPEN), h, e0, 1e-4, 8, 200,
                1, 2, false, null);
        Landscape.Point deep = Landscape.explore(sim, Ansatz.hvaTfim(n, 8, Boundary.OPEN), h, e0, 1e-4, 8, 300, 1,
                2, true, null);
        System.out.printf("success fraction: L=1 (M=2) %.2f, L=8 (M=16) %.2f%n", shallow.successFraction(),
                deep.successFraction());
        assertEquals(0.0, shallow.successFraction(), "one layer cannot reach the ground state");
        assertTrue(deep.successFraction() >= 0.75, "overparametrized: " + deep.successFraction());
        for (Landscape.Run r : deep.runs()) {
            if (r.finalLoss() <= e0 + 1e-4) {
                assertEquals("minimum", r.kind(), "a global minimum has no negative curvature");
            }
            assertTrue(r.finalLoss() >= e0 - 1e-9, "no energy below the ground energy");
        }
    }
}
