"""norse.torch.module.lif_box.LIFBoxCell: one step of the neuron; the state
starts at v_leak when none is given."""

from typing import Optional, Tuple

import torch
from torch import nn

from ..functional.lif_box import (
    LIFBoxFeedForwardState,
    LIFBoxParameters,
    lif_box_feed_forward_step,
)


class LIFBoxCell(nn.Module):
    p: LIFBoxParameters

    def __init__(self, p: Optional[LIFBoxParameters] = None, dt: float = 0.001):
        super().__init__()
        if p is None:
            p = LIFBoxParameters(
                torch.as_tensor(100.0), torch.as_tensor(0.0), torch.as_tensor(1.0), torch.as_tensor(0.0)
            )
        self.p = p
        self.dt = dt

    def forward(
        self, input_tensor: torch.Tensor, state: Optional[LIFBoxFeedForwardState] = None
    ) -> Tuple[torch.Tensor, LIFBoxFeedForwardState]:
        if state is None:
            state = LIFBoxFeedForwardState(v=self.p.v_leak.detach().clone())
        return lif_box_feed_forward_step(input_tensor, state, self.p, self.dt)
