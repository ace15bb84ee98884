// Input of legalize-semantics.test, Linear/Affine -> Conv2d (float64): an
// Affine behind the Flatten of a (2, 3, 3) spike map, its bias moved into
// the LIF's leak, becomes a Conv2d with 3x3 kernels, the LIF after it runs on (4, 1, 1), and the Linear after that
// a Conv2d with 1x1 kernels; the Flatten ends before the Outputs (the LIF's
// spikes are an Output too, so a second Flatten is made for the Linear).
nir.graph @legalizable_conv {
  %input = nir.input "input" : tensor<2x3x3xf64>
  %if = nir.if "if"(%input) {r = dense<1.0> : tensor<2x3x3xf64>, v_threshold = dense<1.0> : tensor<2x3x3xf64>, v_reset = dense<0.0> : tensor<2x3x3xf64>} : tensor<2x3x3xf64>
  %flat = nir.flatten "flat"(%if) {start_dim = 0 : i64, end_dim = -1 : i64} : tensor<2x3x3xf64> -> tensor<18xf64>
  %fc1 = nir.affine "fc1"(%flat) {weight = dense<[[1.3, -0.7, 2.1, 0.4, 0.9, 1.7, -1.1, 0.3, 2.3, 0.1, 0.6, -0.8, 1.2, -0.4, 0.5, 0.8, -0.3, 1.1], [0.2, 1.4, -0.6, 0.7, -1.2, 0.9, 1.6, 0.5, -0.1, 0.8, 1.9, 0.3, -0.5, 1.0, 0.4, -0.9, 0.6, 1.3], [-0.4, 0.6, 1.1, -1.3, 0.8, 0.2, 0.7, 1.5, 0.3, -0.6, 0.9, 1.4, 0.1, 0.5, -0.2, 1.8, 0.4, -0.7], [0.9, 0.3, -0.2, 1.6, 0.4, -0.8, 0.5, 0.1, 1.2, 0.7, -0.3, 0.6, 1.4, 0.2, 0.8, -0.5, 1.7, 0.3]]> : tensor<4x18xf64>, bias = dense<[0.3, -0.2, 0.7, 0.1]> : tensor<4xf64>} : tensor<18xf64> -> tensor<4xf64>
  %lif = nir.lif "lif"(%fc1) {tau = dense<[2.0e-2, 3.0e-2, 5.0e-2, 4.0e-2]> : tensor<4xf64>, r = dense<[1.5, 2.0, 0.7, 1.1]> : tensor<4xf64>, v_leak = dense<[0.1, 0.0, -0.2, 0.05]> : tensor<4xf64>, v_threshold = dense<1.0> : tensor<4xf64>, v_reset = dense<0.0> : tensor<4xf64>} : tensor<4xf64>
  %fc2 = nir.linear "fc2"(%lif) {weight = dense<[[0.8, -0.3, 1.2, 0.5], [0.4, 0.9, -0.6, 1.1], [1.3, 0.2, 0.7, -0.4]]> : tensor<3x4xf64>} : tensor<4xf64> -> tensor<3xf64>
  %li = nir.li "li"(%fc2) {tau = dense<[2.0e-2, 1.0e-2, 3.0e-2]> : tensor<3xf64>, r = dense<1.0> : tensor<3xf64>, v_leak = dense<0.0> : tensor<3xf64>} : tensor<3xf64>
  %output = nir.output "output"(%li) : tensor<3xf64>
  %spikes = nir.output "spikes"(%lif) : tensor<4xf64>
}
