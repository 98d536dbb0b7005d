package org.qnnlab.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Affine angle expressions: values, arithmetic, merging of terms, validation and printing. */
class AngleTest {

    @Test
    void valueIsTheAffineCombination() {
        Angle a = Angle.param(0, 2).plus(Angle.input(1, -1)).plus(0.25);
        double[] theta = {0.3};
        double[] x = {9.0, 0.7};
        assertEquals(2 * 0.3 - 0.7 + 0.25, a.value(theta, x), 1e-15);
        assertEquals(1.5, Angle.constant(1.5).value(new double[0], new double[0]));
        assertEquals(0.3, Angle.param(0).value(theta, x));
        assertEquals(0.7, Angle.input(1).value(theta, x));
    }

    @Test
    void plusMergesTermsOfTheSameParameterOrInput() {
        Angle a = Angle.param(3).plus(Angle.param(1, 0.5)).plus(Angle.param(3, 2));
        assertArrayEquals(new int[] {1, 3}, a.parameters());
        assertEquals(0.5, a.parameterCoefficient(1));
        assertEquals(3.0, a.parameterCoefficient(3));
        assertEquals(0.0, a.parameterCoefficient(2), "absent parameter");
        assertEquals(3, a.maxParameter());

        Angle cancelled = Angle.param(2).plus(Angle.input(0)).plus(Angle.param(2, -1));
        assertArrayEquals(new int[0], cancelled.parameters(), "θ2 − θ2 leaves no term");
        assertFalse(cancelled.isTrainable());
        assertFalse(cancelled.isConstant(), "x0 remains");
        assertEquals(-1, cancelled.maxParameter());
        assertEquals(0, cancelled.maxInput());
        assertTrue(Angle.input(4).plus(Angle.input(4, -1)).isConstant());
    }

    @Test
    void timesAndNegateScaleEveryTerm() {
        Angle a = Angle.param(0, 1.5).plus(Angle.input(2, -1)).plus(0.5);
        Angle b = a.times(-2);
        assertEquals(-3.0, b.parameterCoefficient(0));
        assertEquals(2.0, b.inputCoefficient(2));
        assertEquals(-1.0, b.constantTerm());
        assertEquals(a.times(-1), a.negate());
        assertEquals(Angle.constant(0), a.times(0));
        double[] theta = {0.4};
        double[] x = {0, 0, 1.1};
        assertEquals(-a.value(theta, x), a.negate().value(theta, x), 1e-15);
        assertEquals(0.5 + 1.0, a.plus(1.0).constantTerm());
    }

    @Test
    void queriesDistinguishParametersFromInputs() {
        assertTrue(Angle.constant(1).isConstant());
        assertFalse(Angle.constant(1).isTrainable());
        assertTrue(Angle.param(0).isTrainable());
        assertFalse(Angle.input(0).isTrainable());
        assertFalse(Angle.input(0).isConstant());
        assertArrayEquals(new int[] {5}, Angle.input(5).inputs());
        assertEquals(-1, Angle.constant(2).maxInput());
    }

    @Test
    void equalityIgnoresTheOrderOfConstruction() {
        Angle a = Angle.param(0).plus(Angle.param(1, 2)).plus(0.5);
        Angle b = Angle.constant(0.5).plus(Angle.param(1, 2)).plus(Angle.param(0));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, Angle.param(0).plus(Angle.param(1, 2)));
        assertNotEquals(Angle.param(0), Angle.input(0));
    }

    @Test
    void invalidIndicesAndCoefficientsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Angle.param(-1));
        assertTrue(e.getMessage().contains("parameter index -1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Angle.input(-2, 1));
        assertTrue(e.getMessage().contains("input index -2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Angle.param(0, Double.NaN));
        assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("not finite"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Angle.constant(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> Angle.param(0).times(Double.NaN));
    }

    @Test
    void toStringFollowsTheDocumentedForm() {
        assertEquals("0.5*θ3 + x1 - 0.25", Angle.param(3, 0.5).plus(Angle.input(1)).plus(-0.25).toString());
        assertEquals("-θ0", Angle.param(0, -1).toString());
        assertEquals("1.5*θ2 - 2*x0", Angle.param(2, 1.5).plus(Angle.input(0, -2)).toString());
        assertEquals("0", Angle.constant(0).toString());
        assertEquals("3", Angle.constant(3).toString());
        assertEquals("-0.125", Angle.constant(-0.125).toString());
        assertEquals("3.14159", Angle.constant(Math.PI).toString(), "six significant digits");
        assertEquals("1e-07", Angle.constant(1e-7).toString());
        assertEquals("θ1 + 1.5", Angle.param(1).plus(1.5).toString());
    }

    @Test
    void toStringKeepsTheZerosOfWholeNumbers() {
        // "%.6g" prints these without a decimal point; only a fraction's trailing zeros may be trimmed
        assertEquals("100000", Angle.constant(100000).toString());
        assertEquals("120000*θ0", Angle.param(0, 120000).toString());
        assertEquals("10", Angle.constant(10).toString());
        assertEquals("1.5e+06", Angle.constant(1.5e6).toString());
    }
}
