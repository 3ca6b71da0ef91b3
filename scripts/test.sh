#!/usr/bin/env bash
# The project's test command (README.md; CI runs it through .ci/run on a fresh machine):
# installs the Debian packages the tests need, builds every module and runs the default test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/system-deps.sh
mvn -B -ntp -Dstyle.color=never verify
