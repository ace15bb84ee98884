"""sinabs.layers.IAF (sinabs 1.2): the layer takes (batch, time, ...) and
loops over time itself; each step v = v + x, then spikes and a subtractive
reset. MultiSpike (sinabs' default) emits floor(v / threshold) spikes per
step; SingleSpike one, when v >= threshold."""

import torch
from torch import Tensor, nn


class IAF(nn.Module):
    def __init__(self, spike_threshold: float = 1.0, multi_spike: bool = True):
        super().__init__()
        self.register_buffer("spike_threshold", torch.tensor(spike_threshold))
        self.multi_spike = multi_spike

    def forward(self, x: Tensor) -> Tensor:
        v = torch.zeros_like(x[:, 0])
        spikes = []
        for step in range(x.size(1)):
            v = v + x[:, step]
            if self.multi_spike:
                s = torch.floor(v / self.spike_threshold).clamp(min=0.0)
            else:
                s = (v >= self.spike_threshold).to(x.dtype)
            v = v - s * self.spike_threshold
            spikes.append(s)
        return torch.stack(spikes, 1)
