/*
 * qnn_example.c: a 3-qubit GHZ state with libqnnlab's C ABI.
 *   H on qubit 0 (a dense 2x2 matrix), CNOT(0,1) and CNOT(1,2) (X under a control mask), applied as one batch;
 *   then <Z0 Z1> and <X0 X1 X2>, both 1 for (|000> + |111>)/sqrt(2).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "qnnlab.h"

#define CHECK(call)                                                                                 \
    do {                                                                                            \
        qnn_status st_ = (call);                                                                    \
        if (st_ != QNN_OK) {                                                                        \
            fprintf(stderr, "FAILED: %s returned %d: %s\n", #call, (int)st_, qnn_last_error());     \
            return 1;                                                                               \
        }                                                                                           \
    } while (0)

int main(void) {
    printf("libqnnlab %s (ABI %d), SIMD: %s, %d lanes, default threads %d\n", qnn_version(), qnn_abi_version(),
           qnn_simd(), qnn_simd_lanes(), qnn_default_threads());
    if (qnn_abi_version() != QNN_ABI_VERSION) {
        fprintf(stderr, "FAILED: library ABI %d, header ABI %d\n", qnn_abi_version(), QNN_ABI_VERSION);
        return 1;
    }

    qnn_state *s = NULL;
    CHECK(qnn_state_create(3, &s));

    const double r = 1.0 / sqrt(2.0);
    static double h[8];
    static const double x[8] = {0, 0, 1, 0, 1, 0, 0, 0};
    h[0] = r; h[2] = r; h[4] = r; h[6] = -r;

    qnn_op ops[3] = {{0}};
    ops[0].kind = QNN_OP_MATRIX; ops[0].k = 1; ops[0].qubits[0] = 0; ops[0].data = h;
    ops[1].kind = QNN_OP_MATRIX; ops[1].k = 1; ops[1].qubits[0] = 1; ops[1].ctrl = 1u << 0; ops[1].data = x;
    ops[2].kind = QNN_OP_MATRIX; ops[2].k = 1; ops[2].qubits[0] = 2; ops[2].ctrl = 1u << 1; ops[2].data = x;
    CHECK(qnn_apply_batch(s, ops, 3));

    double zz = 0, xxx = 0;
    CHECK(qnn_expectation_pauli(s, 0, 0x3, &zz));     /* Z0 Z1 */
    CHECK(qnn_expectation_pauli(s, 0x7, 0, &xxx));    /* X0 X1 X2 */
    printf("<Z0*Z1> = %.6f\n", zz);
    printf("<X0*X1*X2> = %.6f\n", xxx);

    qnn_state_free(s);
    if (fabs(zz - 1) > 1e-12 || fabs(xxx - 1) > 1e-12) {
        fprintf(stderr, "FAILED: expected both expectations to be 1\n");
        return 1;
    }
    return 0;
}
