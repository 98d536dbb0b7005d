/*
 * qnnlab.h: the C ABI of libqnnlab, qnnlab's native state-vector kernels (C++17 on Eigen 3.4).
 *
 * Layout. A state of n qubits is 2^n complex128 amplitudes, interleaved (re, im) doubles, the layout of C99
 * `double complex[]`, C++ `std::complex<double>[]` and numpy `complex128`. Basis index b holds the amplitude of |b>,
 * where qubit q is bit q of b (qubit 0 = least significant bit). Buffers should be 64-byte aligned (qnn_state_create
 * does that); 16-byte alignment is the minimum accepted.
 *
 * Matrices. A dense gate on k qubits qubits[0..k-1] is a 2^k x 2^k row-major matrix of interleaved complex numbers
 * (2*4^k doubles). Matrix index bit k-1-j is the bit of qubits[j]: the first listed qubit is the most significant, as
 * in textbooks, so CNOT with qubits {control, target} is the familiar 4x4 matrix. Diagonals are 2^k complex numbers
 * indexed the same way.
 *
 * Controls. `ctrl` is a bit mask of control qubits (bit q = qubit q): an operation acts only on basis states whose
 * control bits are all 1. 0 means no controls. Controls must be disjoint from the targets.
 *
 * Pauli strings. A pair of masks (x, z): qubit q carries X if only bit q of x is set, Z if only bit q of z, Y if both
 * (Y = i X Z). P|b> = i^popcount(x&z) (-1)^popcount(b&z) |b^x>.
 *
 * Errors. Every function that can fail returns a qnn_status for every input; QNN_OK is 0. Every argument is checked
 * before anything is written, so on failure neither the state nor any output has been touched, and qnn_last_error()
 * returns a message for the calling thread naming the function, the bad value and what is allowed. Checked: NULL
 * pointers; qubit counts, gate sizes k and array counts (negative, too large, or an array larger than any object can
 * be); qubits and mask bits out of range; repeated qubits and controls on targets; alignment; non-finite angles,
 * weights, factors and matrix/diagonal entries; batch kinds; sampling targets (finite, >= 0, ascending, <= <s|s>);
 * that a sampled state has a positive, normal, finite <s|s>; forbidden overlaps (QNN_ERR_OVERLAP, see Aliasing). No
 * C++ exception ever leaves the library: an allocation failure is QNN_ERR_ALLOC, anything unexpected
 * QNN_ERR_INTERNAL.
 *
 * Not checkable in C, so the caller's duty (breaking it is undefined behaviour, as with memcpy): that a pointer
 * points to live memory of the documented length (a freed state, a buffer shorter than 2*2^n doubles, a matrix
 * shorter than 2*4^k doubles, arrays shorter than count); that a qnn_state passed to qnn_state_free came from
 * qnn_state_create; that no other thread writes a state or buffer during a call. Amplitudes themselves are not
 * checked by gates and reductions (that would cost a pass over the state per gate): NaN in gives NaN out; only the
 * sampling functions refuse a state whose <s|s> is not a positive normal finite number.
 *
 * Aliasing. A gate's inputs (qubits, matrix, diag, ops and each entry's data) must not overlap the amplitudes it
 * writes; qnn_axpy's x and y must be the same buffer (y += c y) or disjoint; the out array of qnn_sample and
 * qnn_sample_sorted must not overlap the amplitudes or the targets. Scalar outputs (out of the reductions) may point
 * anywhere writable: they are written last.
 *
 * Threads. Each state carries a thread count (0 = the library default, all processors); large states are split
 * over that many OpenMP threads, small ones stay on the calling thread. The library is thread-safe for distinct
 * states.
 *
 * Versioning. QNN_ABI_VERSION changes whenever a declaration or struct layout here changes incompatibly;
 * qnn_abi_version() returns the version the library was built with, so a caller can check it at load time.
 */
#ifndef QNNLAB_H
#define QNNLAB_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define QNN_API __declspec(dllexport)
#else
#define QNN_API __attribute__((visibility("default")))
#endif

#define QNN_VERSION_MAJOR 0
#define QNN_VERSION_MINOR 1
#define QNN_VERSION_PATCH 0
#define QNN_ABI_VERSION 1

/** Largest state accepted: 2^40 amplitudes (16 TiB). */
#define QNN_MAX_QUBITS 40
/** Largest dense or diagonal gate: 5 target qubits (a fused gate). */
#define QNN_MAX_GATE_QUBITS 5

