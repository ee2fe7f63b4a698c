# shellcheck shell=bash
# deploy.sh backup and restore: the meeting records' PostgreSQL database. Sourced by deploy.sh after
# deploy-common.sh.
#
# docker mode: the postgres service. pg_dump and pg_restore run inside its container, over its
# socket, so their versions match the server's and no password or port leaves the container.
# local mode: the PostgreSQL the roles are configured with (POSTGRES_HOST, or a postgres:// URL in
# DATABASE_URL), with this machine's pg_dump and pg_restore (Debian's postgresql-client).
#
# The dump is PostgreSQL's custom format (pg_dump -Fc): compressed, and pg_restore can replace what
# a database holds (--clean) in one transaction.

RECORDS_DUMP=records.pgdump

# records_local_db: in local mode, sets PG* variables for the configured PostgreSQL; 1 when none is
# configured (the separate roles then keep no records) or when it is named by a jdbc: URL.
records_local_db() {
  if [ -n "${DATABASE_URL:-}" ]; then
    case "$DATABASE_URL" in
      postgres://* | postgresql://*) PG_TARGET=(-d "$DATABASE_URL") ;;
      *) return 1 ;;
    esac
    return 0
  fi
  [ -n "${POSTGRES_HOST:-}" ] || return 1
  export PGPASSWORD="${POSTGRES_PASSWORD:-}"
  PG_TARGET=(-h "$POSTGRES_HOST" -p "${POSTGRES_PORT:-5432}" -U "${POSTGRES_USER:-huddle}" -d "${POSTGRES_DB:-huddle}")
}

# postgres_running: the id of the running postgres container, or 1.
postgres_running() {
  local id
  id="$(container_id postgres)"
  [ -n "$id" ] && [ "$("$ENGINE" inspect -f '{{.State.Status}}' "$id" 2>/dev/null)" = running ] || return 1
  echo "$id"
}

# backup_records FILE: the records database's dump, or a warning saying why there is none.
backup_records() {
  local file="$1" id err
  err="$(mktemp)"
  if [ "$MODE" = docker ]; then
    if ! id="$(postgres_running)"; then
      log "WARNING: the records database is not in this backup: the postgres container is not running ('./deploy.sh start postgres')"
      rm -f "$err"
      return 0
    fi
    if ! "$ENGINE" exec "$id" pg_dump -Fc -U "${POSTGRES_USER:-huddle}" -d "${POSTGRES_DB:-huddle}" >"$file" 2>"$err"; then
      cat "$err" >&2
      rm -f "$err" "$file"
      die "pg_dump of the records database failed (see above); no backup written"
    fi
  else
    if ! records_local_db; then
      log "no records database to dump (local mode without POSTGRES_HOST or a postgres:// DATABASE_URL)"
      rm -f "$err"
      return 0
    fi
    need pg_dump "dumping the records database (apt-get install postgresql-client)"
    if ! pg_dump -Fc "${PG_TARGET[@]}" -f "$file" 2>"$err"; then
      cat "$err" >&2
      rm -f "$err" "$file"
      die "pg_dump of the records database failed (see above); no backup written"
    fi
  fi
  rm -f "$err"
  chmod 600 "$file"
  log "records database dumped ($(du -h "$file" | cut -f1), pg_dump custom format)"
}

# restore_records FILE: the dump replaces what the records database holds, in one transaction. In
# docker mode the postgres service is started first (its volume made with the restored password
# when it is new), and the database user gets the restored .env's password: a volume made by another
# init (a new machine started before the restore) would otherwise refuse the roles.
restore_records() {
  local file="$1" id
  local restore=(pg_restore --clean --if-exists --no-owner --single-transaction --exit-on-error)
  if [ "$MODE" = docker ]; then
    cmd_start postgres
    id="$(postgres_running)" || die "the postgres container is not running; the records were not restored"
    "$ENGINE" exec -i "$id" "${restore[@]}" -U "${POSTGRES_USER:-huddle}" -d "${POSTGRES_DB:-huddle}" <"$file" ||
      die "pg_restore of the records database failed (see above)"
    local user="${POSTGRES_USER:-huddle}"
    # On stdin, not the command line: no process listing shows the password.
    printf 'ALTER ROLE "%s" PASSWORD '\''%s'\'';\n' "${user//\"/\"\"}" "${POSTGRES_PASSWORD//\'/\'\'}" |
      "$ENGINE" exec -i "$id" psql -q -v ON_ERROR_STOP=1 -U "$user" -d "${POSTGRES_DB:-huddle}" >/dev/null ||
      die "setting the records database's password to the restored one failed (see above)"
  elif records_local_db; then
    need pg_restore "restoring the records database (apt-get install postgresql-client)"
    "${restore[@]}" "${PG_TARGET[@]}" "$file" || die "pg_restore of the records database failed (see above)"
  else
    local kept
    kept="$HUDDLE_HOME/backups/$RECORDS_DUMP"
    mkdir -p "$(dirname "$kept")"
    cp "$file" "$kept"
    chmod 600 "$kept"
    log "the backup holds the records database, and no PostgreSQL is configured here: it is in $kept;" \
      "load it with: pg_restore --clean --if-exists --no-owner -d <database> $kept"
    return 0
  fi
  log "records database restored"
}
