# shellcheck shell=bash
# deploy.sh ssl: certificates. Sourced by deploy.sh after deploy-common.sh; uses its set_env and self_signed.
#
#   ssl                   the .env's LETSENCRYPT_DOMAIN with certbot, or a self-signed certificate without one
#   ssl DOMAIN [EMAIL]    a certificate from Let's Encrypt (or LETSENCRYPT_ACME_SERVER) for DOMAIN, by HTTP-01
#                         on the webroot CONFIG/acme (nginx serves it at /.well-known/acme-challenge/ on port 80);
#                         installed as CONFIG/certs/huddle.crt and huddle.key (mode 600), nginx reloaded, and a
#                         renewal job installed (HUDDLE_CRON_FILE)
#   ssl --renew           certbot renew for LETSENCRYPT_DOMAIN now (what the renewal job runs)
#   ssl --renew-hook      certbot's deploy hook: copies the renewed certificate (RENEWED_LINEAGE) into
#                         CONFIG/certs and reloads nginx
#
# Settings (the .env file or the environment), in docker/.env.example's style:
#
# # The ACME directory certbot asks (certbot --server). Empty: Let's Encrypt's production CA. Set it for a
# # private ACME CA on a closed network (with REQUESTS_CA_BUNDLE naming the CA certificate that certbot trusts
# # for that server's HTTPS), or for tests (pebble).
# LETSENCRYPT_ACME_SERVER=
# # 1 (or true): Let's Encrypt's staging CA (untrusted certificates, generous rate limits), as docker-jitsi-meet.
# # LETSENCRYPT_ACME_SERVER wins when both are set.
# LETSENCRYPT_USE_STAGING=0
# # Where certbot keeps its accounts, certificates and logs: DIR/config, DIR/work and DIR/logs.
# # Empty: certbot's own defaults (/etc/letsencrypt, /var/lib/letsencrypt, /var/log/letsencrypt).
# HUDDLE_CERTBOT_DIR=
# # The renewal job's cron file (twice a day; empty or absent cron.d: no job, renew by hand).
# HUDDLE_CRON_FILE=/etc/cron.d/huddle-certbot
# # Tests only: 1 makes 'ssl --renew' renew now although the certificate is not due (certbot --force-renewal).
# HUDDLE_CERTBOT_FORCE_RENEWAL=0

LE_PRODUCTION=https://acme-v02.api.letsencrypt.org/directory
LE_STAGING=https://acme-staging-v02.api.letsencrypt.org/directory

cmd_ssl() {
  local domain="" email="" action=get
  while [ $# -gt 0 ]; do
    case "$1" in
      --renew) action=renew ;;
      --renew-hook) action=hook ;;
      -*) usage_error "ssl: unknown option '$1' (ssl [domain [email]], ssl --renew, ssl --renew-hook)" ;;
      *)
        if [ -z "$domain" ]; then
          domain="$1"
        elif [ -z "$email" ]; then
          email="$1"
        else
          usage_error "ssl takes a domain and an email address, not '$1'"
        fi
        ;;
    esac
    shift
  done
  if [ "$action" != get ] && [ -n "$domain" ]; then
    usage_error "ssl --$action takes no domain; it uses LETSENCRYPT_DOMAIN from the .env file"
  fi
  load_env
  case "$action" in
    renew)
      ssl_renew
      return
      ;;
    hook)
      ssl_renew_hook
      return
      ;;
  esac
  domain="${domain:-${LETSENCRYPT_DOMAIN:-}}"
  email="${email:-${LETSENCRYPT_EMAIL:-}}"
  if [ -z "$domain" ]; then
    self_signed localhost
    return
  fi
  [[ "$domain" =~ ^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$ ]] ||
    usage_error "ssl: '$domain' is not a domain name (like meet.example.com)"
  [ -n "$email" ] ||
    usage_error "ssl: an email address is needed for $domain (the CA's expiry notices): ./deploy.sh ssl $domain you@example.com"
  [[ "$email" == ?*@?* ]] || usage_error "ssl: '$email' is not an email address"
  need certbot "a Let's Encrypt certificate"

  local config server out
  if [ "$MODE" = docker ] && [ "${HTTP_PORT:-8000}" != 80 ] && [ -z "${LETSENCRYPT_ACME_SERVER:-}" ]; then
    # The CA connects to port 80 of the domain; nginx publishes HTTP_PORT there.
    log "warning: HTTP_PORT is ${HTTP_PORT:-8000}, but the CA checks port 80: set HTTP_PORT=80 (and HTTPS_PORT=443)" \
      "in $ENV_FILE and './deploy.sh start', or forward port 80 to ${HTTP_PORT:-8000}"
  fi
  certbot_dirs
  config="$(config_dir)"
  server="$(acme_server)"
  mkdir -p "$config/acme" "$config/certs"
  out="$(mktemp)"
  log "asking $server for a certificate for $domain (HTTP-01 on $config/acme)"
  # --cert-name: the lineage is named after the domain, which the hook checks. --deploy-hook is
  # saved with the lineage, so any 'certbot renew' (also Debian's certbot timer) installs renewals.
  if ! certbot certonly --non-interactive --agree-tos --no-eff-email --email "$email" \
    "${CERTBOT_DIRS[@]+"${CERTBOT_DIRS[@]}"}" --server "$server" --webroot -w "$config/acme" --preferred-challenges http \
    --cert-name "$domain" -d "$domain" --deploy-hook "$(ssl_hook_command)" >"$out" 2>&1; then
    echo "--- certbot's last lines:" >&2
    tail -n 20 "$out" >&2
    rm -f "$out"
    die "certbot got no certificate for $domain from $server; the old certificate stays in $config/certs"
  fi
  cat "$out"
  rm -f "$out"
  set_env LETSENCRYPT_DOMAIN "$domain"
  set_env LETSENCRYPT_EMAIL "$email"
  local lineage
  lineage="$(certbot_live_dir)/$domain"
  if cmp -s "$lineage/fullchain.pem" "$config/certs/huddle.crt" && cmp -s "$lineage/privkey.pem" "$config/certs/huddle.key"; then
    # A new certificate: certbot's deploy hook has installed it and reloaded nginx.
    log "the certificate for $domain is in $config/certs"
  else
    # certbot kept a certificate that is not due for renewal, and ran no hook.
    install_lineage "$lineage"
    log "installed the certificate for $domain in $config/certs"
    reload_nginx
  fi
  install_renewal_job "$domain"
}

