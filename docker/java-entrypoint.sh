#!/usr/bin/env bash
# The Huddle image's entrypoint: the role's JVM with the flags from scripts/lib.sh (the list
# ./huddle uses; HUDDLE_JAVA_OPTS replaces it) and the role's start-up cache the image build trained.
#   huddle ROLE ARGS...      runs java ... -jar /opt/huddle/huddle.jar ROLE ARGS...
#   huddle --train [ROLE...] trains the start-up caches (JDK 25+); without roles, `all`'s and then
#                            the four single roles' in one meeting (the image build runs it once)
set -euo pipefail
# shellcheck source=scripts/lib.sh
. /opt/huddle/lib.sh
jar=/opt/huddle/huddle.jar
if [ "${1:-}" = --train ]; then
  shift
  java="$(command -v java)"
  if [ "$(huddle_java_major_of "$java")" -lt 25 ]; then
    echo "Java $(huddle_java_major_of "$java"): no start-up cache (it needs Java 25+)"
    exit 0
  fi
  # `all` runs every role in one JVM, so it trains on its own; the single roles share a meeting.
  runs=("$@")
  [ "${#runs[@]}" -gt 0 ] || runs=(all "xmpp focus videobridge web")
  for run in "${runs[@]}"; do
    read -r -a roles <<<"$run"
    start=$SECONDS
    if huddle_aot_train "$java" "$jar" "${roles[@]}"; then
      for role in "${roles[@]}"; do
        echo "start-up cache for $role: $(huddle_aot_cache "$jar" "$role") ($(du -h "$(huddle_aot_cache "$jar" "$role")" | cut -f1))"
      done
      echo "trained ${roles[*]} in $((SECONDS - start)) s"
    else
      # The image works without them, only starts slower.
      echo "WARNING: the start-up cache of ${roles[*]} could not be trained; they start without it:" >&2
      tail -n 20 "$(huddle_aot_cache "$jar" "${roles[0]}").log" >&2 || true
    fi
  done
  exit 0
fi
huddle_java_exec "$jar" "$@"
