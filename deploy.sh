#!/usr/bin/env bash
# Deploys and runs Huddle. Two modes, the same commands:
#   docker  Docker Compose services from docker/docker-compose.yml (the default when docker is installed)
#   local   the same roles as plain processes from dist/huddle.jar (machines without Docker, and the tests)
#
# Usage: ./deploy.sh [--mode docker|local] <command> [args]
#   init [--force]          write .env with fresh secrets, the config folders and a self-signed certificate
#   ssl [domain [email]]    a Let's Encrypt certificate with certbot for the domain (HTTP-01), and a twice-daily
#                           renewal job; self-signed without a domain. ssl --renew renews now.
#   start [service...]      start every service (or the named ones) and wait until they are healthy;
#                           safe to run twice
#   stop [service...]       stop them; safe to run twice
#   restart <service>       stop and start one service (auto-restart.sh uses this)
#   status [service...]     each service (or those named): running or not, healthy or not (exit 3
#                           when one is not)
#   logs [service] [-f]     the recent log lines; -f follows them
#   build [--offline] [--force]  docker: build the images that are missing or stale (start and update
#                           do it too); --offline makes every image from Debian packages, no registry
#   update                  docker: rebuild what is stale and recreate; local: rebuild the jar and restart
#   backup                  config, secrets, a Redis snapshot and a dump of the records database
#                           (pg_dump) into backups/huddle-<date>.tar.gz
#   restore <archive> [--force]  bring a backup back, the records database too (refuses to overwrite
#                           without --force)
#   scale-bridges <n>       docker: run n videobridges, each with its own id and UDP port
#
# Settings come from the .env file (HUDDLE_ENV_FILE, default docker/.env), named as docker-jitsi-meet
# names them. HUDDLE_HOME (default: this script's folder) holds run/ (pids, logs) and backups/.
# HUDDLE_DEPLOY_MODE picks the mode when --mode is not given (default: docker when it runs, else local).
# HUDDLE_START_TIMEOUT (default 90) is how many seconds start waits for a service to become healthy.
set -euo pipefail

PROG=deploy.sh
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/deploy-common.sh
. "$SCRIPT_DIR/scripts/deploy-common.sh"
# shellcheck source=scripts/deploy-build.sh
. "$SCRIPT_DIR/scripts/deploy-build.sh"
# shellcheck source=scripts/deploy-ssl.sh
. "$SCRIPT_DIR/scripts/deploy-ssl.sh"
# shellcheck source=scripts/deploy-records.sh
. "$SCRIPT_DIR/scripts/deploy-records.sh"
ENV_EXAMPLE="$SCRIPT_DIR/docker/.env.example"

usage() {
  # the comment block at the top of this file
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
}

# The secrets init makes. A .env from before a secret was added gets it at the next start or update
# (add_new_secrets).
SECRETS=(JICOFO_AUTH_PASSWORD JVB_AUTH_PASSWORD JICOFO_COMPONENT_SECRET TURN_CREDENTIALS HUDDLE_HEALTH_PASSWORD
  JVB_REST_TOKEN POSTGRES_PASSWORD HUDDLE_ADMIN_TOKEN HUDDLE_FILE_SHARE_SECRET)

secret() {
  # 24 random bytes, URL- and .env-safe
  head -c 24 /dev/urandom | base64 | tr -d '\n=+/' | cut -c1-32
}

set_env() {
  # set_env KEY VALUE: replace KEY=... in the .env file, or append it
  local key="$1" value="$2" tmp
  tmp="$(mktemp "$(dirname "$ENV_FILE")/.env.XXXXXX")"
  if grep -q "^${key}=" "$ENV_FILE"; then
    awk -v k="$key" -v v="$value" 'BEGIN { FS = OFS = "=" } $1 == k { print k "=" v; next } { print }' \
      "$ENV_FILE" >"$tmp"
  else
    cat "$ENV_FILE" >"$tmp"
    echo "${key}=${value}" >>"$tmp"
  fi
  chmod 600 "$tmp"
  mv "$tmp" "$ENV_FILE"
}