# acme_server: the ACME directory URL the settings name.
acme_server() {
  if [ -n "${LETSENCRYPT_ACME_SERVER:-}" ]; then
    echo "$LETSENCRYPT_ACME_SERVER"
  elif [[ "${LETSENCRYPT_USE_STAGING:-0}" =~ ^(1|true)$ ]]; then
    echo "$LE_STAGING"
  else
    echo "$LE_PRODUCTION"
  fi
}

# certbot's directories: HUDDLE_CERTBOT_DIR/{config,work,logs}, or certbot's defaults.
certbot_dirs() {
  CERTBOT_DIRS=()
  if [ -n "${HUDDLE_CERTBOT_DIR:-}" ]; then
    case "$HUDDLE_CERTBOT_DIR" in
      /*) ;;
      *) HUDDLE_CERTBOT_DIR="$PWD/$HUDDLE_CERTBOT_DIR" ;;
    esac
    CERTBOT_DIRS=(--config-dir "$HUDDLE_CERTBOT_DIR/config" --work-dir "$HUDDLE_CERTBOT_DIR/work"
      --logs-dir "$HUDDLE_CERTBOT_DIR/logs")
  fi
}

certbot_live_dir() {
  if [ -n "${HUDDLE_CERTBOT_DIR:-}" ]; then
    echo "$HUDDLE_CERTBOT_DIR/config/live"
  else
    echo /etc/letsencrypt/live
  fi
}

# shell_quote S: S in single quotes, for a line that /bin/sh runs (certbot's hook, the cron job).
shell_quote() {
  local s="$1" q="'\\''"
  printf "'%s'" "${s//\'/$q}"
}

# 'env NAME=VALUE…': the environment that lets deploy.sh find this deployment when certbot or cron
# runs it (certbot wants a command as a hook's first word, so env rather than bare assignments).
ssl_env_prefix() {
  local prefix="env " name
  for name in HUDDLE_HOME HUDDLE_ENV_FILE HUDDLE_CERTBOT_DIR REQUESTS_CA_BUNDLE HUDDLE_CONTAINER_ENGINE \
    COMPOSE_PROJECT_NAME; do
    if [ "$name" = HUDDLE_ENV_FILE ]; then
      prefix+="HUDDLE_ENV_FILE=$(shell_quote "$ENV_FILE") "
    elif [ -n "${!name:-}" ]; then
      prefix+="$name=$(shell_quote "${!name}") "
    fi
  done
  echo "$prefix"
}

ssl_hook_command() {
  echo "$(ssl_env_prefix)$(shell_quote "$SCRIPT_DIR/deploy.sh") --mode $MODE ssl --renew-hook"
}

# install_lineage DIR: certbot's fullchain and key from DIR into CONFIG/certs, each replaced at once.
install_lineage() {
  local lineage="$1" certs
  certs="$(config_dir)/certs"
  if [ ! -f "$lineage/fullchain.pem" ] || [ ! -f "$lineage/privkey.pem" ]; then
    die "no certificate in $lineage (certbot's live folder)"
  fi
  mkdir -p "$certs"
  (
    umask 077
    cp "$lineage/fullchain.pem" "$certs/.huddle.crt.new"
    cp "$lineage/privkey.pem" "$certs/.huddle.key.new"
  )
  chmod 644 "$certs/.huddle.crt.new"
  chmod 600 "$certs/.huddle.key.new"
  mv -f "$certs/.huddle.key.new" "$certs/huddle.key"
  mv -f "$certs/.huddle.crt.new" "$certs/huddle.crt"
}

# reload_nginx: docker mode: nginx re-reads the certificate, when it runs. Local mode has no nginx.
reload_nginx() {
  if [ "$MODE" != docker ]; then
    log "local mode: no nginx to reload; the certificate is in $(config_dir)/certs"
    return 0
  fi
  # A subshell: compose dies when no engine runs, and the certificate is installed either way.
  if (compose exec -T nginx nginx -s reload) >/dev/null 2>&1; then
    log "nginx reloaded with the new certificate"
  else
    log "nginx is not running (or did not reload); it uses the new certificate when it starts"
  fi
}

ssl_renew() {
  local domain="${LETSENCRYPT_DOMAIN:-}" server="the CA it came from" out extra=()
  [ -n "$domain" ] || die "no LETSENCRYPT_DOMAIN in $ENV_FILE; get a certificate first: ./deploy.sh ssl DOMAIN EMAIL"
  need certbot "renewing the certificate"
  certbot_dirs
  # Without a server setting, certbot renews from the server it saved with the certificate.
  if [ -n "${LETSENCRYPT_ACME_SERVER:-}" ] || [[ "${LETSENCRYPT_USE_STAGING:-0}" =~ ^(1|true)$ ]]; then
    server="$(acme_server)"
    extra+=(--server "$server")
  fi
  [ "${HUDDLE_CERTBOT_FORCE_RENEWAL:-0}" = 1 ] && extra+=(--force-renewal)
  out="$(mktemp)"
  # --cert-name: only this deployment's certificate, whatever else certbot's folder holds. No random
  # sleep of up to 8 minutes: the renewal job's minute is random already.
  if ! certbot renew --non-interactive --no-random-sleep-on-renew "${CERTBOT_DIRS[@]+"${CERTBOT_DIRS[@]}"}" --cert-name "$domain" \
    --deploy-hook "$(ssl_hook_command)" "${extra[@]+"${extra[@]}"}" >"$out" 2>&1; then
    echo "--- certbot's last lines:" >&2
    tail -n 20 "$out" >&2
    rm -f "$out"
    die "certbot could not renew the certificate for $domain from $server; the old certificate stays in $(config_dir)/certs"
  fi
  cat "$out"
  rm -f "$out"
}

ssl_renew_hook() {
  local lineage="${RENEWED_LINEAGE:-}" domain="${LETSENCRYPT_DOMAIN:-}"
  certbot_dirs
  if [ -z "$lineage" ]; then
    [ -n "$domain" ] || die "ssl --renew-hook: no RENEWED_LINEAGE (certbot sets it) and no LETSENCRYPT_DOMAIN"
    lineage="$(certbot_live_dir)/$domain"
  fi
  if [ -n "$domain" ] && [ "$(basename "$lineage")" != "$domain" ]; then
    log "ssl --renew-hook: $lineage is not this deployment's certificate ($domain); left alone"
    return 0
  fi
  install_lineage "$lineage"
  log "installed the certificate from $lineage in $(config_dir)/certs"
  reload_nginx
}

# install_renewal_job DOMAIN: a cron file that runs 'deploy.sh ssl --renew' twice a day; certbot
# renews when fewer than 30 days are left and then runs 'deploy.sh ssl --renew-hook'.
install_renewal_job() {
  local domain="$1" file="${HUDDLE_CRON_FILE-/etc/cron.d/huddle-certbot}" minute hour command tmp
  if [ -z "$file" ]; then
    log "HUDDLE_CRON_FILE is empty: no renewal job; run './deploy.sh ssl --renew' twice a day"
    return 0
  fi
  if [ ! -d "$(dirname "$file")" ]; then
    log "no $(dirname "$file") (is cron installed?): no renewal job; run './deploy.sh ssl --renew' twice a day"
    return 0
  fi
  mkdir -p "$LOG_DIR"
  minute=$((RANDOM % 60))
  hour=$((RANDOM % 12))
  command="$(ssl_env_prefix)$(shell_quote "$SCRIPT_DIR/deploy.sh") --mode $MODE ssl --renew"
  command+=" >>$(shell_quote "$LOG_DIR/ssl-renew.log") 2>&1"
  # cron turns an unescaped % into a newline.
  command="${command//%/\\%}"
  tmp="$(mktemp "$(dirname "$file")/.huddle-certbot.XXXXXX")" || {
    log "cannot write $file: no renewal job; run './deploy.sh ssl --renew' twice a day" >&2
    return 0
  }
  cat >"$tmp" <<EOF
# Written by ./deploy.sh ssl for $domain: twice a day 'deploy.sh ssl --renew' runs certbot renew, which
# renews when fewer than 30 days are left and then runs its deploy hook, 'deploy.sh ssl --renew-hook':
# the new certificate goes to $(config_dir)/certs and nginx reloads.
SHELL=/bin/sh
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
$minute $hour,$((hour + 12)) * * * $(id -un) $command
EOF
  chmod 644 "$tmp"
  mv -f "$tmp" "$file"
  log "renewal job in $file (twice a day; log $LOG_DIR/ssl-renew.log)"
}
