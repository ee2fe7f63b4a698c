# shellcheck shell=bash
# deploy.sh build: the container images. Sourced by deploy.sh after deploy-common.sh.
#
#   build              the Huddle image from the checkout (dist/huddle.jar, built first when missing or
#                      stale) on the public Temurin JRE; nginx, coturn, Redis, PostgreSQL and Uptime
#                      Kuma stay the public upstream images
#   build --offline    every image from Debian packages alone, for closed networks: a Debian base made
#                      with debootstrap from the package mirror and imported as an image, a Java runtime
#                      jlinked from this machine's JDK 21+, and nginx, coturn, Redis and PostgreSQL from
#                      Debian packages on that base. It needs no container registry. The choice is kept
#                      in the .env (HUDDLE_IMAGE_SOURCE=offline), so start and update keep using it.
#                      Uptime Kuma is not packaged by Debian: its offline image is built from the npm
#                      package (NPM_REGISTRY may name a mirror); ENABLE_UPTIME_KUMA=0 leaves it out.
#   build --force      rebuild even when the images are up to date
#
# Settings (environment or .env):
#   HUDDLE_DEBIAN_MIRROR   the mirror debootstrap and apt use (default: this machine's apt mirror)
#   HUDDLE_DEBIAN_SUITE    the Debian release of the offline images (default bookworm)
#   HUDDLE_IMAGE_CACHE     where the debootstrapped base is cached, keyed by the build files' hash
#                          (default ~/.cache/huddle/images)
# Globals read by deploy.sh:
# shellcheck disable=SC2034

OFFLINE_DIR="$SCRIPT_DIR/docker/offline"
# The public images of the default build; the offline build makes its own under localhost/.
UPSTREAM_NGINX_IMAGE=nginx:1.27.3-alpine
UPSTREAM_COTURN_IMAGE=coturn/coturn:4.6.3
UPSTREAM_REDIS_IMAGE=redis:7.4.2-alpine
# PostgreSQL 15, the major version Debian bookworm packages: the offline image reads the same volume.
UPSTREAM_POSTGRES_IMAGE=postgres:15.10-bookworm
UPSTREAM_UPTIME_KUMA_IMAGE=louislam/uptime-kuma:1.23.16
# jlink's module list: what the jar's roles and their libraries load (TESTING.md has the measure).
JRE_MODULES=java.base,java.logging,java.management,java.naming,java.net.http,java.security.jgss,java.security.sasl,java.sql,java.xml,jdk.crypto.ec,jdk.unsupported,java.desktop,jdk.management,java.scripting,jdk.naming.dns,java.instrument,jdk.jfr,jdk.httpserver,jdk.zipfs

# image_env: the image names Compose uses, from the build choice in the .env. A name already set
# (HUDDLE_IMAGE, NGINX_IMAGE, ...) wins.
image_env() {
  export HUDDLE_IMAGE="${HUDDLE_IMAGE:-huddle/huddle:local}"
  if [ "${HUDDLE_IMAGE_SOURCE:-upstream}" = offline ]; then
    export NGINX_IMAGE="${NGINX_IMAGE:-localhost/huddle-nginx:offline}"
    export COTURN_IMAGE="${COTURN_IMAGE:-localhost/huddle-coturn:offline}"
    export REDIS_IMAGE="${REDIS_IMAGE:-localhost/huddle-redis:offline}"
    export POSTGRES_IMAGE="${POSTGRES_IMAGE:-localhost/huddle-postgres:offline}"
  else
    export NGINX_IMAGE="${NGINX_IMAGE:-$UPSTREAM_NGINX_IMAGE}"
    export COTURN_IMAGE="${COTURN_IMAGE:-$UPSTREAM_COTURN_IMAGE}"
    export REDIS_IMAGE="${REDIS_IMAGE:-$UPSTREAM_REDIS_IMAGE}"
    export POSTGRES_IMAGE="${POSTGRES_IMAGE:-$UPSTREAM_POSTGRES_IMAGE}"
  fi
  if [ "${HUDDLE_IMAGE_SOURCE:-upstream}" = offline ]; then
    export UPTIME_KUMA_IMAGE="${UPTIME_KUMA_IMAGE:-localhost/huddle-uptime-kuma:offline}"
  else
    export UPTIME_KUMA_IMAGE="${UPTIME_KUMA_IMAGE:-$UPSTREAM_UPTIME_KUMA_IMAGE}"
  fi
}

