#!/usr/bin/env bash
# Provisions Uptime Kuma for Huddle: the admin account (UPTIME_KUMA_ADMIN_USER, default admin, with
# UPTIME_KUMA_ADMIN_PASSWORD from the .env) and one monitor per service: the web page, BOSH, the XMPP
# WebSocket, the XMPP, videobridge and focus health pages, and the TURN port. Idempotent: a second
# run adds nothing. The work is done by uptime-kuma-provision.js, through Uptime Kuma's socket.io API
# (that file says why, and which .env settings pick the checked hosts and ports).
#
# Usage: scripts/uptime-kuma-provision.sh [--exec CONTAINER] [--list] [--wait SECONDS] <kuma-url> <env-file>
#
#   <kuma-url>        e.g. http://127.0.0.1:3001 (the Compose file publishes Kuma there)
#   --exec CONTAINER  run inside that Uptime Kuma container (ENGINE, default podman, else docker),
#                     with its own Node and socket.io-client: nothing is needed on the host. The URL
#                     is then seen from inside the container (http://127.0.0.1:3001).
#   --list            print the monitors as JSON instead of provisioning
#   --wait SECONDS    how long to wait for Kuma to answer (default 60)
#
# Without --exec it needs node on the host, and socket.io-client: from UPTIME_KUMA_NODE_MODULES (an
# Uptime Kuma install's node_modules has it), else installed once from the npm registry into
# ${XDG_CACHE_HOME:-~/.cache}/huddle/uptime-kuma-provision.
# Settings from the environment (UPTIME_KUMA_*, HUDDLE_DEPLOY_MODE, HUDDLE_BIND_ADDRESS) override
# the file's. Exit: 0 done, 2 usage or settings, 3 login refused, 4 Kuma not answering, 1 otherwise.
set -euo pipefail

PROG=uptime-kuma-provision
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JS="$HERE/uptime-kuma-provision.js"

usage() {
  echo "Usage: $0 [--exec CONTAINER] [--list] [--wait SECONDS] <kuma-url> <env-file>" >&2
  exit 2
}

container=""
pass=()
positional=()
while [ $# -gt 0 ]; do
  case "$1" in
    --exec)
      [ $# -ge 2 ] || usage
      container="$2"
      shift 2
      ;;
    --list) pass+=(--list); shift ;;
    --wait)
      [ $# -ge 2 ] || usage
      pass+=(--wait "$2")
      shift 2
      ;;
    -h | --help) usage ;;
    -*) echo "$PROG: unknown option '$1'" >&2; usage ;;
    *) positional+=("$1"); shift ;;
  esac
done
[ ${#positional[@]} -eq 2 ] || usage
url="${positional[0]}"
env_file="${positional[1]}"
[ -r "$env_file" ] || { echo "$PROG: cannot read $env_file" >&2; exit 2; }

# overrides: the settings given in this process's environment, as .env lines (they win).
overrides() {
  local name
  while IFS= read -r name; do
    printf '%s=%s\n' "$name" "${!name}"
  done < <(compgen -e | grep -E '^(UPTIME_KUMA_|HUDDLE_DEPLOY_MODE$|HUDDLE_BIND_ADDRESS$)' || true)
}

if [ -n "$container" ]; then
  engine="${ENGINE:-}"
  if [ -z "$engine" ]; then
    if command -v podman >/dev/null 2>&1; then engine=podman; else engine=docker; fi
  fi
  # The script goes in on stdin, after a line with the settings (base64: no quoting problems, and
  # no password on a command line). Run in /app, where Uptime Kuma's node_modules are.
  env_b64="$({ cat "$env_file"; echo; overrides; } | base64 | tr -d '\n')"
  status=0
  { printf 'globalThis.HUDDLE_KUMA_ENV_B64 = "%s";\n' "$env_b64"; cat "$JS"; } |
    "$engine" exec -i -w /app "$container" node - "${pass[@]}" "$url" - || status=$?
  exit "$status"
fi

command -v node >/dev/null 2>&1 || {
  echo "$PROG: node is not installed; install it (apt-get install nodejs npm) or use --exec CONTAINER" >&2
  exit 1
}
if [ -n "${UPTIME_KUMA_NODE_MODULES:-}" ]; then
  export NODE_PATH="$UPTIME_KUMA_NODE_MODULES${NODE_PATH:+:$NODE_PATH}"
fi
if ! node -e 'require.resolve("socket.io-client")' >/dev/null 2>&1; then
  cache="${XDG_CACHE_HOME:-$HOME/.cache}/huddle/uptime-kuma-provision"
  if [ ! -d "$cache/node_modules/socket.io-client" ]; then
    command -v npm >/dev/null 2>&1 || { echo "$PROG: npm is needed to install socket.io-client" >&2; exit 1; }
    echo "$PROG: installing socket.io-client into $cache" >&2
    mkdir -p "$cache"
    npm install --prefix "$cache" --no-audit --no-fund --no-package-lock --silent socket.io-client@4 >&2 ||
      { echo "$PROG: installing socket.io-client failed" >&2; exit 1; }
  fi
  export NODE_PATH="$cache/node_modules${NODE_PATH:+:$NODE_PATH}"
fi
# The overrides reach the script as its environment already.
exec node "$JS" "${pass[@]}" "$url" "$env_file"
