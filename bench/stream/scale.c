/*
 * STREAM-style in-place scale, a[i] = s * a[i], over a 256 MiB buffer of doubles: the C reference for the roofline
 * that RooflineBenchmark and `qnn bench` measure in Java (the same buffer size as a 24-qubit state).
 * Best of N passes; GB/s counts one read and one write of the buffer per pass (GB = 1e9 bytes).
 * Build and run with run.sh (gcc -O3 -march=native). Single-threaded unless built with -fopenmp.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define BYTES (256UL << 20)
#define PASSES 20

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

int main(void) {
    size_t n = BYTES / sizeof(double);
    double *a = aligned_alloc(64, BYTES);
    if (!a) {
        fprintf(stderr, "cannot allocate %lu bytes\n", BYTES);
        return 1;
    }
    for (size_t i = 0; i < n; i++) {
        a[i] = 1.0;
    }
    volatile double factor = -1.0; /* exact forever; volatile so the compiler cannot fold it */
    double s = factor;
    double best = 1e30;
    for (int p = 0; p < PASSES; p++) {
        double t0 = now();
#pragma omp parallel for
        for (size_t i = 0; i < n; i++) {
            a[i] = s * a[i];
        }
        double t = now() - t0;
        if (t < best) {
            best = t;
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (a[i] != 1.0 && a[i] != -1.0) {
            fprintf(stderr, "check failed at %zu: %g\n", i, a[i]);
            return 1;
        }
    }
    printf("scale in place: %lu MiB, best of %d passes: %.3f ms, %.1f GB/s (read + write)\n", BYTES >> 20, PASSES,
           best * 1e3, 2.0 * BYTES / best / 1e9);
    free(a);
    return 0;
}
