#!/usr/bin/env bash
# Runs Huddle's whole test suite: ./scripts/test.sh
# Installs what the tests need when it is missing (Debian packages: python3-slixmpp for the non-Java client test,
# openssl for the TLS test, coturn for the TURN credential test, redis-server for shared room state, prosody for the
# compatibility tests; nodejs and npm, which build the web app; chromium, chromium-driver and iptables for the browser
# end-to-end tests; shellcheck, docker-compose and nginx-light, which check the deployment files statically;
# podman, runc, podman-compose and debootstrap for the container deployment test, pebble and certbot for the
# certificate test),
# finds a JDK 21+ (installing openjdk-21/25 when the distribution has it), and runs 'mvn verify' (unit, integration and packaged-jar tests),
# then a bounded fuzz pass over a few of the parsers (scripts/fuzz.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

need_packages=()
/usr/bin/python3 -c 'import slixmpp' >/dev/null 2>&1 || need_packages+=(python3-slixmpp)
command -v openssl >/dev/null 2>&1 || need_packages+=(openssl)
command -v turnserver >/dev/null 2>&1 || need_packages+=(coturn)
command -v redis-server >/dev/null 2>&1 || need_packages+=(redis-server)
command -v prosodyctl >/dev/null 2>&1 || need_packages+=(prosody)
command -v mvn >/dev/null 2>&1 || need_packages+=(maven)
command -v node >/dev/null 2>&1 || need_packages+=(nodejs)
command -v npm >/dev/null 2>&1 || need_packages+=(npm)
command -v chromium >/dev/null 2>&1 || need_packages+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_packages+=(chromium-driver)
command -v iptables >/dev/null 2>&1 || need_packages+=(iptables)
command -v ip >/dev/null 2>&1 || need_packages+=(iproute2)
command -v shellcheck >/dev/null 2>&1 || need_packages+=(shellcheck)
command -v docker-compose >/dev/null 2>&1 || need_packages+=(docker-compose)
[ -x /usr/sbin/nginx ] || need_packages+=(nginx-light)
# The container deployment test: Podman (with runc) and podman-compose run the real stack, debootstrap
# makes the offline images' Debian base; pebble (an ACME server) and certbot test 'deploy.sh ssl'.
command -v podman >/dev/null 2>&1 || need_packages+=(podman)
command -v runc >/dev/null 2>&1 || need_packages+=(runc)
command -v podman-compose >/dev/null 2>&1 || need_packages+=(podman-compose)
command -v debootstrap >/dev/null 2>&1 || need_packages+=(debootstrap)
command -v pebble >/dev/null 2>&1 || need_packages+=(pebble)
command -v certbot >/dev/null 2>&1 || need_packages+=(certbot)
command -v curl >/dev/null 2>&1 || need_packages+=(curl)
if [ "${#need_packages[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "missing test prerequisites: ${need_packages[*]} (install them with apt-get as root)" >&2
    exit 1
  fi
  echo "installing test prerequisites: ${need_packages[*]}" >&2
  # Installing must not start the packages' services (nginx would take port 80, redis port 6379):
  # the tests start their own, on loopback. policy-rc.d tells the package scripts so.
  guard=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    guard=/usr/sbin/policy-rc.d
  fi
  status=0
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need_packages[@]}" >/dev/null \
    || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need_packages[@]}" >/dev/null; } \
    || status=$?
  [ -z "$guard" ] || rm -f "$guard"
  [ "$status" -eq 0 ] || { echo "installing ${need_packages[*]} failed" >&2; exit "$status"; }
fi

# The records tests (docs/records.md) run against the machine's PostgreSQL on 127.0.0.1:5432 as well as the
# embedded H2. Where the server is installed but stopped, start it; where there is none, those tests fail and
# say so.
if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -q -h 127.0.0.1 -p 5432 \
    && command -v pg_ctlcluster >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
  for version in /etc/postgresql/*; do
    if [ -d "$version/main" ]; then
      pg_ctlcluster --skip-systemctl-redirect "$(basename "$version")" main start || true
    fi
  done
fi

# Podman in this kind of sandbox needs runc and no per-container rlimits (scripts/podman-setup.sh).
if command -v podman >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
  scripts/podman-setup.sh
fi

# No JDK 21+ here: install one from the distribution when it has one (Debian 13, Ubuntu 24.04; Debian 12
# packages only 17, so there a JDK must be provided, and huddle_find_jdk says so).
if ! (huddle_find_jdk javac) >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  for jdk in openjdk-25-jdk-headless openjdk-21-jdk-headless; do
    if apt-cache show "$jdk" >/dev/null 2>&1; then
      echo "no JDK 21+ found: installing $jdk" >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$jdk" >/dev/null && break
    fi
  done
fi
huddle_find_jdk javac
echo "using JDK at $JAVA_HOME" >&2
mvn -B verify "$@"

# A bounded coverage-guided fuzz pass (docs/fuzzing.md): a few targets, 20 s each, taking turns from
# commit to commit; a finding fails the run. HUDDLE_FUZZ=0 leaves it out.
if [ "${HUDDLE_FUZZ:-1}" != 0 ]; then
  scripts/fuzz.sh --rotate "${HUDDLE_FUZZ_TARGETS:-3}"
fi
