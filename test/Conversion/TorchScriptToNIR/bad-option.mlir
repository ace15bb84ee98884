// RUN: not nir-opt %s --lower-torchscript-to-nir="input-shape=2x0" 2>&1 | FileCheck %s
// RUN: not nir-opt %s --lower-torchscript-to-nir="input-shape=2x3 root=other" 2>&1 | FileCheck %s --check-prefix=ROOT

// RUN: nir-opt %S/module-conv-pool.mlir --split-input-file --lower-torchscript-to-nir="input-shape=1x8x8" | FileCheck %S/module-conv-pool.mlir
// RUN: not nir-opt %S/module-conv-pool.mlir --split-input-file --lower-torchscript-to-nir="input-shape=2x8x8" 2>&1 | FileCheck %s --check-prefix=CONFLICT

// CHECK: error: invalid input-shape '2x0' (expected extents joined by 'x', e.g. 2x34x34, one shape per input joined by ',')
// CONFLICT: error: input-shape '2x8x8' disagrees with the traced type of forward's input 'x' (NIR shape [1, 8, 8] without its batch dim)
// ROOT: error: no root ts.module named 'other' to lower (choose one with the 'root' option)

!Net = !ts.module<"__torch__.Net">
ts.module @net "__torch__.Net" {
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    ts.return %x : !ts.tensor
  }
}
