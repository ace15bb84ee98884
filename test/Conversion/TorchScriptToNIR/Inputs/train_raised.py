"""Changes the weights of a raised module as training would, saves it, and
after the lowering checks that the .nir file carries the new values in the
file's dtype (or, for values the file dtype cannot hold, in the module's).

usage: train_raised.py edit IN.pt OUT.pt MODE    (MODE: exact | finer)
       train_raised.py check OUT.nir MODE
"""
import sys

import h5py
import numpy as np
import torch


def edited_weight(mode):
    # records.mlir's fc weight is float32 (3x4), its bias float64.
    w = np.arange(12, dtype=np.float64).reshape(3, 4) / 8.0  # exact in float32
    if mode == "finer":
        w = w + 1e-9  # float32 cannot hold these
    return w


def main():
    if sys.argv[1] == "edit":
        src, dst, mode = sys.argv[2:5]
        m = torch.jit.load(src)
        with torch.no_grad():
            # A training step writes the buffer in place, in its dtype.
            m.outer.inner.lif.tau.mul_(2.0)
            m.fc.weight.copy_(torch.from_numpy(edited_weight(mode)))
        torch.jit.save(m, dst)
        return
    path, mode = sys.argv[2:4]
    with h5py.File(path, "r") as f:
        nodes = f["node/nodes"]
        weight = nodes["fc/weight"][()]
        tau = nodes["outer/nodes/inner/nodes/lif/tau"][()]
    expected_dtype = np.float32 if mode == "exact" else np.float64
    assert weight.dtype == expected_dtype, weight.dtype
    assert np.array_equal(weight, edited_weight(mode).astype(expected_dtype)), weight
    assert tau.dtype == np.float64, tau.dtype
    assert np.array_equal(tau, np.array([0.02, 0.04, 0.06])), tau
    print("OK %s: fc.weight %s, outer.inner.lif.tau float64" % (mode, weight.dtype))


if __name__ == "__main__":
    main()
