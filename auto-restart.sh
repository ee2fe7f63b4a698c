#!/usr/bin/env bash
# The watchdog: health-checks every Huddle service and restarts the ones that fail.
#
# Usage: ./auto-restart.sh [--mode docker|local] <command>
#   start            run the watchdog in the background; safe to run twice
#   stop             stop it; safe to run twice
#   restart [service...]  restart the services now (all that are watched, or those named), each
#                    waited on until healthy; the watchdog itself keeps running
#   status           whether it runs, and each service's last check and restarts in the past hour
#   logs [-f]        its log (every failure, restart and alert with its reason); -f follows it
#   check            one round of checks now, restarting nothing: exit 0 when all are healthy, else 1
#   run              the loop in the foreground (what start runs; for systemd or a container)
#
# What it checks: each role's /about/health, and for XMPP a real c2s login (as the health account,
# HUDDLE_HEALTH_PASSWORD, so it works in every auth mode); in docker mode PostgreSQL's pg_isready. In local mode it watches the services
# deploy.sh started (and did not stop); in docker mode the containers of the Compose project, and each
# container's Compose health check too (Docker runs those itself; with Podman the watchdog runs them
# every HEALTHCHECK_EVERY rounds). A process or container that dies is restarted at once, one whose
# checks fail after FAILURES_BEFORE_RESTART rounds. While XMPP or the
# bridge is down (and for DEPENDANT_GRACE after), the roles that need it are not blamed for failing.
#
# Settings (the .env file, or the environment; defaults in brackets):
#   CHECK_INTERVAL [10]           seconds between rounds of health checks
#   FAILURES_BEFORE_RESTART [2]   failed rounds in a row before a restart
#   RESTART_BACKOFF [5]           the wait before a service's next restart: none for its first in an
#                                 hour, then RESTART_BACKOFF seconds, doubling each time
#   MAX_RESTARTS_PER_HOUR [5]     then it gives up on the service, alerts, and tries again when
#                                 the oldest of those restarts is an hour old
#   STARTUP_GRACE [90]            seconds a restarted service has to become healthy
#   DEPENDANT_GRACE [30]          seconds after XMPP or a bridge comes back during which the roles
#                                 that need it may still fail their checks while they reconnect
#   ALERT_WEBHOOK_URL []          gets a JSON POST {"text": "..."} when it gives up (Slack,
#                                 Mattermost and Rocket.Chat incoming webhooks take this shape)
#   CHECK_TIMEOUT [5]             seconds each check may take
#   HEALTHCHECK_EVERY [3]         docker mode with Podman: run the Compose health checks every this
#                                 many rounds (they start a JVM in each container)
set -euo pipefail

PROG=auto-restart.sh
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/deploy-common.sh
. "$SCRIPT_DIR/scripts/deploy-common.sh"
PID_FILE="$RUN_DIR/auto-restart.pid"
STATE_FILE="$RUN_DIR/auto-restart.state"
WATCH_LOG="$LOG_DIR/auto-restart.log"

usage() {
  # the comment block at the top of this file
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
}

number() {
  # number NAME DEFAULT: the setting's value, which must be a whole number
  local value="${!1:-$2}"
  [[ "$value" =~ ^[0-9]+$ ]] || die "$1 must be a whole number of seconds or a count, not '$value'"
  echo "$value"
}

read_settings() {
  load_env
  [ "$MODE" = local ] && local_env
  [ "$MODE" = docker ] && find_engine
  INTERVAL="$(number CHECK_INTERVAL 10)"
  [ "$INTERVAL" -ge 1 ] || die "CHECK_INTERVAL must be at least 1"
  FAILURES="$(number FAILURES_BEFORE_RESTART 2)"
  BACKOFF="$(number RESTART_BACKOFF 5)"
  MAX_PER_HOUR="$(number MAX_RESTARTS_PER_HOUR 5)"
  GRACE="$(number STARTUP_GRACE 90)"
  DEPENDANT_GRACE="$(number DEPENDANT_GRACE 30)"
  HEALTHCHECK_EVERY="$(number HEALTHCHECK_EVERY 3)"
  [ "$HEALTHCHECK_EVERY" -ge 1 ] || die "HEALTHCHECK_EVERY must be at least 1"
}

