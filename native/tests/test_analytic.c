/* test_analytic.c: libqnnlab against closed-form results on small states. */
#include "test_util.h"

#define TOL 1e-13

static double *amp(qnn_state *s, long i) { return s->amplitudes + 2 * i; }

static void set_basis(qnn_state *s, long b) {
    long dim = 1L << s->num_qubits;
    memset(s->amplitudes, 0, sizeof(double) * 2 * dim);
    s->amplitudes[2 * b] = 1;
}

static void expect_amp(qnn_state *s, long i, double re, double im, const char *what) {
    char msg[160];
    snprintf(msg, sizeof msg, "%s: Re amplitude %ld", what, i);
    EXPECT_NEAR(amp(s, i)[0], re, TOL, msg);
    snprintf(msg, sizeof msg, "%s: Im amplitude %ld", what, i);
    EXPECT_NEAR(amp(s, i)[1], im, TOL, msg);
}

static void random_state(qnn_state *s, unsigned seed) {
    long dim = 1L << s->num_qubits;
    double norm = 0;
    srand(seed);
    for (long i = 0; i < 2 * dim; ++i) {
        s->amplitudes[i] = (double)rand() / RAND_MAX - 0.5;
        norm += s->amplitudes[i] * s->amplitudes[i];
    }
    for (long i = 0; i < 2 * dim; ++i) s->amplitudes[i] /= sqrt(norm);
}

/* c = a (x) b for 2x2 complex matrices (a on the more significant qubit). */
static void kron2(const double *a, const double *b, double *c) {
    for (int r = 0; r < 4; ++r)
        for (int col = 0; col < 4; ++col) {
            const double *x = a + 2 * ((r >> 1) * 2 + (col >> 1));
            const double *y = b + 2 * ((r & 1) * 2 + (col & 1));
            c[2 * (4 * r + col)] = x[0] * y[0] - x[1] * y[1];
            c[2 * (4 * r + col) + 1] = x[0] * y[1] + x[1] * y[0];
        }
}

