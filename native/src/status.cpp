// status.cpp: the per-thread error message behind qnn_last_error().
#include "status.hpp"

#include <stdarg.h>
#include <stdio.h>

namespace {
thread_local char g_error[512] = "";
}

namespace qnnlab {

qnn_status fail(qnn_status code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(g_error, sizeof g_error, fmt, ap);
    va_end(ap);
    return code;
}

}  // namespace qnnlab

extern "C" const char *qnn_last_error(void) { return g_error; }
