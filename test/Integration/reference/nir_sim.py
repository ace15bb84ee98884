#!/usr/bin/python3
"""Independent discrete-time reference simulator for NIR graph files.

This is the test oracle for the TorchScript modules that nirtorch raises from
NIR.  It is deliberately independent of the C++ code and of the `nir` Python
package: it reads the HDF5 layout of a `.nir` file directly with h5py and
simulates the graph with numpy, following the discrete semantics written in
README.md (next to this file).  Only numpy and h5py are needed (run it with
Debian's /usr/bin/python3).

Module use::

    import nir_sim
    g = nir_sim.load("model.nir")
    y = nir_sim.simulate(g, x)                      # x: (T, *shape) or (T, B, *shape)
    y, rec = nir_sim.simulate(g, x, record=True)    # rec: {"node/path": (T, [B,] *shape)}

Command line::

    nir_sim.py model.nir --input in.npy [--dt DT] [--dtype float32|float64]
               [--reset value|subtract] [--record] --output out.npz
"""

import argparse
import itertools
import sys

import h5py
import numpy as np

__all__ = [
    "DEFAULT_DT",
    "NIRSimError",
    "NIRFileError",
    "SimulationError",
    "Node",
    "Graph",
    "load",
    "schedule",
    "simulate",
    "main",
]

DEFAULT_DT = 1e-4
"""Time step used when neither the caller nor /node/metadata/dt gives one."""


# ----------------------------------------------------------------------------
# Errors


class NIRSimError(Exception):
    """Base class of every error raised by this module."""


class NIRFileError(NIRSimError):
    """A malformed or unsupported `.nir` file.

    `file` is the file name and `h5path` the HDF5 path of the offending object
    (group, dataset, or the edge dataset that names a missing node)."""

    def __init__(self, file, h5path, msg):
        self.file = str(file)
        self.h5path = h5path
        self.msg = msg
        super().__init__("%s: %s: %s" % (self.file, h5path, msg))


class SimulationError(NIRSimError):
    """Bad simulation arguments (inputs, options) or a shape mismatch found
    while running a node."""


# ----------------------------------------------------------------------------
# Node catalogue: required and optional datasets per node type (besides
# `type` and the optional `metadata` group).

_NEURON_TYPES = ("I", "IF", "LI", "LIF", "CubaLI", "CubaLIF")

_FIELDS = {
    "Input": (("shape",), ()),
    "Output": (("shape",), ()),
    "Affine": (("weight", "bias"), ()),
    "Linear": (("weight",), ()),
    "Scale": (("scale",), ()),
    "Conv1d": (("input_shape", "weight", "stride", "padding", "dilation", "groups", "bias"), ()),
    "Conv2d": (("input_shape", "weight", "stride", "padding", "dilation", "groups", "bias"), ()),
    "SumPool2d": (("kernel_size", "stride", "padding"), ()),
    "AvgPool2d": (("kernel_size", "stride", "padding"), ()),
    "Flatten": ((), ("input_type", "start_dim", "end_dim")),
    "Delay": (("delay",), ()),
    "Threshold": (("threshold",), ()),
    "I": (("r",), ()),
    "IF": (("r", "v_threshold"), ("v_reset",)),
    "LI": (("tau", "r", "v_leak"), ()),
    "LIF": (("tau", "r", "v_leak", "v_threshold"), ("v_reset",)),
    "CubaLI": (("tau_syn", "tau_mem", "r", "v_leak"), ("w_in",)),
    "CubaLIF": (("tau_syn", "tau_mem", "r", "v_leak", "v_threshold"), ("v_reset", "w_in")),
}

# Datasets that the reference reader accepts for a type because they are
# (non-serialized) dataclass fields; they are ignored here.
_IGNORED_FIELDS = {
    "Conv1d": ("input_type", "output_type"),
    "SumPool2d": ("input_type", "output_type"),
}

NODE_TYPES = tuple(sorted(list(_FIELDS) + ["NIRGraph"]))


# ----------------------------------------------------------------------------
# Small HDF5 decoding helpers


def _decode(value):
    """bytes / numpy bytes / numpy str / 0-d array -> str, or None."""
    if isinstance(value, np.ndarray):
        if value.shape != ():
            return None
        value = value[()]
    if isinstance(value, (bytes, np.bytes_)):
        try:
            return bytes(value).rstrip(b"\x00").decode("utf-8")
        except UnicodeDecodeError:
            return None
    if isinstance(value, (str, np.str_)):
        return str(value)
    return None


def _is_string_dataset(ds):
    return h5py.check_string_dtype(ds.dtype) is not None or ds.dtype.kind in ("S", "U", "O")


