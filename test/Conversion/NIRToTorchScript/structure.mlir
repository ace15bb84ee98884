// The raised module: one submodule per node (named after the node,
// sanitised and made unique), parameters as buffers, forward and
// forward_sequence on the root.
// RUN: nir-opt %s --convert-nir-to-torchscript | FileCheck %s

// CHECK-DAG: ![[AFFINE:.*]] = !ts.module<"__torch__.nirtorch.nodes.Affine">
// CHECK-DAG: ![[SCALE:.*]] = !ts.module<"__torch__.nirtorch.nodes.Scale">
// CHECK-DAG: ![[NET:.*]] = !ts.module<"__torch__.nirtorch.graphs.net">

// CHECK-LABEL: ts.module @net "__torch__.nirtorch.graphs.net" {
// CHECK-NEXT: ts.attribute @training : !ts.bool = false
// CHECK-NEXT: ts.module @a_b "__torch__.nirtorch.nodes.Affine" {
// CHECK-NEXT:   ts.attribute @training : !ts.bool = false
// CHECK-NEXT:   ts.buffer @bias : !ts.tensor = dense<5.000000e-01> : tensor<3xf32>
// CHECK-NEXT:   ts.buffer @weight : !ts.tensor = dense<{{\[\[}}1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00], [5.000000e+00, 6.000000e+00]]> : tensor<3x2xf32>
// CHECK-NEXT:   ts.method @forward(%self: ![[AFFINE]], %x: !ts.tensor) -> !ts.tensor {
// CHECK-NEXT:     %[[W:.*]] = ts.get_attr %self["weight"]
// CHECK-NEXT:     %[[B:.*]] = ts.get_attr %self["bias"]
// CHECK-NEXT:     %[[Y:.*]] = ts.operator "aten::linear"(%x, %[[W]], %[[B]])
// CHECK-NEXT:     ts.return %[[Y]] : !ts.tensor
// CHECK: ts.module @a_b_1 "__torch__.nirtorch.nodes.Scale" {
// CHECK: ts.buffer @scale : !ts.tensor = dense<2.000000e+00> : tensor<3xf32>
// CHECK: ts.module @nir_node_if "__torch__.nirtorch.nodes.Scale" {

// CHECK: ts.method @forward(%self: ![[NET]], %input: !ts.tensor, %state: !ts.optional<!ts.dict<!ts.str, !ts.tensor>> = #ts.none) -> !ts.tuple<!ts.tensor, !ts.dict<!ts.str, !ts.tensor>> {
// CHECK: %[[FC:.*]] = ts.get_attr %self["a_b"] : ![[NET]] -> ![[AFFINE]]
// CHECK-NEXT: %[[H:.*]] = ts.call_method %[[FC]]["forward"](%input) : ![[AFFINE]], (!ts.tensor) -> !ts.tensor
// CHECK-NEXT: %[[S1:.*]] = ts.get_attr %self["a_b_1"] : ![[NET]] -> ![[SCALE]]
// CHECK-NEXT: %[[H1:.*]] = ts.call_method %[[S1]]["forward"](%[[H]])
// CHECK-NEXT: %[[S2:.*]] = ts.get_attr %self["nir_node_if"] : ![[NET]] -> ![[SCALE]]
// CHECK-NEXT: %[[H2:.*]] = ts.call_method %[[S2]]["forward"](%[[H1]])
// CHECK-NEXT: %[[ST:.*]] = ts.dict_construct : () -> !ts.dict<!ts.str, !ts.tensor>
// CHECK-NEXT: %[[R:.*]] = ts.tuple_construct %[[H2]], %[[ST]]
// CHECK-NEXT: ts.return %[[R]]

// CHECK: ts.method @forward_sequence(%self: ![[NET]], %inputs: !ts.tensor) -> !ts.tensor {
// CHECK: ts.loop
// CHECK: ts.operator "aten::select.int"(%inputs,
// CHECK: ts.call_method %self["forward"]
// CHECK: ts.operator "aten::append.t"
// CHECK: ts.operator "aten::stack"
// CHECK-NOT: nir.
nir.graph @net {
  %input = nir.input "input" : tensor<2xf32>
  %ab = nir.affine "a.b"(%input) {weight = dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>, bias = dense<0.5> : tensor<3xf32>} : tensor<2xf32> -> tensor<3xf32>
  %a_b = nir.scale "a_b"(%ab) {scale = dense<2.0> : tensor<3xf32>} : tensor<3xf32>
  %kw = nir.scale "if"(%a_b) {scale = dense<3.0> : tensor<3xf32>} : tensor<3xf32>
  %output = nir.output "output"(%kw) : tensor<3xf32>
}