# add_new_secrets: the secrets a .env made by an older init lacks (the records database's password,
# the admin token, the file-sharing key), made now and written to it; one set in the environment is
# left alone.
add_new_secrets() {
  local key value
  for key in POSTGRES_PASSWORD HUDDLE_ADMIN_TOKEN HUDDLE_FILE_SHARE_SECRET; do
    [ -n "${!key:-}" ] && continue
    value="$(secret)"
    set_env "$key" "$value"
    printf -v "$key" '%s' "$value"
    # shellcheck disable=SC2163
    export "$key"
    log "added $key to $ENV_FILE (a secret this version needs)"
  done
}

# --- init and certificates -----------------------------------------------------------------------

cmd_init() {
  local force=no
  case "${1:-}" in
    "") ;;
    --force) force=yes ;;
    *) usage_error "init takes only --force" ;;
  esac
  need openssl "making secrets and a self-signed certificate"
  if [ -f "$ENV_FILE" ] && [ "$force" != yes ]; then
    die "$ENV_FILE exists; it holds your secrets. Use 'init --force' to replace it."
  fi
  mkdir -p "$(dirname "$ENV_FILE")"
  cp "$ENV_EXAMPLE" "$ENV_FILE"
  chmod 600 "$ENV_FILE"
  local key
  for key in "${SECRETS[@]}"; do
    set_env "$key" "$(secret)"
  done
  # Uptime Kuma wants letters and digits in its admin password: a random one may lack either.
  set_env UPTIME_KUMA_ADMIN_PASSWORD "$(secret)a1"
  load_env
  local config
  config="$(config_dir)"
  mkdir -p "$config"/{certs,xmpp,redis,acme,uptime-kuma,rooms}
  if [ ! -f "$config/rooms/room-policy.cfg.lua" ]; then
    # It may hold fixed room passwords: for the operator (and the XMPP container) only.
    install -m 600 "$SCRIPT_DIR/docker/room-policy.example.cfg.lua" "$config/rooms/room-policy.cfg.lua"
    log "wrote the room policy $config/rooms/room-policy.cfg.lua (public rooms, fixed passwords)"
  fi
  if [ -f "$config/certs/huddle.crt" ] && [ "$force" != yes ]; then
    log "keeping the certificate in $config/certs"
  else
    self_signed "${LETSENCRYPT_DOMAIN:-localhost}"
  fi
  log "wrote $ENV_FILE with new secrets, and $config"
}

self_signed() {
  local name="$1" config
  config="$(config_dir)"
  mkdir -p "$config/certs"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 825 \
    -subj "/CN=$name/O=Huddle self-signed" -addext "subjectAltName=DNS:$name" \
    -keyout "$config/certs/huddle.key" -out "$config/certs/huddle.crt" 2>/dev/null
  chmod 600 "$config/certs/huddle.key"
  log "made a self-signed certificate for $name in $config/certs"
}

# --- local mode: roles as processes --------------------------------------------------------------

