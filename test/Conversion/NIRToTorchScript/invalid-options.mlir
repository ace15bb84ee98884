// Bad option values are refused.
// RUN: not nir-opt %s --convert-nir-to-torchscript="dtype=float16" 2>&1 | FileCheck %s --check-prefix=DTYPE
// RUN: not nir-opt %s --convert-nir-to-torchscript="reset=zero" 2>&1 | FileCheck %s --check-prefix=RESET
// DTYPE: error: invalid dtype 'float16': expected float32 or float64
// RESET: error: invalid reset 'zero': expected value or subtract
// RUN: not nir-opt %s --ts-split-methods=max-ops=0 2>&1 | FileCheck %s --check-prefix=MAXOPS
// MAXOPS: error: ts-split-methods: max-ops must be positive
nir.graph @g {
  %a = nir.input "a" : tensor<2xf32>
  %output = nir.output "output"(%a) : tensor<2xf32>
}
