// RUN: nir-opt %s --split-input-file --inline | FileCheck %s

// MLIR's own `inline` pass inlines ts calls through the dialect's inliner
// interface where the callee is a flat symbol: a method a module calls on
// itself. (Calls of submodule methods name a nested symbol, which MLIR 19's
// inliner skips: `ts-inline-calls` handles them, inline-calls.mlir.) A
// method returning a subtype of the call's type is cast back.

!M = !ts.module<"__torch__.M">
ts.module @self_call "__torch__.M" {
  ts.method @forward(%self: !M, %x: !ts.tensor) -> !ts.optional<!ts.tensor> {
    %y = ts.call_method %self["helper"](%x) : !M, (!ts.tensor) -> !ts.optional<!ts.tensor>
    ts.return %y : !ts.optional<!ts.tensor>
  }
  ts.method @helper(%self: !M, %x: !ts.tensor) -> !ts.tensor {
    %0 = ts.operator "aten::relu"(%x) : (!ts.tensor) -> !ts.tensor
    ts.return %0 : !ts.tensor
  }
}

// CHECK-LABEL: ts.module @self_call
// CHECK:         ts.method @forward(%self: !M, %x: !ts.tensor)
// CHECK-NEXT:      %[[RELU:.*]] = ts.operator "aten::relu"(%x)
// CHECK-NEXT:      %[[CAST:.*]] = ts.operator "prim::unchecked_cast"(%[[RELU]]) : (!ts.tensor) -> !ts.optional<!ts.tensor>
// CHECK-NEXT:      ts.return %[[CAST]]

// -----

// A call marked ts.noinline stays.

!M = !ts.module<"__torch__.M">
ts.module @kept "__torch__.M" {
  ts.method @forward(%self: !M, %x: !ts.tensor) -> !ts.tensor {
    %y = ts.call_method %self["helper"](%x) {ts.noinline} : !M, (!ts.tensor) -> !ts.tensor
    ts.return %y : !ts.tensor
  }
  ts.method @helper(%self: !M, %x: !ts.tensor) -> !ts.tensor {
    ts.return %x : !ts.tensor
  }
}

// CHECK-LABEL: ts.module @kept
// CHECK:         ts.call_method %self["helper"](%x) {ts.noinline}