class _Reader:
    """Reads one file; every error names the file and the HDF5 path."""

    def __init__(self, filename):
        self.filename = str(filename)

    def error(self, h5path, msg):
        return NIRFileError(self.filename, h5path, msg)

    def read_string(self, ds):
        if not isinstance(ds, h5py.Dataset):
            raise self.error(ds.name, "expected a string dataset, found a group")
        if not _is_string_dataset(ds) or ds.shape not in ((), (1,)):
            raise self.error(ds.name, "expected a scalar string dataset, found %s %s" % (ds.dtype, ds.shape))
        s = _decode(ds[()] if ds.shape == () else ds[0])
        if s is None:
            raise self.error(ds.name, "cannot decode the string value")
        return s

    def read_numeric(self, ds):
        if not isinstance(ds, h5py.Dataset):
            raise self.error(ds.name, "expected a numeric dataset, found a group")
        if ds.dtype.kind not in "biuf":
            raise self.error(ds.name, "expected a numeric dataset, found dtype %s" % ds.dtype)
        return np.array(ds[()])

    def read_int_tuple(self, ds, n, minimum):
        """A scalar or an n-element integer dataset -> tuple of n Python ints."""
        arr = self.read_numeric(ds)
        if arr.ndim == 0 or arr.size == 1:
            vals = [arr.reshape(-1)[0]] * n
        elif arr.shape == (n,):
            vals = list(arr)
        else:
            raise self.error(ds.name, "expected a scalar or %d integers, found shape %s" % (n, arr.shape))
        out = []
        for v in vals:
            if not np.isfinite(v) or float(v) != int(v):
                raise self.error(ds.name, "expected integers, found %r" % (v,))
            if int(v) < minimum:
                raise self.error(ds.name, "value %d is below the minimum %d" % (int(v), minimum))
            out.append(int(v))
        return tuple(out)

    def read_int(self, ds):
        arr = self.read_numeric(ds)
        if arr.size != 1 or arr.ndim > 1:
            raise self.error(ds.name, "expected an integer scalar, found shape %s" % (arr.shape,))
        v = arr.reshape(-1)[0]
        if not np.isfinite(v) or float(v) != int(v):
            raise self.error(ds.name, "expected an integer, found %r" % (v,))
        return int(v)

    def read_shape(self, ds):
        arr = self.read_numeric(ds)
        if arr.ndim != 1:
            raise self.error(ds.name, "expected a 1-D integer shape, found shape %s" % (arr.shape,))
        out = []
        for v in arr:
            if not np.isfinite(v) or float(v) != int(v) or int(v) < 0:
                raise self.error(ds.name, "invalid dimension %r" % (v,))
            out.append(int(v))
        return tuple(out)


# ----------------------------------------------------------------------------
# The loaded model


class Node:
    """A primitive (non-graph) node.

    `type` is the NIR type name, `name` the node name within its graph,
    `h5path` its group in the file and `params` the parsed fields: numeric
    parameters as numpy arrays in the file's dtype, integer settings as Python
    ints / tuples (conv/pool), Conv padding as a tuple or "same"/"valid"."""

    def __init__(self, name, type_, params, h5path):
        self.name = name
        self.type = type_
        self.params = params
        self.h5path = h5path

    def __repr__(self):
        return "Node(%r, %s)" % (self.name, self.type)

    def nominal_input_shape(self):
        """The batch-less input shape implied by the parameters, or None."""
        p = self.params
        t = self.type
        if t in ("Input", "Output"):
            return p["shape"]
        if t in ("Affine", "Linear"):
            w = p["weight"]
            return tuple(w.shape[:-2]) + (w.shape[-1],)
        if t == "Scale":
            return p["scale"].shape
        if t == "Delay":
            return p["delay"].shape
        if t == "Threshold":
            return p["threshold"].shape
        if t in _NEURON_TYPES:
            return p["r"].shape
        if t in ("Conv1d", "Conv2d"):
            w = p["weight"]
            return (w.shape[1] * p["groups"],) + tuple(p["input_shape"])
        if t == "Flatten":
            return p["input_type"]
        return None


class Graph:
    """A NIRGraph: `nodes` maps names (sorted) to Node or nested Graph,
    `edges` is the list of (src, dst) name pairs in file order, `dt` the
    value of metadata/dt (top level only matters) or None."""

    type = "NIRGraph"

    def __init__(self, name, file, h5path):
        self.name = name
        self.file = file
        self.h5path = h5path
        self.nodes = {}
        self.edges = []
        self.dt = None
        # ((src_name, src_port_or_None), (dst_name, dst_port_or_None)) per edge
        self._resolved = []
        self._flat = None

    def __repr__(self):
        return "Graph(%r, %d nodes, %d edges)" % (self.name, len(self.nodes), len(self.edges))

    @property
    def input_names(self):
        """Names of this graph's Input nodes, in name order."""
        return sorted(n for n, v in self.nodes.items() if v.type == "Input")

    @property
    def output_names(self):
        """Names of this graph's Output nodes, in name order."""
        return sorted(n for n, v in self.nodes.items() if v.type == "Output")

    @property
    def input_shapes(self):
        return [self.nodes[n].params["shape"] for n in self.input_names]

    @property
    def output_shapes(self):
        return [self.nodes[n].params["shape"] for n in self.output_names]


# ----------------------------------------------------------------------------
# Loading


def load(path):
    """Read a `.nir` file into a Graph.  Raises NIRFileError for anything
    malformed (the message names the file and the HDF5 path)."""
    reader = _Reader(path)
    try:
        f = h5py.File(path, "r")
    except (OSError, ValueError) as exc:
        raise reader.error("/", "cannot open as an HDF5 file (%s)" % exc)
    with f:
        if "node" not in f:
            raise reader.error("/node", "missing (not a NIR graph file)")
        root = f["node"]
        if not isinstance(root, h5py.Group):
            raise reader.error("/node", "expected a group")
        if "type" not in root:
            raise reader.error("/node/type", "missing")
        rtype = reader.read_string(root["type"])
        if rtype != "NIRGraph":
            raise reader.error("/node/type", "the root node must be a NIRGraph, found %r" % rtype)
        graph = _read_graph(reader, root, "", top=True)
        graph.dt = _read_dt(reader, root)
    return graph