local_start() {
  local service="$1" pid java
  if pid="$(pid_of "$service")"; then
    log "$service is already running (pid $pid)"
    return 0
  fi
  mkdir -p "$LOG_DIR"
  local_env
  local cmd
  if [ "$service" = redis ]; then
    if [ -z "${REDIS_URL:-}" ]; then
      log "redis: not used (no REDIS_URL, or no Redis here); the plugins keep state in the XMPP process"
      return 0
    fi
    if redis_answers; then
      log "redis: using the Redis that already answers on port $(redis_port)"
      return 0
    fi
    mkdir -p "$(config_dir)/redis"
    cmd=(redis-server --port "$(redis_port)" --bind 127.0.0.1 --dir "$(config_dir)/redis"
      --appendonly no --save 60 1 --daemonize no)
  elif [ "$service" = coturn ]; then
    if ! command -v turnserver >/dev/null 2>&1 || [ -z "${TURN_CREDENTIALS:-}" ]; then
      log "coturn: not run (turnserver is not installed, or TURN_CREDENTIALS is empty); no TURN relay"
      return 0
    fi
    cmd=(turnserver -n --no-cli --no-tls --no-dtls --log-file=stdout --simple-log
      --listening-port="${TURN_PORT:-3478}" --use-auth-secret --static-auth-secret="$TURN_CREDENTIALS"
      --realm="${XMPP_DOMAIN:-meet.jitsi}" --min-port="${TURN_RELAY_MIN_PORT:-49160}"
      --max-port="${TURN_RELAY_MAX_PORT:-49200}" --no-multicast-peers)
    case "${HUDDLE_BIND_ADDRESS:-}" in
      "" | 0.0.0.0 | "::") ;;
      *) cmd+=(--listening-ip="$HUDDLE_BIND_ADDRESS" --relay-ip="$HUDDLE_BIND_ADDRESS") ;;
    esac
  else
    java="$(java_bin)"
    [ -f "$JAR" ] || die "no $JAR; build it with 'mvn -DskipTests package' (or set HUDDLE_JAR)"
    # scripts/lib.sh's flags with the role's own start-up cache (JDK 25+) when one was trained for
    # this jar (./huddle ROLE trains it), else a class-data archive per role that the JVM makes and
    # refreshes itself (JDK 19+), which cuts restarts by a third: the watchdog's restarts are what
    # it is for (docs/deployment.md).
    local flags=()
    # shellcheck source=scripts/lib.sh
    . "$SCRIPT_DIR/scripts/lib.sh"
    mapfile -t flags < <(huddle_java_opts "$java")
    if huddle_aot_usable "$java" "$JAR" "$service"; then
      flags+=("-XX:AOTCache=$(huddle_aot_cache "$JAR" "$service")" -XX:CompileThresholdScaling=3)
    else
      mkdir -p "$RUN_DIR/cds"
      flags+=(-XX:+AutoCreateSharedArchive "-XX:SharedArchiveFile=$RUN_DIR/cds/$service.jsa")
    fi
    cmd=(env "MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}" "$java" "${flags[@]}" -jar "$JAR" "$service")
  fi
  nohup "${cmd[@]}" </dev/null >>"$LOG_DIR/$service.log" 2>&1 &
  pid=$!
  echo "$pid" >"$RUN_DIR/$service.pid"
  log "started $service (pid $pid, log $LOG_DIR/$service.log)"
}

# stopped_while_starting SERVICE: a role that is not built yet exits 69 and is skipped; any other
# exit is an error.
stopped_while_starting() {
  local service="$1" pid status=0
  pid="$(cat "$RUN_DIR/$service.pid")"
  wait "$pid" 2>/dev/null || status=$?
  if [ "$status" -eq 69 ]; then
    rm -f "$RUN_DIR/$service.pid"
    log "$service is not built yet; skipped"
    return 0
  fi
  # The pid file stays: the service should be running, so status shows it dead and the watchdog
  # keeps trying.
  tail -n 20 "$LOG_DIR/$service.log" >&2 || true
  die "$service stopped while starting (exit status $status); see $LOG_DIR/$service.log"
}

# wait_healthy SERVICE: until its health check passes, it dies, or HUDDLE_START_TIMEOUT passes.
wait_healthy() {
  local service="$1" deadline
  [ -f "$RUN_DIR/$service.pid" ] || return 0
  deadline=$((SECONDS + ${HUDDLE_START_TIMEOUT:-90}))
  while ! health "$service"; do
    if ! pid_of "$service" >/dev/null; then
      stopped_while_starting "$service"
      return 0
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      die "$service is not healthy after ${HUDDLE_START_TIMEOUT:-90} s: $HEALTH_REASON"
    fi
    sleep 1
  done
  log "$service is healthy"
}

