#!/usr/bin/python3
"""Checks that the nir folds keep a graph's meaning.

Generates random NIR graphs of Scale, Affine, Linear, Flatten, I and LI nodes
(cycles, self-loops, fan-in, fan-out, nodes that no Input reaches, names in
random order), runs a nir-opt pipeline on each and simulates the graph before
and after with the discrete semantics of docs/Raising.md ("Semantics"): the
schedule and the delayed edges are the ones `--nir-print-execution-order`
prints, parameters are f64 and computed in float64. The outputs must agree to
1e-9, or bit for bit with --exact.

    check_folds.py NIR_OPT --pipeline=OPTIONS [--seed N] [--graphs N] [--exact]

OPTIONS are nir-opt's, separated by spaces (e.g. --pipeline=-canonicalize).

Prints "N graphs, M folded, K mismatches" and every mismatch.
"""

import argparse
import random
import re
import subprocess
import sys

import numpy as np

WIDTH = 2  # every signal is tensor<2xf32>
DT = 0.1
STEPS = 6
NAMES = list("abcdefghkmpqrstuwz")


def dense(values):
    return "dense<" + repr(np.asarray(values).tolist()) + ">"


def random_graph(rng):
    names = rng.sample(NAMES, rng.randint(3, 9))
    factors = [0.5, 2.0, -1.0, 3.0, 0.25, 1.5, 0.3]
    entries = [0.0, 0.5, 1.0, -2.0, 0.3]
    lines = ['  %in = nir.input "in" : tensor<2xf32>']
    for name in names:
        kind = rng.choice(["scale", "scale", "ones", "affine", "affine",
                           "linear", "flatten", "i", "li"])
        sources = rng.sample(["in"] + names, rng.choice([1, 1, 1, 2]))
        edges = ", ".join("%" + s for s in sources)
        vector = [rng.choice(factors) for _ in range(WIDTH)]
        matrix = [[rng.choice(entries) for _ in range(WIDTH)]
                  for _ in range(WIDTH)]
        if kind == "scale":
            params = f"scale = {dense(vector)} : tensor<2xf64>"
        elif kind == "ones":
            kind, params = "scale", "scale = dense<1.0> : tensor<2xf64>"
        elif kind == "affine":
            bias = vector if rng.random() < 0.6 else [0.0] * WIDTH
            params = (f"weight = {dense(matrix)} : tensor<2x2xf64>, "
                      f"bias = {dense(bias)} : tensor<2xf64>")
        elif kind == "linear":
            params = f"weight = {dense(matrix)} : tensor<2x2xf64>"
        elif kind == "flatten":
            params = "start_dim = 0, end_dim = 0"
        elif kind == "i":
            params = "r = dense<1.0> : tensor<2xf64>"
        else:
            params = ("tau = dense<0.5> : tensor<2xf64>, "
                      "r = dense<1.0> : tensor<2xf64>, "
                      "v_leak = dense<0.7> : tensor<2xf64>")
        lines.append(f'  %{name} = nir.{kind} "{name}"({edges}) {{{params}}}'
                     " : tensor<2xf32>")
    for index, source in enumerate(rng.sample(names, min(2, len(names)))):
        lines.append(f'  %o{index} = nir.output "o{index}"(%{source})'
                     " : tensor<2xf32>")
    return "nir.graph @g {\n" + "\n".join(lines) + "\n}\n"


NODE = re.compile(
    r'%(\S+) = nir\.(\w+) "([^"]+)"(?:\(([^)]*)\))?(?: \{(.*)\})? :')
PARAM = re.compile(r"(\w+) = dense<(.*?)> : tensor<([0-9x]*?)x?f64>")


