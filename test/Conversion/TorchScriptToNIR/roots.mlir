// RUN: nir-opt %s --convert-torchscript-to-nir="root=second input-shape=2" | FileCheck %s
// RUN: nir-opt %s --lower-torchscript-to-nir="root=second input-shape=2" | FileCheck %s --check-prefix=PIPELINE

// With several roots, the conversion erases only the root it lowered and the
// functions no remaining root calls (directly or through functions). Root
// @second is lowered as ts-inline-calls leaves it (no calls; @"__torch__.own"
// is no longer called); the pipeline inlines @first's calls too, so no
// function is left.

!First = !ts.module<"__torch__.First">
!Second = !ts.module<"__torch__.Second">
ts.module @first "__torch__.First" {
  ts.method @forward(%self: !First, %x: !ts.tensor) -> !ts.tensor {
    %y = ts.call_function @"__torch__.outer"(%x) : (!ts.tensor) -> !ts.tensor
    ts.return %y : !ts.tensor
  }
}
ts.module @second "__torch__.Second" {
  ts.method @forward(%self: !Second, %x: !ts.tensor) -> !ts.tensor {
    ts.return %x : !ts.tensor
  }
}
ts.function @"__torch__.outer"(%x: !ts.tensor) -> !ts.tensor {
  %y = ts.call_function @"__torch__.inner"(%x) : (!ts.tensor) -> !ts.tensor
  ts.return %y : !ts.tensor
}
ts.function @"__torch__.inner"(%x: !ts.tensor) -> !ts.tensor {
  ts.return %x : !ts.tensor
}
ts.function @"__torch__.own"(%x: !ts.tensor) -> !ts.tensor {
  ts.return %x : !ts.tensor
}

// CHECK:     ts.module @first
// CHECK-NOT: ts.module @second
// CHECK:     ts.function @__torch__.outer
// CHECK:     ts.function @__torch__.inner
// CHECK-NOT: ts.function @__torch__.own
// CHECK:     nir.graph @second

// The pipeline inlined the functions into both roots first: none is called.
// PIPELINE:     ts.module @first
// PIPELINE-NOT: ts.module @second
// PIPELINE:     nir.graph @second
// PIPELINE-NOT: ts.function
