#!/usr/bin/env python3
"""Writes the crafted `.nir` files of the NIR file tests into a directory.

Usage: make_nir_files.py OUTDIR

The files imitate what h5py-based writers (the reference `nir.write` of
various versions, or other tools) produce, including layouts the current
reference no longer writes, plus malformed and unsafe files. Everything is
deterministic; no binary is committed.
"""

import os
import sys

import h5py
import numpy as np

VLEN = h5py.string_dtype()


def write_value(group, key, value):
    """nir.write's write_recursive rule for one key."""
    if isinstance(value, dict):
        write_dict(group.create_group(key), value)
    elif isinstance(value, str):
        group.create_dataset(key, data=value, dtype=VLEN)
    elif isinstance(value, np.ndarray):
        group.create_dataset(key, data=value, dtype=value.dtype)
    else:
        group.create_dataset(key, data=value)


def write_dict(group, d):
    for key, value in d.items():
        write_value(group, key, value)


def graph(nodes, edges, metadata=None):
    d = {"type": "NIRGraph", "nodes": nodes}
    d["edges"] = np.array(edges, dtype=VLEN) if edges else \
        np.zeros((0,), dtype=np.float64)
    if metadata:
        d["metadata"] = metadata
    return d


def write_file(path, root, version="1.0.7"):
    with h5py.File(path, "w") as f:
        if version is not None:
            f.create_dataset("version", data=version, dtype=VLEN)
        write_dict(f.create_group("node"), root)


def f32(*values, shape=None):
    a = np.array(values, dtype=np.float32)
    return a.reshape(shape) if shape else a


def f64(*values, shape=None):
    a = np.array(values, dtype=np.float64)
    return a.reshape(shape) if shape else a


def i64(*values):
    return np.array(values, dtype=np.int64)


def port(kind, *shape):
    return {"type": kind, "shape": i64(*shape)}


def lif(n, dtype=np.float64, v_reset=True):
    d = {"type": "LIF", "tau": np.full(n, 0.01, dtype),
         "r": np.ones(n, dtype), "v_leak": np.zeros(n, dtype),
         "v_threshold": np.ones(n, dtype)}
    if v_reset:
        d["v_reset"] = np.zeros(n, dtype)
    return d


def affine(n_out, n_in, dtype=np.float32):
    weight = np.arange(n_out * n_in, dtype=dtype).reshape(n_out, n_in) / 10
    return {"type": "Affine", "weight": weight,
            "bias": np.arange(n_out, dtype=dtype)}


def simple_graph(middle):
    """input[2] -> x (Affine 3x2 unless given) -> output[3]."""
    nodes = {"input": port("Input", 2), "x": middle, "output": port("Output", 3)}
    return graph(nodes, [("input", "x"), ("x", "output")])


# ---------------------------------------------------------------------------
# Files every reader must accept
# ---------------------------------------------------------------------------

def old_conv(out):
    """nir 0.2.0: Conv1d/Conv2d without input_shape, Flatten without
    input_type; Conv1d scalars, Conv2d pairs from tuples."""
    nodes = {
        "input": port("Input", 2, 8, 8),
        "conv": {"type": "Conv2d", "weight": np.ones((4, 2, 3, 3), np.float32),
                 "stride": i64(2, 2), "padding": i64(1, 1),
                 "dilation": i64(1, 1), "groups": 1,
                 "bias": np.zeros(4, np.float32)},
        "flat": {"type": "Flatten", "start_dim": 0, "end_dim": -1},
        "fc": affine(5, 64),
        "output": port("Output", 5),
        "in1d": port("Input", 2, 16),
        "conv1d": {"type": "Conv1d", "weight": np.ones((3, 2, 5), np.float64),
                   "stride": 1, "padding": 2, "dilation": 1, "groups": 1,
                   "bias": np.zeros(3, np.float64)},
        "out1d": port("Output", 3, 16),
    }
    edges = [("input", "conv"), ("conv", "flat"), ("flat", "fc"),
             ("fc", "output"), ("in1d", "conv1d"), ("conv1d", "out1d")]
    write_file(os.path.join(out, "old_conv.nir"), graph(nodes, edges), "0.2.0")


