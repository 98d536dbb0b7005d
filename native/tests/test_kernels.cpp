// test_kernels.cpp: every kernel of libqnnlab against a plain reference (a port of the Java ScalarKernel) on random
// states: every target and target pair up to n = 10, fused k = 3..5 gates, diagonals, Pauli rotations, controls,
// reductions; then n = 16 on 2 threads. Run once per SIMD level: `test_kernels LEVEL` with QNNLAB_SIMD=LEVEL.
#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdio>
#include <cstdlib>
#include <cstdarg>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "test_util.h"

typedef std::complex<double> cd;
typedef std::vector<cd> Vec;

namespace ref {

uint64_t insert_zeros(uint64_t base, std::vector<int> sorted) {
    uint64_t i = base;
    for (int q : sorted) {
        uint64_t low = i & ((uint64_t(1) << q) - 1);
        i = ((i ^ low) << 1) | low;
    }
    return i;
}

void matrix(Vec &s, int n, const std::vector<int> &qs, const std::vector<double> &m, uint64_t ctrl) {
    int k = int(qs.size()), dim = 1 << k;
    std::vector<uint64_t> off(dim, 0);
    for (int r = 0; r < dim; ++r)
        for (int j = 0; j < k; ++j)
            if ((r >> (k - 1 - j)) & 1) off[r] |= uint64_t(1) << qs[j];
    std::vector<int> sorted = qs;
    std::sort(sorted.begin(), sorted.end());
    Vec v(dim);
    for (uint64_t base = 0; base < (uint64_t(1) << (n - k)); ++base) {
        uint64_t i = insert_zeros(base, sorted);
        if ((i & ctrl) != ctrl) continue;
        for (int c = 0; c < dim; ++c) v[c] = s[i + off[c]];
        for (int r = 0; r < dim; ++r) {
            cd acc = 0;
            for (int c = 0; c < dim; ++c) acc += cd(m[2 * (r * dim + c)], m[2 * (r * dim + c) + 1]) * v[c];
            s[i + off[r]] = acc;
        }
    }
}

void diagonal(Vec &s, int n, const std::vector<int> &qs, const std::vector<double> &d, uint64_t ctrl) {
    for (uint64_t b = 0; b < (uint64_t(1) << n); ++b) {
        if ((b & ctrl) != ctrl) continue;
        int r = 0;
        for (int q : qs) r = (r << 1) | int((b >> q) & 1);
        s[b] *= cd(d[2 * r], d[2 * r + 1]);
    }
}

cd phase(uint64_t b, uint64_t x, uint64_t z) {  // <b^x|P|b>
    static const cd p[4] = {cd(1, 0), cd(0, 1), cd(-1, 0), cd(0, -1)};
    return p[(__builtin_popcountll(x & z) + 2 * __builtin_popcountll(b & z)) & 3];
}

Vec pauli(const Vec &s, uint64_t x, uint64_t z) {
    Vec out(s.size());
    for (uint64_t b = 0; b < s.size(); ++b) out[b ^ x] = phase(b, x, z) * s[b];
    return out;
}

void rotation(Vec &s, uint64_t x, uint64_t z, double theta, uint64_t ctrl) {
    Vec p = pauli(s, x, z);
    for (uint64_t b = 0; b < s.size(); ++b)
        if ((b & ctrl) == ctrl) s[b] = std::cos(theta / 2) * s[b] - cd(0, 1) * std::sin(theta / 2) * p[b];
}

double expectation(const Vec &s, uint64_t x, uint64_t z) {
    Vec p = pauli(s, x, z);
    cd acc = 0;
    for (size_t b = 0; b < s.size(); ++b) acc += std::conj(s[b]) * p[b];
    return acc.real();
}

}  // namespace ref

std::mt19937_64 rng(12345);

double uni() { return std::uniform_real_distribution<double>(-1, 1)(rng); }

struct State {
    qnn_state *s = nullptr;
    int n;
    explicit State(int n_, int threads = 0) : n(n_) {
        if (qnn_state_create(n, &s) != QNN_OK) {
            fprintf(stderr, "create: %s\n", qnn_last_error());
            exit(2);
        }
        s->threads = threads;
    }
    ~State() { qnn_state_free(s); }
    void load(const Vec &v) { std::memcpy(s->amplitudes, v.data(), sizeof(cd) * v.size()); }
    Vec get() const {
        Vec v(size_t(1) << n);
        std::memcpy(v.data(), s->amplitudes, sizeof(cd) * v.size());
        return v;
    }
};

