#!/usr/bin/env bash
# Coverage-guided fuzzing of the parsers with Jazzer, bounded in time (docs/fuzzing.md).
#
#   scripts/fuzz.sh                      every target, HUDDLE_FUZZ_SECONDS (20) each
#   scripts/fuzz.sh --rotate N           N targets, chosen from the commit so that successive
#                                        commits take turns (what scripts/test.sh runs in CI)
#   scripts/fuzz.sh --list               the targets, one a line
#   scripts/fuzz.sh TARGET...            those targets, as --list prints them
#
# Each target runs in a Maven invocation of its own: Jazzer fuzzes one @FuzzTest a JVM. A finding
# fails the script; Jazzer has then written the input that fails as crash-<hash> in the target's
# src/test/resources/<package>/<Class>Inputs/<method>/ folder, where plain 'mvn test' replays it.
# Fix the parser, rename the file for what it shows, and commit it with the fix.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

# module:Class#method. A target that moves to another module moves here too.
TARGETS=(
  xmpp-codec:XmlStreamParserFuzzTest#anyBytesGiveStanzasWithinLimitsOrAStreamError
  xmpp-codec:XmlStreamParserFuzzTest#cuttingAStreamChangesNothing
  videobridge:ReceivePathFuzzTest#aDatagramIsPassedOnConsistentOrDroppedForAReason
  rtp:RtcpFuzzTest#aCompoundIsTiledByItsPacketsOrRefused
  rtp:RtcpFuzzTest#aNackAsksForWhatWasLost
  rtp:RtcpFuzzTest#transportCcFeedbackReadsBackAsWritten
  rtp:Av1DependencyDescriptorFuzzTest#writingWhatWasReadReadsTheSame
  videobridge:StunMessagesFuzzTest#aDatagramIsReadConsistentlyAndAPlainRequestIsAnsweredWithItsSource
  videobridge:Colibri2CodecFuzzTest#anEndpointIsReadOrRefusedAsABadRequest
  focus:SourceCodecFuzzTest#jingleSourcesAreRefusedOrSurviveEveryFormTheFocusWrites
  focus:SourceCodecFuzzTest#aJsonMessageIsReadOrRefused
)

seconds="${HUDDLE_FUZZ_SECONDS:-20}"
selected=()
case "${1:-}" in
  --list)
    printf '%s\n' "${TARGETS[@]}"
    exit 0
    ;;
  --rotate)
    count="${2:?--rotate needs a number of targets}"
    n=${#TARGETS[@]}
    # The commit picks where to start, so that a run is reproducible and the targets take turns.
    start=$(( 16#$(git rev-parse --short=7 HEAD 2>/dev/null || date +%j) % n ))
    for ((i = 0; i < count && i < n; i++)); do
      selected+=("${TARGETS[$(( (start + i) % n ))]}")
    done
    ;;
  "")
    selected=("${TARGETS[@]}")
    ;;
  *)
    selected=("$@")
    ;;
esac

huddle_find_jdk javac
started=$(date +%s)
for target in "${selected[@]}"; do
  module="${target%%:*}"
  test="${target#*:}"
  echo "fuzzing $target for ${seconds}s" >&2
  t0=$(date +%s)
  if ! JAZZER_FUZZ=1 JAZZER_MAX_DURATION="${seconds}s" \
    mvn -B -q -pl "$module" -am test -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false \
      -Dskip.e2e=true -Dspotless.check.skip=true; then
    echo "fuzzing $target found a failing input (see above); it is kept as:" >&2
    git status --porcelain --untracked-files=all -- "$module/src/test/resources" | grep crash- >&2 || true
    exit 1
  fi
  echo "fuzzed $target: $(( $(date +%s) - t0 ))s with Maven and Jazzer's start" >&2
done
echo "fuzz pass: ${#selected[@]} targets, ${seconds}s each, $(( $(date +%s) - started ))s in all" >&2
echo "fuzz: ${#selected[@]} passed, 0 failed"
