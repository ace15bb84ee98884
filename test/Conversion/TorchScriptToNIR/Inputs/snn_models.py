"""Spiking models for snn-models.test (run with /usr/bin/python3).

  snn_models.py save NAME OUT.pt     script or trace model NAME (fixed seed)
  snn_models.py save-all DIR         every model as DIR/NAME.pt (lit fixtures)
  snn_models.py check NAME FILE.nir  check the graph in FILE.nir against the
                                     torch module: node names and types,
                                     edges, and every parameter exactly
                                     (values and dtype), as the module map
                                     Inputs/snn_module_map.json defines them

The neurons are snnlib's (Inputs/snnlib.py): stateful modules returning
`(output, state)`; each network threads the states and returns
`(output, states)`.
"""

import os
import sys
from typing import Optional, Tuple

import torch
from torch import Tensor, nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import snnlib  # noqa: E402

IFState = Optional[Tensor]
CubaState = Optional[Tuple[Tensor, Tensor]]
RCubaState = Optional[Tuple[Tensor, Tensor, Tensor]]


class SpikingCNN(nn.Module):
    """The NIR paper's spiking CNN topology (paper/02_cnn/cnn_sinabs.nir):
    conv, IF, sum pooling, conv, IF, flatten, affine, IF."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(2, 4, 3, padding=1)
        self.if1 = snnlib.IF((4, 8, 8))
        self.pool = nn.LPPool2d(1, 2)
        self.conv2 = nn.Conv2d(4, 4, 3, padding=1, stride=2, bias=False)
        self.if2 = snnlib.IF((), threshold=0.5)  # one r for all neurons
        self.flatten = nn.Flatten()
        self.fc = nn.Linear(16, 3)
        self.if3 = snnlib.IF((3,), threshold=2.0, r=0.5)

    def forward(self, x: Tensor, state: Optional[Tuple[IFState, IFState, IFState]] = None
                ) -> Tuple[Tensor, Tuple[Tensor, Tensor, Tensor]]:
        s1: IFState = None
        s2: IFState = None
        s3: IFState = None
        if state is not None:
            s1, s2, s3 = state
        x, s1 = self.if1(self.conv1(x), s1)
        x, s2 = self.if2(self.conv2(self.pool(x)), s2)
        x, s3 = self.if3(self.fc(self.flatten(x)), s3)
        return x, (s1, s2, s3)


class BrailleSNN(nn.Module):
    """A braille-like recurrent SNN (examples/braille.nir): affine 12 -> 38,
    recurrent CubaLIF, affine 38 -> 7, CubaLIF."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(12, 38)
        self.lif1 = snnlib.RCubaLIF(38, tau_syn=2e-4, tau_mem=2.2e-4, w_in=2.0)
        self.fc2 = nn.Linear(38, 7)
        self.lif2 = snnlib.CubaLIF(7, tau_syn=2e-4, tau_mem=2.2e-4, threshold=0.75)

    def forward(self, x: Tensor, state: Optional[Tuple[RCubaState, CubaState]] = None
                ) -> Tuple[Tensor, Tuple[Tuple[Tensor, Tensor, Tensor], Tuple[Tensor, Tensor]]]:
        s1: RCubaState = None
        s2: CubaState = None
        if state is not None:
            s1, s2 = state
        x, s1 = self.lif1(self.fc1(x), s1)
        x, s2 = self.lif2(self.fc2(x), s2)
        return x, (s1, s2)


