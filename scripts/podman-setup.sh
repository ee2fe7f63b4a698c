#!/usr/bin/env bash
# Makes Podman usable in this kind of sandbox; run by scripts/test.sh before the container tests.
# - default_ulimits = []: the sandbox refuses rlimits on containers ("error setting rlimit type 7").
# - runtime = "runc": crun refuses the sandbox's hybrid cgroup v1/v2 layout ("cgroups in hybrid mode
#   not supported"), runc accepts it.
# Writes /etc/containers/containers.conf (or CONTAINERS_CONF) only where a key is missing.
set -euo pipefail
conf="${CONTAINERS_CONF:-/etc/containers/containers.conf}"
mkdir -p "$(dirname "$conf")"
touch "$conf"
if ! grep -q '^default_ulimits' "$conf"; then
  if grep -q '^\[containers\]' "$conf"; then
    sed -i 's/^\[containers\]$/[containers]\ndefault_ulimits = []/' "$conf"
  else
    printf '[containers]\ndefault_ulimits = []\n' >>"$conf"
  fi
fi
# crun cannot run on a hybrid cgroup v1/v2 layout (a cgroup2 mount under /sys/fs/cgroup/unified).
if ! grep -q '^runtime *=' "$conf" && [ -d /sys/fs/cgroup/unified ] && command -v runc >/dev/null 2>&1; then
  if grep -q '^\[engine\]' "$conf"; then
    sed -i 's/^\[engine\]$/[engine]\nruntime = "runc"/' "$conf"
  else
    printf '[engine]\nruntime = "runc"\n' >>"$conf"
  fi
fi