def _read_dt(reader, group):
    if "metadata" not in group or not isinstance(group["metadata"], h5py.Group):
        return None
    md = group["metadata"]
    if "dt" not in md:
        return None
    ds = md["dt"]
    arr = reader.read_numeric(ds)
    if arr.size != 1:
        raise reader.error(ds.name, "metadata dt must be a scalar, found shape %s" % (arr.shape,))
    dt = float(arr.reshape(-1)[0])
    if not np.isfinite(dt) or dt <= 0:
        raise reader.error(ds.name, "metadata dt must be positive and finite, found %r" % dt)
    return dt


def _read_graph(reader, group, name, top=False):
    g = Graph(name, reader.filename, group.name)
    for key in group:
        if key not in ("type", "nodes", "edges", "metadata"):
            raise reader.error(group[key].name, "unexpected dataset or group %r in a NIRGraph" % key)
    if "nodes" not in group:
        raise reader.error(group.name + "/nodes", "missing (required for NIRGraph)")
    nodes_grp = group["nodes"]
    if not isinstance(nodes_grp, h5py.Group):
        raise reader.error(nodes_grp.name, "expected a group")
    for nname in sorted(nodes_grp.keys()):
        ngrp = nodes_grp[nname]
        if not isinstance(ngrp, h5py.Group):
            raise reader.error(ngrp.name, "expected a node group, found a dataset")
        if "type" not in ngrp:
            raise reader.error(ngrp.name + "/type", "missing node type")
        ntype = reader.read_string(ngrp["type"])
        if ntype == "NIRGraph":
            g.nodes[nname] = _read_graph(reader, ngrp, nname)
        elif ntype in _FIELDS:
            g.nodes[nname] = _read_node(reader, ngrp, nname, ntype)
        else:
            raise reader.error(ngrp.name + "/type", "unknown node type %r (known: %s)"
                               % (ntype, ", ".join(NODE_TYPES)))
    if "edges" not in group:
        raise reader.error(group.name + "/edges", "missing (required for NIRGraph)")
    g.edges = _read_edges(reader, group["edges"])
    _resolve_edges(reader, g, group["edges"].name, top)
    return g


def _read_edges(reader, ds):
    if not isinstance(ds, h5py.Dataset):
        raise reader.error(ds.name, "expected a dataset")
    if ds.size == 0:
        return []  # an empty edge list may be written as float64 (0,)
    if not _is_string_dataset(ds) or ds.ndim != 2 or ds.shape[1] != 2:
        raise reader.error(ds.name, "expected an (E, 2) string dataset, found %s %s" % (ds.dtype, ds.shape))
    raw = ds[()]
    edges = []
    for i in range(raw.shape[0]):
        pair = []
        for j in range(2):
            s = _decode(raw[i, j])
            if s is None:
                raise reader.error(ds.name, "edge %d: cannot decode the node name" % i)
            pair.append(s)
        edges.append(tuple(pair))
    return edges


def _resolve_endpoint(reader, g, name, is_src, edges_path, idx):
    """An edge endpoint -> (node name, port name or None).

    The exact node name is tried first (names may contain dots, as in the
    braille files); only then a "G.P" split into a nested graph G and its
    Output (source side) or Input (destination side) node P."""
    role = "source" if is_src else "destination"
    port_type = "Output" if is_src else "Input"
    if name in g.nodes:
        node = g.nodes[name]
        if isinstance(node, Graph):
            ports = node.output_names if is_src else node.input_names
            if len(ports) != 1:
                raise reader.error(edges_path, "edge %d: %s %r is a nested graph with %d %s nodes; "
                                   "use '%s.<port>'" % (idx, role, name, len(ports), port_type, name))
            return (name, ports[0])
        return (name, None)
    for pos in range(len(name)):
        if name[pos] != ".":
            continue
        gname, port = name[:pos], name[pos + 1:]
        sub = g.nodes.get(gname)
        if isinstance(sub, Graph) and port in sub.nodes and sub.nodes[port].type == port_type:
            return (gname, port)
    raise reader.error(edges_path, "edge %d: %s %r is not a node of this graph (nodes: %s)"
                       % (idx, role, name, ", ".join(sorted(g.nodes)) or "none"))


def _resolve_edges(reader, g, edges_path, top):
    g._resolved = []
    for idx, (src, dst) in enumerate(g.edges):
        s = _resolve_endpoint(reader, g, src, True, edges_path, idx)
        d = _resolve_endpoint(reader, g, dst, False, edges_path, idx)
        if d[1] is None and g.nodes[d[0]].type == "Input" and top:
            raise reader.error(edges_path, "edge %d: %r -> %r enters a top-level Input node, whose value "
                               "is the graph input" % (idx, src, dst))
        g._resolved.append((s, d))


