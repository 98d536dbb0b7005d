/* test_hostile.c: every function of qnnlab.h called with hostile arguments. Each refused call must return the exact
 * status, leave a message in qnn_last_error() that names the bad value, and leave every state, descriptor and
 * output untouched; nothing may abort (run under AddressSanitizer + UBSan in CI). The ctest boundary_coverage
 * checks that every QNN_API function of the header is called here. */
#include <float.h>
#include <stdint.h>

#include "test_util.h"

/* The huge-shots call below must see malloc fail, not an ASan report. */
#if defined(__SANITIZE_ADDRESS__)
#define QNN_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define QNN_TEST_ASAN 1
#endif
#endif
#ifdef QNN_TEST_ASAN
const char *__asan_default_options(void);
const char *__asan_default_options(void) { return "allocator_may_return_null=1"; }
#endif

#define N 3          /* qubits of the fixture states */
#define DIM (1 << N) /* amplitudes */

/* Fixture: three aligned buffers; s and t are 3-qubit states inside them, checked after every refusal. */
static double s_buf[4 * DIM] __attribute__((aligned(64))); /* s wraps s_buf + 2*DIM: room to overlap on both sides */
static double t_buf[2 * DIM] __attribute__((aligned(64)));
static qnn_state s, t;
static double s_snap[2 * DIM], t_snap[2 * DIM];
static qnn_state s_desc, t_desc;

/* Outputs, filled with sentinels: a refused call must not write them. */
static int64_t outs[8];
static double dout[2];
static qnn_state *created;
static const int64_t kSentinel = -7;

static int calls = 0;

static void snapshot(void) {
    memcpy(s_snap, s.amplitudes, sizeof s_snap);
    memcpy(t_snap, t.amplitudes, sizeof t_snap);
    s_desc = s;
    t_desc = t;
    for (int i = 0; i < 8; ++i) outs[i] = kSentinel;
    dout[0] = dout[1] = (double)kSentinel;
    created = (qnn_state *)&s_desc; /* any recognisable non-NULL value */
}

static void refused(qnn_status got, qnn_status want, const char *mention, const char *call, int line) {
    calls++;
    if (got != want) {
        fprintf(stderr, "%s:%d: FAILED: %s returned %d, expected %d (message: %s)\n", __FILE__, line, call, (int)got,
                (int)want, qnn_last_error());
        qnn_test_failures++;
    } else if (strstr(qnn_last_error(), mention) == NULL) {
        fprintf(stderr, "%s:%d: FAILED: %s: the message should name '%s': %s\n", __FILE__, line, call, mention,
                qnn_last_error());
        qnn_test_failures++;
    } else {
        printf("ok %3d  %-40.40s -> %s\n", calls, call, qnn_last_error());
    }
    int touched = memcmp(s_snap, s.amplitudes, sizeof s_snap) != 0 || memcmp(t_snap, t.amplitudes, sizeof t_snap) != 0
                  || memcmp(&s_desc, &s, sizeof s) != 0 || memcmp(&t_desc, &t, sizeof t) != 0;
    for (int i = 0; i < 8; ++i) touched |= outs[i] != kSentinel;
    touched |= dout[0] != (double)kSentinel || dout[1] != (double)kSentinel;
    touched |= created != (qnn_state *)&s_desc;
    if (touched) {
        fprintf(stderr, "%s:%d: FAILED: %s was refused but changed a state or an output\n", __FILE__, line, call);
        qnn_test_failures++;
        snapshot();
    }
}

/* REFUSE(call, status, text the message must contain) */
#define REFUSE(call, want, mention) refused((call), (want), (mention), #call, __LINE__)

/* A copy of s's descriptor with one field changed (the fixture itself stays valid). */
static qnn_state with_qubits(int32_t n) { qnn_state v = s; v.num_qubits = n; return v; }
static qnn_state with_amplitudes(double *a) { qnn_state v = s; v.amplitudes = a; return v; }
static qnn_state with_threads(int32_t th) { qnn_state v = s; v.threads = th; return v; }

