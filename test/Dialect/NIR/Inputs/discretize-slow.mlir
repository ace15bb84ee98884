// A slow leaky integrator, for discretize-encodings.mlir.
nir.graph @slow {
  %input = nir.input "input" : tensor<1xf32>
  %li = nir.li "li"(%input) {tau = dense<1.0> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>} : tensor<1xf32>
  %output = nir.output "output"(%li) : tensor<1xf32>
}
