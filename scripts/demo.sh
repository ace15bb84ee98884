#!/usr/bin/env bash
# The main job on a bundled example: builds nirtorch, then verifies the
# example NIR graph and flattens its nested recurrent block with nir-opt.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${NIRTORCH_BUILD_DIR:-$root/build}"

"$root/scripts/build.sh" nir-opt >/dev/null
example="$root/examples/srnn.mlir"
echo "== $example: verified, nested graphs inlined (nir-opt --nir-inline-subgraphs)"
"$build/bin/nir-opt" "$example" --nir-inline-subgraphs --mlir-elide-elementsattrs-if-larger=8