static void bad_states(void) {
    /* Each function that takes a state, with the broken descriptors every one must refuse. */
    qnn_state q50 = with_qubits(50), qneg = with_qubits(-1), qmax = with_qubits(INT32_MAX);
    qnn_state anull = with_amplitudes(NULL), amis = with_amplitudes(s.amplitudes + 1), thr = with_threads(-3);
    int32_t q0 = 0;
    const double H[8] = {1, 0, 1, 0, 1, 0, -1, 0};
    REFUSE(qnn_apply_matrix(NULL, &q0, 1, H, 0), QNN_ERR_NULL, "s is NULL");
    REFUSE(qnn_apply_matrix(&q50, &q0, 1, H, 0), QNN_ERR_SIZE, "num_qubits = 50");
    REFUSE(qnn_apply_diagonal(&qneg, &q0, 1, H, 0), QNN_ERR_SIZE, "num_qubits = -1");
    REFUSE(qnn_apply_pauli_rotation(&qmax, 1, 0, 0.1, 0), QNN_ERR_SIZE, "num_qubits = 2147483647");
    REFUSE(qnn_apply_pauli(&anull, 1, 0), QNN_ERR_NULL, "amplitudes is NULL");
    REFUSE(qnn_apply_batch(&amis, NULL, 0), QNN_ERR_ALIGNMENT, "mod 16 = 8");
    REFUSE(qnn_expectation_pauli(&thr, 0, 1, dout), QNN_ERR_SIZE, "threads = -3");
    REFUSE(qnn_expectation_pauli_sum(NULL, NULL, NULL, NULL, 0, dout), QNN_ERR_NULL, "s is NULL");
    REFUSE(qnn_inner(NULL, &t, dout), QNN_ERR_NULL, "a is NULL");
    REFUSE(qnn_inner(&s, NULL, dout), QNN_ERR_NULL, "b is NULL");
    REFUSE(qnn_inner(&s, &q50, dout), QNN_ERR_SIZE, "b->num_qubits = 50");
    REFUSE(qnn_norm_squared(&amis, dout), QNN_ERR_ALIGNMENT, "not 16-byte aligned");
    REFUSE(qnn_scale(&thr, 2, 0), QNN_ERR_SIZE, "threads = -3");
    REFUSE(qnn_axpy(NULL, &t, 1, 0), QNN_ERR_NULL, "y is NULL");
    REFUSE(qnn_axpy(&s, NULL, 1, 0), QNN_ERR_NULL, "x is NULL");
    REFUSE(qnn_axpy(&s, &anull, 1, 0), QNN_ERR_NULL, "x->amplitudes is NULL");
    REFUSE(qnn_sample_sorted(&qneg, NULL, 0, NULL), QNN_ERR_SIZE, "num_qubits = -1");
    REFUSE(qnn_sample(NULL, 1, 0, outs), QNN_ERR_NULL, "s is NULL");
    REFUSE(qnn_sample(&q50, 1, 0, outs), QNN_ERR_SIZE, "num_qubits = 50");
}

static void states(void) {
    REFUSE(qnn_state_create(3, NULL), QNN_ERR_NULL, "out is NULL");
    REFUSE(qnn_state_create(-1, &created), QNN_ERR_SIZE, "num_qubits = -1");
    REFUSE(qnn_state_create(41, &created), QNN_ERR_SIZE, "num_qubits = 41");
    REFUSE(qnn_state_create(INT32_MIN, &created), QNN_ERR_SIZE, "num_qubits = -2147483648");
    REFUSE(qnn_state_create(INT32_MAX, &created), QNN_ERR_SIZE, "num_qubits = 2147483647");

    qnn_state v = s; /* qnn_state_wrap must not write *s when it refuses: wrap into the fixture's own descriptor */
    REFUSE(qnn_state_wrap(NULL, t_buf, 3), QNN_ERR_NULL, "s is NULL");
    REFUSE(qnn_state_wrap(&s, NULL, 3), QNN_ERR_NULL, "amplitudes is NULL");
    REFUSE(qnn_state_wrap(&s, t_buf, -5), QNN_ERR_SIZE, "num_qubits = -5");
    REFUSE(qnn_state_wrap(&s, t_buf, 64), QNN_ERR_SIZE, "num_qubits = 64");
    REFUSE(qnn_state_wrap(&s, t_buf + 1, 2), QNN_ERR_ALIGNMENT, "mod 16 = 8");
    EXPECT(memcmp(&v, &s, sizeof v) == 0, "refused wraps left the descriptor alone");

    /* qnn_state_free has no status: NULL, a wrapped view and a descriptor that claims nothing are no-ops. */
    qnn_state_free(NULL);
    qnn_state view;
    EXPECT_OK(qnn_state_wrap(&view, t_buf, 3));
    qnn_state_free(&view);
    EXPECT(view.amplitudes == t_buf && view.owned == 0, "freeing a wrapped view changed it");
    EXPECT_OK(qnn_norm_squared(&t, dout)); /* the buffer is still usable */
    snapshot();
}

