// RUN: nir-opt %s --split-input-file --lower-torchscript-to-nir | FileCheck %s

// Free-function convolutions with constant weights: aten::conv1d,
// aten::conv2d (F.conv1d/F.conv2d), their `.padding` overloads ("same",
// "valid") and aten::_convolution (traced code). A None bias becomes zeros
// of the weight's dtype; input_shape is the incoming spatial shape. Nodes
// are named `<path>.<mnemonic>`.

!Net = !ts.module<"__torch__.Conv2dFn">
ts.module @conv2d_fn "__torch__.Conv2dFn" {
  ts.parameter @w requires_grad : !ts.tensor = dense<1.0> : tensor<2x1x3x3xf32>
  ts.parameter @b requires_grad : !ts.tensor = dense<[0.5, -0.5]> : tensor<2xf32>
  ts.method @forward(%self: !Net, %x: !ts.tensor<[1, 1, 8, 8], f32>) -> !ts.tensor {
    %none = ts.constant(#ts.none) : !ts.none
    %int1 = ts.constant(1) : !ts.int
    %int2 = ts.constant(2) : !ts.int
    %stride = ts.list_construct %int2, %int2 : (!ts.int, !ts.int) -> !ts.list<!ts.int>
    %padding = ts.list_construct %int1, %int1 : (!ts.int, !ts.int) -> !ts.list<!ts.int>
    %dilation = ts.list_construct %int1, %int1 : (!ts.int, !ts.int) -> !ts.list<!ts.int>
    %w = ts.get_attr %self["w"] : !Net -> !ts.tensor
    %b = ts.get_attr %self["b"] : !Net -> !ts.tensor
    %0 = ts.operator "aten::conv2d"(%x, %w, %b, %stride, %padding, %dilation, %int1) : (!ts.tensor<[1, 1, 8, 8], f32>, !ts.tensor, !ts.tensor, !ts.list<!ts.int>, !ts.list<!ts.int>, !ts.list<!ts.int>, !ts.int) -> !ts.tensor
    %same = ts.constant("same") : !ts.str
    %w2 = ts.constant(dense<2.0> : tensor<2x2x3x3xf64>) : !ts.tensor
    %1 = ts.operator "aten::conv2d.padding"(%0, %w2, %none, %dilation, %same, %dilation, %int1) : (!ts.tensor, !ts.tensor, !ts.none, !ts.list<!ts.int>, !ts.str, !ts.list<!ts.int>, !ts.int) -> !ts.tensor
    ts.return %1 : !ts.tensor
  }
}

// CHECK-LABEL: nir.graph @conv2d_fn {
// CHECK-NEXT:    %[[IN:.*]] = nir.input "input" : tensor<1x8x8xf32>
// CHECK-NEXT:    %[[C1:.*]] = nir.conv2d "conv2d"(%[[IN]]) {bias = dense<[5.000000e-01, -5.000000e-01]> : tensor<2xf32>, dilation = array<i64: 1, 1>, groups = 1 : i64, input_shape = array<i64: 8, 8>, padding = array<i64: 1, 1>, stride = array<i64: 2, 2>, weight = dense<1.000000e+00> : tensor<2x1x3x3xf32>} : tensor<1x8x8xf32> -> tensor<2x4x4xf32>
// CHECK-NEXT:    %[[C2:.*]] = nir.conv2d "conv2d_1"(%[[C1]]) {bias = dense<0.000000e+00> : tensor<2xf64>, dilation = array<i64: 1, 1>, groups = 1 : i64, input_shape = array<i64: 4, 4>, padding = "same", stride = array<i64: 1, 1>, weight = dense<2.000000e+00> : tensor<2x2x3x3xf64>} : tensor<2x4x4xf32>{{$}}
// CHECK-NEXT:    nir.output "output"(%[[C2]]) : tensor<2x4x4xf32>

// -----

// aten::conv1d inside an inlined submodule, and aten::_convolution as
// tracing records it (transposed = False; groups is operand 8).

!Net = !ts.module<"__torch__.Conv1dFn">
!Block = !ts.module<"__torch__.Block">
ts.module @conv1d_fn "__torch__.Conv1dFn" {
  ts.module @block "__torch__.Block" {
    ts.buffer @w : !ts.tensor = dense<1.0> : tensor<4x2x3xf32>
    ts.method @forward(%self: !Block, %x: !ts.tensor) -> !ts.tensor {
      %none = ts.constant(#ts.none) : !ts.none
      %int1 = ts.constant(1) : !ts.int
      %int0 = ts.constant(0) : !ts.int
      %one = ts.list_construct %int1 : (!ts.int) -> !ts.list<!ts.int>
      %zero = ts.list_construct %int0 : (!ts.int) -> !ts.list<!ts.int>
      %w = ts.get_attr %self["w"] : !Block -> !ts.tensor
      %0 = ts.operator "aten::conv1d"(%x, %w, %none, %one, %zero, %one, %int1) : (!ts.tensor, !ts.tensor, !ts.none, !ts.list<!ts.int>, !ts.list<!ts.int>, !ts.list<!ts.int>, !ts.int) -> !ts.tensor
      ts.return %0 : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor<[1, 2, 10], f32>) -> !ts.tensor {
    %block = ts.get_attr %self["block"] : !Net -> !Block
    %0 = ts.call_method %block["forward"](%x) : !Block, (!ts.tensor<[1, 2, 10], f32>) -> !ts.tensor
    %false = ts.constant(false) : !ts.bool
    %true = ts.constant(true) : !ts.bool
    %int1 = ts.constant(1) : !ts.int
    %int2 = ts.constant(2) : !ts.int
    %int0 = ts.constant(0) : !ts.int
    %two = ts.list_construct %int2 : (!ts.int) -> !ts.list<!ts.int>
    %one = ts.list_construct %int1 : (!ts.int) -> !ts.list<!ts.int>
    %zero = ts.list_construct %int0 : (!ts.int) -> !ts.list<!ts.int>
    %w = ts.constant(dense<0.5> : tensor<4x2x1xf32>) : !ts.tensor
    %b = ts.constant(dense<0.25> : tensor<4xf32>) : !ts.tensor
    %1 = ts.operator "aten::_convolution"(%0, %w, %b, %two, %zero, %one, %false, %zero, %int2, %false, %false, %true, %true) : (!ts.tensor, !ts.tensor, !ts.tensor, !ts.list<!ts.int>, !ts.list<!ts.int>, !ts.list<!ts.int>, !ts.bool, !ts.list<!ts.int>, !ts.int, !ts.bool, !ts.bool, !ts.bool, !ts.bool) -> !ts.tensor
    ts.return %1 : !ts.tensor
  }
}

// CHECK-LABEL: nir.graph @conv1d_fn {
// CHECK-NEXT:    %[[IN:.*]] = nir.input "input" : tensor<2x10xf32>
// CHECK-NEXT:    %[[C1:.*]] = nir.conv1d "block.conv1d"(%[[IN]]) {bias = dense<0.000000e+00> : tensor<4xf32>, dilation = 1 : i64, groups = 1 : i64, input_shape = 10 : i64, padding = 0 : i64, stride = 1 : i64, weight = dense<1.000000e+00> : tensor<4x2x3xf32>} : tensor<2x10xf32> -> tensor<4x8xf32>
// CHECK-NEXT:    %[[C2:.*]] = nir.conv1d "conv1d"(%[[C1]]) {bias = dense<2.500000e-01> : tensor<4xf32>, dilation = 1 : i64, groups = 2 : i64, input_shape = 8 : i64, padding = 0 : i64, stride = 2 : i64, weight = dense<5.000000e-01> : tensor<4x2x1xf32>} : tensor<4x8xf32> -> tensor<4x4xf32>
// CHECK-NEXT:    nir.output "output"(%[[C2]]) : tensor<4x4xf32>

// -----

// F.pad(x, (left, right, top, bottom)) with zeros feeding a convolution is
// no node: its padding joins the convolution's, per spatial dim (W 2 + 0,
// H 1 + 1); with padding "valid" it is the whole padding. input_shape is
// the unpadded signal's.

!Net = !ts.module<"__torch__.PadConv">
ts.module @pad_conv "__torch__.PadConv" {
  ts.method @forward(%self: !Net, %x: !ts.tensor<[1, 1, 8, 8], f32>) -> !ts.tensor {
    %none = ts.constant(#ts.none) : !ts.none
    %mode = ts.constant("constant") : !ts.str
    %int0 = ts.constant(0) : !ts.int
    %int1 = ts.constant(1) : !ts.int
    %int2 = ts.constant(2) : !ts.int
    %zero = ts.constant(0.0) : !ts.float
    %pads = ts.list_construct %int2, %int2, %int1, %int1 : (!ts.int, !ts.int, !ts.int, !ts.int) -> !ts.list<!ts.int>
    %ones = ts.list_construct %int1, %int1 : (!ts.int, !ts.int) -> !ts.list<!ts.int>
    %padding = ts.list_construct %int1, %int0 : (!ts.int, !ts.int) -> !ts.list<!ts.int>
    %w = ts.constant(dense<1.0> : tensor<1x1x3x3xf32>) : !ts.tensor
    %p = ts.operator "aten::pad"(%x, %pads, %mode, %none) : (!ts.tensor<[1, 1, 8, 8], f32>, !ts.list<!ts.int>, !ts.str, !ts.none) -> !ts.tensor
    %0 = ts.operator "aten::conv2d"(%p, %w, %none, %ones, %padding, %ones, %int1) : (!ts.tensor, !ts.tensor, !ts.none, !ts.list<!ts.int>, !ts.list<!ts.int>, !ts.list<!ts.int>, !ts.int) -> !ts.tensor
    %valid = ts.constant("valid") : !ts.str
    %p2 = ts.operator "aten::pad"(%0, %ones, %mode, %zero) : (!ts.tensor, !ts.list<!ts.int>, !ts.str, !ts.float) -> !ts.tensor
    %1 = ts.operator "aten::conv2d.padding"(%p2, %w, %none, %ones, %valid, %ones, %int1) : (!ts.tensor, !ts.tensor, !ts.none, !ts.list<!ts.int>, !ts.str, !ts.list<!ts.int>, !ts.int) -> !ts.tensor
    ts.return %1 : !ts.tensor
  }
}

// CHECK-LABEL: nir.graph @pad_conv {
// CHECK-NEXT:    %[[IN:.*]] = nir.input "input" : tensor<1x8x8xf32>
// CHECK-NEXT:    %[[C1:.*]] = nir.conv2d "conv2d"(%[[IN]]) {{{.*}}input_shape = array<i64: 8, 8>, padding = array<i64: 2, 2>, {{.*}}} : tensor<1x8x8xf32> -> tensor<1x10x10xf32>
// CHECK-NEXT:    %[[C2:.*]] = nir.conv2d "conv2d_1"(%[[C1]]) {{{.*}}input_shape = array<i64: 10, 10>, padding = array<i64: 0, 1>, {{.*}}} : tensor<1x10x10xf32> -> tensor<1x8x10xf32>
// CHECK-NEXT:    nir.output "output"(%[[C2]])
