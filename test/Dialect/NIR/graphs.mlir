// Graph shapes that NIR allows: cycles, self-loops, fan-in, fan-out, several
// ports, nesting, and edge types that differ in unchecked graphs.

// RUN: nir-opt %s -split-input-file | FileCheck %s
// RUN: nir-opt %s -split-input-file -mlir-print-op-generic | nir-opt -split-input-file | FileCheck %s

// A self-loop is an ordinary use of the node's own result.
// CHECK-LABEL: nir.graph @self_loop
// CHECK: %[[LI:.+]] = nir.li "li"(%{{.+}}, %[[LI]])
nir.graph @self_loop {
  %input = nir.input "input" : tensor<2xf32>
  %li = nir.li "li"(%input, %li) {tau = dense<0.01> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%li) : tensor<2xf32>
}

// -----

// A cycle through two nodes, used before its definition (graph region).
// CHECK-LABEL: nir.graph @cycle
// CHECK: %[[A:.+]] = nir.linear "a"(%[[IN:.+]], %[[B:.+]]) {
// CHECK: %[[B]] = nir.linear "b"(%[[A]])
// CHECK: nir.output "output"(%[[B]])
nir.graph @cycle {
  %input = nir.input "input" : tensor<2xf32>
  %a = nir.linear "a"(%input, %b) {weight = dense<1.0> : tensor<2x2xf32>} : tensor<2xf32>
  %b = nir.linear "b"(%a) {weight = dense<1.0> : tensor<2x2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%b) : tensor<2xf32>
}

// -----

// Residual fan-in and fan-out: several edges into one node are summed, one
// node may feed several.
// CHECK-LABEL: nir.graph @residual
// CHECK: %[[IN:.+]] = nir.input "input"
// CHECK: %[[A:.+]] = nir.scale "a"(%[[IN]])
// CHECK: %[[B:.+]] = nir.scale "b"(%[[A]])
// CHECK: %[[SUM:.+]] = nir.scale "sum"(%[[IN]], %[[A]], %[[B]])
// CHECK: nir.output "output"(%[[SUM]])
nir.graph @residual {
  %input = nir.input "input" : tensor<4xf32>
  %a = nir.scale "a"(%input) {scale = dense<2.0> : tensor<4xf32>} : tensor<4xf32>
  %b = nir.scale "b"(%a) {scale = dense<3.0> : tensor<4xf32>} : tensor<4xf32>
  %sum = nir.scale "sum"(%input, %a, %b) {scale = dense<1.0> : tensor<4xf32>} : tensor<4xf32>
  %output = nir.output "output"(%sum) : tensor<4xf32>
}

// -----

