package org.qnnlab.bench;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.qnnlab.sim.StateVector;

/**
 * The roofline of a state-vector gate: one in-place read+write pass over a state-sized off-heap buffer,
 * {@code a[i] *= f} over all {@code 2·2^n} doubles, once as a plain loop (left to C2's auto-vectorizer) and once with
 * the Vector API. The faster of the two is the roofline; a gate kernel moves the same {@code 32·2^n} bytes per pass.
 * With {@code threads > 1} the buffer is split into equal contiguous chunks, the caller taking the first.
 *
 * <p>{@code f = -1} keeps the values exact forever; it sits in a field so the JIT cannot fold it. Check: after the
 * trial every element is still ±1.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RooflineBenchmark {

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;

    @Param({"12", "16", "20", "24"})
    public int qubits;

    @Param({"1", "2"})
    public int threads;

    private double factor = -1;
    private StateVector buffer;
    private MemorySegment seg;
    private ExecutorService pool;

    @Setup(Level.Trial)
    public void setUp() {
        buffer = StateVector.zero(qubits);
        seg = buffer.segment();
        seg.elements(JAVA_DOUBLE).forEach(e -> e.set(JAVA_DOUBLE, 0, 1.0));
        pool = threads > 1 ? Executors.newFixedThreadPool(threads - 1) : null;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        long doubles = seg.byteSize() / Double.BYTES;
        for (long i = 0; i < doubles; i++) {
            if (Math.abs(seg.getAtIndex(JAVA_DOUBLE, i)) != 1.0) {
                throw new IllegalStateException("roofline buffer element " + i + " is "
                        + seg.getAtIndex(JAVA_DOUBLE, i) + ", expected ±1");
            }
        }
        if (pool != null) {
            pool.shutdown();
        }
        buffer.close();
    }

    @Benchmark
    public void plainLoop() throws InterruptedException, ExecutionException {
        inChunks(false);
    }

    @Benchmark
    public void vectorApi() throws InterruptedException, ExecutionException {
        inChunks(true);
    }

    private void inChunks(boolean vector) throws InterruptedException, ExecutionException {
        long chunk = seg.byteSize() / threads; // a multiple of 64 bytes: 2^n·16 / threads, n >= 2, threads | 2^n
        List<Future<?>> others = new ArrayList<>(threads - 1);
        for (int t = 1; t < threads; t++) {
            MemorySegment part = seg.asSlice(t * chunk, chunk);
            others.add(pool.submit(() -> scale(part, factor, vector)));
        }
        scale(seg.asSlice(0, chunk), factor, vector);
        for (Future<?> f : others) {
            f.get();
        }
    }

    private static void scale(MemorySegment part, double f, boolean vector) {
        if (vector) {
            scaleVector(part, f);
        } else {
            scalePlain(part, f);
        }
    }

    static void scalePlain(MemorySegment part, double f) {
        long doubles = part.byteSize() / Double.BYTES;
        for (long i = 0; i < doubles; i++) {
            part.setAtIndex(JAVA_DOUBLE, i, part.getAtIndex(JAVA_DOUBLE, i) * f);
        }
    }

    static void scaleVector(MemorySegment part, double f) {
        long bytes = part.byteSize(); // a multiple of the vector size (see inChunks)
        long step = SPECIES.vectorByteSize();
        ByteOrder order = ByteOrder.nativeOrder();
        for (long off = 0; off < bytes; off += step) {
            DoubleVector.fromMemorySegment(SPECIES, part, off, order).mul(f).intoMemorySegment(part, off, order);
        }
    }
}
