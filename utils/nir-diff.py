#!/usr/bin/python3
"""Compares two .nir files as NIR graphs, independently of nirtorch's C++ code.

Nodes are matched by name; for each node the type and every field are
compared (shape, dtype and bytes: "bit-identical"), nested graphs
recursively; edges are compared as sets (the file's edge order carries no
meaning). Metadata groups are compared unless --ignore-metadata is given.

Flatten's start_dim/end_dim are compared after resolving negative dims
against its input_type (-1 and rank-1 are the same dim). With
--converted-to DTYPE, a float field of the first file that the second holds
as its exact DTYPE conversion (exact both ways) counts as converted, not as
a difference: what NIR -> .pt -> NIR gives when the raising's dtype option
differs from the file's.

Prints a one-line summary and exits 0 when the graphs are the same, or lists
every difference and exits 1.

Given two directories, compares every .nir file of the first with the one of
the same name in the second (one Python process for a whole batch, e.g. the
outputs of `nirtorch a.nir b.nir -o DIR`), printing "<name>: " before each
summary.

usage: nir-diff.py A.nir|DIR_A B.nir|DIR_B [--ignore-metadata] [--converted-to float32|float64]
"""
import argparse
import os
import sys

import h5py
import numpy as np


def read_text(dataset):
    value = dataset[()]
    return value.decode() if isinstance(value, bytes) else str(value)


class Comparison:
    def __init__(self, ignore_metadata, converted_to=None):
        self.ignore_metadata = ignore_metadata
        self.converted_to = np.dtype(converted_to) if converted_to else None
        self.differences = []
        self.nodes = self.edges = self.arrays = self.bytes = self.converted = 0

    def differ(self, where, what):
        self.differences.append("%s: %s" % (where or "/", what))

    def compare_arrays(self, where, a, b):
        a, b = np.asarray(a), np.asarray(b)
        if a.dtype != b.dtype and self.is_exact_conversion(a, b):
            self.converted += 1
        elif a.dtype != b.dtype:
            self.differ(where, "dtype %s vs %s" % (a.dtype, b.dtype))
        elif a.shape != b.shape:
            self.differ(where, "shape %s vs %s" % (a.shape, b.shape))
        elif a.tobytes() != b.tobytes():
            self.differ(where, "values differ")
        else:
            self.arrays += 1
            self.bytes += a.nbytes

    def is_exact_conversion(self, a, b):
        """b is a's exact conversion to --converted-to, and back."""
        if self.converted_to is None or b.dtype != self.converted_to or \
                a.dtype.kind != "f" or a.shape != b.shape:
            return False
        return a.astype(b.dtype).tobytes() == b.tobytes() and \
            b.astype(a.dtype).tobytes() == a.tobytes()

    def compare_metadata(self, where, a, b):
        if self.ignore_metadata:
            return
        keys_a = set(a.keys()) if a is not None else set()
        keys_b = set(b.keys()) if b is not None else set()
        for key in sorted(keys_a ^ keys_b):
            self.differ(where + "/metadata/" + key, "only in one file")
        for key in sorted(keys_a & keys_b):
            item_a, item_b = a[key], b[key]
            if isinstance(item_a, h5py.Group) or isinstance(item_b, h5py.Group):
                if isinstance(item_a, h5py.Group) and isinstance(item_b, h5py.Group):
                    self.compare_metadata(where + "/metadata/" + key, item_a, item_b)
                else:
                    self.differ(where + "/metadata/" + key, "group vs dataset")
            elif item_a[()] is not None and np.asarray(item_a[()]).dtype.kind in "SOU":
                if read_text(item_a) != read_text(item_b):
                    self.differ(where + "/metadata/" + key, "text differs")
            else:
                self.compare_arrays(where + "/metadata/" + key, item_a[()], item_b[()])

    def compare_graph(self, where, a, b):
        nodes_a, nodes_b = a["nodes"], b["nodes"]
        for name in sorted(set(nodes_a) ^ set(nodes_b)):
            self.differ("%s/%s" % (where, name), "node only in %s" %
                        ("the first file" if name in nodes_a else "the second file"))
        for name in sorted(set(nodes_a) & set(nodes_b)):
            self.compare_node("%s/%s" % (where, name), nodes_a[name], nodes_b[name])
        edges_a = {tuple(read_edge(e) for e in row) for row in a["edges"][()]} \
            if len(a["edges"].shape) == 2 else set()
        edges_b = {tuple(read_edge(e) for e in row) for row in b["edges"][()]} \
            if len(b["edges"].shape) == 2 else set()
        for edge in sorted(edges_a ^ edges_b):
            self.differ(where, "edge %s -> %s only in %s" % (
                edge[0], edge[1], "the first file" if edge in edges_a else "the second file"))
        self.edges += len(edges_a & edges_b)
        self.compare_metadata(where, a.get("metadata"), b.get("metadata"))

    def compare_node(self, where, a, b):
        type_a, type_b = read_text(a["type"]), read_text(b["type"])
        if type_a != type_b:
            self.differ(where, "type %s vs %s" % (type_a, type_b))
            return
        self.nodes += 1
        if type_a == "NIRGraph":
            self.compare_graph(where, a, b)
            return
        fields = (set(a) | set(b)) - {"type", "metadata"}
        if type_a == "Flatten":
            fields -= {"start_dim", "end_dim"}
            dims_a, dims_b = flatten_dims(a), flatten_dims(b)
            if dims_a != dims_b:
                self.differ(where, "flattens dims %s vs %s" % (dims_a, dims_b))
        for field in sorted(fields):
            if field not in a or field not in b:
                self.differ(where + "/" + field, "field only in one file")
            elif isinstance(a[field], h5py.Dataset) and a[field].dtype.kind in "SO":
                if read_text(a[field]) != read_text(b[field]):
                    self.differ(where + "/" + field, "%r vs %r" % (
                        read_text(a[field]), read_text(b[field])))
            else:
                self.compare_arrays(where + "/" + field, a[field][()], b[field][()])
        self.compare_metadata(where, a.get("metadata"), b.get("metadata"))


