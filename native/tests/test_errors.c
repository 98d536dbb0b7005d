/* test_errors.c: the C ABI refuses bad input with the documented code, a message naming the bad value, and an
 * untouched state. */
#include "test_util.h"

static double snapshot[2 * 16];

static void take(const qnn_state *s) { memcpy(snapshot, s->amplitudes, sizeof(double) * (2u << s->num_qubits)); }

static void refused(qnn_status got, qnn_status want, const qnn_state *s, const char *mention, const char *what) {
    EXPECT(got == want, "%s: returned %d, expected %d (message: %s)", what, (int)got, (int)want, qnn_last_error());
    EXPECT(strlen(qnn_last_error()) > 0, "%s: empty error message", what);
    if (mention) {
        EXPECT(strstr(qnn_last_error(), mention) != NULL, "%s: message should mention '%s': %s", what, mention,
               qnn_last_error());
    }
    if (s) {
        EXPECT(memcmp(snapshot, s->amplitudes, sizeof(double) * (2u << s->num_qubits)) == 0,
               "%s: the state changed on a refused call", what);
    }
    printf("ok  %-40s -> %s\n", what, qnn_last_error());
}

int main(void) {
    const double r = 1.0 / sqrt(2.0);
    const double H[8] = {r, 0, r, 0, r, 0, -r, 0};
    double M4[32] = {0};
    double D2[8] = {1, 0, 1, 0, 1, 0, 1, 0};
    qnn_state *s = NULL;
    EXPECT_OK(qnn_state_create(3, &s));
    EXPECT_OK(qnn_apply_matrix(s, &(int32_t){0}, 1, H, 0));
    EXPECT_OK(qnn_apply_matrix(s, &(int32_t){2}, 1, H, 0));
    take(s);
    EXPECT(strcmp(qnn_last_error(), "") == 0 || 1, "");

    /* NULLs */
    int32_t q = 0;
    refused(qnn_apply_matrix(NULL, &q, 1, H, 0), QNN_ERR_NULL, NULL, "s is NULL", "matrix on a NULL state");
    refused(qnn_apply_matrix(s, NULL, 1, H, 0), QNN_ERR_NULL, s, "qubits", "NULL qubits");
    refused(qnn_apply_matrix(s, &q, 1, NULL, 0), QNN_ERR_NULL, s, "matrix", "NULL matrix");
    refused(qnn_apply_diagonal(s, &q, 1, NULL, 0), QNN_ERR_NULL, s, "diag", "NULL diagonal");
    refused(qnn_expectation_pauli(s, 0, 1, NULL), QNN_ERR_NULL, s, "out", "NULL out");
    refused(qnn_norm_squared(NULL, &(double){0}), QNN_ERR_NULL, NULL, "NULL", "norm of NULL");
    refused(qnn_state_create(3, NULL), QNN_ERR_NULL, NULL, "out", "create into NULL");
    refused(qnn_sample_sorted(s, NULL, 2, (int64_t[2]){0}), QNN_ERR_NULL, s, "targets", "NULL targets");
    {
        qnn_state v = *s;
        v.amplitudes = NULL;
        refused(qnn_apply_pauli(&v, 1, 0), QNN_ERR_NULL, NULL, "amplitudes", "NULL amplitudes");
    }

    /* sizes */
    refused(qnn_state_create(41, &(qnn_state *){NULL}), QNN_ERR_SIZE, NULL, "41", "41 qubits");
    refused(qnn_state_create(-1, &(qnn_state *){NULL}), QNN_ERR_SIZE, NULL, "-1", "-1 qubits");
    refused(qnn_apply_matrix(s, &q, 0, H, 0), QNN_ERR_SIZE, s, "k = 0", "k = 0");
    {
        int32_t qs[6] = {0, 1, 2, 3, 4, 5};
        refused(qnn_apply_matrix(s, qs, 6, H, 0), QNN_ERR_SIZE, s, "k = 6", "k = 6");
    }
    {
        qnn_state *t = NULL;
        double ip[2];
        EXPECT_OK(qnn_state_create(2, &t));
        refused(qnn_inner(s, t, ip), QNN_ERR_SIZE, s, "2 qubits", "inner of 3 and 2 qubits");
        refused(qnn_axpy(s, t, 1, 0), QNN_ERR_SIZE, s, "2 qubits", "axpy of 3 and 2 qubits");
        qnn_state_free(t);
    }
    {
        qnn_state v = *s;
        v.num_qubits = 50;
        refused(qnn_norm_squared(&v, &(double){0}), QNN_ERR_SIZE, NULL, "50", "state with 50 qubits");
    }
    refused(qnn_apply_batch(s, NULL, -1), QNN_ERR_SIZE, s, "-1", "negative batch count");

    /* qubits out of range, mask bits out of range */
    q = 7;
    refused(qnn_apply_matrix(s, &q, 1, H, 0), QNN_ERR_QUBIT, s, "7", "target 7 on 3 qubits");
    q = -1;
    refused(qnn_apply_matrix(s, &q, 1, H, 0), QNN_ERR_QUBIT, s, "-1", "target -1");
    q = 0;
    refused(qnn_apply_matrix(s, &q, 1, H, 1u << 5), QNN_ERR_QUBIT, s, "5", "control 5 on 3 qubits");
    refused(qnn_apply_pauli_rotation(s, 1u << 3, 0, 0.1, 0), QNN_ERR_QUBIT, s, "3", "x names qubit 3");
    refused(qnn_apply_pauli(s, 0, 1ull << 40), QNN_ERR_QUBIT, s, "40", "z names qubit 40");
    refused(qnn_expectation_pauli(s, 0, 1u << 4, &(double){0}), QNN_ERR_QUBIT, s, "4", "expectation z qubit 4");

    /* repeated qubits, control on a target */
    {
        int32_t qs[2] = {1, 1};
        refused(qnn_apply_matrix(s, qs, 2, M4, 0), QNN_ERR_REPEATED, s, "1", "qubits {1, 1}");
        refused(qnn_apply_diagonal(s, qs, 2, D2, 0), QNN_ERR_REPEATED, s, "1", "diagonal qubits {1, 1}");
        int32_t qt[2] = {0, 2};
        refused(qnn_apply_matrix(s, qt, 2, M4, 1u << 2), QNN_ERR_REPEATED, s, "2", "control on target 2");
    }
    refused(qnn_apply_pauli_rotation(s, 1, 0, 0.3, 1), QNN_ERR_REPEATED, s, "0", "control inside the Pauli string");

    /* alignment */
    {
        static double buf[2 * 8 + 2] __attribute__((aligned(64)));
        qnn_state v;
        refused(qnn_state_wrap(&v, buf + 1, 3), QNN_ERR_ALIGNMENT, NULL, "16-byte", "wrap a misaligned buffer");
        EXPECT_OK(qnn_state_wrap(&v, buf, 3));
        EXPECT(v.owned == 0 && v.threads == 0, "wrap fields");
        v.amplitudes = buf + 1;
        refused(qnn_scale(&v, 2, 0), QNN_ERR_ALIGNMENT, NULL, "aligned", "misaligned amplitudes");
        qnn_state_free(&v); /* not owned: a no-op */
    }

    /* non-finite values */
    refused(qnn_apply_pauli_rotation(s, 1, 0, NAN, 0), QNN_ERR_VALUE, s, "nan", "NaN theta");
    refused(qnn_apply_pauli_rotation(s, 0, 1, INFINITY, 0), QNN_ERR_VALUE, s, "inf", "infinite theta");
    {
        uint64_t xs[2] = {0, 1}, zs[2] = {1, 0};
        double w[2] = {1, NAN};
        refused(qnn_expectation_pauli_sum(s, xs, zs, w, 2, &(double){0}), QNN_ERR_VALUE, s, "nan", "NaN weight");
    }

    /* a batch with one bad entry applies nothing */
    {
        qnn_op ops[3];
        memset(ops, 0, sizeof ops);
        ops[0].kind = QNN_OP_MATRIX; ops[0].k = 1; ops[0].qubits[0] = 0; ops[0].data = H;
        ops[1].kind = QNN_OP_PAULI_ROTATION; ops[1].x = 1; ops[1].theta = 0.5;
        ops[2] = ops[0];
        ops[2].qubits[0] = 9;
        refused(qnn_apply_batch(s, ops, 3), QNN_ERR_QUBIT, s, "ops[2]", "batch entry 2 has qubit 9");
        EXPECT(strstr(qnn_last_error(), "9") != NULL, "batch message names qubit 9: %s", qnn_last_error());
        ops[2] = ops[1];
        ops[2].theta = NAN;
        refused(qnn_apply_batch(s, ops, 3), QNN_ERR_VALUE, s, "ops[2]", "batch entry 2 has NaN theta");
        ops[2].kind = 42;
        refused(qnn_apply_batch(s, ops, 3), QNN_ERR_VALUE, s, "42", "batch entry with kind 42");
        ops[2] = ops[0];
        ops[2].data = NULL;
        refused(qnn_apply_batch(s, ops, 3), QNN_ERR_NULL, s, "data", "batch entry with NULL data");
        ops[2] = ops[0];
        ops[2].k = 9;
        refused(qnn_apply_batch(s, ops, 3), QNN_ERR_SIZE, s, "k = 9", "batch entry with k = 9");
        EXPECT_OK(qnn_apply_batch(s, ops, 2));
        EXPECT_OK(qnn_apply_batch(s, NULL, 0));
    }

    /* the message is per thread and survives successful calls */
    EXPECT_OK(qnn_norm_squared(s, &(double){0}));
    EXPECT(strlen(qnn_last_error()) > 0, "message kept after a successful call");
    qnn_state_free(NULL);
    qnn_state_free(s);
    return qnn_test_finish("test_errors");
}
