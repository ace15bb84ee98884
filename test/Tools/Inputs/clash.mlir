// Valid, but -nir-inline-subgraphs fails on it: "rnn.i" is already taken.
nir.graph @clash {
  %input = nir.input "input" : tensor<2xf32>
  %taken = nir.scale "rnn.i"(%input) {scale = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %rnn = nir.subgraph "rnn"(%input) : tensor<2xf32> {
    %in = nir.input "in" : tensor<2xf32>
    %i = nir.i "i"(%in) {r = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
    %out = nir.output "out"(%i) : tensor<2xf32>
  }
}