// Several Input and Output ports, an Output fed by two edges, a node with no
// incoming edge and a graph with no nodes.
// CHECK-LABEL: nir.graph @ports
// CHECK: %[[X:.+]] = nir.input "x" : tensor<2xf32>
// CHECK: %[[Y:.+]] = nir.input "y" : tensor<2xf32>
// CHECK: nir.output "sum"(%[[X]], %[[Y]]) : tensor<2xf32>
// CHECK: nir.output "x_only"(%[[X]]) : tensor<2xf32>
// CHECK: nir.scale "orphan"() {{.*}} : tensor<2xf32>
// CHECK: nir.avg_pool2d "orphan_pool"() {{.*}} : tensor<1x2x2xf32>
// CHECK-LABEL: nir.graph @empty
// CHECK-NEXT: }
nir.graph @ports {
  %x = nir.input "x" : tensor<2xf32>
  %y = nir.input "y" : tensor<2xf32>
  %sum = nir.output "sum"(%x, %y) : tensor<2xf32>
  %x_only = nir.output "x_only"(%x) : tensor<2xf32>
  %orphan = nir.scale "orphan"() {scale = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %orphan_pool = nir.avg_pool2d "orphan_pool"() {kernel_size = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<1x2x2xf32>
}
nir.graph @empty {
}

// -----

// Nested graphs nest further, and a cycle may run through a subgraph node.
// CHECK-LABEL: nir.graph @deep
// CHECK: %[[OUTER:.+]] = nir.subgraph "outer"(%{{.+}}, %[[FB:.+]]) : tensor<2xf32> {
// CHECK: nir.subgraph "inner"(%{{.+}}) : tensor<2xf32> {
// CHECK: nir.i "i"
// CHECK: %[[FB]] = nir.scale "feedback"(%[[OUTER]])
nir.graph @deep {
  %input = nir.input "input" : tensor<2xf32>
  %outer = nir.subgraph "outer"(%input, %feedback) : tensor<2xf32> {
    %in = nir.input "in" : tensor<2xf32>
    %inner = nir.subgraph "inner"(%in) : tensor<2xf32> {
      %in2 = nir.input "in" : tensor<2xf32>
      %i = nir.i "i"(%in2) {r = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
      %out2 = nir.output "out"(%i) : tensor<2xf32>
    }
    %out = nir.output "out"(%inner) : tensor<2xf32>
  }
  %feedback = nir.scale "feedback"(%outer) {scale = dense<0.5> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%outer) : tensor<2xf32>
}

// -----

// Names may repeat across graphs and nesting levels, only not within one.
// CHECK-LABEL: nir.graph @first
// CHECK-LABEL: nir.graph @second
// CHECK: nir.input "input"
nir.graph @first {
  %input = nir.input "input" : tensor<1xf32>
}
nir.graph @second {
  %input = nir.input "input" : tensor<1xf32>
}

// -----

// An unchecked graph (read with type checking off) holds edges whose shapes
// disagree, like the published lif_rockpool.nir, also in nested graphs.
// CHECK-LABEL: nir.graph @rockpool attributes {unchecked}
// CHECK: nir.output "output"(%{{.+}}) : tensor<1xf32> -> tensor<1x1x1xf32>
// CHECK: nir.scale "mixed"(%{{.+}}, %{{.+}}) {{.*}} : (tensor<1xf32>, tensor<2xf32>) -> tensor<3xf32>
// CHECK: nir.subgraph "sub"(%{{.+}}) : tensor<1xf32> -> tensor<2xf32>
nir.graph @rockpool attributes {unchecked} {
  %input = nir.input "input" : tensor<1xf32>
  %lif = nir.lif "lif"(%input) {tau = dense<0.0025> : tensor<1xf32>, r = dense<24.02> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<0.1> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>} : tensor<1xf32>
  %output = nir.output "output"(%lif) : tensor<1xf32> -> tensor<1x1x1xf32>
  %two = nir.input "two" : tensor<2xf32>
  %mixed = nir.scale "mixed"(%input, %two) {scale = dense<1.0> : tensor<4xf32>} : (tensor<1xf32>, tensor<2xf32>) -> tensor<3xf32>
  %sub = nir.subgraph "sub"(%input) : tensor<1xf32> -> tensor<2xf32> {
    %in = nir.input "in" : tensor<5xf32>
    %out = nir.output "out"(%in) : tensor<5xf32> -> tensor<6xf32>
  }
}

// -----

// In an unchecked graph, signals whose shape is not inferred yet are
// unranked tensors (nir-infer-shapes infers them), in every spelling of the
// edge types and in nested graphs.
// CHECK-LABEL: nir.graph @uninferred attributes {unchecked}
// CHECK: nir.sum_pool2d "p"(%{{.+}}) {{.*}} : tensor<1x4x4xf32> -> tensor<*xf32>
// CHECK: nir.flatten "f"(%{{.+}}) {{.*}} : tensor<*xf32>
// CHECK: nir.scale "mixed"(%{{.+}}, %{{.+}}) {{.*}} : (tensor<*xf32>, tensor<4xf32>) -> tensor<*xf32>
// CHECK: nir.subgraph "sub"(%{{.+}}) : tensor<*xf32> {
// CHECK:   nir.li "li"(%{{.+}}) {{.*}} : tensor<4xf32> -> tensor<*xf64>
// CHECK:   nir.output "out"(%{{.+}}) : tensor<*xf64> -> tensor<4xf32>
// CHECK: nir.output "output"(%{{.+}}) : tensor<*xf32> -> tensor<4xf32>
nir.graph @uninferred attributes {unchecked} {
  %input = nir.input "input" : tensor<1x4x4xf32>
  %p = nir.sum_pool2d "p"(%input) {kernel_size = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<1x4x4xf32> -> tensor<*xf32>
  %f = nir.flatten "f"(%p) {start_dim = 0, end_dim = -1} : tensor<*xf32>
  %four = nir.input "four" : tensor<4xf32>
  %mixed = nir.scale "mixed"(%f, %four) {scale = dense<1.0> : tensor<4xf32>} : (tensor<*xf32>, tensor<4xf32>) -> tensor<*xf32>
  %sub = nir.subgraph "sub"(%mixed) : tensor<*xf32> {
    %in = nir.input "in" : tensor<4xf32>
    %li = nir.li "li"(%in) {tau = dense<0.01> : tensor<4xf32>, r = dense<1.0> : tensor<4xf32>, v_leak = dense<0.0> : tensor<4xf32>} : tensor<4xf32> -> tensor<*xf64>
    %out = nir.output "out"(%li) : tensor<*xf64> -> tensor<4xf32>
  }
  %output = nir.output "output"(%sub) : tensor<*xf32> -> tensor<4xf32>
}
