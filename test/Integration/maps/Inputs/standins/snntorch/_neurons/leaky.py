"""snntorch.Leaky's step with reset_mechanism="subtract" (snnTorch 0.7):
the reset comes from the previous membrane and is subtracted after the
decay; the spike is taken after the update."""

from typing import Optional, Tuple

import torch
from torch import Tensor, nn


class Leaky(nn.Module):
    def __init__(self, beta: float, threshold: float = 1.0):
        super().__init__()
        self.register_buffer("beta", torch.tensor(beta))
        self.register_buffer("threshold", torch.tensor(threshold))

    def forward(self, input_: Tensor, mem: Optional[Tensor] = None) -> Tuple[Tensor, Tensor]:
        if mem is None:
            mem = torch.zeros_like(input_)
        reset = (mem - self.threshold > 0).to(input_.dtype)
        mem = self.beta.clamp(0, 1) * mem + input_ - reset * self.threshold
        spk = (mem - self.threshold > 0).to(input_.dtype)
        return spk, mem
