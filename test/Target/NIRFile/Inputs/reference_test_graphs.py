#!/usr/bin/env python3
"""The graphs of the reference package's own read/write tests, as `.nir`
files, and a check that nir-translate keeps their edge order.

Usage:
  reference_test_graphs.py write OUTDIR
      Writes one `<name>.nir` per graph into OUTDIR.
  reference_test_graphs.py roundtrip OUTDIR NIR_TRANSLATE
      Writes the graphs, runs `NIR_TRANSLATE --import-nir` and
      `--export-nir` on each, and compares the `edges` lists of the written
      files with the originals in order, nested graphs included (what the
      reference's assert_equivalence compares). Prints one line per graph
      and `N of M graphs keep their edge order`; exits 1 if a translation
      fails, 0 otherwise.
  reference_test_graphs.py roundtrip-pt OUTDIR NIRTORCH
      The same through a raised TorchScript module: `NIRTORCH *.nir -o
      OUTDIR/pt`, then `NIRTORCH OUTDIR/pt/*.pt -o OUTDIR/back` (one
      batch each way, so libtorch loads once per direction).

Provenance: the topologies mirror the graphs built by the tests of the
reference package `nir` (github.com/neuromorphs/NIR, tests/test_readwrite.py
and tests/test_architectures.py; spec/nir-format.md section 6.1): chains
built with NIRGraph.from_list, fan-in, fan-out, residual and recurrent
graphs, self-loops, nested graphs and graphs with several Input and Output
nodes. They are written from their description here, with deterministic
parameters instead of random ones, not copied. Each file is what
`nir.write` writes for the graph after the NIRGraph constructor's type
inference: from_list names nodes after their class (`affine`, `affine_1`)
and chains them from `input` to `output`; a root that is not an Input gets
`input_<root>` and a leaf that is not an Output gets `output_<leaf>`, their
edges appended to the edge list (spec section 3.3).
"""

import os
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_nir_files import graph, write_file  # noqa: E402


# ---------------------------------------------------------------------------
# Nodes, in the file's layout (the reference's to_dict)
# ---------------------------------------------------------------------------

def values(*shape, start=1):
    """Deterministic float64 parameters (the tests use np.random.randn)."""
    count = int(np.prod(shape))
    return (np.arange(start, start + count, dtype=np.float64) / 10).reshape(
        shape)


def affine(n_in, n_out):
    """tests/__init__.py mock_affine(in, out): weight (out, in), bias (out,)."""
    return {"type": "Affine", "weight": values(n_out, n_in),
            "bias": values(n_out)}


def linear(n_in, n_out):
    return {"type": "Linear", "weight": values(n_out, n_in)}


def port(kind, *shape):
    return {"type": kind, "shape": np.array(shape, dtype=np.int64)}


def lif(tau, threshold):
    n = len(tau)
    return {"type": "LIF", "tau": np.array(tau), "r": np.ones(n, np.int64),
            "v_leak": np.zeros(n, np.int64),
            "v_threshold": np.array(threshold),
            "v_reset": np.zeros(n, np.int64)}


def integrator(n):
    return {"type": "I", "r": values(n)}


def shape_of(node, port_kind):
    """A node's input ("Input") or output ("Output") shape, for the ports
    type inference adds."""
    kind = node["type"]
    if kind == "NIRGraph":
        ports = [n for n in node["nodes"].values() if n["type"] == port_kind]
        return list(ports[0]["shape"])
    if kind in ("Affine", "Linear"):
        weight = node["weight"].shape
        return [weight[-1] if port_kind == "Input" else weight[-2]]
    key = {"Scale": "scale", "Delay": "delay", "Threshold": "threshold",
           "CubaLI": "v_leak", "CubaLIF": "v_threshold"}.get(kind, "r")
    return list(node[key].shape)


def from_list(*nodes):
    """NIRGraph.from_list: class-named nodes chained from input to output."""
    named, counts = {}, {}
    if nodes[0]["type"] != "Input":
        named["input"] = port("Input", *shape_of(nodes[0], "Input"))
    for node in nodes:
        base = node["type"].lower()
        count = counts.get(base, 0)
        counts[base] = count + 1
        named[f"{base}_{count}" if count else base] = node
    if nodes[-1]["type"] != "Output":
        named["output"] = port("Output", *shape_of(nodes[-1], "Output"))
    names = list(named)
    return graph(named, list(zip(names, names[1:])))


