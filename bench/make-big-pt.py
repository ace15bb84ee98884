#!/usr/bin/python3
"""Writes a TorchScript archive with about SIZE GiB of float32 weights, to
measure the memory and time of importing large models.

    /usr/bin/python3 bench/make-big-pt.py OUT.pt [--gib 1.0] [--width 4096]

The model is a scripted torch.nn.Sequential of Linear(width, width) layers
(with biases), enough of them to total --gib GiB, saved with torch.jit.save.
Lower it with, e.g.

    /usr/bin/time -v build/bin/nirtorch OUT.pt -o OUT.nir --input-shape=4096 \\
        --timing
    /usr/bin/time -v build/bin/nir-translate --import-torchscript OUT.pt \\
        -o /dev/null

and compare "Maximum resident set size" with the archive's size. Loading it
in Python for comparison:

    /usr/bin/time -v /usr/bin/python3 -c \\
        "import torch; torch.jit.load('OUT.pt')"
"""

import argparse

import torch


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output")
    parser.add_argument("--gib", type=float, default=1.0)
    parser.add_argument("--width", type=int, default=4096)
    args = parser.parse_args()

    layer_bytes = (args.width * args.width + args.width) * 4
    count = max(1, round(args.gib * 2**30 / layer_bytes))
    torch.manual_seed(0)
    with torch.no_grad():
        layers = []
        for _ in range(count):
            # skip_init: the default initialisation of 1 GiB takes minutes.
            layer = torch.nn.utils.skip_init(torch.nn.Linear, args.width,
                                             args.width)
            layer.weight.normal_(0.0, args.width**-0.5)
            layer.bias.zero_()
            layers.append(layer)
    model = torch.jit.script(torch.nn.Sequential(*layers).eval())
    torch.jit.save(model, args.output)
    print(f"{args.output}: {count} x Linear({args.width}, {args.width}), "
          f"{count * layer_bytes / 2**30:.3f} GiB of weights")


if __name__ == "__main__":
    main()