def reference_quirks(out):
    """What the reference's nir.read accepts although the spec's layout
    (section 4.4) says otherwise, one file per case: integer datasets
    stored as floats, an Affine bias of shape [1, N] (the reference's
    tests/test_architectures.py test_complex builds one), a Conv1d or Conv2d
    bias of one element for several output channels, a Conv2d groups
    stored as a one-element array, a CubaLI/CubaLIF w_in numpy broadcasts
    to the neuron shape (a scalar, one element, [N] for [M, N], [M, 1],
    [1, N] for [N]), an Affine bias with more leading dims of 1, and
    input_type/output_type inside Conv1d, SumPool2d and Flatten nodes; and
    the shapes nir.read takes but the dialect cannot hold (refused_*)."""
    conv_fields = {"stride": i64(1, 1), "padding": i64(1, 1),
                   "dilation": i64(1, 1), "groups": 1,
                   "input_shape": i64(4, 4)}
    files = {
        "quirk_float_shapes": (
            {"input": {"type": "Input", "shape": f64(2, 2)},
             "flat": {"type": "Flatten", "input_type": f64(2, 2),
                      "start_dim": 0, "end_dim": -1},
             "fc": affine(3, 4),
             "output": {"type": "Output", "shape": f32(3)}},
            [("input", "flat"), ("flat", "fc"), ("fc", "output")]),
        "quirk_affine_bias_row": (
            {"input": port("Input", 1),
             "fc": {"type": "Affine", "weight": f32(1, 2, 3, shape=(3, 1)),
                    "bias": f32(0.5, 1.5, 2.5, shape=(1, 3))},
             "output": port("Output", 3)},
            [("input", "fc"), ("fc", "output")]),
        "quirk_conv1d_bias_one": (
            {"input": port("Input", 2, 8),
             "conv": {"type": "Conv1d", "input_shape": 8,
                      "weight": np.ones((3, 2, 3), np.float32), "stride": 1,
                      "padding": 1, "dilation": 1, "groups": 1,
                      "bias": f32(0.25)},
             "output": port("Output", 3, 8)},
            [("input", "conv"), ("conv", "output")]),
        "quirk_conv2d_bias_one": (
            {"input": port("Input", 1, 4, 4),
             "conv": dict(conv_fields, type="Conv2d",
                          weight=np.ones((2, 1, 3, 3), np.float64),
                          bias=f64(-1)),
             "output": port("Output", 2, 4, 4)},
            [("input", "conv"), ("conv", "output")]),
        "quirk_conv2d_groups_array": (
            {"input": port("Input", 1, 4, 4),
             "conv": dict(conv_fields, type="Conv2d",
                          weight=np.ones((2, 1, 3, 3), np.float32),
                          bias=f32(0, 0), groups=i64(1)),
             "output": port("Output", 2, 4, 4)},
            [("input", "conv"), ("conv", "output")]),
    }
    # A CubaLI w_in as a float64 scalar and a CubaLIF w_in as a float32 [1]
    # (the reference broadcasts them: ones_like(v_leak or v_threshold) *
    # w_in).
    cuba = {"tau_syn": f32(0.1, 0.1, 0.1), "tau_mem": f32(0.2, 0.2, 0.2),
            "r": f32(1, 1, 1), "v_leak": f32(0, 0, 0)}
    files["quirk_cuba_w_in_scalar"] = (
        {"input": port("Input", 3),
         "li": dict(cuba, type="CubaLI", w_in=np.float64(0.5)),
         "lif": dict(cuba, type="CubaLIF", v_threshold=f32(1, 1, 1),
                     v_reset=f32(0, 0, 0), w_in=f32(2)),
         "output": port("Output", 3)},
        [("input", "li"), ("li", "lif"), ("lif", "output")])
    # Several-element w_in that numpy broadcasts to the neuron shape: [3]
    # and [2, 1] for [2, 3], and [1, 3] for [3] (whose product keeps the
    # leading 1).
    def cuba2x3(kind, w_in):
        return {"type": kind, "tau_syn": np.full((2, 3), 0.1, np.float32),
                "tau_mem": np.full((2, 3), 0.2, np.float32),
                "r": np.ones((2, 3), np.float32),
                "v_leak": np.zeros((2, 3), np.float32), "w_in": w_in}
    files["quirk_cuba_w_in_broadcast"] = (
        {"input": port("Input", 2, 3),
         "li": cuba2x3("CubaLI", f32(1, 2, 3)),
         "lif": dict(cuba2x3("CubaLIF", f64(0.5, 1.5, shape=(2, 1))),
                     v_threshold=np.ones((2, 3), np.float32),
                     v_reset=np.zeros((2, 3), np.float32)),
         "output": port("Output", 2, 3),
         "in_row": port("Input", 3),
         "row": dict(cuba, type="CubaLIF", v_threshold=f32(1, 1, 1),
                     v_reset=f32(0, 0, 0), w_in=f32(4, 5, 6, shape=(1, 3))),
         "out_row": port("Output", 3)},
        [("input", "li"), ("li", "lif"), ("lif", "output"),
         ("in_row", "row"), ("row", "out_row")])
    # Affine biases with leading dims of 1 beyond the output's: [1, 1] for
    # [3], and [1, 2, 3] for a batched weight [2, 3, 1] (output [2, 3]).
    files["quirk_affine_bias_ones"] = (
        {"input": port("Input", 1),
         "fc": {"type": "Affine", "weight": f32(1, 2, 3, shape=(3, 1)),
                "bias": f32(0.5, shape=(1, 1))},
         "output": port("Output", 3),
         "in_batch": port("Input", 2, 1),
         "batch": {"type": "Affine",
                   "weight": f32(1, 2, 3, 4, 5, 6, shape=(2, 3, 1)),
                   "bias": f32(1, 2, 3, 4, 5, 6, shape=(1, 2, 3))},
         "out_batch": port("Output", 2, 3)},
        [("input", "fc"), ("fc", "output"), ("in_batch", "batch"),
         ("batch", "out_batch")])
    # Shapes nir.read takes that the dialect cannot hold: a w_in or bias
    # numpy broadcasts to more elements than the neuron or output shape
    # ([2, 3] for [3]; the reference keeps the product, or stores the bias
    # unchecked) or cannot broadcast at all ([4] for [3]; nir.read fails on
    # such a w_in, and stores such a bias unchecked).
    for name, w_in in (("w_in_larger", f32(1, 2, 3, 4, 5, 6, shape=(2, 3))),
                       ("w_in_mismatch", f32(1, 2, 3, 4))):
        files["refused_" + name] = (
            {"input": port("Input", 3),
             "lif": dict(cuba, type="CubaLIF", v_threshold=f32(1, 1, 1),
                         v_reset=f32(0, 0, 0), w_in=w_in),
             "output": port("Output", 3)},
            [("input", "lif"), ("lif", "output")])
    for name, bias in (("bias_larger", np.zeros((2, 3), np.float32)),
                       ("bias_mismatch", np.zeros(4, np.float32))):
        files["refused_" + name] = (
            {"input": port("Input", 2),
             "fc": {"type": "Affine", "weight": np.ones((3, 2), np.float32),
                    "bias": bias},
             "output": port("Output", 3)},
            [("input", "fc"), ("fc", "output")])
    # A Conv2d groups stored as several values (nir.read stores it without
    # reading it): equal values mean that one value, differing ones nothing.
    for name, groups in (("quirk_conv2d_groups_equal", i64(2, 2)),
                         ("refused_conv2d_groups_differ", i64(1, 2))):
        files[name] = (
            {"input": port("Input", 2, 4, 4),
             "conv": {"type": "Conv2d", "weight": np.ones((2, 1, 3, 3), np.float32),
                      "bias": f32(0, 0), "stride": i64(1, 1), "padding": i64(1, 1),
                      "dilation": i64(1, 1), "groups": groups},
             "output": port("Output", 2, 4, 4)},
            [("input", "conv"), ("conv", "output")])
    # input_type/output_type inside Conv1d, SumPool2d and Flatten nodes
    # (datasets, or groups as a node's to_dict would nest them), with
    # contents the node classes never look at: the reference recomputes
    # them.
    files["quirk_node_types"] = (
        {"input": port("Input", 1, 4, 4),
         "pool": {"type": "SumPool2d", "kernel_size": i64(2, 2),
                  "stride": i64(2, 2), "padding": i64(0, 0),
                  "input_type": {"input": i64(9, 9)},
                  "output_type": i64(7)},
         "flat": {"type": "Flatten", "start_dim": 0, "end_dim": 1,
                  "input_type": i64(1, 2, 2), "output_type": i64(5)},
         "conv": {"type": "Conv1d", "input_shape": 2,
                  "weight": np.ones((3, 2, 1), np.float32), "stride": 1,
                  "padding": 0, "dilation": 1, "groups": 1,
                  "bias": f32(0, 0, 0), "input_type": i64(2, 2),
                  "output_type": i64(1)},
         "output": port("Output", 3, 2)},
        [("input", "pool"), ("pool", "flat"), ("flat", "conv"),
         ("conv", "output")])
    for name, (nodes, edges) in files.items():
        write_file(os.path.join(out, name + ".nir"), graph(nodes, edges))