def nir_graph(nodes, edges):
    """The NIRGraph constructor: ports for roots and leaves, in node order,
    their edges appended."""
    nodes, edges = dict(nodes), list(edges)
    targets = {b for _, b in edges}

    def fresh(base):
        name, suffix = base, 0
        while name in nodes:
            name, suffix = f"{base}_{suffix}", suffix + 1
        return name

    for name, node in list(nodes.items()):
        if name not in targets and node["type"] != "Input":
            added = fresh(f"input_{name}")
            nodes[added] = port("Input", *shape_of(node, "Input"))
            edges.append((added, name))
    sources = {a for a, _ in edges}
    for name, node in list(nodes.items()):
        if name not in sources and node["type"] != "Output":
            added = fresh(f"output_{name}")
            nodes[added] = port("Output", *shape_of(node, "Output"))
            edges.append((name, added))
    return graph(nodes, edges)


# ---------------------------------------------------------------------------
# The graphs, named after the reference test that builds them
# ---------------------------------------------------------------------------

def graphs():
    lif3 = lambda: lif([10, 20, 30], [1, 2, 3])
    lif2 = lambda: lif([10, 20], [1, 2])
    delay3 = lambda: {"type": "Delay", "delay": np.array([0.5, 0.1, 0.2])}
    g = {}
    # tests/test_readwrite.py. A self-loop with no Input cannot be type
    # checked; the reference reads it with type_check=False.
    g["unchecked_self_loop"] = graph({"a": affine(2, 2)}, [("a", "a")])
    # A cycle between a node and a nested graph (test_nested), with an
    # Input and an Output; the nested graph lists its edges last to first.
    g["nested_cycle"] = graph(
        {"input": port("Input", 2), "a": integrator(2),
         "b": graph({"input": port("Input", 2),
                     "delay": {"type": "Delay", "delay": values(2)},
                     "output": port("Output", 2)},
                    [("delay", "output"), ("input", "delay")]),
         "c": port("Output", 2)},
        [("a", "b"), ("b", "a"), ("input", "a"), ("b", "c")])
    g["conv1d"] = from_list(
        port("Input", 2, 16),
        {"type": "Conv1d", "input_shape": 16, "weight": values(3, 2, 3),
         "stride": 1, "padding": 1, "dilation": 1, "groups": 1,
         "bias": values(3)},
        port("Output", 3, 16))
    g["conv2d"] = from_list(
        port("Input", 1, 10, 10),
        {"type": "Conv2d", "input_shape": np.array([10, 10]),
         "weight": values(2, 1, 3, 3), "stride": np.array([1, 2]),
         "padding": np.array([1, 1]), "dilation": np.array([1, 1]),
         "groups": 1, "bias": values(2)},
        port("Output", 2, 10, 5))
    g["integrator"] = nir_graph({"a": affine(2, 3), "b": integrator(3)},
                                [("a", "b")])
    g["integrate_and_fire"] = nir_graph(
        {"a": affine(2, 3),
         "b": {"type": "IF", "r": np.ones(3, np.int64),
               "v_threshold": np.ones(3, np.int64),
               "v_reset": np.zeros(3, np.int64)}},
        [("a", "b")])
    li = {"type": "LI", "tau": np.ones(3, np.int64),
          "r": np.ones(3, np.int64), "v_leak": np.ones(3, np.int64)}
    g["leaky_integrator"] = from_list(affine(2, 3), li)
    g["linear"] = from_list(linear(2, 3), dict(li))
    g["leaky_integrator_and_fire"] = from_list(affine(2, 3), lif3())
    cuba = {"tau_syn": np.full(3, 2, np.int64),
            "tau_mem": np.ones(3, np.int64), "r": np.ones(3, np.int64),
            "v_leak": np.ones(3, np.int64), "w_in": np.full(3, 2, np.int64)}
    g["current_based_leaky_integrator"] = from_list(
        affine(2, 3), dict(cuba, type="CubaLI"))
    g["current_based_leaky_integrator_and_fire"] = from_list(
        affine(2, 3), dict(cuba, type="CubaLIF",
                           v_threshold=np.full(3, 3, np.int64),
                           v_reset=np.zeros(3, np.int64)))
    g["scale"] = from_list(port("Input", 3),
                           {"type": "Scale", "scale": np.array([1, 2, 3])},
                           port("Output", 3))
    g["simple_with_read_write"] = from_list(port("Input", 2), affine(2, 3),
                                            port("Output", 3))
    g["delay"] = from_list(port("Input", 3), delay3(), port("Output", 3))
    g["threshold"] = from_list(
        port("Input", 3), {"type": "Threshold",
                           "threshold": np.array([1, 2, 3])},
        port("Output", 3))
    g["flatten"] = from_list(
        port("Input", 2, 3), {"type": "Flatten", "start_dim": 0,
                              "end_dim": 1, "input_type": np.array([2, 3])},
        port("Output", 6))
    for kind in ("SumPool2d", "AvgPool2d"):
        g[kind.lower()] = from_list(
            port("Input", 2, 10, 10),
            {"type": kind, "kernel_size": np.array([2, 2]),
             "stride": np.array([2, 2]), "padding": np.array([0, 0])},
            port("Output", 2, 5, 5))

    # tests/test_architectures.py
    g["sequential"] = from_list(affine(2, 3), delay3(), lif3(), affine(3, 2))
    g["recurrent_on_first_node"] = graph(
        {"input": port("Input", 2), "affine": affine(2, 2),
         "integrator": integrator(2), "output": port("Output", 2)},
        [("input", "affine"), ("affine", "integrator"),
         ("integrator", "affine"), ("integrator", "output")])
    g["recurrent_on_second_node"] = nir_graph(
        {"affine1": affine(2, 2), "affine2": affine(2, 2),
         "integrator": integrator(2), "affine3": affine(2, 2)},
        [("affine1", "affine2"), ("affine2", "integrator"),
         ("integrator", "affine2"), ("integrator", "affine3")])
    branch_1 = lambda: from_list(affine(2, 3), delay3(), lif3(), affine(3, 3))
    branch_2 = lambda: from_list(affine(2, 2), lif2(), affine(2, 3))
    g["two_independent_branches"] = nir_graph(
        {"branch_1": branch_1(), "branch_2": branch_2()}, [])
    g["two_independent_branches_merging"] = nir_graph(
        {"branch_1": branch_1(), "branch_2": branch_2(), "junction": lif3()},
        [("branch_1", "junction"), ("branch_2", "junction")])
    g["merge_and_split_single_output"] = nir_graph(
        {"pre_split": from_list(affine(2, 3), lif3()),
         "branch_1": from_list(affine(3, 2), lif2()),
         "branch_2": from_list(affine(3, 2), lif([15, 5], [1, 1])),
         "junction": affine(2, 3)},
        [("pre_split", "branch_1"), ("pre_split", "branch_2"),
         ("branch_1", "junction"), ("branch_2", "junction")])
    g["merge_and_split_different_output_type"] = nir_graph(
        {"pre_split": from_list(affine(3, 3), lif3()),
         "branch_1": from_list(affine(3, 2), lif2()),
         "branch_2": from_list(affine(3, 2), lif([15, 5], [1, 1])),
         "junction": affine(2, 2)},
        [("pre_split", "branch_1"), ("pre_split", "branch_2"),
         ("branch_1", "junction"), ("branch_2", "junction")])
    g["residual"] = nir_graph(
        {"a": affine(2, 2), "b": lif2(), "c": affine(2, 2), "d": lif2(),
         "e": affine(2, 2), "f": lif([15, 5], [1, 1])},
        [("a", "b"), ("b", "c"), ("c", "d"), ("d", "e"), ("a", "e"),
         ("e", "f")])
    g["complex"] = nir_graph(
        {"a": {"type": "Affine", "weight": values(3, 1),
               "bias": values(1, 3)},  # a bias [1, N], as in the test
         "b": lif3(), "c": lif([5, 20, 1], [1, 1, 1]),
         "d": affine(3, 2), "e": affine(3, 2), "f": affine(2, 2)},
        [("a", "b"), ("a", "c"), ("b", "d"), ("c", "d"), ("c", "e"),
         ("d", "f"), ("e", "f")])
    # Several Input and Output nodes at the top level, listed first.
    g["several_ports"] = graph(
        {"in_a": port("Input", 2), "in_b": port("Input", 2),
         "sum": affine(2, 2), "out_a": port("Output", 2),
         "out_b": port("Output", 2)},
        [("sum", "out_b"), ("in_b", "sum"), ("sum", "out_a"),
         ("in_a", "sum")])
    return g


