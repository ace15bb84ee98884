// RUN: nir-opt %s --split-input-file --lower-torchscript-to-nir="input-shape=1x4x4" | FileCheck %s

// Free functions in forward: aten::avg_pool2d, aten::flatten, aten::linear
// (weights read from the module's parameters), a product with a constant
// tensor (Scale) and the sum of two signals (fan-in: both edges go into the
// consumer, no node). Op nodes are named `<module path>.<kind>`, or `<kind>`
// in the root; repeats get `_1`, `_2`.

!Net = !ts.module<"__torch__.Functional">
ts.module @functional "__torch__.Functional" {
  ts.parameter @w requires_grad : !ts.tensor = dense<[[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0]]> : tensor<2x4xf32>
  ts.parameter @b requires_grad : !ts.tensor = dense<[0.25, 0.75]> : tensor<2xf32>
  ts.buffer @gain : !ts.tensor = dense<[2.0, 3.0]> : tensor<2xf32>
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %none = ts.constant(#ts.none) : !ts.none
    %true = ts.constant(true) : !ts.bool
    %false = ts.constant(false) : !ts.bool
    %int0 = ts.constant(0) : !ts.int
    %int1 = ts.constant(1) : !ts.int
    %int2 = ts.constant(2) : !ts.int
    %intm1 = ts.constant(-1) : !ts.int
    %k = ts.list_construct %int2, %int2 : (!ts.int, !ts.int) -> !ts.list<!ts.int>
    %s = ts.list_construct : () -> !ts.list<!ts.int>
    %p = ts.list_construct %int0, %int0 : (!ts.int, !ts.int) -> !ts.list<!ts.int>
    %0 = ts.operator "aten::avg_pool2d"(%x, %k, %s, %p, %false, %true, %none) : (!ts.tensor, !ts.list<!ts.int>, !ts.list<!ts.int>, !ts.list<!ts.int>, !ts.bool, !ts.bool, !ts.none) -> !ts.tensor
    %1 = ts.operator "aten::flatten.using_ints"(%0, %int1, %intm1) : (!ts.tensor, !ts.int, !ts.int) -> !ts.tensor
    %w = ts.get_attr %self["w"] : !Net -> !ts.tensor
    %b = ts.get_attr %self["b"] : !Net -> !ts.tensor
    %2 = ts.operator "aten::linear"(%1, %w, %b) : (!ts.tensor, !ts.tensor, !ts.tensor) -> !ts.tensor
    %3 = ts.operator "aten::linear"(%1, %w, %none) : (!ts.tensor, !ts.tensor, !ts.none) -> !ts.tensor
    %4 = ts.operator "aten::add.Tensor"(%2, %3, %int1) : (!ts.tensor, !ts.tensor, !ts.int) -> !ts.tensor
    %gain = ts.get_attr %self["gain"] : !Net -> !ts.tensor
    %5 = ts.operator "aten::mul.Tensor"(%gain, %4) : (!ts.tensor, !ts.tensor) -> !ts.tensor
    %half = ts.constant(dense<0.5> : tensor<f64>) : !ts.tensor
    %6 = ts.operator "aten::mul.Tensor"(%5, %half) : (!ts.tensor, !ts.tensor) -> !ts.tensor
    ts.return %6 : !ts.tensor
  }
}

// CHECK-LABEL: nir.graph @functional {
// CHECK-NEXT:    %[[IN:.*]] = nir.input "input" : tensor<1x4x4xf32>
// CHECK-NEXT:    %[[POOL:.*]] = nir.avg_pool2d "avg_pool2d"(%[[IN]]) {kernel_size = array<i64: 2, 2>, padding = array<i64: 0, 0>, stride = array<i64: 2, 2>} : tensor<1x4x4xf32> -> tensor<1x2x2xf32>
// CHECK-NEXT:    %[[FLAT:.*]] = nir.flatten "flatten"(%[[POOL]]) {end_dim = -1 : i64, input_type = array<i64: 1, 2, 2>, start_dim = 0 : i64} : tensor<1x2x2xf32> -> tensor<4xf32>
// CHECK-NEXT:    %[[AFF:.*]] = nir.affine "affine"(%[[FLAT]]) {bias = dense<[2.500000e-01, 7.500000e-01]> : tensor<2xf32>, weight = dense<{{\[\[}}1.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00], [0.000000e+00, 1.000000e+00, 0.000000e+00, 0.000000e+00]]> : tensor<2x4xf32>} : tensor<4xf32> -> tensor<2xf32>
// CHECK-NEXT:    %[[LIN:.*]] = nir.linear "linear"(%[[FLAT]]) {weight = dense<{{.*}}> : tensor<2x4xf32>} : tensor<4xf32> -> tensor<2xf32>
// CHECK-NEXT:    %[[S1:.*]] = nir.scale "scale"(%[[AFF]], %[[LIN]]) {scale = dense<[2.000000e+00, 3.000000e+00]> : tensor<2xf32>} : tensor<2xf32>
// CHECK-NEXT:    %[[S2:.*]] = nir.scale "scale_1"(%[[S1]]) {scale = dense<5.000000e-01> : tensor<2xf64>} : tensor<2xf32>
// CHECK-NEXT:    nir.output "output"(%[[S2]]) : tensor<2xf32>

