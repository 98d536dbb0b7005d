// kernels.hpp: the internal interface between the C ABI layer (qnnlab.cpp) and the state-vector kernels
// (kernels.cpp). kernels.cpp is compiled once per SIMD level, each time into its own namespace (QNN_KERNEL_NS), and
// every copy exports one KernelTable; qnnlab.cpp picks one table at library load.
//
// Kernels trust their input: qnnlab.cpp has validated everything (qubits in range and distinct, controls disjoint
// from targets, 1 <= k <= 5, finite angles). `threads` is the effective thread count (1 = run on the calling thread).
#ifndef QNNLAB_KERNELS_HPP
#define QNNLAB_KERNELS_HPP

#include <stdint.h>

namespace qnnlab {

struct KernelTable {
    const char *simd;  // human-readable level, e.g. "AVX2+FMA (4 double lanes)"
    int lanes;         // doubles per register

    // Dense 2^k x 2^k row-major interleaved matrix on qs[0..k-1] (qs[0] most significant), under controls ctrl.
    void (*apply_matrix)(double *a, int n, const int32_t *qs, int k, const double *m, uint64_t ctrl, int threads);
    // Diagonal of 2^k interleaved complex entries, indexed like apply_matrix, under controls ctrl.
    void (*apply_diagonal)(double *a, int n, const int32_t *qs, int k, const double *d, uint64_t ctrl, int threads);
    // s <- (c I + w P) s on the subspace where ctrl bits are 1, P = (x, z). A rotation exp(-i theta/2 P) is
    // c = cos(theta/2), w = -i sin(theta/2); P itself is c = 0, w = 1.
    void (*apply_pauli_combo)(double *a, int n, uint64_t x, uint64_t z, double c, double wr, double wi, uint64_t ctrl,
                              int threads);
    double (*expectation_pauli)(const double *a, int n, uint64_t x, uint64_t z, int threads);
    void (*inner)(const double *a, const double *b, int n, int threads, double out[2]);
    double (*norm_squared)(const double *a, int n, int threads);
    void (*scale)(double *a, int n, double re, double im, int threads);
    void (*axpy)(double *y, const double *x, int n, double re, double im, int threads);
};

// One namespace per compiled SIMD level. Only the portable one exists on non-x86 targets.
namespace kern_portable { const KernelTable *table(); }
#if defined(QNN_HAVE_X86_VARIANTS)
namespace kern_avx2 { const KernelTable *table(); }
namespace kern_avx512 { const KernelTable *table(); }
#endif

}  // namespace qnnlab

#endif