def flatten_dims(node):
    """Flatten's (start_dim, end_dim), negative dims resolved."""
    rank = len(node["input_type"][()]) if "input_type" in node else 0
    dims = []
    for key in ("start_dim", "end_dim"):
        dim = int(node[key][()]) if key in node else None
        dims.append(dim + rank if dim is not None and dim < 0 else dim)
    return tuple(dims)


def read_edge(name):
    return name.decode() if isinstance(name, bytes) else str(name)


def compare_files(first, second, args):
    """Prints the summary or the differences; True when the graphs agree."""
    comparison = Comparison(args.ignore_metadata, args.converted_to)
    try:
        with h5py.File(first, "r") as a, h5py.File(second, "r") as b:
            comparison.compare_graph("", a["node"], b["node"])
    except (OSError, KeyError) as err:
        print("error: %s" % err)
        return False
    if comparison.differences:
        for line in comparison.differences:
            print(line)
        print("%d differences" % len(comparison.differences))
        return False
    converted = ", %d converted exactly to %s" % (
        comparison.converted, args.converted_to) if args.converted_to else ""
    print("same graph: %d nodes, %d edges, %d arrays (%d bytes) bit-identical%s" % (
        comparison.nodes, comparison.edges, comparison.arrays, comparison.bytes, converted))
    return True


def compare_directories(first, second, args):
    """Compares every .nir file of `first` with the one of the same name in
    `second`, in name order, one "<name>: ..." block each; True when all
    agree and neither directory has a .nir file the other lacks."""
    names_a = sorted(n for n in os.listdir(first) if n.endswith(".nir"))
    names_b = set(n for n in os.listdir(second) if n.endswith(".nir"))
    agree = bool(names_a)
    if not names_a:
        print("error: no .nir file in '%s'" % first)
    for name in names_a:
        print("%s: " % name[:-len(".nir")], end="")
        if name not in names_b:
            print("missing from '%s'" % second)
            agree = False
            continue
        agree = compare_files(os.path.join(first, name),
                              os.path.join(second, name), args) and agree
    for name in sorted(names_b - set(names_a)):
        print("%s: only in '%s'" % (name[:-len(".nir")], second))
        agree = False
    return agree


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("first")
    parser.add_argument("second")
    parser.add_argument("--ignore-metadata", action="store_true")
    parser.add_argument("--converted-to", choices=["float32", "float64"])
    args = parser.parse_args()
    if os.path.isdir(args.first) and os.path.isdir(args.second):
        agree = compare_directories(args.first, args.second, args)
    else:
        agree = compare_files(args.first, args.second, args)
    sys.exit(0 if agree else 1)


if __name__ == "__main__":
    main()
