// kernels.cpp: libqnnlab's state-vector kernels. This translation unit is compiled once per SIMD level (see the root
// CMakeLists.txt) with -DQNN_KERNEL_NS=kern_<level>, so each copy lives in its own namespace and exports one
// KernelTable. Everything else is in an anonymous namespace: no inline function with external linkage may be emitted
// here, or the linker could merge e.g. the AVX-512 copy into the portable kernels. Eigen is renamed per level
// (QNN_EIGEN_NS) for the same reason.
//
// Layout: a[2*i] and a[2*i+1] are the real and imaginary parts of amplitude i. The hot loops are plain double
// arithmetic over contiguous runs of amplitudes (the indices below the lowest target/control bit), so the compiler
// vectorizes them for the level this copy is compiled for.
#include "kernels.hpp"

#include <stdint.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#ifdef QNN_EIGEN_NS
#define Eigen QNN_EIGEN_NS
#endif
#include <Eigen/Core>

#ifndef QNN_KERNEL_NS
#define QNN_KERNEL_NS kern_portable
#endif
#ifndef QNN_SIMD_NAME
#if defined(__x86_64__) || defined(_M_X64)
#define QNN_SIMD_NAME "SSE2 (2 double lanes)"
#elif defined(__aarch64__)
#define QNN_SIMD_NAME "NEON (2 double lanes)"
#else
#define QNN_SIMD_NAME "portable (2 double lanes)"
#endif
#endif
#ifndef QNN_SIMD_LANES
#define QNN_SIMD_LANES 2
#endif

namespace qnnlab {
namespace QNN_KERNEL_NS {
namespace {

typedef int64_t idx;
constexpr int kMaxThreads = 1024;
constexpr int QNN_MAX_K = 5;  // QNN_MAX_GATE_QUBITS

inline int popc(uint64_t v) { return __builtin_popcountll(v); }
inline int ctz(uint64_t v) { return __builtin_ctzll(v); }
inline int msb(uint64_t v) { return 63 - __builtin_clzll(v); }
inline uint64_t bit(int q) { return uint64_t(1) << q; }

// ---- parallel drivers --------------------------------------------------------------------------------------------

// f(u) for u in [0, count): on `threads` OpenMP threads (static schedule) or on the calling thread.
template <class F>
inline void par_for(idx count, int threads, F &&f) {
#ifdef _OPENMP
    if (threads > 1 && count > 1) {
        const int t = count < threads ? int(count) : threads;
#pragma omp parallel for num_threads(t) schedule(static)
        for (idx u = 0; u < count; ++u) {
            f(u);
        }
        return;
    }
#endif
    for (idx u = 0; u < count; ++u) {
        f(u);
    }
}

// [0, total) split into contiguous chunks, f(lo, hi) per chunk.
template <class F>
inline void for_chunks(idx total, int threads, F &&f) {
    if (threads <= 1 || total < 2) {
        f(idx(0), total);
        return;
    }
    idx nch = idx(threads) * 4;
    if (nch > total) {
        nch = total;
    }
    par_for(nch, threads, [&](idx c) { f(total * c / nch, total * (c + 1) / nch); });
}

// Deterministic reduction of (re, im) pairs: [0, total) is cut into a fixed number of chunks that depends only on
// the thread count; each chunk is summed in order, then the chunk sums are added in chunk order.
template <class F>
inline void reduce_chunks(idx total, int threads, F &&f, double out[2]) {
    int T = threads < 1 ? 1 : (threads > kMaxThreads ? kMaxThreads : threads);
    if (T > total) {
        T = total > 0 ? int(total) : 1;
    }
    double part[kMaxThreads][2];
    par_for(T, threads, [&](idx c) {
        double acc[2] = {0.0, 0.0};
        f(total * c / T, total * (c + 1) / T, acc);
        part[c][0] = acc[0];
        part[c][1] = acc[1];
    });
    double sr = 0.0, si = 0.0;
    for (int c = 0; c < T; ++c) {
        sr += part[c][0];
        si += part[c][1];
    }
    out[0] = sr;
    out[1] = si;
}

// The groups of an operation: for h in [0, count) the base index spread(h) has zeros at the `bits` positions (the
// targets, or the representative bit of a Pauli pair) and ones at the controls; the 2^p indices base + j,
// j < 2^p, form one contiguous run (p = the lowest special bit).
struct Spread {
    int p = 0;
    int ns = 0;
    int bits[64];
    uint64_t ones = 0;

