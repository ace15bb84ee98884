#!/usr/bin/python3
"""Checks a module map by running: lowers a TorchScript model to NIR with the
map, raises the graph to TorchScript again, runs the model and the raised
module on the same random input and reports how far they agree.

  check-map.py MODEL.pt --input-shape=2x8x8 --module-map=mylib.json
               [--mode=step|sequence|batch-first] [--dt=S] [--reset=MODE]
               [--steps=50] [--batch=2] [--scale=1.0] [--seed=0]
               [--min-agreement=1.0] [--keep=DIR]

--mode says how MODEL runs over time: `step` calls forward(x_t, state) per
step, threading the second element of a returned (output, state) tuple
(snnlib, Norse); `sequence` calls forward once on (time, batch, ...) (the
snnTorch tutorials' loop in forward); `batch-first` on (batch, time, ...)
(sinabs). The input is uniform in [0, scale). --dt is the raising's time
step (default: the map file's "dt", else nirtorch's); --reset its reset
(value or subtract; default value).

Prints the share of output entries that agree (equal within 1e-6 relative
to the largest magnitude, so spikes must be equal) and the activity of both
models; a raised model that stays silent where the original is active gets
a hint: a map whose parameters follow another discretisation (NIR's IF
integrates dt * r * x, not r * x) makes exactly that. Exits 1 below
--min-agreement, 2 on a failed conversion. Needs nirtorch on PATH (or
NIRTORCH=path) and python3-torch.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

import torch


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model")
    parser.add_argument("--input-shape", required=True,
                        help="one step's NIR input shape without batch, e.g. 2x8x8")
    parser.add_argument("--module-map", required=True)
    parser.add_argument("--mode", choices=("step", "sequence", "batch-first"),
                        default="step")
    parser.add_argument("--dt", type=float)
    parser.add_argument("--reset", choices=("value", "subtract"), default="value")
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--batch", type=int, default=2)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--min-agreement", type=float, default=1.0)
    parser.add_argument("--keep", help="keep the .nir and raised .pt in this directory")
    return parser.parse_args(argv)


def run_nirtorch(args, work):
    tool = os.environ.get("NIRTORCH") or shutil.which("nirtorch")
    if not tool:
        raise SystemExit("check-map: nirtorch is not on PATH (or set NIRTORCH)")
    nir = os.path.join(work, "model.nir")
    raised = os.path.join(work, "raised.pt")
    lower = [tool, args.model, f"--input-shape={args.input_shape}",
             f"--module-map={args.module_map}", "-o", nir]
    dt = args.dt
    if dt is None:
        with open(args.module_map) as f:
            text = f.read()
        try:
            dt = json.loads(text).get("dt")
        except (ValueError, AttributeError):
            dt = None  # a PDLL map: nirtorch's default
    raise_ = [tool, nir, "--dtype=float64", f"--reset={args.reset}", "-o", raised]
    if dt is not None:
        raise_.append(f"--dt={dt}")
    for command in (lower, raise_):
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            sys.stderr.write(result.stderr)
            print(f"check-map: {' '.join(command)} failed", file=sys.stderr)
            sys.exit(2)
    return raised


def run_model(model, xs, mode):
    with torch.no_grad():
        if mode == "sequence":
            return model(xs)
        if mode == "batch-first":
            return model(xs.transpose(0, 1)).transpose(0, 1)
        outputs, state = [], None
        for x in xs:
            result = model(x) if state is None else model(x, state)
            if isinstance(result, tuple):
                result, state = result[0], result[1]
            outputs.append(result)
        return torch.stack(outputs)


def main(argv):
    args = parse_args(argv)
    shape = [int(d) for d in args.input_shape.split("x")]
    torch.manual_seed(args.seed)
    xs = torch.rand(args.steps, args.batch, *shape, dtype=torch.float32) * args.scale
    work = args.keep or tempfile.mkdtemp(prefix="check-map.")
    os.makedirs(work, exist_ok=True)
    try:
        raised_path = run_nirtorch(args, work)
        model = torch.jit.load(args.model).eval()
        raised = torch.jit.load(raised_path)
        expected = run_model(model, xs, args.mode).to(torch.float64)
        with torch.no_grad():
            got = raised.forward_sequence(xs.to(torch.float64))
        if isinstance(got, tuple):
            got = got[0]
        got = got.to(torch.float64)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    if got.shape != expected.shape:
        print(f"check-map: the outputs' shapes differ: model {list(expected.shape)}, "
              f"raised {list(got.shape)}")
        return 1
    tolerance = 1e-6 * max(expected.abs().max().item(), got.abs().max().item(), 1.0)
    agree = (expected - got).abs() <= tolerance
    agreement = agree.to(torch.float64).mean().item()
    differ = (~agree).reshape(args.steps, -1).any(dim=1).nonzero()
    first = differ[0].item() if len(differ) else None
    active = (expected != 0).sum().item()
    raised_active = (got != 0).sum().item()
    print(f"{os.path.basename(args.model)}: {agree.numel()} outputs over {args.steps} steps; "
          f"agreement {100 * agreement:.1f}%; first difference at step "
          f"{first if first is not None else 'none'}; nonzero outputs: model "
          f"{active}, raised {raised_active}")
    if active and not raised_active:
        print("check-map: the raised model is silent where the model is active: the map's "
              "parameters probably follow another discretisation (NIR's IF integrates "
              "dt * r * x and LIF dt / tau * (...); see docs/Raising.md, Semantics)")
    if agreement < args.min_agreement:
        print(f"check-map: agreement {agreement:.3f} is below {args.min_agreement}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