# The services to watch.
watched() {
  local s
  if [ "$MODE" = docker ]; then
    # The Compose project's services that have a container: deploy.sh stop removes them.
    find_engine
    local present
    present="$("$ENGINE" ps -a --filter "label=com.docker.compose.project=${COMPOSE_PROJECT_NAME:-huddle}" \
      --format '{{ index .Labels "com.docker.compose.service" }}' 2>/dev/null)"
    for s in $(docker_services); do
      grep -qx "$s" <<<"$present" && echo "$s"
    done
    return 0
  fi
  for s in "${LOCAL_SERVICES[@]}"; do
    [ -f "$RUN_DIR/$s.pid" ] && echo "$s"
  done
  return 0
}

# needs SERVICE: the services it needs healthy before its own failures count. The focus reports
# unhealthy without XMPP or a bridge; the bridge and web need XMPP.
needs() {
  case "$1" in
    focus) echo "xmpp videobridge" ;;
    videobridge | web) echo xmpp ;;
  esac
}

# blocked_by SERVICE: why its failure is not its own (a service it needs is down, or came back less
# than DEPENDANT_GRACE seconds ago and the service is still reconnecting); nothing when it is.
blocked_by() {
  local n now
  now="$(date +%s)"
  for n in $(needs "$1"); do
    case "${LAST[$n]:-healthy}" in
      FAILING* | "restart failed")
        echo "$n is down"
        return 0
        ;;
    esac
    if [ $((now - ${RECOVERED[$n]:-0})) -lt "$DEPENDANT_GRACE" ]; then
      echo "$n came back $((now - RECOVERED[$n])) s ago"
      return 0
    fi
  done
  return 1
}

json_string() {
  local s="$1"
  s="${s//\\/\\\\}"
  s="${s//\"/\\\"}"
  s="$(printf '%s' "$s" | tr -d '\000-\037')"
  printf '"%s"' "$s"
}

alert() {
  local text="$1"
  log "ALERT: $text"
  [ -n "${ALERT_WEBHOOK_URL:-}" ] || return 0
  if ! command -v curl >/dev/null 2>&1; then
    log "cannot send the alert: curl is not installed"
    return 0
  fi
  if ! curl -fsS -m 10 -H 'Content-Type: application/json' \
    -d "{\"text\": $(json_string "Huddle on $(hostname): $text")}" "$ALERT_WEBHOOK_URL" >/dev/null 2>&1; then
    log "the alert webhook did not accept the alert"
  fi
}

# --- the loop ------------------------------------------------------------------------------------

declare -A FAILS=() GAVE_UP=() LAST=() NEXT_TRY=() RECOVERED=()

# Restarts are kept in a file, so that the hourly cap holds across restarts of the watchdog.
RESTART_LOG="$RUN_DIR/auto-restart.restarts"

# restarts_in_hour SERVICE: how many times the watchdog restarted it in the past hour.
restarts_in_hour() {
  [ -f "$RESTART_LOG" ] || {
    echo 0
    return
  }
  awk -v s="$1" -v now="$(date +%s)" '$1 == s && now - $2 < 3600 { n++ } END { print n + 0 }' "$RESTART_LOG"
}

prune_restart_log() {
  [ -f "$RESTART_LOG" ] || return 0
  awk -v now="$(date +%s)" 'now - $2 < 3600' "$RESTART_LOG" >"$RESTART_LOG.tmp"
  mv "$RESTART_LOG.tmp" "$RESTART_LOG"
}

