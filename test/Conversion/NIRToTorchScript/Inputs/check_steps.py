"""Runs a raised module's forward_sequence and steps its forward over the
same random input from no state, and prints whether they agree:

    check_steps.py MODEL.pt [STEPS]

prints `steps agree: <steps> steps, <states> states` (or the largest
difference and exit 1). A cheap run of a large raised module, without the
reference simulator of check_raised.py. TorchScript's optimizing executor
inlines the whole graph before the first call (minutes for thousands of
nodes), so it runs unoptimized.
"""
import sys

import torch


def main():
    model = torch.jit.load(sys.argv[1])
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    torch._C._jit_set_profiling_executor(False)
    torch._C._get_graph_executor_optimize(False)
    torch.manual_seed(0)
    shape = list(model.nir_input_shapes[0])
    # The compute dtype: the raised parameters' (float32 or float64).
    dtype = next(t.dtype for t in model.state_dict().values()
                 if t.is_floating_point())
    x = torch.randn([steps, 2] + shape, dtype=dtype)
    sequence = model.forward_sequence(x)
    state = None
    outputs = []
    for k in range(steps):
        y, state = model.forward(x[k], state)
        outputs.append(y)
    stepped = torch.stack(outputs)
    difference = (sequence - stepped).abs().max().item()
    if sequence.shape != stepped.shape or difference != 0.0:
        print(f"steps differ: shapes {tuple(sequence.shape)} and "
              f"{tuple(stepped.shape)}, largest difference {difference}")
        return 1
    print(f"steps agree: {steps} steps, {len(state)} states")
    return 0


if __name__ == "__main__":
    sys.exit(main())
