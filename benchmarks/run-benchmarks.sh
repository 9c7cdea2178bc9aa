#!/usr/bin/env bash
# Builds ttfp and runs the JMH suite of the reference workloads (benchmarks/README.md).
# Usage: benchmarks/run-benchmarks.sh [--quick|--full] [--out DIR] [--only W1,W2,...] [--backends openblas,ejml] [--no-memory]
# Default: --quick --out results/bench. Writes DIR/results.md (table), DIR/jmh-result.json and DIR/figures/.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package
if [ "$#" -eq 0 ]; then
  set -- --quick --out results/bench
fi
exec java -jar benchmarks/target/benchmarks.jar "$@"
