// Input of legalize-semantics.test: both rewrites of nir-legalize-target that
// change values (float64 parameters): AvgPool2d -> SumPool2d with 1/4 into
// the Affine behind the Flatten, and the Affine's bias into the LIF's leak.
nir.graph @legalizable {
  %input = nir.input "input" : tensor<1x4x4xf64>
  %if = nir.if "if"(%input) {r = dense<1.0> : tensor<1x4x4xf64>, v_threshold = dense<1.0> : tensor<1x4x4xf64>, v_reset = dense<0.0> : tensor<1x4x4xf64>} : tensor<1x4x4xf64>
  %pool = nir.avg_pool2d "pool"(%if) {kernel_size = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<1x4x4xf64> -> tensor<1x2x2xf64>
  %flat = nir.flatten "flat"(%pool) {start_dim = 0 : i64, end_dim = -1 : i64} : tensor<1x2x2xf64> -> tensor<4xf64>
  %fc = nir.affine "fc"(%flat) {weight = dense<[[1.3, -0.7, 2.1, 0.4], [0.9, 1.7, -1.1, 0.3], [2.3, 0.1, 0.6, -0.8]]> : tensor<3x4xf64>, bias = dense<[0.3, -0.2, 0.7]> : tensor<3xf64>} : tensor<4xf64> -> tensor<3xf64>
  %lif = nir.lif "lif"(%fc) {tau = dense<[2.0e-2, 3.0e-2, 5.0e-2]> : tensor<3xf64>, r = dense<[1.5, 2.0, 0.7]> : tensor<3xf64>, v_leak = dense<[0.1, 0.0, -0.2]> : tensor<3xf64>, v_threshold = dense<1.0> : tensor<3xf64>, v_reset = dense<0.0> : tensor<3xf64>} : tensor<3xf64>
  %output = nir.output "output"(%lif) : tensor<3xf64>
}
