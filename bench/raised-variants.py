#!/usr/bin/python3
"""Where the raised modules lose time: times hand-edited variants of the
mirror IR that convert-nir-to-torchscript emits (the profiling behind the
findings in bench/README.md).

    /usr/bin/python3 bench/raised-variants.py TOOL_DIR [--nets braille,cnn]
        [--steps N] [--repeat R] [--threads T] [--batches 1,64]
        [--variants base,static-reset,...] [--workdir DIR]

For each network it raises the .nir file (as raised-throughput.py does),
applies text rewrites to the nir-opt output, exports each variant with
nir-translate --export-torchscript, checks that the variant's outputs and
states equal the unmodified module's bit for bit, and prints steps/s of
forward (Python step loop) and forward_sequence next to the hand-written
scripted module of raised-throughput.py.

Rewrites (each matches the IR the pass emits today; a rewrite that finds
nothing to change is reported on stderr and skipped, so the script notices
when the pass changes):
  static-reset  neuron forward: the `ts.if %reset_subtract` choosing between
                v - v_threshold and v_reset becomes the chosen branch (the
                pass knows the reset option when it raises).
  no-neg        CubaLI/CubaLIF: neg(i) + w_in*x  ->  sub(w_in*x, i).
  fold-dt       neurons: div(dt, tau*) and mul(dt, r) read from buffers
                computed once at raising time (float32 division as
                torch does it, so results are unchanged).
  seq-tensors   forward_sequence: zero states created once before the loop,
                the loop carries the state tensors (no Dict[str, Tensor], no
                key lookups), via a new method `step(input, states...)`
                holding forward's node code.
  all           the four together.
"""

import argparse
import importlib.util
import os
import re
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location(
    "raised_throughput", os.path.join(HERE, "raised-throughput.py"))
rt = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rt)


class RewriteError(Exception):
    pass


# --------------------------------------------------------------------------
# Text rewrites of the mirror IR.

def static_reset(text):
    pat = re.compile(
        r'( *)%reset_subtract = ts\.get_attr [^\n]*\n'
        r' *(%\w+) = ts\.if %reset_subtract -> \(!ts\.tensor\) \{\n'
        r'(?P<then>.*?)'
        r' *\} else \{\n'
        r'(?P<else>.*?)'
        r' *\}\n', re.S)

    def repl(m):
        # The pass emits a 0/1 attribute; the benchmarks raise with
        # reset=value, so keep the else branch and yield its value.
        body = m.group("else").rstrip("\n").split("\n")
        y = re.match(r' *ts\.yield (%\w+) : !ts\.tensor', body[-1])
        if not y:
            raise RewriteError("static-reset: unexpected else branch")
        lines = [m.group(1) + l.strip() for l in body[:-1]]
        out = "\n".join(lines) + "\n"
        # Rename the yielded value to the if's result.
        return out.replace(y.group(1) + " =", m.group(2) + " =", 1)

    new, n = pat.subn(repl, text)
    if n == 0:
        raise RewriteError("static-reset: no ts.if %reset_subtract found")
    return new


def no_neg(text):
    new, n = re.subn(r'\n *%0 = ts\.operator "aten::neg"\(%i\) : '
                     r'\(!ts\.tensor\) -> !ts\.tensor', "", text)
    if n == 0:
        raise RewriteError("no-neg: no aten::neg(%i)")
    new, m = re.subn(r'"aten::add\.Tensor"\(%0, %1, %int1\)',
                     '"aten::sub.Tensor"(%1, %i, %int1)', new)
    if m != n:
        raise RewriteError("no-neg: %d neg but %d add" % (n, m))
    return new


def _splat(value):
    try:
        return float(value)
    except ValueError:
        raise RewriteError("fold-dt: only splat buffers are handled: %r"
                           % value[:40])


