// The graph @outlier of quantize.mlir, for its run with fuzzy=true.
nir.graph @outlier {
  %input = nir.input "input" : tensor<8xf32>
  %fc = nir.linear "fc"(%input) {weight = dense<[[8.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]]> : tensor<1x8xf32>} : tensor<8xf32> -> tensor<1xf32>
  %lif = nir.lif "lif"(%fc) {tau = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>} : tensor<1xf32>
  %output = nir.output "output"(%lif) : tensor<1xf32>
}
