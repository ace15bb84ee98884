// A small spiking recurrent network in the NIR dialect: an Affine input
// layer, a recurrent CubaLIF block kept as a nested graph, and a readout.
// The shape of the NIR paper's braille SRNN, with 4 hidden neurons.
nir.graph @srnn attributes {metadata = {source = "nirtorch example"}} {
  %input = nir.input "input" : tensor<3xf32>
  %fc1 = nir.affine "fc1"(%input) {
    weight = dense<[[0.5, -0.2, 0.1], [0.3, 0.8, -0.4], [-0.6, 0.2, 0.9], [0.1, 0.1, 0.1]]> : tensor<4x3xf32>,
    bias = dense<0.0> : tensor<4xf32>} : tensor<3xf32> -> tensor<4xf32>
  %lif1 = nir.subgraph "lif1"(%fc1) : tensor<4xf32> {
    %in = nir.input "input" : tensor<4xf32>
    %lif = nir.cuba_lif "lif"(%in, %w_rec) {
      tau_syn = dense<5.0e-3> : tensor<4xf64>, tau_mem = dense<1.0e-2> : tensor<4xf64>,
      r = dense<1.0> : tensor<4xf64>, v_leak = dense<0.0> : tensor<4xf64>,
      v_threshold = dense<1.0> : tensor<4xf64>, v_reset = dense<0.0> : tensor<4xf64>,
      w_in = dense<1.0> : tensor<4xf64>} : tensor<4xf32>
    %w_rec = nir.linear "w_rec"(%lif) {weight = dense<0.05> : tensor<4x4xf32>} : tensor<4xf32>
    %out = nir.output "output"(%lif) : tensor<4xf32>
  }
  %fc2 = nir.affine "fc2"(%lif1) {
    weight = dense<[[1.0, -1.0, 0.5, 0.0], [0.0, 0.5, -1.0, 1.0]]> : tensor<2x4xf32>,
    bias = dense<[0.1, -0.1]> : tensor<2xf32>} : tensor<4xf32> -> tensor<2xf32>
  %li = nir.li "readout"(%fc2) {tau = dense<2.0e-2> : tensor<2xf64>, r = dense<1.0> : tensor<2xf64>, v_leak = dense<0.0> : tensor<2xf64>} : tensor<2xf32>
  %output = nir.output "output"(%li) : tensor<2xf32>
}