def old_defaults(out):
    """Files from before nir 1.0.6 (no v_reset) and Oct 2023 (no w_in)."""
    cuba_li = {"type": "CubaLI", "tau_syn": f64(0.005, 0.005),
               "tau_mem": f64(0.01, 0.01), "r": f64(1, 1),
               "v_leak": np.zeros(2, np.int64)}
    cuba_lif = {"type": "CubaLIF", "tau_syn": f32(0.005, 0.005),
                "tau_mem": f32(0.01, 0.01), "r": f32(1, 1),
                "v_leak": f32(0, 0), "v_threshold": f32(1, 1)}
    if_node = {"type": "IF", "r": f32(1, 1), "v_threshold": f32(2, 2)}
    nodes = {"input": port("Input", 2), "lif": lif(2, np.float32, False),
             "if": if_node, "cli": cuba_li, "clif": cuba_lif,
             "output": port("Output", 2)}
    edges = [("input", "lif"), ("lif", "if"), ("if", "cli"), ("cli", "clif"),
             ("clif", "output")]
    write_file(os.path.join(out, "old_defaults.nir"), graph(nodes, edges),
               "0.1.1")


def fixed_strings(out):
    """Fixed-length ASCII strings everywhere (numpy 'S' data), including a
    space-padded one."""
    with h5py.File(os.path.join(out, "fixed_strings.nir"), "w") as f:
        f.create_dataset("version", data=np.bytes_("0.2.0"))
        node = f.create_group("node")
        node.create_dataset("type", data=np.bytes_("NIRGraph"))
        node.create_dataset("edges", data=np.array(
            [[b"input", b"conv"], [b"conv", b"output"]], dtype="S6"))
        nodes = node.create_group("nodes")
        for name, shape in (("input", [2, 16]), ("output", [3, 16])):
            g = nodes.create_group(name)
            g.create_dataset("type", data=np.bytes_(name.capitalize()))
            g.create_dataset("shape", data=np.array(shape, np.int64))
        conv = nodes.create_group("conv")
        conv.create_dataset("type", data=np.bytes_("Conv1d"))
        tid = h5py.h5t.C_S1.copy()
        tid.set_size(8)
        tid.set_strpad(h5py.h5t.STR_SPACEPAD)
        space = h5py.h5s.create(h5py.h5s.SCALAR)
        pad = h5py.h5d.create(conv.id, b"padding", tid, space)
        pad.write(h5py.h5s.ALL, h5py.h5s.ALL,
                  np.array(b"same    ", dtype="S8"), mtype=tid)
        for key, value in (("input_shape", 16), ("stride", 1),
                           ("dilation", 1), ("groups", 1)):
            conv.create_dataset(key, data=np.int64(value))
        conv.create_dataset("weight", data=np.ones((3, 2, 5), np.float32))
        conv.create_dataset("bias", data=np.zeros(3, np.float32))


