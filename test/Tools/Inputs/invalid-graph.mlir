// A graph that fails verification (two nodes named "x").
nir.graph @bad {
  %a = nir.input "x" : tensor<1xf32>
  %b = nir.scale "x"(%a) {scale = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
}
