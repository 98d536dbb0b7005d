package org.qnnlab.kernel.eigen;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * The whole FFM boundary to libqnnlab ({@code native/include/qnnlab.h}), hand-written: one named descriptor per C
 * function with its C signature alongside, and the two struct layouts. Nothing else in qnnlab touches native symbols.
 */
final class EigenBindings {

    /** The ABI version this binding is written for ({@code QNN_ABI_VERSION}). */
    static final int ABI_VERSION = 1;

    /** {@code typedef struct qnn_state { double *amplitudes; int32_t num_qubits, threads, owned, reserved; }}. */
    static final StructLayout STATE = MemoryLayout.structLayout(
            ADDRESS.withName("amplitudes"),
            JAVA_INT.withName("num_qubits"),
            JAVA_INT.withName("threads"),
            JAVA_INT.withName("owned"),
            JAVA_INT.withName("reserved"));
    static final long STATE_AMPLITUDES = STATE.byteOffset(MemoryLayout.PathElement.groupElement("amplitudes"));
    static final long STATE_QUBITS = STATE.byteOffset(MemoryLayout.PathElement.groupElement("num_qubits"));
    static final long STATE_THREADS = STATE.byteOffset(MemoryLayout.PathElement.groupElement("threads"));

    /**
     * {@code typedef struct qnn_op { int32_t kind, k, qubits[5], reserved; uint64_t ctrl, x, z; double theta;
     * const double *data; }} (72 bytes).
     */
    static final StructLayout OP = MemoryLayout.structLayout(
            JAVA_INT.withName("kind"),
            JAVA_INT.withName("k"),
            MemoryLayout.sequenceLayout(5, JAVA_INT).withName("qubits"),
            JAVA_INT.withName("reserved"),
            JAVA_LONG.withName("ctrl"),
            JAVA_LONG.withName("x"),
            JAVA_LONG.withName("z"),
            JAVA_DOUBLE.withName("theta"),
            ADDRESS.withName("data"));
    static final long OP_KIND = OP.byteOffset(MemoryLayout.PathElement.groupElement("kind"));
    static final long OP_K = OP.byteOffset(MemoryLayout.PathElement.groupElement("k"));
    static final long OP_QUBITS = OP.byteOffset(MemoryLayout.PathElement.groupElement("qubits"));
    static final long OP_CTRL = OP.byteOffset(MemoryLayout.PathElement.groupElement("ctrl"));
    static final long OP_X = OP.byteOffset(MemoryLayout.PathElement.groupElement("x"));
    static final long OP_Z = OP.byteOffset(MemoryLayout.PathElement.groupElement("z"));
    static final long OP_THETA = OP.byteOffset(MemoryLayout.PathElement.groupElement("theta"));
    static final long OP_DATA = OP.byteOffset(MemoryLayout.PathElement.groupElement("data"));
    static final int KIND_MATRIX = 1;
    static final int KIND_DIAGONAL = 2;
    static final int KIND_PAULI_ROTATION = 3;

