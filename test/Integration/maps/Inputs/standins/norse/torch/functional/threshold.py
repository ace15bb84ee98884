"""norse.torch.functional.threshold: the forward value of every surrogate
method is the Heaviside step (x > 0)."""

import torch


def heaviside(data: torch.Tensor) -> torch.Tensor:
    return torch.gt(data, torch.as_tensor(0.0)).to(data.dtype)


def threshold(x: torch.Tensor, method: str, alpha: float) -> torch.Tensor:
    return heaviside(x)
