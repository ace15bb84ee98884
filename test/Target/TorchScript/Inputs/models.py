"""TorchScript fixtures for the import/export tests, and the checks on exports.

Run with Debian's /usr/bin/python3 (torch 1.13). torch.jit.script needs the
source of the scripted code, so the models live in this file.

  models.py save NAME OUT.pt          script or trace model NAME, save it
  models.py save-all DIR              save every model as DIR/NAME.pt (the
                                      lit fixtures, test/make_fixtures.py)
  models.py compare NAME REF.pt OUT.pt
      load both modules; check that OUT has the same classes, parameters,
      buffers and attributes as REF and gives the same outputs on random
      inputs (several draws; stateful models over several steps)
  models.py list                      the model names
"""

import sys
from typing import Dict, List, NamedTuple, Optional, Tuple

import torch
from torch import Tensor, nn

MODELS = {}


def model(name, inputs, mode="script"):
    """Registers a builder: `inputs()` draws one random argument tuple;
    `mode` is "script" or "trace" (traced with one draw of the inputs)."""

    def register(builder):
        MODELS[name] = (builder, inputs, mode)
        return builder

    return register


def randn(*shape):
    return lambda: (torch.randn(*shape),)


# --- torch.nn layers ---------------------------------------------------------

model("linear", randn(5, 4))(lambda: nn.Linear(4, 3))
model("linear_traced", randn(5, 4), "trace")(lambda: nn.Linear(4, 3))
model("linear_nobias", randn(5, 4))(lambda: nn.Linear(4, 3, bias=False))
model("conv1d", randn(2, 3, 16))(lambda: nn.Conv1d(3, 4, 3, stride=2, padding=1))
model("conv1d_traced", randn(2, 3, 16), "trace")(lambda: nn.Conv1d(3, 4, 3))
model("conv2d", randn(2, 2, 9, 9))(
    lambda: nn.Conv2d(2, 4, (3, 2), stride=(2, 1), padding=1, dilation=(1, 2), groups=2))
model("conv2d_traced", randn(2, 2, 9, 9), "trace")(lambda: nn.Conv2d(2, 4, 3, padding="same"))
model("avgpool2d", randn(2, 3, 8, 8))(lambda: nn.AvgPool2d(2, stride=2, padding=1))
model("lppool2d", randn(2, 3, 8, 8))(lambda: nn.LPPool2d(2, 2, stride=2))
model("lppool2d_traced", randn(2, 3, 8, 8), "trace")(lambda: nn.LPPool2d(1, 3))
model("flatten", randn(2, 3, 4, 5))(lambda: nn.Flatten(1, 2))


@model("sequential", randn(2, 1, 10, 10))
@model("sequential_traced", randn(2, 1, 10, 10), "trace")
def _sequential():
    return nn.Sequential(
        nn.Conv2d(1, 4, 3), nn.ReLU(), nn.AvgPool2d(2), nn.LPPool2d(2, 2),
        nn.Flatten(), nn.Linear(16, 5))


class Stack(nn.Module):
    """A ModuleList iterated in forward (TorchScript unrolls the loop)."""

    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(6, 6) for _ in range(3)])
        self.last = nn.Linear(6, 2)

    def forward(self, x):
        for layer in self.layers:
            x = torch.tanh(layer(x))
        return self.last(x) + self.layers[0](x)[:, :2]


model("modulelist", randn(3, 6))(Stack)


# --- nested custom modules ---------------------------------------------------

class Scale(nn.Module):
    def __init__(self, factor: float):
        super().__init__()
        self.factor = factor
        self.register_buffer("offset", torch.linspace(-1, 1, 4))

    def forward(self, x):
        return x * self.factor + self.offset


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 4)
        self.scale = Scale(0.5)

    def forward(self, x):
        return self.scale(torch.relu(self.fc(x)))


class Nested(nn.Module):
    def __init__(self):
        super().__init__()
        self.first = Block()
        self.second = Block()
        self.inner = nn.Sequential(Block(), Scale(2.0))

    def forward(self, x):
        return self.inner(self.second(self.first(x)))