def empty_edges(out):
    """No edges: an empty graph and lone nodes, with edge lists of several
    empty dtypes."""
    write_file(os.path.join(out, "empty_graph.nir"), graph({}, []))
    root = graph({"lin": {"type": "Linear", "weight": f32(1, 2, 3, 4, 5, 6,
                                                         shape=(3, 2))}}, [])
    root["edges"] = np.zeros((0, 2), np.int64)
    write_file(os.path.join(out, "lone_node.nir"), root)
    root = graph({"input": port("Input", 2), "output": port("Output", 2)}, [])
    root["edges"] = np.zeros((0, 2), dtype=VLEN)
    write_file(os.path.join(out, "ports_only.nir"), root)


def no_ports(out):
    """Roots and leaves without Input/Output nodes, with a name clash for
    the node the reference would add."""
    nodes = {"a": affine(3, 2), "b": affine(4, 3),
             "input_a": {"type": "Scale", "scale": f32(1, 2, 3, 4, 5)}}
    write_file(os.path.join(out, "no_ports.nir"),
               graph(nodes, [("a", "b")]))


def scale_chain(out):
    """input -> s1 -> s2 -> output with the edges listed last to first, for
    the edge order after nir-fold merges the two Scales."""
    scale = lambda v: {"type": "Scale", "scale": f32(v, v)}
    nodes = {"input": port("Input", 2), "s1": scale(2), "s2": scale(4),
             "output": port("Output", 2)}
    edges = [("s2", "output"), ("s1", "s2"), ("input", "s1")]
    write_file(os.path.join(out, "scale_chain.nir"), graph(nodes, edges))