/** Status codes. */
typedef enum qnn_status {
    QNN_OK = 0,
    QNN_ERR_NULL = 1,        /* a required pointer is NULL */
    QNN_ERR_QUBIT = 2,       /* a qubit index (or mask bit) is out of range */
    QNN_ERR_REPEATED = 3,    /* a qubit is listed twice, or a control is also a target */
    QNN_ERR_SIZE = 4,        /* a count or size is out of range or does not match */
    QNN_ERR_ALIGNMENT = 5,   /* a buffer is not 16-byte aligned */
    QNN_ERR_ALLOC = 6,       /* memory allocation failed (or a count whose scratch cannot be allocated) */
    QNN_ERR_VALUE = 7,       /* a value is not allowed: a non-finite angle, weight, factor, matrix or diagonal
                                entry; a batch kind that is no qnn_op_kind; a sampling target that is not finite,
                                negative, out of order or above <s|s>; a state that cannot be sampled (<s|s> zero,
                                subnormal or not finite) */
    QNN_ERR_INTERNAL = 8,    /* a bug in libqnnlab (an unexpected C++ exception, caught at the boundary); the
                                message says what. Please report it */
    QNN_ERR_OVERLAP = 9      /* two buffers share memory where the function forbids it (see "Aliasing" above) */
} qnn_status;

/**
 * A state: a view of an amplitude buffer. Fill it with qnn_state_wrap (no allocation, the caller owns the buffer)
 * or get one from qnn_state_create (the library owns it; free with qnn_state_free). The fields are part of the ABI.
 */
typedef struct qnn_state {
    double *amplitudes;   /* 2 * 2^num_qubits doubles, interleaved (re, im) */
    int32_t num_qubits;   /* 0 .. QNN_MAX_QUBITS */
    int32_t threads;      /* worker threads for this state; 0 = library default */
    int32_t owned;        /* 1 if created by qnn_state_create (then qnn_state_free frees the buffer) */
    int32_t reserved;     /* 0 */
} qnn_state;

/** Operation kinds of a batch entry. */
typedef enum qnn_op_kind {
    QNN_OP_MATRIX = 1,          /* dense matrix on qubits[0..k-1]: data = 2*4^k doubles */
    QNN_OP_DIAGONAL = 2,        /* diagonal on qubits[0..k-1]: data = 2*2^k doubles */
    QNN_OP_PAULI_ROTATION = 3   /* exp(-i theta/2 P), P = (x, z); qubits, k and data unused */
} qnn_op_kind;

/** One entry of a gate batch (72 bytes; layout fixed by QNN_ABI_VERSION). */
typedef struct qnn_op {
    int32_t kind;                          /* qnn_op_kind */
    int32_t k;                             /* number of target qubits, 1 .. QNN_MAX_GATE_QUBITS */
    int32_t qubits[QNN_MAX_GATE_QUBITS];   /* targets, first = most significant matrix bit */
    int32_t reserved;                      /* 0 */
    uint64_t ctrl;                         /* control mask */
    uint64_t x;                            /* Pauli X mask (rotations) */
    uint64_t z;                            /* Pauli Z mask (rotations) */
    double theta;                          /* rotation angle (rotations) */
    const double *data;                    /* matrix or diagonal entries */
} qnn_op;

/* ---- library information ------------------------------------------------------------------------------------- */

/** "MAJOR.MINOR.PATCH". */
QNN_API const char *qnn_version(void);
/** QNN_ABI_VERSION of the built library. */
QNN_API int qnn_abi_version(void);
/** The SIMD instruction set the kernels run with, e.g. "AVX-512 (8 double lanes)" or "AVX2+FMA (4 double lanes)". */
QNN_API const char *qnn_simd(void);
/** Doubles per SIMD register of the active kernels (2, 4 or 8). */
QNN_API int qnn_simd_lanes(void);
/** The default thread count (threads = 0). */
QNN_API int qnn_default_threads(void);
/** The message of the last failed call on this thread ("" if none). Valid until the next call on this thread. */
QNN_API const char *qnn_last_error(void);

/* ---- states ---------------------------------------------------------------------------------------------------- */

/** Allocates |0...0> on n qubits, 64-byte aligned; *out receives the state. Free with qnn_state_free. */
QNN_API qnn_status qnn_state_create(int32_t num_qubits, qnn_state **out);
/**
 * Frees a state from qnn_state_create. NULL and wrapped views (owned != 1) are a no-op; no status because nothing
 * checkable can fail (a pointer that is not from qnn_state_create, or one already freed, is the caller's error).
 */
QNN_API void qnn_state_free(qnn_state *s);
/** Fills *s as a view of an existing buffer of 2*2^n doubles (no copy, no allocation); threads = 0. */
QNN_API qnn_status qnn_state_wrap(qnn_state *s, double *amplitudes, int32_t num_qubits);