model("nested", randn(3, 4))(Nested)
model("nested_traced", randn(3, 4), "trace")(Nested)


# --- control flow, free functions, containers --------------------------------

def clip(x: Tensor, bound: float) -> Tensor:
    return torch.clamp(x, -bound, bound)


class Control(nn.Module):
    def __init__(self):
        super().__init__()
        self.threshold = 0.25
        self.max_steps = 5

    def forward(self, x: Tensor, steps: int = 3) -> Tensor:
        if bool(x.sum() > 0):
            y = x * 2.0
        else:
            y = -x
        for i in range(steps):
            y = clip(y + float(i), 4.0)
        n = 0
        while n < self.max_steps and bool(y.abs().max() > self.threshold):
            y = y * 0.5
            n += 1
            if n == 2:
                continue
            y = y - 0.01
        return y


model("control", lambda: (torch.randn(4, 3), int(torch.randint(0, 4, ()))))(Control)


class Containers(nn.Module):
    def __init__(self):
        super().__init__()
        self.names: List[str] = ["a", "b"]
        self.weights: Dict[str, float] = {"a": 1.5, "b": -0.5}
        self.shape: Tuple[int, int] = (2, 3)

    def forward(self, x: Tensor, bias: Optional[Tensor] = None,
                gains: Optional[List[float]] = None
                ) -> Tuple[List[Tensor], Dict[str, Tensor], Tuple[int, int]]:
        if bias is not None:
            x = x + bias
        outs: List[Tensor] = []
        table: Dict[str, Tensor] = {}
        for name in self.names:
            y = x * self.weights[name]
            outs.append(y)
            table[name] = y.sum(dim=1)
        if gains is not None:
            for i, g in enumerate(gains):
                outs[i % len(outs)] = outs[i % len(outs)] * g
        a, b = self.shape
        return outs, table, (a + len(outs), b * 2)


model("containers", lambda: (torch.randn(2, 3), torch.randn(3), [0.5, 2.0, 3.0]))(Containers)


class Params(NamedTuple):
    """A NamedTuple of parameters, as Norse keeps them (`self.p`); the
    trailing fields have defaults (TorchScript refuses tensor defaults)."""
    tau_inv: Tensor
    v_th: Tensor
    method: str = "super"
    alpha: float = 100.0


class State(NamedTuple):
    v: Tensor
    i: Tensor


class NamedTuples(nn.Module):
    """NamedTuples as an attribute, an Optional argument, built and read by
    field in forward and returned."""
    p: Params

    def __init__(self):
        super().__init__()
        self.p = Params(torch.full((3,), 50.0), torch.as_tensor(0.5))

    def forward(self, x: Tensor, state: Optional[State] = None) -> Tuple[Tensor, State]:
        if state is None:
            state = State(v=torch.zeros_like(x), i=torch.zeros_like(x))
        i = state.i + x
        v = state.v + 0.001 * self.p.tau_inv * (i - state.v)
        z = (v > self.p.v_th).to(x.dtype)
        if self.p.method == "super":
            z = z * 1.0
        return z, State(v=v * (1.0 - z), i=i * (self.p.alpha / 100.0))


model("named_tuples", randn(2, 3))(NamedTuples)


# --- SNN-style stateful modules ----------------------------------------------

class LIF(nn.Module):
    """A current-based leaky integrate-and-fire neuron, one Euler step per
    call, that takes and returns its state (v, i)."""

    def __init__(self, n: int, dt: float = 1e-3):
        super().__init__()
        self.register_buffer("tau_mem", torch.full((n,), 2e-2))
        self.register_buffer("tau_syn", torch.full((n,), 5e-3))
        self.register_buffer("v_threshold", torch.ones(n))
        self.v_leak = 0.0
        self.dt = dt

    def forward(self, x: Tensor, state: Optional[Tuple[Tensor, Tensor]] = None
                ) -> Tuple[Tensor, Tuple[Tensor, Tensor]]:
        if state is None:
            v = torch.zeros_like(x)
            i = torch.zeros_like(x)
        else:
            v, i = state
        i = i + self.dt / self.tau_syn * (x - i)
        v = v + self.dt / self.tau_mem * (self.v_leak - v + i)
        z = (v > self.v_threshold).to(x.dtype)
        v = v * (1.0 - z)
        return z, (v, i)