def fold_dt(text):
    block_re = re.compile(
        r'(?P<head> *ts\.module @(?P<name>\w+) "__torch__\.nirtorch\.nodes\.'
        r'(?P<cls>I|IF|LI|LIF|CubaLI|CubaLIF)" \{\n)(?P<body>.*?\n    \}\n)',
        re.S)
    count = [0]

    def repl(m):
        body = m.group("body")
        bufs = {}
        for b in re.finditer(r'ts\.buffer @(\w+) : !ts\.tensor = dense<([^>]*)>'
                             r' : tensor<([^>]*)>', body):
            bufs[b.group(1)] = (b.group(2), b.group(3))
        dt = np.float32(_splat(bufs["dt"][0]))
        cls = m.group("cls")
        new_bufs = []

        def op(o):
            kind, other = o.group(2), o.group(3)
            value, ty = bufs[other]
            p = np.float32(_splat(value))
            if kind == "div.Tensor":
                slot, v = "dt_over_" + other, dt / p
            else:
                slot, v = "dt_times_" + other, dt * p
            if slot not in [s for s, _ in new_bufs]:
                new_bufs.append((slot, "ts.buffer @%s : !ts.tensor = "
                                 "dense<%.9e> : tensor<%s>" % (slot, v, ty)))
            count[0] += 1
            return '%s = ts.get_attr %%self["%s"] : !%s -> !ts.tensor' % (
                o.group(1), slot, cls)

        body = re.sub(r'(%\w+) = ts\.operator "aten::(div\.Tensor|mul\.Tensor)"'
                      r'\(%dt, %(\w+)\) : \(!ts\.tensor, !ts\.tensor\) -> '
                      r'!ts\.tensor', op, body)
        if "%dt)" not in body and "%dt," not in body:
            body = re.sub(r'\n *%dt = ts\.get_attr [^\n]*', "", body)
        indent = re.match(r' *', body).group(0)
        extra = "".join(indent + b + "\n" for _, b in new_bufs)
        # Buffers go before the first method.
        k = body.index(indent + "ts.method")
        return m.group("head") + body[:k] + extra + body[k:]

    new = block_re.sub(repl, text)
    if count[0] == 0:
        raise RewriteError("fold-dt: no div/mul of %dt found")
    return new


def _method(text, name):
    m = re.search(r'\n(    ts\.method @%s\(%%self: !(\w+).*?\n    \}\n)' % name,
                  text, re.S)
    if not m:
        raise RewriteError("no root method %s" % name)
    return m


