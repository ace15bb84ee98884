"""Prints a nir.graph (MLIR) of N blocks `affine -> lif`, each lif feeding
back into its own affine (a delayed edge per block), for large-graphs.test.

    make_recurrent_chain.py N
"""

import sys

n = int(sys.argv[1])
lines = ['nir.graph @recurrent {',
         '  %input = nir.input "input" : tensor<4xf32>']
previous = "%input"
for k in range(n):
    w = ", ".join("[" + ", ".join(f"{0.05 * ((i + j + k) % 7) - 0.1:.2f}"
                                  for j in range(4)) + "]" for i in range(4))
    lines.append(f'  %a{k} = nir.affine "a{k}"({previous}, %l{k}) '
                 f'{{weight = dense<[{w}]> : tensor<4x4xf32>, '
                 f'bias = dense<0.1> : tensor<4xf32>}} : tensor<4xf32>')
    lines.append(f'  %l{k} = nir.lif "l{k}"(%a{k}) {{tau = dense<0.002> : tensor<4xf32>, '
                 f'r = dense<10.0> : tensor<4xf32>, v_leak = dense<0.0> : tensor<4xf32>, '
                 f'v_threshold = dense<0.05> : tensor<4xf32>, '
                 f'v_reset = dense<0.0> : tensor<4xf32>}} : tensor<4xf32>')
    previous = f"%l{k}"
lines.append(f'  %output = nir.output "output"({previous}) : tensor<4xf32>')
lines.append('}')
print("\n".join(lines))