local_stop() {
  local service="$1" pid i
  if ! pid="$(pid_of "$service")"; then
    rm -f "$RUN_DIR/$service.pid"
    return 0
  fi
  kill "$pid" 2>/dev/null || true
  for i in $(seq 1 40); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.25
    if [ "$i" -eq 40 ]; then
      log "$service did not stop in 10 s; killing it"
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
  rm -f "$RUN_DIR/$service.pid"
  log "stopped $service"
}

# --- commands ------------------------------------------------------------------------------------

# published_ports SERVICE: "proto port" lines of what the service publishes on the host.
published_ports() {
  case "$1" in
    nginx) printf 'tcp %s\ntcp %s\n' "${HTTP_PORT:-8000}" "${HTTPS_PORT:-8443}" ;;
    videobridge)
      printf 'udp %s\n' "${JVB_PORT:-10000}"
      [ "${JVB_TCP_HARVESTER_DISABLED:-false}" = true ] || printf 'tcp %s\n' "${JVB_TCP_PORT:-4443}"
      ;;
    coturn) printf 'udp %s\ntcp %s\n' "${TURN_PORT:-3478}" "${TURN_PORT:-3478}" ;;
    uptime-kuma) printf 'tcp %s\n' "${UPTIME_KUMA_PORT:-3001}" ;;
    xmpp) [ "$MODE" = local ] && printf 'tcp %s\ntcp %s\ntcp %s\n' "${XMPP_PORT:-5222}" "${PROSODY_HTTP_PORT:-5280}" "${XMPP_COMPONENT_PORT:-5347}" ;;
    web) [ "$MODE" = local ] && printf 'tcp %s\n' "${HTTP_PORT:-8000}" ;;
    focus) [ "$MODE" = local ] && printf 'tcp %s\n' "${HUDDLE_FOCUS_HTTP_PORT:-8888}" ;;
  esac
  return 0
}

