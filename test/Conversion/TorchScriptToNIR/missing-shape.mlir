// RUN: nir-opt %s --verify-diagnostics --lower-torchscript-to-nir

// Scripted modules carry no sizes: the input shape must come from the
// input-shape option.

!Net = !ts.module<"__torch__.Net">
ts.module @net "__torch__.Net" {
  // expected-error @below {{the shape of forward's input 'x' is unknown: give it with the input-shape option}}
  ts.method @forward(%self: !Net, %x: !ts.tensor) -> !ts.tensor {
    ts.return %x : !ts.tensor
  }
}
