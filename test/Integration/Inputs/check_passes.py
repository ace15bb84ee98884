"""Measures whether nir-opt passes keep a graph's meaning: raises each graph
as it is and after each pipeline below (float64), runs all the modules on
the same inputs and compares (compare_raised.py).

    check_passes.py --nirtorch BIN --work DIR GRAPH.nir|.mlir ...
                    [--only NAME,...] [--rtol R] [-- NIRTORCH ARGS...]

The pipelines run in nir-opt on the imported graph (nir-translate
--import-nir; --no-type-check among the NIRTORCH ARGS goes there), and one
`nirtorch` batch raises every graph and variant (libtorch loads once).
Prints "== GRAPH" and one line per pipeline for each graph; exits non-zero
if any disagrees. A pipeline marked exact must give bit-identical outputs
(the passes claim exactness), the others identical spikes and values within
1e-9 relative.
"""

import argparse
import os
import shutil
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


def tool(nirtorch, name):
    """`name` next to the nirtorch binary, else on PATH."""
    beside = os.path.join(os.path.dirname(nirtorch), name)
    if os.path.dirname(nirtorch) and os.path.exists(beside):
        return beside
    return shutil.which(name) or sys.exit("cannot find %s" % name)


def run(cmd):
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit("%s failed:\n%s" % (" ".join(cmd), done.stderr))


def main(argv):
    nirtorch_args = []
    if "--" in argv:
        at = argv.index("--")
        argv, nirtorch_args = argv[:at], argv[at + 1:]
    ap = argparse.ArgumentParser()
    ap.add_argument("--nirtorch", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--only", default=",".join(PIPELINES))
    ap.add_argument("--rtol", default=str(compare_raised.RTOL))
    ap.add_argument("graphs", nargs="+")
    args = ap.parse_args(argv)
    names = [n for n in args.only.split(",") if n]
    for name in names:
        if name not in PIPELINES:
            sys.exit("unknown pipeline '%s'" % name)
    import_flags = []
    if "--no-type-check" in nirtorch_args:
        nirtorch_args.remove("--no-type-check")
        import_flags.append("--nir-no-type-check")
    translate = tool(args.nirtorch, "nir-translate")
    opt = tool(args.nirtorch, "nir-opt")
    pt_dir = os.path.join(args.work, "pt")
    os.makedirs(pt_dir, exist_ok=True)

    # <work>/<stem>.<variant>.mlir, raised to <work>/pt/<stem>.<variant>.pt
    stems = [os.path.splitext(os.path.basename(g))[0] for g in args.graphs]
    if len(set(stems)) != len(stems):
        sys.exit("graphs must have different names: %s" % " ".join(stems))
    variants = []
    for graph, stem in zip(args.graphs, stems):
        base = os.path.join(args.work, stem + ".base.mlir")
        if graph.endswith(".mlir"):
            shutil.copyfile(graph, base)
        else:
            run([translate, "--import-nir", *import_flags, graph, "-o", base])
        variants.append(base)
        for name in names:
            out = os.path.join(args.work, "%s.%s.mlir" % (stem, name))
            run([opt, "--pass-pipeline=builtin.module(nir.graph(%s))"
                 % PIPELINES[name][0], base, "-o", out])
            variants.append(out)
    run([args.nirtorch, *variants, "-o", pt_dir, "--dtype=float64",
         *nirtorch_args])

    status = 0
    for graph, stem in zip(args.graphs, stems):
        pt = lambda name: os.path.join(pt_dir, "%s.%s.pt" % (stem, name))
        others = ["%s=%s%s" % (n, pt(n), ":exact" if PIPELINES[n][1] else "")
                  for n in names]
        print("== %s" % os.path.basename(graph))
        sys.stdout.flush()
        status = compare_raised.main([pt("base")] + others +
                                     ["--rtol", args.rtol]) or status
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
