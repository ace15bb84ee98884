"""A small third-party style SNN library for the node library tests: its
neurons are written the way snnTorch, Norse and Rockpool write theirs, each
with its own parameters and step convention, not NIR's.

- Leaky (LIF), snnTorch style: forward(x, mem) -> (spk, mem), a decay
  `beta` and an input gain instead of tau and r.
- Synaptic (CubaLIF): forward(x, (syn, mem)) -> (spk, (syn, mem)).
- Integrator (LI), Norse style: forward(x, {"v": v}) -> (v, {"v": v}), with
  the inverse time constant `tau_mem_inv` and a Python float `r`.
- Dense (Affine): forward(x) -> x @ weight.T + bias.

The spiking neurons share a free function, `fire`, as library code does.

make_tinysnn.py scripts a `Library` holding one prototype of each and saves
it; the binding (tinysnn.json) says how NIR parameters become theirs.
"""

from typing import Dict, Tuple

import torch
from torch import Tensor


def fire(v: Tensor, threshold: Tensor, reset: Tensor) -> Tuple[Tensor, Tensor]:
    """Spikes where v crosses the threshold, and v reset there."""
    spk = v > threshold
    return spk, torch.where(spk, reset, v)


class Leaky(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer("beta", torch.tensor(0.9))
        self.register_buffer("gain", torch.tensor(0.1))
        self.register_buffer("leak", torch.tensor(0.0))
        self.register_buffer("threshold", torch.tensor(1.0))
        self.register_buffer("reset_value", torch.tensor(0.0))

    def forward(self, x: Tensor, mem: Tensor) -> Tuple[Tensor, Tensor]:
        mem = self.beta * mem + self.leak + self.gain * x
        spk, mem = fire(mem, self.threshold, self.reset_value)
        return spk.to(x.dtype), mem


class Synaptic(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer("alpha", torch.tensor(0.8))
        self.register_buffer("syn_gain", torch.tensor(0.2))
        self.register_buffer("beta", torch.tensor(0.9))
        self.register_buffer("leak", torch.tensor(0.0))
        self.register_buffer("mem_gain", torch.tensor(0.1))
        self.register_buffer("threshold", torch.tensor(1.0))
        self.register_buffer("reset_value", torch.tensor(0.0))

    def forward(
        self, x: Tensor, state: Tuple[Tensor, Tensor]
    ) -> Tuple[Tensor, Tuple[Tensor, Tensor]]:
        syn, mem = state
        new_syn = self.alpha * syn + self.syn_gain * x
        new_mem = self.beta * mem + self.leak + self.mem_gain * syn
        spk, new_mem = fire(new_mem, self.threshold, self.reset_value)
        return spk.to(x.dtype), (new_syn, new_mem)


class Integrator(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer("tau_mem_inv", torch.tensor(100.0))
        self.register_buffer("v_leak", torch.tensor(0.0))
        self.register_buffer("dt", torch.tensor(0.001))
        self.r: float = 1.0

    def forward(
        self, x: Tensor, state: Dict[str, Tensor]
    ) -> Tuple[Tensor, Dict[str, Tensor]]:
        v = state["v"]
        v = v + self.dt * self.tau_mem_inv * (self.v_leak - v + self.r * x)
        return v, {"v": v}


class Dense(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.weight = torch.nn.Parameter(torch.zeros(1, 1))
        self.bias = torch.nn.Parameter(torch.zeros(1))

    def forward(self, x: Tensor) -> Tensor:
        return torch.nn.functional.linear(x, self.weight, self.bias)


class Library(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.leaky = Leaky()
        self.synaptic = Synaptic()
        self.integrator = Integrator()
        self.dense = Dense()

    def forward(self, x: Tensor) -> Tensor:
        return self.dense(x)