static void gates(void) {
    const double r = 1.0 / sqrt(2.0);
    double H[8] = {r, 0, r, 0, r, 0, -r, 0};
    double M4[32] = {0}, D2[8] = {1, 0, 1, 0, 1, 0, 1, 0}, D1[4] = {1, 0, 0, 1};
    for (int i = 0; i < 4; ++i) M4[2 * (5 * i)] = 1; /* identity */
    int32_t q0 = 0, q2[2] = {0, 1};

    /* qnn_apply_matrix */
    REFUSE(qnn_apply_matrix(&s, NULL, 1, H, 0), QNN_ERR_NULL, "qubits is NULL");
    REFUSE(qnn_apply_matrix(&s, &q0, 1, NULL, 0), QNN_ERR_NULL, "matrix is NULL");
    REFUSE(qnn_apply_matrix(&s, &q0, 0, H, 0), QNN_ERR_SIZE, "k = 0");
    REFUSE(qnn_apply_matrix(&s, &q0, -1, H, 0), QNN_ERR_SIZE, "k = -1");
    REFUSE(qnn_apply_matrix(&s, (int32_t[6]){0, 1, 2, 3, 4, 5}, 6, H, 0), QNN_ERR_SIZE, "k = 6");
    REFUSE(qnn_apply_matrix(&s, &q0, INT32_MAX, H, 0), QNN_ERR_SIZE, "k = 2147483647");
    REFUSE(qnn_apply_matrix(&s, &q0, INT32_MIN, H, 0), QNN_ERR_SIZE, "k = -2147483648");
    REFUSE(qnn_apply_matrix(&s, (int32_t[1]){3}, 1, H, 0), QNN_ERR_QUBIT, "qubit 3 (qubits[0])");
    REFUSE(qnn_apply_matrix(&s, (int32_t[1]){-1}, 1, H, 0), QNN_ERR_QUBIT, "qubit -1");
    REFUSE(qnn_apply_matrix(&s, (int32_t[2]){0, INT32_MAX}, 2, M4, 0), QNN_ERR_QUBIT, "qubit 2147483647 (qubits[1])");
    REFUSE(qnn_apply_matrix(&s, (int32_t[2]){2, 2}, 2, M4, 0), QNN_ERR_REPEATED, "qubits[0] and qubits[1]");
    REFUSE(qnn_apply_matrix(&s, (int32_t[3]){0, 2, 0}, 3, M4, 0), QNN_ERR_REPEATED, "qubit 0 is listed twice");
    REFUSE(qnn_apply_matrix(&s, &q0, 1, H, 1u << 3), QNN_ERR_QUBIT, "ctrl = 0x8 names qubit 3");
    REFUSE(qnn_apply_matrix(&s, &q0, 1, H, 1ull << 63), QNN_ERR_QUBIT, "names qubit 63");
    REFUSE(qnn_apply_matrix(&s, q2, 2, M4, 2), QNN_ERR_REPEATED, "qubit 1 is both a control");
    H[0] = NAN;
    REFUSE(qnn_apply_matrix(&s, &q0, 1, H, 0), QNN_ERR_VALUE, "matrix[0] = nan (real part of entry (0, 0))");
    H[0] = r;
    M4[31] = -INFINITY;
    REFUSE(qnn_apply_matrix(&s, q2, 2, M4, 0), QNN_ERR_VALUE, "matrix[31] = -inf (imaginary part of entry (3, 3))");
    M4[31] = 0;
    M4[9] = INFINITY;
    REFUSE(qnn_apply_matrix(&s, q2, 2, M4, 4), QNN_ERR_VALUE, "matrix[9] = inf (imaginary part of entry (1, 0))");
    M4[9] = 0;
    /* matrix inside the state, and straddling its start (s wraps s_buf + 2*DIM) */
    REFUSE(qnn_apply_matrix(&s, &q0, 1, s.amplitudes, 0), QNN_ERR_OVERLAP, "matrix");
    REFUSE(qnn_apply_matrix(&s, &q0, 1, s.amplitudes - 4, 0), QNN_ERR_OVERLAP, "overlaps s->amplitudes");

    /* qnn_apply_diagonal */
    REFUSE(qnn_apply_diagonal(&s, NULL, 1, D1, 0), QNN_ERR_NULL, "qubits is NULL");
    REFUSE(qnn_apply_diagonal(&s, &q0, 1, NULL, 0), QNN_ERR_NULL, "diag is NULL");
    REFUSE(qnn_apply_diagonal(&s, &q0, 9, D1, 0), QNN_ERR_SIZE, "k = 9");
    REFUSE(qnn_apply_diagonal(&s, (int32_t[1]){7}, 1, D1, 0), QNN_ERR_QUBIT, "qubit 7");
    REFUSE(qnn_apply_diagonal(&s, (int32_t[2]){1, 1}, 2, D2, 0), QNN_ERR_REPEATED, "qubit 1 is listed twice");
    REFUSE(qnn_apply_diagonal(&s, &q0, 1, D1, 1), QNN_ERR_REPEATED, "qubit 0 is both a control");
    REFUSE(qnn_apply_diagonal(&s, &q0, 1, D1, ~0ull), QNN_ERR_QUBIT, "names qubit 63");
    D1[3] = NAN;
    REFUSE(qnn_apply_diagonal(&s, &q0, 1, D1, 0), QNN_ERR_VALUE, "diag[3] = nan (imaginary part of entry 1)");
    D1[3] = 1;
    D2[4] = -INFINITY;
    REFUSE(qnn_apply_diagonal(&s, q2, 2, D2, 0), QNN_ERR_VALUE, "diag[4] = -inf (real part of entry 2)");
    D2[4] = 1;
    REFUSE(qnn_apply_diagonal(&s, &q0, 1, s.amplitudes + 2 * DIM - 2, 0), QNN_ERR_OVERLAP, "diag");

    /* qubits inside the state: a wrapped buffer whose first 8 bytes read as qubits {0, 1} */
    {
        static double buf[2 * DIM] __attribute__((aligned(64)));
        qnn_state v;
        EXPECT_OK(qnn_state_wrap(&v, buf, N));
        memcpy(buf, q2, sizeof q2);
        REFUSE(qnn_apply_matrix(&v, (const int32_t *)buf, 2, M4, 0), QNN_ERR_OVERLAP, "qubits");
        REFUSE(qnn_apply_diagonal(&v, (const int32_t *)buf, 2, D2, 0), QNN_ERR_OVERLAP, "qubits");
    }

    /* qnn_apply_pauli_rotation */
    REFUSE(qnn_apply_pauli_rotation(&s, 1u << 3, 0, 0.1, 0), QNN_ERR_QUBIT, "x = 0x8 names qubit 3");
    REFUSE(qnn_apply_pauli_rotation(&s, 0, 1ull << 63, 0.1, 0), QNN_ERR_QUBIT, "z = 0x8000000000000000");
    REFUSE(qnn_apply_pauli_rotation(&s, 1, 0, 0.1, 1u << 5), QNN_ERR_QUBIT, "ctrl = 0x20 names qubit 5");
    REFUSE(qnn_apply_pauli_rotation(&s, 1, 2, 0.1, 2), QNN_ERR_REPEATED, "qubit 1 is both a control");
    REFUSE(qnn_apply_pauli_rotation(&s, 1, 0, NAN, 0), QNN_ERR_VALUE, "theta = nan");
    REFUSE(qnn_apply_pauli_rotation(&s, 1, 0, INFINITY, 0), QNN_ERR_VALUE, "theta = inf");
    REFUSE(qnn_apply_pauli_rotation(&s, 0, 0, -INFINITY, 0), QNN_ERR_VALUE, "theta = -inf");

    /* qnn_apply_pauli */
    REFUSE(qnn_apply_pauli(&s, 1u << 3, 0), QNN_ERR_QUBIT, "names qubit 3");
    REFUSE(qnn_apply_pauli(&s, 0, 1ull << 40), QNN_ERR_QUBIT, "names qubit 40");
    REFUSE(qnn_apply_pauli(NULL, 0, 0), QNN_ERR_NULL, "s is NULL");
}

