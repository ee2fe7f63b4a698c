#!/usr/bin/env bash
# The Huddle image's entrypoint: the role's JVM with the flags from scripts/lib.sh (the list
# ./huddle uses; HUDDLE_JAVA_OPTS replaces it) and the start-up cache the image build trained.
#   huddle ROLE ARGS...   runs java ... -jar /opt/huddle/huddle.jar ROLE ARGS...
#   huddle --train        trains the start-up cache (the image build runs it once; JDK 25+)
set -euo pipefail
# shellcheck source=scripts/lib.sh
. /opt/huddle/lib.sh
jar=/opt/huddle/huddle.jar
if [ "${1:-}" = --train ]; then
  java="$(command -v java)"
  if [ "$(huddle_java_major_of "$java")" -lt 25 ]; then
    echo "Java $(huddle_java_major_of "$java"): no start-up cache (it needs Java 25+)"
  elif huddle_aot_train "$java" "$jar"; then
    echo "start-up cache: $(huddle_aot_cache "$jar") ($(du -h "$(huddle_aot_cache "$jar")" | cut -f1))"
  else
    # The image works without it, only starts slower.
    echo "WARNING: the start-up cache could not be trained; the roles start without it:" >&2
    tail -n 20 "$(huddle_aot_cache "$jar").log" >&2 || true
  fi
  exit 0
fi
huddle_java_exec "$jar" "$@"
