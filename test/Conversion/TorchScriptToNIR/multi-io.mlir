// RUN: nir-opt %s --split-input-file --lower-torchscript-to-nir="input-shape=4,2" | FileCheck %s
// RUN: not nir-opt %s --split-input-file --lower-torchscript-to-nir="input-shape=4" 2>&1 | FileCheck %s --check-prefix=COUNT
// RUN: not nir-opt %s --split-input-file --lower-torchscript-to-nir 2>&1 | FileCheck %s --check-prefix=TRACED

// Several graph inputs and outputs: every forward argument without default
// is an input, named after the argument (one input alone is "input"); the
// input-shape option gives one shape per input, joined by ','; a returned
// tuple of signals gives one output per element, "output0", "output1", ...
// (one output alone is "output").

!Net = !ts.module<"__torch__.TwoPorts">
!Linear = !ts.module<"__torch__.torch.nn.modules.linear.Linear">
ts.module @two_ports "__torch__.TwoPorts" {
  ts.module @fa "__torch__.torch.nn.modules.linear.Linear" {
    ts.parameter @weight requires_grad : !ts.tensor = dense<1.0> : tensor<2x4xf32>
    ts.parameter @bias : !ts.optional<!ts.tensor> = #ts.none
    ts.method @forward(%self: !Linear, %x: !ts.tensor) -> !ts.tensor {
      %weight = ts.get_attr %self["weight"] : !Linear -> !ts.tensor
      %bias = ts.get_attr %self["bias"] : !Linear -> !ts.optional<!ts.tensor>
      %0 = ts.operator "aten::linear"(%x, %weight, %bias) : (!ts.tensor, !ts.tensor, !ts.optional<!ts.tensor>) -> !ts.tensor
      ts.return %0 : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %a: !ts.tensor, %b: !ts.tensor, %gain: !ts.float = 1.0) -> !ts.tuple<!ts.tensor, !ts.tensor, !ts.tensor> {
    %int1 = ts.constant(1) : !ts.int
    %fa = ts.get_attr %self["fa"] : !Net -> !Linear
    %ya = ts.call_method %fa["forward"](%a) : !Linear, (!ts.tensor) -> !ts.tensor
    %sum = ts.operator "aten::add.Tensor"(%ya, %b, %int1) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
    %0 = ts.tuple_construct %sum, %ya, %b : (!ts.tensor, !ts.tensor, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor, !ts.tensor>
    ts.return %0 : !ts.tuple<!ts.tensor, !ts.tensor, !ts.tensor>
  }
}

// CHECK-LABEL: nir.graph @two_ports {
// CHECK-NEXT:    %[[A:.*]] = nir.input "a" : tensor<4xf32>
// CHECK-NEXT:    %[[B:.*]] = nir.input "b" : tensor<2xf32>
// CHECK-NEXT:    %[[FA:.*]] = nir.linear "fa"(%[[A]])
// CHECK-NEXT:    nir.output "output0"(%[[FA]], %[[B]]) : tensor<2xf32>
// CHECK-NEXT:    nir.output "output1"(%[[FA]]) : tensor<2xf32>
// CHECK-NEXT:    nir.output "output2"(%[[B]]) : tensor<2xf32>
// CHECK-NEXT:  }

// COUNT: error: input-shape gives 1 shapes but forward takes 2 inputs

// -----

// Traced inputs carry their shapes (the first dim is the batch dim); the
// option, when given, must agree with them.

!Net = !ts.module<"__torch__.Traced">
ts.module @traced "__torch__.Traced" {
  ts.method @forward(%self: !Net, %x: !ts.tensor<[5, 4], f32>, %y: !ts.tensor<[5, 2], f32>) -> !ts.tuple<!ts.tensor, !ts.tensor> {
    %0 = ts.tuple_construct %y, %x : (!ts.tensor<[5, 2], f32>, !ts.tensor<[5, 4], f32>) -> !ts.tuple<!ts.tensor, !ts.tensor>
    ts.return %0 : !ts.tuple<!ts.tensor, !ts.tensor>
  }
}

// CHECK-LABEL: nir.graph @traced {
// CHECK-NEXT:    %[[X:.*]] = nir.input "x" : tensor<4xf32>
// CHECK-NEXT:    %[[Y:.*]] = nir.input "y" : tensor<2xf32>
// CHECK-NEXT:    nir.output "output0"(%[[Y]]) : tensor<2xf32>
// CHECK-NEXT:    nir.output "output1"(%[[X]]) : tensor<4xf32>

// TRACED: error: the shape of forward's input 'a' is unknown: give it with the input-shape option (the NIR shape without batch dim, e.g. input-shape=2x34x34; several inputs: input-shape=2x3,4)
// TRACED-LABEL: nir.graph @traced {
// TRACED-NEXT:    nir.input "x" : tensor<4xf32>
// TRACED-NEXT:    nir.input "y" : tensor<2xf32>
