# Fixture for locations.test, which checks the line and column of these
# statements: keep them where they are.
import sys
import torch
from torch import Tensor, nn


def double(x: Tensor) -> Tensor:
    return x * 2.0


class Leaf(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return torch.relu(x)


class Root(nn.Module):
    def __init__(self):
        super().__init__()
        self.inner = nn.Sequential(Leaf())

    def forward(self, x: Tensor) -> Tensor:
        y = self.inner(x)
        return double(y) + 1.0


torch.jit.script(Root()).save(sys.argv[1])
