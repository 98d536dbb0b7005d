// qnnlab.cpp: the C ABI of libqnnlab (include/qnnlab.h): argument validation, states, SIMD dispatch and sampling.
// Error messages and the exception boundary (guarded) are in status.cpp/.hpp; the arithmetic is in kernels.cpp,
// compiled once per SIMD level.
#include "qnnlab.h"

#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <algorithm>
#include <cmath>
#include <memory>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "kernels.hpp"
#include "status.hpp"

using qnnlab::KernelTable;
using qnnlab::fail;
using qnnlab::guarded;

namespace {

// ---- dispatch ------------------------------------------------------------------------------------------------------

int simd_rank(const char *name) {
    if (strcmp(name, "avx512") == 0 || strcmp(name, "AVX512") == 0 || strcmp(name, "avx-512") == 0) {
        return 3;
    }
    if (strcmp(name, "avx2") == 0 || strcmp(name, "AVX2") == 0) {
        return 2;
    }
    if (strcmp(name, "sse2") == 0 || strcmp(name, "SSE2") == 0 || strcmp(name, "portable") == 0) {
        return 1;
    }
    return 0;
}

const KernelTable *choose_kernels() {
#if defined(QNN_HAVE_X86_VARIANTS)
    __builtin_cpu_init();
    int best = 1;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
        best = 2;
        if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
            __builtin_cpu_supports("avx512vl")) {
            best = 3;
        }
    }
    const char *env = getenv("QNNLAB_SIMD");
    if (env != nullptr && *env != '\0') {
        const int want = simd_rank(env);
        if (want > 0 && want < best) {
            best = want;  // only ever lowers the level: a CPU without AVX-512 cannot be forced to use it
        }
    }
    switch (best) {
        case 3: return qnnlab::kern_avx512::table();
        case 2: return qnnlab::kern_avx2::table();
        default: return qnnlab::kern_portable::table();
    }
#else
    return qnnlab::kern_portable::table();
#endif
}

int detect_default_threads() {
#ifdef _OPENMP
    const int t = omp_get_max_threads();
    return t > 0 ? t : 1;
#else
    return 1;
#endif
}

// Chosen once, when the library is loaded.
const KernelTable *const g_kernels = choose_kernels();
const int g_default_threads = detect_default_threads();

constexpr int kParallelMinQubits = 14;  // = org.qnnlab.sim.kernel.Kernels.PARALLEL_MIN_QUBITS (one threshold)
constexpr int kMaxThreads = 1024;

int effective_threads(const qnn_state *s) {
    if (s->num_qubits < kParallelMinQubits) {
        return 1;
    }
    const int t = s->threads > 0 ? s->threads : g_default_threads;
    return t > kMaxThreads ? kMaxThreads : t;
}

// ---- validation ----------------------------------------------------------------------------------------------------
// Every check runs before anything is written (state or output), so a refused call leaves both untouched.

qnn_status check_state(const char *fn, const qnn_state *s, const char *name) {
    if (s == nullptr) {
        return fail(QNN_ERR_NULL, "%s: %s is NULL; allowed: a qnn_state from qnn_state_create or qnn_state_wrap", fn,
                    name);
    }
    if (s->num_qubits < 0 || s->num_qubits > QNN_MAX_QUBITS) {
        return fail(QNN_ERR_SIZE, "%s: %s->num_qubits = %d out of range; allowed: 0..%d", fn, name,
                    int(s->num_qubits), QNN_MAX_QUBITS);
    }
    if (s->amplitudes == nullptr) {
        return fail(QNN_ERR_NULL, "%s: %s->amplitudes is NULL; allowed: a buffer of 2*2^%d doubles", fn, name,
                    int(s->num_qubits));
    }
    if ((reinterpret_cast<uintptr_t>(s->amplitudes) & 15) != 0) {
        return fail(QNN_ERR_ALIGNMENT,
                    "%s: %s->amplitudes = %p is not 16-byte aligned (address mod 16 = %d); allowed: 16-byte "
                    "aligned (64 recommended)",
                    fn, name, static_cast<void *>(s->amplitudes),
                    int(reinterpret_cast<uintptr_t>(s->amplitudes) & 15));
    }
    if (s->threads < 0) {
        return fail(QNN_ERR_SIZE, "%s: %s->threads = %d out of range; allowed: >= 0 (0 = library default)", fn, name,
                    int(s->threads));
    }
    return QNN_OK;
}

size_t state_bytes(const qnn_state *s) { return size_t(16) << s->num_qubits; }

