// Both a NIR graph and a TorchScript module: the direction is ambiguous.
module {
  nir.graph @g {
    %input = nir.input "input" : tensor<2xf32>
    %output = nir.output "output"(%input) : tensor<2xf32>
  }
  ts.module @root "__torch__.M" {
    ts.attribute @training : !ts.bool = false
  }
}
