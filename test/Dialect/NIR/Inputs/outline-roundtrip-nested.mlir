// A graph with a nested recurrent block, for outline-subgraphs-roundtrip.mlir.
nir.graph @nested {
  %input = nir.input "input" : tensor<2xf32>
  %fc = nir.affine "fc"(%input) {weight = dense<1.0> : tensor<3x2xf32>, bias = dense<0.0> : tensor<3xf32>} : tensor<2xf32> -> tensor<3xf32>
  %rnn = nir.subgraph "rnn"(%fc, %fb) : tensor<3xf32> {
    %in = nir.input "input" : tensor<3xf32>
    %lif = nir.lif "lif"(%rec, %in) {tau = dense<0.01> : tensor<3xf64>, r = dense<1.0> : tensor<3xf64>, v_leak = dense<0.0> : tensor<3xf64>, v_threshold = dense<1.0> : tensor<3xf64>, v_reset = dense<0.0> : tensor<3xf64>, metadata = {neurons = 3}} : tensor<3xf32>
    %rec = nir.linear "w_rec"(%lif) {weight = dense<0.1> : tensor<3x3xf32>} : tensor<3xf32>
    %out = nir.output "output"(%lif) : tensor<3xf32>
  }
  %fb = nir.scale "fb"(%rnn) {scale = dense<0.5> : tensor<3xf32>} : tensor<3xf32>
  %output = nir.output "output"(%rnn) : tensor<3xf32>
}
