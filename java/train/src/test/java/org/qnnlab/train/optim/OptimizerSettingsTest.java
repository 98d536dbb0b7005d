package org.qnnlab.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The defaults' home: each name gets an optimizer of that name, and bad values are refused with their value. */
class OptimizerSettingsTest {

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "momentum", "adam", "lbfgs"})
    void defaultsCreateTheNamedOptimizer(String name) {
        OptimizerSettings s = OptimizerSettings.defaults(name);
        assertEquals(name, s.create().name());
        assertEquals(0.5, s.withLearningRate(0.5).learningRate());
        assertEquals(name, s.withMaxSteps(3).name());
    }

    @Test
    void minimizationAndTrainingUseTheirOwnOptimizers() {
        assertEquals("lbfgs", OptimizerSettings.forMinimization().create().name());
        assertEquals("adam", OptimizerSettings.forTraining().create().name());
    }

    @Test
    void badValuesAreNamed() {
        assertEquals("unknown optimizer 'rmsprop'; allowed: sgd, momentum, adam, lbfgs",
                assertThrows(IllegalArgumentException.class, () -> OptimizerSettings.defaults("rmsprop")).getMessage());
        assertEquals("learning rate 0.0 out of range; allowed: 0 < rate <= 100.0", assertThrows(
                IllegalArgumentException.class, () -> new OptimizerSettings("adam", 0, 10)).getMessage());
        assertEquals("learning rate NaN out of range; allowed: 0 < rate <= 100.0", assertThrows(
                IllegalArgumentException.class, () -> new OptimizerSettings("adam", Double.NaN, 10)).getMessage());
        assertEquals("learning rate 1.0E308 out of range; allowed: 0 < rate <= 100.0", assertThrows(
                IllegalArgumentException.class, () -> new OptimizerSettings("adam", 1e308, 10)).getMessage());
        assertEquals("max steps 0 out of range; allowed: 1 or more", assertThrows(IllegalArgumentException.class,
                () -> OptimizerSettings.forMinimization().withMaxSteps(0)).getMessage());
    }
}