class SNN(nn.Module):
    """Linear -> LIF -> Linear -> LIF over a leading time dimension."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(3, 8)
        self.lif1 = LIF(8)
        self.fc2 = nn.Linear(8, 2)
        self.lif2 = LIF(2)

    def forward(self, xs: Tensor,
                state: Optional[Tuple[Tuple[Tensor, Tensor], Tuple[Tensor, Tensor]]] = None
                ) -> Tuple[Tensor, Tuple[Tuple[Tensor, Tensor], Tuple[Tensor, Tensor]]]:
        s1: Optional[Tuple[Tensor, Tensor]] = None
        s2: Optional[Tuple[Tensor, Tensor]] = None
        if state is not None:
            s1, s2 = state
        outputs: List[Tensor] = []
        for t in range(xs.size(0)):
            z, s1 = self.lif1(self.fc1(xs[t]) * 40.0, s1)
            z, s2 = self.lif2(self.fc2(z) * 40.0, s2)
            outputs.append(z)
        assert s1 is not None and s2 is not None
        return torch.stack(outputs), (s1, s2)


model("lif", lambda: (torch.rand(4, 8) * 60.0,))(lambda: LIF(8))
model("snn", lambda: (torch.rand(6, 2, 3),))(SNN)


class TracedLIF(nn.Module):
    """The same neuron with explicit state, as torch.jit.trace needs it."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 4)
        self.lif = LIF(4)

    def forward(self, x, v, i):
        z, (v, i) = self.lif(self.fc(x) * 40.0, (v, i))
        return z, (v, i)


model("lif_traced", lambda: (torch.rand(2, 3), torch.rand(2, 4), torch.rand(2, 4)),
      "trace")(TracedLIF)


class Counter(nn.Module):
    """Writes its own attributes (prim::SetAttr): a step counter and a trace."""

    def __init__(self):
        super().__init__()
        self.steps = 0
        self.register_buffer("trace", torch.zeros(3))

    def forward(self, x: Tensor) -> Tensor:
        self.steps += 1
        self.trace = 0.9 * self.trace + x.mean(dim=0)
        return self.trace * float(self.steps)


model("counter", randn(4, 3))(Counter)


# --- dtypes and big tensors ----------------------------------------------------

class DTypes(nn.Module):
    def __init__(self):
        super().__init__()
        self.big = nn.Parameter(torch.randn(64, 32))           # 8 KiB: a blob
        self.register_buffer("f64", torch.randn(3, dtype=torch.float64))
        self.register_buffer("f16", torch.randn(3).half())
        self.register_buffer("bf16", torch.randn(3).bfloat16())
        self.register_buffer("i64", torch.arange(3))
        self.register_buffer("i32", torch.arange(3, dtype=torch.int32))
        self.register_buffer("i16", torch.arange(3, dtype=torch.int16))
        self.register_buffer("i8", torch.tensor([-1, 0, 1], dtype=torch.int8))
        self.register_buffer("u8", torch.tensor([0, 128, 255], dtype=torch.uint8))
        self.register_buffer("mask", torch.tensor([True, False, True]))
        self.register_buffer("scalar", torch.tensor(2.5))
        self.register_buffer("empty", torch.zeros(0, 3))
        self.frozen = nn.Parameter(torch.ones(3), requires_grad=False)

    def forward(self, x: Tensor) -> Tuple[Tensor, Tensor]:
        y = x @ self.big[:32, :3] + self.f64.float() + self.f16.float() + self.bf16.float()
        y = y * self.scalar + self.frozen
        ints = self.i64 + self.i32 + self.i16 + self.i8 + self.u8.long()
        y = torch.where(self.mask, y, -y)
        return y + self.empty.sum(), ints + torch.tensor([1, 2, 3])


model("dtypes", randn(2, 32))(DTypes)