Vec random_vec(int n) {
    Vec v(size_t(1) << n);
    double norm = 0;
    for (auto &a : v) {
        a = cd(uni(), uni());
        norm += std::norm(a);
    }
    for (auto &a : v) a /= std::sqrt(norm);
    return v;
}

std::vector<double> random_matrix(int k) {
    std::vector<double> m(2u << (2 * k));
    for (auto &x : m) x = uni();
    return m;
}

double max_diff(const Vec &a, const Vec &b) {
    double d = 0;
    for (size_t i = 0; i < a.size(); ++i) d = std::max(d, std::abs(a[i] - b[i]));
    return d;
}

const double TOL = 1e-12;
long checks = 0;

void compare(const Vec &got, const Vec &want, const std::string &what) {
    ++checks;
    double d = max_diff(got, want);
    EXPECT(d <= TOL, "%s: max |difference| %.3g", what.c_str(), d);
}

// A random control mask on the qubits not in `used`, each with probability 1/4 (at most 3 controls).
uint64_t random_ctrl(int n, uint64_t used) {
    uint64_t c = 0;
    int count = 0;
    for (int q = 0; q < n && count < 3; ++q)
        if (!((used >> q) & 1) && (rng() & 3) == 0) {
            c |= uint64_t(1) << q;
            ++count;
        }
    return c;
}

std::string fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
std::string fmt(const char *f, ...) {
    char buf[256];
    va_list ap;
    va_start(ap, f);
    vsnprintf(buf, sizeof buf, f, ap);
    va_end(ap);
    return buf;
}

void check_matrix(State &st, const std::vector<int> &qs, uint64_t ctrl) {
    int n = st.n, k = int(qs.size());
    Vec v = random_vec(n), want = v;
    auto m = random_matrix(k);
    ref::matrix(want, n, qs, m, ctrl);
    st.load(v);
    EXPECT_OK(qnn_apply_matrix(st.s, qs.data(), k, m.data(), ctrl));
    std::string q;
    for (int x : qs) q += std::to_string(x) + " ";
    compare(st.get(), want, fmt("n=%d threads=%d matrix k=%d on { %s} ctrl=0x%llx", n, st.s->threads, k, q.c_str(),
                                (unsigned long long)ctrl));
}

void check_diagonal(State &st, const std::vector<int> &qs, uint64_t ctrl) {
    int n = st.n, k = int(qs.size());
    Vec v = random_vec(n), want = v;
    std::vector<double> d(2u << k);
    for (auto &x : d) x = uni();
    ref::diagonal(want, n, qs, d, ctrl);
    st.load(v);
    EXPECT_OK(qnn_apply_diagonal(st.s, qs.data(), k, d.data(), ctrl));
    compare(st.get(), want, fmt("n=%d diagonal k=%d first qubit %d ctrl=0x%llx", n, k, qs[0], (unsigned long long)ctrl));
}

void check_pauli(State &st, uint64_t x, uint64_t z, uint64_t ctrl) {
    int n = st.n;
    double theta = 3 * uni();
    Vec v = random_vec(n), want = v;
    ref::rotation(want, x, z, theta, ctrl);
    st.load(v);
    EXPECT_OK(qnn_apply_pauli_rotation(st.s, x, z, theta, ctrl));
    compare(st.get(), want, fmt("n=%d rotation x=0x%llx z=0x%llx ctrl=0x%llx", n, (unsigned long long)x,
                                (unsigned long long)z, (unsigned long long)ctrl));
    if (ctrl == 0) {
        st.load(v);
        EXPECT_OK(qnn_apply_pauli(st.s, x, z));
        compare(st.get(), ref::pauli(v, x, z), fmt("n=%d pauli x=0x%llx z=0x%llx", n, (unsigned long long)x,
                                                  (unsigned long long)z));
        st.load(v);
        double e = 0;
        EXPECT_OK(qnn_expectation_pauli(st.s, x, z, &e));
        ++checks;
        EXPECT(std::abs(e - ref::expectation(v, x, z)) <= TOL, "n=%d expectation x=0x%llx z=0x%llx: %.17g vs %.17g",
               n, (unsigned long long)x, (unsigned long long)z, e, ref::expectation(v, x, z));
    }
}

