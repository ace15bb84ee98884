// Not valid MLIR: the parser's error names the line.
nir.graph @g {
  %input = nir.input "input" : tensor<2xf32
}
