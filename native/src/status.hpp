// status.hpp: how libqnnlab reports failure. fail() records the per-thread message that qnn_last_error() returns;
// guarded() is the boundary every extern "C" function of qnnlab.h runs its body through, so that no C++ exception
// ever crosses the C ABI (one escaping an extern "C" function calls std::terminate and aborts the caller).
#ifndef QNNLAB_STATUS_HPP
#define QNNLAB_STATUS_HPP

#include <exception>
#include <new>

#include "qnnlab.h"

namespace qnnlab {

// Records the message for qnn_last_error() on this thread and returns code.
qnn_status fail(qnn_status code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

// Runs body (returning qnn_status) and maps every exception to a status: std::bad_alloc (and bad_array_new_length)
// -> QNN_ERR_ALLOC, anything else -> QNN_ERR_INTERNAL, each with a message naming fn.
template <class Body>
qnn_status guarded(const char *fn, Body &&body) noexcept {
    try {
        return body();
    } catch (const std::bad_alloc &e) {
        return fail(QNN_ERR_ALLOC, "%s: out of memory (%s)", fn, e.what());
    } catch (const std::exception &e) {
        return fail(QNN_ERR_INTERNAL, "%s: internal error, please report: %s", fn, e.what());
    } catch (...) {
        return fail(QNN_ERR_INTERNAL, "%s: internal error, please report: an unknown exception", fn);
    }
}

}  // namespace qnnlab

#define QNN_TRY(expr)                      \
    do {                                   \
        const qnn_status st_ = (expr);     \
        if (st_ != QNN_OK) return st_;     \
    } while (0)

#endif
