// RUN: nir-opt %s --split-input-file --canonicalize | FileCheck %s

// Tuples built and taken apart again, by unpack and by prim::TupleIndex
// (negative indices count from the end).

!M = !ts.module<"__torch__.M">
ts.module @tuples "__torch__.M" {
  ts.method @forward(%self: !M, %a: !ts.tensor, %b: !ts.int) -> !ts.tuple<!ts.tensor, !ts.int, !ts.int> {
    %t = ts.tuple_construct %a, %b : (!ts.tensor, !ts.int) -> !ts.tuple<!ts.tensor, !ts.int>
    %x, %y = ts.tuple_unpack %t : !ts.tuple<!ts.tensor, !ts.int> -> !ts.tensor, !ts.int
    %m1 = ts.constant(-1) : !ts.int
    %z = ts.operator "prim::TupleIndex"(%t, %m1) : (!ts.tuple<!ts.tensor, !ts.int>, !ts.int) -> !ts.int
    %r = ts.tuple_construct %x, %y, %z : (!ts.tensor, !ts.int, !ts.int) -> !ts.tuple<!ts.tensor, !ts.int, !ts.int>
    ts.return %r : !ts.tuple<!ts.tensor, !ts.int, !ts.int>
  }
}

// CHECK-LABEL: ts.module @tuples
// CHECK:         ts.method @forward(%self: !M, %a: !ts.tensor, %b: !ts.int)
// CHECK-NEXT:      %[[R:.*]] = ts.tuple_construct %a, %b, %b
// CHECK-NEXT:      ts.return %[[R]]

// -----

// A branch on a constant runs in place; `x is None` on a tensor is false,
// `None is None` true; int arithmetic and comparisons on constants fold.