restart_service() {
  local s="$1" reason="$2" n now wait
  n="$(restarts_in_hour "$s")"
  now="$(date +%s)"
  if [ "$n" -ge "$MAX_PER_HOUR" ]; then
    if [ -z "${GAVE_UP[$s]:-}" ]; then
      GAVE_UP[$s]=1
      alert "giving up on $s after $n restarts in the past hour; it is down: $reason"
    fi
    return 0
  fi
  GAVE_UP[$s]=""
  if [ "$n" -gt 0 ]; then
    wait=$((BACKOFF * (1 << (n - 1))))
    if [ -z "${NEXT_TRY[$s]:-}" ]; then
      NEXT_TRY[$s]=$((now + wait))
      log "$s is down ($reason); restart $((n + 1)) this hour in $wait s"
    fi
    [ "$now" -ge "${NEXT_TRY[$s]}" ] || return 0
  fi
  NEXT_TRY[$s]=""
  log "restarting $s: $reason"
  echo "$s $now" >>"$RESTART_LOG"
  if HUDDLE_START_TIMEOUT="$GRACE" "$SCRIPT_DIR/deploy.sh" --mode "$MODE" restart "$s" </dev/null; then
    log "$s restarted and healthy"
    RECOVERED[$s]="$(date +%s)"
    FAILS[$s]=0
    LAST[$s]="healthy (restarted)"
  else
    log "restarting $s failed"
    LAST[$s]="restart failed"
  fi
}

write_state() {
  local s tmp
  tmp="$STATE_FILE.tmp"
  {
    echo "# $(date '+%Y-%m-%d %H:%M:%S')"
    for s in $(watched); do
      printf '%-12s %s; %s restart(s) in the past hour%s\n' "$s" "${LAST[$s]:-not checked yet}" \
        "$(restarts_in_hour "$s")" "${GAVE_UP[$s]:+; GAVE UP}"
    done
  } >"$tmp"
  mv "$tmp" "$STATE_FILE"
}

ROUND=0

check_round() {
  local s reason blocker
  ROUND=$((ROUND + 1))
  # With Podman, the Compose health checks (a JVM in each container) run every HEALTHCHECK_EVERY
  # rounds; the rounds in between ask each role's /about/health.
  HEALTH_QUICK=1
  [ $(((ROUND - 1) % HEALTHCHECK_EVERY)) -eq 0 ] && HEALTH_QUICK=0
  for s in $(watched); do
    if health "$s"; then
      if [ "${LAST[$s]:-healthy}" != healthy ] && [ "${LAST[$s]}" != "healthy (restarted)" ]; then
        log "$s is healthy again"
        RECOVERED[$s]="$(date +%s)"
      fi
      FAILS[$s]=0
      GAVE_UP[$s]=""
      LAST[$s]=healthy
      continue
    fi
    reason="$HEALTH_REASON"
    LAST[$s]="FAILING: $reason"
    if [ "$MODE" = local ] && ! pid_of "$s" >/dev/null; then
      restart_service "$s" "the process died"
      continue
    fi
    case "$reason" in
      "the container is "*)
        restart_service "$s" "$reason"
        continue
        ;;
    esac
    if blocker="$(blocked_by "$s")"; then
      log "$s fails too ($reason), but $blocker; waiting for it"
      FAILS[$s]=0
      continue
    fi
    FAILS[$s]=$((${FAILS[$s]:-0} + 1))
    log "$s failed its check (${FAILS[$s]} in a row): $reason"
    [ "${FAILS[$s]}" -ge "$FAILURES" ] && restart_service "$s" "$reason"
  done
  write_state
}

# Between rounds, local mode notices a dead process within a second, docker mode a stopped
# container within two (one engine call for all of them).
watch_processes() {
  local s
  if [ "$MODE" = docker ]; then
    [ $((SECONDS % 2)) -eq 0 ] || return 0
    local states name state
    states="$("$ENGINE" ps -a --filter "label=com.docker.compose.project=${COMPOSE_PROJECT_NAME:-huddle}" \
      --format '{{ index .Labels "com.docker.compose.service" }} {{ .State }}' 2>/dev/null)" || return 0
    while read -r name state; do
      [ -n "$name" ] || continue
      case "$state" in
        running | Running* | Up* | up*) ;;
        *)
          if [ -n "${LAST[$name]+set}" ] || grep -qx "$name" < <(docker_services); then
            LAST[$name]="FAILING: the container is $state"
            restart_service "$name" "the container is $state"
          fi
          ;;
      esac
    done <<<"$states"
    return 0
  fi
  for s in $(watched); do
    if ! pid_of "$s" >/dev/null; then
      LAST[$s]="FAILING: the process died"
      restart_service "$s" "the process died"
    fi
  done
}

