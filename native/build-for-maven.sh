#!/usr/bin/env bash
# Builds libqnnlab with CMake for the Maven build (java/kernel-eigen runs this in generate-resources) and copies it
# into the module's classes, so the jar carries the library. The CMake build directory is BUILD_DIR (the module's
# target/native-build), so `mvn clean` removes it. When CMake, a C++ compiler or Eigen 3.4 is missing, or the Eigen
# found is older than 3.4, it prints one line saying what and how to fix it, and exits 0: the Eigen kernel's tests then
# skip visibly (or fail, when -Dqnnlab.test.requireKernel lists eigen, as CI does).
#   usage: native/build-for-maven.sh CLASSES_DIR BUILD_DIR [ctest]
# QNNLAB_CMAKE_ARGS adds arguments to the CMake configuration (split at spaces), e.g.
# QNNLAB_CMAKE_ARGS=-DEigen3_DIR=/opt/eigen/share/eigen3/cmake; CMake keeps them in the build directory's cache.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:?classes directory}"
build="${2:?CMake build directory}"
mode="${3:-build}"
fix="sudo apt-get install -y cmake g++ libeigen3-dev"
skipped="qnnlab: native kernel skipped"

missing=()
command -v cmake > /dev/null 2>&1 || missing+=("cmake")
command -v c++ > /dev/null 2>&1 || command -v g++ > /dev/null 2>&1 || missing+=("a C++ compiler")
if [ ${#missing[@]} -gt 0 ]; then
    # Without CMake there is no version check; name Eigen here too when its headers are absent, so one line lists all.
    if [ ! -f /usr/include/eigen3/Eigen/Core ] && [ ! -f /usr/local/include/eigen3/Eigen/Core ]; then
        missing+=("Eigen 3.4")
    fi
    list="$(printf '%s, ' "${missing[@]}")"
    echo "$skipped: missing ${list%, }; install with: $fix"
    exit 0
fi

# CMakeLists.txt writes why Eigen is unusable (missing, or older than 3.4) to this file before it stops.
eigen_problem="$build/qnnlab-eigen-problem.txt"

if [ "$mode" = "ctest" ]; then
    if [ -f "$build/CTestTestfile.cmake" ] && [ ! -f "$eigen_problem" ]; then
        ctest --test-dir "$build" --output-on-failure
    fi
    exit 0
fi

mkdir -p "$build"
rm -f "$eigen_problem"
configure_log="$build/qnnlab-configure.log"
build_log="$build/qnnlab-build.log"
# shellcheck disable=SC2086 # QNNLAB_CMAKE_ARGS is a list of arguments
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release ${QNNLAB_CMAKE_ARGS:-} > "$configure_log" 2>&1 || {
    if [ -f "$eigen_problem" ]; then
        echo "$skipped: $(cat "$eigen_problem")"
        exit 0
    fi
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