image_exists() {
  "$ENGINE" image inspect "$1" >/dev/null 2>&1
}

image_label() {
  "$ENGINE" image inspect --format "{{ index .Config.Labels \"$2\" }}" "$1" 2>/dev/null || true
}

# jar_stale: dist/huddle.jar is missing or older than a source file (the ./huddle launcher's rule).
jar_stale() {
  [ ! -f "$JAR" ] && return 0
  [ -n "$(cd "$SCRIPT_DIR" && find . \( -path ./dist -o -path '*/node_modules' -o -path '*/target' -o -path ./run \) -prune \
    -o \( -name '*.java' -o -name 'pom.xml' -o -name '*.lua' -o -path './web/frontend/*' \) -newer "$JAR" -print -quit)" ]
}

ensure_jar() {
  if [ "${HUDDLE_JAR:-}" != "" ]; then
    [ -f "$JAR" ] || die "HUDDLE_JAR names $JAR, which does not exist"
    return 0
  fi
  jar_stale || return 0
  need mvn "building dist/huddle.jar"
  log "building $JAR (missing or older than the sources)"
  (cd "$SCRIPT_DIR" && . scripts/lib.sh && huddle_find_jdk javac && mvn -B -q -DskipTests package) \
    || die "building $JAR failed; see Maven's output above"
}

# run_build NAME ARGS...: an image build whose failure stops everything, with the build's last lines.
run_build() {
  local name="$1" out
  shift
  out="$(mktemp)"
  log "building $name"
  if ! "$ENGINE" build "$@" >"$out" 2>&1; then
    echo "$PROG: building $name failed; its last lines:" >&2
    tail -n 25 "$out" >&2
    rm -f "$out"
    exit 1
  fi
  rm -f "$out"
}

debian_mirror() {
  if [ -n "${HUDDLE_DEBIAN_MIRROR:-}" ]; then
    echo "$HUDDLE_DEBIAN_MIRROR"
    return
  fi
  local m
  m="$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v security | head -n 1)"
  [ -n "$m" ] || m="$(sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\).*/\2/p' /etc/apt/sources.list 2>/dev/null |
    grep -v security | head -n 1)"
  echo "${m:-http://deb.debian.org/debian}"
}

# The base's cache key: the hash of its build recipe (the offline_base function below, as bash
# prints it) with the suite and the mirror it is made from. A changed recipe makes a new base.
offline_key() {
  {
    declare -f offline_base
    echo "${HUDDLE_DEBIAN_SUITE:-bookworm} $(debian_mirror)"
  } | sha256sum | cut -c1-16
}

# offline_base: localhost/huddle-base:<key>, from the podman store, the cache folder, or debootstrap.
offline_base() {
  local key suite mirror cache tarball root
  key="$(offline_key)"
  suite="${HUDDLE_DEBIAN_SUITE:-bookworm}"
  BASE_IMAGE="localhost/huddle-base:$suite-$key"
  image_exists "$BASE_IMAGE" && return 0
  cache="${HUDDLE_IMAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/huddle/images}"
  tarball="$cache/huddle-base-$suite-$key.tar"
  if [ ! -f "$tarball" ]; then
    need debootstrap "the offline build's Debian base (apt-get install debootstrap)"
    mirror="$(debian_mirror)"
    root="$(mktemp -d)"
    log "debootstrap --variant=minbase $suite from $mirror (about a minute; cached in $cache)"
    if ! debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$root.log" 2>&1; then
      echo "$PROG: debootstrap failed; its last lines:" >&2
      tail -n 25 "$root.log" >&2
      rm -rf "$root" "$root.log"
      exit 1
    fi
    printf 'deb %s %s main\ndeb %s %s-updates main\n' "$mirror" "$suite" "$mirror" "$suite" >"$root/etc/apt/sources.list"
    # No recommends and no docs: smaller images, as Docker's Debian images do.
    printf 'APT::Install-Recommends "false";\n' >"$root/etc/apt/apt.conf.d/90huddle"
    rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
    mkdir -p "$cache"
    tar -C "$root" --numeric-owner -cf "$tarball.tmp" .
    mv "$tarball.tmp" "$tarball"
    rm -rf "$root" "$root.log"
  fi
  log "importing the Debian base $BASE_IMAGE from $tarball"
  "$ENGINE" import --change 'CMD ["/bin/bash"]' "$tarball" "$BASE_IMAGE" >/dev/null ||
    die "importing $tarball as $BASE_IMAGE failed"
}

