package org.qnnlab.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FitsTest {

    @Test
    void exactLineIsRecovered() {
        double[] x = {-2, -0.5, 0, 1, 3.25, 7};
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = 1.5 - 2 * x[i];
        }
        Fits.Linear l = Fits.linear(x, y);
        assertEquals(-2, l.slope(), 1e-12);
        assertEquals(1.5, l.intercept(), 1e-12);
        assertEquals(1, l.r2(), 1e-12);
        assertEquals(6, l.points());
        assertEquals(1.5 - 2 * 10, l.predict(10), 1e-10);
    }

    @Test
    void lineFarFromTheOriginKeepsItsAccuracy() {
        // centred sums: x around 1e6 must not lose the slope to cancellation
        double[] x = new double[10];
        double[] y = new double[10];
        for (int i = 0; i < x.length; i++) {
            x[i] = 1e6 + i;
            y[i] = 0.25 * x[i] - 3;
        }
        Fits.Linear l = Fits.linear(x, y);
        assertEquals(0.25, l.slope(), 1e-12);
        assertEquals(-3, l.intercept(), 1e-6);
        assertEquals(1, l.r2(), 1e-12);
    }

    @Test
    void exactPowerLawIsRecovered() {
        double[] t = new double[20];
        double[] r = new double[20];
        for (int i = 0; i < t.length; i++) {
            t[i] = i + 1;
            r[i] = 3.5 * Math.pow(t[i], -0.75);
        }
        Fits.PowerLaw p = Fits.powerLaw(t, r);
        assertEquals(0.75, p.exponent(), 1e-9);
        assertEquals(3.5, p.coefficient(), 1e-9);
        assertEquals(1, p.r2(), 1e-12);
        assertEquals(3.5 * Math.pow(40, -0.75), p.predict(40), 1e-9);
        // a power law is not an exponential: the log-linear fit is visibly worse
        assertTrue(Fits.exponential(t, r).r2() < 0.95, "exponential R² on a power law");
    }

    @Test
    void exactExponentialIsRecovered() {
        double[] t = new double[16];
        double[] r = new double[16];
        for (int i = 0; i < t.length; i++) {
            t[i] = i;
            r[i] = 2 * Math.exp(-0.3 * t[i]);
        }
        Fits.Exponential e = Fits.exponential(t, r);
        assertEquals(0.3, e.rate(), 1e-9);
        assertEquals(2, e.coefficient(), 1e-9);
        assertEquals(1, e.r2(), 1e-12);
        assertEquals(2 * Math.exp(-0.3 * 20), e.predict(20), 1e-12);
        // growth fits too (negative rate), e.g. log Var against n with the sign flipped
        double[] g = {1, Math.E, Math.E * Math.E};
        assertEquals(-1, Fits.exponential(new double[] {0, 1, 2}, g).rate(), 1e-12);
    }

    @Test
    void noisyDataHasRSquaredBelowOne() {
        double[] x = new double[12];
        double[] y = new double[12];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
            y[i] = 0.5 * i + (i % 2 == 0 ? 0.3 : -0.3); // deterministic zig-zag noise
        }
        Fits.Linear l = Fits.linear(x, y);
        assertTrue(l.r2() < 1 - 1e-3, "R² " + l.r2());
        assertTrue(l.r2() > 0.9, "R² " + l.r2());
        assertEquals(0.5, l.slope(), 0.05);

        double[] t = new double[12];
        double[] r = new double[12];
        for (int i = 0; i < t.length; i++) {
            t[i] = i + 1;
            r[i] = Math.pow(t[i], -1) * (i % 2 == 0 ? 1.2 : 0.8);
        }
        Fits.PowerLaw p = Fits.powerLaw(t, r);
        assertTrue(p.r2() < 1 - 1e-3 && p.r2() > 0.8, "R² " + p.r2());
        assertEquals(1, p.exponent(), 0.2);
    }

    @Test
    void constantDataFitsExactly() {
        Fits.Linear l = Fits.linear(new double[] {1, 2, 3}, new double[] {4, 4, 4});
        assertEquals(0, l.slope(), 0);
        assertEquals(4, l.intercept(), 0);
        assertEquals(1, l.r2(), 0);
    }

    @Test
    void nonPositiveValuesAreRejected() {
        double[] t = {1, 2, 3};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Fits.powerLaw(t, new double[] {1, 0, 0.5}));
        assertTrue(e.getMessage().contains("r[1] is 0.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Fits.exponential(t, new double[] {1, 0.5, -0.1}));
        assertTrue(e.getMessage().contains("r[2] is -0.1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Fits.powerLaw(new double[] {0, 1, 2}, new double[] {1, 0.5, 0.3}));
        assertTrue(e.getMessage().contains("t[0] is 0.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Fits.exponential(t, new double[] {1, Double.POSITIVE_INFINITY, 0.3}));
        assertTrue(e.getMessage().contains("r[1] is Infinity"), e.getMessage());
    }

    @Test
    void malformedInputIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Fits.linear(new double[] {1, 2}, new double[] {1, 2, 3}));
        assertTrue(e.getMessage().contains("2 x values and 3 y values"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Fits.linear(new double[] {1}, new double[] {1}));
        assertTrue(e.getMessage().contains("at least 2 points; got 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Fits.linear(new double[] {2, 2, 2}, new double[] {1, 2, 3}));
        assertTrue(e.getMessage().contains("2 distinct x"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Fits.linear(new double[] {1, Double.NaN}, new double[] {1, 2}));
        assertTrue(e.getMessage().contains("x[1] is NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Fits.linear(new double[] {1, 2}, new double[] {Double.NEGATIVE_INFINITY, 2}));
        assertTrue(e.getMessage().contains("y[0] is -Infinity"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Fits.exponential(null, new double[] {1, 2}));
    }
}