// A caller's array of count elements of elem_bytes each: a negative count, or one whose array would be larger than
// any object can be (PTRDIFF_MAX bytes), is refused before anything is read or allocated. (Whether the array really
// is that long cannot be checked in C.)
qnn_status check_count(const char *fn, const char *what, int64_t count, size_t elem_bytes) {
    if (count < 0) {
        return fail(QNN_ERR_SIZE, "%s: %s = %lld out of range; allowed: >= 0", fn, what,
                    static_cast<long long>(count));
    }
    const uint64_t most = uint64_t(PTRDIFF_MAX) / elem_bytes;
    if (uint64_t(count) > most) {
        return fail(QNN_ERR_SIZE, "%s: %s = %lld out of range: %zu bytes per entry exceed the largest possible array; "
                                  "allowed: 0..%llu", fn, what, static_cast<long long>(count), elem_bytes,
                    static_cast<unsigned long long>(most));
    }
    return QNN_OK;
}

bool overlaps(const void *p, size_t p_bytes, const void *q, size_t q_bytes) {
    const uintptr_t a = reinterpret_cast<uintptr_t>(p), b = reinterpret_cast<uintptr_t>(q);
    return p_bytes > 0 && q_bytes > 0 && a < b + q_bytes && b < a + p_bytes;
}

// An array the call reads (or writes) while it writes (or reads) the other one must not share memory with it.
qnn_status check_disjoint(const char *ctx, const char *what, const void *p, size_t p_bytes, const char *other,
                          const void *q, size_t q_bytes) {
    if (overlaps(p, p_bytes, q, q_bytes)) {
        return fail(QNN_ERR_OVERLAP, "%s: %s [%p, +%zu bytes) overlaps %s [%p, +%zu bytes); allowed: separate "
                                     "buffers", ctx, what, p, p_bytes, other, q, q_bytes);
    }
    return QNN_OK;
}

int top_bit(uint64_t v) { return 63 - __builtin_clzll(v); }

// Every set bit of mask must be a qubit < n.
qnn_status check_mask(const char *ctx, const char *what, uint64_t mask, int n) {
    if (n < 64 && (mask >> n) != 0) {
        const int q = top_bit(mask);
        if (n == 0) {
            return fail(QNN_ERR_QUBIT, "%s: %s = 0x%llx names qubit %d; allowed: none (the state has 0 qubits)", ctx,
                        what, static_cast<unsigned long long>(mask), q);
        }
        return fail(QNN_ERR_QUBIT, "%s: %s = 0x%llx names qubit %d, out of range; allowed: qubits 0..%d", ctx, what,
                    static_cast<unsigned long long>(mask), q, n - 1);
    }
    return QNN_OK;
}

// Targets of a dense or diagonal gate plus its controls.
qnn_status check_targets(const char *ctx, const int32_t *qubits, int32_t k, uint64_t ctrl, int n) {
    if (qubits == nullptr) {
        return fail(QNN_ERR_NULL, "%s: qubits is NULL; allowed: an array of k qubit indices", ctx);
    }
    if (k < 1 || k > QNN_MAX_GATE_QUBITS) {
        return fail(QNN_ERR_SIZE, "%s: k = %d target qubits out of range; allowed: 1..%d", ctx, int(k),
                    QNN_MAX_GATE_QUBITS);
    }
    uint64_t targets = 0;
    for (int j = 0; j < k; ++j) {
        const int32_t q = qubits[j];
        if (q < 0 || q >= n) {
            if (n == 0) {
                return fail(QNN_ERR_QUBIT, "%s: qubit %d (qubits[%d]) out of range; allowed: none (the state has 0 "
                                           "qubits)", ctx, int(q), j);
            }
            return fail(QNN_ERR_QUBIT, "%s: qubit %d (qubits[%d]) out of range; allowed: 0..%d", ctx, int(q), j,
                        n - 1);
        }
        if (targets & (uint64_t(1) << q)) {
            int first = 0;
            while (qubits[first] != q) {
                ++first;
            }
            return fail(QNN_ERR_REPEATED, "%s: qubit %d is listed twice (qubits[%d] and qubits[%d]); allowed: "
                                          "distinct qubits", ctx, int(q), first, j);
        }
        targets |= uint64_t(1) << q;
    }
    qnn_status st = check_mask(ctx, "ctrl", ctrl, n);
    if (st != QNN_OK) {
        return st;
    }
    if (ctrl & targets) {
        const int q = __builtin_ctzll(ctrl & targets);
        return fail(QNN_ERR_REPEATED, "%s: qubit %d is both a control (ctrl = 0x%llx) and a target; allowed: "
                                      "controls disjoint from the targets", ctx, q,
                    static_cast<unsigned long long>(ctrl));
    }
    return QNN_OK;
}

