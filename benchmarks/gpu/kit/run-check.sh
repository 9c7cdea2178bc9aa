#!/bin/sh
# run-check.sh [MAIN_CLASS [ARGS...]] — on the GPU machine, from a kit built by benchmarks/gpu/prepare.sh.
# Finds CUDA 13's libcublas.so.13, runs preflight.py (Python only: do all referenced symbols exist?),
# then MAIN_CLASS (default GpuSmoke: CUDA versions and a 256^3 DGEMM against the CPU) on the kit's Java.
K=$(cd "$(dirname "$0")" && pwd)
for d in /usr/local/cuda/lib64 /usr/local/cuda-13*/lib64 /usr/local/cuda/targets/x86_64-linux/lib /usr/lib/x86_64-linux-gnu; do
  [ -e "$d/libcublas.so.13" ] && C13=$d && break
done
[ -z "${C13:-}" ] && C13=$(dirname "$(find / -xdev -name libcublas.so.13 2>/dev/null | head -n 1)")
echo "libcublas.so.13 in: $C13"
export LD_LIBRARY_PATH="$K/lib:$C13${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
python3 "$K/preflight.py" "$K/lib" || echo "PREFLIGHT REPORTED PROBLEMS (see above)"
mkdir -p "$K/tmp"
MAIN=${1:-GpuSmoke}; [ $# -gt 0 ] && shift
exec "$K/jre/bin/java" -Djava.io.tmpdir="$K/tmp" -Djava.library.path="$K/lib" -cp "$K/jars/*:$K" "$MAIN" "$@"
