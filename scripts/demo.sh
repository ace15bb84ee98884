#!/usr/bin/env bash
# The main job on bundled examples: builds nirtorch, reads the braille SRNN
# from its .nir file into the nir dialect, shows its time-step schedule,
# writes it back to .nir and checks the round trip; then flattens the nested
# recurrent block of examples/srnn.mlir.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${NIRTORCH_BUILD_DIR:-$root/build}"
bin="$build/bin"

"$root/scripts/build.sh" nir-opt nir-translate >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

model="$root/examples/braille.nir"
echo "== $model -> MLIR (nir-translate --import-nir; large weights elided)"
"$bin/nir-translate" --import-nir "$model" -o "$work/braille.mlir"
# For display, keep every weight inline so that it elides like the rest.
"$bin/nir-translate" --import-nir "$model" --nir-resource-threshold=1000000000 \
  --mlir-elide-elementsattrs-if-larger=4
echo
echo "== time-step schedule (nir-opt --nir-print-execution-order)"
"$bin/nir-opt" "$work/braille.mlir" --nir-print-execution-order -o /dev/null
echo
echo "== MLIR -> .nir -> MLIR (nir-translate --export-nir, --import-nir)"
"$bin/nir-translate" --export-nir "$work/braille.mlir" -o "$work/braille.nir"
"$bin/nir-translate" --import-nir "$work/braille.nir" -o "$work/again.mlir"
if cmp -s "$work/braille.mlir" "$work/again.mlir"; then
  echo "round trip identical ($(wc -c < "$work/braille.nir") bytes written)"
else
  echo "round trip differs" >&2
  exit 1
fi
echo
echo "== examples/srnn.mlir with its nested graph inlined (nir-opt --nir-inline-subgraphs)"
"$bin/nir-opt" "$root/examples/srnn.mlir" --nir-inline-subgraphs \
  --mlir-elide-elementsattrs-if-larger=8