static void batch(void) {
    const double r = 1.0 / sqrt(2.0);
    const double H[8] = {r, 0, r, 0, r, 0, -r, 0};
    double bad[8] = {r, 0, r, 0, r, 0, -r, NAN}, bad_diag[4] = {1, 0, 1, NAN};
    qnn_op ops[3];
    memset(ops, 0, sizeof ops);
    ops[0].kind = QNN_OP_MATRIX; ops[0].k = 1; ops[0].qubits[0] = 0; ops[0].data = H;
    ops[1].kind = QNN_OP_PAULI_ROTATION; ops[1].x = 3; ops[1].theta = 0.5;
    ops[2].kind = QNN_OP_DIAGONAL; ops[2].k = 1; ops[2].qubits[0] = 2; ops[2].data = H;
    qnn_op o;

    REFUSE(qnn_apply_batch(&s, ops, -1), QNN_ERR_SIZE, "count = -1");
    REFUSE(qnn_apply_batch(&s, ops, INT64_MIN), QNN_ERR_SIZE, "count = -9223372036854775808");
    REFUSE(qnn_apply_batch(&s, ops, 1LL << 61), QNN_ERR_SIZE, "count = 2305843009213693952");
    REFUSE(qnn_apply_batch(&s, NULL, 2), QNN_ERR_NULL, "ops is NULL with count = 2");
    /* entry 2 broken in one way each time; entries 0 and 1 are valid and must not have been applied */
    {
        const qnn_op good = ops[2];
        struct bad_entry { qnn_op op; qnn_status want; const char *mention; } cases[16];
        int n = 0;
#define CASE(edit, status, text) do { o = good; edit; cases[n].op = o; cases[n].want = status; \
                                        cases[n].mention = text; n++; } while (0)
        CASE(o.kind = 0, QNN_ERR_VALUE, "ops[2]: kind = 0 is not an operation");
        CASE(o.kind = 42, QNN_ERR_VALUE, "kind = 42");
        CASE(o.kind = -1, QNN_ERR_VALUE, "kind = -1");
        CASE(o.k = 0, QNN_ERR_SIZE, "ops[2]: k = 0");
        CASE(o.k = 6, QNN_ERR_SIZE, "k = 6");
        CASE(o.qubits[0] = 3, QNN_ERR_QUBIT, "ops[2]: qubit 3");
        CASE((o.k = 2, o.qubits[1] = 2), QNN_ERR_REPEATED, "qubit 2 is listed twice");
        CASE(o.ctrl = 4, QNN_ERR_REPEATED, "qubit 2 is both a control");
        CASE(o.ctrl = 1ull << 9, QNN_ERR_QUBIT, "ctrl = 0x200");
        CASE(o.data = NULL, QNN_ERR_NULL, "ops[2]: data is NULL");
        CASE(o.data = bad_diag, QNN_ERR_VALUE, "data[3] = nan (imaginary part of entry 1)");
        CASE((o.kind = QNN_OP_MATRIX, o.data = bad), QNN_ERR_VALUE, "data[7] = nan (imaginary part of entry (1, 1))");
        CASE(o.data = s.amplitudes + 6, QNN_ERR_OVERLAP, "ops[2]: data");
        CASE((o = ops[1], o.theta = NAN), QNN_ERR_VALUE, "ops[2]: theta = nan");
        CASE((o = ops[1], o.z = 1ull << 3), QNN_ERR_QUBIT, "z = 0x8");
        CASE((o = ops[1], o.ctrl = 1), QNN_ERR_REPEATED, "qubit 0 is both a control");
#undef CASE
        for (int i = 0; i < n; ++i) {
            ops[2] = cases[i].op;
            REFUSE(qnn_apply_batch(&s, ops, 3), cases[i].want, cases[i].mention);
        }
        ops[2] = good;
    }
    /* the batch array itself inside the state */
    {
        static double buf[2 * 64] __attribute__((aligned(64)));
        qnn_state v;
        EXPECT_OK(qnn_state_wrap(&v, buf, 6));
        REFUSE(qnn_apply_batch(&v, (const qnn_op *)(buf + 8), 1), QNN_ERR_OVERLAP, "ops");
    }
}

