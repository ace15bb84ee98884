#!/usr/bin/python3
"""How TorchScript's save and load grow with the statements of one method
(the reason for ts-split-methods, docs/Raising.md "Large graphs").

    /usr/bin/python3 bench/method-size.py [--sizes 10000,30000] [--part 1000]

For each size N, scripts a module whose forward runs N statements
`v{i} = torch.add(v{i-1}, v{i-1})` in one method, and one that runs the same
statements in methods of --part statements each, then times torch.jit.save
and torch.jit.load of both. torch.jit.script needs the code in a file: the
modules are written to a temporary directory.
"""
import argparse
import importlib
import os
import sys
import tempfile
import time

import torch


def statements(count, indent):
    body = ["v0 = torch.add(x, x)"]
    body += [f"v{i} = torch.add(v{i - 1}, v{i - 1})" for i in range(1, count)]
    return [indent + line for line in body]


def source(size, part):
    lines = ["import torch", "class M(torch.nn.Module):"]
    if part >= size:
        lines.append("    def forward(self, x: torch.Tensor) -> torch.Tensor:")
        lines += statements(size, " " * 8)
        lines.append(f"        return v{size - 1}")
        return lines
    parts = (size + part - 1) // part
    for k in range(parts):
        lines.append(f"    def part{k}(self, x: torch.Tensor) -> torch.Tensor:")
        lines += statements(part, " " * 8)
        lines.append(f"        return v{part - 1}")
    lines.append("    def forward(self, x: torch.Tensor) -> torch.Tensor:")
    lines += [f"        x = self.part{k}(x)" for k in range(parts)]
    lines.append("        return x")
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,30000")
    parser.add_argument("--part", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sys.path.insert(0, tmp)
        print(f"{'statements':>10} {'form':>16} {'save s':>8} {'load s':>8}")
        for size in map(int, args.sizes.split(",")):
            for part in (size, args.part):
                name = f"m_{size}_{part}"
                with open(os.path.join(tmp, name + ".py"), "w") as out:
                    out.write("\n".join(source(size, part)) + "\n")
                module = torch.jit.script(importlib.import_module(name).M())
                path = os.path.join(tmp, name + ".pt")
                start = time.perf_counter()
                torch.jit.save(module, path)
                save = time.perf_counter() - start
                start = time.perf_counter()
                torch.jit.load(path)
                load = time.perf_counter() - start
                form = "one method" if part >= size else f"methods of {part}"
                print(f"{size:>10} {form:>16} {save:>8.2f} {load:>8.2f}",
                      flush=True)


if __name__ == "__main__":
    main()
