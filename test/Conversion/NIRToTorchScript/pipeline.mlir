// The pipeline with cleanup=true (what nirtorch and the C++ API run): after
// canonicalize and cse each method makes a constant once.
// RUN: nir-opt %s --convert-nir-to-torchscript="cleanup=true" | FileCheck %s
// Without it, the node builders' IR: a constant where each use is.
// RUN: nir-opt %s --convert-nir-to-torchscript | FileCheck %s --check-prefix=RAW

// CHECK-LABEL: ts.module @li "__torch__.nirtorch.nodes.LI"
// CHECK: ts.method @forward(
// CHECK: %[[ONE:.*]] = ts.constant(1) : !ts.int
// CHECK-NOT: ts.constant(1) : !ts.int
// CHECK: ts.operator "aten::sub.Tensor"(%{{.*}}, %{{.*}}, %[[ONE]])
// CHECK: ts.operator "aten::add.Tensor"(%{{.*}}, %{{.*}}, %[[ONE]])
// CHECK: ts.operator "aten::add.Tensor"(%{{.*}}, %{{.*}}, %[[ONE]])
// CHECK-LABEL: ts.method @coefficients(
// RAW-LABEL: ts.module @li "__torch__.nirtorch.nodes.LI"
// RAW: ts.method @forward(
// RAW: ts.constant(1) : !ts.int
// RAW: ts.constant(1) : !ts.int
// RAW-LABEL: ts.method @coefficients(
nir.graph @g {
  %input = nir.input "input" : tensor<2xf32>
  %li = nir.li "li"(%input) {tau = dense<0.01> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%li) : tensor<2xf32>
}