static void reductions(void) {
    uint64_t xs[3] = {1, 0, 2}, zs[3] = {0, 1, 4};
    double w[3] = {0.5, 1, -2};
    REFUSE(qnn_expectation_pauli(&s, 0, 1, NULL), QNN_ERR_NULL, "out is NULL");
    REFUSE(qnn_expectation_pauli(&s, 1u << 3, 0, dout), QNN_ERR_QUBIT, "x = 0x8 names qubit 3");
    REFUSE(qnn_expectation_pauli(&s, 0, ~0ull, dout), QNN_ERR_QUBIT, "names qubit 63");

    REFUSE(qnn_expectation_pauli_sum(&s, xs, zs, w, 3, NULL), QNN_ERR_NULL, "out is NULL");
    REFUSE(qnn_expectation_pauli_sum(&s, xs, zs, w, -2, dout), QNN_ERR_SIZE, "count = -2");
    REFUSE(qnn_expectation_pauli_sum(&s, xs, zs, w, 1LL << 61, dout), QNN_ERR_SIZE, "count = 2305843009213693952");
    REFUSE(qnn_expectation_pauli_sum(&s, NULL, zs, w, 3, dout), QNN_ERR_NULL, "xs is NULL");
    REFUSE(qnn_expectation_pauli_sum(&s, xs, NULL, w, 3, dout), QNN_ERR_NULL, "zs is NULL");
    REFUSE(qnn_expectation_pauli_sum(&s, xs, zs, NULL, 3, dout), QNN_ERR_NULL, "weights is NULL");
    w[2] = NAN;
    REFUSE(qnn_expectation_pauli_sum(&s, xs, zs, w, 3, dout), QNN_ERR_VALUE, "term 2: weight = nan");
    w[2] = -INFINITY;
    REFUSE(qnn_expectation_pauli_sum(&s, xs, zs, w, 3, dout), QNN_ERR_VALUE, "term 2: weight = -inf");
    w[2] = -2;
    zs[1] = 1u << 4;
    REFUSE(qnn_expectation_pauli_sum(&s, xs, zs, w, 3, dout), QNN_ERR_QUBIT, "term 1: z = 0x10 names qubit 4");
    zs[1] = 1;

    qnn_state *two = NULL;
    EXPECT_OK(qnn_state_create(2, &two));
    REFUSE(qnn_inner(&s, &t, NULL), QNN_ERR_NULL, "out is NULL");
    REFUSE(qnn_inner(&s, two, dout), QNN_ERR_SIZE, "b has 2 qubits but a has 3");
    REFUSE(qnn_norm_squared(&s, NULL), QNN_ERR_NULL, "out is NULL");
    REFUSE(qnn_norm_squared(NULL, dout), QNN_ERR_NULL, "s is NULL");

    REFUSE(qnn_scale(NULL, 1, 0), QNN_ERR_NULL, "s is NULL");
    REFUSE(qnn_scale(&s, NAN, 0), QNN_ERR_VALUE, "re = nan");
    REFUSE(qnn_scale(&s, 1, INFINITY), QNN_ERR_VALUE, "im = inf");

    REFUSE(qnn_axpy(&s, two, 1, 0), QNN_ERR_SIZE, "x has 2 qubits but y has 3");
    REFUSE(qnn_axpy(&s, &t, NAN, 0), QNN_ERR_VALUE, "re = nan");
    REFUSE(qnn_axpy(&s, &t, 0, -INFINITY), QNN_ERR_VALUE, "im = -inf");
    {
        qnn_state shifted = with_amplitudes(s.amplitudes - 2); /* overlaps s by all but one amplitude */
        REFUSE(qnn_axpy(&s, &shifted, 1, 0), QNN_ERR_OVERLAP, "x->amplitudes");
        REFUSE(qnn_axpy(&shifted, &s, 1, 0), QNN_ERR_OVERLAP, "overlaps y->amplitudes");
    }
    qnn_state_free(two);
}