class Views(nn.Module):
    """Saved tensors that are views: blobs alias contiguous tensors and copy
    the others."""

    def __init__(self):
        super().__init__()
        self.transposed = nn.Parameter(torch.randn(32, 64).t())   # strided
        self.register_buffer("head", torch.randn(4096)[:300])     # 1/14 of its storage
        self.register_buffer("tail", torch.randn(600)[100:])      # at an offset

    def forward(self, x: Tensor) -> Tensor:
        return x @ self.transposed + self.head.sum() + self.tail.sum()


model("views", randn(2, 64))(Views)


# --- commands ----------------------------------------------------------------

def build(name):
    builder, inputs, mode = MODELS[name]
    torch.manual_seed(0)
    module = builder().eval()
    if mode == "trace":
        return torch.jit.trace(module, inputs())
    return torch.jit.script(module)


def same(a, b, where="output"):
    if isinstance(a, Tensor):
        assert isinstance(b, Tensor), f"{where}: {type(b)} is not a tensor"
        assert a.dtype == b.dtype, f"{where}: dtype {a.dtype} != {b.dtype}"
        assert torch.equal(a, b), f"{where}: values differ\n{a}\n{b}"
    elif hasattr(a, "_fields"):
        # NamedTuple classes are made per loaded module: same name and fields.
        assert (type(a).__name__, a._fields) == (type(b).__name__, getattr(b, "_fields", None)), \
            f"{where}: {a!r} != {b!r}"
        same(tuple(a), tuple(b), where)
    elif isinstance(a, (tuple, list)):
        assert type(a) == type(b) and len(a) == len(b), f"{where}: {a!r} != {b!r}"
        for k, (x, y) in enumerate(zip(a, b)):
            same(x, y, f"{where}[{k}]")
    elif isinstance(a, dict):
        assert list(a) == list(b), f"{where}: keys {list(a)} != {list(b)}"
        for k in a:
            same(a[k], b[k], f"{where}[{k!r}]")
    else:
        assert type(a) == type(b) and a == b, f"{where}: {a!r} != {b!r}"


def check_structure(ref, out, path="root"):
    assert ref._c._type().qualified_name() == out._c._type().qualified_name(), path
    for kind in ("named_parameters", "named_buffers"):
        a = dict(getattr(ref, kind)(recurse=False))
        b = dict(getattr(out, kind)(recurse=False))
        assert list(a) == list(b), f"{path}: {kind} {list(a)} != {list(b)}"
        for key in a:
            same(a[key], b[key], f"{path}.{key}")
            assert a[key].requires_grad == b[key].requires_grad, f"{path}.{key}"
    ref_children = dict(ref.named_children())
    out_children = dict(out.named_children())
    assert list(ref_children) == list(out_children), path
    for key in ref_children:
        check_structure(ref_children[key], out_children[key], f"{path}.{key}")


def compare(name, ref_path, out_path):
    _, inputs, _ = MODELS[name]
    ref = torch.jit.load(ref_path)
    out = torch.jit.load(out_path)
    check_structure(ref, out)
    torch.manual_seed(1)
    stateful = name in ("lif", "snn", "named_tuples")
    for draw in range(4):
        args = inputs()
        if stateful:
            ref_state = out_state = None
            for step in range(3):
                ref_out, ref_state = ref(*args, ref_state)
                out_out, out_state = out(*args, out_state)
                same(ref_out, out_out, f"draw {draw} step {step}")
                same(ref_state, out_state, f"draw {draw} step {step} state")
        else:
            same(ref(*args), out(*args), f"draw {draw}")
    if name == "counter":
        same(ref.steps, out.steps, "steps")
    print(f"{name}: same structure and outputs")


def main(argv):
    if argv[1] == "save":
        build(argv[2]).save(argv[3])
    elif argv[1] == "save-all":
        from save_each import save_each
        save_each(MODELS, lambda name, out: build(name).save(out), argv[2])
    elif argv[1] == "compare":
        compare(argv[2], argv[3], argv[4])
    elif argv[1] == "list":
        print("\n".join(MODELS))
    else:
        sys.exit(f"unknown command {argv[1]}")


if __name__ == "__main__":
    main(sys.argv)