    uint64_t operator()(uint64_t h) const {
        uint64_t x = h << p;
        for (int i = 0; i < ns; ++i) {
            const uint64_t low = x & (bit(bits[i]) - 1);
            x = ((x ^ low) << 1) | low;
        }
        return x | ones;
    }
};

// zeros: bit positions held fixed (all >= p); ones: the subset of them that is 1 (the controls).
inline Spread make_spread(uint64_t zeros, uint64_t ones, int p) {
    Spread s;
    s.p = p;
    s.ones = ones;
    for (uint64_t m = zeros; m != 0; m &= m - 1) {
        s.bits[s.ns++] = ctz(m);
    }
    return s;
}

inline Spread make_spread(uint64_t zeros, uint64_t ones) { return make_spread(zeros, ones, ctz(zeros)); }

inline idx run_pieces(idx count, idx len, int threads) {
    idx pieces = 1;
    if (threads > 1) {
        while (count * pieces < idx(8) * threads && len / pieces >= 4096) {
            pieces *= 2;
        }
    }
    return pieces;
}

// f(base, j0, len): the amplitudes base + j0 .. base + j0 + len - 1 of one run. Long runs are split into pieces when
// there are too few runs to keep every thread busy.
template <class F>
inline void for_runs(const Spread &sp, int n, int threads, F &&f) {
    const idx len = idx(1) << sp.p;
    const idx count = idx(1) << (n - sp.ns - sp.p);
    const idx pieces = run_pieces(count, len, threads);
    if (pieces == 1) {
        par_for(count, threads, [&](idx h) { f(sp(uint64_t(h)), idx(0), len); });
    } else {
        const idx pl = len / pieces;
        par_for(count * pieces, threads, [&](idx u) { f(sp(uint64_t(u / pieces)), (u % pieces) * pl, pl); });
    }
}

// Deterministic reduction over runs: f(base, j0, len, acc[2]) adds into acc.
template <class F>
inline void reduce_runs(const Spread &sp, int n, int threads, F &&f, double out[2]) {
    const idx len = idx(1) << sp.p;
    const idx count = idx(1) << (n - sp.ns - sp.p);
    const idx pieces = run_pieces(count, len, threads);
    const idx pl = len / pieces;
    reduce_chunks(count * pieces, threads, [&](idx lo, idx hi, double acc[2]) {
        for (idx u = lo; u < hi; ++u) {
            f(sp(uint64_t(u / pieces)), (u % pieces) * pl, pl, acc);
        }
    }, out);
}

// ---- 2x2 blocks ----------------------------------------------------------------------------------------------------

struct M2 {
    double ar, ai, br, bi, cr, ci, dr, di;  // [[a, b], [c, d]]
};

#define QNN_PAIR_BODY(LO, HI)                                                      \
    {                                                                              \
        const double xr = (LO)[0], xi = (LO)[1], yr = (HI)[0], yi = (HI)[1];       \
        (LO)[0] = ar * xr - ai * xi + br * yr - bi * yi;                           \
        (LO)[1] = ar * xi + ai * xr + br * yi + bi * yr;                           \
        (HI)[0] = cr * xr - ci * xi + dr * yr - di * yi;                           \
        (HI)[1] = cr * xi + ci * xr + dr * yi + di * yr;                           \
    }

#define QNN_M2_LOCALS(m)                                                           \
    const double ar = (m).ar, ai = (m).ai, br = (m).br, bi = (m).bi;               \
    const double cr = (m).cr, ci = (m).ci, dr = (m).dr, di = (m).di;

// len amplitude pairs (lo[j], hi[j]), each run contiguous.
inline void pair_run(double *__restrict lo, double *__restrict hi, idx len, const M2 &m) {
    QNN_M2_LOCALS(m)
    for (idx j = 0; j < 2 * len; j += 2) {
        QNN_PAIR_BODY(lo + j, hi + j)
    }
}

// npairs adjacent pairs (a[2j], a[2j+1]) (target qubit 0).
inline void adj_run(double *__restrict a, idx npairs, const M2 &m) {
    QNN_M2_LOCALS(m)
    for (idx j = 0; j < 4 * npairs; j += 4) {
        QNN_PAIR_BODY(a + j, a + j + 2)
    }
}

// nblocks blocks of 2T amplitudes: T low halves then T high halves (target qubit log2 T, small).
template <int T>
inline void block_run(double *__restrict a, idx nblocks, const M2 &m) {
    QNN_M2_LOCALS(m)
    for (idx b = 0; b < nblocks; ++b) {
        double *lo = a + b * 4 * T;
        for (int j = 0; j < 2 * T; j += 2) {
            QNN_PAIR_BODY(lo + j, lo + 2 * T + j)
        }
    }
}

// Targets 0..2, uncontrolled: tiles of 8 amplitudes (two 8-double vectors, GCC vector extensions so every SIMD level
// gets its own code) with per-lane coefficient tables, the way the Java kernel does it. Output lane i of amplitude j
// with target bit b is m[b][b]·a_j + m[b][1-b]·a_{j^bit}; in doubles: A∘v + B∘swap(v) + C∘partner(v) +
// D∘swap(partner(v)), where swap exchanges re/im. The per-pair scalar form (adj_run, block_run) leaves GCC either
// scalar or with gathers: measured 1.3-1.6x slower than the Java kernel at n = 20 in cache.
// Internal-linkage helpers only, so the vector-argument ABI note GCC gives for the non-AVX-512 copies is moot.
#pragma GCC diagnostic ignored "-Wpsabi"
typedef double v8d __attribute__((vector_size(64), aligned(8)));
typedef int64_t v8i __attribute__((vector_size(64)));

struct LaneTable {
    v8d A, B, C, D;
};

// Coefficients for the amplitudes of one 8-double vector (4 amplitudes, local indices 0..3) when the target is bit t.
inline LaneTable lane_table(const M2 &m, int t) {
    LaneTable L;
    for (int i = 0; i < 8; ++i) {
        const int j = i >> 1, comp = i & 1;
        const int b = t < 2 ? (j >> t) & 1 : 0;
        // row b of the matrix: self = m[b][b], other = m[b][1-b]; for t = 2 the caller passes the row itself
        const double sr = b ? m.dr : m.ar, si = b ? m.di : m.ai;
        const double orr = b ? m.cr : m.br, oi = b ? m.ci : m.bi;
        L.A[i] = sr;
        L.B[i] = comp ? si : -si;
        L.C[i] = orr;
        L.D[i] = comp ? oi : -oi;
    }
    return L;
}

inline v8d load8(const double *p) {
    v8d v;
    memcpy(&v, p, sizeof v);
    return v;
}

inline void store8(double *p, v8d v) { memcpy(p, &v, sizeof v); }

// Keeps loaded vectors in registers: without it GCC folds each load into two FMAs as memory operands and reloads
// the tile after the first store.
inline void in_registers(v8d &a, v8d &b, v8d &c, v8d &d) {
#if defined(__AVX512F__)
    asm("" : "+v"(a), "+v"(b), "+v"(c), "+v"(d));
#else
    (void)a, (void)b, (void)c, (void)d;
#endif
}

template <int T>
void apply1_low(double *a, idx tiles, const M2 &m) {
    const v8i sw = {1, 0, 3, 2, 5, 4, 7, 6};
    if (T < 2) {
        const v8i pt = T == 0 ? v8i{2, 3, 0, 1, 6, 7, 4, 5} : v8i{4, 5, 6, 7, 0, 1, 2, 3};
        const v8i pts = T == 0 ? v8i{3, 2, 1, 0, 7, 6, 5, 4} : v8i{5, 4, 7, 6, 1, 0, 3, 2};
        const LaneTable L = lane_table(m, T);
        for (idx u = 0; u < tiles; ++u) {
            double *p = a + 16 * u;
            const v8d v0 = load8(p), v1 = load8(p + 8);
            const v8d r0 = L.A * v0 + L.B * __builtin_shuffle(v0, sw) + L.C * __builtin_shuffle(v0, pt) +
                           L.D * __builtin_shuffle(v0, pts);
            const v8d r1 = L.A * v1 + L.B * __builtin_shuffle(v1, sw) + L.C * __builtin_shuffle(v1, pt) +
                           L.D * __builtin_shuffle(v1, pts);
            store8(p, r0);
            store8(p + 8, r1);
        }
    } else {
        const M2 lo{m.ar, m.ai, m.br, m.bi, 0, 0, 0, 0};
        const M2 hi{m.dr, m.di, m.cr, m.ci, 0, 0, 0, 0};  // row 1 as (self, other)
        const LaneTable L0 = lane_table(lo, 2), L1 = lane_table(hi, 2);
        // All loads of a 256-byte step before its stores: one tile per step left GCC reloading after the first
        // store and ran ~20% slower in cache.
        idx u = 0;
        for (; u + 2 <= tiles; u += 2) {
            double *p = a + 16 * u;
            v8d x = load8(p), y = load8(p + 8), x2 = load8(p + 16), y2 = load8(p + 24);
            in_registers(x, y, x2, y2);
            const v8d xs = __builtin_shuffle(x, sw), ys = __builtin_shuffle(y, sw);
            const v8d xs2 = __builtin_shuffle(x2, sw), ys2 = __builtin_shuffle(y2, sw);
            const v8d r0 = L0.A * x + L0.B * xs + L0.C * y + L0.D * ys;
            const v8d r1 = L1.A * y + L1.B * ys + L1.C * x + L1.D * xs;
            const v8d r2 = L0.A * x2 + L0.B * xs2 + L0.C * y2 + L0.D * ys2;
            const v8d r3 = L1.A * y2 + L1.B * ys2 + L1.C * x2 + L1.D * xs2;
            store8(p, r0);
            store8(p + 8, r1);
            store8(p + 16, r2);
            store8(p + 24, r3);
        }
        for (; u < tiles; ++u) {
            double *p = a + 16 * u;
            const v8d x = load8(p), y = load8(p + 8);
            const v8d xs = __builtin_shuffle(x, sw), ys = __builtin_shuffle(y, sw);
            const v8d r0 = L0.A * x + L0.B * xs + L0.C * y + L0.D * ys;
            const v8d r1 = L1.A * y + L1.B * ys + L1.C * x + L1.D * xs;
            store8(p, r0);
            store8(p + 8, r1);
        }
    }
}

// Uncontrolled target t >= 3: blocks of 2^(t+1) amplitudes, low half against high half, in tiles of 8 pairs.
void apply1_blocks(double *a, idx b0, idx b1, idx half, const M2 &m) {
    QNN_M2_LOCALS(m)
    for (idx b = b0; b < b1; ++b) {
        double *__restrict lo = a + 4 * half * b;
        double *__restrict hi = lo + 2 * half;
        for (idx j = 0; j < 2 * half; j += 16) {
            for (int l = 0; l < 16; l += 2) {
                QNN_PAIR_BODY(lo + j + l, hi + j + l)
            }
        }
    }
}

// As apply1_blocks for middle targets (pairs 512 B .. 16 KiB apart). The two streams are short runs that jump every
// 2^t amplitudes, which the hardware prefetcher follows badly once the state is in DRAM (measured 30-55% of the
// roofline at n = 24). Prefetching in address order ahead of the sweep's frontier (each tile advances it by
// 256 B = 4 lines), gives it the sequential pattern it needs: the same fix as the Java kernel's "touch" loop.
void apply1_blocks_prefetch(double *a, idx b0, idx b1, idx half, const M2 &m) {
    QNN_M2_LOCALS(m)
    // Twice the pair distance ahead, at least 8 KiB, at most 16 KiB (measured at n = 24 on AMD EPYC with
    // `qnn bench --compare`: a 1 KiB minimum left targets 5 and 6 at 1.2-1.5x the Java kernel, 4 KiB at 1.16-1.20x,
    // 8 KiB at 0.85-1.01x).
    const idx dist = std::min<idx>(16384, std::max<idx>(8192, 32 * half));
    for (idx b = b0; b < b1; ++b) {
        double *__restrict lo = a + 4 * half * b;
        double *__restrict hi = lo + 2 * half;
        for (idx j = 0; j < 2 * half; j += 16) {
            const char *ahead = reinterpret_cast<const char *>(lo + 2 * j) + dist;
            __builtin_prefetch(ahead, 1, 3);
            __builtin_prefetch(ahead + 64, 1, 3);
            __builtin_prefetch(ahead + 128, 1, 3);
            __builtin_prefetch(ahead + 192, 1, 3);
            for (int l = 0; l < 16; l += 2) {
                QNN_PAIR_BODY(lo + j + l, hi + j + l)
            }
        }
    }
}

void apply1_high(double *a, int n, int t, const M2 &m, int threads) {
    const idx half = idx(1) << t;
    const idx nb = (idx(1) << n) >> (t + 1);
    if (nb >= 4 * idx(threads)) {
        const idx strideBytes = 16 * half;
        if (n >= 18 && strideBytes >= 512 && strideBytes <= 16384) {
            for_chunks(nb, threads, [&](idx lo, idx hi) { apply1_blocks_prefetch(a, lo, hi, half, m); });
        } else {
            for_chunks(nb, threads, [&](idx lo, idx hi) { apply1_blocks(a, lo, hi, half, m); });
        }
        return;
    }
    // Few big blocks (high targets): split each block's halves into pieces.
    idx pieces = 1;
    while (nb * pieces < 4 * idx(threads) && pieces < half) {
        pieces *= 2;  // a power of two, so the pieces tile each half exactly
    }
    const idx plen = half / pieces;
    par_for(nb * pieces, threads, [&](idx u) {
        const idx b = u / pieces, pc = u % pieces;
        double *lo = a + 4 * half * b + 2 * plen * pc;
        M2 mm = m;
        QNN_M2_LOCALS(mm)
        double *__restrict l = lo;
        double *__restrict h = lo + 2 * half;
        for (idx j = 0; j < 2 * plen; j += 2) {
            QNN_PAIR_BODY(l + j, h + j)
        }
    });
}

void apply1(double *a, int n, int t, const double *mat, uint64_t ctrl, int threads) {
    const M2 m{mat[0], mat[1], mat[2], mat[3], mat[4], mat[5], mat[6], mat[7]};
    if (ctrl == 0 && t <= 2 && n >= 3) {
        const idx tiles = (idx(1) << n) >> 3;  // 8 amplitudes per tile
        for_chunks(tiles, threads, [&](idx lo, idx hi) {
            if (t == 0) {
                apply1_low<0>(a + 16 * lo, hi - lo, m);
            } else if (t == 1) {
                apply1_low<1>(a + 16 * lo, hi - lo, m);
            } else {
                apply1_low<2>(a + 16 * lo, hi - lo, m);
            }
        });
        return;
    }
    if (ctrl == 0 && t <= 1) {
        // n < 3 (less than one 8-amplitude tile): the per-pair loops
        const idx nb = (idx(1) << n) >> (t + 1);
        for_chunks(nb, threads, [&](idx lo, idx hi) {
            if (t == 0) {
                adj_run(a + 4 * lo, hi - lo, m);
            } else {
                block_run<2>(a + 8 * lo, hi - lo, m);
            }
        });
        return;
    }
    if (ctrl == 0) {
        apply1_high(a, n, t, m, threads);
        return;
    }
    if (t == 0) {
        // Controlled, target 0: runs of adjacent pairs below the lowest control.
        const Spread sp = make_spread(ctrl, ctrl);
        for_runs(sp, n, threads, [&](uint64_t base, idx j0, idx len) { adj_run(a + 2 * (base + j0), len / 2, m); });
        return;
    }
    const Spread sp = make_spread(ctrl | bit(t), ctrl);
    const idx off = idx(1) << t;
    for_runs(sp, n, threads, [&](uint64_t base, idx j0, idx len) {
        double *lo = a + 2 * (base + j0);
        pair_run(lo, lo + 2 * off, len, m);
    });
}

// ---- 4x4 blocks ----------------------------------------------------------------------------------------------------

// One group of 4 amplitudes at p0..p3 (interleaved re, im) times the 4x4 matrix M (row-major, interleaved).
inline void quad_group(double *__restrict p0, double *__restrict p1, double *__restrict p2, double *__restrict p3,
                       const double *__restrict M) {
    const double v0r = p0[0], v0i = p0[1], v1r = p1[0], v1i = p1[1];
    const double v2r = p2[0], v2i = p2[1], v3r = p3[0], v3i = p3[1];
#define QNN_ROW(r, P)                                                                                        \
    (P)[0] = M[8 * r + 0] * v0r - M[8 * r + 1] * v0i + M[8 * r + 2] * v1r - M[8 * r + 3] * v1i +             \
             M[8 * r + 4] * v2r - M[8 * r + 5] * v2i + M[8 * r + 6] * v3r - M[8 * r + 7] * v3i;              \
    (P)[1] = M[8 * r + 0] * v0i + M[8 * r + 1] * v0r + M[8 * r + 2] * v1i + M[8 * r + 3] * v1r +             \
             M[8 * r + 4] * v2i + M[8 * r + 5] * v2r + M[8 * r + 6] * v3i + M[8 * r + 7] * v3r;
    QNN_ROW(0, p0)
    QNN_ROW(1, p1)
    QNN_ROW(2, p2)
    QNN_ROW(3, p3)
#undef QNN_ROW
}

// len groups of 4 amplitudes p_c[ST*j] (ST = 2: unit stride; ST = 4: adjacent pairs, a target on qubit 0).
template <int ST>
inline void quad_run(double *__restrict p0, double *__restrict p1, double *__restrict p2, double *__restrict p3,
                     idx len, const double *__restrict mat) {
    double M[32];
    for (int i = 0; i < 32; ++i) {
        M[i] = mat[i];
    }
    for (idx j = 0; j < len; ++j) {
        const idx o = ST * j;
        quad_group(p0 + o, p1 + o, p2 + o, p3 + o, M);
    }
}

// Lower target below 3 and upper below 10: blocks of 2^P amplitudes (P = 10, or n if smaller), each swept through a
// list of its groups' local bases (target bits 0, low controls 1). The run walk below would give such a gate runs of
// 1-4 amplitudes, each paying a call, a spread and a copy of the matrix (measured 6x the Java kernel at target 0).
void apply2_low(double *a, int n, const idx o[4], uint64_t tm, const double *m, uint64_t ctrl, int threads) {
    const int p = n < 10 ? n : 10;
    const uint64_t blockMask = (uint64_t(1) << p) - 1;
    const uint64_t ctrlLow = ctrl & blockMask;
    const uint64_t ctrlHigh = ctrl & ~blockMask;
    idx local[1 << 10];
    idx count = 0;
    for (uint64_t l = 0; l <= blockMask; ++l) {
        if ((l & tm) == 0 && (l & ctrlLow) == ctrlLow) {
            local[count++] = idx(l);
        }
    }
    const Spread sp = make_spread(ctrlHigh, ctrlHigh, p);
    for_runs(sp, n, threads, [&](uint64_t base, idx, idx) {
        double M[32];
        for (int i = 0; i < 32; ++i) {
            M[i] = m[i];
        }
        double *b = a + 2 * base;
        for (idx g = 0; g < count; ++g) {
            quad_group(b + 2 * (local[g] + o[0]), b + 2 * (local[g] + o[1]), b + 2 * (local[g] + o[2]),
                       b + 2 * (local[g] + o[3]), M);
        }
    });
}

void apply2(double *a, int n, int q0, int q1, const double *m, uint64_t ctrl, int threads) {
    const uint64_t tm = bit(q0) | bit(q1);
    const uint64_t special = tm | ctrl;
    const idx o[4] = {0, idx(bit(q1)), idx(bit(q0)), idx(tm)};
    const int lo = q0 < q1 ? q0 : q1;
    const int hi = q0 < q1 ? q1 : q0;
    if (lo < 3 && hi < 10) {
        apply2_low(a, n, o, tm, m, ctrl, threads);
        return;
    }
    if (tm & 1) {
        // A target on qubit 0: runs of adjacent pairs below the next special bit.
        const Spread sp = make_spread(special & ~uint64_t(1), ctrl);
        for_runs(sp, n, threads, [&](uint64_t base, idx j0, idx len) {
            double *b = a + 2 * (base + j0);
            quad_run<4>(b + 2 * o[0], b + 2 * o[1], b + 2 * o[2], b + 2 * o[3], len / 2, m);
        });
        return;
    }
    const Spread sp = make_spread(special, ctrl);
    for_runs(sp, n, threads, [&](uint64_t base, idx j0, idx len) {
        double *b = a + 2 * (base + j0);
        quad_run<2>(b + 2 * o[0], b + 2 * o[1], b + 2 * o[2], b + 2 * o[3], len, m);
    });
}

// ---- k = 3..5: Eigen ---------------------------------------------------------------------------------------------

// The complex 2^K x 2^K matrix as a real (2D x 2D) matrix [[Re, -Im], [Im, Re]] acting on [re; im].
template <int K>
void applyK(double *a, int n, const int32_t *qs, const double *m, uint64_t ctrl, int threads) {
    constexpr int D = 1 << K;
    typedef Eigen::Matrix<double, 2 * D, 2 * D> RealMat;
    typedef Eigen::Matrix<double, 2 * D, 1> RealVec;
    RealMat R;
    for (int r = 0; r < D; ++r) {
        for (int c = 0; c < D; ++c) {
            const double mr = m[2 * (r * D + c)], mi = m[2 * (r * D + c) + 1];
            R(r, c) = mr;
            R(r, D + c) = -mi;
            R(D + r, c) = mi;
            R(D + r, D + c) = mr;
        }
    }
    idx off[D];
    uint64_t tm = 0;
    for (int r = 0; r < D; ++r) {
        off[r] = 0;
        for (int j = 0; j < K; ++j) {
            if ((r >> (K - 1 - j)) & 1) {
                off[r] |= idx(bit(qs[j]));
            }
        }
    }
    for (int j = 0; j < K; ++j) {
        tm |= bit(qs[j]);
    }
    const Spread sp = make_spread(tm | ctrl, ctrl);
    for_runs(sp, n, threads, [&](uint64_t base, idx j0, idx len) {
        RealVec v, w;
        for (idx j = j0; j < j0 + len; ++j) {
            double *b = a + 2 * (base + j);
            for (int c = 0; c < D; ++c) {
                v(c) = b[2 * off[c]];
                v(D + c) = b[2 * off[c] + 1];
            }
            w.noalias() = R * v;
            for (int c = 0; c < D; ++c) {
                b[2 * off[c]] = w(c);
                b[2 * off[c] + 1] = w(D + c);
            }
        }
    });
}

void apply_matrix(double *a, int n, const int32_t *qs, int k, const double *m, uint64_t ctrl, int threads) {
    switch (k) {
        case 1: apply1(a, n, qs[0], m, ctrl, threads); break;
        case 2: apply2(a, n, qs[0], qs[1], m, ctrl, threads); break;
        case 3: applyK<3>(a, n, qs, m, ctrl, threads); break;
        case 4: applyK<4>(a, n, qs, m, ctrl, threads); break;
        default: applyK<5>(a, n, qs, m, ctrl, threads); break;
    }
}

// ---- diagonals: tiles of 8 amplitudes ------------------------------------------------------------------------------

// p[0..15] *= f[0..15] as 8 complex numbers.
inline void tile_mul(double *__restrict p, const double *__restrict f) {
    for (int j = 0; j < 16; j += 2) {
        const double xr = p[j], xi = p[j + 1], fr = f[j], fi = f[j + 1];
        p[j] = xr * fr - xi * fi;
        p[j + 1] = xr * fi + xi * fr;
    }
}

inline int subspace_index(uint64_t b, const int32_t *qs, int k) {
    int r = 0;
    for (int j = 0; j < k; ++j) {
        r = (r << 1) | int((b >> qs[j]) & 1);
    }
    return r;
}

void apply_diagonal(double *a, int n, const int32_t *qs, int k, const double *d, uint64_t ctrl, int threads) {
    const idx dim = idx(1) << n;
    if (n < 3) {
        for (idx b = 0; b < dim; ++b) {
            if ((uint64_t(b) & ctrl) != ctrl) {
                continue;
            }
            const int r = subspace_index(uint64_t(b), qs, k);
            const double xr = a[2 * b], xi = a[2 * b + 1], fr = d[2 * r], fi = d[2 * r + 1];
            a[2 * b] = xr * fr - xi * fi;
            a[2 * b + 1] = xr * fi + xi * fr;
        }
        return;
    }
    // Targets on qubits 0..2 vary inside a tile; the higher ones (and the higher controls) select a pattern.
    int nh = 0, hq[QNN_MAX_K], hshift[QNN_MAX_K];
    int rlow[8];
    bool lowok[8];
    const uint64_t ctrlLow = ctrl & 7, ctrlHigh = ctrl & ~uint64_t(7);
    for (int j = 0; j < 8; ++j) {
        rlow[j] = 0;
        lowok[j] = (uint64_t(j) & ctrlLow) == ctrlLow;
    }
    for (int jj = 0; jj < k; ++jj) {
        const int q = qs[jj], sh = k - 1 - jj;
        if (q < 3) {
            for (int j = 0; j < 8; ++j) {
                rlow[j] |= ((j >> q) & 1) << sh;
            }
        } else {
            hq[nh] = q;
            hshift[nh] = sh;
            ++nh;
        }
    }
    alignas(64) double pat[1 << QNN_MAX_K][16];
    for (int combo = 0; combo < (1 << nh); ++combo) {
        int rh = 0;
        for (int h = 0; h < nh; ++h) {
            rh |= ((combo >> h) & 1) << hshift[h];
        }
        for (int j = 0; j < 8; ++j) {
            const int r = rlow[j] | rh;
            pat[combo][2 * j] = lowok[j] ? d[2 * r] : 1.0;
            pat[combo][2 * j + 1] = lowok[j] ? d[2 * r + 1] : 0.0;
        }
    }
    for_chunks(dim >> 3, threads, [&](idx lo, idx hi) {
        for (idx t = lo; t < hi; ++t) {
            const uint64_t base = uint64_t(t) << 3;
            if ((base & ctrlHigh) != ctrlHigh) {
                continue;
            }
            int combo = 0;
            for (int h = 0; h < nh; ++h) {
                combo |= int((base >> hq[h]) & 1) << h;
            }
            tile_mul(a + 16 * t, pat[combo]);
        }
    });
}

// ---- Pauli strings -----------------------------------------------------------------------------------------------

// i^power * (wr + i wi).
inline void ipow_mul(int power, double wr, double wi, double &outr, double &outi) {
    switch (power & 3) {
        case 0: outr = wr; outi = wi; break;
        case 1: outr = -wi; outi = wr; break;
        case 2: outr = -wr; outi = -wi; break;
        default: outr = wi; outi = -wr; break;
    }
}

void apply_pauli_combo(double *a, int n, uint64_t x, uint64_t z, double c, double wr, double wi, uint64_t ctrl,
                       int threads) {
    const idx dim = idx(1) << n;
    if (x == 0) {
        // Diagonal: factor c + w (-1)^popcount(b & z) where the controls are 1.
        if (n < 3) {
            for (idx b = 0; b < dim; ++b) {
                if ((uint64_t(b) & ctrl) != ctrl) {
                    continue;
                }
                const double s = (popc(uint64_t(b) & z) & 1) ? -1.0 : 1.0;
                const double fr = c + wr * s, fi = wi * s;
                const double xr = a[2 * b], xi = a[2 * b + 1];
                a[2 * b] = xr * fr - xi * fi;
                a[2 * b + 1] = xr * fi + xi * fr;
            }
            return;
        }
        const uint64_t ctrlLow = ctrl & 7, ctrlHigh = ctrl & ~uint64_t(7), zHigh = z & ~uint64_t(7);
        alignas(64) double pat[2][16];
        for (int hp = 0; hp < 2; ++hp) {
            for (int j = 0; j < 8; ++j) {
                const bool ok = (uint64_t(j) & ctrlLow) == ctrlLow;
                const double s = ((popc(uint64_t(j) & z & 7) + hp) & 1) ? -1.0 : 1.0;
                pat[hp][2 * j] = ok ? c + wr * s : 1.0;
                pat[hp][2 * j + 1] = ok ? wi * s : 0.0;
            }
        }
        for_chunks(dim >> 3, threads, [&](idx lo, idx hi) {
            for (idx t = lo; t < hi; ++t) {
                const uint64_t base = uint64_t(t) << 3;
                if ((base & ctrlHigh) != ctrlHigh) {
                    continue;
                }
                tile_mul(a + 16 * t, pat[popc(base & zHigh) & 1]);
            }
        });
        return;
    }
    // Pairs (b, b ^ x) with bit msb(x) of b clear; phases are constant over runs below the lowest bit of x|z|ctrl.
    const int t = msb(x);
    const int p = ctz(x | z | ctrl);
    const int xz = popc(x & z);
    const Spread sp = make_spread(bit(t) | ctrl, ctrl, p);
    for_runs(sp, n, threads, [&](uint64_t base, idx j0, idx len) {
        const uint64_t partner = base ^ x;
        M2 m;
        m.ar = c;
        m.ai = 0.0;
        m.dr = c;
        m.di = 0.0;
        ipow_mul(xz + 2 * popc(partner & z), wr, wi, m.br, m.bi);  // <b|P|partner>
        ipow_mul(xz + 2 * popc(base & z), wr, wi, m.cr, m.ci);     // <partner|P|b>
        pair_run(a + 2 * (base + j0), a + 2 * (partner + j0), len, m);
    });
}

// sum over j < len of conj(u_j) v_j, added into (sr, si).
inline void dot_run(const double *__restrict u, const double *__restrict v, idx len, double &sr, double &si) {
    double ar[4] = {0, 0, 0, 0}, ai[4] = {0, 0, 0, 0};
    idx j = 0;
    for (; j + 4 <= len; j += 4) {
        for (int l = 0; l < 4; ++l) {
            const double ur = u[2 * (j + l)], ui = u[2 * (j + l) + 1], vr = v[2 * (j + l)], vi = v[2 * (j + l) + 1];
            ar[l] += ur * vr + ui * vi;
            ai[l] += ur * vi - ui * vr;
        }
    }
    for (; j < len; ++j) {
        const double ur = u[2 * j], ui = u[2 * j + 1], vr = v[2 * j], vi = v[2 * j + 1];
        ar[0] += ur * vr + ui * vi;
        ai[0] += ur * vi - ui * vr;
    }
    sr += (ar[0] + ar[1]) + (ar[2] + ar[3]);
    si += (ai[0] + ai[1]) + (ai[2] + ai[3]);
}

// sum of p[i]^2 for i < m doubles.
inline double sumsq(const double *__restrict p, idx m) {
    double acc[16];
    for (int l = 0; l < 16; ++l) {
        acc[l] = 0.0;
    }
    idx i = 0;
    for (; i + 16 <= m; i += 16) {
        for (int l = 0; l < 16; ++l) {
            acc[l] += p[i + l] * p[i + l];
        }
    }
    for (; i < m; ++i) {
        acc[0] += p[i] * p[i];
    }
    for (int w = 8; w >= 1; w /= 2) {
        for (int l = 0; l < w; ++l) {
            acc[l] += acc[l + w];
        }
    }
    return acc[0];
}

double expectation_pauli(const double *a, int n, uint64_t x, uint64_t z, int threads) {
    const idx dim = idx(1) << n;
    double out[2];
    if (x == 0) {
        if (n < 3) {
            double s = 0.0;
            for (idx b = 0; b < dim; ++b) {
                const double pr = a[2 * b] * a[2 * b] + a[2 * b + 1] * a[2 * b + 1];
                s += (popc(uint64_t(b) & z) & 1) ? -pr : pr;
            }
            return s;
        }
        const uint64_t zHigh = z & ~uint64_t(7);
        alignas(64) double sg[2][16];
        for (int hp = 0; hp < 2; ++hp) {
            for (int j = 0; j < 8; ++j) {
                sg[hp][2 * j] = sg[hp][2 * j + 1] = ((popc(uint64_t(j) & z & 7) + hp) & 1) ? -1.0 : 1.0;
            }
        }
        reduce_chunks(dim >> 3, threads, [&](idx lo, idx hi, double acc[2]) {
            double s[16];
            for (int l = 0; l < 16; ++l) {
                s[l] = 0.0;
            }
            for (idx t = lo; t < hi; ++t) {
                const double *p = a + 16 * t;
                const double *g = sg[popc((uint64_t(t) << 3) & zHigh) & 1];
                for (int l = 0; l < 16; ++l) {
                    s[l] += g[l] * p[l] * p[l];
                }
            }
            for (int w = 8; w >= 1; w /= 2) {
                for (int l = 0; l < w; ++l) {
                    s[l] += s[l + w];
                }
            }
            acc[0] += s[0];
        }, out);
        return out[0];
    }
    const int t = msb(x);
    const int p = ctz(x | z);
    const int xz = popc(x & z);
    const Spread sp = make_spread(bit(t), 0, p);
    reduce_runs(sp, n, threads, [&](uint64_t base, idx j0, idx len, double acc[2]) {
        const uint64_t partner = base ^ x;
        double sr = 0.0, si = 0.0;
        dot_run(a + 2 * (base + j0), a + 2 * (partner + j0), len, sr, si);
        double re, im;
        ipow_mul(xz + 2 * popc(partner & z), sr, si, re, im);  // <b|P|partner> * sum conj(psi_b) psi_partner
        acc[0] += re;
    }, out);
    return 2.0 * out[0];
}

// ---- whole-state operations --------------------------------------------------------------------------------------

void inner(const double *a, const double *b, int n, int threads, double out[2]) {
    reduce_chunks(idx(1) << n, threads, [&](idx lo, idx hi, double acc[2]) {
        dot_run(a + 2 * lo, b + 2 * lo, hi - lo, acc[0], acc[1]);
    }, out);
}

double norm_squared(const double *a, int n, int threads) {
    double out[2];
    reduce_chunks(idx(1) << n, threads, [&](idx lo, idx hi, double acc[2]) {
        acc[0] += sumsq(a + 2 * lo, 2 * (hi - lo));
    }, out);
    return out[0];
}

void scale(double *a, int n, double re, double im, int threads) {
    for_chunks(idx(1) << n, threads, [&](idx lo, idx hi) {
        double *__restrict p = a + 2 * lo;
        for (idx j = 0; j < 2 * (hi - lo); j += 2) {
            const double xr = p[j], xi = p[j + 1];
            p[j] = xr * re - xi * im;
            p[j + 1] = xr * im + xi * re;
        }
    });
}

void axpy(double *y, const double *x, int n, double re, double im, int threads) {
    for_chunks(idx(1) << n, threads, [&](idx lo, idx hi) {
        double *py = y + 2 * lo;  // y may be x: no __restrict
        const double *px = x + 2 * lo;
        for (idx j = 0; j < 2 * (hi - lo); j += 2) {
            const double xr = px[j], xi = px[j + 1];
            py[j] += xr * re - xi * im;
            py[j + 1] += xr * im + xi * re;
        }
    });
}

const KernelTable kTable = {
    QNN_SIMD_NAME, QNN_SIMD_LANES, apply_matrix, apply_diagonal, apply_pauli_combo, expectation_pauli,
    inner,         norm_squared,   scale,        axpy,
};

}  // namespace

const KernelTable *table() { return &kTable; }

}  // namespace QNN_KERNEL_NS
}  // namespace qnnlab