# offline_runtime: the base plus a JRE jlinked from this machine's JDK.
offline_runtime() {
  local jdk_version context
  (. "$SCRIPT_DIR/scripts/lib.sh" && huddle_find_jdk javac >/dev/null) || die "the offline build jlinks a Java runtime and needs a JDK 21+"
  # shellcheck source=scripts/lib.sh
  . "$SCRIPT_DIR/scripts/lib.sh"
  huddle_find_jdk javac
  jdk_version="$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')"
  RUNTIME_IMAGE="localhost/huddle-runtime:$(echo "$BASE_IMAGE $jdk_version $JRE_MODULES $(sha256sum <"$OFFLINE_DIR/runtime.Dockerfile")" | sha256sum | cut -c1-16)"
  image_exists "$RUNTIME_IMAGE" && [ "$FORCE_BUILD" != yes ] && return 0
  context="$(mktemp -d)"
  log "jlinking a Java runtime from $JAVA_HOME ($jdk_version)"
  "$JAVA_HOME/bin/jlink" --add-modules "$JRE_MODULES" --strip-debug --no-man-pages --no-header-files \
    --output "$context/jre" || die "jlink failed"
  run_build "$RUNTIME_IMAGE" --build-arg "BASE_IMAGE=$BASE_IMAGE" -t "$RUNTIME_IMAGE" \
    -f "$OFFLINE_DIR/runtime.Dockerfile" "$context"
  rm -rf "$context"
}

# offline_service NAME: nginx, coturn, Redis or PostgreSQL from Debian packages on the base. Its
# recipe is its Dockerfile and the scripts it copies (NAME-*.sh).
offline_service() {
  local name="$1" tag="localhost/huddle-$1:offline" recipe files=("$OFFLINE_DIR/$1.Dockerfile")
  compgen -G "$OFFLINE_DIR/$name-*.sh" >/dev/null && files+=("$OFFLINE_DIR/$name"-*.sh)
  recipe="$(cat "${files[@]}" | sha256sum | cut -c1-16)"
  if image_exists "$tag" && [ "$FORCE_BUILD" != yes ] &&
    [ "$(image_label "$tag" org.huddle.base)" = "$BASE_IMAGE" ] &&
    [ "$(image_label "$tag" org.huddle.recipe)" = "$recipe" ]; then
    log "$tag is up to date"
    return 0
  fi
  run_build "$tag" --build-arg "BASE_IMAGE=$BASE_IMAGE" --label "org.huddle.base=$BASE_IMAGE" \
    --label "org.huddle.recipe=$recipe" -t "$tag" -f "$OFFLINE_DIR/$name.Dockerfile" "$OFFLINE_DIR"
}

