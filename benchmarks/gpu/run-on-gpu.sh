#!/bin/sh
# benchmarks/gpu/run-on-gpu.sh: run THERE (the lent GPU machine), from the repo root, with the .kit that
# benchmarks/gpu/prepare.sh built carried along. Runs, in order:
#   1. GpuSmoke         versions + a 256^3 DGEMM checked against the CPU (kit/GpuSmoke.java)
#   2. RunTests         the JUnit classes CublasBackendTest, CublasFallbackTest, TallSkinnyQrTest on the GPU
#   3. GpuParityCheck   kernel parity GPU vs CPU, GEMM/QR/SVD timings, workloads W2 (r=50,100,200), W4, W5
# and writes under $OUT (at most 8 files come back): gpucheck.log, junit.log, parity.log, gpu-parity.md,
# gpu-parity.json. Extra arguments go to GpuParityCheck (e.g. --quick, --no-workloads).
# Exit status: that of GpuParityCheck (0 all passed, 1 a check failed, 2 no usable GPU), or 1 if the
# JUnit run failed while GpuParityCheck passed.
K=.kit
if [ ! -x "$K/jre/bin/java" ]; then
  echo "run-on-gpu.sh: $K/jre/bin/java missing: run benchmarks/gpu/prepare.sh here first and carry .kit" >&2
  exit 3
fi
OUT=${OUT:-$PWD/out/gpu}
mkdir -p "$OUT"
# JCuda copies natives into $K/tmp (java.io.tmpdir of run-check.sh) and JavaCPP extracts OpenBLAS into
# its cache: both are emptied before and after, so a dry run here leaves nothing extra in the kit to carry.
CACHE=${TMPDIR:-/tmp}/ttfp-javacpp-cache
rm -rf "$K/tmp" "$CACHE"
trap 'rm -rf "$K/tmp" "$CACHE"' EXIT
# 24 GiB of heap for W2 at r = 200 on the CPU.
export JAVA_TOOL_OPTIONS="-Xmx24g -Dorg.bytedeco.javacpp.cachedir=$CACHE"
nvidia-smi --query-gpu=name,driver_version,memory.total,memory.used --format=csv 2>&1 | tee "$OUT/gpucheck.log"

echo "== 1. GpuSmoke"
sh "$K/run-check.sh" >>"$OUT/gpucheck.log" 2>&1
echo "GpuSmoke exit status $?" >>"$OUT/gpucheck.log"
grep -E 'libcublas.so.13 in|symbols exported|RTLD_NOW|PREFLIGHT|^cuda|^cublas|DGEMM|Exception|exit status' "$OUT/gpucheck.log" | head -n 20

JUNIT=0
if [ "$(cat "$K/tests-enabled" 2>/dev/null)" = 1 ]; then
  echo "== 2. JUnit on the GPU"
  sh "$K/run-check.sh" RunTests org.ttfp.linalg.CublasBackendTest org.ttfp.linalg.CublasFallbackTest \
     org.ttfp.linalg.TallSkinnyQrTest >"$OUT/junit.log" 2>&1
  JUNIT=$?
  grep -E '^(PASS|FAIL|SKIP) |tests (successful|failed|skipped|aborted)' "$OUT/junit.log" | grep -vE '^FAIL (dlopen|RTLD_NOW)' 
  echo "RunTests exit status $JUNIT"
fi

echo "== 3. GpuParityCheck"
sh "$K/run-check.sh" org.ttfp.bench.gpu.GpuParityCheck --out "$OUT" "$@" >"$OUT/parity.log" 2>&1
RC=$?
grep -vE '^(INFO|WARNING|[A-Z][a-z]{2} [0-9]+, [0-9]{4})|Picked up JAVA_TOOL_OPTIONS' "$OUT/parity.log" | tail -n 120
echo "GpuParityCheck exit status $RC"
if [ "$RC" = 0 ] && [ "$JUNIT" != 0 ]; then
  exit 1
fi
exit "$RC"