!M = !ts.module<"__torch__.M">
ts.module @branches "__torch__.M" {
  ts.method @forward(%self: !M, %x: !ts.tensor) -> !ts.tensor {
    %none = ts.constant(#ts.none) : !ts.none
    %is = ts.operator "aten::__is__"(%x, %none) : (!ts.tensor, !ts.none) -> !ts.bool
    %y = ts.if %is -> (!ts.tensor) {
      %z = ts.operator "aten::neg"(%x) : (!ts.tensor) -> !ts.tensor
      ts.yield %z : !ts.tensor
    } else {
      %r = ts.operator "aten::relu"(%x) : (!ts.tensor) -> !ts.tensor
      ts.yield %r : !ts.tensor
    }
    %two = ts.constant(2) : !ts.int
    %three = ts.constant(3) : !ts.int
    %five = ts.operator "aten::add.int"(%two, %three) : (!ts.int, !ts.int) -> !ts.int
    %lt = ts.operator "aten::lt.int"(%five, %three) : (!ts.int, !ts.int) -> !ts.bool
    %not = ts.operator "aten::__not__"(%lt) : (!ts.bool) -> !ts.bool
    %w = ts.if %not -> (!ts.tensor) {
      %s = ts.operator "aten::sigmoid"(%y) : (!ts.tensor) -> !ts.tensor
      ts.yield %s : !ts.tensor
    } else {
      ts.yield %y : !ts.tensor
    }
    ts.return %w : !ts.tensor
  }
}

// CHECK-LABEL: ts.module @branches
// CHECK:         ts.method @forward(%self: !M, %x: !ts.tensor)
// CHECK-NEXT:      %[[RELU:.*]] = ts.operator "aten::relu"(%x)
// CHECK-NEXT:      %[[SIG:.*]] = ts.operator "aten::sigmoid"(%[[RELU]])
// CHECK-NEXT:      ts.return %[[SIG]]

// -----

// Sizes and ranks of traced tensor types fold; unknown extents do not.

!M = !ts.module<"__torch__.M">
ts.module @sizes "__torch__.M" {
  ts.method @forward(%self: !M, %x: !ts.tensor<[?, 3], f32>) -> !ts.tuple<!ts.int, !ts.int, !ts.int> {
    %c0 = ts.constant(0) : !ts.int
    %c1 = ts.constant(1) : !ts.int
    %batch = ts.operator "aten::size.int"(%x, %c0) : (!ts.tensor<[?, 3], f32>, !ts.int) -> !ts.int
    %n = ts.operator "aten::size.int"(%x, %c1) : (!ts.tensor<[?, 3], f32>, !ts.int) -> !ts.int
    %rank = ts.operator "aten::dim"(%x) : (!ts.tensor<[?, 3], f32>) -> !ts.int
    %r = ts.tuple_construct %batch, %n, %rank : (!ts.int, !ts.int, !ts.int) -> !ts.tuple<!ts.int, !ts.int, !ts.int>
    ts.return %r : !ts.tuple<!ts.int, !ts.int, !ts.int>
  }
}

// CHECK-LABEL: ts.module @sizes
// CHECK-DAG:     %[[N:.*]] = ts.constant(3) : !ts.int
// CHECK-DAG:     %[[RANK:.*]] = ts.constant(2) : !ts.int
// CHECK-DAG:     %[[BATCH:.*]] = ts.operator "aten::size.int"(%x, %{{.*}})
// CHECK:         ts.tuple_construct %[[BATCH]], %[[N]], %[[RANK]]

// -----

// A list of constants that only operators read becomes a constant; a list
// that is appended to, or passed to a call, stays a list.

!M = !ts.module<"__torch__.M">
ts.module @lists "__torch__.M" {
  ts.method @forward(%self: !M, %x: !ts.tensor) -> !ts.list<!ts.int> {
    %c1 = ts.constant(1) : !ts.int
    %c2 = ts.constant(2) : !ts.int
    %none = ts.constant(#ts.none) : !ts.none
    %sizes = ts.list_construct %c1, %c2 : (!ts.int, !ts.int) -> !ts.list<!ts.int>
    %z = ts.operator "aten::zeros"(%sizes, %none, %none, %none, %none) : (!ts.list<!ts.int>, !ts.none, !ts.none, !ts.none, !ts.none) -> !ts.tensor
    %grown = ts.list_construct %c1 : (!ts.int) -> !ts.list<!ts.int>
    %l = ts.operator "aten::append.t"(%grown, %c2) : (!ts.list<!ts.int>, !ts.int) -> !ts.list<!ts.int>
    ts.return %grown : !ts.list<!ts.int>
  }
}

// CHECK-LABEL: ts.module @lists
// CHECK:         %[[SIZES:.*]] = ts.constant([1, 2]) : !ts.list<!ts.int>
// CHECK:         ts.operator "aten::zeros"(%[[SIZES]],
// CHECK:         %[[GROWN:.*]] = ts.list_construct
// CHECK:         ts.operator "aten::append.t"(%[[GROWN]],
// CHECK:         ts.return %[[GROWN]]

// -----

// `x.shape[d]` is `x.size(d)`; the shape list goes when nothing else reads
// it, and stays when something does.

!M = !ts.module<"__torch__.M">
ts.module @shape_items "__torch__.M" {
  ts.method @forward(%self: !M, %x: !ts.tensor, %y: !ts.tensor) -> !ts.tuple<!ts.int, !ts.int, !ts.list<!ts.int>> {
    %c0 = ts.constant(0) : !ts.int
    %c1 = ts.constant(1) : !ts.int
    %xs = ts.operator "aten::size"(%x) : (!ts.tensor) -> !ts.list<!ts.int>
    %n = ts.operator "aten::__getitem__.t"(%xs, %c0) : (!ts.list<!ts.int>, !ts.int) -> !ts.int
    %ys = ts.operator "aten::size"(%y) : (!ts.tensor) -> !ts.list<!ts.int>
    %m = ts.operator "aten::__getitem__.t"(%ys, %c1) : (!ts.list<!ts.int>, !ts.int) -> !ts.int
    %r = ts.tuple_construct %n, %m, %ys : (!ts.int, !ts.int, !ts.list<!ts.int>) -> !ts.tuple<!ts.int, !ts.int, !ts.list<!ts.int>>
    ts.return %r : !ts.tuple<!ts.int, !ts.int, !ts.list<!ts.int>>
  }
}

// CHECK-LABEL: ts.module @shape_items
// CHECK-DAG:     %[[C0:.*]] = ts.constant(0) : !ts.int
// CHECK-DAG:     %[[C1:.*]] = ts.constant(1) : !ts.int
// CHECK-NOT:     "aten::size"(%x)
// CHECK:         %[[N:.*]] = ts.operator "aten::size.int"(%x, %[[C0]]) : (!ts.tensor, !ts.int) -> !ts.int
// CHECK:         %[[YS:.*]] = ts.operator "aten::size"(%y) : (!ts.tensor) -> !ts.list<!ts.int>
// CHECK:         %[[M:.*]] = ts.operator "aten::size.int"(%y, %[[C1]]) : (!ts.tensor, !ts.int) -> !ts.int
// CHECK:         ts.tuple_construct %[[N]], %[[M]], %[[YS]]

// -----

// A NamedTuple built in forward and read by field index folds like a tuple.

!M = !ts.module<"__torch__.M">
!S = !ts.tuple<"__torch__.S"(v: !ts.tensor, i: !ts.tensor)>
ts.module @named_tuples "__torch__.M" {
  ts.method @forward(%self: !M, %v: !ts.tensor, %i: !ts.tensor) -> !ts.tensor {
    %s = ts.tuple_construct %v, %i : (!ts.tensor, !ts.tensor) -> !S
    %c1 = ts.constant(1) : !ts.int
    %r = ts.operator "prim::TupleIndex"(%s, %c1) : (!S, !ts.int) -> !ts.tensor
    ts.return %r : !ts.tensor
  }
}

// CHECK-LABEL: ts.module @named_tuples
// CHECK:         ts.method @forward(%{{.*}}: !{{.*}}, %[[V:.*]]: !ts.tensor, %[[I:.*]]: !ts.tensor)
// CHECK-NEXT:      ts.return %[[I]] : !ts.tensor