/* ---- gates (in place) ------------------------------------------------------------------------------------------ */

/**
 * Dense 2^k x 2^k matrix on qubits[0..k-1] (k <= QNN_MAX_GATE_QUBITS) under controls ctrl. Every entry must be finite
 * (checked per call: 2*4^k doubles, negligible next to the gate). The matrix is not checked for unitarity.
 */
QNN_API qnn_status qnn_apply_matrix(qnn_state *s, const int32_t *qubits, int32_t k, const double *matrix,
                                    uint64_t ctrl);
/**
 * Diagonal gate: amplitude b is multiplied by diag[index of b on qubits], under controls ctrl. Every entry must be
 * finite.
 */
QNN_API qnn_status qnn_apply_diagonal(qnn_state *s, const int32_t *qubits, int32_t k, const double *diag,
                                      uint64_t ctrl);
/** exp(-i theta/2 P) for the Pauli string P = (x, z), under controls ctrl. */
QNN_API qnn_status qnn_apply_pauli_rotation(qnn_state *s, uint64_t x, uint64_t z, double theta, uint64_t ctrl);
/** Replaces the state by P|s>. */
QNN_API qnn_status qnn_apply_pauli(qnn_state *s, uint64_t x, uint64_t z);
/**
 * Applies ops[0..count-1] in order in one call. All entries are validated (as by the single-gate functions, plus the
 * kind) before the first is applied; the message names the entry (ops[i]). Reserved fields are ignored.
 */
QNN_API qnn_status qnn_apply_batch(qnn_state *s, const qnn_op *ops, int64_t count);

/* ---- reductions and updates ------------------------------------------------------------------------------------ */

/** <s|P|s> for the Pauli string (x, z) (real: P is Hermitian). */
QNN_API qnn_status qnn_expectation_pauli(const qnn_state *s, uint64_t x, uint64_t z, double *out);
/** sum_t weights[t] <s|P_t|s> over count Pauli strings (xs[t], zs[t]). */
QNN_API qnn_status qnn_expectation_pauli_sum(const qnn_state *s, const uint64_t *xs, const uint64_t *zs,
                                             const double *weights, int64_t count, double *out);
/** <a|b> as out[0] + i out[1]; a and b must have the same number of qubits. */
QNN_API qnn_status qnn_inner(const qnn_state *a, const qnn_state *b, double out[2]);
/** <s|s>. */
QNN_API qnn_status qnn_norm_squared(const qnn_state *s, double *out);
/** s *= (re + i im). */
QNN_API qnn_status qnn_scale(qnn_state *s, double re, double im);
/** y += (re + i im) x; same number of qubits. */
QNN_API qnn_status qnn_axpy(qnn_state *y, const qnn_state *x, double re, double im);

/* ---- sampling -------------------------------------------------------------------------------------------------- */

/*
 * Both sampling functions refuse (QNN_ERR_VALUE) a state whose <s|s> is not in [DBL_MIN, DBL_MAX]: an all-zero state,
 * amplitudes so small that every |amp|^2 underflows or is subnormal, or a NaN/inf amplitude. Any other state is
 * sampled relative to its own <s|s> (it need not be normalized). With count (shots) = 0 the amplitudes are not read
 * and the call returns QNN_OK.
 */

/**
 * Born-rule outcomes for ascending targets in [0, <s|s>): out[k] is the first basis index b whose running sum of
 * |amp|^2 (in index order) exceeds targets[k], stepped back to the last index with nonzero probability. One pass
 * over the state (plus one for <s|s>). qnnlab's Java kernels draw the targets, so every kernel gives the same samples
 * for a seed. Targets must be finite, >= 0 and ascending (QNN_ERR_VALUE otherwise); the largest may exceed the
 * library's own <s|s> by a relative 1e-9 (room for a caller that summed it in another order) and then samples the
 * last outcome with nonzero probability. out must not overlap targets or the amplitudes.
 */
QNN_API qnn_status qnn_sample_sorted(const qnn_state *s, const double *targets, int64_t count, int64_t *out);
/**
 * shots outcomes (in draw order) from the library's own generator (splitmix64) seeded with seed. Uses 16 bytes of
 * scratch per shot: QNN_ERR_SIZE if shots int64 outputs cannot exist (shots > PTRDIFF_MAX / 8), QNN_ERR_ALLOC if the
 * scratch cannot be allocated.
 */
QNN_API qnn_status qnn_sample(const qnn_state *s, int64_t shots, uint64_t seed, int64_t *out);

#ifdef __cplusplus
}
#endif

#endif /* QNNLAB_H */