// True if no value is NaN or inf. Branch-free (a value is non-finite iff its exponent bits are all ones, and then
// adding 1 to the exponent field carries into the sign bit), so the compiler vectorizes it: ~0.3 ns per value.
bool all_finite(const double *v, int64_t count) {
    constexpr uint64_t kExponent = 0x7ff0000000000000ULL;
    uint64_t carry = 0;
    for (int64_t i = 0; i < count; ++i) {
        uint64_t bits;
        memcpy(&bits, v + i, sizeof bits);
        carry |= (bits & kExponent) + (uint64_t(1) << 52);
    }
    return (carry >> 63) == 0;
}

// The entries of a dense (2*4^k doubles) or diagonal (2*2^k doubles) gate: present, finite, and not inside the state
// the gate is applied to. At most 2048 doubles, once per gate: negligible next to the gate itself.
qnn_status check_gate_data(const char *ctx, const char *what, const double *data, int k, bool diagonal,
                           const qnn_state *s) {
    const int64_t dim = int64_t(1) << k;
    const int64_t entries = diagonal ? dim : dim * dim;
    if (data == nullptr) {
        return fail(QNN_ERR_NULL, "%s: %s is NULL; allowed: %s", ctx, what,
                    diagonal ? "2*2^k doubles (the diagonal)" : "2*4^k doubles (the matrix)");
    }
    QNN_TRY(check_disjoint(ctx, what, data, size_t(16 * entries), "s->amplitudes", s->amplitudes, state_bytes(s)));
    if (all_finite(data, 2 * entries)) {
        return QNN_OK;
    }
    for (int64_t i = 0; i < 2 * entries; ++i) {  // find the first bad entry for the message
        if (!std::isfinite(data[i])) {
            const int64_t e = i / 2;
            const char *part = (i & 1) ? "imaginary" : "real";
            if (diagonal) {
                return fail(QNN_ERR_VALUE, "%s: %s[%lld] = %g (%s part of entry %lld) is not finite; allowed: finite "
                                           "entries", ctx, what, static_cast<long long>(i), data[i], part,
                            static_cast<long long>(e));
            }
            return fail(QNN_ERR_VALUE, "%s: %s[%lld] = %g (%s part of entry (%lld, %lld)) is not finite; allowed: "
                                       "finite entries", ctx, what, static_cast<long long>(i), data[i], part,
                        static_cast<long long>(e / dim), static_cast<long long>(e % dim));
        }
    }
    return QNN_OK;
}

qnn_status check_pauli(const char *ctx, uint64_t x, uint64_t z, int n) {
    qnn_status st = check_mask(ctx, "x", x, n);
    if (st == QNN_OK) {
        st = check_mask(ctx, "z", z, n);
    }
    return st;
}

qnn_status check_rotation(const char *ctx, uint64_t x, uint64_t z, double theta, uint64_t ctrl, int n) {
    qnn_status st = check_pauli(ctx, x, z, n);
    if (st == QNN_OK) {
        st = check_mask(ctx, "ctrl", ctrl, n);
    }
    if (st != QNN_OK) {
        return st;
    }
    if (ctrl & (x | z)) {
        const int q = __builtin_ctzll(ctrl & (x | z));
        return fail(QNN_ERR_REPEATED, "%s: qubit %d is both a control (ctrl = 0x%llx) and in the Pauli string "
                                      "(x = 0x%llx, z = 0x%llx); allowed: controls disjoint from the string", ctx, q,
                    static_cast<unsigned long long>(ctrl), static_cast<unsigned long long>(x),
                    static_cast<unsigned long long>(z));
    }
    if (!std::isfinite(theta)) {
        return fail(QNN_ERR_VALUE, "%s: theta = %g is not finite; allowed: a finite angle", ctx, theta);
    }
    return QNN_OK;
}

qnn_status check_finite(const char *ctx, const char *what, double v) {
    if (!std::isfinite(v)) {
        return fail(QNN_ERR_VALUE, "%s: %s = %g is not finite; allowed: a finite number", ctx, what, v);
    }
    return QNN_OK;
}

