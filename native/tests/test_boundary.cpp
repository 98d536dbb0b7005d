// test_boundary.cpp: guarded() (src/status.hpp), the wrapper around every extern "C" body, turns every exception
// into a status and a message instead of letting it escape (which would abort the caller).
#include <stdexcept>
#include <vector>

#include "status.hpp"
#include "test_util.h"

using qnnlab::fail;
using qnnlab::guarded;

static void expect(qnn_status got, qnn_status want, const char *mention, const char *what) {
    EXPECT(got == want, "%s: returned %d, expected %d (message: %s)", what, int(got), int(want), qnn_last_error());
    EXPECT(strstr(qnn_last_error(), mention) != nullptr, "%s: the message should name '%s': %s", what, mention,
           qnn_last_error());
    printf("ok  %-28s -> %s\n", what, qnn_last_error());
}

int main() {
    EXPECT(guarded("f", [] { return QNN_OK; }) == QNN_OK, "QNN_OK passes through");
    expect(guarded("f", [] { return fail(QNN_ERR_QUBIT, "f: qubit 9"); }), QNN_ERR_QUBIT, "f: qubit 9",
           "a status passes through");
    expect(guarded("qnn_x", []() -> qnn_status { throw std::bad_alloc(); }), QNN_ERR_ALLOC, "qnn_x: out of memory",
           "bad_alloc");
    expect(guarded("qnn_x", []() -> qnn_status { throw std::bad_array_new_length(); }), QNN_ERR_ALLOC,
           "qnn_x: out of memory", "bad_array_new_length");
    // The bug this wrapper fixes: std::vector's length_error used to escape qnn_sample for 2^61 shots.
    expect(guarded("qnn_sample", [] {
               std::vector<double> v(size_t(1) << 61);
               return v.empty() ? QNN_OK : QNN_ERR_SIZE;
           }),
           QNN_ERR_INTERNAL, "qnn_sample: internal error", "length_error from std::vector");
    expect(guarded("qnn_x", []() -> qnn_status { throw std::runtime_error("boom"); }), QNN_ERR_INTERNAL,
           "qnn_x: internal error, please report: boom", "runtime_error");
    expect(guarded("qnn_x", []() -> qnn_status { throw 42; }), QNN_ERR_INTERNAL, "an unknown exception",
           "a non-std exception");
    return qnn_test_finish("test_boundary");
}
