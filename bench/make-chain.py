#!/usr/bin/env python3
"""Writes a chain graph `input -> (linear -> lif) x N/2 -> output` as `.nir`.

Usage: make-chain.py N OUT.nir [--width W]

N is the number of middle nodes (rounded up to even); every layer is W wide
(default 4), so the file and the tensors stay small and the time spent goes
to the graph's size. Used to check that every phase of `nirtorch` scales
linearly with the node count, for instance:

    for n in 1000 3000 10000; do
      /usr/bin/python3 bench/make-chain.py $n /tmp/chain$n.nir
      build/bin/nirtorch /tmp/chain$n.nir -o /tmp/chain$n.pt --timing
      build/bin/nirtorch /tmp/chain$n.pt -o /tmp/back$n.nir --timing
    done

Deterministic; needs h5py and numpy.
"""

import argparse

import h5py
import numpy as np

VLEN = h5py.string_dtype()


def write_node(group, node):
    for key, value in node.items():
        if isinstance(value, str):
            group.create_dataset(key, data=value, dtype=VLEN)
        else:
            group.create_dataset(key, data=value)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", type=int, help="middle nodes (linear + lif)")
    parser.add_argument("out", help="the .nir file to write")
    parser.add_argument("--width", type=int, default=4)
    args = parser.parse_args()
    w = args.width
    layers = (args.n + 1) // 2

    weight = (np.arange(w * w, dtype=np.float32).reshape(w, w) % 7 - 3) / 10
    lif = {"type": "LIF", "tau": np.full(w, 0.01, np.float32),
           "r": np.ones(w, np.float32), "v_leak": np.zeros(w, np.float32),
           "v_threshold": np.ones(w, np.float32),
           "v_reset": np.zeros(w, np.float32)}
    edges = []
    with h5py.File(args.out, "w") as f:
        f.create_dataset("version", data="1.0.7", dtype=VLEN)
        root = f.create_group("node")
        root.create_dataset("type", data="NIRGraph", dtype=VLEN)
        nodes = root.create_group("nodes")
        shape = np.array([w], np.int64)
        write_node(nodes.create_group("input"), {"type": "Input", "shape": shape})
        write_node(nodes.create_group("output"),
                   {"type": "Output", "shape": shape})
        previous = "input"
        for i in range(layers):
            fc, neuron = f"fc{i}", f"lif{i}"
            write_node(nodes.create_group(fc),
                       {"type": "Linear", "weight": weight})
            write_node(nodes.create_group(neuron), lif)
            edges += [(previous, fc), (fc, neuron)]
            previous = neuron
        edges.append((previous, "output"))
        root.create_dataset("edges", data=np.array(edges, dtype=VLEN))


if __name__ == "__main__":
    main()