int main(void) {
    const double r = 1.0 / sqrt(2.0);
    const double H[8] = {r, 0, r, 0, r, 0, -r, 0};
    const double X[8] = {0, 0, 1, 0, 1, 0, 0, 0};
    const double Y[8] = {0, 0, 0, -1, 0, 1, 0, 0};
    const double CNOT[32] = {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0,
                             0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0};
    qnn_state *s = NULL, *t = NULL;
    EXPECT_OK(qnn_state_create(2, &s));
    EXPECT_OK(qnn_state_create(2, &t));
    EXPECT(s->owned == 1 && s->threads == 0, "fresh state fields");
    expect_amp(s, 0, 1, 0, "create gives |00>");

    /* H|0> */
    int32_t q0 = 0, q1 = 1;
    EXPECT_OK(qnn_apply_matrix(s, &q0, 1, H, 0));
    expect_amp(s, 0, r, 0, "H|0>");
    expect_amp(s, 1, r, 0, "H|0>");
    expect_amp(s, 2, 0, 0, "H|0>");

    /* X on qubit 1 */
    set_basis(s, 0);
    EXPECT_OK(qnn_apply_matrix(s, &q1, 1, X, 0));
    expect_amp(s, 2, 1, 0, "X1|00> = |10>");
    EXPECT_OK(qnn_apply_pauli(s, 2, 0));
    expect_amp(s, 0, 1, 0, "X1 X1 = I");

    /* RX(theta) as a Pauli rotation: cos(theta/2)|0> - i sin(theta/2)|1> */
    double theta = 0.731;
    set_basis(s, 0);
    EXPECT_OK(qnn_apply_pauli_rotation(s, 1, 0, theta, 0));
    expect_amp(s, 0, cos(theta / 2), 0, "RX|0>");
    expect_amp(s, 1, 0, -sin(theta / 2), "RX|0>");
    /* RY(theta)|0> = cos|0> + sin|1> */
    set_basis(s, 0);
    EXPECT_OK(qnn_apply_pauli_rotation(s, 1, 1, theta, 0));
    expect_amp(s, 0, cos(theta / 2), 0, "RY|0>");
    expect_amp(s, 1, sin(theta / 2), 0, "RY|0>");

    /* CNOT truth table, both as a 4x4 matrix on {control, target} and as X under a control mask */
    for (int c = 0; c < 2; ++c) {
        int32_t qs[2] = {c, 1 - c};
        for (long b = 0; b < 4; ++b) {
            long expect = ((b >> c) & 1) ? b ^ (1L << (1 - c)) : b;
            char what[80];
            snprintf(what, sizeof what, "CNOT(control %d) |%ld>", c, b);
            set_basis(s, b);
            EXPECT_OK(qnn_apply_matrix(s, qs, 2, CNOT, 0));
            expect_amp(s, expect, 1, 0, what);
            set_basis(s, b);
            int32_t tq = 1 - c;
            EXPECT_OK(qnn_apply_matrix(s, &tq, 1, X, 1u << c));
            snprintf(what, sizeof what, "ctrl-X(control %d) |%ld>", c, b);
            expect_amp(s, expect, 1, 0, what);
        }
    }

    /* RZZ(theta) = exp(-i theta/2 Z0 Z1): phase exp(-i theta/2) on |00>,|11>, exp(+i theta/2) on |01>,|10> */
    for (long b = 0; b < 4; ++b) {
        double sign = (b == 0 || b == 3) ? 1 : -1;
        set_basis(s, b);
        EXPECT_OK(qnn_apply_pauli_rotation(s, 0, 3, theta, 0));
        expect_amp(s, b, cos(theta / 2), -sign * sin(theta / 2), "RZZ phase");
        /* the same as a diagonal */
        double d[8];
        for (int k = 0; k < 4; ++k) {
            double sg = (k == 0 || k == 3) ? 1 : -1;
            d[2 * k] = cos(theta / 2);
            d[2 * k + 1] = -sg * sin(theta / 2);
        }
        int32_t qs[2] = {0, 1};
        set_basis(s, b);
        EXPECT_OK(qnn_apply_diagonal(s, qs, 2, d, 0));
        expect_amp(s, b, cos(theta / 2), -sign * sin(theta / 2), "RZZ as a diagonal");
    }

    /* exp(-i theta/2 X1 Y0) as a Pauli rotation (x = 3, z = 1) vs its 4x4 matrix on qubits {1, 0} */
    {
        double P[32], M[32];
        kron2(X, Y, P);
        for (int i = 0; i < 16; ++i) {
            double id = (i % 5 == 0) ? 1 : 0;
            /* cos I - i sin P */
            M[2 * i] = cos(theta / 2) * id + sin(theta / 2) * P[2 * i + 1];
            M[2 * i + 1] = -sin(theta / 2) * P[2 * i];
        }
        random_state(s, 7);
        memcpy(t->amplitudes, s->amplitudes, sizeof(double) * 8);
        int32_t qs[2] = {1, 0};
        EXPECT_OK(qnn_apply_pauli_rotation(s, 3, 1, theta, 0));
        EXPECT_OK(qnn_apply_matrix(t, qs, 2, M, 0));
        for (long i = 0; i < 4; ++i) {
            expect_amp(s, i, amp(t, i)[0], amp(t, i)[1], "rotation of X1 Y0 vs matrix");
        }
        /* P itself: apply_pauli vs the matrix X (x) Y */
        random_state(s, 8);
        memcpy(t->amplitudes, s->amplitudes, sizeof(double) * 8);
        EXPECT_OK(qnn_apply_pauli(s, 3, 1));
        EXPECT_OK(qnn_apply_matrix(t, qs, 2, P, 0));
        for (long i = 0; i < 4; ++i) {
            expect_amp(s, i, amp(t, i)[0], amp(t, i)[1], "X1 Y0 vs matrix");
        }
    }

    /* expectations */
    double e;
    set_basis(s, 0);
    EXPECT_OK(qnn_expectation_pauli(s, 0, 1, &e));
    EXPECT_NEAR(e, 1, TOL, "<0|Z0|0>");
    set_basis(s, 1);
    EXPECT_OK(qnn_expectation_pauli(s, 0, 1, &e));
    EXPECT_NEAR(e, -1, TOL, "<1|Z0|1>");
    EXPECT_OK(qnn_expectation_pauli(s, 0, 2, &e));
    EXPECT_NEAR(e, 1, TOL, "<01|Z1|01>");
    set_basis(s, 0);
    EXPECT_OK(qnn_apply_matrix(s, &q0, 1, H, 0));
    EXPECT_OK(qnn_expectation_pauli(s, 1, 0, &e));
    EXPECT_NEAR(e, 1, TOL, "<+|X|+>");
    EXPECT_OK(qnn_expectation_pauli(s, 0, 1, &e));
    EXPECT_NEAR(e, 0, TOL, "<+|Z|+>");
    EXPECT_OK(qnn_expectation_pauli(s, 1, 1, &e));
    EXPECT_NEAR(e, 0, TOL, "<+|Y|+>");
    set_basis(s, 0);
    amp(s, 0)[0] = r;
    amp(s, 1)[1] = r; /* (|0> + i|1>)/sqrt 2 */
    EXPECT_OK(qnn_expectation_pauli(s, 1, 1, &e));
    EXPECT_NEAR(e, 1, TOL, "<+i|Y|+i>");
    {
        uint64_t xs[3] = {1, 0, 1}, zs[3] = {1, 1, 0};
        double w[3] = {2.0, 0.5, -1.0};
        EXPECT_OK(qnn_expectation_pauli_sum(s, xs, zs, w, 3, &e));
        EXPECT_NEAR(e, 2.0, TOL, "2<Y> + 0.5<Z> - <X> on |+i>");
    }

    /* QFT on 2 qubits: |00> -> uniform, unitary (norm preserved) on a random state */
    {
        double F[32];
        for (int j = 0; j < 4; ++j)
            for (int k = 0; k < 4; ++k) {
                double ang = 2 * M_PI * j * k / 4;
                F[2 * (4 * j + k)] = 0.5 * cos(ang);
                F[2 * (4 * j + k) + 1] = 0.5 * sin(ang);
            }
        int32_t qs[2] = {1, 0};
        set_basis(s, 0);
        EXPECT_OK(qnn_apply_matrix(s, qs, 2, F, 0));
        for (long i = 0; i < 4; ++i) expect_amp(s, i, 0.5, 0, "QFT|00>");
        random_state(s, 11);
        EXPECT_OK(qnn_apply_matrix(s, qs, 2, F, 0));
        double nn;
        EXPECT_OK(qnn_norm_squared(s, &nn));
        EXPECT_NEAR(nn, 1, 1e-14, "norm after QFT");
    }

    /* inner, scale, axpy */
    {
        double ip[2];
        random_state(s, 3);
        memcpy(t->amplitudes, s->amplitudes, sizeof(double) * 8);
        EXPECT_OK(qnn_scale(t, 0, 2)); /* t = 2i s */
        EXPECT_OK(qnn_inner(s, t, ip));
        EXPECT_NEAR(ip[0], 0, TOL, "Re <s|2i s>");
        EXPECT_NEAR(ip[1], 2, TOL, "Im <s|2i s>");
        EXPECT_OK(qnn_axpy(t, s, 0, -2)); /* t -= 2i s -> 0 */
        double nn;
        EXPECT_OK(qnn_norm_squared(t, &nn));
        EXPECT_NEAR(nn, 0, TOL, "axpy cancels");
    }

    /* a 0-qubit state is a scalar */
    {
        qnn_state *z = NULL;
        EXPECT_OK(qnn_state_create(0, &z));
        double nn;
        EXPECT_OK(qnn_expectation_pauli(z, 0, 0, &nn));
        EXPECT_NEAR(nn, 1, TOL, "<I> on 0 qubits");
        EXPECT_OK(qnn_apply_pauli_rotation(z, 0, 0, theta, 0));
        expect_amp(z, 0, cos(theta / 2), -sin(theta / 2), "global phase on 0 qubits");
        qnn_state_free(z);
    }

    EXPECT(strcmp(qnn_version(), "0.1.0") == 0, "version %s", qnn_version());
    EXPECT(qnn_abi_version() == QNN_ABI_VERSION, "abi %d", qnn_abi_version());
    EXPECT(qnn_default_threads() >= 1, "default threads %d", qnn_default_threads());
    qnn_state_free(s);
    qnn_state_free(t);
    return qnn_test_finish("test_analytic");
}
