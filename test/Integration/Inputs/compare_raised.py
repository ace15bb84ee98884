"""Checks that passes on a NIR graph keep its meaning: runs the raised
TorchScript module of the graph (BASE.pt) and of the graph after each
pipeline (OTHER.pt) on the same inputs and compares their outputs.

    compare_raised.py BASE.pt LABEL=OTHER.pt[:exact] ... [--steps N]

Every module runs in float64 from a zero state on random inputs at three
amplitudes (1, 30, 1000), as a sequence (forward_sequence) and step by step
(forward with the state fed back), with and without a batch dimension. The
ports (nir_inputs, nir_input_shapes, nir_outputs) must be the same. With
`:exact` the outputs must be bit-identical; otherwise spiking outputs (only 0
and 1 in the base) must be identical and other values agree within 1e-9
relative to the base's largest magnitude (--rtol). Prints one line per module with
what it measured; exits non-zero on the first disagreement.
"""

import argparse
import sys

import numpy as np
import torch

RTOL = 1e-9


def run(module, xs, steps, num_outputs):
    """The outputs of forward_sequence and of a forward loop."""
    seq = module.forward_sequence(*xs)
    if num_outputs == 1:
        seq = (seq,)
    state = None
    stepped = [[] for _ in range(num_outputs)]
    for t in range(steps):
        result = module.forward(*[x[t] for x in xs], state)
        state = result[-1]
        for k in range(num_outputs):
            stepped[k].append(result[k])
    return list(seq) + [torch.stack(s) for s in stepped]


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("base")
    ap.add_argument("others", nargs="+", metavar="LABEL=OTHER.pt[:exact]")
    ap.add_argument("--steps", type=int, default=12)
    ap.add_argument("--rtol", type=float, default=RTOL,
                    help="relative tolerance of pipelines not marked exact")
    args = ap.parse_args(argv)

    base = torch.jit.load(args.base)
    ports = (list(base.nir_inputs), [list(s) for s in base.nir_input_shapes],
             list(base.nir_outputs))
    shapes = [tuple(int(d) for d in s) for s in base.nir_input_shapes]
    num_outputs = len(ports[2])
    rng = np.random.default_rng(4321)
    inputs = []
    for amplitude in (1.0, 30.0, 1000.0):
        for batch in (None, 3):
            lead = (args.steps,) if batch is None else (args.steps, batch)
            inputs.append([torch.from_numpy(
                rng.uniform(-0.2, 1.0, size=lead + s) * amplitude)
                for s in shapes])
    expected = [run(base, xs, args.steps, num_outputs) for xs in inputs]

    failed = False
    for spec in args.others:
        label, _, path = spec.partition("=")
        exact = path.endswith(":exact")
        if exact:
            path = path[: -len(":exact")]
        module = torch.jit.load(path)
        got_ports = (list(module.nir_inputs),
                     [list(s) for s in module.nir_input_shapes],
                     list(module.nir_outputs))
        if got_ports != ports:
            print("FAIL %s: ports %s, base %s" % (label, got_ports, ports))
            failed = True
            continue
        comparisons = spikes = differing = 0
        worst = 0.0
        problem = None
        for xs, want in zip(inputs, expected):
            for got, ref in zip(run(module, xs, args.steps, num_outputs), want):
                comparisons += 1
                got, ref = got.numpy(), ref.numpy()
                if got.shape != ref.shape:
                    problem = "shape %s, base %s" % (got.shape, ref.shape)
                    break
                same = np.array_equal(got, ref)
                differing += int(not same)
                spiking = ref.size > 0 and np.all((ref == 0) | (ref == 1))
                if spiking:
                    spikes += int(ref.sum())
                    if not same:
                        problem = "spikes differ at %s" % (
                            np.argwhere(got != ref)[:5].tolist())
                        break
                    continue
                scale = float(np.max(np.abs(ref))) if ref.size else 0.0
                err = float(np.max(np.abs(got - ref))) if ref.size else 0.0
                rel = err / scale if scale > 0 else err
                worst = max(worst, rel)
                if exact and not same:
                    problem = "not bit-identical (max rel error %.3g)" % rel
                    break
                if rel > args.rtol:
                    problem = "max rel error %.3g > %g" % (rel, args.rtol)
                    break
            if problem:
                break
        if problem:
            print("FAIL %s: %s" % (label, problem))
            failed = True
            continue
        print("OK %s%s: %d comparisons, %d bit-different, max rel error %.3g, "
              "%d spikes identical" % (label, " (exact)" if exact else "",
                                       comparisons, differing, worst, spikes))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
