#!/usr/bin/python3
"""Measured fidelity of chip preparation: the float graph against the graph
prepared for a target (decay encoding, legalisation, quantisation), both
raised by nirtorch and run on the same inputs.

  quant-fidelity.py BIN_DIR                  the table of bench/README.md
  quant-fidelity.py BIN_DIR --nir G.nir --target T [--quantize S] [--dt DT]
                    [--steps N] [--trials K] [--rate P] [--amplitude A]
                    [--min-agreement F]

BIN_DIR holds `nirtorch`. Per case it runs

  nirtorch G.nir -o float.pt --dt DT
  nirtorch G.nir -o encoded.pt --dt DT --target T --quantize=none
  nirtorch G.nir -o quantized.pt --dt DT --target T --quantize S

(the quantised graph is raised with the float values its integers stand
for), feeds all three the same K random spike trains (Bernoulli, rate P, of
amplitude A, N steps, a fixed seed) through forward_sequence, and prints,
pairwise:

  agreement   fraction of output entries (step x neuron) that are equal
              (spikes: both fire or both stay silent)
  count err   sum |spike count - float spike count| / float spike count,
              over neurons and trials
  argmax      fraction of trials whose most active output neuron (by spike
              count, the usual readout) is the float graph's

The `encoded vs float` row isolates the decay encoding (and legalisation),
`quantized vs float` is the whole preparation, and `quantized vs encoded`
the integer weights and thresholds alone. A target the graph
does not pass (nir-check-target) prints the first error instead.
With --min-agreement the exit status is 1 when the quantised agreement is
below it (for a correctness test, never for timing).
"""

import argparse
import os
import pathlib
import subprocess
import sys
import tempfile

import torch

ROOT = pathlib.Path(__file__).resolve().parent.parent
BRAILLE = ROOT / "examples/braille.nir"
# The variant the NIR paper deployed on Xylo (no bias, reset by subtraction).
BRAILLE_XYLO = (ROOT / "test/samples/upstream/neuromorphs-NIR/paper/03_rnn/"
                "braille_noDelay_noBias_subtract.nir")
CNN = ROOT / "test/samples/upstream/neuromorphs-NIR/paper/02_cnn/cnn_sinabs.nir"

# (graph, target, scheme, dt, input amplitude, raising options): the
# paper's braille SRNN at its dt = 1e-4; the paper CNN (Sinabs IAF: v += x
# per step, so dt * r = 1).
CASES = [
    (BRAILLE, "xylo-audio2", "global", 1e-4, 1.0, []),
    (BRAILLE, "xylo-audio2", "channel", 1e-4, 1.0, []),
    (BRAILLE_XYLO, "xylo-audio2", "global", 1e-4, 1.0, ["--reset=subtract"]),
    (BRAILLE_XYLO, "xylo-audio2", "channel", 1e-4, 1.0, ["--reset=subtract"]),
    (BRAILLE_XYLO, "loihi", "layer", 1e-4, 1.0, []),
    (BRAILLE, "speck", "layer", 1e-4, 1.0, []),
    (CNN, "speck", "layer", 1.0, 1.0, []),
    (CNN, "speck", "global", 1.0, 1.0, []),
    (CNN, "speck", "channel", 1.0, 1.0, []),
    (CNN, "xylo-audio2", "global", 1.0, 1.0, []),
]


def nirtorch(bin_dir, args):
    """Runs nirtorch; returns None or the first error line."""
    run = subprocess.run([str(pathlib.Path(bin_dir) / "nirtorch"), *args],
                         capture_output=True, text=True)
    if run.returncode == 0:
        return None
    errors = [l for l in run.stderr.splitlines() if "error:" in l]
    return (errors or run.stderr.splitlines() or ["failed"])[0]


def inputs(shape, steps, trials, rate, amplitude, seed):
    generator = torch.Generator().manual_seed(seed)
    return [(torch.rand((steps, *shape), generator=generator) < rate).float()
            * amplitude for _ in range(trials)]


def compare(reference, other):
    equal = total = 0
    count_err = count_ref = 0.0
    argmax = 0
    for ref, out in zip(reference, other):
        equal += int((ref == out).sum())
        total += ref.numel()
        ref_counts = ref.sum(0).flatten()
        out_counts = out.sum(0).flatten()
        count_err += float((ref_counts - out_counts).abs().sum())
        count_ref += float(ref_counts.sum())
        argmax += int(ref_counts.argmax() == out_counts.argmax())
    return (equal / total, count_err / max(count_ref, 1.0),
            argmax / len(reference), count_ref / len(reference))


def run_case(bin_dir, nir, target, scheme, dt, amplitude, raising, args,
             workdir):
    name = f"{pathlib.Path(nir).stem} {target} {scheme}"
    base = ["--dt", repr(dt), *raising]
    variants = {
        "float": [],
        "encoded": ["--target", target, "--quantize=none"],
        "quantized": ["--target", target, f"--quantize={scheme}"],
    }
    modules = {}
    for variant, extra in variants.items():
        out = os.path.join(workdir, f"{variant}.pt")
        error = nirtorch(bin_dir, [str(nir), "-o", out, *base, *extra])
        if error:
            print(f"| {name} | refused: {error.split('error: ')[-1]} | | | | |")
            return None
        modules[variant] = torch.jit.load(out)
    shape = modules["float"].nir_input_shapes[0]
    xs = inputs(shape, args.steps, args.trials, args.rate, amplitude,
                args.seed)
    with torch.no_grad():
        outputs = {v: [m.forward_sequence(x) for x in xs]
                   for v, m in modules.items()}
    rows = {}
    for reference, variant in (("float", "encoded"), ("float", "quantized"),
                               ("encoded", "quantized")):
        agree, count_err, argmax, spikes = compare(outputs[reference],
                                                   outputs[variant])
        rows[reference, variant] = agree
        print(f"| {name} | {variant} vs {reference} | {agree:.4f} | "
              f"{count_err:.3f} | {argmax:.2f} | {spikes:.1f} |")
    return rows["float", "quantized"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("bin_dir")
    parser.add_argument("--nir", help="one graph instead of the table")
    parser.add_argument("--target")
    parser.add_argument("--quantize", default="global")
    parser.add_argument("--dt", type=float, default=1e-4)
    parser.add_argument("--amplitude", type=float, default=1.0)
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--rate", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--min-agreement", type=float)
    parser.add_argument("--raising", nargs="*", default=[],
                        help="extra nirtorch options for all three, e.g. "
                             "--raising=--reset=subtract")
    args = parser.parse_args()
    torch.set_num_threads(1)
    cases = CASES
    if args.nir:
        if not args.target:
            parser.error("--nir needs --target")
        cases = [(args.nir, args.target, args.quantize, args.dt,
                  args.amplitude, args.raising)]
    print(f"{args.trials} trials x {args.steps} steps, input rate "
          f"{args.rate}, seed {args.seed}")
    print("| graph, target, scheme | compared | agreement | count err | "
          "argmax | float spikes/trial |")
    print("|---|---|---|---|---|---|")
    worst = None
    with tempfile.TemporaryDirectory() as workdir:
        for case in cases:
            agree = run_case(args.bin_dir, *case, args, workdir)
            if agree is not None:
                worst = agree if worst is None else min(worst, agree)
    if args.min_agreement is not None:
        if worst is None or worst < args.min_agreement:
            print(f"agreement {worst} below the floor {args.min_agreement}")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
