"""Writes MLIR text nested N brackets deep, for nesting-limit.test.

  nest.py attr N     a module attribute holding N nested arrays
  nest.py region N   N builtin.modules nested in one another
  nest.py graph N    N-2 nir.subgraphs nested in a nir.graph (the tensor
                     types of the innermost nodes are level N)
Each form nests brackets exactly N levels deep.
"""

import sys

kind, depth = sys.argv[1], int(sys.argv[2])
if kind == "attr":
    # `attributes {` is the first level.
    print("module attributes {test.nest = " + "[" * (depth - 1) + "1" +
          "]" * (depth - 1) + "} {}")
elif kind == "region":
    print("module {\n" * depth + "}\n" * depth, end="")
elif kind == "graph":
    # Each nir.subgraph reads its parent's input node and holds the next.
    t = "tensor<2xf32>"
    lines = ["nir.graph @main {", f'  %in0 = nir.input "in" : {t}']
    for level in range(1, depth - 1):
        pad = "  " * level
        lines.append(f'{pad}%s{level} = nir.subgraph "s{level}"'
                     f'(%in{level - 1}) : {t} {{')
        lines.append(f'{pad}  %in{level} = nir.input "in" : {t}')
    for level in reversed(range(1, depth - 1)):
        pad = "  " * level
        inner = f"%s{level + 1}" if level + 2 < depth else f"%in{level}"
        lines.append(f'{pad}  %out{level} = nir.output "out"({inner}) : {t}')
        lines.append(f"{pad}}}")
    lines.append(f'  %out0 = nir.output "out"(%s1) : {t}')
    lines.append("}")
    print("\n".join(lines))
else:
    raise SystemExit("unknown form " + kind)
