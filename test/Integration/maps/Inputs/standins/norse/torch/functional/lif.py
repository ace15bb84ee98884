"""norse.torch.functional.lif: the current-based leaky integrate-and-fire
neuron (norse 1.x, lif_feed_forward_step). The input jumps the synaptic
current after the membrane has integrated the current of the step before."""

from typing import NamedTuple, Tuple

import torch

from .threshold import threshold


class LIFParameters(NamedTuple):
    tau_syn_inv: torch.Tensor
    tau_mem_inv: torch.Tensor
    v_leak: torch.Tensor
    v_th: torch.Tensor
    v_reset: torch.Tensor
    method: str = "super"
    alpha: float = 100.0


class LIFFeedForwardState(NamedTuple):
    v: torch.Tensor
    i: torch.Tensor


def lif_feed_forward_step(
    input_spikes: torch.Tensor,
    state: LIFFeedForwardState,
    p: LIFParameters,
    dt: float = 0.001,
) -> Tuple[torch.Tensor, LIFFeedForwardState]:
    dv = dt * p.tau_mem_inv * ((p.v_leak - state.v) + state.i)
    v_decayed = state.v + dv
    di = -dt * p.tau_syn_inv * state.i
    i_decayed = state.i + di
    z_new = threshold(v_decayed - p.v_th, p.method, p.alpha)
    v_new = (1.0 - z_new.detach()) * v_decayed + z_new.detach() * p.v_reset
    i_new = i_decayed + input_spikes
    return z_new, LIFFeedForwardState(v=v_new, i=i_new)
