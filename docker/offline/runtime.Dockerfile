# syntax=docker/dockerfile:1
# The offline build's Java runtime: the debootstrapped Debian base plus a JRE jlinked from the
# build machine's JDK 21+ (deploy.sh build --offline puts it in the context as jre/).
# rules: root on purpose: a base that runs nothing; docker/Dockerfile adds the huddle user.
ARG BASE_IMAGE=localhost/huddle-base:bookworm
FROM ${BASE_IMAGE}
# OpenSSL's libcrypto (Debian's libssl3): jitsi-srtp's native AES, the bridge's SRTP, links against
# it; without it the bridge encrypts with the JDK's AES, ten to fifty times slower (docs/videobridge.md).
# apt's package caches (/var/cache/apt, 77 MB after an update) go too.
RUN apt-get update -q \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends libssl3 \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*
COPY jre /opt/java
ENV JAVA_HOME=/opt/java \
    PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
RUN java -version