// -----

// An unmapped submodule is inlined: its ops get its path as prefix, and a
// method it calls on itself is inlined too. A free function is inlined.

!Outer = !ts.module<"__torch__.Outer">
!Inner = !ts.module<"__torch__.Inner">
ts.module @outer "__torch__.Outer" {
  ts.module @inner "__torch__.Inner" {
    ts.parameter @w requires_grad : !ts.tensor = dense<1.0> : tensor<3x16xf32>
    ts.method @forward(%self: !Inner, %x: !ts.tensor) -> !ts.tensor {
      %w = ts.get_attr %self["w"] : !Inner -> !ts.tensor
      %0 = ts.call_method %self["project"](%x, %w) : !Inner, (!ts.tensor, !ts.tensor) -> !ts.tensor
      ts.return %0 : !ts.tensor
    }
    ts.method @project(%self: !Inner, %x: !ts.tensor, %w: !ts.tensor) -> !ts.tensor {
      %none = ts.constant(#ts.none) : !ts.none
      %0 = ts.operator "aten::linear"(%x, %w, %none) : (!ts.tensor, !ts.tensor, !ts.none) -> !ts.tensor
      ts.return %0 : !ts.tensor
    }
  }
  ts.method @forward(%self: !Outer, %x: !ts.tensor) -> !ts.tensor {
    %int1 = ts.constant(1) : !ts.int
    %0 = ts.call_function @"__torch__.flat"(%x, %int1) : (!ts.tensor, !ts.int) -> !ts.tensor
    %inner = ts.get_attr %self["inner"] : !Outer -> !Inner
    %1 = ts.call_method %inner["forward"](%0) : !Inner, (!ts.tensor) -> !ts.tensor
    ts.return %1 : !ts.tensor
  }
}
ts.function @"__torch__.flat"(%x: !ts.tensor, %start: !ts.int) -> !ts.tensor {
  %intm1 = ts.constant(-1) : !ts.int
  %0 = ts.operator "aten::flatten.using_ints"(%x, %start, %intm1) : (!ts.tensor, !ts.int, !ts.int) -> !ts.tensor
  ts.return %0 : !ts.tensor
}

// CHECK-LABEL: nir.graph @outer {
// CHECK-NEXT:    %[[IN:.*]] = nir.input "input" : tensor<1x4x4xf32>
// CHECK-NEXT:    %[[FLAT:.*]] = nir.flatten "flatten"(%[[IN]]) {end_dim = -1 : i64, input_type = array<i64: 1, 4, 4>, start_dim = 0 : i64} : tensor<1x4x4xf32> -> tensor<16xf32>
// CHECK-NEXT:    %[[LIN:.*]] = nir.linear "inner.linear"(%[[FLAT]])
// CHECK-SAME:    {weight = dense<1.000000e+00> : tensor<3x16xf32>} : tensor<16xf32> -> tensor<3xf32>
// CHECK-NEXT:    nir.output "output"(%[[LIN]]) : tensor<3xf32>

// -----

// Dropout is the identity at inference (F.dropout with training False, as a
// module saved after .eval() calls it, in place or not): no node.

!Net = !ts.module<"__torch__.Dropped">
ts.module @dropped "__torch__.Dropped" {
  ts.parameter @w requires_grad : !ts.tensor = dense<1.0> : tensor<2x16xf32>
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %none = ts.constant(#ts.none) : !ts.none
    %false = ts.constant(false) : !ts.bool
    %p = ts.constant(5.000000e-01) : !ts.float
    %int1 = ts.constant(1) : !ts.int
    %intm1 = ts.constant(-1) : !ts.int
    %0 = ts.operator "aten::flatten.using_ints"(%x, %int1, %intm1) : (!ts.tensor, !ts.int, !ts.int) -> !ts.tensor
    %1 = ts.operator "aten::dropout"(%0, %p, %false) : (!ts.tensor, !ts.float, !ts.bool) -> !ts.tensor
    %w = ts.get_attr %self["w"] : !Net -> !ts.tensor
    %2 = ts.operator "aten::linear"(%1, %w, %none) : (!ts.tensor, !ts.tensor, !ts.none) -> !ts.tensor
    %3 = ts.operator "aten::feature_alpha_dropout_"(%2, %p, %false) : (!ts.tensor, !ts.float, !ts.bool) -> !ts.tensor
    ts.return %3 : !ts.tensor
  }
}

// CHECK-LABEL: nir.graph @dropped {
// CHECK-NEXT:    %[[IN:.*]] = nir.input "input" : tensor<1x4x4xf32>
// CHECK-NEXT:    %[[FLAT:.*]] = nir.flatten "flatten"(%[[IN]])
// CHECK-NEXT:    %[[LIN:.*]] = nir.linear "linear"(%[[FLAT]])
// CHECK-NEXT:    nir.output "output"(%[[LIN]]) : tensor<2xf32>