def graph_shapes(out):
    """Fan-in, fan-out, a self-loop, a two-node cycle and a duplicate edge,
    listed in a scrambled order."""
    scale = lambda v: {"type": "Scale", "scale": f32(v, v, v, v)}
    nodes = {"input": port("Input", 4), "a": scale(2), "b": scale(3),
             "c": scale(4), "d": scale(5), "sum": scale(1),
             "output": port("Output", 4)}
    edges = [("b", "sum"), ("a", "b"), ("sum", "output"), ("input", "a"),
             ("b", "b"), ("a", "sum"), ("input", "sum"), ("a", "sum"),
             ("sum", "c"), ("d", "c"), ("c", "d"), ("d", "output")]
    write_file(os.path.join(out, "graph_shapes.nir"), graph(nodes, edges))


def open_inputs(out):
    """Nodes whose parameters leave their input shape open (pooling,
    Flatten without input_type): fed two shapes, or no shape at all."""
    flatten = {"type": "Flatten", "start_dim": 0, "end_dim": -1}
    nodes = {"a": port("Input", 2), "b": port("Input", 3), "f": flatten,
             "output": port("Output", 2)}
    write_file(os.path.join(out, "open_conflict.nir"),
               graph(nodes, [("a", "f"), ("b", "f"), ("f", "output")]))
    pool = {"type": "SumPool2d", "kernel_size": i64(2, 2),
            "stride": i64(2, 2), "padding": i64(0, 0)}
    nodes = {"input": port("Input", 1, 4, 4), "p": pool, "q": dict(pool),
             "output": port("Output", 1, 2, 2)}
    write_file(os.path.join(out, "open_unreached.nir"),
               graph(nodes, [("input", "q"), ("p", "output")]))


def numeric_dtypes(out):
    """Parameters of many dtypes, a big-endian one, and gzip + shuffle +
    fletcher32 compression."""
    nodes = {
        "input": port("Input", 3),
        "scale": {"type": "Scale", "scale": np.array([1, -2, 3], np.int64)},
        "delay": {"type": "Delay", "delay": np.array([1, 2, 3], np.int32)},
        "thr": {"type": "Threshold", "threshold": np.array([0, 1, 255],
                                                           np.uint8)},
        "integ": {"type": "I", "r": np.array([0.5, 1, 2], np.float16)},
        "li": {"type": "LI", "tau": np.array([1, 2, 3], ">f8"),
               "r": np.array([1, 1, 1], np.int16),
               "v_leak": np.array([True, False, True])},
        "output": port("Output", 3),
    }
    edges = [("input", "scale"), ("scale", "delay"), ("delay", "thr"),
             ("thr", "integ"), ("integ", "li"), ("li", "output")]
    path = os.path.join(out, "numeric_dtypes.nir")
    write_file(path, graph(nodes, edges))
    with h5py.File(os.path.join(out, "filters.nir"), "w") as f:
        f.create_dataset("version", data="1.0.8", dtype=VLEN)
        g = f.create_group("node")
        write_dict(g, {"type": "NIRGraph",
                       "edges": np.array([("input", "fc"), ("fc", "output")],
                                         dtype=VLEN)})
        nodes = g.create_group("nodes")
        write_dict(nodes, {"input": port("Input", 64),
                           "output": port("Output", 32)})
        fc = nodes.create_group("fc")
        fc.create_dataset("type", data="Linear", dtype=VLEN)
        fc.create_dataset("weight", data=np.arange(32 * 64, dtype=np.float32)
                          .reshape(32, 64), compression="gzip",
                          compression_opts=9, shuffle=True, fletcher32=True,
                          chunks=(8, 16))