class TimeLoopSNN(nn.Module):
    """The snnTorch tutorials' form: forward loops over the time steps of its
    input (time first), carries the neuron's state from step to step and
    stacks the spikes. Lowered, it is the graph of one step."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 3)
        self.if1 = snnlib.IF((3,), threshold=0.5)

    def forward(self, x: Tensor) -> Tensor:
        v: IFState = None
        spikes = []
        for step in range(x.size(0)):
            s, v = self.if1(self.fc(x[step]), v)
            spikes.append(s)
        return torch.stack(spikes)


MODELS = {
    "time_loop": (TimeLoopSNN, (5, 1, 4), "script"),
    "cnn": (SpikingCNN, (1, 2, 8, 8), "script"),
    "cnn_traced": (SpikingCNN, (1, 2, 8, 8), "trace"),
    "braille": (BrailleSNN, (1, 12), "script"),
    "braille_traced": (BrailleSNN, (1, 12), "trace"),
}


def build(name):
    builder, shape, mode = MODELS[name]
    torch.manual_seed(0)
    module = builder().eval()
    if mode == "trace":
        return module, torch.jit.trace(module, torch.randn(*shape))
    return module, torch.jit.script(module)


def numpy(tensor):
    return tensor.detach().numpy()


def full(shape, value, dtype):
    import numpy as np
    return np.full(shape, value, dtype=dtype)


def broadcast(tensor, shape):
    """A buffer as the module map gives it: broadcast to the neurons' shape
    when it has one element, dtype kept."""
    import numpy as np
    return np.broadcast_to(numpy(tensor), shape).copy()


def if_params(neuron, shape):
    """IF: r and v_threshold from buffers; v_reset the literal 0.0, float32
    (the map gives no dtype)."""
    import numpy as np
    return {"r": broadcast(neuron.r, shape),
            "v_threshold": broadcast(neuron.threshold, shape),
            "v_reset": full(shape, 0.0, np.float32)}


def cuba_params(neuron):
    import numpy as np
    n = neuron.tau_syn.shape
    return {"tau_syn": numpy(neuron.tau_syn), "tau_mem": numpy(neuron.tau_mem),
            "r": numpy(neuron.r), "v_leak": full(n, 0.0, np.float64),
            "v_threshold": broadcast(neuron.threshold, n),
            "v_reset": full(n, 0.0, np.float64),
            "w_in": broadcast(neuron.w_in, n)}


def affine(linear):
    return {"weight": numpy(linear.weight), "bias": numpy(linear.bias)}


def conv2d(conv, input_shape):
    import numpy as np
    bias = conv.bias if conv.bias is not None else torch.zeros(conv.out_channels)
    return {"weight": numpy(conv.weight), "bias": numpy(bias),
            "stride": np.array(conv.stride), "padding": np.array(conv.padding),
            "dilation": np.array(conv.dilation), "groups": np.array(conv.groups),
            "input_shape": np.array(input_shape)}


def expected_graph(name, m):
    """(nodes: name -> (type, params or nested graph), edges) of the NIR graph."""
    import numpy as np
    if name == "time_loop":
        nodes = {
            "input": ("Input", {"shape": np.array([4])}),
            "fc": ("Affine", affine(m.fc)),
            "if1": ("IF", if_params(m.if1, (3,))),
            "output": ("Output", {"shape": np.array([3])}),
        }
        chain = ["input", "fc", "if1", "output"]
        return nodes, set(zip(chain, chain[1:]))
    if name.startswith("cnn"):
        nodes = {
            "input": ("Input", {"shape": np.array([2, 8, 8])}),
            "conv1": ("Conv2d", conv2d(m.conv1, (8, 8))),
            "if1": ("IF", if_params(m.if1, (4, 8, 8))),
            "pool": ("SumPool2d", {"kernel_size": np.array([2, 2]),
                                   "stride": np.array([2, 2]),
                                   "padding": np.array([0, 0])}),
            "conv2": ("Conv2d", conv2d(m.conv2, (4, 4))),
            "if2": ("IF", if_params(m.if2, (4, 2, 2))),
            "flatten": ("Flatten", {"start_dim": np.array(0), "end_dim": np.array(-1),
                                    "input_type": np.array([4, 2, 2])}),
            "fc": ("Affine", affine(m.fc)),
            "if3": ("IF", if_params(m.if3, (3,))),
            "output": ("Output", {"shape": np.array([3])}),
        }
        chain = ["input", "conv1", "if1", "pool", "conv2", "if2", "flatten", "fc",
                 "if3", "output"]
        return nodes, set(zip(chain, chain[1:]))
    lif1 = {
        "input": ("Input", {"shape": np.array([38])}),
        "lif1": ("CubaLIF", cuba_params(m.lif1)),
        "w_rec": ("Affine", affine(m.lif1.w_rec)),
        "output": ("Output", {"shape": np.array([38])}),
    }
    lif1_edges = {("input", "lif1"), ("lif1", "w_rec"), ("w_rec", "lif1"),
                  ("lif1", "output")}
    nodes = {
        "input": ("Input", {"shape": np.array([12])}),
        "fc1": ("Affine", affine(m.fc1)),
        "lif1": ("NIRGraph", (lif1, lif1_edges)),
        "fc2": ("Affine", affine(m.fc2)),
        "lif2": ("CubaLIF", cuba_params(m.lif2)),
        "output": ("Output", {"shape": np.array([7])}),
    }
    chain = ["input", "fc1", "lif1", "fc2", "lif2", "output"]
    return nodes, set(zip(chain, chain[1:]))


def check_graph(group, nodes, edges, where):
    """Compares one HDF5 graph group with the expected nodes and edges;
    returns the number of parameters compared."""
    import numpy as np
    stored_nodes = group["nodes"]
    if set(stored_nodes) != set(nodes):
        raise SystemExit(f"{where}: nodes {sorted(stored_nodes)}, expected {sorted(nodes)}")
    stored_edges = {(src.decode(), dst.decode()) for src, dst in group["edges"][()]}
    if stored_edges != edges:
        raise SystemExit(f"{where}: edges {sorted(stored_edges)}, expected {sorted(edges)}")
    compared = 0
    for node_name, (node_type, params) in sorted(nodes.items()):
        node = stored_nodes[node_name]
        path = f"{where}{node_name}"
        stored_type = node["type"][()].decode()
        if stored_type != node_type:
            raise SystemExit(f"{path}: type {stored_type}, expected {node_type}")
        if node_type == "NIRGraph":
            compared += check_graph(node, *params, where=path + ".")
            continue
        fields = set(node) - {"type"}
        if fields != set(params):
            raise SystemExit(f"{path}: fields {sorted(fields)}, expected {sorted(params)}")
        for field, expected in params.items():
            stored = node[field][()]
            expected = np.asarray(expected)
            if expected.dtype.kind == "i":
                # Shapes and hyper-parameters: integers, as NIR writes them.
                ok = stored.dtype.kind == "i" and np.array_equal(stored, expected)
            else:
                ok = stored.dtype == expected.dtype and np.array_equal(stored, expected)
            if not ok:
                raise SystemExit(f"{path}.{field} differs: stored {stored.dtype} "
                                 f"{stored}, expected {expected.dtype} {expected}")
            compared += 1
    return compared


def check(name, path):
    import h5py
    module, _ = build(name)
    nodes, edges = expected_graph(name, module)
    with h5py.File(path, "r") as nir_file:
        compared = check_graph(nir_file["node"], nodes, edges, where="")
    print(f"{name}: graph and {compared} parameters equal")


def main(argv):
    if len(argv) == 4 and argv[1] == "save":
        build(argv[2])[1].save(argv[3])
    elif len(argv) == 3 and argv[1] == "save-all":
        from save_each import save_each
        save_each(MODELS, lambda name, out: build(name)[1].save(out), argv[2])
    elif len(argv) == 4 and argv[1] == "check":
        check(argv[2], argv[3])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
