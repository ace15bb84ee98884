"""Scripts tinysnn.Library and saves it as OUT/tinysnn.pt, and a copy that
holds its own binding (tinysnn.json, in the root's `nir_node_library`
attribute) as OUT/tinysnn-embedded.pt.

    make_tinysnn.py OUT
"""

import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import tinysnn  # noqa: E402

out = sys.argv[1]
torch.jit.script(tinysnn.Library()).save(os.path.join(out, "tinysnn.pt"))

with open(os.path.join(HERE, "tinysnn.json")) as f:
    binding = f.read()


class Embedded(tinysnn.Library):
    def __init__(self, binding: str):
        super().__init__()
        self.nir_node_library = binding


torch.jit.script(Embedded(binding)).save(os.path.join(out, "tinysnn-embedded.pt"))