def _read_node(reader, grp, name, ntype):
    required, optional = _FIELDS[ntype]
    ignored = _IGNORED_FIELDS.get(ntype, ())
    for key in grp:
        if key in ("type", "metadata") or key in required or key in optional or key in ignored:
            continue
        raise reader.error(grp[key].name, "unexpected field %r for a %s node" % (key, ntype))
    for key in required:
        if key not in grp:
            raise reader.error(grp.name + "/" + key, "missing required field %r of a %s node" % (key, ntype))
    P = {}
    path = grp.name

    def num(key):
        return reader.read_numeric(grp[key])

    if ntype in ("Input", "Output"):
        P["shape"] = reader.read_shape(grp["shape"])
    elif ntype in ("Affine", "Linear"):
        w = num("weight")
        if w.ndim < 2:
            raise reader.error(grp["weight"].name, "weight must have at least 2 dims, found shape %s" % (w.shape,))
        P["weight"] = w
        if ntype == "Affine":
            b = num("bias")
            while b.ndim > w.ndim - 1 and b.shape[0] == 1:
                b = b[0]  # e.g. a (1, N_out) bias
            try:
                ok = np.broadcast_shapes(b.shape, tuple(w.shape[:-1])) == tuple(w.shape[:-1])
            except ValueError:
                ok = False
            if not ok:
                raise reader.error(grp["bias"].name, "bias shape %s does not broadcast to %s"
                                   % (b.shape, tuple(w.shape[:-1])))
            P["bias"] = b
    elif ntype == "Scale":
        P["scale"] = num("scale")
    elif ntype == "Threshold":
        P["threshold"] = num("threshold")
    elif ntype == "Delay":
        d = num("delay")
        if not np.all(np.isfinite(d)) or np.any(d < 0):
            raise reader.error(grp["delay"].name, "delays must be finite and non-negative")
        P["delay"] = d
    elif ntype in ("Conv1d", "Conv2d"):
        nd = 1 if ntype == "Conv1d" else 2
        w = num("weight")
        if w.ndim != nd + 2:
            raise reader.error(grp["weight"].name, "a %s weight must have %d dims, found shape %s"
                               % (ntype, nd + 2, w.shape))
        P["weight"] = w
        P["input_shape"] = reader.read_int_tuple(grp["input_shape"], nd, 1)
        P["stride"] = reader.read_int_tuple(grp["stride"], nd, 1)
        P["dilation"] = reader.read_int_tuple(grp["dilation"], nd, 1)
        pds = grp["padding"]
        if isinstance(pds, h5py.Dataset) and _is_string_dataset(pds):
            pad = reader.read_string(pds)
            if pad not in ("same", "valid"):
                raise reader.error(pds.name, "padding string must be 'same' or 'valid', found %r" % pad)
            P["padding"] = pad
        else:
            P["padding"] = reader.read_int_tuple(pds, nd, 0)
        groups = reader.read_int(grp["groups"])
        if groups < 1 or w.shape[0] % groups:
            raise reader.error(grp["groups"].name, "groups=%d must be positive and divide C_out=%d"
                               % (groups, w.shape[0]))
        P["groups"] = groups
        b = num("bias")
        if b.size != w.shape[0] or b.ndim > 1:
            raise reader.error(grp["bias"].name, "bias must have C_out=%d elements, found shape %s"
                               % (w.shape[0], b.shape))
        P["bias"] = b.reshape(-1)
    elif ntype in ("SumPool2d", "AvgPool2d"):
        P["kernel_size"] = reader.read_int_tuple(grp["kernel_size"], 2, 1)
        P["stride"] = reader.read_int_tuple(grp["stride"], 2, 1)
        P["padding"] = reader.read_int_tuple(grp["padding"], 2, 0)
    elif ntype == "Flatten":
        P["input_type"] = reader.read_shape(grp["input_type"]) if "input_type" in grp else None
        P["start_dim"] = reader.read_int(grp["start_dim"]) if "start_dim" in grp else 1
        P["end_dim"] = reader.read_int(grp["end_dim"]) if "end_dim" in grp else -1
        if P["input_type"] is not None:
            try:
                _flatten_shape(P["input_type"], P["start_dim"], P["end_dim"])
            except ValueError as exc:
                raise reader.error(path, str(exc))
    elif ntype in _NEURON_TYPES:
        for key in required:
            P[key] = num(key)
        if "v_threshold" in required:
            P["v_reset"] = num("v_reset") if "v_reset" in grp else np.zeros_like(P["v_threshold"])
        if "v_leak" in required and ntype.startswith("Cuba"):
            P["w_in"] = num("w_in") if "w_in" in grp else np.ones((), dtype=np.float64)
        shape = P["r"].shape
        for key, val in P.items():
            if key == "w_in":
                try:
                    ok = np.broadcast_shapes(val.shape, shape) == shape
                except ValueError:
                    ok = False
            else:
                ok = val.shape == shape
            if not ok:
                where = grp[key].name if key in grp else path
                raise reader.error(where, "%s parameter %r has shape %s, expected %s"
                                   % (ntype, key, val.shape, shape))
        if ntype.startswith("Cuba"):
            P["w_in"] = np.broadcast_to(P["w_in"], shape).copy()
    return Node(name, ntype, P, path)


# ----------------------------------------------------------------------------
# Inlining and scheduling


class _Flat:
    """The inlined graph.  Node keys are paths (tuples of names)."""

    def __init__(self):
        self.nodes = {}     # path -> Node
        self.edges = []     # list of (src_path, dst_path), in the documented order
        self.inputs = []    # paths of the top-level Input nodes, name order
        self.outputs = []   # paths of the top-level Output nodes, name order
        self.graphs = {}    # path of a nested graph -> path of its (single) Output, for records
        self.order = None
        self.back = None


def _inline(graph):
    if graph._flat is not None:
        return graph._flat
    flat = _Flat()

    def walk(g, prefix):
        for (s, sport), (d, dport) in g._resolved:
            sp = prefix + (s,) + ((sport,) if sport is not None else ())
            dp = prefix + (d,) + ((dport,) if dport is not None else ())
            flat.edges.append((sp, dp))
        for name in sorted(g.nodes):
            child = g.nodes[name]
            if isinstance(child, Graph):
                outs = child.output_names
                if len(outs) == 1:
                    flat.graphs[prefix + (name,)] = prefix + (name, outs[0])
                walk(child, prefix + (name,))
            else:
                flat.nodes[prefix + (name,)] = child

    walk(graph, ())
    flat.inputs = [(n,) for n in graph.input_names]
    flat.outputs = [(n,) for n in graph.output_names]
    flat.order, flat.back = _dfs_schedule(flat)
    graph._flat = flat
    return flat


