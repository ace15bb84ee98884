"""Fixtures for the TorchScript -> NIR lowering tests (run with /usr/bin/python3).

  models.py save NAME OUT.pt     script or trace model NAME (fixed seed), save it
  models.py save-all DIR         every model as DIR/NAME.pt (the lit fixtures)
  models.py check NAME FILE.nir  check that every node of the .nir file named
                                 after a submodule holds exactly that
                                 submodule's weight and bias (values, dtype)
"""

import sys

import torch
from torch import nn

MODELS = {}


def model(name, example_shape, mode="script"):
    def register(builder):
        MODELS[name] = (builder, example_shape, mode)
        return builder

    return register


@model("mlp", (1, 4))
@model("mlp_traced", (1, 4), "trace")
def _mlp():
    return nn.Sequential(nn.Linear(4, 3), nn.Linear(3, 2, bias=False))


@model("dropout", (1, 4))
@model("dropout_traced", (1, 4), "trace")
def _dropout():
    """Dropout between the layers: the identity at inference (eval mode)."""
    return nn.Sequential(nn.Linear(4, 3), nn.Dropout(0.5), nn.Linear(3, 2),
                         nn.Dropout(0.2, inplace=True))


@model("cnn", (1, 2, 8, 8))
@model("cnn_traced", (1, 2, 8, 8), "trace")
def _cnn():
    """The NIR paper's CNN topology, without the neurons."""
    return nn.Sequential(
        nn.Conv2d(2, 3, 3, padding=1, stride=1),
        nn.LPPool2d(1, 2),
        nn.Conv2d(3, 2, (3, 2), stride=(2, 1), dilation=(1, 2)),
        nn.Flatten(),
        nn.Linear(4, 2),
    )


class Residual(nn.Module):
    """y = fc2(fc1(x) + skip(x)): fan-in of two signals into fc2."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(3, 3)
        self.skip = nn.Linear(3, 3, bias=False)
        self.fc2 = nn.Linear(3, 2)

    def forward(self, x):
        return self.fc2(self.fc1(x) + self.skip(x))


model("residual", (1, 3))(Residual)
model("residual_traced", (1, 3), "trace")(Residual)


class Gain(nn.Module):
    """y = fc(x) * 0.5 * 3: products with Python numbers are Scale nodes."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 2)

    def forward(self, x):
        return self.fc(x) * 0.5 * 3


model("gain", (1, 3))(Gain)
model("gain_traced", (1, 3), "trace")(Gain)


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(2, 2), nn.Identity()])

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return x


class Nested(nn.Module):
    """A custom container holding a ModuleList: inlined, names are paths."""

    def __init__(self):
        super().__init__()
        self.block = Block()
        self.out = nn.Linear(2, 1)

    def forward(self, x):
        return self.out(self.block(x))


model("nested", (1, 2))(Nested)
model("nested_traced", (1, 2), "trace")(Nested)


class PadView(nn.Module):
    """F.pad into a convolution (its zero padding), views and reshapes that
    flatten, and a view that keeps the shape."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 2, 3, padding=(1, 0))
        self.fc = nn.Linear(48, 3)

    def forward(self, x):
        y = self.conv(torch.nn.functional.pad(x, (1, 1)))  # (2, 4, 6)
        y = y.view(y.size(0), 2, -1)  # (2, 24)
        y = y.reshape(-1, 48)
        y = y.view(y.size(0), 48)
        return self.fc(y)


model("pad_view", (1, 1, 4, 6))(PadView)
model("pad_view_traced", (1, 1, 4, 6), "trace")(PadView)


class Unmappable(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 2)

    def forward(self, x):
        return torch.sigmoid(self.fc(x))  # no NIR node: an error at this line


model("unmappable", (1, 2))(Unmappable)


def build(name):
    builder, shape, mode = MODELS[name]
    torch.manual_seed(0)
    module = builder().eval()
    if mode == "trace":
        return torch.jit.trace(module, torch.randn(*shape))
    return torch.jit.script(module)


def check(name, path):
    import h5py
    import numpy as np

    module = build(name)
    nodes = h5py.File(path, "r")["node/nodes"]
    checked = 0
    for node_name in sorted(nodes):
        if node_name in ("input", "output"):
            continue
        if not any(field in nodes[node_name] for field in ("weight", "bias")):
            continue  # no parameters: a node of the module's own code
        sub = module
        for part in node_name.split("."):
            sub = getattr(sub, part)
        for field in ("weight", "bias"):
            if field not in nodes[node_name]:
                continue
            stored = nodes[node_name][field][()]
            expected = getattr(sub, field)
            if expected is None:  # a bias-less conv gets zeros
                expected = torch.zeros(stored.shape, dtype=sub.weight.dtype)
            expected = expected.detach().numpy()
            if stored.dtype != expected.dtype or not np.array_equal(stored, expected):
                raise SystemExit(f"{node_name}.{field} differs: {stored} vs {expected}")
            checked += 1
    print(f"{name}: {checked} parameters equal")


def main(argv):
    if argv[1] == "save":
        build(argv[2]).save(argv[3])
    elif argv[1] == "save-all":
        from save_each import save_each
        save_each(MODELS, lambda name, out: build(name).save(out), argv[2])
    elif argv[1] == "check":
        check(argv[2], argv[3])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
