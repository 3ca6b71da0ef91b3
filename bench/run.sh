#!/usr/bin/env bash
# Runs one benchmark main class of the bench module: bench/run.sh <SimpleClassName> [args...]
# Builds what it needs first (tests skipped). Results go to bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: bench/run.sh <BenchClass> [args...]}; shift
mvn -B -q -ntp -pl bench -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile="$PWD/bench/target/classpath.txt" -Dmdep.includeScope=runtime >/dev/null
cp="$PWD/bench/target/classes:$(cat bench/target/classpath.txt)"
mkdir -p bench/results .djl-cache
exec java -Xmx4g -Dai.djl.offline=true -DDJL_CACHE_DIR="$PWD/.djl-cache" \
  -Dai.djl.pytorch.num_interop_threads=1 -cp "$cp" "dev.perennial.bench.$name" "$@"
