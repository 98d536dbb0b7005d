/* test_util.h: assertions for the libqnnlab tests (no framework). */
#ifndef QNN_TEST_UTIL_H
#define QNN_TEST_UTIL_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qnnlab.h"

static int qnn_test_failures = 0;

#define EXPECT(cond, ...)                                                               \
    do {                                                                                \
        if (!(cond)) {                                                                  \
            fprintf(stderr, "%s:%d: FAILED: %s: ", __FILE__, __LINE__, #cond);          \
            fprintf(stderr, __VA_ARGS__);                                               \
            fprintf(stderr, "\n");                                                      \
            qnn_test_failures++;                                                        \
        }                                                                               \
    } while (0)

#define EXPECT_NEAR(a, b, tol, what)                                                    \
    EXPECT(fabs((double)(a) - (double)(b)) <= (tol), "%s: got %.17g, expected %.17g (tolerance %g)", what, \
           (double)(a), (double)(b), (double)(tol))

#define EXPECT_OK(call)                                                                 \
    do {                                                                                \
        qnn_status st_ = (call);                                                        \
        EXPECT(st_ == QNN_OK, "returned %d: %s", (int)st_, qnn_last_error());           \
    } while (0)

static int qnn_test_finish(const char *name) {
    if (qnn_test_failures) {
        fprintf(stderr, "%s: %d check(s) FAILED\n", name, qnn_test_failures);
        return 1;
    }
    printf("%s: all checks passed\n", name);
    return 0;
}

#endif
