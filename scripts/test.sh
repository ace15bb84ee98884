#!/usr/bin/env bash
# Builds nirtorch and runs every test. Ends with "N passed, N failed" and
# fails when a test fails or when no test ran.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${NIRTORCH_BUILD_DIR:-$root/build}"

"$root/scripts/build.sh"
ninja -C "$build" nirtorch-test-depends >/dev/null

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
/usr/bin/python3 /usr/lib/llvm-19/build/utils/lit/lit.py -sv "$build/test" 2>&1 | tee "$log" || status=$?

count() { # count LABEL: the number lit's summary gives for LABEL, or 0
  sed -n "s/^ *$1 *: *\([0-9]*\).*/\1/p" "$log" | tail -n 1 | grep . || echo 0
}
# An expected failure is a known gap, not a pass: it is reported as skipped.
passed=$(count Passed)
failed=$(( $(count Failed) + $(count Unresolved) + $(count "Timed Out") + $(count "Unexpectedly Passed") ))
skipped=$(( $(count Unsupported) + $(count "Expectedly Failed") ))

echo "$skipped skipped (unsupported or expected failures)"
echo "$passed passed, $failed failed"
if [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ] || [ "$status" -ne 0 ]; then
  exit 1
fi