def scalar_params(out):
    """0-d parameters (issue #176): the signal shape is ()."""
    node = {"type": "LIF", "tau": np.float64(0.01), "r": np.float64(1),
            "v_leak": np.float64(0), "v_threshold": np.float64(1),
            "v_reset": np.float64(0)}
    nodes = {"input": {"type": "Input", "shape": np.zeros(0, np.int64)},
             "lif": node,
             "output": {"type": "Output", "shape": np.zeros(0, np.int64)}}
    write_file(os.path.join(out, "scalar_params.nir"),
               graph(nodes, [("input", "lif"), ("lif", "output")]))


def metadata_kinds(out):
    """Graph and node metadata of every kind h5py writes."""
    metadata = {
        "text": "vlen utf-8 ✓",
        "fixed": np.bytes_("ascii"),
        "i8": np.int8(-5), "i32": np.int32(7), "u64": np.uint64(2**63 + 1),
        "f16": np.float16(0.5), "f32": np.float32(0.1), "f64": 1e-3,
        "flag": True,
        "bools": np.array([True, False]),
        "ints": np.array([[1, 2, 3], [4, 5, 6]], np.int64),
        "floats": np.array([0.25, 0.5], np.float32),
        "names": np.array(["a", "bc"], dtype=VLEN),
        "grid": np.array([[b"x", b"yy"], [b"z", b"w"]], dtype="S2"),
        "none": np.zeros(0, dtype=VLEN),
        "nested": {"deeper": {"k": "v", "n": 1}, "empty": {}},
    }
    nodes = {"input": port("Input", 2), "x": affine(3, 2),
             "output": port("Output", 3)}
    nodes["x"]["metadata"] = {"note": "node metadata",
                              "gains": np.array([1.5, 2.5])}
    write_file(os.path.join(out, "metadata_kinds.nir"),
               graph(nodes, [("input", "x"), ("x", "output")], metadata))


# ---------------------------------------------------------------------------
# Files a reader must refuse, each with a clear diagnostic
# ---------------------------------------------------------------------------

