"""A small SNN library in the idiomatic stateful style, for snn-models.test.

Each neuron module's forward takes the input and an optional state and
returns `(output, new_state)`; networks thread the states. The lowering maps
these classes (`__torch__.snnlib.*`) to NIR nodes through the JSON module map
Inputs/snn_module_map.json; their forward code is never looked at.

Hyper-parameters are buffers, not float attributes: tracing keeps only
parameters and buffers (a float attribute is folded into the traced code), and
a buffer moves with the module between devices.
"""

from typing import Optional, Tuple

import torch
from torch import Tensor, nn


class IF(nn.Module):
    """Integrate-and-fire: v += r * x; spike at `threshold`, reset to zero."""

    def __init__(self, shape, threshold: float = 1.0, r: float = 1.0):
        super().__init__()
        self.register_buffer("r", torch.full(shape, r))
        self.register_buffer("threshold", torch.tensor(threshold))

    def forward(self, x: Tensor, state: Optional[Tensor] = None) -> Tuple[Tensor, Tensor]:
        if state is None:
            state = torch.zeros_like(x)
        v = state + self.r * x
        spikes = (v >= self.threshold).to(x.dtype)
        return spikes, v * (1.0 - spikes)


class CubaLIF(nn.Module):
    """Current-based LIF: the synaptic current feeds the membrane."""

    def __init__(self, n: int, tau_syn: float, tau_mem: float, threshold: float = 1.0,
                 w_in: float = 1.0, dt: float = 1e-4):
        super().__init__()
        self.register_buffer("tau_syn", torch.full((n,), tau_syn, dtype=torch.float64))
        self.register_buffer("tau_mem", torch.full((n,), tau_mem, dtype=torch.float64))
        self.register_buffer("r", torch.linspace(1.0, 2.0, n, dtype=torch.float64))
        self.register_buffer("threshold", torch.tensor(threshold, dtype=torch.float64))
        self.register_buffer("w_in", torch.tensor([w_in], dtype=torch.float64))
        self.dt = dt

    def step(self, x: Tensor, i: Tensor, v: Tensor) -> Tuple[Tensor, Tensor, Tensor]:
        i = i + self.dt / self.tau_syn * (self.w_in * x - i)
        v = v + self.dt / self.tau_mem * (self.r * i - v)
        spikes = (v >= self.threshold).to(x.dtype)
        return spikes, i, v * (1.0 - spikes)

    def forward(self, x: Tensor, state: Optional[Tuple[Tensor, Tensor]] = None
                ) -> Tuple[Tensor, Tuple[Tensor, Tensor]]:
        if state is None:
            i = torch.zeros_like(x)
            v = torch.zeros_like(x)
        else:
            i, v = state
        spikes, i, v = self.step(x, i, v)
        return spikes, (i, v)


class RCubaLIF(CubaLIF):
    """A CubaLIF layer whose spikes come back through `w_rec` at the next step."""

    def __init__(self, n: int, tau_syn: float, tau_mem: float, threshold: float = 1.0,
                 w_in: float = 1.0, dt: float = 1e-4):
        super().__init__(n, tau_syn, tau_mem, threshold, w_in, dt)
        self.w_rec = nn.Linear(n, n)

    def forward(self, x: Tensor, state: Optional[Tuple[Tensor, Tensor, Tensor]] = None
                ) -> Tuple[Tensor, Tuple[Tensor, Tensor, Tensor]]:
        if state is None:
            i = torch.zeros_like(x)
            v = torch.zeros_like(x)
            previous = torch.zeros_like(x)
        else:
            i, v, previous = state
        spikes, i, v = self.step(x + self.w_rec(previous), i, v)
        return spikes, (i, v, spikes)