def _dfs_schedule(flat):
    """Depth-first search from the Input nodes (name order), then from every
    unvisited node (path order); successors in edge-list order.  An edge u->v
    explored while v is on the DFS stack is a back-edge.  Returns
    (reverse post-order, set of back-edge indices)."""
    succ = {p: [] for p in flat.nodes}
    for idx, (s, d) in enumerate(flat.edges):
        succ[s].append((idx, d))
    WHITE, GREY, BLACK = 0, 1, 2
    color = {p: WHITE for p in flat.nodes}
    post = []
    back = set()

    def visit(root):
        color[root] = GREY
        stack = [(root, iter(succ[root]))]
        while stack:
            u, it = stack[-1]
            for idx, v in it:
                if color[v] == GREY:
                    back.add(idx)
                elif color[v] == WHITE:
                    color[v] = GREY
                    stack.append((v, iter(succ[v])))
                    break
            else:
                color[u] = BLACK
                post.append(u)
                stack.pop()

    for root in list(flat.inputs) + sorted(flat.nodes):
        if color[root] == WHITE:
            visit(root)
    return post[::-1], back


def _path_str(path):
    return "/".join(path)


def schedule(graph):
    """The execution order of the inlined graph and its back-edges.

    Returns (order, back_edges): `order` is the list of node paths
    ("/"-joined names, e.g. "rnn/lif") in execution order, `back_edges` the
    list of (edge index, src path, dst path) in the inlined edge list."""
    flat = _inline(graph)
    order = [_path_str(p) for p in flat.order]
    back = [(i, _path_str(flat.edges[i][0]), _path_str(flat.edges[i][1])) for i in sorted(flat.back)]
    return order, back


# ----------------------------------------------------------------------------
# Numeric kernels


def _flatten_shape(shape, start, end):
    n = len(shape)
    s = start + n if start < 0 else start
    e = end + n if end < 0 else end
    if not (0 <= s < n) or not (0 <= e < n) or s > e:
        raise ValueError("Flatten dims start_dim=%d end_dim=%d are invalid for input shape %s"
                         % (start, end, tuple(shape)))
    merged = 1
    for v in shape[s:e + 1]:
        merged *= v
    return tuple(shape[:s]) + (merged,) + tuple(shape[e + 1:])


