# syntax=docker/dockerfile:1
# coturn from Debian's packages, for the offline build; the Compose file gives the arguments.
ARG BASE_IMAGE=localhost/huddle-base:bookworm
FROM ${BASE_IMAGE}
RUN apt-get update -q \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends coturn \
 && rm -rf /var/lib/apt/lists/*
USER turnserver
EXPOSE 3478 3478/udp
ENTRYPOINT ["turnserver"]