def seq_tensors(text):
    fwd_m = _method(text, "forward")
    root_ty = fwd_m.group(2)
    fwd = fwd_m.group(1)
    # State blocks: key constant, __contains__, ts.if ... }.
    state_re = re.compile(
        r' *(%\w+) = ts\.constant\("([^"]+)"\) : !ts\.str\n'
        r' *(%\w+) = ts\.operator "aten::__contains__\.str"\(%1, \1\)[^\n]*\n'
        r' *(%\w+) = ts\.if \3 -> \(!ts\.tensor\) \{\n'
        r'.*?\n *\} else \{\n(?P<else>.*?)\n *ts\.yield (%\w+) : !ts\.tensor\n'
        r'      \}\n', re.S)
    states = []  # (key, value name, else lines, yielded name)
    for m in state_re.finditer(fwd):
        states.append((m.group(2), m.group(4), m.group("else"), m.group(6)))
    if not states:
        raise RewriteError("seq-tensors: no state lookups in forward")
    body = state_re.sub("", fwd)
    # Drop the Optional[Dict] prologue (%none, %0 = __is__, %1 = ts.if).
    body, n = re.subn(r' *%none = ts\.constant\(#ts\.none\) : !ts\.none\n'
                      r' *%0 = ts\.operator "aten::__is__"[^\n]*\n'
                      r' *%1 = ts\.if %0 .*?\n      \}\n', "", body,
                      count=1, flags=re.S)
    if n != 1:
        raise RewriteError("seq-tensors: unexpected forward prologue")
    rank = re.search(r'%2 = ts\.operator "aten::dim"\(%input\)[^\n]*\n'
                     r' *%\w+ = ts\.constant\((\d+)\) : !ts\.int\n', body)
    if not rank:
        raise RewriteError("seq-tensors: no input rank")
    rank = int(rank.group(1))
    # Returned dict: key constants then dict_construct, tuple, return.
    tail = re.search(r'((?: *%\w+ = ts\.constant\("[^"]+"\) : !ts\.str\n)+)'
                     r' *%\w+ = ts\.dict_construct ([^:]*) : [^\n]*\n'
                     r' *%\w+ = ts\.tuple_construct (%[\w#]+), %\w+ : [^\n]*\n'
                     r' *ts\.return [^\n]*\n', body)
    if not tail:
        raise RewriteError("seq-tensors: unexpected forward epilogue")
    keyname = dict(re.findall(r'(%\w+) = ts\.constant\("([^"]+)"\)',
                              tail.group(1)))
    parts = [p.strip() for p in tail.group(2).split(",")]
    new_state = {keyname[parts[i]]: parts[i + 1]
                 for i in range(0, len(parts), 2)}
    out_value = tail.group(3)
    k = len(states)
    tensors = ", ".join(["!ts.tensor"] * k)
    tuple_ty = "!ts.tuple<%s>" % ", ".join(["!ts.tensor"] * (k + 1))
    ret = ("      %%step_out = ts.tuple_construct %s : (%s) -> %s\n"
           "      ts.return %%step_out : %s\n" % (
               ", ".join([out_value] + [new_state[s[0]] for s in states]),
               ", ".join(["!ts.tensor"] * (k + 1)), tuple_ty, tuple_ty))
    body = body[:tail.start()] + ret + body[tail.end():]
    # Uses of the looked-up states become the step's arguments.
    for i, s in enumerate(states):
        body = re.sub(re.escape(s[1]) + r'(?![\w#:])', "%%s%d" % i, body)
    header = body.split("\n", 1)
    args = ", ".join("%%s%d: !ts.tensor" % i for i in range(k))
    step = ("    ts.method @step(%%self: !%s, %%input: !ts.tensor, %s) -> %s {\n"
            % (root_ty, args, tuple_ty)) + header[1]

    # forward_sequence: zeros once, then a loop carrying the tensors.
    seq = ["    ts.method @forward_sequence(%%self: !%s, %%inputs: !ts.tensor)"
           " -> !ts.tensor {" % root_ty,
           '      %int0 = ts.constant(0) : !ts.int',
           '      %int1 = ts.constant(1) : !ts.int',
           '      %intr = ts.constant(' + str(rank + 1) + ') : !ts.int',
           '      %int6 = ts.constant(6) : !ts.int',
           '      %true = ts.constant(true) : !ts.bool',
           '      %steps = ts.operator "aten::size.int"(%inputs, %int0) : '
           '(!ts.tensor, !ts.int) -> !ts.int',
           '      %list = ts.list_construct : () -> !ts.list<!ts.tensor>',
           '      %d = ts.operator "aten::dim"(%inputs) : (!ts.tensor) -> !ts.int',
           '      %3 = ts.operator "aten::sub.int"(%d, %intr) : '
           '(!ts.int, !ts.int) -> !ts.int',
           '      %nb = ts.operator "aten::add.int"(%3, %int1) : '
           '(!ts.int, !ts.int) -> !ts.int',
           '      %4 = ts.operator "aten::size"(%inputs) : '
           '(!ts.tensor) -> !ts.list<!ts.int>',
           '      %5 = ts.operator "aten::slice.t"(%4, %int1, %nb, %int1) : '
           '(!ts.list<!ts.int>, !ts.int, !ts.int, !ts.int) -> !ts.list<!ts.int>',
           '      %6 = ts.operator "prim::device"(%inputs) : '
           '(!ts.tensor) -> !ts.device']
    inits = []
    for i, (_, _, else_lines, yielded) in enumerate(states):
        for line in else_lines.split("\n"):
            line = re.sub(r'%(cst|none_\d+|\d+)\b(?!#)',
                          lambda mm: "%%z%d_%s" % (i, mm.group(1))
                          if mm.group(1) not in ("5", "6") else mm.group(0),
                          line.strip())
            seq.append("      " + line)
        inits.append("%%z%d_%s" % (i, yielded[1:]))
    seq.append("      %%r:%d = ts.loop %%steps, %%true iter_args(%s) : (%s) -> (%s) {"
               % (k, ", ".join(inits), tensors, tensors))
    seq.append("      ^bb0(%%t: !ts.int, %s):" % ", ".join(
        "%%c%d: !ts.tensor" % i for i in range(k)))
    seq.append('        %x = ts.operator "aten::select.int"(%inputs, %int0, %t)'
               ' : (!ts.tensor, !ts.int, !ts.int) -> !ts.tensor')
    seq.append('        %%o = ts.call_method %%self["step"](%%x, %s) : !%s, '
               '(!ts.tensor, %s) -> %s' % (", ".join("%%c%d" % i for i in range(k)),
                                           root_ty, tensors, tuple_ty))
    seq.append("        %%u:%d = ts.tuple_unpack %%o : %s -> !ts.tensor, %s"
               % (k + 1, tuple_ty, tensors))
    seq.append('        %a = ts.operator "aten::append.t"(%list, %u#0) : '
               '(!ts.list<!ts.tensor>, !ts.tensor) -> !ts.list<!ts.tensor>')
    seq.append("        ts.condition(%%true) %s : %s" % (
        ", ".join("%%u#%d" % (i + 1) for i in range(k)), tensors))
    seq.append("      }")
    seq.append('      %y = ts.operator "aten::stack"(%list, %int0) : '
               '(!ts.list<!ts.tensor>, !ts.int) -> !ts.tensor')
    seq.append("      ts.return %y : !ts.tensor")
    seq.append("    }")
    seq_text = "\n".join(seq) + "\n"

    old_seq = _method(text, "forward_sequence")
    return (text[:old_seq.start(1)] + step + seq_text + text[old_seq.end(1):])


