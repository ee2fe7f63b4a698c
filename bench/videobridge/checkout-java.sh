#!/usr/bin/env bash
# A stand-in for `java` (or `javac`, when called by that name) that runs the bench against this
# checkout's own build instead of the huddle-* jars Maven resolved from ~/.m2: every huddle-X jar
# named in the arguments (or in an @argfile) becomes the checkout's X/target/classes, and every
# huddle-X tests jar X/target/test-classes. For measuring a change without `mvn install` (which
# would replace the jars other people's builds use). See docs/BENCHMARKS.md, "The bridge's own
# ceiling", for how to call it. The real tools are JAVA_HOME's.
set -eu
root=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
real="${JAVA_HOME:?JAVA_HOME must name the JDK}/bin/$(basename "$0")"
rewrite() {
  sed -E \
    -e "s#[^:\"' ]*/org/huddle/huddle-([a-z0-9-]+)/[^/]+/huddle-\\1-[^/:\"' ]*-tests\\.jar#$root/\\1/target/test-classes#g" \
    -e "s#[^:\"' ]*/org/huddle/huddle-([a-z0-9-]+)/[^/]+/huddle-\\1-[^/:\"' ]*\\.jar#$root/\\1/target/classes#g"
}
args=()
for a in "$@"; do
  case "$a" in
    @*)
      f=$(mktemp "${TMPDIR:-/tmp}/checkout-java-args.XXXXXX")
      rewrite <"${a#@}" >"$f"
      a="@$f"
      ;;
    *) a=$(printf '%s\n' "$a" | rewrite) ;;
  esac
  args+=("$a")
done
exec "$real" "${args[@]}"
