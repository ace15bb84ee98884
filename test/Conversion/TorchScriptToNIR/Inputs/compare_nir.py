"""Compares a .nir file with the same graph after NIR -> .pt -> NIR.

Usage: compare_nir.py ORIGINAL ROUNDTRIP [--raised-dtype float32|float64]
       compare_nir.py --dtype ORIGINAL    (prints float64 if any parameter
                                           is float64, else float32)

Same node names and types, the same edges (as a multiset), and every
parameter bit-identical with the same dtype. The raising stores every
parameter in one dtype (its `dtype` option), so a parameter whose dtype
differs from --raised-dtype comes back in that dtype: it must then be the
exact conversion of the original (float32 -> float64 is exact; the reverse
is checked too). Flatten's start_dim/end_dim are compared after resolving
negative dims against input_type, since the raising stores them
non-negative. Prints one line: OK <file>: N nodes, E edges, P parameters
(C converted), or the differences, with exit code 1.
"""
import sys

import h5py
import numpy as np

# Not parameters: the node kind, and graph structure.
STRUCTURE = {"type", "nodes", "edges"}


def read_graph(path):
    root = h5py.File(path, "r")["node"]
    nodes = {}
    for name, group in root["nodes"].items():
        kind = group["type"][()].decode()
        params = {}
        for key, value in group.items():
            if key in STRUCTURE or isinstance(value, h5py.Group):
                continue
            params[key] = value[()]
        nodes[name] = (kind, params)
    edges = sorted(
        tuple(x.decode() if isinstance(x, bytes) else str(x) for x in edge)
        for edge in root["edges"][()]
    )
    return nodes, edges


def normalized_flatten(params):
    rank = len(params["input_type"])
    dims = {}
    for key in ("start_dim", "end_dim"):
        dim = int(params[key])
        dims[key] = dim + rank if dim < 0 else dim
    return dims


def same_bits(a, b):
    a, b = np.asarray(a), np.asarray(b)
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


def compare(original, roundtrip, raised_dtype):
    errors = []
    nodes_a, edges_a = read_graph(original)
    nodes_b, edges_b = read_graph(roundtrip)
    if sorted(nodes_a) != sorted(nodes_b):
        errors.append(f"node names differ: {sorted(nodes_a)} vs {sorted(nodes_b)}")
    if edges_a != edges_b:
        errors.append(f"edges differ: {edges_a} vs {edges_b}")
    params = converted = 0
    for name in sorted(set(nodes_a) & set(nodes_b)):
        kind_a, params_a = nodes_a[name]
        kind_b, params_b = nodes_b[name]
        if kind_a != kind_b:
            errors.append(f"{name}: type {kind_a} vs {kind_b}")
            continue
        if kind_a == "Flatten":
            if normalized_flatten(params_a) != normalized_flatten(params_b):
                errors.append(f"{name}: flatten dims {params_a} vs {params_b}")
            params_a = {k: v for k, v in params_a.items() if k not in ("start_dim", "end_dim")}
            params_b = {k: v for k, v in params_b.items() if k not in ("start_dim", "end_dim")}
        if sorted(params_a) != sorted(params_b):
            errors.append(f"{name}: fields {sorted(params_a)} vs {sorted(params_b)}")
        for key in sorted(set(params_a) & set(params_b)):
            a, b = np.asarray(params_a[key]), np.asarray(params_b[key])
            params += 1
            if same_bits(a, b):
                continue
            # The documented dtype conversion of the raising: exact both ways.
            if (a.dtype != b.dtype and a.dtype.kind == "f" and b.dtype == np.dtype(raised_dtype)
                    and same_bits(a.astype(b.dtype), b) and same_bits(b.astype(a.dtype), a)):
                converted += 1
                continue
            errors.append(f"{name}.{key}: {a.dtype}{list(a.shape)} {a.ravel()[:4]} vs "
                          f"{b.dtype}{list(b.shape)} {b.ravel()[:4]}")
    if errors:
        print(f"FAIL {original}:")
        for error in errors:
            print("  " + error)
        return 1
    print(f"OK {original.split('/')[-1]}: {len(nodes_a)} nodes, {len(edges_a)} edges, "
          f"{params} parameters ({converted} converted)")
    return 0


def float64_params(path):
    found = False

    def visit(_, obj):
        nonlocal found
        if isinstance(obj, h5py.Dataset) and obj.dtype == np.float64:
            found = True

    h5py.File(path, "r").visititems(visit)
    return found


def main(argv):
    if len(argv) == 3 and argv[1] == "--dtype":
        print("float64" if float64_params(argv[2]) else "float32")
        return 0
    if len(argv) not in (3, 5):
        raise SystemExit(__doc__)
    raised_dtype = argv[4] if len(argv) == 5 else "float32"
    return compare(argv[1], argv[2], raised_dtype)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
