#!/usr/bin/env bash
# Installs the Debian packages the tests and the sandbox need, when they are missing:
#   bubblewrap  - the python sandbox's isolation (user/pid/net namespaces, read-only filesystem)
#   chromium, chromium-driver - the dashboard's end-to-end browser test
# Needs root (or sudo). Prints what it does; does nothing when everything is there.
set -euo pipefail
want=()
command -v bwrap >/dev/null 2>&1 || want+=(bubblewrap)
command -v python3 >/dev/null 2>&1 || want+=(python3)
if [[ ${PERENNIAL_SKIP_BROWSER:-} != 1 ]]; then
  command -v chromium >/dev/null 2>&1 || want+=(chromium)
  command -v chromedriver >/dev/null 2>&1 || want+=(chromium-driver)
fi
(( ${#want[@]} == 0 )) && exit 0
echo "system-deps: installing ${want[*]}"
sudo=""
[[ $(id -u) == 0 ]] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