cmd_run() {
  read_settings
  mkdir -p "$RUN_DIR"
  trap 'log "watchdog stopping"; rm -f "$PID_FILE"; exit 0' TERM INT
  echo "$$" >"$PID_FILE"
  prune_restart_log
  log "watchdog running ($MODE mode): checks every $INTERVAL s, restart after $FAILURES failed rounds," \
    "at most $MAX_PER_HOUR restarts per service per hour"
  # One failing command must not stop the watchdog: from here on, errors are handled where they occur.
  set +e
  local next=0
  while true; do
    if [ "$SECONDS" -ge "$next" ]; then
      next=$((SECONDS + INTERVAL))
      check_round
    else
      watch_processes
    fi
    sleep 1
  done
}

# --- commands ------------------------------------------------------------------------------------

watchdog_pid() {
  local pid
  [ -f "$PID_FILE" ] || return 1
  pid="$(cat "$PID_FILE")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

cmd_start() {
  local pid
  read_settings
  if pid="$(watchdog_pid)"; then
    log "the watchdog is already running (pid $pid)"
    return 0
  fi
  mkdir -p "$LOG_DIR"
  nohup "$SCRIPT_DIR/auto-restart.sh" --mode "$MODE" run </dev/null >>"$WATCH_LOG" 2>&1 &
  pid=$!
  sleep 1
  kill -0 "$pid" 2>/dev/null || die "the watchdog stopped at once; see $WATCH_LOG"
  log "started the watchdog (pid $pid, log $WATCH_LOG)"
}

cmd_stop() {
  local pid
  if ! pid="$(watchdog_pid)"; then
    rm -f "$PID_FILE"
    log "the watchdog is not running"
    return 0
  fi
  kill "$pid"
  for _ in $(seq 1 20); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.25
  done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
  rm -f "$PID_FILE"
  log "stopped the watchdog"
}

cmd_status() {
  local pid
  if pid="$(watchdog_pid)"; then
    echo "watchdog     running (pid $pid)"
  else
    echo "watchdog     not running"
  fi
  [ -f "$STATE_FILE" ] && cat "$STATE_FILE"
  [ -n "${pid:-}" ]
}

cmd_check() {
  read_settings
  local s bad=0 any=no
  for s in $(watched); do
    any=yes
    if health "$s"; then
      printf '%-12s healthy\n' "$s"
    else
      printf '%-12s FAILING: %s\n' "$s" "$HEALTH_REASON"
      bad=1
    fi
  done
  [ "$any" = yes ] || die "no services to check; start them with './deploy.sh start'"
  return "$bad"
}

# restart [service...]: what an operator means by it: the services, now, through deploy.sh.
cmd_restart_services() {
  read_settings
  local services=("$@") s bad=0
  [ ${#services[@]} -gt 0 ] || mapfile -t services < <(watched)
  [ ${#services[@]} -gt 0 ] || die "no services to restart; start them with './deploy.sh start'"
  for s in "${services[@]}"; do
    valid_service "$s"
  done
  for s in "${services[@]}"; do
    log "restarting $s (asked for)"
    if HUDDLE_START_TIMEOUT="$GRACE" "$SCRIPT_DIR/deploy.sh" --mode "$MODE" restart "$s" </dev/null; then
      log "$s restarted and healthy"
    else
      log "restarting $s failed"
      bad=1
    fi
  done
  return "$bad"
}

cmd_logs() {
  [ -f "$WATCH_LOG" ] || die "no watchdog log yet ($WATCH_LOG)"
  case "${1:-}" in
    "") tail -n 200 "$WATCH_LOG" ;;
    -f | --follow) tail -n 200 -F "$WATCH_LOG" ;;
    *) usage_error "logs takes only -f" ;;
  esac
}

parse_mode "$@"
set -- "${REST[@]+"${REST[@]}"}"
command="${1:-}"
[ $# -gt 0 ] && shift
case "$command" in
  start | stop | status | check | run)
    [ $# -eq 0 ] || usage_error "$command takes no arguments"
    ;;
esac
case "$command" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  restart) cmd_restart_services "$@" ;;
  status) cmd_status ;;
  logs) cmd_logs "$@" ;;
  check) cmd_check ;;
  run) cmd_run ;;
  -h | --help | help) usage ;;
  "")
    usage >&2
    exit 2
    ;;
  *) usage_error "unknown command '$command'" ;;
esac
