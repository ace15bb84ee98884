// RUN: nir-opt %s --split-input-file --verify-diagnostics --lower-torchscript-to-nir="input-shape=2x3x4" | FileCheck %s

// x.view(sizes) and x.reshape(sizes) (aten::view, aten::reshape): the first
// size is the batch, x.size(0) (traced: through prim::NumToTensor and
// aten::Int) or -1 with constant others; the other sizes, with at most one
// -1, must flatten a run of adjacent dims of the signal (a Flatten node) or
// keep its shape (no node). NIR has no node that unflattens.

!Net = !ts.module<"__torch__.Views">
ts.module @views "__torch__.Views" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor, !ts.tensor, !ts.tensor> {
    %int0 = ts.constant(0) : !ts.int
    %int2 = ts.constant(2) : !ts.int
    %int3 = ts.constant(3) : !ts.int
    %int4 = ts.constant(4) : !ts.int
    %int12 = ts.constant(12) : !ts.int
    %int24 = ts.constant(24) : !ts.int
    %m1 = ts.constant(-1) : !ts.int
    %b = ts.operator "aten::size.int"(%x, %int0) : (!ts.tensor, !ts.int) -> !ts.int
    %all = ts.list_construct %b, %m1 : (!ts.int, !ts.int) -> !ts.list<!ts.int>
    %0 = ts.operator "aten::view"(%x, %all) : (!ts.tensor, !ts.list<!ts.int>) -> !ts.tensor
    %bt = ts.operator "prim::NumToTensor.Scalar"(%b) : (!ts.int) -> !ts.tensor
    %bi = ts.operator "aten::Int.Tensor"(%bt) : (!ts.tensor) -> !ts.int
    %tail = ts.list_construct %bi, %int2, %int12 : (!ts.int, !ts.int, !ts.int) -> !ts.list<!ts.int>
    %1 = ts.operator "aten::reshape"(%x, %tail) : (!ts.tensor, !ts.list<!ts.int>) -> !ts.tensor
    %head = ts.list_construct %m1, %int3, %m1 : (!ts.int, !ts.int, !ts.int) -> !ts.list<!ts.int>
    %2 = ts.constant([-1, 6, 4]) : !ts.list<!ts.int>
    %3 = ts.operator "aten::reshape"(%x, %2) : (!ts.tensor, !ts.list<!ts.int>) -> !ts.tensor
    %same = ts.list_construct %b, %int2, %int3, %int4 : (!ts.int, !ts.int, !ts.int, !ts.int) -> !ts.list<!ts.int>
    %4 = ts.operator "aten::view"(%x, %same) : (!ts.tensor, !ts.list<!ts.int>) -> !ts.tensor
    %r = ts.tuple_construct %0, %1, %3, %4 : (!ts.tensor, !ts.tensor, !ts.tensor, !ts.tensor) -> !ts.tuple<!ts.tensor, !ts.tensor, !ts.tensor, !ts.tensor>
    ts.return %r : !ts.tuple<!ts.tensor, !ts.tensor, !ts.tensor, !ts.tensor>
  }
}

// CHECK-LABEL: nir.graph @views {
// CHECK-NEXT:    %[[IN:.*]] = nir.input "input" : tensor<2x3x4xf32>
// CHECK-NEXT:    %[[ALL:.*]] = nir.flatten "flatten"(%[[IN]]) {end_dim = 2 : i64, input_type = array<i64: 2, 3, 4>, start_dim = 0 : i64} : tensor<2x3x4xf32> -> tensor<24xf32>
// CHECK-NEXT:    %[[TAIL:.*]] = nir.flatten "flatten_1"(%[[IN]]) {end_dim = 2 : i64, input_type = array<i64: 2, 3, 4>, start_dim = 1 : i64} : tensor<2x3x4xf32> -> tensor<2x12xf32>
// CHECK-NEXT:    %[[HEAD:.*]] = nir.flatten "flatten_2"(%[[IN]]) {end_dim = 1 : i64, input_type = array<i64: 2, 3, 4>, start_dim = 0 : i64} : tensor<2x3x4xf32> -> tensor<6x4xf32>
// CHECK-NEXT:    nir.output "output0"(%[[ALL]]) : tensor<24xf32>
// CHECK-NEXT:    nir.output "output1"(%[[TAIL]]) : tensor<2x12xf32>
// CHECK-NEXT:    nir.output "output2"(%[[HEAD]]) : tensor<6x4xf32>
// CHECK-NEXT:    nir.output "output3"(%[[IN]]) : tensor<2x3x4xf32>

// -----

// Unflattening has no NIR node.

