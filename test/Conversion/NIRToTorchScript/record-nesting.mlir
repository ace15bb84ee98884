// RUN: nir-opt %s -split-input-file -raise-nir-record-nesting -verify-diagnostics | FileCheck %s

// A graph with a subgraph records every level: its nodes with the sources of
// their edges, port metadata, and each subgraph's name, metadata and ports.
// CHECK-LABEL: nir.graph @nested
// CHECK-SAME: nirtorch.nesting = {metadata = {dt = 1.000000e-03 : f64}, nodes = {{\[}}["input"], ["sub", "input"], ["output", "sub"]], ports = {{\[}}["input", {unit = "V"}]], subgraphs = [{input = "in", input_shape = array<i64: 2>, metadata = {k = [1, 2]}, name = "sub", nodes = {{\[}}["in"], ["s", "in"], ["out", "s"]], output = "out", output_shape = array<i64: 2>, ports = [], subgraphs = []}]}
// CHECK: %[[IN:.*]] = nir.input "input"
// CHECK: nir.subgraph "sub"(%[[IN]])
nir.graph @nested attributes {metadata = {dt = 1.0e-3 : f64}} {
  %input = nir.input "input" {metadata = {unit = "V"}} : tensor<2xf32>
  %sub = nir.subgraph "sub"(%input) attributes {metadata = {k = [1, 2]}} : tensor<2xf32> {
    %in = nir.input "in" : tensor<2xf32>
    %s = nir.scale "s"(%in) {scale = dense<2.0> : tensor<2xf32>} : tensor<2xf32>
    %out = nir.output "out"(%s) : tensor<2xf32>
  }
  %output = nir.output "output"(%sub) : tensor<2xf32>
}

// -----

// A graph without subgraphs has nothing to record.
// CHECK-LABEL: nir.graph @flat {
// CHECK-NOT: nirtorch.nesting
nir.graph @flat {
  %input = nir.input "input" : tensor<2xf32>
  %output = nir.output "output"(%input) : tensor<2xf32>
}

// -----

// Shapes must be inferred before the raising; the error names the node by
// its own name, before inlining renames it.
nir.graph @uninferred attributes {unchecked} {
  %input = nir.input "input" : tensor<2xf32>
  %sub = nir.subgraph "sub"(%input) : tensor<2xf32> {
    %in = nir.input "in" : tensor<2xf32>
    // expected-error @+1 {{node 's' has no inferred shape; run --nir-infer-shapes}}
    %s = nir.scale "s"(%in) {scale = dense<2.0> : tensor<2xf32>} : tensor<2xf32> -> tensor<*xf32>
    %out = nir.output "out"(%s) : tensor<*xf32> -> tensor<2xf32>
  }
  %output = nir.output "output"(%sub) : tensor<2xf32>
}
