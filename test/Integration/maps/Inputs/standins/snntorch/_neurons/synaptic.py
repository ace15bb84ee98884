"""snntorch.Synaptic's step with reset_mechanism="subtract" (snnTorch 0.7):
syn = alpha * syn + x, then the membrane integrates the new current."""

from typing import Optional, Tuple

import torch
from torch import Tensor, nn


class Synaptic(nn.Module):
    def __init__(self, alpha: float, beta: float, threshold: float = 1.0):
        super().__init__()
        self.register_buffer("alpha", torch.tensor(alpha))
        self.register_buffer("beta", torch.tensor(beta))
        self.register_buffer("threshold", torch.tensor(threshold))

    def forward(self, input_: Tensor, syn: Optional[Tensor] = None,
                mem: Optional[Tensor] = None) -> Tuple[Tensor, Tensor, Tensor]:
        if syn is None:
            syn = torch.zeros_like(input_)
        if mem is None:
            mem = torch.zeros_like(input_)
        reset = (mem - self.threshold > 0).to(input_.dtype)
        syn = self.alpha.clamp(0, 1) * syn + input_
        mem = self.beta.clamp(0, 1) * mem + syn - reset * self.threshold
        spk = (mem - self.threshold > 0).to(input_.dtype)
        return spk, syn, mem