!Net = !ts.module<"__torch__.Unflatten">
ts.module @unflatten "__torch__.Unflatten" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %sizes = ts.constant([-1, 2, 3, 2, 2]) : !ts.list<!ts.int>
    // expected-error @below {{cannot lower 'aten::reshape' in module <root> (class '__torch__.Unflatten'): it reshapes [2, 3, 4] to [2, 3, 2, 2], which is not a flatten of adjacent dims (NIR has Flatten, and no node that unflattens or reshapes otherwise)}}
    %0 = ts.operator "aten::reshape"(%x, %sizes) : (!ts.tensor, !ts.list<!ts.int>) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}

// -----

// The batch folded into the features.

!Net = !ts.module<"__torch__.FoldBatch">
ts.module @fold_batch "__torch__.FoldBatch" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %sizes = ts.constant([1, -1]) : !ts.list<!ts.int>
    // expected-error @below {{the first size must be the batch size (x.size(0), or -1 with constant other sizes)}}
    %0 = ts.operator "aten::view"(%x, %sizes) : (!ts.tensor, !ts.list<!ts.int>) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}

// -----

// Sizes that change the number of elements per sample.

!Net = !ts.module<"__torch__.WrongCount">
ts.module @wrong_count "__torch__.WrongCount" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %sizes = ts.constant([-1, 12]) : !ts.list<!ts.int>
    // expected-error @below {{the sizes do not keep the batch dim and the signal's 24 elements per sample (NIR shape [2, 3, 4])}}
    %0 = ts.operator "aten::view"(%x, %sizes) : (!ts.tensor, !ts.list<!ts.int>) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}

// -----

// A size computed at run time from something other than the batch size.

!Net = !ts.module<"__torch__.RuntimeSize">
ts.module @runtime_size "__torch__.RuntimeSize" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %int0 = ts.constant(0) : !ts.int
    %int1 = ts.constant(1) : !ts.int
    %b = ts.operator "aten::size.int"(%x, %int0) : (!ts.tensor, !ts.int) -> !ts.int
    %c = ts.operator "aten::size.int"(%x, %int1) : (!ts.tensor, !ts.int) -> !ts.int
    %sizes = ts.list_construct %b, %c, %int1 : (!ts.int, !ts.int, !ts.int) -> !ts.list<!ts.int>
    // expected-error @below {{the sizes must be constants, -1 and the batch size x.size(0)}}
    %0 = ts.operator "aten::view"(%x, %sizes) : (!ts.tensor, !ts.list<!ts.int>) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}

// -----

// Sizes that are not a list known at compile time (a hyper-parameter of
// forward).

!Net = !ts.module<"__torch__.ShapeArgument">
ts.module @shape_argument "__torch__.ShapeArgument" {
  ts.method @forward(%self: !Net, %x: !ts.tensor, %shape: !ts.list<!ts.int> = [-1, 24]) -> !ts.tensor {
    // expected-error @below {{cannot lower 'aten::view' in module <root> (class '__torch__.ShapeArgument'): the sizes must be a list of constants, -1 and the batch size x.size(0)}}
    %0 = ts.operator "aten::view"(%x, %shape) : (!ts.tensor, !ts.list<!ts.int>) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}

// -----

// A size that is neither positive nor -1.

!Net = !ts.module<"__torch__.NegativeSize">
ts.module @negative_size "__torch__.NegativeSize" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %sizes = ts.constant([-1, -2, 12]) : !ts.list<!ts.int>
    // expected-error @below {{cannot lower 'aten::reshape' in module <root> (class '__torch__.NegativeSize'): a size of -2 is not a dim}}
    %0 = ts.operator "aten::reshape"(%x, %sizes) : (!ts.tensor, !ts.list<!ts.int>) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}

// -----

// The batch size is a signal's size(0): a weight's is not (PyTorch would
// give [6, 4 * batch]).

!Net = !ts.module<"__torch__.WeightBatch">
ts.module @weight_batch "__torch__.WeightBatch" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    %int0 = ts.constant(0) : !ts.int
    %int-1 = ts.constant(-1) : !ts.int
    %w = ts.constant(dense<1.0> : tensor<6x4xf32>) : !ts.tensor
    %b = ts.operator "aten::size.int"(%w, %int0) : (!ts.tensor, !ts.int) -> !ts.int
    %sizes = ts.list_construct %b, %int-1 : (!ts.int, !ts.int) -> !ts.list<!ts.int>
    // expected-error @below {{cannot lower 'aten::view' in module <root> (class '__torch__.WeightBatch'): the sizes must be constants, -1 and the batch size x.size(0)}}
    %0 = ts.operator "aten::view"(%x, %sizes) : (!ts.tensor, !ts.list<!ts.int>) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}
