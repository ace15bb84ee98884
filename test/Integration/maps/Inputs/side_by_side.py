"""Runs a library's model and the module nirtorch raised from its NIR graph
side by side (the tests of maps/, docs/Maps.md); run with /usr/bin/python3.

  side_by_side.py save LIB OUT.pt           script LIB's stand-in model
  side_by_side.py save-norse-traced OUT.pt  trace one step of the Norse model
  side_by_side.py run LIB MODEL.pt RAISED.pt [MIN_AGREEMENT]

`run` feeds both the same random input (fixed seed, 2 x 40 steps) and
prints the share of output entries (spike counts) that agree, and the first
step where they differ; it fails below MIN_AGREEMENT (default 1.0).
"""

import os
import sys
from typing import List, Optional

import torch
from torch import Tensor, nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "standins"))
from norse.torch.functional.lif import LIFFeedForwardState, LIFParameters  # noqa: E402
from norse.torch.functional.lif_box import LIFBoxFeedForwardState, LIFBoxParameters  # noqa: E402
from norse.torch.module.lif import LIFCell  # noqa: E402
from norse.torch.module.lif_box import LIFBoxCell  # noqa: E402
from sinabs.layers.iaf import IAF  # noqa: E402
from snntorch._neurons.leaky import Leaky  # noqa: E402
from snntorch._neurons.synaptic import Synaptic  # noqa: E402

STEPS, BATCH = 40, 2


class SnnTorchNet(nn.Module):
    """The snnTorch tutorials' network: Linear, Leaky, Linear, Synaptic,
    with the loop over time (time first) in forward."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(6, 5)
        self.lif1 = Leaky(beta=0.9, threshold=0.5)
        self.fc2 = nn.Linear(5, 3)
        self.lif2 = Synaptic(alpha=0.8, beta=0.7, threshold=0.5)

    def forward(self, x: Tensor) -> Tensor:
        mem1: Optional[Tensor] = None
        syn2: Optional[Tensor] = None
        mem2: Optional[Tensor] = None
        spikes: List[Tensor] = []
        for step in range(x.size(0)):
            spk1, mem1 = self.lif1(self.fc1(x[step]), mem1)
            spk2, syn2, mem2 = self.lif2(self.fc2(spk1), syn2, mem2)
            spikes.append(spk2)
        return torch.stack(spikes)


class SinabsNet(nn.Module):
    """A sinabs network: the layers take (batch, time, features), the IAF
    layers loop over time themselves."""

    def __init__(self, multi_spike: bool):
        super().__init__()
        self.fc1 = nn.Linear(6, 5)
        self.iaf1 = IAF(spike_threshold=0.5, multi_spike=multi_spike)
        self.fc2 = nn.Linear(5, 3)
        self.iaf2 = IAF(spike_threshold=0.5, multi_spike=multi_spike)

    def forward(self, x: Tensor) -> Tensor:
        return self.iaf2(self.fc2(self.iaf1(self.fc1(x))))


class NorseNet(nn.Module):
    """A Norse network of cells, parameters in NamedTuples, the loop over
    time (time first, `x.shape[0]`) in forward and the states starting as
    None, as Norse's examples write it."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(6, 5)
        self.lif1 = LIFBoxCell(
            LIFBoxParameters(
                tau_mem_inv=torch.full((5,), 100.0),
                v_leak=torch.as_tensor(0.0),
                v_th=torch.as_tensor(0.3),
                v_reset=torch.as_tensor(0.0),
            )
        )
        self.fc2 = nn.Linear(5, 3)
        self.lif2 = LIFCell(
            LIFParameters(
                tau_syn_inv=torch.as_tensor(200.0),
                tau_mem_inv=torch.as_tensor(100.0),
                v_leak=torch.as_tensor(0.0),
                v_th=torch.as_tensor(0.3),
                v_reset=torch.as_tensor(0.0),
            )
        )

    def forward(self, x: Tensor) -> Tensor:
        s1: Optional[LIFBoxFeedForwardState] = None
        s2: Optional[LIFFeedForwardState] = None
        spikes: List[Tensor] = []
        for ts in range(x.shape[0]):
            z, s1 = self.lif1(self.fc1(x[ts]), s1)
            z, s2 = self.lif2(self.fc2(z), s2)
            spikes.append(z)
        return torch.stack(spikes)


class NorseStep(nn.Module):
    """One step of NorseNet's first layer, for torch.jit.trace (which drops
    the cells' NamedTuple `p`: the map cannot read it)."""

    def __init__(self):
        super().__init__()
        net = NorseNet()
        self.fc1, self.lif1 = net.fc1, net.lif1

    def forward(self, x: Tensor) -> Tensor:
        z, _ = self.lif1(self.fc1(x))
        return z


MODELS = {
    "norse": lambda: NorseNet(),
    "snntorch": lambda: SnnTorchNet(),
    "sinabs": lambda: SinabsNet(multi_spike=False),
    "sinabs_multi": lambda: SinabsNet(multi_spike=True),
}


def build(lib):
    torch.manual_seed(0)
    return MODELS[lib]().eval()


def run(lib, model_path, raised_path, min_agreement):
    torch.manual_seed(1)
    xs = torch.rand(STEPS, BATCH, 6) * 1.5  # time first
    model = torch.jit.load(model_path)
    raised = torch.jit.load(raised_path)
    with torch.no_grad():
        if lib in ("snntorch", "norse"):
            expected = model(xs)
        else:  # sinabs: batch first
            expected = model(xs.transpose(0, 1)).transpose(0, 1)
        got = raised.forward_sequence(xs.to(torch.float64)).to(expected.dtype)
    equal = expected == got
    agreement = equal.float().mean().item()
    differ = (~equal).reshape(STEPS, -1).any(dim=1).nonzero()
    first = differ[0].item() if len(differ) else None
    print(f"{lib}: {equal.numel()} outputs, {expected.sum().item():.0f} spikes, "
          f"agreement {100 * agreement:.1f}%, first difference at step "
          f"{first if first is not None else 'none'}")
    if agreement < min_agreement:
        raise SystemExit(f"{lib}: agreement {agreement:.3f} below {min_agreement}")


def main(argv):
    if len(argv) == 4 and argv[1] == "save":
        torch.jit.script(build(argv[2])).save(argv[3])
    elif len(argv) == 3 and argv[1] == "save-norse-traced":
        torch.manual_seed(0)
        torch.jit.trace(NorseStep().eval(), torch.rand(2, 6), check_trace=False).save(argv[2])
    elif len(argv) in (5, 6) and argv[1] == "run":
        run(argv[2], argv[3], argv[4], float(argv[5]) if len(argv) == 6 else 1.0)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
