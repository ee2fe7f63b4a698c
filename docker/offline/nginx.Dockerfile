# syntax=docker/dockerfile:1
# nginx from Debian's packages, for the offline build. It renders /etc/nginx/templates/*.template
# into conf.d at start, as the public nginx image does (entrypoint below).
# rules: root on purpose: the master binds 80 and 443 and reads the TLS key; workers run as www-data.
ARG BASE_IMAGE=localhost/huddle-base:bookworm
FROM ${BASE_IMAGE}
RUN apt-get update -q \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nginx-light gettext-base wget ca-certificates \
 && rm -rf /var/lib/apt/lists/* /etc/nginx/sites-enabled/default \
 && ln -sf /dev/stdout /var/log/nginx/access.log \
 && ln -sf /dev/stderr /var/log/nginx/error.log
COPY nginx-entrypoint.sh /usr/local/bin/nginx-entrypoint.sh
EXPOSE 80 443
STOPSIGNAL SIGQUIT
ENTRYPOINT ["/usr/local/bin/nginx-entrypoint.sh"]
CMD ["nginx", "-g", "daemon off;"]
