#!/usr/bin/env bash
# benchmarks/gpu/prepare.sh: run HERE (the machine without a GPU). Builds the GPU-check kit into
# <repo>/.kit (git-ignored, ~60 MiB): a jlink'd Java runtime, the JCuda jars, the JCuda natives with
# libJCublas2 retargeted to CUDA 13's libcublas.so.13 (kit/retarget_cublas.py), the kit's scripts
# (kit/run-check.sh, kit/preflight.py) and smoke test (kit/GpuSmoke.java), the ttfp jars with their
# runtime dependencies, the tt-core test classes with JUnit, and RunTests.
# Maven runs in a temporary copy of the sources, never in the checkout itself.
# Then, on the GPU machine, from the repo root with .kit carried: sh benchmarks/gpu/run-on-gpu.sh
#
# Needs a JDK 17+ (jlink, javac), Maven, python3 and binutils (nm) here; on the GPU machine only python3.
# Environment: MVN_OFFLINE  "" (default: Maven may download what ~/.m2 lacks) or "-o" to stay offline
#              KIT_MAX_MIB  size above which the kit is rejected (default 60: what travels must stay under 64 MiB)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
KIT="$ROOT/.kit"
KITSRC="$ROOT/benchmarks/gpu/kit"
OFF=${MVN_OFFLINE-}
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

echo "== JCuda runtime kit"
JV=12.6.0; M2=${M2_REPO:-$HOME/.m2/repository}
mkdir -p "$KIT/lib"
for a in jcuda jcublas; do
  # tt-core depends on both, so they are normally in ~/.m2 already
  [ -f "$M2/org/jcuda/$a/$JV/$a-$JV.jar" ] || mvn -q -B dependency:get -Dartifact=org.jcuda:$a:$JV -Dtransitive=false
  [ -f "$M2/org/jcuda/$a-natives/$JV/$a-natives-$JV-linux-x86_64.jar" ] \
    || mvn -q -B dependency:get -Dartifact=org.jcuda:$a-natives:$JV:jar:linux-x86_64 -Dtransitive=false
  cp "$M2/org/jcuda/$a/$JV/$a-$JV.jar" "$KIT/jars/"
  unzip -q -o -j "$M2/org/jcuda/$a-natives/$JV/$a-natives-$JV-linux-x86_64.jar" 'lib/libJCuda*' 'lib/libJCublas2*' \
    -d "$KIT/lib" 2>/dev/null || true
done
python3 "$KITSRC/retarget_cublas.py" "$KIT/lib/libJCublas2-$JV-linux-x86_64.so"
# the functions the natives need from cuBLAS and from the CUDA driver, checked by preflight.py there
nm -D --undefined-only "$KIT/lib/libJCublas2-$JV-linux-x86_64.so" | awk '{print $2}' | sed 's/@.*//' \
  | grep '^cublas' | sort -u > "$KIT/cublas-symbols.txt"
nm -D --undefined-only "$KIT"/lib/libJCuda*-linux-x86_64.so | awk '{print $2}' | sed 's/@.*//' \
  | grep '^cu[A-Z]' | sort -u > "$KIT/cuda-driver-symbols.txt"
cp "$KITSRC/preflight.py" "$KITSRC/run-check.sh" "$KIT/"
JL=${JAVA_HOME:+$JAVA_HOME/bin/}jlink
JLOPTS="--add-modules java.base,java.logging,jdk.unsupported,java.management --strip-debug --no-header-files --no-man-pages"
[ -d "$KIT/jre" ] || $JL $JLOPTS --compress=zip-6 --output "$KIT/jre" 2>/dev/null || $JL $JLOPTS --compress=2 --output "$KIT/jre"
${JAVA_HOME:+$JAVA_HOME/bin/}javac --release 17 -cp "$KIT/jars/*" -d "$KIT" "$KITSRC/GpuSmoke.java"
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
