"""Compares two .nir files as graphs: the same nodes (names and types), the
same edges, the same parameters (names, shapes and dtypes) with values
within --rtol of each other (relative to the larger magnitude of the two
arrays; 0 asks for identical values).

    compare_nir.py a.nir b.nir [--rtol R]

Prints one line with the largest relative difference and where it is;
exits non-zero on any difference beyond that.
"""

import argparse
import sys

import h5py
import numpy as np


def read(path):
    nodes, edges = {}, set()
    with h5py.File(path, "r") as f:
        graph = f["node"]
        for name, node in graph["nodes"].items():
            params = {}
            for key, value in node.items():
                if isinstance(value, h5py.Dataset) and key != "type":
                    params[key] = np.asarray(value[()])
            kind = node["type"][()]
            nodes[name] = (kind.decode() if isinstance(kind, bytes) else str(kind), params)
        text = lambda s: s.decode() if isinstance(s, bytes) else str(s)
        edges = {(text(src), text(dst)) for src, dst in graph["edges"][()]}
    return nodes, edges


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("a")
    parser.add_argument("b")
    parser.add_argument("--rtol", type=float, default=0.0)
    args = parser.parse_args()
    a_nodes, a_edges = read(args.a)
    b_nodes, b_edges = read(args.b)
    if sorted(a_nodes) != sorted(b_nodes):
        sys.exit("nodes differ: %s vs %s" % (sorted(a_nodes), sorted(b_nodes)))
    if a_edges != b_edges:
        sys.exit("edges differ: %s" % sorted(a_edges ^ b_edges))
    worst, where = 0.0, "-"
    for name in sorted(a_nodes):
        a_type, a_params = a_nodes[name]
        b_type, b_params = b_nodes[name]
        if a_type != b_type:
            sys.exit("node %s: type %s vs %s" % (name, a_type, b_type))
        if sorted(a_params) != sorted(b_params):
            sys.exit("node %s: parameters %s vs %s" % (name, sorted(a_params), sorted(b_params)))
        for key in sorted(a_params):
            x, y = a_params[key], b_params[key]
            if x.shape != y.shape or x.dtype != y.dtype:
                sys.exit("node %s, %s: %s %s vs %s %s" % (name, key, x.dtype, x.shape, y.dtype, y.shape))
            if x.dtype.kind not in "fiu":
                if not np.array_equal(x, y):
                    sys.exit("node %s, %s differs" % (name, key))
                continue
            x64, y64 = x.astype(np.float64), y.astype(np.float64)
            scale = max(np.max(np.abs(x64), initial=0.0), np.max(np.abs(y64), initial=0.0))
            diff = np.max(np.abs(x64 - y64), initial=0.0) / scale if scale else 0.0
            if diff > worst:
                worst, where = diff, "%s.%s" % (name, key)
    print("SAME GRAPH: %d nodes, %d edges; largest relative difference %.1e (%s)"
          % (len(a_nodes), len(a_edges), worst, where))
    if worst > args.rtol:
        sys.exit("beyond --rtol %g" % args.rtol)


main()