    /** {@code const char *qnn_version(void)}. */
    static final FunctionDescriptor VERSION = FunctionDescriptor.of(ADDRESS);
    /** {@code int qnn_abi_version(void)}. */
    static final FunctionDescriptor ABI = FunctionDescriptor.of(JAVA_INT);
    /** {@code const char *qnn_simd(void)}. */
    static final FunctionDescriptor SIMD = FunctionDescriptor.of(ADDRESS);
    /** {@code int qnn_simd_lanes(void)}. */
    static final FunctionDescriptor SIMD_LANES = FunctionDescriptor.of(JAVA_INT);
    /** {@code const char *qnn_last_error(void)}. */
    static final FunctionDescriptor LAST_ERROR = FunctionDescriptor.of(ADDRESS);
    /** {@code qnn_status qnn_apply_matrix(qnn_state *s, const int32_t *qubits, int32_t k, const double *m, uint64_t ctrl)}. */
    static final FunctionDescriptor APPLY_MATRIX = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS,
            JAVA_LONG);
    /** {@code qnn_status qnn_apply_diagonal(qnn_state *s, const int32_t *qubits, int32_t k, const double *d, uint64_t ctrl)}. */
    static final FunctionDescriptor APPLY_DIAGONAL = APPLY_MATRIX;
    /** {@code qnn_status qnn_apply_pauli_rotation(qnn_state *s, uint64_t x, uint64_t z, double theta, uint64_t ctrl)}. */
    static final FunctionDescriptor APPLY_PAULI_ROTATION = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG,
            JAVA_LONG, JAVA_DOUBLE, JAVA_LONG);
    /** {@code qnn_status qnn_apply_pauli(qnn_state *s, uint64_t x, uint64_t z)}. */
    static final FunctionDescriptor APPLY_PAULI = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG);
    /** {@code qnn_status qnn_apply_batch(qnn_state *s, const qnn_op *ops, int64_t count)}. */
    static final FunctionDescriptor APPLY_BATCH = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG);
    /** {@code qnn_status qnn_expectation_pauli(const qnn_state *s, uint64_t x, uint64_t z, double *out)}. */
    static final FunctionDescriptor EXPECTATION_PAULI = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG,
            ADDRESS);
    /** {@code qnn_status qnn_inner(const qnn_state *a, const qnn_state *b, double out[2])}. */
    static final FunctionDescriptor INNER = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
    /** {@code qnn_status qnn_norm_squared(const qnn_state *s, double *out)}. */
    static final FunctionDescriptor NORM_SQUARED = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS);
    /** {@code qnn_status qnn_scale(qnn_state *s, double re, double im)}. */
    static final FunctionDescriptor SCALE = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_DOUBLE, JAVA_DOUBLE);
    /** {@code qnn_status qnn_axpy(qnn_state *y, const qnn_state *x, double re, double im)}. */
    static final FunctionDescriptor AXPY = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_DOUBLE,
            JAVA_DOUBLE);
    /** {@code qnn_status qnn_sample_sorted(const qnn_state *s, const double *targets, int64_t count, int64_t *out)}. */
    static final FunctionDescriptor SAMPLE_SORTED = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG,
            ADDRESS);

    final MethodHandle version;
    final MethodHandle abiVersion;
    final MethodHandle simd;
    final MethodHandle simdLanes;
    final MethodHandle lastError;
    final MethodHandle applyMatrix;
    final MethodHandle applyDiagonal;
    final MethodHandle applyPauliRotation;
    final MethodHandle applyPauli;
    final MethodHandle applyBatch;
    final MethodHandle expectationPauli;
    final MethodHandle inner;
    final MethodHandle normSquared;
    final MethodHandle scale;
    final MethodHandle axpy;
    final MethodHandle sampleSorted;

    /**
     * Binds every function of {@code lookup}.
     *
     * @throws java.util.NoSuchElementException naming a missing symbol (a library of another ABI version)
     */
    EigenBindings(SymbolLookup lookup) {
        Linker linker = Linker.nativeLinker();
        // Short, non-blocking calls may skip the thread-state transition; gate calls may run for milliseconds on
        // OpenMP threads, so they stay ordinary downcalls (a critical call would hold off GC safepoints).
        Linker.Option quick = Linker.Option.critical(false);
        version = linker.downcallHandle(find(lookup, "qnn_version"), VERSION, quick);
        abiVersion = linker.downcallHandle(find(lookup, "qnn_abi_version"), ABI, quick);
        simd = linker.downcallHandle(find(lookup, "qnn_simd"), SIMD, quick);
        simdLanes = linker.downcallHandle(find(lookup, "qnn_simd_lanes"), SIMD_LANES, quick);
        lastError = linker.downcallHandle(find(lookup, "qnn_last_error"), LAST_ERROR, quick);
        applyMatrix = linker.downcallHandle(find(lookup, "qnn_apply_matrix"), APPLY_MATRIX);
        applyDiagonal = linker.downcallHandle(find(lookup, "qnn_apply_diagonal"), APPLY_DIAGONAL);
        applyPauliRotation = linker.downcallHandle(find(lookup, "qnn_apply_pauli_rotation"), APPLY_PAULI_ROTATION);
        applyPauli = linker.downcallHandle(find(lookup, "qnn_apply_pauli"), APPLY_PAULI);
        applyBatch = linker.downcallHandle(find(lookup, "qnn_apply_batch"), APPLY_BATCH);
        expectationPauli = linker.downcallHandle(find(lookup, "qnn_expectation_pauli"), EXPECTATION_PAULI);
        inner = linker.downcallHandle(find(lookup, "qnn_inner"), INNER);
        normSquared = linker.downcallHandle(find(lookup, "qnn_norm_squared"), NORM_SQUARED);
        scale = linker.downcallHandle(find(lookup, "qnn_scale"), SCALE);
        axpy = linker.downcallHandle(find(lookup, "qnn_axpy"), AXPY);
        sampleSorted = linker.downcallHandle(find(lookup, "qnn_sample_sorted"), SAMPLE_SORTED);
    }

    private static MemorySegment find(SymbolLookup lookup, String name) {
        return lookup.find(name).orElseThrow(() -> new java.util.NoSuchElementException(
                "libqnnlab has no symbol " + name + " (built from another qnnlab version?)"));
    }

    /** A C string returned by the library (static or thread-local storage) as a Java string. */
    static String string(MemorySegment cString) {
        return cString.equals(MemorySegment.NULL) ? "" : cString.reinterpret(4096).getString(0);
    }
}
