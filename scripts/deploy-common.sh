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
DOCKER_SERVICES=(nginx web xmpp focus videobridge coturn redis uptime-kuma)

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
load_env() {
  [ -f "$ENV_FILE" ] || die "no $ENV_FILE; run './deploy.sh init' first"
  local environment
  environment="$(export -p | sed 's/^declare -x /export /')"
  set -a
  # shellcheck disable=SC1090
  . "$ENV_FILE"
  set +a
  eval "$environment"
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
  elif command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
    echo docker
  else
    echo local
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

# compose ARGS...: Docker Compose (v2 plugin or v1) on our files, with the .env file and the config
# folder given as absolute paths, so that HUDDLE_HOME may be anywhere.
compose() {
  local files=(-f "$COMPOSE_FILE")
  [ -f "$BRIDGES_FILE" ] && files+=(-f "$BRIDGES_FILE")
  local config
  config="$(config_dir)"
  if docker compose version >/dev/null 2>&1; then
    CONFIG="$config" HUDDLE_ENV_FILE="$ENV_FILE" docker compose --env-file "$ENV_FILE" "${files[@]}" "$@"
  else
    need docker-compose "docker mode"
    CONFIG="$config" HUDDLE_ENV_FILE="$ENV_FILE" docker-compose --env-file "$ENV_FILE" "${files[@]}" "$@"
  fi
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

docker_health() {
  local id state
  id="$(compose ps -q "$1" 2>/dev/null | head -n 1)"
  [ -n "$id" ] || {
    HEALTH_REASON="no container"
    return 1
  }
  state="$(docker inspect -f '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}' "$id")"
  case "$state" in
    "running unhealthy")
      HEALTH_REASON="its health check fails"
      return 1
      ;;
    running*) ;;
    *)
      HEALTH_REASON="the container is ${state% }"
      return 1
      ;;
  esac
  if [ "$1" = xmpp ]; then
    local out
    out="$(compose exec -T xmpp java -jar /opt/huddle/huddle.jar probe xmpp 127.0.0.1:5222 \
      "${XMPP_DOMAIN:-meet.jitsi}" 2>&1)" || {
      HEALTH_REASON="$(echo "$out" | tail -n 1)"
      return 1
    }
  fi
}
