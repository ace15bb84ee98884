// RUN: nir-opt %s --split-input-file --verify-diagnostics --convert-torchscript-to-nir | FileCheck %s

// A root whose class a module map entry maps (a saved library node) is one
// node named after the root symbol, its shape from the traced input type.

!Scale = !ts.module<"__torch__.nirtorch.nodes.Scale">
ts.module @gain "__torch__.nirtorch.nodes.Scale" {
  ts.parameter @scale : !ts.tensor = dense<[2.0, 3.0]> : tensor<2xf32>
  ts.method @forward(%self: !Scale, %x: !ts.tensor<[1, 2], f32>) -> !ts.tensor {
    ts.return %x : !ts.tensor<[1, 2], f32>
  }
}

// CHECK-LABEL: nir.graph @gain {
// CHECK-NEXT:    %[[IN:.*]] = nir.input "input" : tensor<2xf32>
// CHECK-NEXT:    %[[GAIN:.*]] = nir.scale "gain"(%[[IN]])
// CHECK-NEXT:    nir.output "output"(%[[GAIN]]) : tensor<2xf32>
// CHECK-NEXT:  }

// -----

// A mapped root builds one node from one input.

!Scale = !ts.module<"__torch__.nirtorch.nodes.Scale">
ts.module @gain2 "__torch__.nirtorch.nodes.Scale" {
  ts.parameter @scale : !ts.tensor = dense<[2.0, 3.0]> : tensor<2xf32>
  // expected-error @below {{a mapped root module takes one input}}
  ts.method @forward(%self: !Scale, %x: !ts.tensor<[1, 2], f32>, %y: !ts.tensor<[1, 2], f32>) -> !ts.tensor {
    ts.return %x : !ts.tensor<[1, 2], f32>
  }
}