# ---------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------

def write(out):
    os.makedirs(out, exist_ok=True)
    names = []
    for name, root in graphs().items():
        write_file(os.path.join(out, name + ".nir"), root)
        names.append(name)
    return names


def edge_lists(path):
    """{graph group: [(src, dst), ...] in file order}, nested graphs too."""
    import h5py
    lists = {}
    with h5py.File(path, "r") as f:
        def visit(group, where):
            edges = group["edges"][()]
            lists[where] = [] if edges.size == 0 else [
                tuple(v.decode() for v in row) for row in edges]
            for name, node in group["nodes"].items():
                if node["type"][()] == b"NIRGraph":
                    visit(node, f"{where}/nodes/{name}")
        visit(f["node"], "/node")
    return lists


def first_difference(before, after):
    for where in sorted(set(before) | set(after)):
        a, b = before.get(where), after.get(where)
        if a == b:
            continue
        if a is None or b is None:
            return f"{where} is missing on one side"
        for row, (x, y) in enumerate(zip(a, b)):
            if x != y:
                return f"{where}/edges row {row}: {x} became {y}"
        return f"{where}/edges has {len(a)} rows, then {len(b)}"
    return None


def translate_steps(translate, name, source, out):
    """nir-translate: .nir -> MLIR -> .nir."""
    mlir = os.path.join(out, name + ".mlir")
    flags = ["--nir-no-type-check"] if name.startswith("unchecked") else []
    return [[translate, "--import-nir", *flags, source, "-o", mlir],
            [translate, "--export-nir", mlir, "-o", os.path.join(out, name + ".out.nir")]]


