package org.qnnlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Boundary;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Observable;
import org.qnnlab.sim.RandomCircuits;
import org.qnnlab.sim.Simulator;
import org.qnnlab.sim.kernel.Kernels;
import org.qnnlab.sim.kernel.ScalarKernel;

/**
 * The cache-blocked backward sweep gives the gate-by-gate sweep's gradients: on small states with tiny blocks, so
 * every restriction (high controls, high diagonal targets, high Z factors, runs broken by non-local gates) occurs.
 */
class BlockedSweepTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void blockedEqualsUnblockedOnRandomCircuits(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = 5 + rng.nextInt(2);
        Circuit c = RandomCircuits.circuit(n, rng.longs(40).boxed().toList());
        check(c, RandomCircuits.randomParams(c, seed), n, 2 + rng.nextInt(2), new Simulator(new ScalarKernel()));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void blockedEqualsUnblockedForTheAnsaetzeOnTheDefaultKernel(int threads) {
        Simulator sim = new Simulator(Kernels.create(threads));
        for (Circuit c : List.of(Ansatz.hea(7, 3), Ansatz.hvaTfim(7, 3, Boundary.PERIODIC),
                Ansatz.hvaXxz(6, 2, Boundary.OPEN))) {
            check(c, RandomCircuits.randomParams(c, 3), c.numQubits(), 3, sim);
        }
    }

    private static void check(Circuit c, double[] theta, int n, int blockQubits, Simulator sim) {
        List<Observable> obs = List.of(Observable.parse("0.7*Z0*X1 - 0.4*Y" + (n - 1) + " + 0.2*X0 + 1.5"),
                Observable.parse("Z" + (n - 1) + "*Z" + (n - 2)));
        Jacobian plain = new AdjointGradient(sim, blockQubits, Integer.MAX_VALUE).jacobian(c, theta, null, obs);
        Jacobian blocked = new AdjointGradient(sim, blockQubits, 0).jacobian(c, theta, null, obs);
        for (int i = 0; i < obs.size(); i++) {
            assertEquals(plain.values()[i], blocked.values()[i], 1e-12);
            for (int k = 0; k < theta.length; k++) {
                assertEquals(plain.rows()[i][k], blocked.rows()[i][k], 1e-11,
                        "observable " + i + ", parameter " + k + ", blocks of 2^" + blockQubits + " in " + c);
            }
        }
    }
}
