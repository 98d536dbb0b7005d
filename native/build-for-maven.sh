#!/usr/bin/env bash
# Builds libqnnlab with CMake for the Maven build (java/kernel-eigen runs this in generate-resources) and copies it
# into the module's classes, so the jar carries the library. The CMake build directory is BUILD_DIR (the module's
# target/native-build), so `mvn clean` removes it. When CMake, a C++ compiler or Eigen is missing it prints
# one line saying what and the command that installs it, and exits 0: the Eigen kernel's tests then skip visibly
# (or fail, when -Dqnnlab.test.requireKernel lists eigen, as CI does).
#   usage: native/build-for-maven.sh CLASSES_DIR BUILD_DIR [ctest]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:?classes directory}"
build="${2:?CMake build directory}"
mode="${3:-build}"
fix="sudo apt-get install -y cmake g++ libeigen3-dev"

missing=()
command -v cmake > /dev/null 2>&1 || missing+=("cmake")
command -v c++ > /dev/null 2>&1 || command -v g++ > /dev/null 2>&1 || missing+=("a C++ compiler")
if [ ! -f /usr/include/eigen3/Eigen/Core ] && [ ! -f /usr/local/include/eigen3/Eigen/Core ] \
        && [ -z "${EIGEN3_INCLUDE_DIR:-}" ]; then
    missing+=("Eigen 3.4")
fi
if [ ${#missing[@]} -gt 0 ]; then
    list="$(printf '%s, ' "${missing[@]}")"
    echo "qnnlab: native kernel not built: missing ${list%, }; install with: $fix"
    exit 0
fi

if [ "$mode" = "ctest" ]; then
    if [ -f "$build/CTestTestfile.cmake" ]; then
        ctest --test-dir "$build" --output-on-failure
    fi
    exit 0
fi

mkdir -p "$build"
configure_log="$build/qnnlab-configure.log"
build_log="$build/qnnlab-build.log"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release > "$configure_log" 2>&1 || {
    cat "$configure_log"
    echo "qnnlab: CMake configuration of native/ failed (log above)" >&2
    exit 1
}
# Quiet unless it fails: the qnn launcher runs this on a user's first `./qnn` and should print one line, not a log.
cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)" > "$build_log" 2>&1 || {
    cat "$build_log"
    echo "qnnlab: building libqnnlab failed (log above)" >&2
    exit 1
}
lib="$build/lib/libqnnlab.so"
if [ ! -f "$lib" ]; then
    echo "qnnlab: CMake did not produce $lib" >&2
    exit 1
fi
arch="$(uname -m)"
case "$arch" in
    x86_64 | amd64) arch=x86_64 ;;
    aarch64 | arm64) arch=aarch64 ;;
esac
mkdir -p "$out/native/linux-$arch"
cp "$lib" "$out/native/linux-$arch/libqnnlab.so"
