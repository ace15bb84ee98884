#!/usr/bin/env bash
# The main job on a bundled example: builds nirtorch, converts the braille
# SRNN (examples/braille.nir) to a runnable TorchScript module, runs it on a
# bundled input with Python's torch.jit.load, converts the module back to
# .nir and checks that the graph came back exactly.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${NIRTORCH_BUILD_DIR:-$root/build}"
bin="$build/bin"
python=/usr/bin/python3

# A first run builds the tools (minutes on 2 cores): ninja's progress goes
# to stderr, so the demo's own output (stdout) stays the same.
echo "== building nirtorch, nir-opt and nir-translate (minutes on a first run)" >&2
"$root/scripts/build.sh" nirtorch nir-opt nir-translate 2>&1 |
  { grep -v '^ninja: no work to do' || true; } >&2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

model="$root/examples/braille.nir"
input="$root/examples/braille-input.csv"

echo "== the graph and its time-step schedule (nir-opt --nir-print-execution-order)"
"$bin/nir-translate" --import-nir "$model" |
  "$bin/nir-opt" --nir-print-execution-order -o /dev/null
echo
echo "== NIR -> TorchScript: nirtorch braille.nir -o braille.pt --dtype=float64"
"$bin/nirtorch" "$model" -o "$work/braille.pt" --dtype=float64 --timing 2>"$work/timing"
seconds="$(sed -n 's/.*Total Execution Time: \([0-9.]*\).*/\1/p' "$work/timing")"
printf 'wrote braille.pt: %d bytes in %.2f s (read, raise, export)\n' \
  "$(wc -c < "$work/braille.pt")" "$seconds"
echo
echo "== run it: torch.jit.load('braille.pt').forward_sequence(input)"
"$python" "$root/scripts/run-model.py" "$work/braille.pt" "$input" --dtype float64
echo
echo "== TorchScript -> NIR: nirtorch braille.pt -o braille-back.nir"
"$bin/nirtorch" "$work/braille.pt" -o "$work/braille-back.nir"
# The reference is the original as nirtorch reads it (the file leaves out
# v_reset, which the reader fills with 0, as the reference nir package
# does); every parameter comes back in its own dtype, with nesting and metadata.
"$bin/nir-translate" --import-nir "$model" | "$bin/nir-translate" --export-nir -o "$work/original.nir"
"$python" "$root/utils/nir-diff.py" "$work/original.nir" "$work/braille-back.nir"
