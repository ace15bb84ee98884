// MLIR's core passes run on NIR graphs and never drop a node as dead code:
// nodes have no declared side-effect freedom, so a node nobody reads (an
// Output, a leaf) stays, and two nodes are never merged. -canonicalize also
// runs the nir folds (canonicalize.mlir); none applies here, since every
// all-ones Scale reads or feeds a signal with fan-out.

// RUN: nir-opt %s -canonicalize -cse -symbol-dce -inline | FileCheck %s
// RUN: nir-opt %s -view-op-graph -o /dev/null 2>&1 | FileCheck %s --check-prefix=DOT

// CHECK-LABEL: nir.graph @g
// CHECK: nir.input "input"
// CHECK: nir.scale "a"
// CHECK: nir.scale "b"
// CHECK: nir.scale "leaf"
// CHECK: nir.output "output"
// DOT: digraph G {
// DOT: nir.scale
nir.graph @g {
  %input = nir.input "input" : tensor<2xf32>
  %a = nir.scale "a"(%input) {scale = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %b = nir.scale "b"(%input) {scale = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %leaf = nir.scale "leaf"(%a) {scale = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%a, %b) : tensor<2xf32>
}