static void sampling(void) {
    static double zero[2 * DIM] __attribute__((aligned(64)));
    static double nanb[2 * DIM] __attribute__((aligned(64)));
    static double infb[2 * DIM] __attribute__((aligned(64)));
    static double tiny[2 * DIM] __attribute__((aligned(64)));
    static double subn[2 * DIM] __attribute__((aligned(64)));
    qnn_state z, sn, si, st, ss;
    EXPECT_OK(qnn_state_wrap(&z, zero, N));
    nanb[0] = 1; nanb[5] = NAN;
    EXPECT_OK(qnn_state_wrap(&sn, nanb, N));
    infb[0] = 1; infb[15] = INFINITY;
    EXPECT_OK(qnn_state_wrap(&si, infb, N));
    for (int i = 0; i < 2 * DIM; ++i) tiny[i] = 1e-170; /* |amp|^2 underflows to 0 */
    EXPECT_OK(qnn_state_wrap(&st, tiny, N));
    for (int i = 0; i < 2 * DIM; ++i) subn[i] = 1e-160; /* |amp|^2 is subnormal */
    EXPECT_OK(qnn_state_wrap(&ss, subn, N));
    double ok[3] = {0.1, 0.2, 0.3};

    /* qnn_sample_sorted: counts, pointers, aliasing */
    REFUSE(qnn_sample_sorted(&s, ok, -1, outs), QNN_ERR_SIZE, "count = -1");
    REFUSE(qnn_sample_sorted(&s, ok, 1LL << 61, outs), QNN_ERR_SIZE, "count = 2305843009213693952");
    REFUSE(qnn_sample_sorted(&s, NULL, 3, outs), QNN_ERR_NULL, "targets is NULL");
    REFUSE(qnn_sample_sorted(&s, ok, 3, NULL), QNN_ERR_NULL, "out is NULL");
    {
        double both[4] = {0.1, 0.2, 0.3, 0.4};
        REFUSE(qnn_sample_sorted(&s, both, 3, (int64_t *)(both + 1)), QNN_ERR_OVERLAP, "out");
        REFUSE(qnn_sample_sorted(&s, ok, 3, (int64_t *)(s.amplitudes + 2 * DIM - 1)), QNN_ERR_OVERLAP,
               "overlaps s->amplitudes");
    }
    /* targets: NaN, inf, negative, unsorted, above <s|s> */
    REFUSE(qnn_sample_sorted(&s, (double[3]){0.1, NAN, 0.3}, 3, outs), QNN_ERR_VALUE, "targets[1] = nan");
    REFUSE(qnn_sample_sorted(&s, (double[2]){0.1, INFINITY}, 2, outs), QNN_ERR_VALUE, "targets[1] = inf");
    REFUSE(qnn_sample_sorted(&s, (double[2]){-0.5, 0.3}, 2, outs), QNN_ERR_VALUE, "targets[0] = -0.5 is negative");
    REFUSE(qnn_sample_sorted(&s, (double[3]){0.1, 0.3, 0.2}, 3, outs), QNN_ERR_VALUE,
           "targets[2] = 0.20000000000000001 is below targets[1]");
    REFUSE(qnn_sample_sorted(&s, (double[2]){0.5, 1.5}, 2, outs), QNN_ERR_VALUE, "targets[1] = 1.5 exceeds");
    /* states that cannot be sampled */
    REFUSE(qnn_sample_sorted(&z, ok, 3, outs), QNN_ERR_VALUE, "<s|s> = 0 cannot be sampled");
    REFUSE(qnn_sample_sorted(&sn, ok, 3, outs), QNN_ERR_VALUE, "<s|s> = nan");
    REFUSE(qnn_sample_sorted(&si, ok, 3, outs), QNN_ERR_VALUE, "<s|s> = inf");
    REFUSE(qnn_sample_sorted(&st, (double[1]){0}, 1, outs), QNN_ERR_VALUE, "<s|s> = 0");
    REFUSE(qnn_sample_sorted(&ss, (double[1]){0}, 1, outs), QNN_ERR_VALUE, "e-319 cannot be sampled");

    /* qnn_sample */
    REFUSE(qnn_sample(&s, -1, 1, outs), QNN_ERR_SIZE, "shots = -1");
    REFUSE(qnn_sample(&s, INT64_MIN, 1, outs), QNN_ERR_SIZE, "shots = -9223372036854775808");
    REFUSE(qnn_sample(&s, 1LL << 61, 1, outs), QNN_ERR_SIZE, "shots = 2305843009213693952");
    REFUSE(qnn_sample(&s, INT64_MAX, 1, outs), QNN_ERR_SIZE, "shots = 9223372036854775807");
    /* out could exist (2^61 bytes), the 2^62 bytes of scratch cannot: an allocation failure, not an abort. (out is
     * placed just past the state, s_buf's end, so that its claimed range does not overlap the state.) */
    REFUSE(qnn_sample(&s, 1LL << 58, 1, (int64_t *)(s_buf + 4 * DIM)), QNN_ERR_ALLOC,
           "cannot allocate 4611686018427387904 bytes of scratch for shots = 288230376151711744");
    REFUSE(qnn_sample(&s, 3, 1, NULL), QNN_ERR_NULL, "out is NULL with shots = 3");
    REFUSE(qnn_sample(&s, 3, 1, (int64_t *)s.amplitudes), QNN_ERR_OVERLAP, "overlaps s->amplitudes");
    REFUSE(qnn_sample(&z, 3, 1, outs), QNN_ERR_VALUE, "<s|s> = 0 cannot be sampled");
    REFUSE(qnn_sample(&sn, 3, 1, outs), QNN_ERR_VALUE, "<s|s> = nan");
    REFUSE(qnn_sample(&si, 3, 1, outs), QNN_ERR_VALUE, "<s|s> = inf");
    REFUSE(qnn_sample(&st, 3, 1, outs), QNN_ERR_VALUE, "<s|s> = 0");
    REFUSE(qnn_sample(&ss, 3, 1, outs), QNN_ERR_VALUE, "e-319 cannot be sampled");
}

