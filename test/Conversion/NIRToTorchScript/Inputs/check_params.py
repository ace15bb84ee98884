"""Checks the buffers of a raised module (.pt) against the parameters of the
.nir file it was raised from, bit for bit after conversion to the buffer's
dtype (what the raising promises: parameters cast to `dtype`, nothing else).

    check_params.py model.nir model.pt

Each node submodule is found in the file through its `nir_name` slot (the
exact node name; slot names are sanitised). Buffers without a dataset
(`dt`, Delay `steps`, reader defaults such as a missing `v_reset`) are
skipped. Prints one summary line; exits non-zero on a mismatch.
"""

import os
import sys

import h5py
import numpy as np
import torch


def main():
    nir_path, pt_path = sys.argv[1:3]
    module = torch.jit.load(pt_path)
    checked = 0
    dtypes = set()
    with h5py.File(nir_path, "r") as f:
        nodes = f["node/nodes"]
        for slot, sub in module.named_children():
            name = sub.nir_name
            if name not in nodes:
                sys.exit("submodule %s: nir_name %r is not a node of the file"
                         % (slot, name))
            group = nodes[name]
            for field, buffer in sub.named_buffers(recurse=False):
                if field not in group:
                    continue
                expected = np.asarray(group[field][()])
                got = buffer.numpy()
                if got.shape != expected.shape:
                    sys.exit("%s.%s: shape %s, file %s"
                             % (name, field, got.shape, expected.shape))
                if not np.array_equal(got, expected.astype(got.dtype)):
                    sys.exit("%s.%s differs from the file" % (name, field))
                dtypes.add(str(got.dtype))
                checked += 1
    print("OK %s: %d buffers (%s)" % (os.path.basename(nir_path), checked,
                                      ", ".join(sorted(dtypes))))


if __name__ == "__main__":
    main()
