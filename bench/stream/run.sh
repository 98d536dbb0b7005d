#!/bin/sh
# Builds and runs the C STREAM-style scale loop: single-threaded, then with OpenMP on all cores
# (OMP_NUM_THREADS=T to choose). For the record only; not part of the Maven build.
set -eu
cd "$(dirname "$0")"
out="${TMPDIR:-/tmp}/qnnlab-stream"
gcc -O3 -march=native -Wall -Wno-unknown-pragmas -o "$out-1" scale.c
echo "1 thread:"
"$out-1"
if gcc -O3 -march=native -Wall -fopenmp -o "$out-omp" scale.c 2>/dev/null; then
    echo "OpenMP, ${OMP_NUM_THREADS:-$(nproc)} threads:"
    "$out-omp"
fi