qnn_status check_term(const char *ctx, uint64_t x, uint64_t z, double weight, int n) {
    QNN_TRY(check_pauli(ctx, x, z, n));
    return check_finite(ctx, "weight", weight);
}

qnn_status check_op(const char *ctx, const qnn_op &op, const qnn_state *s) {
    switch (op.kind) {
        case QNN_OP_MATRIX:
        case QNN_OP_DIAGONAL:
            QNN_TRY(check_targets(ctx, op.qubits, op.k, op.ctrl, s->num_qubits));
            return check_gate_data(ctx, "data", op.data, op.k, op.kind == QNN_OP_DIAGONAL, s);
        case QNN_OP_PAULI_ROTATION:
            return check_rotation(ctx, op.x, op.z, op.theta, op.ctrl, s->num_qubits);
        default:
            return fail(QNN_ERR_VALUE, "%s: kind = %d is not an operation; allowed: 1 (QNN_OP_MATRIX), "
                                       "2 (QNN_OP_DIAGONAL), 3 (QNN_OP_PAULI_ROTATION)", ctx, int(op.kind));
    }
}

// Sampling needs a probability distribution: <s|s> must be a positive normal double. Refused: 0 (an all-zero state,
// or amplitudes so small that every |amp|^2 underflows), subnormal (the probabilities have lost their relative
// precision) and NaN or inf (a non-finite amplitude, or |amp|^2 overflowing). Any positive normal norm is sampled
// relative to itself; the state need not be normalized.
qnn_status check_sampling_norm(const char *fn, double total) {
    if (!(total >= DBL_MIN && total <= DBL_MAX)) {
        return fail(QNN_ERR_VALUE, "%s: the state's <s|s> = %g cannot be sampled (all-zero, underflowing or "
                                   "non-finite amplitudes); allowed: <s|s> in [%g, %g]", fn, total, DBL_MIN, DBL_MAX);
    }
    return QNN_OK;
}

// Targets of qnn_sample_sorted: finite, >= 0 and ascending (checked before the state is read).
qnn_status check_sample_targets(const char *fn, const double *targets, int64_t count) {
    for (int64_t k = 0; k < count; ++k) {
        const double t = targets[k];
        if (!std::isfinite(t) || t < 0) {
            return fail(QNN_ERR_VALUE, "%s: targets[%lld] = %g is %s; allowed: finite targets in [0, <s|s>)", fn,
                        static_cast<long long>(k), t, std::isfinite(t) ? "negative" : "not finite");
        }
        if (k > 0 && t < targets[k - 1]) {
            return fail(QNN_ERR_VALUE, "%s: targets[%lld] = %.17g is below targets[%lld] = %.17g; allowed: ascending "
                                       "targets", fn, static_cast<long long>(k), t, static_cast<long long>(k - 1),
                        targets[k - 1]);
        }
    }
    return QNN_OK;
}

// How far a target may exceed the library's own <s|s> (relative): room for a caller that summed the norm in another
// order. Such a target samples the last outcome with nonzero probability.
constexpr double kTargetSlack = 1e-9;

void apply_rotation(qnn_state *s, uint64_t x, uint64_t z, double theta, uint64_t ctrl) {
    g_kernels->apply_pauli_combo(s->amplitudes, s->num_qubits, x, z, std::cos(theta / 2), 0.0, -std::sin(theta / 2),
                                 ctrl, effective_threads(s));
}

uint64_t splitmix64(uint64_t &state) {
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

inline double prob(const double *a, int64_t i) { return a[2 * i] * a[2 * i] + a[2 * i + 1] * a[2 * i + 1]; }

// The walk of Sampling.java: targets visited in the given order (ascending for the documented result).
void walk(const double *a, int n, const double *targets, const int64_t *order, int64_t count, int64_t *out) {
    const int64_t dim = int64_t(1) << n;
    int64_t b = 0;
    double cumulative = prob(a, 0);
    int64_t memo_b = -1, memo_out = 0;
    for (int64_t k = 0; k < count; ++k) {
        const int64_t slot = order ? order[k] : k;
        const double target = targets[slot];
        while (cumulative <= target && b < dim - 1) {
            b++;
            cumulative += prob(a, b);
        }
        if (b != memo_b) {
            int64_t i = b;
            while (i > 0 && prob(a, i) == 0) {
                i--;
            }
            memo_b = b;
            memo_out = i;
        }
        out[slot] = memo_out;
    }
}

struct FreeDeleter {
    void operator()(void *p) const { free(p); }
};

// The checks of a gate applied on its own (qnn_apply_matrix, qnn_apply_diagonal): the state, the targets and
// controls, the qubit list outside the state, and the gate's entries (check_gate_data).
qnn_status check_gate_call(const char *fn, const qnn_state *s, const int32_t *qubits, int32_t k, uint64_t ctrl,
                           const char *what, const double *data, bool diagonal) {
    QNN_TRY(check_state(fn, s, "s"));
    QNN_TRY(check_targets(fn, qubits, k, ctrl, s->num_qubits));
    QNN_TRY(check_disjoint(fn, "qubits", qubits, sizeof(int32_t) * size_t(k), "s->amplitudes", s->amplitudes,
                           state_bytes(s)));
    return check_gate_data(fn, what, data, k, diagonal, s);
}

}  // namespace