def bad_files(out):
    p = lambda name: os.path.join(out, name)
    with open(p("not_hdf5.nir"), "w") as f:
        f.write("this is not an HDF5 file\n" * 100)

    with h5py.File(p("missing_node.nir"), "w") as f:
        f.create_dataset("version", data="1.0.7", dtype=VLEN)

    root = simple_graph(affine(3, 2))
    del root["type"]
    write_file(p("missing_root_type.nir"), root)

    write_file(p("root_not_graph.nir"), lif(3))
    write_file(p("fractional_shape.nir"),
               graph({"input": {"type": "Input", "shape": f64(2.5)},
                      "output": port("Output", 2)}, [("input", "output")]))

    bad = affine(3, 2)
    del bad["type"]
    write_file(p("missing_node_type.nir"), simple_graph(bad))

    write_file(p("unknown_type.nir"), simple_graph({"type": "Foo",
                                                    "weight": f32(1)}))
    write_file(p("identity_type.nir"),
               simple_graph({"type": "Identity", "shape": i64(3)}))

    bad = lif(3)
    del bad["tau"]
    write_file(p("missing_required.nir"),
               graph({"input": port("Input", 3), "x": bad,
                      "output": port("Output", 3)},
                     [("input", "x"), ("x", "output")]))

    bad = affine(3, 2)
    bad["foo"] = f32(1, 2)
    write_file(p("unknown_dataset.nir"), simple_graph(bad))

    root = simple_graph(affine(3, 2))
    root["extra"] = i64(1)
    write_file(p("unknown_graph_dataset.nir"), root)

    write_file(p("weight_rank1.nir"),
               simple_graph({"type": "Linear", "weight": f32(1, 2, 3)}))

    bad = lif(3)
    bad["r"] = np.ones(4)
    write_file(p("param_shapes.nir"),
               graph({"input": port("Input", 3), "x": bad,
                      "output": port("Output", 3)},
                     [("input", "x"), ("x", "output")]))

    write_file(p("pool_stride_3.nir"), graph(
        {"input": port("Input", 1, 4, 4),
         "pool": {"type": "SumPool2d", "kernel_size": i64(2, 2),
                  "stride": i64(2, 2, 2), "padding": i64(0, 0)},
         "output": port("Output", 1, 2, 2)},
        [("input", "pool"), ("pool", "output")]))

    write_file(p("input_shape_2d.nir"), graph(
        {"input": {"type": "Input", "shape": np.ones((2, 2), np.int64)},
         "output": port("Output", 2)}, [("input", "output")]))

    write_file(p("flatten_dims.nir"), graph(
        {"input": port("Input", 2, 3),
         "flat": {"type": "Flatten", "start_dim": i64(0, 1), "end_dim": -1},
         "output": port("Output", 6)},
        [("input", "flat"), ("flat", "output")]))

    write_file(p("type_mismatch.nir"), graph(
        {"input": port("Input", 4), "x": affine(3, 2),
         "output": port("Output", 3)}, [("input", "x"), ("x", "output")]))

    root = simple_graph(affine(3, 2))
    root["edges"] = np.array(["input", "x", "output"], dtype=VLEN)
    write_file(p("edges_rank1.nir"), root)

    root = simple_graph(affine(3, 2))
    root["edges"] = np.array([[0, 1], [1, 2]], np.int64)
    write_file(p("int_edges.nir"), root)

    root = simple_graph(affine(3, 2))
    root["edges"] = np.array([("input", "x"), ("x", "outptu")], dtype=VLEN)
    write_file(p("missing_edge_node.nir"), root)

    # nir.write of a node named "a/b": HDF5 makes nested groups.
    write_file(p("slash_name.nir"), graph(
        {"input": port("Input", 2), "a/b": affine(3, 2),
         "output": port("Output", 3)},
        [("input", "a/b"), ("a/b", "output")]))

    write_file(p("edge_from_output.nir"), graph(
        {"input": port("Input", 3), "output": port("Output", 3),
         "s": {"type": "Scale", "scale": f32(1, 1, 1)}},
        [("input", "output"), ("output", "s")]))

    write_file(p("bad_padding.nir"), graph(
        {"input": port("Input", 2, 16),
         "conv": {"type": "Conv1d", "input_shape": 16,
                  "weight": np.ones((3, 2, 5), np.float32), "stride": 1,
                  "padding": "full", "dilation": 1, "groups": 1,
                  "bias": np.zeros(3, np.float32)},
         "output": port("Output", 3, 16)},
        [("input", "conv"), ("conv", "output")]))

    compound = np.zeros(3, dtype=[("re", "f4"), ("im", "f4")])
    write_file(p("compound_param.nir"),
               simple_graph({"type": "Affine", "weight": np.ones((3, 2)),
                             "bias": compound}))

    bad = affine(3, 2)
    bad["metadata"] = "not a group"
    write_file(p("metadata_dataset.nir"), simple_graph(bad))

    inner = graph({"i1": port("Input", 3), "i2": port("Input", 3),
                   "o": port("Output", 3)}, [("i1", "o"), ("i2", "o")])
    write_file(p("subgraph_two_inputs.nir"), graph(
        {"input": port("Input", 3), "sub": inner, "output": port("Output", 3)},
        [("input", "sub"), ("sub", "output")]))

    # Refused because they would make the reader touch other files.
    with h5py.File(p("external_link.nir"), "w") as f:
        write_dict(f.create_group("node"), simple_graph(affine(3, 2)))
        f["node/nodes/x/weight_ext"] = h5py.ExternalLink("weights.h5", "/w")

    with open(p("external_raw.bin"), "wb") as raw:
        raw.write(np.ones(6, np.float32).tobytes())
    with h5py.File(p("external_storage.nir"), "w") as f:
        root = simple_graph(affine(3, 2))
        del root["nodes"]["x"]["weight"]
        write_dict(f.create_group("node"), root)
        f["node/nodes/x"].create_dataset(
            "weight", shape=(3, 2), dtype=np.float32,
            external=[(p("external_raw.bin"), 0, 24)])

    with h5py.File(p("vds_source.h5"), "w") as f:
        f.create_dataset("w", data=np.ones((3, 2), np.float32))
    with h5py.File(p("virtual.nir"), "w") as f:
        root = simple_graph(affine(3, 2))
        del root["nodes"]["x"]["weight"]
        write_dict(f.create_group("node"), root)
        layout = h5py.VirtualLayout(shape=(3, 2), dtype=np.float32)
        layout[:] = h5py.VirtualSource(p("vds_source.h5"), "w", shape=(3, 2))
        f["node/nodes/x"].create_virtual_dataset("weight", layout)

    with h5py.File(p("soft_link_cycle.nir"), "w") as f:
        write_dict(f.create_group("node"), simple_graph(affine(3, 2)))
        f["node/nodes/loop"] = h5py.SoftLink("/node/nodes")

    with h5py.File(p("huge_claim.nir"), "w") as f:
        write_dict(f.create_group("node"), simple_graph({"type": "Linear"}))
        f["node/nodes/x"].create_dataset("weight", shape=(3, 2**40),
                                         dtype=np.float32)

    # The root's type string, whose global heap object claims a size far
    # beyond its heap collection: HDF5 1.10 itself crashes reading it.
    golden = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                          "..", "..", "samples", "generated",
                          "gen_affine_lif_nocompress.nir")
    with open(golden, "rb") as f:
        data = bytearray(f.read())
    heap = data.find(b"GCOL")
    size = data.find(b"NIRGraph", heap) - 8  # that heap object's size field
    data[size:size + 8] = (2**40).to_bytes(8, "little")
    with open(p("heap_corrupt.nir"), "wb") as f:
        f.write(data)

    # The same in a chunked string dataset, whose heap IDs the reader's
    # isolation child does not read from the raw file before HDF5 does; a
    # string too long for the shared collection gets one of its own.
    # The corrupt strings are the root's edges (which the reader reads; it
    # does not read /version).
    with h5py.File(p("heap_corrupt_chunked.nir"), "w") as f:
        write_dict(f.create_group("node"), simple_graph(affine(3, 2)))
        del f["node/edges"]
        f["node"].create_dataset(
            "edges", data=[["CHUNKED-EDGE" + "x" * 5000, "x"], ["x", "output"]],
            chunks=(1, 2), dtype=h5py.string_dtype())
    with open(p("heap_corrupt_chunked.nir"), "rb") as f:
        data = bytearray(f.read())
    size = data.find(b"CHUNKED-EDGE") - 8
    data[size:size + 8] = (2**40).to_bytes(8, "little")
    with open(p("heap_corrupt_chunked.nir"), "wb") as f:
        f.write(data)

    # Nested graphs 33 deep: the innermost graph's group is 65 levels below
    # the root, one more than the reader enters (its recursion follows the
    # file's nesting). Metadata nested as deep is refused the same way.
    def nested(depth):
        inner = port("Input", 2) if depth == 0 else nested(depth - 1)
        return graph({"input": port("Input", 2), "g": inner,
                      "output": port("Output", 2)},
                     [("input", "g"), ("g", "output")])
    write_file(p("deep_graphs.nir"), nested(32))
    deep = {"leaf": 1.0}
    for _ in range(64):
        deep = {"d": deep}
    write_file(p("deep_metadata.nir"),
               graph({"input": port("Input", 2), "output": port("Output", 2)},
                     [("input", "output")], metadata=deep))

    with h5py.File(p("lzf_filter.nir"), "w") as f:
        root = simple_graph(affine(3, 2))
        del root["nodes"]["x"]["weight"]
        write_dict(f.create_group("node"), root)
        f["node/nodes/x"].create_dataset("weight", data=np.ones((3, 2)),
                                         compression="lzf")


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for make in (old_conv, reference_quirks, old_defaults, fixed_strings,
                 empty_edges, no_ports, scale_chain, graph_shapes, open_inputs,
                 numeric_dtypes, scalar_params, metadata_kinds, bad_files):
        make(out)


if __name__ == "__main__":
    main()
