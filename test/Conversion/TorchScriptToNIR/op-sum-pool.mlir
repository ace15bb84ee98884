// RUN: nir-opt %s --split-input-file --convert-torchscript-to-nir="input-shape=2x4x4" | FileCheck %s
// RUN: nir-opt %s --split-input-file --lower-torchscript-to-nir="input-shape=2x4x4" | FileCheck %s

// Sum pooling as a free function: avg_pool2d(..., divisor_override=1) (the
// zero-padded window sum, whatever count_include_pad says) and the scripted
// F.lp_pool2d(x, 1, k) (its body has no op-by-op NIR form, so the call
// itself is matched; stride None means the kernel size).

!Net = !ts.module<"__torch__.SumPool">
ts.module @sum_pool "__torch__.SumPool" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor> {
    %false = ts.constant(false) : !ts.bool
    %none = ts.constant(#ts.none) : !ts.none
    %int0 = ts.constant(0) : !ts.int
    %int1 = ts.constant(1) : !ts.int
    %int2 = ts.constant(2) : !ts.int
    %k = ts.list_construct %int2, %int2 : (!ts.int, !ts.int) -> !ts.list<!ts.int>
    %s = ts.list_construct %int1, %int1 : (!ts.int, !ts.int) -> !ts.list<!ts.int>
    %p = ts.list_construct %int1, %int0 : (!ts.int, !ts.int) -> !ts.list<!ts.int>
    %0 = ts.operator "aten::avg_pool2d"(%x, %k, %s, %p, %false, %false, %int1) : (!ts.tensor, !ts.list<!ts.int>, !ts.list<!ts.int>, !ts.list<!ts.int>, !ts.bool, !ts.bool, !ts.int) -> !ts.tensor
    %1 = ts.call_function @__torch__.torch.nn.functional.lp_pool2d(%x, %int1, %k, %none, %false) : (!ts.tensor, !ts.int, !ts.list<!ts.int>, !ts.none, !ts.bool) -> !ts.tensor
    %r = ts.tuple_construct %0, %1 : (!ts.tensor, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor>
    ts.return %r : !ts.tuple<!ts.tensor, !ts.tensor>
  }
}
// The body is never walked (only its signature matters).
ts.function @__torch__.torch.nn.functional.lp_pool2d(%input: !ts.tensor, %norm_type: !ts.opaque<"Union[float, int]">, %kernel_size: !ts.list<!ts.int>, %stride: !ts.optional<!ts.list<!ts.int>> = #ts.none, %ceil_mode: !ts.bool = false) -> !ts.tensor {
  %0 = ts.operator "aten::relu"(%input) : (!ts.tensor) -> !ts.tensor
  ts.return %0 : !ts.tensor
}

// CHECK-LABEL: nir.graph @sum_pool {
// CHECK-NEXT:    %[[IN:.*]] = nir.input "input" : tensor<2x4x4xf32>
// CHECK-NEXT:    %[[A:.*]] = nir.sum_pool2d "sum_pool2d"(%[[IN]]) {kernel_size = array<i64: 2, 2>, padding = array<i64: 1, 0>, stride = array<i64: 1, 1>} : tensor<2x4x4xf32> -> tensor<2x5x3xf32>
// CHECK-NEXT:    %[[B:.*]] = nir.sum_pool2d "sum_pool2d_1"(%[[IN]]) {kernel_size = array<i64: 2, 2>, padding = array<i64: 0, 0>, stride = array<i64: 2, 2>} : tensor<2x4x4xf32> -> tensor<2x2x2xf32>
// CHECK-NEXT:    nir.output "output0"(%[[A]])
// CHECK-NEXT:    nir.output "output1"(%[[B]])
