// RUN: nir-opt %s --convert-torchscript-to-nir="input-shape=1x5" | FileCheck %s
// RUN: nir-opt %s --lower-torchscript-to-nir="input-shape=1x5" | FileCheck %s

// A traced Conv1d keeps its hyper-parameters only in its code
// (aten::_convolution_mode with string padding "same").

!Conv1d = !ts.module<"__torch__.torch.nn.modules.conv.Conv1d">
ts.module @traced "__torch__.torch.nn.modules.conv.Conv1d" {
  ts.parameter @weight requires_grad : !ts.tensor = dense<[[[1.0, 2.0, 3.0]], [[4.0, 5.0, 6.0]]]> : tensor<2x1x3xf32>
  ts.parameter @bias requires_grad : !ts.tensor = dense<[0.5, 1.5]> : tensor<2xf32>
  ts.method @forward(%self: !Conv1d, %input: !ts.tensor) -> !ts.tensor {
    %same = ts.constant("same") : !ts.str
    %int1 = ts.constant(1) : !ts.int
    %bias = ts.get_attr %self["bias"] : !Conv1d -> !ts.tensor
    %weight = ts.get_attr %self["weight"] : !Conv1d -> !ts.tensor
    %0 = ts.list_construct %int1 : (!ts.int) -> !ts.list<!ts.int>
    %1 = ts.list_construct %int1 : (!ts.int) -> !ts.list<!ts.int>
    %2 = ts.operator "aten::_convolution_mode"(%input, %weight, %bias, %0, %same, %1, %int1) : (!ts.tensor, !ts.tensor, !ts.tensor, !ts.list<!ts.int>, !ts.str, !ts.list<!ts.int>, !ts.int) -> !ts.tensor
    ts.return %2 : !ts.tensor
  }
}

// A saved layer as the root: its one node is named after the root symbol.
// CHECK-LABEL: nir.graph @traced {
// CHECK-NEXT:    %[[IN:.*]] = nir.input "input" : tensor<1x5xf32>
// CHECK-NEXT:    %[[CONV:.*]] = nir.conv1d "traced"(%[[IN]]) {bias = dense<[5.000000e-01, 1.500000e+00]> : tensor<2xf32>, dilation = 1 : i64, groups = 1 : i64, input_shape = 5 : i64, padding = "same", stride = 1 : i64, weight = dense<{{\[\[\[}}1.000000e+00, 2.000000e+00, 3.000000e+00]], {{\[\[}}4.000000e+00, 5.000000e+00, 6.000000e+00]]]> : tensor<2x1x3xf32>} : tensor<1x5xf32> -> tensor<2x5xf32>
// CHECK-NEXT:    nir.output "output"(%[[CONV]]) : tensor<2x5xf32>
