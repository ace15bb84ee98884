// RUN: nir-opt %s --split-input-file --verify-diagnostics --convert-torchscript-to-nir="input-shape=2x3" | FileCheck %s
// RUN: nir-opt %s --split-input-file --verify-diagnostics --lower-torchscript-to-nir="input-shape=2x3" | FileCheck %s

// aten::linear and x @ W act on the last dim of a signal with leading dims
// (here (2, 3): a Conv1d's channels, say): NIR's batched weight
// (..., out, in) holds the same matrix for each leading index.

!Net = !ts.module<"__torch__.Leading">
ts.module @leading "__torch__.Leading" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor> {
    %w = ts.constant(dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>) : !ts.tensor
    %b = ts.constant(dense<[0.5, -0.5]> : tensor<2xf32>) : !ts.tensor
    %m = ts.constant(dense<1.0> : tensor<3x4xf64>) : !ts.tensor
    %0 = ts.operator "aten::linear"(%x, %w, %b) : (!ts.tensor, !ts.tensor, !ts.tensor) -> !ts.tensor
    %1 = ts.operator "aten::matmul"(%x, %m) : (!ts.tensor, !ts.tensor) -> !ts.tensor
    %r = ts.tuple_construct %0, %1 : (!ts.tensor, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor>
    ts.return %r : !ts.tuple<!ts.tensor, !ts.tensor>
  }
}

// CHECK-LABEL: nir.graph @leading {
// CHECK-NEXT:    %[[IN:.*]] = nir.input "input" : tensor<2x3xf32>
// CHECK-NEXT:    %[[A:.*]] = nir.affine "affine"(%[[IN]]) {bias = dense<[5.000000e-01, -5.000000e-01]> : tensor<2xf32>, weight = dense<{{\[\[\[}}1.000000e+00, 2.000000e+00, 3.000000e+00], [4.000000e+00, 5.000000e+00, 6.000000e+00]], {{\[\[}}1.000000e+00, 2.000000e+00, 3.000000e+00], [4.000000e+00, 5.000000e+00, 6.000000e+00]]]> : tensor<2x2x3xf32>} : tensor<2x3xf32> -> tensor<2x2xf32>
// CHECK-NEXT:    %[[L:.*]] = nir.linear "linear"(%[[IN]]) {weight = dense<1.000000e+00> : tensor<2x4x3xf64>} : tensor<2x3xf32> -> tensor<2x4xf32>
// CHECK-NEXT:    nir.output "output0"(%[[A]]) : tensor<2x2xf32>
// CHECK-NEXT:    nir.output "output1"(%[[L]]) : tensor<2x4xf32>

// -----

// The weight's inputs must be the signal's last dim.

!Net = !ts.module<"__torch__.Mismatch">
ts.module @mismatch "__torch__.Mismatch" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %w = ts.constant(dense<1.0> : tensor<4x2xf32>) : !ts.tensor
    %none = ts.constant(#ts.none) : !ts.none
    // expected-error @below {{cannot lower 'aten::linear' in module <root> (class '__torch__.Mismatch'): the weight's 2 inputs do not match the last dim of the signal [2, 3]}}
    %0 = ts.operator "aten::linear"(%x, %w, %none) : (!ts.tensor, !ts.tensor, !ts.none) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}
