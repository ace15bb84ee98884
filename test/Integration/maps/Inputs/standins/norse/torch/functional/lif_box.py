"""norse.torch.functional.lif_box: a leaky integrate-and-fire neuron without
synaptic current (norse 1.x, lif_box_feed_forward_step)."""

from typing import NamedTuple, Tuple

import torch

from .threshold import threshold


class LIFBoxParameters(NamedTuple):
    tau_mem_inv: torch.Tensor
    v_leak: torch.Tensor
    v_th: torch.Tensor
    v_reset: torch.Tensor
    method: str = "super"
    alpha: float = 100.0


class LIFBoxFeedForwardState(NamedTuple):
    v: torch.Tensor


def lif_box_feed_forward_step(
    input_spikes: torch.Tensor,
    state: LIFBoxFeedForwardState,
    p: LIFBoxParameters,
    dt: float = 0.001,
) -> Tuple[torch.Tensor, LIFBoxFeedForwardState]:
    dv = dt * p.tau_mem_inv * ((p.v_leak - state.v) + input_spikes)
    v_decayed = state.v + dv
    z_new = threshold(v_decayed - p.v_th, p.method, p.alpha)
    v_new = (1.0 - z_new.detach()) * v_decayed + z_new.detach() * p.v_reset
    return z_new, LIFBoxFeedForwardState(v=v_new)
