#!/usr/bin/python3
"""Runs a raised NIR model (.pt written by `nirtorch model.nir -o model.pt`)
on a CSV input (one row per time step) with Python's torch.jit.load, and
prints a short summary: the output spikes per channel and the winner.

usage: run-model.py MODEL.pt INPUT.csv [--dtype float32|float64]
"""
import argparse
import sys

import numpy as np
import torch


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("input")
    parser.add_argument("--dtype", default="float32", choices=["float32", "float64"])
    args = parser.parse_args()
    try:
        model = torch.jit.load(args.model)
    except Exception as err:  # torch raises RuntimeError subclasses
        sys.exit("%s: error: cannot load: %s" % (args.model, str(err).splitlines()[0]))
    try:
        events = np.loadtxt(args.input, delimiter=",", ndmin=2)
    except (OSError, ValueError) as err:
        sys.exit("%s: error: %s" % (args.input, err))
    inputs = torch.from_numpy(events).to(getattr(torch, args.dtype))
    try:
        with torch.no_grad():
            outputs = model.forward_sequence(inputs)
    except Exception as err:  # a shape the model does not take, say
        sys.exit("%s: error: the model cannot run this input (%d time steps x %d channels): %s"
                 % (args.input, inputs.shape[0], inputs.shape[1], str(err).splitlines()[0]))
    counts = outputs.sum(0)
    print("input:  %d time steps x %d channels, %d events"
          % (inputs.shape[0], inputs.shape[1], int(inputs.sum())))
    print("output: %d time steps x %d channels" % tuple(outputs.shape))
    print("spikes per output channel: %s" % " ".join("%d" % c for c in counts.tolist()))
    print("most active output channel: %d" % int(counts.argmax()))


if __name__ == "__main__":
    main()
