// A tiny two-layer LIF graph for quant-fidelity.test: tau = 16 dt exactly
// (no bit-shift rounding), so only the 8-bit quantisation differs.
nir.graph @main {
  %input = nir.input "input" : tensor<4xf32>
  %fc1 = nir.linear "fc1"(%input) {weight = dense<[[0.9, -0.3, 0.55, 0.12], [0.2, 0.7, -0.45, 0.33], [-0.6, 0.25, 0.8, 0.41]]> : tensor<3x4xf32>} : tensor<4xf32> -> tensor<3xf32>
  %lif1 = nir.lif "lif1"(%fc1) {tau = dense<1.6e-3> : tensor<3xf32>, r = dense<16.0> : tensor<3xf32>, v_leak = dense<0.0> : tensor<3xf32>, v_threshold = dense<1.0> : tensor<3xf32>, v_reset = dense<0.0> : tensor<3xf32>} : tensor<3xf32>
  %fc2 = nir.linear "fc2"(%lif1) {weight = dense<[[1.3, -0.7, 0.9], [0.35, 1.1, -0.2]]> : tensor<2x3xf32>} : tensor<3xf32> -> tensor<2xf32>
  %lif2 = nir.lif "lif2"(%fc2) {tau = dense<1.6e-3> : tensor<2xf32>, r = dense<16.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif2) : tensor<2xf32>
}
