"""norse.torch.module.lif.LIFCell: one step of the current-based neuron; the
state starts at v_leak and zero current when none is given."""

from typing import Optional, Tuple

import torch
from torch import nn

from ..functional.lif import LIFFeedForwardState, LIFParameters, lif_feed_forward_step


class LIFCell(nn.Module):
    p: LIFParameters

    def __init__(self, p: Optional[LIFParameters] = None, dt: float = 0.001):
        super().__init__()
        if p is None:
            p = LIFParameters(
                torch.as_tensor(200.0),
                torch.as_tensor(100.0),
                torch.as_tensor(0.0),
                torch.as_tensor(1.0),
                torch.as_tensor(0.0),
            )
        self.p = p
        self.dt = dt

    def forward(
        self, input_tensor: torch.Tensor, state: Optional[LIFFeedForwardState] = None
    ) -> Tuple[torch.Tensor, LIFFeedForwardState]:
        if state is None:
            state = LIFFeedForwardState(
                v=self.p.v_leak.detach().clone(),
                i=torch.zeros_like(input_tensor),
            )
        return lif_feed_forward_step(input_tensor, state, self.p, self.dt)
