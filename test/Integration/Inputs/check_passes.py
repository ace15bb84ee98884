"""Measures whether nir-opt passes keep a graph's meaning: raises the graph
as it is and after each pipeline below with `nirtorch` (float64), runs all
the modules on the same inputs and compares (compare_raised.py).

    check_passes.py --nirtorch BIN --work DIR GRAPH.nir|.mlir
                    [--only NAME,...] [--rtol R] [-- NIRTORCH ARGS...]

Prints one line per pipeline; exits non-zero if any disagrees. A pipeline
marked exact must give bit-identical outputs (the passes claim exactness),
the others identical spikes and values within 1e-9 relative.
"""

import argparse
import concurrent.futures
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import compare_raised  # noqa: E402

# name -> (pipeline on each nir.graph, exact)
PIPELINES = {
    "canonicalize": ("canonicalize", False),
    "fold-exact": ("nir-fold{exact-only=true}", True),
    "dce": ("nir-dce", True),
    "outline-inline": ("nir-outline-subgraphs{recurrent=true},"
                       "nir-inline-subgraphs", True),
    "backend": ("nir-inline-subgraphs,canonicalize,nir-dce,"
                "nir-outline-subgraphs{recurrent=true}", False),
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--nirtorch", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--only", default=",".join(PIPELINES))
    ap.add_argument("--rtol", default=str(compare_raised.RTOL))
    ap.add_argument("graph")
    ap.add_argument("nirtorch_args", nargs="*")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    stem = os.path.splitext(os.path.basename(args.graph))[0]
    names = [n for n in args.only.split(",") if n]
    for name in names:
        if name not in PIPELINES:
            sys.exit("unknown pipeline '%s'" % name)

    def raise_graph(name):
        out = os.path.join(args.work, "%s.%s.pt" % (stem, name))
        cmd = [args.nirtorch, args.graph, "-o", out, "--dtype=float64"]
        cmd += args.nirtorch_args
        if name != "base":
            cmd.append("--pass-pipeline=nir.graph(%s)" % PIPELINES[name][0])
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit("%s: %s failed:\n%s" % (name, " ".join(cmd), done.stderr))
        return out

    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        paths = dict(zip(["base"] + names,
                         pool.map(raise_graph, ["base"] + names)))
    others = ["%s=%s%s" % (n, paths[n], ":exact" if PIPELINES[n][1] else "")
              for n in names]
    print("== %s" % os.path.basename(args.graph))
    sys.stdout.flush()
    return compare_raised.main([paths["base"]] + others + ["--rtol", args.rtol])


if __name__ == "__main__":
    sys.exit(main())