// Every function below that returns a qnn_status runs its body through guarded() (status.hpp), so no exception
// crosses the C ABI; the ctest `boundary_coverage` checks that each one does.

extern "C" {

// ---- library information -------------------------------------------------------------------------------------------

const char *qnn_version(void) { return QNNLAB_VERSION_STRING; }

int qnn_abi_version(void) { return QNN_ABI_VERSION; }

const char *qnn_simd(void) { return g_kernels->simd; }

int qnn_simd_lanes(void) { return g_kernels->lanes; }

int qnn_default_threads(void) { return g_default_threads; }

// qnn_last_error is in status.cpp.

// ---- states ----------------------------------------------------------------------------------------------------------

qnn_status qnn_state_create(int32_t num_qubits, qnn_state **out) {
    static const char *fn = "qnn_state_create";
    return guarded(fn, [&] {
        if (out == nullptr) {
            return fail(QNN_ERR_NULL, "%s: out is NULL; allowed: a pointer that receives the state", fn);
        }
        if (num_qubits < 0 || num_qubits > QNN_MAX_QUBITS) {
            return fail(QNN_ERR_SIZE, "%s: num_qubits = %d out of range; allowed: 0..%d", fn, int(num_qubits),
                        QNN_MAX_QUBITS);
        }
        const size_t bytes = size_t(16) << num_qubits;
        void *buf = nullptr;
        if (posix_memalign(&buf, 64, bytes < 64 ? 64 : bytes) != 0 || buf == nullptr) {
            return fail(QNN_ERR_ALLOC, "%s: cannot allocate %zu bytes for %d qubits", fn, bytes, int(num_qubits));
        }
        qnn_state *s = static_cast<qnn_state *>(malloc(sizeof(qnn_state)));
        if (s == nullptr) {
            free(buf);
            return fail(QNN_ERR_ALLOC, "%s: cannot allocate the state descriptor", fn);
        }
        memset(buf, 0, bytes);
        s->amplitudes = static_cast<double *>(buf);
        s->amplitudes[0] = 1.0;
        s->num_qubits = num_qubits;
        s->threads = 0;
        s->owned = 1;
        s->reserved = 0;
        *out = s;
        return QNN_OK;
    });
}

void qnn_state_free(qnn_state *s) {
    // Only states from qnn_state_create (owned == 1) are freed; a wrapped view is left alone. Nothing here throws.
    if (s == nullptr || s->owned != 1) {
        return;
    }
    free(s->amplitudes);
    s->amplitudes = nullptr;
    s->owned = 0;
    free(s);
}

qnn_status qnn_state_wrap(qnn_state *s, double *amplitudes, int32_t num_qubits) {
    static const char *fn = "qnn_state_wrap";
    return guarded(fn, [&] {
        if (s == nullptr) {
            return fail(QNN_ERR_NULL, "%s: s is NULL; allowed: a qnn_state to fill", fn);
        }
        if (amplitudes == nullptr) {
            return fail(QNN_ERR_NULL, "%s: amplitudes is NULL; allowed: a buffer of 2*2^num_qubits doubles", fn);
        }
        if (num_qubits < 0 || num_qubits > QNN_MAX_QUBITS) {
            return fail(QNN_ERR_SIZE, "%s: num_qubits = %d out of range; allowed: 0..%d", fn, int(num_qubits),
                        QNN_MAX_QUBITS);
        }
        if ((reinterpret_cast<uintptr_t>(amplitudes) & 15) != 0) {
            return fail(QNN_ERR_ALIGNMENT,
                        "%s: amplitudes = %p is not 16-byte aligned (address mod 16 = %d); allowed: 16-byte aligned "
                        "(64 recommended)",
                        fn, static_cast<void *>(amplitudes), int(reinterpret_cast<uintptr_t>(amplitudes) & 15));
        }
        s->amplitudes = amplitudes;
        s->num_qubits = num_qubits;
        s->threads = 0;
        s->owned = 0;
        s->reserved = 0;
        return QNN_OK;
    });
}

// ---- gates -------------------------------------------------------------------------------------------------------------

qnn_status qnn_apply_matrix(qnn_state *s, const int32_t *qubits, int32_t k, const double *matrix, uint64_t ctrl) {
    static const char *fn = "qnn_apply_matrix";
    return guarded(fn, [&] {
        QNN_TRY(check_gate_call(fn, s, qubits, k, ctrl, "matrix", matrix, false));
        g_kernels->apply_matrix(s->amplitudes, s->num_qubits, qubits, k, matrix, ctrl, effective_threads(s));
        return QNN_OK;
    });
}

qnn_status qnn_apply_diagonal(qnn_state *s, const int32_t *qubits, int32_t k, const double *diag, uint64_t ctrl) {
    static const char *fn = "qnn_apply_diagonal";
    return guarded(fn, [&] {
        QNN_TRY(check_gate_call(fn, s, qubits, k, ctrl, "diag", diag, true));
        g_kernels->apply_diagonal(s->amplitudes, s->num_qubits, qubits, k, diag, ctrl, effective_threads(s));
        return QNN_OK;
    });
}

qnn_status qnn_apply_pauli_rotation(qnn_state *s, uint64_t x, uint64_t z, double theta, uint64_t ctrl) {
    static const char *fn = "qnn_apply_pauli_rotation";
    return guarded(fn, [&] {
        QNN_TRY(check_state(fn, s, "s"));
        QNN_TRY(check_rotation(fn, x, z, theta, ctrl, s->num_qubits));
        apply_rotation(s, x, z, theta, ctrl);
        return QNN_OK;
    });
}

qnn_status qnn_apply_pauli(qnn_state *s, uint64_t x, uint64_t z) {
    static const char *fn = "qnn_apply_pauli";
    return guarded(fn, [&] {
        QNN_TRY(check_state(fn, s, "s"));
        QNN_TRY(check_pauli(fn, x, z, s->num_qubits));
        g_kernels->apply_pauli_combo(s->amplitudes, s->num_qubits, x, z, 0.0, 1.0, 0.0, 0, effective_threads(s));
        return QNN_OK;
    });
}

qnn_status qnn_apply_batch(qnn_state *s, const qnn_op *ops, int64_t count) {
    static const char *fn = "qnn_apply_batch";
    return guarded(fn, [&] {
        QNN_TRY(check_state(fn, s, "s"));
        QNN_TRY(check_count(fn, "count", count, sizeof(qnn_op)));
        if (count > 0 && ops == nullptr) {
            return fail(QNN_ERR_NULL, "%s: ops is NULL with count = %lld; allowed: an array of count entries", fn,
                        static_cast<long long>(count));
        }
        QNN_TRY(check_disjoint(fn, "ops", ops, sizeof(qnn_op) * size_t(count), "s->amplitudes", s->amplitudes,
                               state_bytes(s)));
        for (int64_t i = 0; i < count; ++i) {
            if (check_op(fn, ops[i], s) != QNN_OK) {
                char ctx[64];  // formatted only on failure: again, for a message that names the entry
                snprintf(ctx, sizeof ctx, "%s: ops[%lld]", fn, static_cast<long long>(i));
                return check_op(ctx, ops[i], s);
            }
        }
        const int n = s->num_qubits;
        const int threads = effective_threads(s);
        for (int64_t i = 0; i < count; ++i) {
            const qnn_op &op = ops[i];
            switch (op.kind) {
                case QNN_OP_MATRIX:
                    g_kernels->apply_matrix(s->amplitudes, n, op.qubits, op.k, op.data, op.ctrl, threads);
                    break;
                case QNN_OP_DIAGONAL:
                    g_kernels->apply_diagonal(s->amplitudes, n, op.qubits, op.k, op.data, op.ctrl, threads);
                    break;
                default:
                    apply_rotation(s, op.x, op.z, op.theta, op.ctrl);
                    break;
            }
        }
        return QNN_OK;
    });
}

// ---- reductions and updates ------------------------------------------------------------------------------------------

qnn_status qnn_expectation_pauli(const qnn_state *s, uint64_t x, uint64_t z, double *out) {
    static const char *fn = "qnn_expectation_pauli";
    return guarded(fn, [&] {
        QNN_TRY(check_state(fn, s, "s"));
        if (out == nullptr) {
            return fail(QNN_ERR_NULL, "%s: out is NULL; allowed: a pointer to one double", fn);
        }
        QNN_TRY(check_pauli(fn, x, z, s->num_qubits));
        *out = g_kernels->expectation_pauli(s->amplitudes, s->num_qubits, x, z, effective_threads(s));
        return QNN_OK;
    });
}

qnn_status qnn_expectation_pauli_sum(const qnn_state *s, const uint64_t *xs, const uint64_t *zs,
                                     const double *weights, int64_t count, double *out) {
    static const char *fn = "qnn_expectation_pauli_sum";
    return guarded(fn, [&] {
        QNN_TRY(check_state(fn, s, "s"));
        if (out == nullptr) {
            return fail(QNN_ERR_NULL, "%s: out is NULL; allowed: a pointer to one double", fn);
        }
        QNN_TRY(check_count(fn, "count", count, sizeof(uint64_t)));
        if (count > 0 && (xs == nullptr || zs == nullptr || weights == nullptr)) {
            return fail(QNN_ERR_NULL, "%s: %s is NULL with count = %lld; allowed: arrays of count entries", fn,
                        xs == nullptr ? "xs" : (zs == nullptr ? "zs" : "weights"), static_cast<long long>(count));
        }
        for (int64_t t = 0; t < count; ++t) {
            if (check_term(fn, xs[t], zs[t], weights[t], s->num_qubits) != QNN_OK) {
                char ctx[80];  // formatted only on failure, as in qnn_apply_batch
                snprintf(ctx, sizeof ctx, "%s: term %lld", fn, static_cast<long long>(t));
                return check_term(ctx, xs[t], zs[t], weights[t], s->num_qubits);
            }
        }
        const int threads = effective_threads(s);
        double sum = 0.0;
        for (int64_t t = 0; t < count; ++t) {
            sum += weights[t] * g_kernels->expectation_pauli(s->amplitudes, s->num_qubits, xs[t], zs[t], threads);
        }
        *out = sum;
        return QNN_OK;
    });
}

qnn_status qnn_inner(const qnn_state *a, const qnn_state *b, double out[2]) {
    static const char *fn = "qnn_inner";
    return guarded(fn, [&] {
        QNN_TRY(check_state(fn, a, "a"));
        QNN_TRY(check_state(fn, b, "b"));
        if (out == nullptr) {
            return fail(QNN_ERR_NULL, "%s: out is NULL; allowed: a pointer to two doubles", fn);
        }
        if (a->num_qubits != b->num_qubits) {
            return fail(QNN_ERR_SIZE, "%s: b has %d qubits but a has %d; allowed: the same number of qubits", fn,
                        int(b->num_qubits), int(a->num_qubits));
        }
        g_kernels->inner(a->amplitudes, b->amplitudes, a->num_qubits, effective_threads(a), out);
        return QNN_OK;
    });
}

qnn_status qnn_norm_squared(const qnn_state *s, double *out) {
    static const char *fn = "qnn_norm_squared";
    return guarded(fn, [&] {
        QNN_TRY(check_state(fn, s, "s"));
        if (out == nullptr) {
            return fail(QNN_ERR_NULL, "%s: out is NULL; allowed: a pointer to one double", fn);
        }
        *out = g_kernels->norm_squared(s->amplitudes, s->num_qubits, effective_threads(s));
        return QNN_OK;
    });
}

qnn_status qnn_scale(qnn_state *s, double re, double im) {
    static const char *fn = "qnn_scale";
    return guarded(fn, [&] {
        QNN_TRY(check_state(fn, s, "s"));
        QNN_TRY(check_finite(fn, "re", re));
        QNN_TRY(check_finite(fn, "im", im));
        g_kernels->scale(s->amplitudes, s->num_qubits, re, im, effective_threads(s));
        return QNN_OK;
    });
}

qnn_status qnn_axpy(qnn_state *y, const qnn_state *x, double re, double im) {
    static const char *fn = "qnn_axpy";
    return guarded(fn, [&] {
        QNN_TRY(check_state(fn, y, "y"));
        QNN_TRY(check_state(fn, x, "x"));
        if (x->num_qubits != y->num_qubits) {
            return fail(QNN_ERR_SIZE, "%s: x has %d qubits but y has %d; allowed: the same number of qubits", fn,
                        int(x->num_qubits), int(y->num_qubits));
        }
        if (x->amplitudes != y->amplitudes) {  // y += c y is fine; a shifted overlap is not
            QNN_TRY(check_disjoint(fn, "x->amplitudes", x->amplitudes, state_bytes(x), "y->amplitudes",
                                   y->amplitudes, state_bytes(y)));
        }
        QNN_TRY(check_finite(fn, "re", re));
        QNN_TRY(check_finite(fn, "im", im));
        g_kernels->axpy(y->amplitudes, x->amplitudes, y->num_qubits, re, im, effective_threads(y));
        return QNN_OK;
    });
}

// ---- sampling ----------------------------------------------------------------------------------------------------------

qnn_status qnn_sample_sorted(const qnn_state *s, const double *targets, int64_t count, int64_t *out) {
    static const char *fn = "qnn_sample_sorted";
    return guarded(fn, [&] {
        QNN_TRY(check_state(fn, s, "s"));
        QNN_TRY(check_count(fn, "count", count, sizeof(double)));
        if (count == 0) {
            return QNN_OK;
        }
        if (targets == nullptr || out == nullptr) {
            return fail(QNN_ERR_NULL, "%s: %s is NULL with count = %lld; allowed: arrays of count entries", fn,
                        targets == nullptr ? "targets" : "out", static_cast<long long>(count));
        }
        const size_t bytes = sizeof(int64_t) * size_t(count);
        QNN_TRY(check_disjoint(fn, "out", out, bytes, "targets", targets, bytes));
        QNN_TRY(check_disjoint(fn, "out", out, bytes, "s->amplitudes", s->amplitudes, state_bytes(s)));
        QNN_TRY(check_sample_targets(fn, targets, count));
        const double total = g_kernels->norm_squared(s->amplitudes, s->num_qubits, effective_threads(s));
        QNN_TRY(check_sampling_norm(fn, total));
        const double last = targets[count - 1];  // the largest: the targets are ascending
        if (last > total * (1 + kTargetSlack)) {
            return fail(QNN_ERR_VALUE, "%s: targets[%lld] = %.17g exceeds the state's <s|s> = %.17g; allowed: "
                                       "targets in [0, <s|s>)", fn, static_cast<long long>(count - 1), last, total);
        }
        walk(s->amplitudes, s->num_qubits, targets, nullptr, count, out);
        return QNN_OK;
    });
}

qnn_status qnn_sample(const qnn_state *s, int64_t shots, uint64_t seed, int64_t *out) {
    static const char *fn = "qnn_sample";
    return guarded(fn, [&] {
        QNN_TRY(check_state(fn, s, "s"));
        QNN_TRY(check_count(fn, "shots", shots, sizeof(int64_t)));
        if (shots == 0) {
            return QNN_OK;
        }
        if (out == nullptr) {
            return fail(QNN_ERR_NULL, "%s: out is NULL with shots = %lld; allowed: an array of shots entries", fn,
                        static_cast<long long>(shots));
        }
        const size_t bytes = sizeof(int64_t) * size_t(shots);
        QNN_TRY(check_disjoint(fn, "out", out, bytes, "s->amplitudes", s->amplitudes, state_bytes(s)));
        const double total = g_kernels->norm_squared(s->amplitudes, s->num_qubits, effective_threads(s));
        QNN_TRY(check_sampling_norm(fn, total));
        // Scratch: the draws and their order, 16 bytes per shot (malloc, so a huge count fails here, not in new).
        std::unique_ptr<double[], FreeDeleter> u(static_cast<double *>(malloc(sizeof(double) * size_t(shots))));
        std::unique_ptr<int64_t[], FreeDeleter> order(static_cast<int64_t *>(malloc(bytes)));
        if (!u || !order) {
            return fail(QNN_ERR_ALLOC, "%s: cannot allocate %zu bytes of scratch for shots = %lld", fn, 2 * bytes,
                        static_cast<long long>(shots));
        }
        uint64_t state = seed;
        for (int64_t k = 0; k < shots; ++k) {
            // SplittableRandom(seed).nextDouble(): the same stream as qnnlab's Java kernels.
            u[k] = double(splitmix64(state) >> 11) * 0x1.0p-53 * total;
            order[k] = k;
        }
        const double *draws = u.get();
        std::stable_sort(order.get(), order.get() + shots,
                         [draws](int64_t a, int64_t b) { return draws[a] < draws[b]; });
        walk(s->amplitudes, s->num_qubits, draws, order.get(), shots, out);
        return QNN_OK;
    });
}

}  // extern "C"
