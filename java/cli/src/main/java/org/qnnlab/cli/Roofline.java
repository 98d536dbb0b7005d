package org.qnnlab.cli;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The memory roofline of a state-vector gate: the speed of one in-place read+write pass over a state-sized buffer
 * ({@code a[i] *= -1} over every double), counted as {@code 2·bytes} per pass, GB = 1e9 bytes. Measured with a plain
 * loop and, when {@code jdk.incubator.vector} is present, a Vector API loop; the faster counts. With several threads
 * the buffer is split into equal contiguous chunks, the caller taking the first.
 *
 * <p>Scaling by −1 leaves a normalised state normalised (a global phase), so the buffer may be the state itself.
 */
final class Roofline implements AutoCloseable {

    private static final boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private final MemorySegment buffer;
    private final int threads;
    private final boolean vector;
    private final ExecutorService pool;

    /** A roofline pass over {@code buffer} with {@code threads} threads (the faster of the plain and SIMD loop). */
    Roofline(MemorySegment buffer, int threads) {
        this.buffer = buffer;
        this.threads = threads;
        this.pool = threads > 1 ? Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "qnn-bench-roofline");
            t.setDaemon(true);
            return t;
        }) : null;
        boolean v = false;
        if (VECTOR_API) {
            double plain = Timing.medianSeconds(() -> pass(buffer, threads, false, pool));
            double simd = Timing.medianSeconds(() -> pass(buffer, threads, true, pool));
            v = simd < plain;
        }
        this.vector = v;
    }

    /** One in-place read+write pass over the whole buffer. */
    void pass() {
        pass(buffer, threads, vector, pool);
    }

    /** GB/s of a pass that took {@code seconds}. */
    double gbps(double seconds) {
        return 2.0 * buffer.byteSize() / seconds / 1e9;
    }

    /** Best GB/s of an in-place pass over {@code buffer} with {@code threads} threads. */
    static double gbps(MemorySegment buffer, int threads) {
        try (Roofline r = new Roofline(buffer, threads)) {
            return r.gbps(Timing.medianSeconds(r::pass));
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private static void pass(MemorySegment buffer, int threads, boolean vector, ExecutorService pool) {
        // 16·2^n bytes split in `threads` parts: a multiple of 64 bytes for n >= 4 and threads a power of two;
        // any remainder goes to the last part.
        long chunk = buffer.byteSize() / threads / 64 * 64;
        List<Future<?>> others = new ArrayList<>(threads - 1);
        for (int t = 1; t < threads; t++) {
            long end = t == threads - 1 ? buffer.byteSize() : (t + 1) * chunk;
            MemorySegment part = buffer.asSlice(t * chunk, end - t * chunk);
            others.add(pool.submit(() -> scale(part, vector)));
        }
        scale(buffer.asSlice(0, chunk), vector);
        try {
            for (Future<?> f : others) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring the roofline", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("roofline worker failed: " + e.getCause(), e.getCause());
        }
    }

    private static void scale(MemorySegment part, boolean vector) {
        if (vector) {
            VectorLoop.negate(part);
        } else {
            long doubles = part.byteSize() / Double.BYTES;
            for (long i = 0; i < doubles; i++) {
                part.setAtIndex(JAVA_DOUBLE, i, -part.getAtIndex(JAVA_DOUBLE, i));
            }
        }
    }

    /** The Vector API loop, in its own class so that nothing touches the incubator module unless it is present. */
    private static final class VectorLoop {

        private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;

        static void negate(MemorySegment part) {
            long bytes = part.byteSize();
            long step = SPECIES.vectorByteSize();
            long vectorEnd = bytes - bytes % step;
            ByteOrder order = ByteOrder.nativeOrder();
            for (long off = 0; off < vectorEnd; off += step) {
                DoubleVector.fromMemorySegment(SPECIES, part, off, order).neg().intoMemorySegment(part, off, order);
            }
            for (long off = vectorEnd; off < bytes; off += Double.BYTES) {
                part.set(JAVA_DOUBLE, off, -part.get(JAVA_DOUBLE, off));
            }
        }
    }
}
