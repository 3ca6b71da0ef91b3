#!/usr/bin/env bash
# Runs one benchmark main under Java Flight Recorder (CPU samples every 2 ms) and prints where
# the time went, by runtime concern:
#
#   bench/profile.sh <Class> [args...]        e.g. bench/profile.sh runtime.RuntimeOverheadBench --only agents --rounds 20
#
# The recording stays in bench/target/profile-<Class>.jfr; look closer with bench/jfr_summary.py
# (top, under FRAME) or `jfr print --events jdk.ExecutionSample ...`. Build first with bench/run.sh
# or bench/suite.sh (this script reuses bench/target/classpath.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: bench/profile.sh <Class> [args...]}; shift
[[ -s bench/target/classpath.txt ]] || { echo "build first: bench/run.sh or bench/suite.sh" >&2; exit 2; }
jfc=bench/target/profile-2ms.jfc
# the JDK's "profile" settings, sampling every 2 ms instead of 10 ms
sed 's/control="method-sampling-java-interval">10 ms</control="method-sampling-java-interval">2 ms</' \
  "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/jfr/profile.jfc" > "$jfc"
out="bench/target/profile-${name##*.}.jfr"
java -Xmx4g -Dai.djl.offline=true -DDJL_CACHE_DIR="$PWD/.djl-cache" -Dai.djl.pytorch.num_interop_threads=1 \
  -XX:StartFlightRecording=filename="$out",settings="$jfc" \
  -cp "$PWD/bench/target/classes:$(cat bench/target/classpath.txt)" "dev.perennial.bench.$name" "$@"
echo "--- $out: CPU samples by concern (Akka dispatcher, database and inference threads)"
bench/jfr_summary.py "$out" categories 'dispatcher|db-|policy|inference|main'