def compare_edge_orders(out, names, written_of, failed):
    """Prints keeps/reorders per graph whose file was written and the
    count; 1 if a step failed."""
    kept = 0
    for name in names:
        written = written_of(name)
        if not os.path.exists(written):
            print(f"FAILED {name}: no {written}")
            failed = True
            continue
        difference = first_difference(
            edge_lists(os.path.join(out, name + ".nir")), edge_lists(written))
        if difference:
            print(f"reorders {name}: {difference}")
        else:
            print(f"keeps {name}")
            kept += 1
    print(f"{kept} of {len(names)} graphs keep their edge order")
    return 1 if failed else 0


def roundtrip(out, tool, make_steps):
    failed = False
    names = write(out)
    for name in names:
        for step in make_steps(tool, name, os.path.join(out, name + ".nir"),
                               out):
            result = subprocess.run(step, capture_output=True, text=True)
            if result.returncode != 0:
                print(f"FAILED {name}: {' '.join(step)}\n{result.stderr}")
                failed = True
                break
    return compare_edge_orders(
        out, names, lambda name: os.path.join(out, name + ".out.nir"), failed)


def roundtrip_pt(out, nirtorch):
    """nirtorch: .nir -> raised .pt (OUTDIR/pt) -> .nir (OUTDIR/back), all
    graphs in one batch each way (two with --no-type-check for the
    unchecked ones). A graph without Input and Output nodes has no module
    form (nirtorch refuses to raise it)."""
    failed = False
    names = write(out)
    if "unchecked_self_loop" in names:
        print("skips unchecked_self_loop")
        names.remove("unchecked_self_loop")
    pt_dir, back_dir = os.path.join(out, "pt"), os.path.join(out, "back")
    os.makedirs(pt_dir, exist_ok=True)
    os.makedirs(back_dir, exist_ok=True)
    for unchecked in (False, True):
        group = [n for n in names if n.startswith("unchecked") == unchecked]
        if not group:
            continue
        flags = ["--no-type-check"] if unchecked else []
        steps = [
            [nirtorch, *[os.path.join(out, n + ".nir") for n in group],
             *flags, "-o", pt_dir],
            [nirtorch, *[os.path.join(pt_dir, n + ".pt") for n in group],
             "-o", back_dir]]
        for step in steps:
            result = subprocess.run(step, capture_output=True, text=True)
            if result.returncode != 0:
                print(f"FAILED: {' '.join(step)}\n{result.stderr}")
                failed = True
    return compare_edge_orders(
        out, names, lambda name: os.path.join(back_dir, name + ".nir"), failed)


def main(argv):
    if len(argv) == 3 and argv[1] == "write":
        write(argv[2])
        return 0
    if len(argv) == 4 and argv[1] == "roundtrip":
        return roundtrip(argv[2], argv[3], translate_steps)
    if len(argv) == 4 and argv[1] == "roundtrip-pt":
        return roundtrip_pt(argv[2], argv[3])
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
