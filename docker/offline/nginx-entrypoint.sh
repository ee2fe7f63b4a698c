#!/bin/sh
# Renders /etc/nginx/templates/*.template into /etc/nginx/conf.d, substituting only the variables
# that are set (nginx's own $host and the like stay), as the public nginx image's entrypoint does.
# NGINX_LOCAL_RESOLVERS is the container's first DNS server from /etc/resolv.conf: the engine's own
# (Docker answers on 127.0.0.11, Podman on its network's gateway), so the template names no engine's
# address. Only the first: Podman lists the host's servers after its own, and nginx would ask them
# in turn for service names that only the engine knows.
set -eu
if [ -z "${NGINX_LOCAL_RESOLVERS:-}" ]; then
  NGINX_LOCAL_RESOLVERS="$(awk '/^nameserver/ { if ($2 ~ ":") print "[" $2 "]"; else print $2; exit }' /etc/resolv.conf)"
  export NGINX_LOCAL_RESOLVERS
fi
defined="$(env | cut -d= -f1 | sed 's/^/${/; s/$/}/' | tr '\n' ' ')"
mkdir -p /etc/nginx/conf.d
for template in /etc/nginx/templates/*.template; do
  [ -f "$template" ] || continue
  name="$(basename "$template" .template)"
  envsubst "$defined" <"$template" >"/etc/nginx/conf.d/$name"
done
exec "$@"
