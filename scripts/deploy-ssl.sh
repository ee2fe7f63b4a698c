# shellcheck shell=bash
# deploy.sh ssl: certificates. Sourced by deploy.sh after deploy-common.sh; uses its set_env and self_signed.

cmd_ssl() {
  load_env
  local domain="${1:-${LETSENCRYPT_DOMAIN:-}}" email="${2:-${LETSENCRYPT_EMAIL:-}}" config
  config="$(config_dir)"
  if [ -z "$domain" ]; then
    self_signed localhost
    return
  fi
  need certbot "a Let's Encrypt certificate"
  [ -n "$email" ] || die "certbot needs an email: ./deploy.sh ssl $domain you@example.com"
  certbot certonly --non-interactive --agree-tos --email "$email" --webroot -w "$config/acme" -d "$domain"
  cp "/etc/letsencrypt/live/$domain/fullchain.pem" "$config/certs/huddle.crt"
  cp "/etc/letsencrypt/live/$domain/privkey.pem" "$config/certs/huddle.key"
  chmod 600 "$config/certs/huddle.key"
  set_env LETSENCRYPT_DOMAIN "$domain"
  log "installed the certificate for $domain"
}