/* The edges of what is allowed: these must succeed. */
static void accepted(void) {
    qnn_state v;
    static double buf[6 * DIM] __attribute__((aligned(64)));
    EXPECT_OK(qnn_state_wrap(&v, buf + 2 * DIM, N));
    v.amplitudes[0] = 1;
    const double r = 1.0 / sqrt(2.0);
    memcpy(buf + 2 * DIM - 8, (double[8]){r, 0, r, 0, r, 0, -r, 0}, sizeof(double) * 8);
    EXPECT_OK(qnn_apply_matrix(&v, &(int32_t){0}, 1, buf + 2 * DIM - 8, 0)); /* adjacent, not overlapping */
    EXPECT_OK(qnn_axpy(&v, &v, 1, 0));                                      /* y += y: the same buffer is fine */
    double norm;
    EXPECT_OK(qnn_norm_squared(&v, &norm));
    EXPECT_NEAR(norm, 4.0, 1e-14, "<2v|2v>");
    int64_t o[2];
    EXPECT_OK(qnn_sample_sorted(&v, (double[2]){0, norm}, 2, o)); /* target = <s|s>: the last nonzero outcome */
    EXPECT(o[0] == 0 && o[1] == 1, "samples %lld %lld", (long long)o[0], (long long)o[1]);
    EXPECT_OK(qnn_sample_sorted(&v, (double[1]){norm * (1 + 1e-12)}, 1, o)); /* within the documented slack */
    EXPECT_OK(qnn_sample_sorted(&v, (double[2]){-0.0, -0.0}, 2, o));         /* -0 is not negative */
    EXPECT_OK(qnn_sample_sorted(&v, NULL, 0, NULL));
    EXPECT_OK(qnn_sample(&v, 0, 1, NULL));
    EXPECT_OK(qnn_apply_batch(&v, NULL, 0));
    EXPECT_OK(qnn_expectation_pauli_sum(&v, NULL, NULL, NULL, 0, &norm));
    EXPECT(norm == 0, "empty sum");
    EXPECT_OK(qnn_scale(&v, DBL_MAX, 0)); /* finite factors are allowed even when the result overflows */
    v.threads = 1 << 30;                  /* huge thread counts are capped, not refused */
    EXPECT_OK(qnn_norm_squared(&v, &norm));
}

