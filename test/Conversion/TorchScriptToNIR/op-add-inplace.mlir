// RUN: nir-opt %s --split-input-file --lower-torchscript-to-nir="input-shape=3" | FileCheck %s

// The in-place `y += f(x)` (aten::add_.Tensor) of two signals is a fan-in
// like `y + f(x)`: no node, the consumer gets both edges.

!Net = !ts.module<"__torch__.InPlace">
!Linear = !ts.module<"__torch__.torch.nn.modules.linear.Linear">
ts.module @in_place "__torch__.InPlace" {
  ts.module @fc "__torch__.torch.nn.modules.linear.Linear" {
    ts.parameter @weight requires_grad : !ts.tensor = dense<1.0> : tensor<3x3xf32>
    ts.parameter @bias : !ts.optional<!ts.tensor> = #ts.none
    ts.method @forward(%self: !Linear, %x: !ts.tensor) -> !ts.tensor {
      %weight = ts.get_attr %self["weight"] : !Linear -> !ts.tensor
      %bias = ts.get_attr %self["bias"] : !Linear -> !ts.optional<!ts.tensor>
      %0 = ts.operator "aten::linear"(%x, %weight, %bias) : (!ts.tensor, !ts.tensor, !ts.optional<!ts.tensor>) -> !ts.tensor
      ts.return %0 : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %int1 = ts.constant(1) : !ts.int
    %fc = ts.get_attr %self["fc"] : !Net -> !Linear
    %y = ts.call_method %fc["forward"](%x) : !Linear, (!ts.tensor) -> !ts.tensor
    %0 = ts.operator "aten::add_.Tensor"(%y, %x, %int1) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
    %half = ts.constant(dense<0.5> : tensor<3xf32>) : !ts.tensor
    %1 = ts.operator "aten::mul.Tensor"(%0, %half) : (!ts.tensor, !ts.tensor) -> !ts.tensor
    ts.return %1 : !ts.tensor
  }
}

// CHECK-LABEL: nir.graph @in_place {
// CHECK-NEXT:    %[[IN:.*]] = nir.input "input" : tensor<3xf32>
// CHECK-NEXT:    %[[FC:.*]] = nir.linear "fc"(%[[IN]])
// CHECK-NEXT:    %[[S:.*]] = nir.scale "scale"(%[[FC]], %[[IN]])
// CHECK-NEXT:    nir.output "output"(%[[S]]) : tensor<3xf32>
