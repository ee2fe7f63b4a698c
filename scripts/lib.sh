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
#   HUDDLE_AOT                  auto (default): the start-up cache for `huddle all` (./huddle
#                               trains it when missing); on: for every role; off: never
#   HUDDLE_AOT_CACHE            the cache file (default: huddle.aot beside the jar)
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

# huddle_aot_cache JAR: where the start-up cache for that jar is.
huddle_aot_cache() {
  echo "${HUDDLE_AOT_CACHE:-$(dirname "$1")/huddle.aot}"
}

# huddle_aot_id JAVA JAR: what the cache was trained with (the JVM refuses a cache from another
# JDK or jar, with a warning; this lets the scripts notice first, and quietly).
huddle_aot_id() {
  local home
  home="$(dirname "$(dirname "$(readlink -f "$1")")")"
  {
    echo "$home"
    stat -c '%s %Y' "$home/lib/modules" "$2" 2>/dev/null
    huddle_java_opts "$1"
  } | cksum | cut -d' ' -f1
}

# huddle_aot_usable JAVA JAR: whether a cache trained for this JDK, jar and flags is there.
huddle_aot_usable() {
  local cache
  cache="$(huddle_aot_cache "$2")"
  [ "${HUDDLE_AOT:-auto}" != off ] && [ -f "$cache" ] && [ -f "$cache.id" ] \
    && [ "$(cat "$cache.id")" = "$(huddle_aot_id "$1" "$2")" ]
}

# huddle_aot_train JAVA JAR: trains the start-up cache (JDK 25+: JEP 483/514/515) with a short
# meeting on loopback (`huddle aot-train`); the output goes to the cache's .log. Returns 1 when
# the JDK is older or training failed (Huddle then starts without the cache).
huddle_aot_train() {
  local java="$1" jar="$2" cache opts=()
  cache="$(huddle_aot_cache "$jar")"
  [ "$(huddle_java_major_of "$java")" -ge 25 ] || return 1
  mapfile -t opts < <(huddle_java_opts "$java")
  rm -f "$cache" "$cache.id"
  if MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" "$java" "${opts[@]}" "-XX:AOTCacheOutput=$cache.tmp" \
    -jar "$jar" aot-train >"$cache.log" 2>&1 && [ -s "$cache.tmp" ]; then
    mv "$cache.tmp" "$cache"
    huddle_aot_id "$java" "$jar" >"$cache.id"
    return 0
  fi
  rm -f "$cache.tmp"
  return 1
}

# huddle_java_flags JAVA JAR ROLE: every flag for a role's JVM: huddle_java_opts, then (JDK 25+)
# the start-up cache when one fits and HUDDLE_AOT allows it for ROLE, or (JDK 21-24) a class-data
# archive for ROLE that the JVM makes and keeps fresh itself, when its folder is writable. The
# cache is trained on `huddle all` and holds every role's classes: a JVM maps all of it, so a
# single role would carry the others' (+30 to +80 MB RSS each, docs/BENCHMARKS.md); `all` needs
# them anyway.
huddle_java_flags() {
  local java="$1" jar="$2" role="${3:-all}" cache
  huddle_java_opts "$java"
  case "${HUDDLE_AOT:-auto}" in
    off) return 0 ;;
    auto) [ "$role" = all ] || return 0 ;;
  esac
  cache="$(huddle_aot_cache "$jar")"
  if [ "$(huddle_java_major_of "$java")" -ge 25 ]; then
    if huddle_aot_usable "$java" "$jar"; then
      # With the cache's training profiles the JIT starts from the right methods; thresholds three
      # times higher then stop only the compilations a light load never needed (without a cache
      # they only move the JIT's work later: docs/BENCHMARKS.md, "Light load").
      printf '%s\n' "-XX:AOTCache=$cache" -XX:CompileThresholdScaling=3
    fi
  elif [ -w "$(dirname "$cache")" ]; then
    printf '%s\n' -XX:+AutoCreateSharedArchive "-XX:SharedArchiveFile=${cache%.aot}-$role.jsa"
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