def parse(text):
    """{ssa name: {kind, name, edges, params}} of the printed graph."""
    nodes = {}
    for match in NODE.finditer(text):
        ssa, kind, name, edges, attrs = match.groups()
        params = {}
        for param in PARAM.finditer(attrs or ""):
            key, values, shape = param.groups()
            shape = [int(d) for d in shape.split("x") if d]
            array = np.array(eval(values), dtype=np.float64)
            params[key] = np.broadcast_to(array, shape)
        edges = [e.strip()[1:] for e in edges.split(",")] if edges else []
        nodes[ssa] = {"kind": kind, "name": name, "edges": edges,
                      "params": params}
    return nodes


def signature(text):
    """The graph's nodes as (name, kind) pairs: what a fold changes."""
    return sorted((n["name"], n["kind"]) for n in parse(text).values())


def run(nir_opt, text, *args):
    return subprocess.run([nir_opt, "-", *args], input=text,
                          capture_output=True, text=True, check=True).stdout


def schedule(nir_opt, text):
    printed = run(nir_opt, text, "--nir-print-execution-order",
                  "-o", "/dev/null")
    order = re.search(r"order: (.*)", printed).group(1).split(", ")
    delayed = re.search(r"delayed: (.*)", printed).group(1)
    edges = set() if delayed == "none" else {
        tuple(edge.split(" -> ")) for edge in delayed.split(", ")}
    return order, edges


def simulate(nir_opt, text, inputs):
    nodes = parse(text)
    by_name = {node["name"]: ssa for ssa, node in nodes.items()}
    order, delayed = schedule(nir_opt, text)
    previous = {ssa: np.zeros(WIDTH) for ssa in nodes}
    state = {ssa: np.zeros(WIDTH) for ssa in nodes}
    outputs = sorted((n["name"], ssa) for ssa, n in nodes.items()
                     if n["kind"] == "output")
    trace = []
    for x in inputs:
        current = {}
        for name in order:
            ssa = by_name[name]
            node = nodes[ssa]
            kind, p = node["kind"], node["params"]
            if kind == "input":
                current[ssa] = x
                continue
            total = np.zeros(WIDTH)
            for source in node["edges"]:
                late = (nodes[source]["name"], name) in delayed
                total = total + (previous if late else current)[source]
            if kind == "scale":
                y = p["scale"] * total
            elif kind == "affine":
                y = p["weight"] @ total + p["bias"]
            elif kind == "linear":
                y = p["weight"] @ total
            elif kind in ("flatten", "output"):
                y = total
            elif kind == "i":
                state[ssa] = state[ssa] + DT * p["r"] * total
                y = state[ssa]
            elif kind == "li":
                v = state[ssa]
                state[ssa] = v + DT / p["tau"] * (p["v_leak"] - v
                                                   + p["r"] * total)
                y = state[ssa]
            else:
                raise ValueError(f"unexpected node kind {kind}")
            current[ssa] = y
        trace.append(np.concatenate([current[ssa] for _, ssa in outputs]))
        previous = current
    return np.array(trace)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("nir_opt")
    parser.add_argument("--pipeline", required=True,
                        help="nir-opt options, separated by spaces")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--graphs", type=int, default=100)
    parser.add_argument("--exact", action="store_true",
                        help="require bit-identical outputs")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    folded = mismatches = 0
    for _ in range(args.graphs):
        text = random_graph(rng)
        result = run(args.nir_opt, text, *args.pipeline.split())
        inputs = [np.array([rng.uniform(-1, 1) for _ in range(WIDTH)])
                  for _ in range(STEPS)]
        before = simulate(args.nir_opt, text, inputs)
        after = simulate(args.nir_opt, result, inputs)
        folded += signature(result) != signature(text)
        same = before.shape == after.shape and (
            np.array_equal(before, after) if args.exact
            else np.allclose(before, after, rtol=1e-9, atol=1e-9))
        if not same:
            mismatches += 1
            print(f"mismatch:\n{text}\nbecame\n{result}\n{before}\n{after}")
    print(f"{args.graphs} graphs, {folded} folded, {mismatches} mismatches")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
