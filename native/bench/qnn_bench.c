/*
 * qnn_bench.c: rough timing of a dense 1-qubit gate (not a test).
 *   usage: qnn_bench [qubits=24] [threads=1] [repeats=20] [targets...=0 5 10 20]
 * Reports GB/s counting 32 * 2^n bytes per gate (every amplitude read and written once).
 */
#define _POSIX_C_SOURCE 199309L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "qnnlab.h"

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 24;
    int threads = argc > 2 ? atoi(argv[2]) : 1;
    int reps = argc > 3 ? atoi(argv[3]) : 20;
    int deftargets[] = {0, 5, 10, 20};
    int ntargets = argc > 4 ? argc - 4 : 4;
    qnn_state *s = NULL;
    if (qnn_state_create(n, &s) != QNN_OK) {
        fprintf(stderr, "%s\n", qnn_last_error());
        return 1;
    }
    s->threads = threads;
    const double r = 1.0 / sqrt(2.0);
    /* a unitary with complex entries so nothing is trivially zero */
    double m[8] = {r, 0, 0, -r, 0, -r, r, 0};
    printf("libqnnlab %s, %s, n=%d, threads=%d\n", qnn_version(), qnn_simd(), n, threads);
    for (int i = 0; i < ntargets; ++i) {
        int t = argc > 4 ? atoi(argv[4 + i]) : deftargets[i];
        if (t >= n) continue;
        int32_t q = t;
        qnn_apply_matrix(s, &q, 1, m, 0); /* warm up */
        double best = 1e30, total = 0;
        for (int k = 0; k < reps; ++k) {
            double t0 = now();
            if (qnn_apply_matrix(s, &q, 1, m, 0) != QNN_OK) {
                fprintf(stderr, "%s\n", qnn_last_error());
                return 1;
            }
            double dt = now() - t0;
            total += dt;
            if (dt < best) best = dt;
        }
        double bytes = 32.0 * (double)(1ULL << n);
        printf("target %2d: %7.2f ms/gate (best %7.2f)  %6.1f GB/s mean  %6.1f GB/s best\n", t, 1e3 * total / reps,
               1e3 * best, bytes / (total / reps) / 1e9, bytes / best / 1e9);
    }
    qnn_state_free(s);
    return 0;
}
