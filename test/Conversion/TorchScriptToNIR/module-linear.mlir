// RUN: nir-opt %s --split-input-file --lower-torchscript-to-nir="input-shape=4" | FileCheck %s

// A Linear submodule call becomes one Affine node named after its path; one
// without bias (a None parameter) becomes a Linear node. Mangled class names
// (`___torch_mangle_N`) match the built-in mapping too. The ts IR is gone.

!Net = !ts.module<"__torch__.Net">
!Linear = !ts.module<"__torch__.torch.nn.modules.linear.Linear">
!Linear1 = !ts.module<"__torch__.torch.nn.modules.linear.___torch_mangle_3.Linear">
ts.module @net "__torch__.Net" {
  ts.module @fc1 "__torch__.torch.nn.modules.linear.Linear" {
    ts.parameter @weight requires_grad : !ts.tensor = dense<[[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]]> : tensor<2x4xf32>
    ts.parameter @bias requires_grad : !ts.optional<!ts.tensor> = dense<[0.5, -0.5]> : tensor<2xf32>
    ts.method @forward(%self: !Linear, %input: !ts.tensor) -> !ts.tensor {
      %weight = ts.get_attr %self["weight"] : !Linear -> !ts.tensor
      %bias = ts.get_attr %self["bias"] : !Linear -> !ts.optional<!ts.tensor>
      %0 = ts.operator "aten::linear"(%input, %weight, %bias) : (!ts.tensor, !ts.tensor, !ts.optional<!ts.tensor>) -> !ts.tensor
      ts.return %0 : !ts.tensor
    }
  }
  ts.module @fc2 "__torch__.torch.nn.modules.linear.___torch_mangle_3.Linear" {
    ts.parameter @weight requires_grad : !ts.tensor = dense<[[1.0, -1.0], [2.0, -2.0], [3.0, -3.0]]> : tensor<3x2xf64>
    ts.parameter @bias : !ts.optional<!ts.tensor> = #ts.none
    ts.method @forward(%self: !Linear1, %input: !ts.tensor) -> !ts.tensor {
      %weight = ts.get_attr %self["weight"] : !Linear1 -> !ts.tensor
      %bias = ts.get_attr %self["bias"] : !Linear1 -> !ts.optional<!ts.tensor>
      %0 = ts.operator "aten::linear"(%input, %weight, %bias) : (!ts.tensor, !ts.tensor, !ts.optional<!ts.tensor>) -> !ts.tensor
      ts.return %0 : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %fc1 = ts.get_attr %self["fc1"] : !Net -> !Linear
    %fc2 = ts.get_attr %self["fc2"] : !Net -> !Linear1
    %0 = ts.call_method %fc1["forward"](%x) : !Linear, (!ts.tensor) -> !ts.tensor
    %1 = ts.call_method %fc2["forward"](%0) : !Linear1, (!ts.tensor) -> !ts.tensor
    ts.return %1 : !ts.tensor
  }
}

// CHECK-NOT: ts.
// CHECK-LABEL: nir.graph @net {
// CHECK-NEXT:    %[[IN:.*]] = nir.input "input" : tensor<4xf32>
// CHECK-NEXT:    %[[FC1:.*]] = nir.affine "fc1"(%[[IN]]) {bias = dense<[5.000000e-01, -5.000000e-01]> : tensor<2xf32>, weight = dense<{{\[\[}}1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00], [5.000000e+00, 6.000000e+00, 7.000000e+00, 8.000000e+00]]> : tensor<2x4xf32>} : tensor<4xf32> -> tensor<2xf32>
// CHECK-NEXT:    %[[FC2:.*]] = nir.linear "fc2"(%[[FC1]]) {weight = dense<{{\[\[}}1.000000e+00, -1.000000e+00], [2.000000e+00, -2.000000e+00], [3.000000e+00, -3.000000e+00]]> : tensor<3x2xf64>} : tensor<2xf32> -> tensor<3xf32>
// CHECK-NEXT:    nir.output "output"(%[[FC2]]) : tensor<3xf32>
// CHECK-NEXT:  }
// CHECK-NOT: ts.

// -----

// The same module called twice gives two nodes, `fc` and `fc_1`, each with
// its own copy of the parameters.

!Net = !ts.module<"__torch__.Twice">
!Linear = !ts.module<"__torch__.torch.nn.modules.linear.Linear">
ts.module @twice "__torch__.Twice" {
  ts.module @fc "__torch__.torch.nn.modules.linear.Linear" {
    ts.parameter @weight requires_grad : !ts.tensor = dense<1.0> : tensor<4x4xf32>
    ts.parameter @bias requires_grad : !ts.optional<!ts.tensor> = dense<0.0> : tensor<4xf32>
    ts.method @forward(%self: !Linear, %input: !ts.tensor) -> !ts.tensor {
      %weight = ts.get_attr %self["weight"] : !Linear -> !ts.tensor
      %bias = ts.get_attr %self["bias"] : !Linear -> !ts.optional<!ts.tensor>
      %0 = ts.operator "aten::linear"(%input, %weight, %bias) : (!ts.tensor, !ts.tensor, !ts.optional<!ts.tensor>) -> !ts.tensor
      ts.return %0 : !ts.tensor
    }
  }
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %fc = ts.get_attr %self["fc"] : !Net -> !Linear
    %0 = ts.call_method %fc["forward"](%x) : !Linear, (!ts.tensor) -> !ts.tensor
    %1 = ts.call_method %fc["forward"](%0) : !Linear, (!ts.tensor) -> !ts.tensor
    ts.return %1 : !ts.tensor
  }
}

// CHECK-LABEL: nir.graph @twice {
// CHECK-NEXT:    %[[IN:.*]] = nir.input "input" : tensor<4xf32>
// CHECK-NEXT:    %[[A:.*]] = nir.affine "fc"(%[[IN]])
// CHECK-NEXT:    %[[B:.*]] = nir.affine "fc_1"(%[[A]])
// CHECK-NEXT:    nir.output "output"(%[[B]]) : tensor<4xf32>
