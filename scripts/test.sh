#!/usr/bin/env bash
# The project's test command (README.md): builds every module and runs the default test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp verify