void check_whole(State &st) {
    int n = st.n;
    Vec a = random_vec(n), b = random_vec(n);
    State other(n, st.s->threads);
    st.load(a);
    other.load(b);
    double ip[2], nn;
    EXPECT_OK(qnn_inner(st.s, other.s, ip));
    cd want = 0;
    double wn = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        want += std::conj(a[i]) * b[i];
        wn += std::norm(a[i]);
    }
    ++checks;
    EXPECT(std::abs(cd(ip[0], ip[1]) - want) <= TOL, "n=%d inner", n);
    EXPECT_OK(qnn_norm_squared(st.s, &nn));
    EXPECT(std::abs(nn - wn) <= TOL, "n=%d norm %.17g vs %.17g", n, nn, wn);
    cd c(uni(), uni());
    EXPECT_OK(qnn_axpy(st.s, other.s, c.real(), c.imag()));
    Vec w = a;
    for (size_t i = 0; i < w.size(); ++i) w[i] += c * b[i];
    compare(st.get(), w, fmt("n=%d axpy", n));
    EXPECT_OK(qnn_scale(st.s, c.real(), c.imag()));
    for (auto &x : w) x *= c;
    compare(st.get(), w, fmt("n=%d scale", n));
}

std::vector<int> random_targets(int n, int k) {
    std::vector<int> all(n);
    for (int i = 0; i < n; ++i) all[i] = i;
    std::shuffle(all.begin(), all.end(), rng);
    return std::vector<int>(all.begin(), all.begin() + k);
}

uint64_t mask_of(const std::vector<int> &qs) {
    uint64_t m = 0;
    for (int q : qs) m |= uint64_t(1) << q;
    return m;
}

void run_size(int n, int threads, bool all_pairs) {
    State st(n, threads);
    for (int t = 0; t < n; ++t) {
        check_matrix(st, {t}, 0);
        check_matrix(st, {t}, random_ctrl(n, uint64_t(1) << t));
        check_diagonal(st, {t}, 0);
        if (t + 1 < n) check_matrix(st, {t}, uint64_t(1) << (t + 1));  // control right above the target
        if (t > 0) check_matrix(st, {t}, 1);                            // control on qubit 0
    }
    for (int q0 = 0; q0 < n; ++q0)
        for (int q1 = 0; q1 < n; ++q1) {
            if (q0 == q1 || (!all_pairs && (rng() % 4) != 0)) continue;
            check_matrix(st, {q0, q1}, 0);
            check_matrix(st, {q0, q1}, random_ctrl(n, mask_of({q0, q1})));
            check_diagonal(st, {q0, q1}, random_ctrl(n, mask_of({q0, q1})));
        }
    for (int k = 3; k <= 5 && k <= n; ++k)
        for (int rep = 0; rep < 6; ++rep) {
            auto qs = random_targets(n, k);
            check_matrix(st, qs, rep % 2 ? random_ctrl(n, mask_of(qs)) : 0);
            check_diagonal(st, qs, rep % 2 ? random_ctrl(n, mask_of(qs)) : 0);
        }
    uint64_t full = n == 64 ? ~uint64_t(0) : (uint64_t(1) << n) - 1;
    for (int rep = 0; rep < 40; ++rep) {
        uint64_t x = rng() & full, z = rng() & full;
        if (rep < 4) x = 0;                          // diagonal strings
        if (rep >= 4 && rep < 8) x &= -x, z &= 7;    // single-qubit X/Y mixed with low Zs
        check_pauli(st, x, z, 0);
        uint64_t ctrl = random_ctrl(n, x | z);
        if (ctrl) check_pauli(st, x, z, ctrl);
    }
    for (int t = 0; t < n; ++t) {  // every single-qubit X, Y, Z
        uint64_t b = uint64_t(1) << t;
        check_pauli(st, b, 0, 0);
        check_pauli(st, b, b, 0);
        check_pauli(st, 0, b, 0);
    }
    check_whole(st);
}

int main(int argc, char **argv) {
    const char *level = argc > 1 ? argv[1] : "";
    printf("libqnnlab %s, SIMD %s (%d lanes), QNNLAB_SIMD=%s\n", qnn_version(), qnn_simd(), qnn_simd_lanes(),
           getenv("QNNLAB_SIMD") ? getenv("QNNLAB_SIMD") : "(unset)");
#if defined(__x86_64__)
    int want = 0;
    if (!strcmp(level, "sse2")) want = 2;
    if (!strcmp(level, "avx2")) want = 4;
    if (!strcmp(level, "avx512")) want = 8;
    int best = 2;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) best = 4;
    if (best == 4 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
        __builtin_cpu_supports("avx512vl"))
        best = 8;
    if (want) {
        int expect = want < best ? want : best;
        EXPECT(qnn_simd_lanes() == expect, "QNNLAB_SIMD=%s: expected %d lanes, library uses %d (%s)", level, expect,
               qnn_simd_lanes(), qnn_simd());
    }
#endif
    for (int n = 1; n <= 10; ++n) run_size(n, 0, true);
    run_size(16, 2, false);
    printf("%ld comparisons\n", checks);
    return qnn_test_finish("test_kernels");
}
