"""Runs a raised TorchScript module (.pt) against the independent reference
simulator (test/Integration/reference/nir_sim.py) on the same .nir file.

    check_raised.py model.nir model.pt [--reset value|subtract] [--dt DT]
    check_raised.py --each "model.nir model.pt [OPTIONS]" --each ...

--each checks several modules in one process (torch loads once), each
with its own options; a failing one does not stop the others.

Both run in float64 from a zero state on random inputs at several
amplitudes, step by step (forward) and as a sequence (forward_sequence),
with and without a batch dimension. Several Input/Output nodes are passed
and compared in name order: forward(in1, in2, state) -> (out1, out2, state),
forward_sequence(in1, in2) -> (out1, out2) (a plain tensor for one Output).
The module's port slots (nir_inputs, nir_input_shapes, nir_outputs) must
name the file's ports. Spiking outputs (only 0/1 in the
reference) must be identical; other outputs agree within 1e-9 relative to
their largest magnitude. Prints one summary line; exits non-zero on a
mismatch.
"""

import argparse
import os
import shlex
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "Integration", "reference"))
import nir_sim  # noqa: E402

RTOL = 1e-9


def compare(what, got, ref):
    got = np.asarray(got)
    if got.shape != ref.shape:
        sys.exit("%s: shape %s, reference %s" % (what, got.shape, ref.shape))
    spiking = ref.size > 0 and np.all((ref == 0) | (ref == 1))
    if spiking:
        if not np.array_equal(got, ref):
            bad = np.argwhere(got != ref)[:5]
            sys.exit("%s: spikes differ at %s" % (what, bad.tolist()))
        return int(ref.sum())
    scale = float(np.max(np.abs(ref))) if ref.size else 0.0
    err = float(np.max(np.abs(got - ref))) if ref.size else 0.0
    if err > RTOL * max(scale, 1e-300):
        sys.exit("%s: max abs error %g for magnitude %g" % (what, err, scale))
    return 0


def main(argv):
    if argv and argv[0] == "--each":
        if len(argv) % 2:
            sys.exit("--each takes one quoted 'NIR PT [OPTIONS]' each")
        failed = 0
        for flag, spec in zip(argv[0::2], argv[1::2]):
            if flag != "--each":
                sys.exit("expected --each, got '%s'" % flag)
            try:
                check(shlex.split(spec))
            except SystemExit as error:
                print("FAIL %s: %s" % (spec, error))
                failed += 1
            sys.stdout.flush()
        return 1 if failed else 0
    check(argv)
    return 0


def check(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("nir")
    ap.add_argument("pt")
    ap.add_argument("--reset", default="value")
    ap.add_argument("--dt", type=float, default=None)
    ap.add_argument("--steps", type=int, default=12)
    ap.add_argument("--scale", type=float, default=1.0,
                    help="multiplies the input amplitudes (1, 30, 1000)")
    ap.add_argument("--min-spikes", type=int, default=0,
                    help="fail unless the reference output has this many spikes")
    args = ap.parse_args(argv)

    graph = nir_sim.load(args.nir)
    shapes = [tuple(int(s) for s in shape) for shape in graph.input_shapes]
    module = torch.jit.load(args.pt)
    ports = (list(module.nir_inputs), [list(s) for s in module.nir_input_shapes],
             list(module.nir_outputs))
    expected = (graph.input_names, [list(s) for s in shapes], graph.output_names)
    if ports != expected:
        sys.exit("port slots %s, expected %s" % (ports, expected))
    num_outputs = len(graph.output_names)
    rng = np.random.default_rng(1234)
    spikes = 0
    checks = 0
    for amplitude in (1.0, 30.0, 1000.0):
        for batch in (None, 3):
            lead = (args.steps,) if batch is None else (args.steps, batch)
            xs = [rng.uniform(-0.2, 1.0, size=lead + shape) * amplitude * args.scale
                  for shape in shapes]
            ref = nir_sim.simulate(graph, xs, dt=args.dt, dtype=np.float64,
                                   reset=args.reset)
            if num_outputs == 1:
                ref = [ref]
            xts = [torch.from_numpy(x) for x in xs]
            tag = "amplitude %g batch %s" % (amplitude, batch)
            # As a sequence.
            seq = module.forward_sequence(*xts)
            if num_outputs == 1:
                seq = (seq,)
            elif not isinstance(seq, tuple) or len(seq) != num_outputs:
                sys.exit("forward_sequence did not return %d outputs" % num_outputs)
            for name, got, r in zip(graph.output_names, seq, ref):
                spikes += compare("%s forward_sequence %s" % (tag, name),
                                  got.detach().numpy(), r)
            # Step by step, feeding the state back.
            state = None
            steps = [[] for _ in range(num_outputs)]
            for t in range(args.steps):
                result = module.forward(*[x[t] for x in xts], state)
                if len(result) != num_outputs + 1:
                    sys.exit("forward returned %d values, expected %d outputs "
                             "and the state" % (len(result), num_outputs))
                state = result[-1]
                if not isinstance(state, dict):
                    sys.exit("forward did not return a state dict")
                for k in range(num_outputs):
                    steps[k].append(result[k].detach().numpy())
            for name, got, r in zip(graph.output_names, steps, ref):
                compare("%s forward %s" % (tag, name), np.stack(got), r)
            checks += 2 * num_outputs
    if spikes < args.min_spikes:
        sys.exit("only %d reference spikes, expected at least %d"
                 % (spikes, args.min_spikes))
    print("OK %s: %d comparisons, %d reference spikes"
          % (os.path.basename(args.nir), checks, spikes))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
