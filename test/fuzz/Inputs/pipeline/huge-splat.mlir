nir.graph @g {
  %in = nir.input "in" : tensor<1099511627776xf32>
  %s = nir.scale "s"(%in) {scale = dense<2.0> : tensor<1099511627776xf32>} : tensor<1099511627776xf32>
  %t = nir.scale "t"(%s) {scale = dense<2.0> : tensor<1099511627776xf32>} : tensor<1099511627776xf32>
  %out = nir.output "out"(%t) : tensor<1099511627776xf32>
}
