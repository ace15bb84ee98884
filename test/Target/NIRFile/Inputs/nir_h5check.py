#!/usr/bin/env python3
"""Checks `.nir` (HDF5) files with h5py for the NIR file tests.

Subcommands:
  compare GOT GOLDEN [--subset] [--ignore-filters]
      Compares the structure of two files: the set of objects, group/dataset
      kinds, datatypes (class, size, byte order, sign, string length kind,
      charset and padding, enum members, float layout), dataspaces (scalar or
      simple, shape), storage (layout, filters, chunk shape, fill time),
      values (edge lists in order), attributes and the superblock version. With --subset, GOT may
      hold extra datasets that the reference reader fills in by default for
      old files (v_reset, w_in, input_shape, input_type) and /version may
      differ.
  manifest GOT MANIFEST KEY [--ignore-filters]
      Compares GOT with the entry KEY of manifest.json (path, kind, dtype,
      shape, filters and, where listed, values; edge lists in order).
  nirread FILE
      Reads FILE as the reference `nir.read` does (hdf2dict + dict2NIRNode +
      type inference and checking) and prints the graph. It stands in for the
      `nir` package, which is not installed. Exits 1 with a message if the
      reference reader would fail.
  chunks FILE
      Checks that every chunked dataset has the chunk shape h5py's own
      heuristic (h5py._hl.filters.guess_chunk) picks for it.
  dump FILE
      Prints every object as `path kind dtype shape filters`.
Exit status: 0 when the check passes, 1 otherwise (differences on stdout).
"""

import json
import sys

import h5py
import numpy as np

DEFAULTED = {"v_reset", "w_in", "input_shape", "input_type"}


# ---------------------------------------------------------------------------
# Describing objects
# ---------------------------------------------------------------------------

def describe_type(tid):
    """A precise, comparable description of an HDF5 datatype."""
    cls = tid.get_class()
    if cls == h5py.h5t.STRING:
        return ("string", "vlen" if tid.is_variable_str() else tid.get_size(),
                {0: "ascii", 1: "utf8"}.get(tid.get_cset(), tid.get_cset()),
                {0: "nullterm", 1: "nullpad", 2: "spacepad"}.get(
                    tid.get_strpad(), tid.get_strpad()))
    if cls == h5py.h5t.INTEGER:
        return ("int", tid.get_size(), tid.get_order(), tid.get_sign())
    if cls == h5py.h5t.FLOAT:
        return ("float", tid.get_size(), tid.get_order(), tid.get_fields(),
                tid.get_ebias())
    if cls == h5py.h5t.ENUM:
        members = tuple((tid.get_member_name(i).decode(),
                         tid.get_member_value(i))
                        for i in range(tid.get_nmembers()))
        return ("enum", describe_type(tid.get_super()), members)
    return ("class", cls, tid.get_size())


def numpy_dtype_name(ds):
    """The manifest's spelling of a dataset's dtype."""
    tid = ds.id.get_type()
    if tid.get_class() == h5py.h5t.STRING:
        kind = "vlen" if tid.is_variable_str() else "fixed"
        cset = "utf8" if tid.get_cset() == 1 else "ascii"
        return f"string({kind},{cset})"
    if tid.get_class() == h5py.h5t.ENUM and ds.dtype == np.bool_:
        return "enum<int8>{FALSE=0,TRUE=1} (numpy bool)"
    return str(ds.dtype)


def filter_names(ds):
    plist = ds.id.get_create_plist()
    names = []
    for i in range(plist.get_nfilters()):
        code = plist.get_filter(i)[0]
        names.append({1: "gzip", 2: "shuffle", 3: "fletcher32",
                      4: "szip", 32000: "lzf"}.get(code, str(code)))
    return names


def describe_storage(ds):
    plist = ds.id.get_create_plist()
    layout = plist.get_layout()
    filters = [plist.get_filter(i)[:3] for i in range(plist.get_nfilters())]
    chunk = plist.get_chunk() if layout == h5py.h5d.CHUNKED else None
    return {"layout": layout, "filters": filters, "chunk": chunk,
            "fill_time": plist.get_fill_time()}