REWRITES = {
    "static-reset": [static_reset],
    "no-neg": [no_neg],
    "fold-dt": [fold_dt],
    "seq-tensors": [seq_tensors],
    "all": [static_reset, no_neg, fold_dt, seq_tensors],
}


# --------------------------------------------------------------------------

def export(tools, text, path):
    with open(path + ".ts.mlir", "w") as f:
        f.write(text)
    rt.run([os.path.join(tools, "nir-translate"), "--export-torchscript",
            path + ".ts.mlir", "-o", path])
    return torch.jit.load(path)


def same(name, base, var, shape):
    gen = torch.Generator().manual_seed(11)
    xs = torch.rand((20, 3) + shape, generator=gen) * 4.0
    with torch.no_grad():
        if not torch.equal(base.forward_sequence(xs), var.forward_sequence(xs)):
            sys.exit("%s: forward_sequence differs from the unmodified module"
                     % name)
        sb = sv = None
        for t in range(xs.size(0)):
            yb, sb = base(xs[t], sb)
            yv, sv = var(xs[t], sv)
            if not torch.equal(yb, yv):
                sys.exit("%s: forward differs at step %d" % (name, t))
        for key in sb:
            if not torch.equal(sb[key], sv[key]):
                sys.exit("%s: state %s differs" % (name, key))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("tools")
    ap.add_argument("--nets", default="braille,cnn")
    ap.add_argument("--steps", type=int, default=None)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--batches", default="1,64")
    ap.add_argument("--clock", choices=sorted(rt.CLOCKS), default="cpu",
                    help="cpu (default): thread CPU time; wall: perf_counter")
    ap.add_argument("--variants", default="base," + ",".join(REWRITES))
    ap.add_argument("--workdir", default="/tmp/raised-variants")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    os.makedirs(args.workdir, exist_ok=True)
    specs = {
        "braille": (rt.BRAILLE, "", lambda: rt.BrailleSRNN(rt.BRAILLE, 1e-4),
                    (12,), 2000),
        "cnn": (rt.CNN, "dt=1", lambda: rt.SinabsCNN(rt.CNN, 1.0),
                (2, 34, 34), 200),
    }
    batches = [int(b) for b in args.batches.split(",")]
    rows = []
    for net in args.nets.split(","):
        nir, options, make, shape, default_steps = specs[net]
        pt = rt.raise_nir(args.tools, nir, args.workdir, net, options)
        base_text = open(os.path.join(args.workdir, net + ".ts.mlir")).read()
        base = torch.jit.load(pt)
        modules = {}
        for v in args.variants.split(","):
            if v == "base":
                modules[v] = base
                continue
            text = base_text
            applied = 0
            for fn in REWRITES[v]:
                try:
                    text = fn(text)
                    applied += 1
                except RewriteError as e:
                    print("%s %s: skipped %s" % (net, v, e), file=sys.stderr)
            if applied == 0:
                continue
            modules[v] = export(args.tools, text,
                                os.path.join(args.workdir, "%s-%s.pt" % (net, v)))
            same("%s %s" % (net, v), base, modules[v], shape)
        hand = torch.jit.script(make().eval())
        steps = args.steps or default_steps
        for batch in batches:
            xs = torch.rand((steps, batch) + shape)
            runs = [("hand scripted/step", rt.hand_step, hand),
                    ("hand scripted/seq", rt.hand_seq, hand)]
            for v, m in modules.items():
                runs += [(v + "/step", rt.raised_step, m),
                         (v + "/seq", rt.raised_seq, m)]
            res = rt.steps_per_second(runs, xs, args.warmup, args.repeat,
                                      args.clock)
            for v in ["hand scripted"] + list(modules):
                rows.append(("%s b=%d" % (net, batch), v, res[v + "/step"],
                             res[v + "/seq"]))
            print("done %s b=%d" % (net, batch), file=sys.stderr)
    print("steps/s, median of %d interleaved runs, %s clock; torch %s, "
          "%d thread(s)" % (args.repeat, args.clock, torch.__version__,
                            torch.get_num_threads()))
    print("%-14s %-16s %14s %18s" % ("network", "variant", "forward loop",
                                     "forward_sequence"))
    base_of = {}
    for net, v, s, q in rows:
        if v == "base":
            base_of[net] = (s, q)
    for net, v, s, q in rows:
        b = base_of.get(net)
        gain = ""
        if b and v not in ("base", "hand scripted"):
            gain = "  (%+.0f%% / %+.0f%% vs base)" % (100 * (s / b[0] - 1),
                                                     100 * (q / b[1] - 1))
        print("%-14s %-16s %14.0f %18.0f%s" % (net, v, s, q, gain))


if __name__ == "__main__":
    main()
