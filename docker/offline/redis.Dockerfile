# syntax=docker/dockerfile:1
# Redis from Debian's packages, for the offline build; data in /data, as in the public image.
ARG BASE_IMAGE=localhost/huddle-base:bookworm
FROM ${BASE_IMAGE}
# uid and gid 999, as in the public redis image, so one data folder owner serves both.
RUN groupadd --system --gid 999 redis \
 && useradd --system --uid 999 --gid redis --home-dir /var/lib/redis --shell /usr/sbin/nologin redis \
 && apt-get update -q \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends redis-server \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /data && chown redis:redis /data
USER redis
WORKDIR /data
EXPOSE 6379
CMD ["redis-server", "--bind", "0.0.0.0", "--protected-mode", "no"]
