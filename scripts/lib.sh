#!/usr/bin/env bash
# Shared by ./huddle, scripts/test.sh, deploy.sh and auto-restart.sh: find a JDK (or, with the
# argument "java", a runtime) 21 or later.
# Sourced, not run. Sets JAVA_HOME and puts its java first on PATH, or exits with a clear message.

huddle_java_major() {
  local v
  # The release file answers at once; starting the JVM to ask costs a tenth of a second each.
  v="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null)"
  if [[ "$v" =~ ^[0-9]+$ ]] && [ "$v" -gt 1 ]; then
    echo "$v"
    return 0
  fi
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java.specification.version = //p' | head -n 1 | cut -d. -f1
}

huddle_find_jdk() {
  local tool="${1:-javac}" candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v "$tool" >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v "$tool")")")")")
  fi
  local d
  for d in /usr/lib/jvm/*; do
    [ -d "$d" ] && candidates+=("$d")
  done
  local best="" best_major=0 c major
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/$tool" ] || continue
    major=$(huddle_java_major "$c")
    [[ "$major" =~ ^[0-9]+$ ]] || continue
    if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="$c"
      best_major="$major"
    fi
  done
  if [ -z "$best" ]; then
    echo "Huddle needs a JDK 21 or later; none was found in JAVA_HOME, on PATH or under /usr/lib/jvm." >&2
    echo "Install one (for example: apt-get install openjdk-21-jdk) or set JAVA_HOME." >&2
    exit 1
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
}

# ---- JVM flags and the start-up cache (docs/deployment.md "JVM flags for small servers") ----
# The one list of JVM flags for Huddle's roles: ./huddle, deploy.sh's local processes, the Docker
# image's entrypoint (docker/java-entrypoint.sh) and bench/startup all take it from here.
#   HUDDLE_JAVA_OPTS            replaces the defaults below when set (set and empty: the JVM's own)
#   HUDDLE_MAX_RAM_PERCENTAGE   heap cap as a share of RAM or of the container's limit (default:
#                               the JVM's, 25; the Docker image sets 75)
#   HUDDLE_AOT                  auto (default): each role starts from its own start-up cache when
#                               one fits (./huddle trains the role's when missing); off: never;
#                               on: the same as auto (its meaning before the caches were per role)
#   HUDDLE_AOT_DIR              where the caches are: huddle.aot (for `all`) and huddle-ROLE.aot
#                               (default: the jar's folder)
#   HUDDLE_AOT_CACHE            one cache file for whichever role this process runs, instead of
#                               HUDDLE_AOT_DIR's (default: unset); its .id names the role it fits
#   MALLOC_ARENA_MAX            glibc's malloc arenas (default here 2, glibc's own 8 per core)

# huddle_java_major_of JAVA: the feature version of that java binary (e.g. 25).
huddle_java_major_of() {
  huddle_java_major "$(dirname "$(dirname "$(readlink -f "$1")")")"
}

# huddle_java_opts JAVA: the flags (one a line) without the start-up cache.
huddle_java_opts() {
  local major
  if [ -n "${HUDDLE_JAVA_OPTS+set}" ]; then
    # shellcheck disable=SC2086 # a list of flags, split on purpose
    printf '%s\n' ${HUDDLE_JAVA_OPTS}
  else
    major="$(huddle_java_major_of "$1")"
    # One collector thread and no concurrent GC structures; a heap that starts small and gives
    # memory back after a full collection; a clean exit (the watchdog restarts) on OutOfMemoryError.
    printf '%s\n' -XX:+UseSerialGC -Xms16m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 \
      -XX:+ExitOnOutOfMemoryError
    # glibc keeps what start-up malloc'ed (class loading, the JIT); return it every 10 s.
    [ "$major" -ge 22 ] && echo -XX:TrimNativeHeapInterval=10000
    # 8-byte object headers (JEP 519): smaller heap and class space.
    [ "$major" -ge 25 ] && echo -XX:+UseCompactObjectHeaders
  fi
  if [ -n "${HUDDLE_MAX_RAM_PERCENTAGE:-}" ]; then
    echo "-XX:MaxRAMPercentage=$HUDDLE_MAX_RAM_PERCENTAGE"
  fi
  echo --enable-native-access=ALL-UNNAMED
}

# huddle_aot_role ROLE: whether ROLE has a start-up cache of its own (the commands that serve).
huddle_aot_role() {
  case "${1:-}" in
    all | xmpp | focus | videobridge | web) return 0 ;;
    *) return 1 ;;
  esac
}

# huddle_aot_cache JAR [ROLE]: where the start-up cache of ROLE (default all) for that jar is.
huddle_aot_cache() {
  local dir role="${2:-all}"
  if [ -n "${HUDDLE_AOT_CACHE:-}" ]; then
    echo "$HUDDLE_AOT_CACHE"
    return 0
  fi
  dir="${HUDDLE_AOT_DIR:-$(dirname "$1")}"
  if [ "$role" = all ]; then echo "$dir/huddle.aot"; else echo "$dir/huddle-$role.aot"; fi
}

# huddle_aot_id JAVA JAR [ROLE]: what the cache was trained with (the JVM refuses a cache from
# another JDK or jar, with a warning; this lets the scripts notice first, and quietly), and for
# which role (a cache of another role's classes would load and cost memory: see huddle_java_flags).
huddle_aot_id() {
  local home
  home="$(dirname "$(dirname "$(readlink -f "$1")")")"
  {
    echo "$home"
    stat -c '%s %Y' "$home/lib/modules" "$2" 2>/dev/null
    huddle_java_opts "$1"
    echo "role ${3:-all}"
  } | cksum | cut -d' ' -f1
}

# huddle_aot_usable JAVA JAR [ROLE]: whether a cache trained for this JDK, jar, flags and role is
# there.
huddle_aot_usable() {
  local cache
  cache="$(huddle_aot_cache "$2" "${3:-all}")"
  [ "${HUDDLE_AOT:-auto}" != off ] && [ -f "$cache" ] && [ -f "$cache.id" ] \
    && [ "$(cat "$cache.id")" = "$(huddle_aot_id "$1" "$2" "${3:-all}")" ]
}

# huddle_aot_train JAVA JAR [ROLE...]: trains the start-up caches of the roles (default all; JDK
# 25+: JEP 483/514/515) with one short meeting on loopback (`huddle aot-train`, docs/deployment.md):
# each named role runs as its own command in a JVM the JDK records, the roles it needs run untrained
# in the coordinating JVM. The output goes to each cache's .log. Returns 1 when the JDK is older or
# a role's training failed (that role then starts without a cache).
huddle_aot_train() {
  local java="$1" jar="$2" roles=("${@:3}") role cache log opts=() args=() status=0
  [ "${#roles[@]}" -gt 0 ] || roles=(all)
  [ "$(huddle_java_major_of "$java")" -ge 25 ] || return 1
  if [ -n "${HUDDLE_AOT_CACHE:-}" ] && [ "${#roles[@]}" -gt 1 ]; then
    echo "HUDDLE_AOT_CACHE names one cache file: train one role at a time" >&2
    return 1
  fi
  mapfile -t opts < <(huddle_java_opts "$java")
  for role in "${roles[@]}"; do
    cache="$(huddle_aot_cache "$jar" "$role")"
    rm -f "$cache" "$cache.id" "$cache.tmp"
    args+=(--train "$role=$cache.tmp")
  done
  log="$(huddle_aot_cache "$jar" "${roles[0]}").log"
  # The coordinator runs the untrained roles and the meeting; C1 alone is enough for that.
  MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" "$java" "${opts[@]}" -XX:TieredStopAtLevel=1 \
    -jar "$jar" aot-train "${args[@]}" -- "$java" "${opts[@]}" >"$log" 2>&1 || status=1
  for role in "${roles[@]}"; do
    cache="$(huddle_aot_cache "$jar" "$role")"
    [ "$cache.log" = "$log" ] || cp "$log" "$cache.log"
    if [ "$status" -eq 0 ] && [ -s "$cache.tmp" ]; then
      mv "$cache.tmp" "$cache"
      huddle_aot_id "$java" "$jar" "$role" >"$cache.id"
    else
      rm -f "$cache.tmp"
      status=1
    fi
  done
  return "$status"
}

# huddle_java_flags JAVA JAR ROLE: every flag for a role's JVM: huddle_java_opts, then (JDK 25+)
# the role's own start-up cache when one fits and HUDDLE_AOT allows it, or (JDK 21-24) a class-data
# archive for ROLE that the JVM makes and keeps fresh itself, when its folder is writable. Each
# role's cache holds what that role loads: a cache trained on `huddle all` holds every role's
# classes, and a JVM maps all of it, so a single role would carry the others' (+30 to +80 MB RSS
# each, docs/BENCHMARKS.md).
huddle_java_flags() {
  local java="$1" jar="$2" role="${3:-all}" cache
  huddle_java_opts "$java"
  [ "${HUDDLE_AOT:-auto}" = off ] && return 0
  cache="$(huddle_aot_cache "$jar" "$role")"
  if [ "$(huddle_java_major_of "$java")" -ge 25 ]; then
    if huddle_aot_usable "$java" "$jar" "$role"; then
      # With the cache's training profiles the JIT starts from the right methods; thresholds three
      # times higher then stop only the compilations a light load never needed (without a cache
      # they only move the JIT's work later: docs/BENCHMARKS.md, "Light load").
      printf '%s\n' "-XX:AOTCache=$cache" -XX:CompileThresholdScaling=3
    fi
  elif [ -w "$(dirname "$cache")" ]; then
    printf '%s\n' -XX:+AutoCreateSharedArchive "-XX:SharedArchiveFile=$(dirname "$cache")/huddle-$role.jsa"
  fi
}

# huddle_java_exec JAR ROLE ARGS...: replaces the shell with the role's JVM (java from PATH).
huddle_java_exec() {
  local jar="$1" java flags=()
  shift
  java="$(command -v java)"
  mapfile -t flags < <(huddle_java_flags "$java" "$jar" "${1:-}")
  export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
  exec "$java" "${flags[@]}" -jar "$jar" "$@"
}