def space_of(ds):
    space = ds.id.get_space()
    kind = space.get_simple_extent_type()
    return ("scalar", ()) if kind == h5py.h5s.SCALAR else \
        ("simple", tuple(ds.shape)) if kind == h5py.h5s.SIMPLE else ("null", ())


def value_of(ds):
    value = ds[()]
    if isinstance(value, bytes):
        return value.decode("utf8")
    if isinstance(value, np.ndarray) and value.dtype.kind == "O":
        return np.vectorize(lambda v: v.decode("utf8")
                            if isinstance(v, bytes) else v,
                            otypes=[object])(value)
    return value


def values_equal(a, b):
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        if a.shape != b.shape:
            return False
        if a.dtype.kind == "f" and b.dtype.kind == "f":
            return bool(np.array_equal(a, b, equal_nan=True))
        return bool(np.array_equal(a, b))
    return a == b


def edge_list(value):
    value = np.asarray(value, dtype=object)
    return [] if value.size == 0 else [tuple(row) for row in value.tolist()]


def walk(path):
    """All objects of a file: {path: object description}."""
    objects = {}
    with h5py.File(path, "r") as f:
        objects["<superblock>"] = f.id.get_create_plist().get_version()

        def visit(name, obj):
            full = "/" + name if name else "/"
            entry = {"kind": "group" if isinstance(obj, h5py.Group)
                     else "dataset", "attrs": sorted(obj.attrs.keys())}
            if isinstance(obj, h5py.Dataset):
                entry["type"] = describe_type(obj.id.get_type())
                entry["space"] = space_of(obj)
                entry["storage"] = describe_storage(obj)
                entry["value"] = value_of(obj)
            objects[full] = entry

        visit("", f)
        f.visititems(visit)
    return objects


# ---------------------------------------------------------------------------
# compare / manifest / dump
# ---------------------------------------------------------------------------

def compare(got_path, golden_path, subset, ignore_filters):
    got, golden = walk(got_path), walk(golden_path)
    problems = []
    if got["<superblock>"] != golden["<superblock>"]:
        problems.append(f"superblock versions {got['<superblock>']} != "
                        f"{golden['<superblock>']}")
    for path in sorted(set(got) | set(golden)):
        if path == "<superblock>":
            continue
        if path not in got:
            problems.append(f"{path}: missing")
            continue
        if path not in golden:
            if not (subset and path.rsplit("/", 1)[-1] in DEFAULTED):
                problems.append(f"{path}: unexpected")
            continue
        a, b = got[path], golden[path]
        for key in ("kind", "attrs", "type", "space"):
            if a.get(key) != b.get(key):
                problems.append(f"{path}: {key} {a.get(key)} != {b.get(key)}")
        if a["kind"] != "dataset" or b["kind"] != "dataset":
            continue
        if subset and path == "/version":
            continue
        if not ignore_filters and a["storage"] != b["storage"]:
            problems.append(f"{path}: storage {a['storage']} != "
                            f"{b['storage']}")
        if path.endswith("/edges") and a["type"][0] == "string":
            if edge_list(a["value"]) != edge_list(b["value"]):
                problems.append(f"{path}: edges differ: {edge_list(a['value'])}"
                                f" != {edge_list(b['value'])}")
        elif not values_equal(a["value"], b["value"]):
            problems.append(f"{path}: values differ")
    return problems


