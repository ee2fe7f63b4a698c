# shellcheck shell=bash
# Shared by deploy.sh and auto-restart.sh: settings, modes, local processes and Compose.
# The sourcing script sets PROG (its name, for messages) and SCRIPT_DIR (the repository root).
# Globals set here are read by those scripts:
# shellcheck disable=SC2034

HUDDLE_HOME="${HUDDLE_HOME:-$SCRIPT_DIR}"
ENV_FILE="${HUDDLE_ENV_FILE:-$HUDDLE_HOME/docker/.env}"
case "$ENV_FILE" in
  /*) ;;
  *) ENV_FILE="$PWD/$ENV_FILE" ;;
esac
COMPOSE_FILE="$SCRIPT_DIR/docker/docker-compose.yml"
# deploy.sh scale-bridges writes the extra videobridges beside the .env file.
BRIDGES_FILE="$(dirname "$ENV_FILE")/docker-compose.bridges.yml"
RUN_DIR="$HUDDLE_HOME/run"
LOG_DIR="$RUN_DIR/logs"
JAR="${HUDDLE_JAR:-$SCRIPT_DIR/dist/huddle.jar}"
# In local mode, in start order. redis and coturn run when they are installed (redis-server,
# turnserver); without them the roles still work (room state stays in the XMPP process; no relay).
LOCAL_SERVICES=(redis coturn xmpp videobridge focus web)
DOCKER_SERVICES=(nginx web xmpp focus videobridge coturn redis postgres uptime-kuma)

die() {
  echo "$PROG: $*" >&2
  exit 1
}

usage_error() {
  echo "$PROG: $*" >&2
  echo "Run '$PROG --help' for the commands." >&2
  exit 2
}

need() {
  command -v "$1" >/dev/null 2>&1 || die "'$1' is needed for this ($2) but is not installed"
}

log() {
  echo "$(date '+%Y-%m-%d %H:%M:%S') $*"
}

# load_env: the .env file's settings; a variable already in the environment wins, as with Compose.
# The file is parsed, not sourced: each line is blank, a comment or KEY=VALUE (VALUE may be quoted),
# so a stray word is an error that names its line instead of a command that runs.
load_env() {
  [ -f "$ENV_FILE" ] || die "no $ENV_FILE; run './deploy.sh init' first"
  local line n=0 key value
  while IFS= read -r line || [ -n "$line" ]; do
    n=$((n + 1))
    line="${line%$'\r'}"
    [[ "$line" =~ ^[[:space:]]*(#.*)?$ ]] && continue
    [[ "$line" =~ ^[[:space:]]*(export[[:space:]]+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$ ]] ||
      die "$ENV_FILE line $n is not KEY=VALUE: '$line'"
    key="${BASH_REMATCH[2]}"
    value="${BASH_REMATCH[3]}"
    if [[ "$value" =~ ^\"(.*)\"[[:space:]]*$ ]] || [[ "$value" =~ ^\'(.*)\'[[:space:]]*$ ]]; then
      value="${BASH_REMATCH[1]}"
    elif [[ "$value" =~ ^(.*[^[:space:]])?[[:space:]]+#.*$ ]]; then
      # an unquoted value ends at " #", as in Compose's .env files
      value="${BASH_REMATCH[1]}"
    fi
    [ -n "${!key+set}" ] && [ -z "${ENV_LOADED_KEYS[$key]:-}" ] && continue
    ENV_LOADED_KEYS[$key]=1
    printf -v "$key" '%s' "$value"
    # shellcheck disable=SC2163
    export "$key"
  done <"$ENV_FILE"
}
declare -A ENV_LOADED_KEYS=()

# check_env: the settings that every start needs, each named when it is missing or malformed.
check_env() {
  local key problems=()
  local secrets=(JICOFO_AUTH_PASSWORD JVB_AUTH_PASSWORD JICOFO_COMPONENT_SECRET HUDDLE_HEALTH_PASSWORD)
  # The postgres service makes its database with this password; the roles log in with it.
  [ "${MODE:-}" = docker ] && secrets+=(POSTGRES_PASSWORD)
  for key in "${secrets[@]}"; do
    [ -n "${!key:-}" ] || problems+=("$key is empty (./deploy.sh init makes it)")
  done
  for key in HTTP_PORT HTTPS_PORT JVB_PORT JVB_TCP_PORT TURN_PORT TURN_RELAY_MIN_PORT TURN_RELAY_MAX_PORT XMPP_PORT PROSODY_HTTP_PORT; do
    [ -z "${!key:-}" ] && continue
    if ! [[ "${!key}" =~ ^[0-9]+$ ]] || [ "${!key}" -lt 1 ] || [ "${!key}" -gt 65535 ]; then
      problems+=("$key must be a port number from 1 to 65535, not '${!key}'")
    fi
  done
  for key in ENABLE_AUTH ENABLE_GUESTS; do
    case "${!key:-0}" in
      0 | 1 | true | false) ;;
      *) problems+=("$key must be 0 or 1 (or true or false), not '${!key}'") ;;
    esac
  done
  case "${AUTH_TYPE:-internal}" in
    internal | jwt) ;;
    *) problems+=("AUTH_TYPE must be internal or jwt, not '${AUTH_TYPE}'") ;;
  esac
  case "${ENABLE_AUTH:-0}:${AUTH_TYPE:-internal}" in
    1:jwt | true:jwt)
      [ -n "${JWT_APP_ID:-}" ] || problems+=("JWT_APP_ID is empty, and AUTH_TYPE=jwt needs it")
      [ -n "${JWT_APP_SECRET:-}${JWT_ASAP_KEYSERVER:-}${JWT_PUBLIC_KEY_FILE:-}" ] ||
        problems+=("JWT_APP_SECRET is empty, and AUTH_TYPE=jwt needs it (or JWT_ASAP_KEYSERVER)")
      ;;
  esac
  case "${PUBLIC_URL:-https://localhost}" in
    http://?* | https://?*) ;;
    *) problems+=("PUBLIC_URL must start with http:// or https://, not '${PUBLIC_URL}'") ;;
  esac
  if [ -n "${TURN_RELAY_MIN_PORT:-}" ] && [ -n "${TURN_RELAY_MAX_PORT:-}" ] &&
    [[ "$TURN_RELAY_MIN_PORT$TURN_RELAY_MAX_PORT" =~ ^[0-9]+$ ]] && [ "$TURN_RELAY_MIN_PORT" -gt "$TURN_RELAY_MAX_PORT" ]; then
    problems+=("TURN_RELAY_MIN_PORT ($TURN_RELAY_MIN_PORT) is above TURN_RELAY_MAX_PORT ($TURN_RELAY_MAX_PORT)")
  fi
  [ ${#problems[@]} -eq 0 ] && return 0
  local p
  for p in "${problems[@]}"; do
    echo "$PROG: $ENV_FILE: $p" >&2
  done
  exit 1
}

# port_in_use PROTO PORT [ADDRESS]: something on this machine listens there (ss from iproute2).
port_in_use() {
  local proto="$1" port="$2" address="${3:-}" flag=-ltn
  [ "$proto" = udp ] && flag=-lun
  command -v ss >/dev/null 2>&1 || return 1
  ss -H "$flag" 2>/dev/null | awk -v p="$port" -v a="$address" '
    { n = split($4, parts, ":"); port = parts[n]; host = substr($4, 1, length($4) - length(port) - 1) }
    port == p && (a == "" || a == "0.0.0.0" || host == a || host == "*" || host == "0.0.0.0" || host == "[::]") { found = 1 }
    END { exit found ? 0 : 1 }'
}

config_dir() {
  local dir="${CONFIG:-./config}"
  case "$dir" in
    /*) echo "$dir" ;;
    *) echo "$(cd "$(dirname "$ENV_FILE")" && pwd)/${dir#./}" ;;
  esac
}

detect_mode() {
  if [ -n "${HUDDLE_DEPLOY_MODE:-}" ]; then
    echo "$HUDDLE_DEPLOY_MODE"
  elif engine_runs docker || engine_runs podman; then
    echo docker
  else
    echo local
  fi
}

engine_runs() {
  command -v "$1" >/dev/null 2>&1 && "$1" info >/dev/null 2>&1
}

# find_engine: ENGINE (docker or podman) and COMPOSE_CMD (docker compose, docker-compose or
# podman-compose) for container mode. HUDDLE_CONTAINER_ENGINE picks the engine; otherwise Docker
# when its engine runs, else Podman.
find_engine() {
  [ -n "${ENGINE:-}" ] && return 0
  if [ -n "${HUDDLE_CONTAINER_ENGINE:-}" ]; then
    ENGINE="$HUDDLE_CONTAINER_ENGINE"
    case "$ENGINE" in
      docker | podman) ;;
      *) die "HUDDLE_CONTAINER_ENGINE is '$ENGINE'; it must be docker or podman" ;;
    esac
    engine_runs "$ENGINE" || die "HUDDLE_CONTAINER_ENGINE is $ENGINE, but '$ENGINE info' fails: is it installed and running?"
  elif engine_runs docker; then
    ENGINE=docker
  elif engine_runs podman; then
    ENGINE=podman
  else
    die "docker mode needs Docker or Podman, and neither runs here (or use --mode local)"
  fi
  if [ "$ENGINE" = docker ] && docker compose version >/dev/null 2>&1; then
    COMPOSE_CMD=(docker compose)
  elif [ "$ENGINE" = docker ] && command -v docker-compose >/dev/null 2>&1; then
    COMPOSE_CMD=(docker-compose)
  elif [ "$ENGINE" = podman ] && command -v podman-compose >/dev/null 2>&1; then
    COMPOSE_CMD=(podman-compose)
  else
    die "docker mode with $ENGINE needs a Compose tool: 'docker compose', 'docker-compose' or 'podman-compose'"
  fi
}

# parse_mode "$@": sets MODE and REST (the arguments after an optional --mode).
parse_mode() {
  MODE=""
  REST=("$@")
  if [ "${1:-}" = "--mode" ]; then
    [ $# -ge 2 ] || usage_error "--mode needs docker or local"
    MODE="$2"
    REST=("${@:3}")
  fi
  [ -n "$MODE" ] || MODE="$(detect_mode)"
  case "$MODE" in
    docker | local) ;;
    *) usage_error "unknown mode '$MODE' (docker or local)" ;;
  esac
}

valid_service() {
  local s
  for s in "${LOCAL_SERVICES[@]}" "${DOCKER_SERVICES[@]}"; do
    [ "$s" = "$1" ] && return 0
  done
  usage_error "unknown service '$1' (services: ${DOCKER_SERVICES[*]})"
}

# The Compose service names become loopback in local mode: every role runs on this machine.
local_env() {
  case "${XMPP_SERVER:-xmpp}" in
    xmpp | xmpp.meet.jitsi) export XMPP_SERVER=127.0.0.1 ;;
  esac
  export HUDDLE_DATA_PATH="${HUDDLE_DATA_PATH:-$(config_dir)/xmpp}"
  export HUDDLE_FILE_SHARE_PATH="${HUDDLE_FILE_SHARE_PATH:-$(config_dir)/files}"
  if [ -z "${HUDDLE_ROOM_POLICY_FILE:-}" ] && [ -f "$(config_dir)/rooms/room-policy.cfg.lua" ]; then
    HUDDLE_ROOM_POLICY_FILE="$(config_dir)/rooms/room-policy.cfg.lua"
    export HUDDLE_ROOM_POLICY_FILE
  fi
  if [ -n "${REDIS_URL:-}" ]; then
    REDIS_URL="${REDIS_URL/\/\/redis:/\/\/127.0.0.1:}"
    if ! command -v redis-server >/dev/null 2>&1 && ! redis_answers; then
      # No Redis here: the plugins keep their state in the XMPP process.
      unset REDIS_URL
    else
      export REDIS_URL
    fi
  fi
}

redis_port() {
  local rest="${REDIS_URL#*://}"
  rest="${rest#*@}"
  rest="${rest%%/*}"
  case "$rest" in
    *:*) echo "${rest##*:}" ;;
    *) echo 6379 ;;
  esac
}

redis_answers() {
  command -v redis-cli >/dev/null 2>&1 || return 1
  [ "$(redis-cli -h 127.0.0.1 -p "$(redis_port)" ping 2>/dev/null)" = PONG ]
}

pid_of() {
  local pidfile="$RUN_DIR/$1.pid" pid
  [ -f "$pidfile" ] || return 1
  pid="$(cat "$pidfile")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  # A killed process whose parent has not reaped it yet is a zombie: dead, though kill -0 succeeds.
  case "$(ps -o stat= -p "$pid" 2>/dev/null)" in
    Z*) return 1 ;;
  esac
  echo "$pid"
}

# compose ARGS...: the Compose tool on our files, with the .env file and the config folder given as
# absolute paths, so that HUDDLE_HOME may be anywhere. The project name is COMPOSE_PROJECT_NAME
# (default huddle).
# podman-compose 1.0 (Debian 12) differs: it has no --env-file and reads a .env beside the Compose
# file over the environment, and its ${VAR:-default} keeps an empty VAR empty. So it runs on a copy
# of the files in run/compose (no .env there), with the empty variables unset.
compose() {
  find_engine
  local dir="$SCRIPT_DIR/docker"
  local config project="${COMPOSE_PROJECT_NAME:-huddle}"
  config="$(config_dir)"
  image_env
  if [ "${COMPOSE_CMD[0]}" = podman-compose ]; then
    dir="$RUN_DIR/compose"
    mkdir -p "$dir"
    cp "$COMPOSE_FILE" "$dir/docker-compose.yml"
    [ -f "$BRIDGES_FILE" ] && cp "$BRIDGES_FILE" "$dir/docker-compose.bridges.yml"
  fi
  local files=(-f "$dir/docker-compose.yml")
  [ "$ENGINE" = docker ] && files+=(-f "$dir/docker-compose.ulimits.yml")
  if [ -f "$BRIDGES_FILE" ]; then
    if [ "${COMPOSE_CMD[0]}" = podman-compose ]; then files+=(-f "$dir/docker-compose.bridges.yml"); else files+=(-f "$BRIDGES_FILE"); fi
  fi
  if [ "${COMPOSE_CMD[0]}" = podman-compose ]; then
    local unset_empty=() v
    while IFS= read -r v; do
      unset_empty+=(-u "$v")
    done < <(env | sed -n 's/^\([A-Za-z_][A-Za-z0-9_]*\)=$/\1/p')
    env "${unset_empty[@]}" CONFIG="$config" HUDDLE_ENV_FILE="$ENV_FILE" \
      HUDDLE_NGINX_TEMPLATES="$SCRIPT_DIR/docker/nginx/templates" \
      "${COMPOSE_CMD[@]}" -p "$project" "${files[@]}" "$@"
  else
    CONFIG="$config" HUDDLE_ENV_FILE="$ENV_FILE" \
      "${COMPOSE_CMD[@]}" -p "$project" --env-file "$ENV_FILE" "${files[@]}" "$@"
  fi
}

# container_id SERVICE: the id of the service's (first) container, running or not.
container_id() {
  find_engine
  "$ENGINE" ps -aq --filter "label=com.docker.compose.project=${COMPOSE_PROJECT_NAME:-huddle}" \
    --filter "label=com.docker.compose.service=$1" 2>/dev/null | head -n 1
}

# java_bin: a Java 21+ runtime (JAVA_HOME, PATH or /usr/lib/jvm), or a clear error.
java_bin() {
  # shellcheck source=scripts/lib.sh
  . "$SCRIPT_DIR/scripts/lib.sh"
  huddle_find_jdk java
  echo "$JAVA_HOME/bin/java"
}

# --- health --------------------------------------------------------------------------------------

# The address the checks use: the roles' bind address, or loopback when they bind every interface.
probe_host() {
  case "${HUDDLE_BIND_ADDRESS:-}" in
    "" | 0.0.0.0 | "::") echo 127.0.0.1 ;;
    *) echo "$HUDDLE_BIND_ADDRESS" ;;
  esac
}

# The URL each role answers health checks on, in local mode.
health_url() {
  local host
  host="$(probe_host)"
  case "$1" in
    xmpp) echo "http://$host:${PROSODY_HTTP_PORT:-5280}/about/health" ;;
    videobridge) echo "http://$host:${HUDDLE_JVB_REST_PORT:-8080}/about/health" ;;
    focus) echo "http://$host:${HUDDLE_FOCUS_HTTP_PORT:-8888}/about/health" ;;
    web) echo "http://$host:${HTTP_PORT:-8000}/about/health" ;;
  esac
}

http_ok() {
  local url="$1" code
  if command -v curl >/dev/null 2>&1; then
    code="$(curl -s -m "${CHECK_TIMEOUT:-5}" -o /dev/null -w '%{http_code}' "$url" 2>/dev/null)" || true
    case "$code" in
      2??) return 0 ;;
      000 | "") HEALTH_REASON="$url did not answer" ;;
      *) HEALTH_REASON="$url answered $code" ;;
    esac
    return 1
  fi
  probe http "$url"
}

# probe ARGS...: `huddle probe` with its reason kept in HEALTH_REASON.
probe() {
  local out java
  java="$(java_bin)" || return 1
  if out="$("$java" -XX:TieredStopAtLevel=1 -jar "$JAR" probe --timeout "${CHECK_TIMEOUT:-5}" "$@" 2>&1)"; then
    return 0
  fi
  HEALTH_REASON="$(echo "$out" | tail -n 1)"
  return 1
}

# health SERVICE: 0 when healthy, else 1 with the reason in HEALTH_REASON. XMPP also gets a real
# c2s login (SASL ANONYMOUS on the guest domain).
health() {
  HEALTH_REASON=""
  if [ "$MODE" = docker ]; then
    docker_health "$1"
    return
  fi
  pid_of "$1" >/dev/null || {
    HEALTH_REASON="the process is not running"
    return 1
  }
  case "$1" in
    redis)
      redis_answers || {
        HEALTH_REASON="Redis on port $(redis_port) does not answer PING"
        return 1
      }
      ;;
    coturn)
      timeout "${CHECK_TIMEOUT:-5}" turnutils_stunclient -p "${TURN_PORT:-3478}" "$(probe_host)" >/dev/null 2>&1 || {
        HEALTH_REASON="coturn does not answer STUN on port ${TURN_PORT:-3478}"
        return 1
      }
      ;;
    xmpp)
      http_ok "$(health_url xmpp)" && probe xmpp "$(probe_host):${XMPP_PORT:-5222}" "${XMPP_DOMAIN:-meet.jitsi}"
      ;;
    *) http_ok "$(health_url "$1")" ;;
  esac
}

# wait_focus_sees_bridge SERVICES...: when the focus and the videobridge were started together, until
# the focus counts an operational bridge. The focus's health does not ask for one (Jicofo's default,
# JICOFO_ENABLE_HEALTH_CHECKS=false), and a bridge is healthy before its presence reaches the focus;
# waiting here makes `start` return when a meeting can be hosted, not a moment before.
wait_focus_sees_bridge() {
  local s focus="" bridge="" deadline url
  for s in "$@"; do
    case "$s" in
      focus) focus=1 ;;
      videobridge) bridge=1 ;;
    esac
  done
  [ -n "$focus" ] && [ -n "$bridge" ] && command -v curl >/dev/null 2>&1 || return 0
  url="http://$(probe_host):${HUDDLE_FOCUS_HTTP_PORT:-8888}/stats"
  deadline=$((SECONDS + ${HUDDLE_START_TIMEOUT:-90}))
  until curl -s -m "${CHECK_TIMEOUT:-5}" "$url" 2>/dev/null | grep -Eq '"operational_bridge_count" *: *[1-9]'; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      die "the focus sees no operational videobridge after ${HUDDLE_START_TIMEOUT:-90} s ($url)"
    fi
    sleep 0.2
  done
  log "the focus sees an operational videobridge"
}

# docker_health SERVICE: the container runs, the role answers on /about/health, and the container's
# Compose health check passes. Docker runs those checks itself, and its verdict is read; Podman
# without systemd does not schedule them, so they are run here ('podman healthcheck run'), unless
# HEALTH_QUICK=1 (the watchdog's rounds in between) asks for the state and /about/health only.
docker_health() {
  local id state
  find_engine
  id="$(container_id "$1")"
  [ -n "$id" ] || {
    HEALTH_REASON="no container"
    return 1
  }
  state="$("$ENGINE" inspect -f '{{.State.Status}}' "$id" 2>/dev/null)" || state=gone
  if [ "$state" != running ]; then
    HEALTH_REASON="the container is $state"
    return 1
  fi
  role_health "$1" "$id" || return 1
  if [ "$ENGINE" = podman ]; then
    [ "${HEALTH_QUICK:-0}" = 1 ] && return 0
    "$ENGINE" healthcheck run "$id" </dev/null >/dev/null 2>&1 || {
      HEALTH_REASON="its Compose health check fails"
      return 1
    }
    return 0
  fi
  case "$("$ENGINE" inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{end}}' "$id")" in
    unhealthy)
      HEALTH_REASON="its Compose health check fails"
      return 1
      ;;
    starting)
      HEALTH_REASON="its Compose health check has not passed yet"
      return 1
      ;;
  esac
}

# role_health SERVICE ID: a Huddle role's /about/health, asked now from inside its container (the
# roles may bind loopback only). bash's /dev/tcp does the GET: no JVM to start, no curl in the image.
# PostgreSQL is asked with pg_isready, over TCP as the roles connect.
role_health() {
  local port
  case "$1" in
    postgres)
      "$ENGINE" exec "$2" pg_isready -q -h 127.0.0.1 -t "${CHECK_TIMEOUT:-5}" </dev/null >/dev/null 2>&1 && return 0
      HEALTH_REASON="PostgreSQL does not accept connections (pg_isready)"
      return 1
      ;;
    xmpp) port=5280 ;;
    focus) port=8888 ;;
    videobridge*) port=8080 ;;
    web) port=8000 ;;
    *) return 0 ;;
  esac
  local status
  # shellcheck disable=SC2016
  status="$("$ENGINE" exec "$2" bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0" || exit 1
    printf "GET /about/health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n" >&3
    timeout "$1" head -n 1 <&3' "$port" "${CHECK_TIMEOUT:-5}" </dev/null 2>/dev/null)" || true
  case "$status" in
    "HTTP/"*" 2"??*) return 0 ;;
    "") HEALTH_REASON="its /about/health on port $port did not answer" ;;
    *) HEALTH_REASON="its /about/health on port $port answered: ${status%$'\r'}" ;;
  esac
  return 1
}

# The services a container start brings up: all of them, less Uptime Kuma when ENABLE_UPTIME_KUMA=0,
# plus the bridges of scale-bridges.
docker_services() {
  local s
  for s in "${DOCKER_SERVICES[@]}"; do
    [ "$s" = uptime-kuma ] && [ "${ENABLE_UPTIME_KUMA:-1}" = 0 ] && continue
    echo "$s"
  done
  if [ -f "$BRIDGES_FILE" ]; then
    sed -n 's/^  \(videobridge-[0-9]*\):$/\1/p' "$BRIDGES_FILE"
  fi
}
