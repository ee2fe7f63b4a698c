#!/bin/sh
# Join time (issue 18): for each LABEL=JAR given (default: after=dist/huddle.jar), starts that
# jar's `huddle all` in a loopback-only network namespace, lets two Chromiums meet in
# daily-standup, and times HUDDLE_JOIN_COUNT (default 10) joins of a third, each in a fresh
# profile (web/frontend/e2e/scenarios/join-time.mjs). The runs go one after the other in this
# process tree; summary.mjs then prints p50/p90 per step of each, side by side, with the ratio of
# the last to the first. Needs root (unshare -n), Debian's chromium, node, and `npm ci` done in
# web/frontend. Output: bench/join/target/<label>/ (roles.log, join-samples.json).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
[ $# -gt 0 ] || set -- "after=$root/dist/huddle.jar"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
out="$here/target"
rm -rf "$out"
mkdir -p "$out"
cat >"$out/logback.xml" <<'XML'
<configuration>
  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{30} - %msg%n</pattern></encoder>
  </appender>
  <logger name="org.eclipse.jetty" level="WARN"/>
  <root level="INFO"><appender-ref ref="OUT"/></root>
</configuration>
XML
labels=""
for run in "$@"; do
  label=${run%%=*}
  jar=${run#*=}
  [ -f "$jar" ] || { echo "no jar at $jar" >&2; exit 2; }
  dir="$out/$label"
  mkdir -p "$dir/data"
  labels="$labels $label"
  echo "== $label: $jar ($(uptime))"
  # One namespace per run: fresh ports, nothing but 127.0.0.1 for ICE to pick.
  unshare -n sh -c '
    set -eu
    ip link set lo up
    dir=$1 jar=$2 java=$3 frontend=$4 logback=$5
    HUDDLE_BIND_ADDRESS=127.0.0.1 HUDDLE_DATA_PATH="$dir/data" PUBLIC_URL=http://127.0.0.1:8000 \
      JICOFO_ENABLE_HEALTH_CHECKS=true "$java" -Dlogback.configurationFile="$logback" -jar "$jar" all \
      >"$dir/roles.log" 2>&1 &
    pid=$!
    trap "kill $pid 2>/dev/null; wait $pid 2>/dev/null || true" EXIT
    for _ in $(seq 1 240); do
      if curl -sf -o /dev/null http://127.0.0.1:8000/about/health \
        && curl -sf -o /dev/null http://127.0.0.1:8888/about/health; then break; fi
      sleep 0.5
    done
    cd "$frontend"
    HUDDLE_URL=http://127.0.0.1:8000 HUDDLE_E2E_OUTPUT="$dir" node e2e/run.mjs join-time >"$dir/scenario.log" 2>&1 \
      || { tail -20 "$dir/scenario.log" >&2; exit 1; }
    curl -s http://127.0.0.1:5280/metrics >"$dir/xmpp-metrics.txt" || true
  ' sh "$dir" "$jar" "$java" "$root/web/frontend" "$out/logback.xml"
  echo "   done ($(uptime))"
done
# shellcheck disable=SC2086
node "$here/summary.mjs" $(for l in $labels; do printf '%s ' "$out/$l"; done)
