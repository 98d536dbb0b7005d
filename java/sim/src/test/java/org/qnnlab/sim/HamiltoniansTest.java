package org.qnnlab.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The chain Hamiltonians against their text form, and the energy of a known state. */
class HamiltoniansTest {

    @Test
    void tfimMatchesItsTextForm() {
        assertEquals(Observable.parse("-1*Z0*Z1 - Z1*Z2 - Z2*Z3 - 0.5*X0 - 0.5*X1 - 0.5*X2 - 0.5*X3"),
                Hamiltonians.tfim(4, 0.5, Boundary.OPEN));
        assertEquals(Observable.parse("-1*Z0*Z1 - Z1*Z2 - Z0*Z2 - X0 - X1 - X2"),
                Hamiltonians.byName("tfim", 3, 1.0, Boundary.PERIODIC));
    }

    @Test
    void xxzOnAProductStateHasTheIsingEnergy() {
        // |0000>: <XX> = <YY> = 0, <ZZ> = 1 on each of 3 open bonds, so E = 3Δ
        Observable h = Hamiltonians.xxz(4, 0.7, Boundary.OPEN);
        assertEquals(9, h.terms().size());
        try (StateVector s = StateVector.zero(4)) {
            assertEquals(2.1, h.expectation(new org.qnnlab.sim.kernel.ScalarKernel(), s), 1e-14);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Hamiltonians.byName("hubbard", 4, 1, Boundary.OPEN));
        assertTrue(e.getMessage().contains("tfim, xxz"), e.getMessage());
    }
}
