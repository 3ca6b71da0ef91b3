#!/usr/bin/env bash
# The benchmark suite, one command on a fresh machine (Debian 12, Java 17, Maven 3.8+):
#
#   bench/suite.sh [--quick] [--sections runtime,journal,inference,training,scale,verifiers,sandbox]
#
# Builds the bench module and what it needs (tests skipped), installs Debian's python3-torch for the
# PyTorch reference when it is missing (root or sudo; otherwise those comparisons are skipped with a
# note), then runs every section in a JVM of its own and prints one table of ratios, each against a
# reference measured in the same run. Writes bench/results/<date>.json, and the sections' own
# files to bench/results/<date>/. --quick takes a few minutes; the full run about half an hour.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=full
pass=()
while (( $# )); do
  case "$1" in
    --quick) mode=quick ;;
    --sections) pass+=(--sections "${2:?--sections needs a list}"); shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (--quick, --sections a,b)" >&2; exit 2 ;;
  esac
  shift
done

if ! /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  sudo=""
  [[ $(id -u) == 0 ]] || sudo="sudo -n"
  echo "suite: installing python3-torch (the PyTorch reference of the inference and training sections)..."
  if ! (DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends python3-torch >/dev/null 2>&1 ||
        { $sudo apt-get update -qq >/dev/null 2>&1 &&
          DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends python3-torch >/dev/null 2>&1; }); then
    echo "suite: could not install python3-torch; the PyTorch comparisons will be skipped" >&2
  fi
fi
if ! command -v bwrap >/dev/null 2>&1; then PERENNIAL_SKIP_BROWSER=1 ./scripts/system-deps.sh || true; fi

echo "suite: building (mvn package, tests skipped)..."
mvn -B -q -ntp -pl bench -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile="$PWD/bench/target/classpath.txt" -Dmdep.includeScope=runtime >/dev/null
mkdir -p bench/results .djl-cache
exec java -Xmx256m -cp "$PWD/bench/target/classes:$(cat bench/target/classpath.txt)" \
  dev.perennial.bench.suite.BenchSuite --mode "$mode" "${pass[@]}"