# check_ports SERVICE...: stop before anything starts when a port a stopped service needs is taken.
check_ports() {
  local s proto port taken=()
  for s in "$@"; do
    if [ "$MODE" = docker ]; then
      [ -n "$(container_id "$s")" ] && [ "$("$ENGINE" inspect -f '{{.State.Status}}' "$(container_id "$s")" 2>/dev/null)" = running ] && continue
    else
      pid_of "$s" >/dev/null && continue
    fi
    while read -r proto port; do
      [ -n "$port" ] || continue
      if port_in_use "$proto" "$port" "${HUDDLE_PUBLISH_ADDRESS:-}"; then
        taken+=("$port/$proto (for $s)")
      fi
    done < <(published_ports "$s")
  done
  [ ${#taken[@]} -eq 0 ] && return 0
  die "port already in use: ${taken[*]}; stop what uses it, or change the port in $ENV_FILE"
}

# docker_logs_tail SERVICE: its last lines, for a start that failed.
docker_logs_tail() {
  local id
  id="$(container_id "$1")"
  [ -n "$id" ] || return 0
  echo "--- the last lines of $1's log:" >&2
  "$ENGINE" logs --tail "${HUDDLE_FAIL_LOG_LINES:-30}" "$id" >&2 2>&1 || true
}

# wait_healthy_docker SERVICE: until its health check passes, or HUDDLE_START_TIMEOUT passes; then
# its last log lines and exit 1.
wait_healthy_docker() {
  local service="$1" deadline
  deadline=$((SECONDS + ${HUDDLE_START_TIMEOUT:-90}))
  while ! health "$service"; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      docker_logs_tail "$service"
      die "$service is not healthy after ${HUDDLE_START_TIMEOUT:-90} s: $HEALTH_REASON"
    fi
    sleep 1
  done
  log "$service is healthy"
}

# own_volume DIR UID: the folder a container writes to belongs to the uid it runs as.
own_volume() {
  local dir="$1" uid="$2"
  mkdir -p "$dir"
  [ "$(stat -c %u "$dir")" = "$uid" ] && return 0
  if [ "$(id -u)" -eq 0 ]; then
    chown -R "$uid:$uid" "$dir"
  else
    die "$dir must belong to uid $uid, the user its container runs as: sudo chown -R $uid:$uid $dir"
  fi
}

# The containers' writable folders: the Huddle image runs as uid 10001, Redis as 999.
prepare_volumes() {
  local config
  config="$(config_dir)"
  own_volume "$config/xmpp" 10001
  own_volume "$config/files" 10001
  own_volume "$config/redis" 999
  # The room policy may hold passwords (mode 600): the XMPP container's user must read it.
  own_volume "$config/rooms" 10001
  # The offline Uptime Kuma image runs as 10002 (the public one as root, which reads it too).
  own_volume "$config/uptime-kuma" 10002
  mkdir -p "$config/certs" "$config/acme"
}

# provision_uptime_kuma SERVICE...: when Uptime Kuma is among them, its admin account and one
# monitor per service (idempotent: a second run changes nothing).
provision_uptime_kuma() {
  local s id
  for s in "$@"; do
    [ "$s" = uptime-kuma ] || continue
    id="$(container_id uptime-kuma)"
    if ENGINE="$ENGINE" UPTIME_KUMA_TARGETS=docker "$SCRIPT_DIR/scripts/uptime-kuma-provision.sh" --exec "$id" \
      --wait 120 http://127.0.0.1:3001 "$ENV_FILE" </dev/null; then
      log "Uptime Kuma has a monitor for every service (http://127.0.0.1:${UPTIME_KUMA_PORT:-3001}, user admin)"
    else
      die "provisioning Uptime Kuma's monitors failed (see above); './deploy.sh start' tries again"
    fi
  done
}

compose_up() {
  local up=(up -d --no-build)
  [ "${COMPOSE_CMD[0]}" = docker-compose ] && up=(--compatibility up -d --no-build)
  compose "${up[@]}" "$@"
}

cmd_start() {
  load_env
  [ "$MODE" = docker ] && add_new_secrets
  check_env
  mkdir -p "$RUN_DIR"
  if [ "$MODE" = docker ]; then
    find_engine
    local services=("$@") s
    [ ${#services[@]} -gt 0 ] || mapfile -t services < <(docker_services)
    for s in "${services[@]}"; do
      valid_service "$s"
    done
    check_ports "${services[@]}"
    # Built first, so that a failed build leaves nothing half-started.
    build_images
    prepare_volumes
    local out
    out="$(mktemp)"
    if ! compose_up "${services[@]}" >"$out" 2>&1; then
      tail -n 25 "$out" >&2
      rm -f "$out"
      die "starting the containers failed"
    fi
    rm -f "$out"
    for s in "${services[@]}"; do
      wait_healthy_docker "$s"
    done
    provision_uptime_kuma "${services[@]}"
    return
  fi
  local services=("$@") s
  [ ${#services[@]} -gt 0 ] || services=("${LOCAL_SERVICES[@]}")
  for s in "${services[@]}"; do
    valid_service "$s"
  done
  check_ports "${services[@]}"
  for s in "${services[@]}"; do
    local_start "$s"
  done
  for s in "${services[@]}"; do
    wait_healthy "$s"
  done
  wait_focus_sees_bridge "${services[@]}"
}

cmd_stop() {
  if [ "$MODE" = docker ]; then
    load_env
    find_engine
    if [ $# -gt 0 ]; then compose stop "$@"; else compose down; fi
    return
  fi
  local services=("$@") s i
  if [ ${#services[@]} -eq 0 ]; then
    for ((i = ${#LOCAL_SERVICES[@]} - 1; i >= 0; i--)); do services+=("${LOCAL_SERVICES[$i]}"); done
  fi
  for s in "${services[@]}"; do
    valid_service "$s"
  done
  for s in "${services[@]}"; do
    local_stop "$s"
  done
}

cmd_restart() {
  [ $# -eq 1 ] || usage_error "restart takes one service"
  valid_service "$1"
  load_env
  if [ "$MODE" = docker ]; then
    find_engine
    local id
    id="$(container_id "$1")"
    if [ -n "$id" ]; then
      # Podman without systemd says it cannot schedule health checks: true, and handled here.
      "$ENGINE" restart -t 10 "$id" 2> >(grep -v 'systemd connection' >&2) >/dev/null
    else
      compose_up "$1" >/dev/null
    fi
    wait_healthy_docker "$1"
    return
  fi
  mkdir -p "$RUN_DIR"
  local_stop "$1"
  local_start "$1"
  wait_healthy "$1"
}

cmd_status() {
  load_env
  local s pid bad=0 only=("$@")
  for s in "${only[@]}"; do
    valid_service "$s"
  done
  if [ "$MODE" = docker ]; then
    find_engine
    local id services=("${only[@]}")
    [ ${#services[@]} -gt 0 ] || mapfile -t services < <(docker_services)
    for s in "${services[@]}"; do
      id="$(container_id "$s")"
      if [ -z "$id" ]; then
        printf '%-12s no container\n' "$s"
        bad=1
      elif health "$s"; then
        printf '%-12s running (%s), healthy\n' "$s" "${id:0:12}"
      else
        printf '%-12s %s\n' "$s" "DOWN or UNHEALTHY: $HEALTH_REASON"
        bad=1
      fi
    done
    [ "$bad" -eq 0 ] || exit 3
    return
  fi
  local_env
  [ ${#only[@]} -gt 0 ] || only=("${LOCAL_SERVICES[@]}")
  for s in "${only[@]}"; do
    if ! pid="$(pid_of "$s")"; then
      if [ -f "$RUN_DIR/$s.pid" ]; then
        printf '%-12s dead (its pid file remains: it stopped without deploy.sh stop)\n' "$s"
        bad=1
      else
        printf '%-12s stopped\n' "$s"
      fi
    elif health "$s"; then
      printf '%-12s running (pid %s), healthy\n' "$s" "$pid"
    else
      printf '%-12s running (pid %s), UNHEALTHY: %s\n' "$s" "$pid" "$HEALTH_REASON"
      bad=1
    fi
  done
  [ "$bad" -eq 0 ] || exit 3
}

cmd_logs() {
  local follow=no service=""
  while [ $# -gt 0 ]; do
    case "$1" in
      -f | --follow) follow=yes ;;
      -*) usage_error "logs: unknown option '$1'" ;;
      *)
        valid_service "$1"
        service="$1"
        ;;
    esac
    shift
  done
  if [ "$MODE" = docker ]; then
    load_env
    find_engine
    local args=(logs --tail=200)
    [ "$follow" = yes ] && args+=(-f)
    if [ -n "$service" ]; then
      local id
      id="$(container_id "$service")"
      [ -n "$id" ] || die "$service has no container; start it with './deploy.sh start $service'"
      "$ENGINE" "${args[@]}" "$id"
    else
      compose "${args[@]}"
    fi
    return
  fi
  local files=("$LOG_DIR"/*.log)
  [ -n "$service" ] && files=("$LOG_DIR/$service.log")
  [ -f "${files[0]}" ] || die "no logs yet in $LOG_DIR"
  if [ "$follow" = yes ]; then
    tail -n 200 -F "${files[@]}"
  else
    tail -n 200 "${files[@]}"
  fi
}

# update: docker rebuilds what is stale (never pulls the Huddle image, which nobody publishes) and
# recreates the containers; local rebuilds the jar and restarts.
cmd_update() {
  if [ "$MODE" = docker ]; then
    load_env
    add_new_secrets
    check_env
    find_engine
    build_images
    prepare_volumes
    local services
    mapfile -t services < <(docker_services)
    compose down >/dev/null 2>&1 || true
    compose_up "${services[@]}" >/dev/null
    local s
    for s in "${services[@]}"; do
      wait_healthy_docker "$s"
    done
    return
  fi
  need mvn "rebuilding the jar"
  (cd "$SCRIPT_DIR" && mvn -B -q -DskipTests package)
  cmd_stop
  cmd_start
}

cmd_backup() {
  load_env
  need tar "making the archive"
  local config stamp dir archive staging
  config="$(config_dir)"
  stamp="$(date '+%Y%m%d-%H%M%S')"
  dir="$HUDDLE_HOME/backups"
  archive="$dir/huddle-$stamp.tar.gz"
  staging="$(mktemp -d)"
  # It holds the secrets: gone however this ends (a die inside runs while staging is in scope).
  trap 'rm -rf "${staging:-}"' EXIT
  mkdir -p "$dir" "$staging/huddle/config"
  cp "$ENV_FILE" "$staging/huddle/env"
  cp -a "$config/." "$staging/huddle/config/"
  rm -rf "$staging/huddle/config/redis"
  # Shared files are meeting data kept for days (HUDDLE_FILE_SHARE_EXPIRES_AFTER), not configuration.
  rm -rf "$staging/huddle/config/files"
  # A consistent Redis snapshot, when Redis is reachable.
  if [ "$MODE" = docker ]; then
    find_engine
    if compose exec -T redis redis-cli --rdb /data/backup.rdb >/dev/null 2>&1; then
      mv "$config/redis/backup.rdb" "$staging/huddle/redis.rdb"
    else
      log "Redis snapshot skipped (the redis service is not running)"
    fi
  else
    local_env
    if [ -n "${REDIS_URL:-}" ] && redis_answers; then
      redis-cli -h 127.0.0.1 -p "$(redis_port)" --rdb "$staging/huddle/redis.rdb" >/dev/null 2>&1 ||
        log "Redis snapshot failed; the archive has no redis.rdb"
    else
      log "Redis snapshot skipped (no Redis answers)"
    fi
  fi
  backup_records "$staging/huddle/$RECORDS_DUMP"
  tar -C "$staging" -czf "$archive" huddle
  chmod 600 "$archive"
  rm -rf "$staging"
  log "backup written to $archive"
  echo "$archive"
}

cmd_restore() {
  local archive="" force=no arg
  for arg in "$@"; do
    case "$arg" in
      --force) force=yes ;;
      -*) usage_error "restore: unknown option '$arg'" ;;
      *) archive="$arg" ;;
    esac
  done
  [ -n "$archive" ] || die "restore needs an archive: ./deploy.sh restore backups/huddle-<date>.tar.gz"
  [ -f "$archive" ] || die "no such archive: $archive"
  tar -tzf "$archive" huddle/env >/dev/null 2>&1 || die "$archive is not a Huddle backup"
  if [ -f "$ENV_FILE" ] && [ "$force" != yes ]; then
    die "$ENV_FILE exists; use 'restore $archive --force' to replace it with the backup"
  fi
  local staging config
  staging="$(mktemp -d)"
  trap 'rm -rf "${staging:-}"' EXIT
  tar -C "$staging" -xzf "$archive"
  mkdir -p "$(dirname "$ENV_FILE")"
  cp "$staging/huddle/env" "$ENV_FILE"
  chmod 600 "$ENV_FILE"
  load_env
  config="$(config_dir)"
  mkdir -p "$config"
  cp -a "$staging/huddle/config/." "$config/"
  if [ -f "$staging/huddle/redis.rdb" ]; then
    mkdir -p "$config/redis"
    cp "$staging/huddle/redis.rdb" "$config/redis/dump.rdb"
    log "Redis snapshot restored to $config/redis/dump.rdb (loaded when Redis next starts)"
  fi
  if [ -f "$staging/huddle/$RECORDS_DUMP" ]; then
    restore_records "$staging/huddle/$RECORDS_DUMP"
  fi
  rm -rf "$staging"
  log "restored $archive"
}

cmd_scale_bridges() {
  local n="${1:-}" i file="$BRIDGES_FILE"
  [[ "$n" =~ ^[1-9][0-9]?$ ]] || usage_error "scale-bridges takes a count from 1 to 99"
  load_env
  if [ "$n" -eq 1 ]; then
    rm -f "$file"
    set_env JVB_COUNT 1
    log "one videobridge (the compose file's own); './deploy.sh start' to apply"
    return
  fi
  {
    echo "# Written by ./deploy.sh scale-bridges $n: videobridges 2..$n, each with its own id and UDP port."
    echo 'version: "3.8"'
    echo "services:"
    for ((i = 2; i <= n; i++)); do
      cat <<EOF
  videobridge-$i:
    image: \${HUDDLE_IMAGE:-huddle/huddle:local}
    restart: unless-stopped
    env_file: \${HUDDLE_ENV_FILE:-.env}
    command: ["videobridge"]
    depends_on: [xmpp]
    environment:
      TZ: \${TZ:-UTC}
      XMPP_SERVER: xmpp
      JVB_WS_SERVER_ID: videobridge-$i
      JVB_MUC_NICKNAME: videobridge-$i
      JVB_PORT: "$((${JVB_PORT:-10000} + i - 1))"
      JVB_TCP_PORT: "$((${JVB_TCP_PORT:-4443} + i - 1))"
      JVB_REST_BIND_ADDRESS: 0.0.0.0
      POSTGRES_HOST: \${POSTGRES_HOST:-postgres}
    logging:
      driver: json-file
      options:
        max-size: \${LOG_MAX_SIZE:-10m}
        max-file: "\${LOG_MAX_FILE:-3}"
    deploy:
      resources:
        limits:
          memory: \${JVB_MEMORY_LIMIT:-768m}
    ports:
      - "\${HUDDLE_PUBLISH_ADDRESS:-0.0.0.0}:$((${JVB_PORT:-10000} + i - 1)):$((${JVB_PORT:-10000} + i - 1))/udp"
      - "\${HUDDLE_PUBLISH_ADDRESS:-0.0.0.0}:$((${JVB_TCP_PORT:-4443} + i - 1)):$((${JVB_TCP_PORT:-4443} + i - 1))/tcp"
    healthcheck:
      test: ["CMD", "java", "-XX:TieredStopAtLevel=1", "-jar", "/opt/huddle/huddle.jar", "probe", "http", "http://127.0.0.1:8080/about/health"]
      interval: 30s
      timeout: 10s
      retries: 3
      start_period: 30s
    networks: [meet]
EOF
    done
  } >"$file"
  set_env JVB_COUNT "$n"
  log "wrote $file for $n videobridges; './deploy.sh start' to apply"
}

# --- main ----------------------------------------------------------------------------------------

parse_mode "$@"
set -- "${REST[@]+"${REST[@]}"}"
command="${1:-}"
[ $# -gt 0 ] && shift
case "$command" in
  init) cmd_init "$@" ;;
  build) cmd_build "$@" ;;
  ssl) cmd_ssl "$@" ;;
  start) cmd_start "$@" ;;
  stop) cmd_stop "$@" ;;
  restart) cmd_restart "$@" ;;
  status) cmd_status "$@" ;;
  logs) cmd_logs "$@" ;;
  update) cmd_update ;;
  backup) cmd_backup ;;
  restore) cmd_restore "$@" ;;
  scale-bridges) cmd_scale_bridges "$@" ;;
  -h | --help | help) usage ;;
  "")
    usage >&2
    exit 2
    ;;
  *) usage_error "unknown command '$command'" ;;
esac