def manifest(got_path, manifest_path, key, ignore_filters):
    with open(manifest_path) as f:
        expected = {entry["path"]: entry for entry in json.load(f)[key]}
    problems = []
    with h5py.File(got_path, "r") as f:
        seen = {"/"}
        f.visit(lambda name: seen.add("/" + name))
        for path in sorted(seen | set(expected)):
            if path not in expected:
                problems.append(f"{path}: not in the manifest")
                continue
            if path not in seen:
                problems.append(f"{path}: missing")
                continue
            entry, obj = expected[path], f[path]
            kind = "group" if isinstance(obj, h5py.Group) else "dataset"
            if kind != entry["kind"]:
                problems.append(f"{path}: kind {kind} != {entry['kind']}")
                continue
            if dict(obj.attrs) != entry.get("attrs", {}):
                problems.append(f"{path}: attributes {dict(obj.attrs)}")
            if kind == "group":
                continue
            if numpy_dtype_name(obj) != entry["dtype"]:
                problems.append(f"{path}: dtype {numpy_dtype_name(obj)} != "
                                f"{entry['dtype']}")
            if list(obj.shape) != entry["shape"]:
                problems.append(f"{path}: shape {list(obj.shape)} != "
                                f"{entry['shape']}")
            if not ignore_filters and filter_names(obj) != entry["filters"]:
                problems.append(f"{path}: filters {filter_names(obj)} != "
                                f"{entry['filters']}")
            if "value" in entry:
                value = value_of(obj)
                if isinstance(value, np.ndarray):
                    value = value.tolist()
                elif isinstance(value, np.generic):
                    value = value.item()
                want = entry["value"]
                if path.endswith("/edges") and entry["dtype"].startswith(
                        "string"):
                    same = edge_list(value) == edge_list(want)
                elif isinstance(want, list) or isinstance(value, list):
                    same = values_equal(np.array(value, dtype=object),
                                        np.array(want, dtype=object))
                else:
                    same = value == want
                if not same:
                    problems.append(f"{path}: value {value} != {want}")
    return problems


def chunks(path):
    from h5py._hl.filters import guess_chunk
    problems, count = [], 0
    with h5py.File(path, "r") as f:
        def check(name, obj):
            nonlocal count
            if isinstance(obj, h5py.Dataset) and obj.chunks is not None:
                count += 1
                want = guess_chunk(obj.shape, None, obj.dtype.itemsize)
                if tuple(obj.chunks) != tuple(want):
                    problems.append(f"/{name}: chunks {obj.chunks} != {want}")
        f.visititems(check)
    if count == 0:
        problems.append("no chunked dataset")
    return problems


def dump(path):
    with h5py.File(path, "r") as f:
        def show(name, obj):
            if isinstance(obj, h5py.Group):
                print(f"/{name} group")
            else:
                shape = "scalar" if obj.shape == () else \
                    "x".join(map(str, obj.shape)) or "0"
                filters = ",".join(filter_names(obj)) or "-"
                print(f"/{name} dataset {numpy_dtype_name(obj)} {shape} "
                      f"{filters}")
        show("", f)
        f.visititems(show)


# ---------------------------------------------------------------------------
# nirread: the reference reader in miniature
# ---------------------------------------------------------------------------

FIELDS = {  # type -> (required, optional-with-default)
    "Input": ({"shape"}, set()),
    "Output": ({"shape"}, set()),
    "Affine": ({"weight", "bias"}, set()),
    "Linear": ({"weight"}, set()),
    "Scale": ({"scale"}, set()),
    "Conv1d": ({"input_shape", "weight", "stride", "padding", "dilation",
                "groups", "bias"}, set()),
    "Conv2d": ({"input_shape", "weight", "stride", "padding", "dilation",
                "groups", "bias"}, set()),
    "SumPool2d": ({"kernel_size", "stride", "padding"}, set()),
    "AvgPool2d": ({"kernel_size", "stride", "padding"}, set()),
    "Flatten": ({"start_dim", "end_dim"}, {"input_type"}),
    "Delay": ({"delay"}, set()),
    "Threshold": ({"threshold"}, set()),
    "I": ({"r"}, set()),
    "IF": ({"r", "v_threshold"}, {"v_reset"}),
    "LI": ({"tau", "r", "v_leak"}, set()),
    "LIF": ({"tau", "r", "v_leak", "v_threshold"}, {"v_reset"}),
    "CubaLI": ({"tau_syn", "tau_mem", "r", "v_leak"}, {"w_in"}),
    "CubaLIF": ({"tau_syn", "tau_mem", "r", "v_leak", "v_threshold"},
                {"v_reset", "w_in"}),
}


