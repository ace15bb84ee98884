// A graph read from a .nir file (its edge order recorded as nir.edge_order)
// after passes changed it: node "gone" was removed, so the record names an
// edge that no longer exists; node "extra" was added, with edges the record
// does not name; and the record lists the edges into "b" in another order
// than its operands. For edge-order.test.
nir.graph @main attributes {nir.edge_order = [["b", "out"], ["gone", "b"], ["a", "b"], ["in", "a"], ["a", "b"]]} {
  %in = nir.input "in" : tensor<2xf32>
  %a = nir.scale "a"(%in) {scale = dense<2.0> : tensor<2xf32>} : tensor<2xf32>
  %extra = nir.scale "extra"(%in) {scale = dense<3.0> : tensor<2xf32>} : tensor<2xf32>
  %b = nir.scale "b"(%extra, %a, %a) {scale = dense<4.0> : tensor<2xf32>} : tensor<2xf32>
  %out = nir.output "out"(%b) : tensor<2xf32>
}