# offline_uptime_kuma: Uptime Kuma from its npm package on the Debian base (docker/uptime-kuma).
# Debian does not package it, so this one image needs the npm registry (or NPM_REGISTRY, a mirror of
# it) at build time. A network that inspects TLS is trusted as this machine trusts it: the extra CAs
# in /usr/local/share/ca-certificates go to the build stage.
offline_uptime_kuma() {
  local tag=localhost/huddle-uptime-kuma:offline recipe ca=""
  recipe="$(cat "$SCRIPT_DIR"/docker/uptime-kuma/* | sha256sum | cut -c1-16)"
  if image_exists "$tag" && [ "$FORCE_BUILD" != yes ] &&
    [ "$(image_label "$tag" org.huddle.base)" = "$BASE_IMAGE" ] &&
    [ "$(image_label "$tag" org.huddle.recipe)" = "$recipe" ]; then
    log "$tag is up to date"
    return 0
  fi
  if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
    ca="$(cat /usr/local/share/ca-certificates/*.crt)"
  fi
  local registry=()
  [ -n "${NPM_REGISTRY:-}" ] && registry=(--build-arg "NPM_REGISTRY=$NPM_REGISTRY")
  run_build "$tag (Uptime Kuma from the npm registry)" --build-arg "BASE_IMAGE=$BASE_IMAGE" \
    --build-arg "EXTRA_CA_CERT=$ca" "${registry[@]}" --label "org.huddle.base=$BASE_IMAGE" \
    --label "org.huddle.recipe=$recipe" -t "$tag" -f "$SCRIPT_DIR/docker/uptime-kuma/Dockerfile" "$SCRIPT_DIR"
}

# huddle_image: the Huddle image, unless one with this jar and runtime exists.
huddle_image() {
  local runtime="$1" sum
  sum="$(cat "$JAR" "$SCRIPT_DIR/docker/Dockerfile" "$SCRIPT_DIR/scripts/lib.sh" \
    "$SCRIPT_DIR/docker/java-entrypoint.sh" | sha256sum | cut -c1-64)"
  if image_exists "$HUDDLE_IMAGE" && [ "$FORCE_BUILD" != yes ] &&
    [ "$(image_label "$HUDDLE_IMAGE" org.huddle.build-sha256)" = "$sum" ] &&
    [ "$(image_label "$HUDDLE_IMAGE" org.huddle.runtime)" = "$runtime" ]; then
    log "$HUDDLE_IMAGE is up to date"
    return 0
  fi
  local context
  context="$(mktemp -d)"
  mkdir -p "$context/dist" "$context/docker" "$context/scripts"
  cp "$JAR" "$context/dist/huddle.jar"
  cp "$SCRIPT_DIR/docker/Dockerfile" "$SCRIPT_DIR/docker/java-entrypoint.sh" "$context/docker/"
  cp "$SCRIPT_DIR/scripts/lib.sh" "$context/scripts/lib.sh"
  run_build "$HUDDLE_IMAGE" --build-arg "RUNTIME_IMAGE=$runtime" --label "org.huddle.build-sha256=$sum" \
    --label "org.huddle.runtime=$runtime" -t "$HUDDLE_IMAGE" -f "$context/docker/Dockerfile" "$context"
  rm -rf "$context"
}

cmd_build() {
  local offline=no arg
  FORCE_BUILD=no
  for arg in "$@"; do
    case "$arg" in
      --offline) offline=yes ;;
      --force) FORCE_BUILD=yes ;;
      *) usage_error "build: unknown option '$arg' (--offline, --force)" ;;
    esac
  done
  load_env
  find_engine
  if [ "$offline" = yes ] && [ "${HUDDLE_IMAGE_SOURCE:-}" != offline ]; then
    set_env HUDDLE_IMAGE_SOURCE offline
    HUDDLE_IMAGE_SOURCE=offline
  fi
  build_images
}

# build_images: what start and update call. Builds what is missing or stale, per the .env's choice.
build_images() {
  [ -n "${FORCE_BUILD:-}" ] || FORCE_BUILD=no
  image_env
  ensure_jar
  if [ "${HUDDLE_IMAGE_SOURCE:-upstream}" = offline ]; then
    offline_base
    offline_runtime
    local s
    for s in nginx coturn redis postgres; do
      offline_service "$s"
    done
    [ "${ENABLE_UPTIME_KUMA:-1}" = 0 ] || offline_uptime_kuma
    huddle_image "$RUNTIME_IMAGE"
  else
    huddle_image "$(sed -n 's/^ARG RUNTIME_IMAGE=//p' "$SCRIPT_DIR/docker/Dockerfile")"
  fi
}