class ReadError(Exception):
    pass


def hdf2dict(group):
    """nir.serialization.hdf2dict."""
    out = {}
    for key, item in group.items():
        if isinstance(item, h5py.Group):
            out[key] = hdf2dict(item)
        else:
            value = item[()]
            out[key] = value.decode("utf8") if isinstance(value, bytes) \
                else value
    return out


def conv_out(n, k, s, p, d):
    return (n + 2 * p - d * (k - 1) - 1) // s + 1


def build_node(name, d, path):
    kind = d.get("type")
    if kind == "NIRGraph":
        return build_graph(d, path)
    if kind not in FIELDS:
        raise ReadError(f"{path}: unknown type {kind!r}")
    required, optional = FIELDS[kind]
    fields = set(d) - {"type", "metadata"}
    if required - fields:
        raise ReadError(f"{path}: missing {sorted(required - fields)}")
    if fields - required - optional:
        raise ReadError(f"{path}: unexpected {sorted(fields - required - optional)}")
    node = {"type": kind, "d": d}
    shape = lambda v: list(np.asarray(v).shape)
    if kind in ("Input", "Output"):
        s = [int(x) for x in np.asarray(d["shape"]).reshape(-1)]
        node["in"], node["out"] = s, s
    elif kind in ("Affine", "Linear"):
        w = shape(d["weight"])
        if len(w) < 2:
            raise ReadError(f"{path}: weight must have ndim >= 2")
        node["in"], node["out"] = w[:-2] + [w[-1]], w[:-2] + [w[-2]]
    elif kind in ("Conv1d", "Conv2d"):
        w = shape(d["weight"])
        n = np.atleast_1d(d["input_shape"]).tolist()
        node["in"] = [w[1]] + n
        pad = d["padding"]
        strides = np.broadcast_to(np.asarray(d["stride"]), (len(n),))
        dil = np.broadcast_to(np.asarray(d["dilation"]), (len(n),))
        out = []
        for axis in range(len(n)):
            if isinstance(pad, str):
                out.append(n[axis] if pad == "same" else
                           conv_out(n[axis], w[2], int(strides[axis]), 0,
                                    int(dil[axis])))
            else:
                p = np.broadcast_to(np.asarray(pad), (len(n),))
                out.append(conv_out(n[axis], w[2], int(strides[axis]),
                                    int(p[axis]), int(dil[axis])))
        node["out"] = [w[0]] + out
    elif kind in ("SumPool2d", "AvgPool2d"):
        node["in"], node["out"] = None, None
    elif kind == "Flatten":
        node["in"] = None if "input_type" not in d else \
            [int(x) for x in d["input_type"]]
        node["out"] = None
    else:
        key = {"Scale": "scale", "Delay": "delay", "Threshold": "threshold",
               "CubaLI": "v_leak", "CubaLIF": "v_threshold"}.get(kind, "r")
        s = shape(d[key])
        for field in required | optional:
            if field in d and field != "w_in" and shape(d[field]) != s:
                raise ReadError(f"{path}: {field} has shape {shape(d[field])}")
        node["in"], node["out"] = s, s
    return node


def infer_output(node):
    d, kind, i = node["d"], node["type"], node["in"]
    if kind in ("SumPool2d", "AvgPool2d"):
        k, s, p = (np.asarray(d[x]).tolist() for x in
                   ("kernel_size", "stride", "padding"))
        return [i[0]] + [conv_out(i[1 + a], k[a], s[a], p[a], 1)
                         for a in range(2)]
    if kind == "Flatten":
        start, end = int(d["start_dim"]), int(d["end_dim"])
        end = end if end >= 0 else len(i) + end
        return i[:start] + [int(np.prod(i[start:end + 1]))] + i[end + 1:]
    return node["out"]


