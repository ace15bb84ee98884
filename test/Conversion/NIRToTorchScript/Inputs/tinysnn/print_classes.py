"""Prints each submodule of a raised module as `slot: class` (the class
name without TorchScript's `__torch__.` prefix and mangling).

    print_classes.py model.pt
"""

import re
import sys

import torch

module = torch.jit.load(sys.argv[1])
for name, child in module.named_children():
    qualified = child._c._type().qualified_name()
    qualified = re.sub(r"___torch_mangle_\d+\.", "", qualified)
    print("%s: %s" % (name, qualified.removeprefix("__torch__.")))
