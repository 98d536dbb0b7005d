package org.qnnlab.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.qnnlab.analysis.Dla;
import org.qnnlab.analysis.LieDecomposition;
import org.qnnlab.sim.Ansatz;
import org.qnnlab.sim.Boundary;
import org.qnnlab.sim.Circuit;
import org.qnnlab.sim.Observable;

/**
 * The dynamical Lie algebra of a Hamiltonian-variational ansatz (Pauli-sum generators): its closure and its
 * decomposition into centre and simple ideals (the closure included), one call per iteration. Each call checks the
 * dimension against the closure's, and the decomposition that its parts add up to it. hva-xxz periodic: dimension 246
 * at n = 6 and 849 at n = 8 (issue 13's target: a decomposition of dimension ~10^3 in under 10 s).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class LieAlgebraBenchmark {

    /** An ansatz name of {@link Ansatz#byName}. */
    @Param({"hva-xxz"})
    public String ansatz;

    @Param({"6", "8"})
    public int qubits;

    @Param({"periodic"})
    public String boundary;

    private List<Observable> generators;
    private int dimension;

    @Setup(Level.Trial)
    public void setUp() {
        Circuit c = Ansatz.byName(ansatz, qubits, 2, Boundary.parse(boundary));
        generators = Dla.generators(c);
        dimension = Dla.closure(generators, qubits, LieDecomposition.MAX_DIMENSION, false).dimension();
    }

    @Benchmark
    public int closure() {
        int d = Dla.closure(generators, qubits, LieDecomposition.MAX_DIMENSION, false).dimension();
        if (d != dimension) {
            throw new IllegalStateException("closure dimension " + d + ", expected " + dimension);
        }
        return d;
    }

    @Benchmark
    public LieDecomposition decomposition() {
        LieDecomposition d = LieDecomposition.of(generators, qubits);
        int sum = d.centreDimension() + d.idealDimensions().stream().mapToInt(Integer::intValue).sum();
        if (d.dimension() != dimension || sum != dimension) {
            throw new IllegalStateException("decomposition of dimension " + d.dimension() + " into parts summing to "
                    + sum + ", expected " + dimension);
        }
        return d;
    }
}