def build_graph(d, path):
    if "nodes" not in d or "edges" not in d:
        raise ReadError(f"{path}: a NIRGraph needs nodes and edges")
    nodes = {k: build_node(k, v, f"{path}/nodes/{k}")
             for k, v in d["nodes"].items()}
    edges = [] if np.asarray(d["edges"]).size == 0 else \
        [tuple(x.decode() if isinstance(x, bytes) else x for x in e)
         for e in d["edges"]]
    for a, b in edges:
        if a not in nodes or b not in nodes:
            raise ReadError(f"{path}: edge {a!r} -> {b!r} names a missing "
                            "node (KeyError)")
    graph = {"type": "NIRGraph", "nodes": nodes, "edges": edges,
             "metadata": d.get("metadata", {})}
    inputs = [n for n in nodes.values() if n["type"] == "Input"]
    outputs = [n for n in nodes.values() if n["type"] == "Output"]
    graph["in"] = inputs[0]["in"] if len(inputs) == 1 else None
    graph["out"] = outputs[0]["out"] if len(outputs) == 1 else None
    # Forward inference from the Input nodes, then check every edge.
    ready = [e for e in edges if nodes[e[0]]["type"] == "Input"]
    if nodes and not ready:
        raise ReadError(f"{path}: no edge leaves an Input node")
    seen = {e[0] for e in ready}
    while ready:
        a, b = ready.pop()
        pre, post = nodes[a], nodes[b]
        if post["in"] is None:
            post["in"] = pre["out"]
        if post["out"] is None:
            post["out"] = infer_output(post)
        seen.add(b)
        ready += [e for e in edges if e[0] == b and e[1] not in seen]
    for a, b in edges:
        if nodes[a]["out"] is None or nodes[b]["in"] is None or \
                list(nodes[a]["out"]) != list(nodes[b]["in"]):
            raise ReadError(f"{path}: type mismatch: {a}.output: "
                            f"{nodes[a]['out']} -> {b}.input: {nodes[b]['in']}")
    return graph


def print_metadata(d, indent, prefix=""):
    for key in sorted(d):
        value = d[key]
        if isinstance(value, dict):
            print_metadata(value, indent, f"{prefix}{key}.")
            continue
        kind = type(value).__name__
        if isinstance(value, np.ndarray):
            kind += f"[{value.dtype}]"
            value = value.tolist()
        print(f"{indent}metadata {prefix}{key} = {value!r} ({kind})")


def print_graph(graph, indent=""):
    print_metadata(graph.get("metadata", {}), indent)
    for name in sorted(graph["nodes"]):
        node = graph["nodes"][name]
        print(f"{indent}node {name} {node['type']} in={node['in']} "
              f"out={node['out']}")
        if node["type"] == "NIRGraph":
            print_graph(node, indent + "  ")
    for a, b in graph["edges"]:
        print(f"{indent}edge {a} -> {b}")


def nirread(path):
    with h5py.File(path, "r") as f:
        if "node" not in f:
            raise ReadError("no /node group")
        version = f["version"][()].decode("utf8") if "version" in f else None
        graph = build_node("node", hdf2dict(f["node"]), "/node")
    print(f"version {version}")
    print_graph(graph)


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    command, args = argv[1], argv[2:]
    flags = {a for a in args if a.startswith("--")}
    args = [a for a in args if not a.startswith("--")]
    if command == "dump":
        dump(args[0])
        return 0
    if command == "nirread":
        try:
            nirread(args[0])
        except (ReadError, KeyError, ValueError, TypeError) as error:
            print(f"nir.read would fail: {error}")
            return 1
        return 0
    if command == "chunks":
        problems = chunks(args[0])
    elif command == "compare":
        problems = compare(args[0], args[1], "--subset" in flags,
                           "--ignore-filters" in flags)
    elif command == "manifest":
        problems = manifest(args[0], args[1], args[2],
                            "--ignore-filters" in flags)
    else:
        print(__doc__)
        return 2
    for problem in problems:
        print(problem)
    print("MISMATCH" if problems else "MATCH")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