def _conv_nd(x, w, b, stride, padding, dilation, groups):
    """PyTorch-convention N-d convolution (cross-correlation).
    x: (B, C_in, *S), w: (C_out, C_in/groups, *K), b: (C_out,)."""
    nd = w.ndim - 2
    B, cin = x.shape[:2]
    cout = w.shape[0]
    ksz = w.shape[2:]
    if padding == "valid":
        pads = [(0, 0)] * nd
    elif padding == "same":
        if any(s != 1 for s in stride):
            raise ValueError("padding='same' is only defined for stride 1 (as in PyTorch)")
        pads = []
        for i in range(nd):
            total = dilation[i] * (ksz[i] - 1)
            pads.append((total // 2, total - total // 2))
    else:
        pads = [(p, p) for p in padding]
    xp = np.pad(x, [(0, 0), (0, 0)] + pads)
    out = []
    for i in range(nd):
        o = (xp.shape[2 + i] - dilation[i] * (ksz[i] - 1) - 1) // stride[i] + 1
        if o <= 0:
            raise ValueError("the input is too small for the kernel")
        out.append(o)
    cg = cin // groups
    og = cout // groups
    xg = xp.reshape((B, groups, cg) + xp.shape[2:])
    wg = w.reshape((groups, og, cg) + tuple(ksz))
    y = np.zeros((B, groups, og) + tuple(out), dtype=x.dtype)
    for kidx in itertools.product(*[range(k) for k in ksz]):
        sl = tuple(slice(kidx[i] * dilation[i], kidx[i] * dilation[i] + stride[i] * (out[i] - 1) + 1, stride[i])
                   for i in range(nd))
        patch = xg[(slice(None),) * 3 + sl]
        wk = wg[(slice(None),) * 3 + kidx]
        y = y + np.einsum("bgc...,goc->bgo...", patch, wk)
    y = y.reshape((B, cout) + tuple(out))
    return y + b.reshape((1, cout) + (1,) * nd)


def _sum_pool2d(x, kernel, stride, padding):
    """Window sum over the last two dims with zero padding."""
    pads = [(0, 0)] * (x.ndim - 2) + [(padding[0], padding[0]), (padding[1], padding[1])]
    xp = np.pad(x, pads)
    H, W = xp.shape[-2:]
    oh = (H - kernel[0]) // stride[0] + 1
    ow = (W - kernel[1]) // stride[1] + 1
    if oh <= 0 or ow <= 0:
        raise ValueError("the input is too small for the pooling window")
    y = np.zeros(x.shape[:-2] + (oh, ow), dtype=x.dtype)
    for i in range(kernel[0]):
        for j in range(kernel[1]):
            y = y + xp[..., i:i + stride[0] * (oh - 1) + 1:stride[0], j:j + stride[1] * (ow - 1) + 1:stride[1]]
    return y


# ----------------------------------------------------------------------------
# Per-node runtimes.  step(x) gets the summed input of the step, shape
# (B, *shape), and returns the node's output of the step.


class _Runtime:
    def __init__(self, node, path, dtype, dt, reset):
        self.node = node
        self.path = path
        self.dtype = dtype
        self.dt = dtype.type(dt)
        self.dt_float = float(dt)
        self.reset = reset
        self.p = {}
        for k, v in node.params.items():
            if isinstance(v, np.ndarray) and v.dtype.kind in "biuf" and k not in ("delay",):
                self.p[k] = v.astype(dtype)
            else:
                self.p[k] = v

    def fail(self, msg):
        raise SimulationError("node %s (%s, %s): %s" % (_path_str(self.path), self.node.type,
                                                         self.node.h5path, msg))

    def check_elementwise(self, x, pshape):
        try:
            ok = np.broadcast_shapes(tuple(pshape), x.shape[1:]) == x.shape[1:]
        except ValueError:
            ok = False
        if not ok:
            self.fail("input shape %s does not match the parameter shape %s" % (x.shape[1:], tuple(pshape)))

    def step(self, x):
        raise NotImplementedError


class _Identity(_Runtime):
    def step(self, x):
        return x


class _AffineRT(_Runtime):
    def step(self, x):
        w = self.p["weight"]
        expected = tuple(w.shape[:-2]) + (w.shape[-1],)
        if x.shape[1:] != expected:
            self.fail("input shape %s, expected %s" % (x.shape[1:], expected))
        y = np.matmul(w, x[..., None])[..., 0]
        if self.node.type == "Affine":
            y = y + self.p["bias"]
        return y


class _ScaleRT(_Runtime):
    def step(self, x):
        self.check_elementwise(x, self.p["scale"].shape)
        return self.p["scale"] * x


class _ThresholdRT(_Runtime):
    def step(self, x):
        self.check_elementwise(x, self.p["threshold"].shape)
        return (x > self.p["threshold"]).astype(self.dtype)


class _DelayRT(_Runtime):
    def __init__(self, *a):
        super().__init__(*a)
        # round(delay / dt), computed in float64 whatever the simulation dtype
        steps = np.rint(self.node.params["delay"].astype(np.float64) / self.dt_float)
        self.steps = steps.astype(np.int64)
        self.history = []  # history[k] = input k steps ago (k = 0: this step)

    def step(self, x):
        self.check_elementwise(x, self.steps.shape)
        self.history.insert(0, x)
        maxd = int(self.steps.max()) if self.steps.size else 0
        del self.history[maxd + 1:]
        d = np.broadcast_to(self.steps, x.shape[1:]).reshape(-1)
        y = np.zeros((x.shape[0], d.size), dtype=x.dtype)
        for k in np.unique(d):
            if k < len(self.history):
                mask = d == k
                y[:, mask] = self.history[k].reshape(x.shape[0], -1)[:, mask]
        return y.reshape(x.shape)


class _NeuronRT(_Runtime):
    def __init__(self, *a):
        super().__init__(*a)
        self.v = None
        self.i = None

    def spike(self, v):
        p = self.p
        z = v > p["v_threshold"]
        if self.reset == "value":
            v = np.where(z, p["v_reset"], v)
        else:
            v = np.where(z, v - p["v_threshold"], v)
        return z.astype(self.dtype), v

    def step(self, x):
        p = self.p
        dt = self.dt
        t = self.node.type
        if self.v is None:
            self.check_elementwise(x, p["r"].shape)
            self.v = np.zeros(x.shape, dtype=self.dtype)
            self.i = np.zeros(x.shape, dtype=self.dtype)
        elif x.shape != self.v.shape:
            self.fail("input shape changed from %s to %s" % (self.v.shape, x.shape))
        v = self.v
        if t in ("I", "IF"):
            v = v + dt * p["r"] * x
        elif t in ("LI", "LIF"):
            v = v + dt / p["tau"] * (p["v_leak"] - v + p["r"] * x)
        else:  # CubaLI, CubaLIF: the voltage update uses the old current
            i = self.i
            i_new = i + dt / p["tau_syn"] * (-i + p["w_in"] * x)
            v = v + dt / p["tau_mem"] * (p["v_leak"] - v + p["r"] * i)
            self.i = i_new
        if t in ("I", "LI", "CubaLI"):
            self.v = v
            return v
        z, self.v = self.spike(v)
        return z


class _ConvRT(_Runtime):
    def step(self, x):
        p = self.p
        w = p["weight"]
        nd = w.ndim - 2
        if x.ndim != nd + 2:
            self.fail("input shape %s, expected (C, %s)" % (x.shape[1:], ", ".join(["L"] * nd)))
        if x.shape[1] != w.shape[1] * p["groups"]:
            self.fail("input has %d channels, expected C_in = %d (weight %s, groups %d)"
                      % (x.shape[1], w.shape[1] * p["groups"], w.shape, p["groups"]))
        if tuple(x.shape[2:]) != tuple(p["input_shape"]):
            self.fail("input spatial shape %s differs from input_shape %s" % (x.shape[2:], p["input_shape"]))
        try:
            return _conv_nd(x, w, p["bias"], p["stride"], p["padding"], p["dilation"], p["groups"])
        except ValueError as exc:
            self.fail(str(exc))


class _PoolRT(_Runtime):
    def step(self, x):
        p = self.p
        if x.ndim < 3:
            self.fail("pooling needs at least 2 spatial dims, input shape %s" % (x.shape[1:],))
        try:
            y = _sum_pool2d(x, p["kernel_size"], p["stride"], p["padding"])
        except ValueError as exc:
            self.fail(str(exc))
        if self.node.type == "AvgPool2d":
            y = y / self.dtype.type(p["kernel_size"][0] * p["kernel_size"][1])
        return y


class _FlattenRT(_Runtime):
    def step(self, x):
        p = self.p
        if p["input_type"] is not None and tuple(x.shape[1:]) != tuple(p["input_type"]):
            self.fail("input shape %s differs from input_type %s" % (x.shape[1:], p["input_type"]))
        try:
            shape = _flatten_shape(x.shape[1:], p["start_dim"], p["end_dim"])
        except ValueError as exc:
            self.fail(str(exc))
        return x.reshape((x.shape[0],) + shape)


_RUNTIMES = {
    "Input": _Identity, "Output": _Identity,
    "Affine": _AffineRT, "Linear": _AffineRT,
    "Scale": _ScaleRT, "Threshold": _ThresholdRT, "Delay": _DelayRT,
    "I": _NeuronRT, "IF": _NeuronRT, "LI": _NeuronRT, "LIF": _NeuronRT,
    "CubaLI": _NeuronRT, "CubaLIF": _NeuronRT,
    "Conv1d": _ConvRT, "Conv2d": _ConvRT,
    "SumPool2d": _PoolRT, "AvgPool2d": _PoolRT,
    "Flatten": _FlattenRT,
}


# ----------------------------------------------------------------------------
# Simulation


def _normalize_inputs(graph, inputs, dtype, steps):
    names = graph.input_names
    if isinstance(inputs, dict):
        if set(inputs) != set(names):
            raise SimulationError("inputs are keyed %s but the graph's Input nodes are %s"
                                  % (sorted(inputs), names))
        arrays = [inputs[n] for n in names]
    elif isinstance(inputs, (list, tuple)):
        if len(inputs) != len(names):
            raise SimulationError("%d inputs given but the graph has %d Input nodes %s"
                                  % (len(inputs), len(names), names))
        arrays = list(inputs)
    elif inputs is None:
        arrays = []
        if names:
            raise SimulationError("the graph has Input nodes %s but no inputs were given" % names)
    else:
        if len(names) != 1:
            raise SimulationError("one array given but the graph has %d Input nodes %s; pass a list "
                                  "(name order) or a dict" % (len(names), names))
        arrays = [inputs]
    batched = None
    T = None
    B = None
    out = []
    for n, a in zip(names, arrays):
        a = np.asarray(a)
        if a.dtype.kind not in "biuf":
            raise SimulationError("input %r has non-numeric dtype %s" % (n, a.dtype))
        shape = graph.nodes[n].params["shape"]
        k = len(shape)
        if a.ndim == k + 1:
            this_batched = False
        elif a.ndim == k + 2:
            this_batched = True
        else:
            raise SimulationError("input %r has shape %s; expected (T, %s) or (T, B, %s)"
                                  % (n, a.shape, shape, shape))
        if tuple(a.shape[a.ndim - k:]) != tuple(shape):
            raise SimulationError("input %r has shape %s; its trailing dims must be the Input shape %s"
                                  % (n, a.shape, shape))
        if batched is None:
            batched, T = this_batched, a.shape[0]
            B = a.shape[1] if this_batched else 1
        if this_batched != batched or a.shape[0] != T or (this_batched and a.shape[1] != B):
            raise SimulationError("inputs disagree on the time/batch dims: input %r has shape %s" % (n, a.shape))
        a = a.astype(dtype)
        if not this_batched:
            a = a[:, None]
        out.append(a)
    if T is None:
        if steps is None:
            raise SimulationError("the graph has no Input node: give steps=")
        T, B, batched = int(steps), 1, False
    elif steps is not None and int(steps) != T:
        raise SimulationError("steps=%d but the inputs have %d time steps" % (steps, T))
    return out, T, B, batched


def simulate(graph, inputs, dt=None, dtype=np.float64, reset="value", record=False, steps=None):
    """Simulate `graph` (a Graph, or a path to load) for T steps from zero state.

    inputs: one array when the graph has one Input node, else a list in
        Input-name order or a dict {name: array}.  Each is (T, *shape) or,
        batched, (T, B, *shape); all inputs agree on T and on batching.
    dt: the time step; None means /node/metadata/dt if present, else 1e-4.
    dtype: np.float32 or np.float64 (parameters and inputs are cast to it).
    reset: "value" (v = v_reset on a spike) or "subtract" (v -= v_threshold).
    record: also return {node path: (T, [B,] *shape)} of every node's output
        (nested nodes as "graph/node"; a nested graph's own path records its
        output).
    steps: the number of steps for a graph without Input nodes.

    Returns the stacked outputs, (T, [B,] *shape): an array when the graph has
    one Output node, else a list in Output-name order; with record=True the
    pair (outputs, records)."""
    if not isinstance(graph, Graph):
        graph = load(graph)
    dtype = np.dtype(dtype)
    if dtype not in (np.dtype(np.float32), np.dtype(np.float64)):
        raise SimulationError("dtype must be float32 or float64, not %s" % dtype)
    if reset not in ("value", "subtract"):
        raise SimulationError("reset must be 'value' or 'subtract', not %r" % (reset,))
    if dt is None:
        dt = graph.dt if graph.dt is not None else DEFAULT_DT
    dt = float(dt)
    if not np.isfinite(dt) or dt <= 0:
        raise SimulationError("dt must be positive and finite, not %r" % dt)

    flat = _inline(graph)
    xs, T, B, batched = _normalize_inputs(graph, inputs, dtype, steps)
    input_index = {p: k for k, p in enumerate(flat.inputs)}
    runtimes = {p: _RUNTIMES[n.type](n, p, dtype, dt, reset) for p, n in flat.nodes.items()}
    incoming = {p: [] for p in flat.nodes}
    for idx, (s, d) in enumerate(flat.edges):
        incoming[d].append((s, idx in flat.back))

    prev = {}
    out_steps = [[] for _ in flat.outputs]
    rec_steps = {p: [] for p in flat.nodes} if record else None
    for t in range(T):
        cur = {}
        for p in flat.order:
            if p in input_index:
                cur[p] = xs[input_index[p]][t]
                continue
            x = None
            for src, is_back in incoming[p]:
                val = prev.get(src) if is_back else cur[src]
                if val is None:
                    continue  # a back-edge at the first step carries zero
                if x is None:
                    x = val
                elif x.shape != val.shape:
                    raise SimulationError("node %s: incoming values have different shapes %s and %s"
                                          % (_path_str(p), x.shape[1:], val.shape[1:]))
                else:
                    x = x + val
            if x is None:
                shape = flat.nodes[p].nominal_input_shape()
                if shape is None:
                    raise SimulationError("node %s (%s) has no input value and its input shape cannot "
                                          "be derived from its parameters" % (_path_str(p), flat.nodes[p].type))
                x = np.zeros((B,) + tuple(shape), dtype=dtype)
            y = runtimes[p].step(x)
            if y.dtype != dtype:
                y = y.astype(dtype)
            cur[p] = y
        prev = cur
        for k, p in enumerate(flat.outputs):
            out_steps[k].append(cur[p])
        if record:
            for p in flat.nodes:
                rec_steps[p].append(cur[p])

    def stack(seq):
        a = np.stack(seq) if seq else np.zeros((0, B), dtype=dtype)
        return a if batched else a[:, 0]

    outputs = [stack(s) for s in out_steps]
    result = outputs[0] if len(outputs) == 1 else outputs
    if not record:
        return result
    records = {_path_str(p): stack(s) for p, s in rec_steps.items()}
    for gpath, opath in flat.graphs.items():
        records[_path_str(gpath)] = records[_path_str(opath)]
    return result, records


# ----------------------------------------------------------------------------
# Command line


def _read_inputs(graph, paths):
    names = graph.input_names
    if len(paths) == 1 and paths[0].endswith(".npz"):
        with np.load(paths[0]) as z:
            if len(names) == 1 and set(z.files) != set(names) and len(z.files) == 1:
                return z[z.files[0]]
            return {k: z[k] for k in z.files}
    arrays = [np.load(p) for p in paths]
    return arrays[0] if len(arrays) == 1 else arrays


def main(argv=None):
    ap = argparse.ArgumentParser(
        prog="nir_sim.py",
        description="Reference discrete-time simulator for NIR (.nir) graphs. Writes the outputs to an .npz "
                    "keyed by the Output node names (plus record/<node path> with --record and meta/dt).")
    ap.add_argument("model", help="the .nir file")
    ap.add_argument("--input", action="append", default=[],
                    help="input .npy, (T, *shape) or (T, B, *shape); repeat for several Input nodes "
                         "(name order), or one .npz keyed by Input node name")
    ap.add_argument("--output", help="output .npz")
    ap.add_argument("--dt", type=float, default=None, help="time step (default: metadata dt, else 1e-4)")
    ap.add_argument("--dtype", choices=("float32", "float64"), default="float64")
    ap.add_argument("--reset", choices=("value", "subtract"), default="value")
    ap.add_argument("--steps", type=int, default=None, help="number of steps for a graph without Input nodes")
    ap.add_argument("--record", action="store_true", help="also store every node's output per step")
    ap.add_argument("--schedule", action="store_true", help="print the execution order and back-edges")
    args = ap.parse_args(argv)
    try:
        graph = load(args.model)
        if args.schedule:
            order, back = schedule(graph)
            print("order: " + " ".join(order))
            for idx, s, d in back:
                print("back-edge %d: %s -> %s" % (idx, s, d))
        if not args.input and graph.input_names:
            if args.schedule and not args.output:
                return 0
            ap.error("--input is required (the graph has Input nodes %s)" % graph.input_names)
        inputs = _read_inputs(graph, args.input) if args.input else None
        dt = args.dt if args.dt is not None else (graph.dt if graph.dt is not None else DEFAULT_DT)
        res = simulate(graph, inputs, dt=dt, dtype=args.dtype, reset=args.reset,
                       record=args.record, steps=args.steps)
        outputs, records = res if args.record else (res, {})
        if not isinstance(outputs, list):
            outputs = [outputs]
        data = {name: arr for name, arr in zip(graph.output_names, outputs)}
        for k, v in records.items():
            data["record/" + k] = v
        data["meta/dt"] = np.array(dt)
        if args.output:
            np.savez(args.output, **data)
        else:
            for name in graph.output_names:
                print("%s: shape %s" % (name, data[name].shape))
    except NIRSimError as exc:
        print("nir_sim: error: %s" % exc, file=sys.stderr)
        return 1
    except OSError as exc:
        print("nir_sim: error: %s" % exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
