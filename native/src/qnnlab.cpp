// qnnlab.cpp: the C ABI of libqnnlab (include/qnnlab.h): argument validation, error messages, states, SIMD
// dispatch and sampling. The arithmetic is in kernels.cpp, compiled once per SIMD level.
#include "qnnlab.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <algorithm>
#include <cmath>
#include <new>
#include <vector>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "kernels.hpp"

using qnnlab::KernelTable;

namespace {

// ---- errors --------------------------------------------------------------------------------------------------------

thread_local char g_error[512] = "";

qnn_status fail(qnn_status code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

qnn_status fail(qnn_status code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(g_error, sizeof g_error, fmt, ap);
    va_end(ap);
    return code;
}

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

constexpr int kParallelMinQubits = 14;
constexpr int kMaxThreads = 1024;

int effective_threads(const qnn_state *s) {
    if (s->num_qubits < kParallelMinQubits) {
        return 1;
    }
    const int t = s->threads > 0 ? s->threads : g_default_threads;
    return t > kMaxThreads ? kMaxThreads : t;
}

// ---- validation ----------------------------------------------------------------------------------------------------

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

#define QNN_TRY(expr)                      \
    do {                                   \
        const qnn_status st_ = (expr);     \
        if (st_ != QNN_OK) return st_;     \
    } while (0)

void apply_rotation(qnn_state *s, uint64_t x, uint64_t z, double theta, uint64_t ctrl) {
    g_kernels->apply_pauli_combo(s->amplitudes, s->num_qubits, x, z, std::cos(theta / 2), 0.0, -std::sin(theta / 2),
                                 ctrl, effective_threads(s));
}

qnn_status check_op(const char *ctx, const qnn_op &op, int n) {
    switch (op.kind) {
        case QNN_OP_MATRIX:
        case QNN_OP_DIAGONAL:
            QNN_TRY(check_targets(ctx, op.qubits, op.k, op.ctrl, n));
            if (op.data == nullptr) {
                return fail(QNN_ERR_NULL, "%s: data is NULL; allowed: %s", ctx,
                            op.kind == QNN_OP_MATRIX ? "2*4^k doubles (the matrix)" : "2*2^k doubles (the diagonal)");
            }
            return QNN_OK;
        case QNN_OP_PAULI_ROTATION:
            return check_rotation(ctx, op.x, op.z, op.theta, op.ctrl, n);
        default:
            return fail(QNN_ERR_VALUE, "%s: kind = %d is not an operation; allowed: 1 (QNN_OP_MATRIX), "
                                       "2 (QNN_OP_DIAGONAL), 3 (QNN_OP_PAULI_ROTATION)", ctx, int(op.kind));
    }
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

}  // namespace

// ---- library information -------------------------------------------------------------------------------------------

extern "C" {

const char *qnn_version(void) { return QNNLAB_VERSION_STRING; }

int qnn_abi_version(void) { return QNN_ABI_VERSION; }

const char *qnn_simd(void) { return g_kernels->simd; }

int qnn_simd_lanes(void) { return g_kernels->lanes; }

int qnn_default_threads(void) { return g_default_threads; }

const char *qnn_last_error(void) { return g_error; }

// ---- states ----------------------------------------------------------------------------------------------------------

qnn_status qnn_state_create(int32_t num_qubits, qnn_state **out) {
    static const char *fn = "qnn_state_create";
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
}

void qnn_state_free(qnn_state *s) {
    // Only states from qnn_state_create (owned == 1) are freed; a wrapped view is left alone.
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
}

// ---- gates -------------------------------------------------------------------------------------------------------------

qnn_status qnn_apply_matrix(qnn_state *s, const int32_t *qubits, int32_t k, const double *matrix, uint64_t ctrl) {
    static const char *fn = "qnn_apply_matrix";
    QNN_TRY(check_state(fn, s, "s"));
    QNN_TRY(check_targets(fn, qubits, k, ctrl, s->num_qubits));
    if (matrix == nullptr) {
        return fail(QNN_ERR_NULL, "%s: matrix is NULL; allowed: 2*4^k doubles", fn);
    }
    g_kernels->apply_matrix(s->amplitudes, s->num_qubits, qubits, k, matrix, ctrl, effective_threads(s));
    return QNN_OK;
}

qnn_status qnn_apply_diagonal(qnn_state *s, const int32_t *qubits, int32_t k, const double *diag, uint64_t ctrl) {
    static const char *fn = "qnn_apply_diagonal";
    QNN_TRY(check_state(fn, s, "s"));
    QNN_TRY(check_targets(fn, qubits, k, ctrl, s->num_qubits));
    if (diag == nullptr) {
        return fail(QNN_ERR_NULL, "%s: diag is NULL; allowed: 2*2^k doubles", fn);
    }
    g_kernels->apply_diagonal(s->amplitudes, s->num_qubits, qubits, k, diag, ctrl, effective_threads(s));
    return QNN_OK;
}

qnn_status qnn_apply_pauli_rotation(qnn_state *s, uint64_t x, uint64_t z, double theta, uint64_t ctrl) {
    static const char *fn = "qnn_apply_pauli_rotation";
    QNN_TRY(check_state(fn, s, "s"));
    QNN_TRY(check_rotation(fn, x, z, theta, ctrl, s->num_qubits));
    apply_rotation(s, x, z, theta, ctrl);
    return QNN_OK;
}

qnn_status qnn_apply_pauli(qnn_state *s, uint64_t x, uint64_t z) {
    static const char *fn = "qnn_apply_pauli";
    QNN_TRY(check_state(fn, s, "s"));
    QNN_TRY(check_pauli(fn, x, z, s->num_qubits));
    g_kernels->apply_pauli_combo(s->amplitudes, s->num_qubits, x, z, 0.0, 1.0, 0.0, 0, effective_threads(s));
    return QNN_OK;
}

qnn_status qnn_apply_batch(qnn_state *s, const qnn_op *ops, int64_t count) {
    static const char *fn = "qnn_apply_batch";
    QNN_TRY(check_state(fn, s, "s"));
    if (count < 0) {
        return fail(QNN_ERR_SIZE, "%s: count = %lld out of range; allowed: >= 0", fn, static_cast<long long>(count));
    }
    if (count > 0 && ops == nullptr) {
        return fail(QNN_ERR_NULL, "%s: ops is NULL with count = %lld; allowed: an array of count entries", fn,
                    static_cast<long long>(count));
    }
    const int n = s->num_qubits;
    for (int64_t i = 0; i < count; ++i) {
        char ctx[64];
        snprintf(ctx, sizeof ctx, "%s: ops[%lld]", fn, static_cast<long long>(i));
        QNN_TRY(check_op(ctx, ops[i], n));
    }
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
}

// ---- reductions and updates ------------------------------------------------------------------------------------------

qnn_status qnn_expectation_pauli(const qnn_state *s, uint64_t x, uint64_t z, double *out) {
    static const char *fn = "qnn_expectation_pauli";
    QNN_TRY(check_state(fn, s, "s"));
    if (out == nullptr) {
        return fail(QNN_ERR_NULL, "%s: out is NULL; allowed: a pointer to one double", fn);
    }
    QNN_TRY(check_pauli(fn, x, z, s->num_qubits));
    *out = g_kernels->expectation_pauli(s->amplitudes, s->num_qubits, x, z, effective_threads(s));
    return QNN_OK;
}

qnn_status qnn_expectation_pauli_sum(const qnn_state *s, const uint64_t *xs, const uint64_t *zs,
                                     const double *weights, int64_t count, double *out) {
    static const char *fn = "qnn_expectation_pauli_sum";
    QNN_TRY(check_state(fn, s, "s"));
    if (out == nullptr) {
        return fail(QNN_ERR_NULL, "%s: out is NULL; allowed: a pointer to one double", fn);
    }
    if (count < 0) {
        return fail(QNN_ERR_SIZE, "%s: count = %lld out of range; allowed: >= 0", fn, static_cast<long long>(count));
    }
    if (count > 0 && (xs == nullptr || zs == nullptr || weights == nullptr)) {
        return fail(QNN_ERR_NULL, "%s: %s is NULL with count = %lld; allowed: arrays of count entries", fn,
                    xs == nullptr ? "xs" : (zs == nullptr ? "zs" : "weights"), static_cast<long long>(count));
    }
    for (int64_t t = 0; t < count; ++t) {
        char ctx[80];
        snprintf(ctx, sizeof ctx, "%s: term %lld", fn, static_cast<long long>(t));
        QNN_TRY(check_pauli(ctx, xs[t], zs[t], s->num_qubits));
        QNN_TRY(check_finite(ctx, "weight", weights[t]));
    }
    const int threads = effective_threads(s);
    double sum = 0.0;
    for (int64_t t = 0; t < count; ++t) {
        sum += weights[t] * g_kernels->expectation_pauli(s->amplitudes, s->num_qubits, xs[t], zs[t], threads);
    }
    *out = sum;
    return QNN_OK;
}

qnn_status qnn_inner(const qnn_state *a, const qnn_state *b, double out[2]) {
    static const char *fn = "qnn_inner";
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
}

qnn_status qnn_norm_squared(const qnn_state *s, double *out) {
    static const char *fn = "qnn_norm_squared";
    QNN_TRY(check_state(fn, s, "s"));
    if (out == nullptr) {
        return fail(QNN_ERR_NULL, "%s: out is NULL; allowed: a pointer to one double", fn);
    }
    *out = g_kernels->norm_squared(s->amplitudes, s->num_qubits, effective_threads(s));
    return QNN_OK;
}

qnn_status qnn_scale(qnn_state *s, double re, double im) {
    static const char *fn = "qnn_scale";
    QNN_TRY(check_state(fn, s, "s"));
    QNN_TRY(check_finite(fn, "re", re));
    QNN_TRY(check_finite(fn, "im", im));
    g_kernels->scale(s->amplitudes, s->num_qubits, re, im, effective_threads(s));
    return QNN_OK;
}

qnn_status qnn_axpy(qnn_state *y, const qnn_state *x, double re, double im) {
    static const char *fn = "qnn_axpy";
    QNN_TRY(check_state(fn, y, "y"));
    QNN_TRY(check_state(fn, x, "x"));
    if (x->num_qubits != y->num_qubits) {
        return fail(QNN_ERR_SIZE, "%s: x has %d qubits but y has %d; allowed: the same number of qubits", fn,
                    int(x->num_qubits), int(y->num_qubits));
    }
    QNN_TRY(check_finite(fn, "re", re));
    QNN_TRY(check_finite(fn, "im", im));
    g_kernels->axpy(y->amplitudes, x->amplitudes, y->num_qubits, re, im, effective_threads(y));
    return QNN_OK;
}

// ---- sampling ----------------------------------------------------------------------------------------------------------

qnn_status qnn_sample_sorted(const qnn_state *s, const double *targets, int64_t count, int64_t *out) {
    static const char *fn = "qnn_sample_sorted";
    QNN_TRY(check_state(fn, s, "s"));
    if (count < 0) {
        return fail(QNN_ERR_SIZE, "%s: count = %lld out of range; allowed: >= 0", fn, static_cast<long long>(count));
    }
    if (count > 0 && (targets == nullptr || out == nullptr)) {
        return fail(QNN_ERR_NULL, "%s: %s is NULL with count = %lld; allowed: arrays of count entries", fn,
                    targets == nullptr ? "targets" : "out", static_cast<long long>(count));
    }
    walk(s->amplitudes, s->num_qubits, targets, nullptr, count, out);
    return QNN_OK;
}

qnn_status qnn_sample(const qnn_state *s, int64_t shots, uint64_t seed, int64_t *out) {
    static const char *fn = "qnn_sample";
    QNN_TRY(check_state(fn, s, "s"));
    if (shots < 0) {
        return fail(QNN_ERR_SIZE, "%s: shots = %lld out of range; allowed: >= 0", fn, static_cast<long long>(shots));
    }
    if (shots > 0 && out == nullptr) {
        return fail(QNN_ERR_NULL, "%s: out is NULL with shots = %lld; allowed: an array of shots entries", fn,
                    static_cast<long long>(shots));
    }
    if (shots == 0) {
        return QNN_OK;
    }
    try {
        const double total = g_kernels->norm_squared(s->amplitudes, s->num_qubits, effective_threads(s));
        std::vector<double> u(static_cast<size_t>(shots));
        std::vector<int64_t> order(static_cast<size_t>(shots));
        uint64_t state = seed;
        for (int64_t k = 0; k < shots; ++k) {
            // SplittableRandom(seed).nextDouble(): the same stream as qnnlab's Java kernels.
            u[size_t(k)] = double(splitmix64(state) >> 11) * 0x1.0p-53 * total;
            order[size_t(k)] = k;
        }
        std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return u[size_t(a)] < u[size_t(b)]; });
        walk(s->amplitudes, s->num_qubits, u.data(), order.data(), shots, out);
    } catch (const std::bad_alloc &) {
        return fail(QNN_ERR_ALLOC, "%s: cannot allocate scratch for %lld shots", fn, static_cast<long long>(shots));
    }
    return QNN_OK;
}

}  // extern "C"
