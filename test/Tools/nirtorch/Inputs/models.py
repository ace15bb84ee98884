"""Fixtures for the nirtorch driver tests (run with /usr/bin/python3).

  models.py save DIR          writes the TorchScript models below to DIR
                              (save-all DIR: the same, for the lit fixtures)
  models.py run FILE.pt T N   loads a raised module with torch.jit.load, runs
                              forward_sequence on T steps of a fixed random
                              input of width N and one step of forward; prints
                              shapes, the dtype, the number of output spikes
                              and the state keys
"""

import sys

import torch
from torch import nn


def save_models(out):
    torch.manual_seed(0)
    # Scripted: forward's input type has no sizes, --input-shape is needed.
    mlp = nn.Sequential(nn.Linear(4, 3), nn.Linear(3, 2, bias=False))
    torch.jit.script(mlp).save(f"{out}/mlp.pt")
    torch.jit.script(mlp).save(f"{out}/mlp.pth")
    torch.jit.script(mlp).save(f"{out}/mlp.jit")
    # Traced: the input shape comes from the trace.
    torch.jit.trace(mlp, torch.zeros(1, 4)).save(f"{out}/mlp_traced.pt")
    # nn.ReLU has no NIR mapping.
    relu = nn.Sequential(nn.Linear(4, 3), nn.ReLU())
    torch.jit.script(relu).save(f"{out}/relu.pt")


def run(path, steps, width):
    module = torch.jit.load(path)
    dtype = next(module.buffers()).dtype
    torch.manual_seed(1)
    inputs = (torch.rand(steps, width) < 0.3).to(dtype) * 100.0
    ys = module.forward_sequence(inputs)
    y, state = module(inputs[0])
    print(f"sequence {tuple(ys.shape)} {ys.dtype} spikes {int(ys.sum())}")
    print(f"step {tuple(y.shape)} state {' '.join(sorted(state.keys()))}")


if __name__ == "__main__":
    if sys.argv[1] in ("save", "save-all"):
        save_models(sys.argv[2])
    elif sys.argv[1] == "run":
        run(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        sys.exit(f"unknown command {sys.argv[1]}")
