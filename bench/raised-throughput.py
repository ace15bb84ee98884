#!/usr/bin/python3
"""Simulation throughput of raised TorchScript modules next to hand-written
PyTorch implementations of the same networks (issue 6's benchmark).

    /usr/bin/python3 bench/raised-throughput.py TOOL_DIR [--steps N]
        [--repeat R] [--threads T] [--batches 1,64] [--nets braille,cnn]
        [--warmup W] [--clock wall|cpu] [--workdir DIR]

TOOL_DIR holds nir-translate and nir-opt (e.g. build/bin). For each network
the script raises the .nir file with the project's tools

    nir-translate --import-nir NET.nir -o NET.mlir
    nir-opt NET.mlir --convert-nir-to-torchscript[=...] -o NET.ts.mlir
    nir-translate --export-torchscript NET.ts.mlir -o NET.pt

loads NET.pt with torch.jit.load, and builds an idiomatic hand-written
nn.Module of the same network with the same parameters (read from the .nir
file with h5py) and the same discrete equations (docs/Raising.md,
"Semantics"). It first checks that both agree on a random input (identical
spikes and states), then times, in time steps per second (--warmup runs of
each, then --repeat interleaved rounds, the median reported; torch.no_grad,
float32):

    raised forward (step loop)   Python loop: y, state = m(x[t], state)
    raised forward_sequence      m.forward_sequence(x)
    hand eager (step loop)       Python loop over the eager nn.Module
    hand scripted (step loop)    the same loop over torch.jit.script(module)
    hand scripted sequence       the scripted module's forward_sequence

Networks:
  braille  examples/braille.nir: Affine 12->38, CubaLIF with a recurrent
           Affine 38->38, Affine 38->7, CubaLIF (dt 1e-4, the default).
  cnn      test/samples/upstream/neuromorphs-NIR/paper/02_cnn/cnn_sinabs.nir:
           Conv2d, IF, Conv2d, IF, SumPool2d, Conv2d, IF, SumPool2d,
           Flatten, Affine, IF, Affine, IF; raised with dt=1 (sinabs'
           discretisation: at the default dt the IF layers never spike, which
           would make the agreement check weaker; the throughput does not
           depend on dt).

See bench/README.md for figures, caveats and where the raised modules lose
time (bench/raised-variants.py).
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from typing import List, Optional, Tuple

import h5py
import numpy as np
import torch
import torch.nn as nn
from torch import Tensor

SRC = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BRAILLE = os.path.join(SRC, "examples", "braille.nir")
CNN = os.path.join(SRC, "test", "samples", "upstream", "neuromorphs-NIR",
                   "paper", "02_cnn", "cnn_sinabs.nir")
DTYPE = torch.float32


# --------------------------------------------------------------------------
# Reading parameters from the .nir file.

def read_nodes(path):
    """{node name: {field: numpy value}} of the top-level graph."""
    nodes = {}
    with h5py.File(path, "r") as f:
        for name, grp in f["node/nodes"].items():
            fields = {}
            for key, ds in grp.items():
                if isinstance(ds, h5py.Dataset):
                    value = ds[()]
                    if isinstance(value, bytes):
                        value = value.decode()
                    fields[key] = value
            nodes[name] = fields
    return nodes


def param(fields, key, default=None):
    if key not in fields:
        if default is None:
            raise KeyError(key)
        return torch.full(torch.Size(np.shape(fields["v_threshold"])),
                          default, dtype=DTYPE)
    return torch.as_tensor(np.asarray(fields[key])).to(DTYPE)


# --------------------------------------------------------------------------
# Hand-written implementations: state as explicit tensors, parameters as
# buffers, dt/tau and dt*r folded once at construction (the same float32
# tensor operations the raised module performs every step, so the results
# are bit-identical).

class CubaLIF(nn.Module):
    def __init__(self, fields, dt: float):
        super().__init__()
        dt_t = torch.tensor(dt, dtype=DTYPE)
        self.register_buffer("a_syn", dt_t / param(fields, "tau_syn"))
        self.register_buffer("a_mem", dt_t / param(fields, "tau_mem"))
        self.register_buffer("w_in", param(fields, "w_in", 1.0))
        self.register_buffer("r", param(fields, "r"))
        self.register_buffer("v_leak", param(fields, "v_leak"))
        self.register_buffer("v_threshold", param(fields, "v_threshold"))
        self.register_buffer("v_reset", param(fields, "v_reset", 0.0))

    def forward(self, x: Tensor, v: Tensor, i: Tensor
                ) -> Tuple[Tensor, Tensor, Tensor]:
        i_next = i + self.a_syn * (self.w_in * x - i)
        v = v + self.a_mem * (self.v_leak - v + self.r * i)
        z = v > self.v_threshold
        v = torch.where(z, self.v_reset, v)
        return z.to(x.dtype), v, i_next


class IF(nn.Module):
    def __init__(self, fields, dt: float):
        super().__init__()
        self.register_buffer("dt_r", torch.tensor(dt, dtype=DTYPE) * param(fields, "r"))
        self.register_buffer("v_threshold", param(fields, "v_threshold"))
        self.register_buffer("v_reset", param(fields, "v_reset", 0.0))

    def forward(self, x: Tensor, v: Tensor) -> Tuple[Tensor, Tensor]:
        v = v + self.dt_r * x
        z = v > self.v_threshold
        v = torch.where(z, self.v_reset, v)
        return z.to(x.dtype), v


def linear(fields):
    w = param(fields, "weight")
    layer = nn.Linear(w.shape[1], w.shape[0], bias="bias" in fields)
    with torch.no_grad():
        layer.weight.copy_(w)
        if "bias" in fields:
            layer.bias.copy_(param(fields, "bias"))
    return layer


def ints(value):
    return tuple(int(v) for v in value)


def conv2d(fields):
    w = param(fields, "weight")
    layer = nn.Conv2d(w.shape[1] * int(fields["groups"]), w.shape[0],
                      tuple(w.shape[2:]), stride=ints(fields["stride"]),
                      padding=ints(fields["padding"]),
                      dilation=ints(fields["dilation"]),
                      groups=int(fields["groups"]))
    with torch.no_grad():
        layer.weight.copy_(w)
        layer.bias.copy_(param(fields, "bias"))
    return layer


class SteppedNet(nn.Module):
    """A network of explicit states: subclasses define init_state(batch) and
    forward(x, state) -> (y, state); forward_sequence runs dim 0 as time."""

    @torch.jit.export
    def forward_sequence(self, xs: Tensor) -> Tensor:
        state = self.init_state(xs.size(1))
        ys: List[Tensor] = []
        for t in range(xs.size(0)):
            y, state = self.forward(xs[t], state)
            ys.append(y)
        return torch.stack(ys)


class BrailleSRNN(SteppedNet):
    """fc1 -> CubaLIF (+ recurrent Affine of its spikes) -> fc2 -> CubaLIF.

    The recurrent input is the previous step's rec(z1) (zero at the start,
    bias included afterwards), as the NIR cycle rule defines."""

    def __init__(self, path, dt=1e-4):
        super().__init__()
        n = read_nodes(path)
        self.fc1 = linear(n["fc1"])
        self.lif1 = CubaLIF(n["lif1.lif"], dt)
        self.rec = linear(n["lif1.w_rec"])
        self.fc2 = linear(n["fc2"])
        self.lif2 = CubaLIF(n["lif2"], dt)

    def init_state(self, batch: int) -> List[Tensor]:
        h, o = self.fc1.out_features, self.fc2.out_features
        return [torch.zeros(batch, h), torch.zeros(batch, h),
                torch.zeros(batch, h), torch.zeros(batch, o),
                torch.zeros(batch, o)]

    def forward(self, x: Tensor, state: List[Tensor]
                ) -> Tuple[Tensor, List[Tensor]]:
        rec, v1, i1, v2, i2 = state
        z1, v1, i1 = self.lif1(rec + self.fc1(x), v1, i1)
        z2, v2, i2 = self.lif2(self.fc2(z1), v2, i2)
        return z2, [self.rec(z1), v1, i1, v2, i2]

    # State keys of the raised module, in init_state order.
    raised_keys = ["lif1.w_rec.out", "lif1.lif.v", "lif1.lif.i", "lif2.v",
                   "lif2.i"]


class SinabsCNN(SteppedNet):
    """Conv-IF-Conv-IF-SumPool-Conv-IF-SumPool-Flatten-Affine-IF-Affine-IF."""

    def __init__(self, path, dt=1.0):
        super().__init__()
        n = read_nodes(path)
        self.conv0 = conv2d(n["0"])
        self.if1 = IF(n["1"], dt)
        self.conv2 = conv2d(n["2"])
        self.if3 = IF(n["3"], dt)
        self.pool4 = nn.AvgPool2d(ints(n["4"]["kernel_size"]),
                                  ints(n["4"]["stride"]),
                                  ints(n["4"]["padding"]), divisor_override=1)
        self.conv5 = conv2d(n["5"])
        self.if6 = IF(n["6"], dt)
        self.pool7 = nn.AvgPool2d(ints(n["7"]["kernel_size"]),
                                  ints(n["7"]["stride"]),
                                  ints(n["7"]["padding"]), divisor_override=1)
        self.fc9 = linear(n["9"])
        self.if10 = IF(n["10"], dt)
        self.fc11 = linear(n["11"])
        self.if12 = IF(n["12"], dt)

    def init_state(self, batch: int) -> List[Tensor]:
        return [torch.zeros((batch,) + m.v_threshold.shape)
                for m in (self.if1, self.if3, self.if6, self.if10, self.if12)]

    def forward(self, x: Tensor, state: List[Tensor]
                ) -> Tuple[Tensor, List[Tensor]]:
        v1, v3, v6, v10, v12 = state
        z, v1 = self.if1(self.conv0(x), v1)
        z, v3 = self.if3(self.conv2(z), v3)
        z, v6 = self.if6(self.conv5(self.pool4(z)), v6)
        z = self.pool7(z).flatten(1)
        z, v10 = self.if10(self.fc9(z), v10)
        z, v12 = self.if12(self.fc11(z), v12)
        return z, [v1, v3, v6, v10, v12]

    raised_keys = ["1.v", "3.v", "6.v", "10.v", "12.v"]


# --------------------------------------------------------------------------
# Raising with the project's tools.

def run(cmd):
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True)
    if proc.returncode != 0:
        sys.exit("failed (exit %d): %s\n%s" % (proc.returncode, " ".join(cmd),
                                               proc.stderr))


def raise_nir(tools, nir, out_dir, tag, options=""):
    mlir = os.path.join(out_dir, tag + ".mlir")
    ts = os.path.join(out_dir, tag + ".ts.mlir")
    pt = os.path.join(out_dir, tag + ".pt")
    pass_arg = "--convert-nir-to-torchscript"
    if options:
        pass_arg += "=" + options
    run([os.path.join(tools, "nir-translate"), "--import-nir", nir, "-o", mlir])
    run([os.path.join(tools, "nir-opt"), mlir, pass_arg, "-o", ts])
    run([os.path.join(tools, "nir-translate"), "--export-torchscript", ts,
         "-o", pt])
    return pt


# --------------------------------------------------------------------------
# Agreement check.

def check(name, raised, hand, shape, steps=20, batch=3):
    gen = torch.Generator().manual_seed(7)
    # Inputs large enough for every layer to spike at some point.
    xs = torch.rand((steps, batch) + shape, generator=gen, dtype=DTYPE) * 4.0
    with torch.no_grad():
        seq = raised.forward_sequence(xs)
        state = None
        outs = []
        for t in range(steps):
            y, state = raised(xs[t], state)
            outs.append(y)
        step = torch.stack(outs)
        hstate = hand.init_state(batch)
        houts = []
        for t in range(steps):
            y, hstate = hand(xs[t], hstate)
            houts.append(y)
        href = torch.stack(houts)
    problems = []
    if not torch.equal(seq, href):
        problems.append("forward_sequence output differs from hand-written")
    if not torch.equal(step, href):
        problems.append("forward output differs from hand-written")
    worst = 0.0
    for key, h in zip(hand.raised_keys, hstate):
        if key not in state:
            problems.append("raised state has no key %r" % key)
            continue
        r = state[key]
        if r.shape != h.shape:
            problems.append("state %s: shape %s vs %s" % (key, tuple(r.shape),
                                                         tuple(h.shape)))
            continue
        scale = max(float(h.abs().max()), 1e-30)
        worst = max(worst, float((r - h).abs().max()) / scale)
    if worst > 1e-6:
        problems.append("states differ: max relative difference %g" % worst)
    if problems:
        sys.exit("check %s FAILED: %s" % (name, "; ".join(problems)))
    print("check %s: outputs identical over %d steps x batch %d (%d output "
          "spikes), states max rel diff %.1e" % (name, steps, batch,
                                                 int(href.sum()), worst))


# --------------------------------------------------------------------------
# Timing.

def raised_step(m, xs):
    state: Optional[dict] = None
    for t in range(xs.size(0)):
        _, state = m(xs[t], state)


def raised_seq(m, xs):
    m.forward_sequence(xs)


def hand_step(m, xs):
    state = m.init_state(xs.size(1))
    for t in range(xs.size(0)):
        _, state = m(xs[t], state)


def hand_seq(m, xs):
    m.forward_sequence(xs)


CLOCKS = {"wall": time.perf_counter, "cpu": time.thread_time}


def steps_per_second(runs, xs, warmup, repeat, clock="wall"):
    """{label: steps/s} for runs = [(label, fn, module)]: warm-up runs of
    each, then --repeat rounds that time every variant once (interleaved,
    so that a load change on the machine hits all of them alike); the
    median round of each."""
    now = CLOCKS[clock]
    times = {label: [] for label, _, _ in runs}
    with torch.no_grad():
        for label, fn, module in runs:
            for _ in range(warmup):
                fn(module, xs)
        for _ in range(repeat):
            for label, fn, module in runs:
                t0 = now()
                fn(module, xs)
                times[label].append(now() - t0)
    return {label: xs.size(0) / statistics.median(t)
            for label, t in times.items()}


VARIANTS = [
    ("raised forward (step loop)", "raised", raised_step),
    ("raised forward_sequence", "raised", raised_seq),
    ("hand eager (step loop)", "eager", hand_step),
    ("hand scripted (step loop)", "scripted", hand_step),
    ("hand scripted forward_sequence", "scripted", hand_seq),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("tools", help="directory with nir-translate and nir-opt")
    ap.add_argument("--steps", type=int, default=None,
                    help="time steps per run (default: braille 2000, cnn 200)")
    ap.add_argument("--repeat", type=int, default=7,
                    help="timed runs; the median is reported (default 7)")
    ap.add_argument("--warmup", type=int, default=2,
                    help="untimed runs first (default 2; the TorchScript "
                    "profiling executor optimises after the first calls)")
    ap.add_argument("--threads", type=int, default=1,
                    help="torch.set_num_threads (default 1)")
    ap.add_argument("--clock", choices=sorted(CLOCKS), default="wall",
                    help="wall: time.perf_counter (default); cpu: the "
                    "thread's CPU time (time.thread_time), less disturbed by "
                    "other processes on a loaded machine; only meaningful "
                    "with --threads 1")
    ap.add_argument("--batches", default="1,64")
    ap.add_argument("--nets", default="braille,cnn")
    ap.add_argument("--workdir", default=None,
                    help="where to keep the .mlir/.pt files (default: a "
                    "temporary directory)")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    batches = [int(b) for b in args.batches.split(",")]
    nets = args.nets.split(",")
    tmp = None
    workdir = args.workdir
    if workdir is None:
        tmp = tempfile.TemporaryDirectory(prefix="raised-throughput-")
        workdir = tmp.name
    os.makedirs(workdir, exist_ok=True)

    specs = {
        "braille": (BRAILLE, "", lambda: BrailleSRNN(BRAILLE, 1e-4), (12,),
                    2000),
        "cnn": (CNN, "dt=1", lambda: SinabsCNN(CNN, 1.0), (2, 34, 34), 200),
    }
    columns = []  # (label, {variant: steps/s})
    for net in nets:
        nir, options, make, shape, default_steps = specs[net]
        pt = raise_nir(args.tools, nir, workdir, net, options)
        raised = torch.jit.load(pt)
        raised.eval()
        hand = make().eval()
        check(net, raised, hand, shape)
        scripted = torch.jit.script(hand)
        modules = {"raised": raised, "eager": hand, "scripted": scripted}
        steps = args.steps or default_steps
        for batch in batches:
            xs = torch.rand((steps, batch) + shape, dtype=DTYPE)
            result = steps_per_second(
                [(label, fn, modules[which]) for label, which, fn in VARIANTS],
                xs, args.warmup, args.repeat, args.clock)
            columns.append(("%s b=%d" % (net, batch), steps, result))

    print()
    print("time steps per second (median of %d interleaved runs after %d "
          "warm-up runs, %s clock); torch %s, %d thread(s), float32, "
          "no_grad" % (args.repeat, args.warmup, args.clock,
                       torch.__version__, torch.get_num_threads()))
    print("steps per run: " + ", ".join("%s: %d" % (c[0], c[1])
                                        for c in columns))
    width = max(len(v[0]) for v in VARIANTS)
    head = "%-*s" % (width, "variant") + "".join(
        "%14s" % c[0] for c in columns)
    print(head)
    print("-" * len(head))
    for label, _, _ in VARIANTS:
        print("%-*s" % (width, label) + "".join(
            "%14.0f" % c[2][label] for c in columns))
    print("-" * len(head))
    ratios = [
        ("raised step / hand scripted step", "raised forward (step loop)",
         "hand scripted (step loop)"),
        ("raised seq / hand scripted seq", "raised forward_sequence",
         "hand scripted forward_sequence"),
        ("raised seq / hand eager", "raised forward_sequence",
         "hand eager (step loop)"),
    ]
    for title, a, b in ratios:
        print("%-*s" % (width, title) + "".join(
            "%14.2f" % (c[2][a] / c[2][b]) for c in columns))
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    main()
