// A graph on which every fold of -canonicalize applies (Scale into the
// synapse before and after it, Scale of Scale, an Affine/Linear chain, a
// zero bias, a Flatten that changes nothing, a per-channel Scale after a
// Conv2d), with a recurrent loop and spiking neurons, for
// passes-semantics-folds.test. Factors are not powers of two, so the folds
// round differently from the unfolded graph. The Outputs `y` (the synapse
// chain) and `v` (a leaky readout) carry values, `output` spikes.
nir.graph @foldable {
  %input = nir.input "input" : tensor<3xf32>
  %s0 = nir.scale "s0"(%input) {scale = dense<[0.3, 1.7, -0.9]> : tensor<3xf32>} : tensor<3xf32>
  %fc1 = nir.affine "fc1"(%s0) {weight = dense<[[0.5, -0.25, 0.75], [0.1, 0.2, 0.3], [-0.6, 0.45, 0.05], [0.33, -0.12, 0.9]]> : tensor<4x3xf32>, bias = dense<[0.01, -0.02, 0.03, 0.0]> : tensor<4xf32>} : tensor<3xf32> -> tensor<4xf32>
  %s1 = nir.scale "s1"(%fc1) {scale = dense<[1.3, 0.7, 2.1, 0.45]> : tensor<4xf32>} : tensor<4xf32>
  %s2 = nir.scale "s2"(%s1) {scale = dense<[0.9, 1.1, 0.6, 1.4]> : tensor<4xf32>} : tensor<4xf32>
  %fc2 = nir.linear "fc2"(%s2) {weight = dense<[[0.2, -0.4, 0.6, 0.1], [0.3, 0.3, -0.2, 0.7]]> : tensor<2x4xf32>} : tensor<4xf32> -> tensor<2xf32>
  %fc3 = nir.affine "fc3"(%fc2) {weight = dense<[[1.1, -0.3], [0.4, 0.9], [-0.7, 0.25]]> : tensor<3x2xf32>, bias = dense<0.0> : tensor<3xf32>} : tensor<2xf32> -> tensor<3xf32>
  %lif = nir.lif "lif"(%fc3, %w_rec) {tau = dense<[1.0e-3, 2.0e-3, 1.5e-3]> : tensor<3xf32>, r = dense<1.0> : tensor<3xf32>, v_leak = dense<0.0> : tensor<3xf32>, v_threshold = dense<[0.05, 0.08, 0.06]> : tensor<3xf32>, v_reset = dense<0.0> : tensor<3xf32>} : tensor<3xf32>
  %w_rec = nir.linear "w_rec"(%lif) {weight = dense<[[0.0, 0.2, -0.1], [0.15, 0.0, 0.05], [-0.2, 0.1, 0.0]]> : tensor<3x3xf32>} : tensor<3xf32>
  %flat = nir.flatten "flat"(%lif) {start_dim = 0 : i64, end_dim = -1 : i64, input_type = array<i64: 3>} : tensor<3xf32>
  %out = nir.output "output"(%flat) : tensor<3xf32>
  %li = nir.li "readout"(%lif) {tau = dense<2.0e-3> : tensor<3xf32>, r = dense<1.0> : tensor<3xf32>, v_leak = dense<0.0> : tensor<3xf32>} : tensor<3xf32>
  %y = nir.output "y"(%fc3) : tensor<3xf32>
  %v = nir.output "v"(%li) : tensor<3xf32>
}
