#!/usr/bin/env bash
# benchmarks/gpu/prepare.sh: run HERE (the machine without a GPU). Builds the GPU-check kit into
# <repo>/.kit (git-ignored, ~60 MiB): the shared JCuda kit (jlink'd Java runtime, JCuda jars, JCublas2
# native retargeted to CUDA 13's libcublas.so.13, GpuCheck; see ../shared/gpu/prepare-kit.sh), the ttfp
# jars with their runtime dependencies, the tt-core test classes with JUnit, and RunTests.
# Maven runs in a temporary copy of the sources, never in the checkout itself.
# Then, on the GPU machine, from the repo root with .kit carried: sh benchmarks/gpu/run-on-gpu.sh
#
# Environment: GPU_KIT_SRC  folder holding prepare-kit.sh (default ../shared/gpu beside the repo, else /work/shared/gpu)
#              MVN_OFFLINE  "-o" (default) or "" to let Maven download what ~/.m2 lacks
#              KIT_MAX_MIB  size above which the kit is rejected (default 60: what travels must stay under 64 MiB)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
KIT="$ROOT/.kit"
SRC=${GPU_KIT_SRC:-}
if [ -z "$SRC" ]; then
  for d in "$ROOT/../shared/gpu" /work/shared/gpu; do
    [ -f "$d/prepare-kit.sh" ] && SRC=$(cd "$d" && pwd) && break
  done
fi
[ -n "$SRC" ] && [ -f "$SRC/prepare-kit.sh" ] || { echo "prepare.sh: prepare-kit.sh not found (set GPU_KIT_SRC)" >&2; exit 1; }
OFF=${MVN_OFFLINE--o}
MAX=${KIT_MAX_MIB:-60}
DEP=org.apache.maven.plugins:maven-dependency-plugin:2.8   # resolvable offline from ~/.m2

BUILD=$(mktemp -d "${TMPDIR:-/tmp}/ttfp-kit-build.XXXXXX")
trap 'rm -rf "$BUILD"' EXIT
echo "== copying sources to $BUILD"
tar -C "$ROOT" --exclude=./.git --exclude=./.kit --exclude=target --exclude=./.gl --exclude=./.whl -cf - . | tar -C "$BUILD" -xf -

echo "== building ttfp (tt-core, benchmarks and what they need; no tests)"
rm -rf "$KIT"
mkdir -p "$KIT/jars"
(cd "$BUILD" && mvn $OFF -q -B -Dmaven.test.skip=true -pl benchmarks -am package)
cp "$BUILD"/tt-core/target/tt-core-*.jar "$BUILD"/benchmarks/target/benchmarks-*.jar "$KIT/jars/"
# tt-core's runtime dependencies (EJML, OpenBLAS, JavaCPP, JCuda); the JCuda natives come patched in KIT/lib instead
(cd "$BUILD" && mvn $OFF -q -B -pl tt-core $DEP:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$KIT/jars" \
  -DexcludeArtifactIds=jcuda-natives,jcublas-natives,ejml-fdense,ejml-cdense,ejml-zdense,ejml-fsparse)

echo "== tt-core test classes and JUnit (for RunTests)"
if (cd "$BUILD" && mvn $OFF -q -B -pl tt-core test-compile); then
  (cd "$BUILD/tt-core/target/test-classes" && jar cf "$KIT/jars/tt-core-tests.jar" .)
  (cd "$BUILD" && mvn $OFF -q -B -pl tt-core $DEP:copy-dependencies -DincludeScope=test -DoutputDirectory="$KIT/jars" \
    -DincludeGroupIds=org.junit.jupiter,org.junit.platform,org.opentest4j,org.apiguardian)
  PV=$(ls "$KIT/jars" | sed -n 's/^junit-platform-engine-\(.*\)\.jar$/\1/p' | head -1)
  (cd "$BUILD" && mvn $OFF -q -B -N $DEP:copy -Dartifact=org.junit.platform:junit-platform-launcher:"$PV" -DoutputDirectory="$KIT/jars")
  TESTS=1
else
  echo "prepare.sh: WARNING tt-core tests do not compile; the kit will run GpuParityCheck only" >&2
  TESTS=0
fi

echo "== shared JCuda kit"
bash "$SRC/prepare-kit.sh" "$KIT"
# libjvm.so ships with its symbol table; stripping it saves ~4 MiB of what must travel
if command -v strip >/dev/null 2>&1 && [ -f "$KIT/jre/lib/server/libjvm.so" ]; then
  chmod u+w "$KIT/jre/lib/server/libjvm.so" && strip --strip-unneeded "$KIT/jre/lib/server/libjvm.so"
fi
if [ "$TESTS" = 1 ]; then
  javac --release 17 -cp "$KIT/jars/*" -d "$KIT" "$ROOT/benchmarks/gpu/RunTests.java"
fi
echo "$TESTS" > "$KIT/tests-enabled"

SIZE=$(du -sm "$KIT" | cut -f1)
echo "== kit ready: $KIT ($SIZE MiB; tests: $TESTS)"
if [ "$SIZE" -gt "$MAX" ]; then
  echo "prepare.sh: the kit is $SIZE MiB > $MAX MiB: with the working tree it would not fit the 64 MiB that travel" >&2
  exit 1
fi
echo "next, on the GPU machine from the repo root, carrying .kit:  sh benchmarks/gpu/run-on-gpu.sh"
