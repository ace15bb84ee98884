// RUN: nir-opt %s --split-input-file --convert-torchscript-to-nir="input-shape=3" | FileCheck %s
// RUN: nir-opt %s --split-input-file --lower-torchscript-to-nir="input-shape=3" | FileCheck %s

// x @ W (aten::matmul, aten::mm) with a constant W of shape (in, out) is a
// Linear node whose weight is W transposed (NIR's (out, in) layout), with
// W's dtype and bits; `x @ W.t()` (aten::t of a constant) keeps W as it is.
// A constant b added to a signal (either side) is an Affine node with an
// identity weight and bias b (NIR has no node adding a constant); after
// `x @ W` with no other use, the clean-up fold merges the two into one
// Affine(W^T, b) named after the Affine. The Linear's name stays taken.

!Net = !ts.module<"__torch__.Matmul">
ts.module @matmul "__torch__.Matmul" {
  ts.parameter @w requires_grad : !ts.tensor = dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>
  ts.parameter @b requires_grad : !ts.tensor = dense<[0.5, -0.5]> : tensor<2xf32>
  ts.buffer @u : !ts.tensor = dense<[[1.0, 0.0, -1.0], [2.0, 0.0, -2.0]]> : tensor<2x3xf64>
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor, !ts.tensor, !ts.tensor> {
    %int1 = ts.constant(1) : !ts.int
    %w = ts.get_attr %self["w"] : !Net -> !ts.tensor
    %b = ts.get_attr %self["b"] : !Net -> !ts.tensor
    %u = ts.get_attr %self["u"] : !Net -> !ts.tensor
    %0 = ts.operator "aten::matmul"(%x, %w) : (!ts.tensor, !ts.tensor) -> !ts.tensor
    %1 = ts.operator "aten::mm"(%x, %w) : (!ts.tensor, !ts.tensor) -> !ts.tensor
    %2 = ts.operator "aten::add.Tensor"(%1, %b, %int1) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
    %ut = ts.operator "aten::t"(%u) : (!ts.tensor) -> !ts.tensor
    %3 = ts.operator "aten::matmul"(%x, %ut) : (!ts.tensor, !ts.tensor) -> !ts.tensor
    %bias = ts.constant(dense<[[1.0, 2.0]]> : tensor<1x2xf64>) : !ts.tensor
    %4 = ts.operator "aten::matmul"(%x, %ut) : (!ts.tensor, !ts.tensor) -> !ts.tensor
    %5 = ts.operator "aten::add.Tensor"(%bias, %4, %int1) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
    %r = ts.tuple_construct %0, %2, %3, %5 : (!ts.tensor, !ts.tensor, !ts.tensor, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor, !ts.tensor, !ts.tensor>
    ts.return %r : !ts.tuple<!ts.tensor, !ts.tensor, !ts.tensor, !ts.tensor>
  }
}

// CHECK-LABEL: nir.graph @matmul {
// CHECK-NEXT:    %[[IN:.*]] = nir.input "input" : tensor<3xf32>
// CHECK-NEXT:    %[[L:.*]] = nir.linear "linear"(%[[IN]]) {weight = dense<{{\[\[}}1.000000e+00, 3.000000e+00, 5.000000e+00], [2.000000e+00, 4.000000e+00, 6.000000e+00]]> : tensor<2x3xf32>} : tensor<3xf32> -> tensor<2xf32>
// CHECK-NEXT:    %[[A:.*]] = nir.affine "affine"(%[[IN]]) {bias = dense<[5.000000e-01, -5.000000e-01]> : tensor<2xf32>, weight = dense<{{\[\[}}1.000000e+00, 3.000000e+00, 5.000000e+00], [2.000000e+00, 4.000000e+00, 6.000000e+00]]> : tensor<2x3xf32>} : tensor<3xf32> -> tensor<2xf32>
// CHECK-NEXT:    %[[T:.*]] = nir.linear "linear_2"(%[[IN]]) {weight = dense<{{\[\[}}1.000000e+00, 0.000000e+00, -1.000000e+00], [2.000000e+00, 0.000000e+00, -2.000000e+00]]> : tensor<2x3xf64>} : tensor<3xf32> -> tensor<2xf32>
// CHECK-NEXT:    %[[A2:.*]] = nir.affine "affine_1"(%[[IN]]) {bias = dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf64>, weight = dense<{{\[\[}}1.000000e+00, 0.000000e+00, -1.000000e+00], [2.000000e+00, 0.000000e+00, -2.000000e+00]]> : tensor<2x3xf64>} : tensor<3xf32> -> tensor<2xf32>
// CHECK-NEXT:    nir.output "output0"(%[[L]]) : tensor<2xf32>
// CHECK-NEXT:    nir.output "output1"(%[[A]]) : tensor<2xf32>
// CHECK-NEXT:    nir.output "output2"(%[[T]]) : tensor<2xf32>
// CHECK-NEXT:    nir.output "output3"(%[[A2]]) : tensor<2xf32>

// -----

// The product is used twice: the Linear stays, and the bias added to one
// use is an identity Affine after it.

!Net = !ts.module<"__torch__.SharedProduct">
ts.module @shared_product "__torch__.SharedProduct" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor> {
    %int1 = ts.constant(1) : !ts.int
    %w = ts.constant(dense<1.0> : tensor<3x2xf32>) : !ts.tensor
    %b = ts.constant(dense<[1.0, -1.0]> : tensor<2xf32>) : !ts.tensor
    %y = ts.operator "aten::matmul"(%x, %w) : (!ts.tensor, !ts.tensor) -> !ts.tensor
    %0 = ts.operator "aten::add.Tensor"(%y, %b, %int1) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
    %r = ts.tuple_construct %0, %y : (!ts.tensor, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor>
    ts.return %r : !ts.tuple<!ts.tensor, !ts.tensor>
  }
}

// CHECK-LABEL: nir.graph @shared_product {
// CHECK-NEXT:    %[[IN:.*]] = nir.input "input" : tensor<3xf32>
// CHECK-NEXT:    %[[L:.*]] = nir.linear "linear"(%[[IN]]) {weight = dense<1.000000e+00> : tensor<2x3xf32>} : tensor<3xf32> -> tensor<2xf32>
// CHECK-NEXT:    %[[A:.*]] = nir.affine "affine"(%[[L]]) {bias = dense<[1.000000e+00, -1.000000e+00]> : tensor<2xf32>, weight = dense<{{\[\[}}1.000000e+00, 0.000000e+00], [0.000000e+00, 1.000000e+00]]> : tensor<2x2xf32>} : tensor<2xf32>
// CHECK-NEXT:    nir.output "output0"(%[[A]]) : tensor<2xf32>
// CHECK-NEXT:    nir.output "output1"(%[[L]]) : tensor<2xf32>

// -----

// The product also flows on through a tuple into a sum: the same graph
// shape, the sum being a fan-in of the Affine and the Linear.

!Net = !ts.module<"__torch__.TupleProduct">
ts.module @tuple_product "__torch__.TupleProduct" {
  ts.buffer @w : !ts.tensor = dense<1.0> : tensor<3x3xf32>
  ts.buffer @b : !ts.tensor = dense<0.5> : tensor<3xf32>
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %w = ts.get_attr %self["w"] : !Net -> !ts.tensor
    %b = ts.get_attr %self["b"] : !Net -> !ts.tensor
    %int1 = ts.constant(1) : !ts.int
    %y = ts.operator "aten::matmul"(%x, %w) : (!ts.tensor, !ts.tensor) -> !ts.tensor
    %t = ts.tuple_construct %y, %y : (!ts.tensor, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor>
    %u:2 = ts.tuple_unpack %t : !ts.tuple<!ts.tensor, !ts.tensor> -> !ts.tensor, !ts.tensor
    %z = ts.operator "aten::add.Tensor"(%u#0, %b, %int1) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
    %s = ts.operator "aten::add.Tensor"(%z, %u#1, %int1) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
    ts.return %s : !ts.tensor
  }
}

// CHECK-LABEL: nir.graph @tuple_product {
// CHECK-NEXT:    %[[IN:.*]] = nir.input "input" : tensor<3xf32>
// CHECK-NEXT:    %[[L:.*]] = nir.linear "linear"(%[[IN]])
// CHECK-NEXT:    %[[A:.*]] = nir.affine "affine"(%[[L]]) {bias = dense<5.000000e-01> : tensor<3xf32>
// CHECK-NEXT:    nir.output "output"(%[[A]], %[[L]]) : tensor<3xf32>

// -----

// A bias alone, from a Python float tensor of one element broadcast over
// the signal: an identity Affine.

!Net = !ts.module<"__torch__.Bias">
ts.module @bias "__torch__.Bias" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %int1 = ts.constant(1) : !ts.int
    %b = ts.constant(dense<2.0> : tensor<1xf64>) : !ts.tensor
    %0 = ts.operator "aten::add.Tensor"(%b, %x, %int1) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}

// CHECK-LABEL: nir.graph @bias {
// CHECK-NEXT:    %[[IN:.*]] = nir.input "input" : tensor<3xf32>
// CHECK-NEXT:    %[[A:.*]] = nir.affine "affine"(%[[IN]]) {bias = dense<2.000000e+00> : tensor<3xf64>, weight = dense<{{\[\[}}1.000000e+00, 0.000000e+00, 0.000000e+00], [0.000000e+00, 1.000000e+00, 0.000000e+00], [0.000000e+00, 0.000000e+00, 1.000000e+00]]> : tensor<3x3xf64>} : tensor<3xf32>
// CHECK-NEXT:    nir.output "output"(%[[A]]) : tensor<3xf32>