int main(void) {
    EXPECT(qnn_version() != NULL && strlen(qnn_version()) > 0, "qnn_version");
    EXPECT(qnn_abi_version() == QNN_ABI_VERSION, "qnn_abi_version");
    EXPECT(qnn_simd() != NULL, "qnn_simd");
    EXPECT(qnn_simd_lanes() == 2 || qnn_simd_lanes() == 4 || qnn_simd_lanes() == 8, "qnn_simd_lanes");
    EXPECT(qnn_default_threads() >= 1, "qnn_default_threads");
    EXPECT(qnn_last_error() != NULL, "qnn_last_error");

    EXPECT_OK(qnn_state_wrap(&s, s_buf + 2 * DIM, N));
    EXPECT_OK(qnn_state_wrap(&t, t_buf, N));
    for (int i = 0; i < 2 * DIM; ++i) {
        s.amplitudes[i] = 0.05 * (i + 1) * (i % 3 == 0 ? -1 : 1);
        t_buf[i] = 0.02 * (2 * DIM - i);
    }
    double norm;
    EXPECT_OK(qnn_norm_squared(&s, &norm));
    EXPECT_OK(qnn_scale(&s, 1 / sqrt(norm), 0)); /* <s|s> = 1, so 1.5 is an out-of-range target */
    snapshot();

    bad_states();
    states();
    gates();
    batch();
    reductions();
    sampling();
    printf("%d hostile calls refused as documented\n", calls);
    accepted();
    return qnn_test_finish("test_hostile");
}
