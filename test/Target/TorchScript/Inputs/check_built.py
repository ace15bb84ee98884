"""Loads the export of Inputs/built.mlir and checks what it computes and holds."""

import sys

import torch

m = torch.jit.load(sys.argv[1])
x = torch.tensor([1.0, -1.0])

# forward(x, n=2, scale=0.5) = ((x * scale^n) + v) * w, k
out, k = m(x)
assert torch.equal(out, (x * 0.25 + torch.tensor([10.0, 20.0])) * torch.tensor([1.0, 2.0])), out
assert k == 7
out, _ = m(x, 1, scale=-1.0)
assert torch.equal(out, (x + torch.tensor([10.0, 20.0])) * torch.tensor([1.0, 2.0])), out

assert m.w.requires_grad and m.w.dtype == torch.float32
assert torch.equal(m.big, torch.tensor([1.0, 2.0, 3.0, 4.0], dtype=torch.float64))
assert m.names == ["a", "b"] and m.table == {"a": 1.5, "b": -0.5}
assert m.shape == (2, 3) and m.device == torch.device("cpu") and m.gain is None
assert torch.equal(m.mask, torch.tensor([True, False]))
assert m.k == 7
assert m.a._c._type().qualified_name() == "__torch__.A"
print("built: loads and computes as written")
