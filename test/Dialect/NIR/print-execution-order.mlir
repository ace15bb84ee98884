// RUN: nir-opt %s -split-input-file -nir-print-execution-order -o /dev/null | FileCheck %s

// A feed-forward chain runs in edge order; nothing is delayed.
// CHECK-LABEL: graph @chain
// CHECK-NEXT: order: input, a, b, output
// CHECK-NEXT: delayed: none
nir.graph @chain {
  %output = nir.output "output"(%b) : tensor<2xf32>
  %b = nir.scale "b"(%a) {scale = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %a = nir.scale "a"(%input) {scale = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %input = nir.input "input" : tensor<2xf32>
}

// -----

// A self-loop always carries the previous step.
// CHECK-LABEL: graph @self_loop
// CHECK-NEXT: order: input, li, output
// CHECK-NEXT: delayed: li -> li
nir.graph @self_loop {
  %input = nir.input "input" : tensor<2xf32>
  %li = nir.li "li"(%input, %li) {tau = dense<0.01> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%li) : tensor<2xf32>
}

// -----

// In a two-node loop the edge that closes the cycle, seen from the input, is
// the delayed one, whichever way the nodes are listed.
// CHECK-LABEL: graph @loop
// CHECK-NEXT: order: input, lif, w_rec, output
// CHECK-NEXT: delayed: w_rec -> lif
nir.graph @loop {
  %w_rec = nir.linear "w_rec"(%lif) {weight = dense<0.1> : tensor<2x2xf32>} : tensor<2xf32>
  %lif = nir.i "lif"(%input, %w_rec) {r = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %input = nir.input "input" : tensor<2xf32>
  %output = nir.output "output"(%lif) : tensor<2xf32>
}

// -----

// Inputs are searched in name order: from "a" the search reaches x first, so
// y -> x closes the loop (from "b" it would have been x -> y).
// CHECK-LABEL: graph @two_inputs
// CHECK-NEXT: order: a, x, b, y
// CHECK-NEXT: delayed: y -> x
nir.graph @two_inputs {
  %b = nir.input "b" : tensor<1xf32>
  %a = nir.input "a" : tensor<1xf32>
  %x = nir.scale "x"(%a, %y) {scale = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %y = nir.scale "y"(%b, %x) {scale = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
}

// -----

// Successors are explored in edge order (consumers in block order), which
// decides which of two cycles through "hub" is cut where.
// CHECK-LABEL: graph @edge_order
// CHECK-NEXT: order: input, hub, p, q
// CHECK-NEXT: delayed: p -> hub, q -> hub
nir.graph @edge_order {
  %input = nir.input "input" : tensor<1xf32>
  %hub = nir.scale "hub"(%input, %p, %q) {scale = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %p = nir.scale "p"(%hub) {scale = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %q = nir.scale "q"(%hub) {scale = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
}

// -----

// Nodes no Input reaches run too: they are further roots, in name order.
// CHECK-LABEL: graph @orphans
// CHECK-NEXT: order: input, output, m, n, z
// CHECK-NEXT: delayed: none
nir.graph @orphans {
  %input = nir.input "input" : tensor<1xf32>
  %output = nir.output "output"(%input) : tensor<1xf32>
  %z = nir.scale "z"() {scale = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %n = nir.scale "n"(%m) {scale = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %m = nir.scale "m"() {scale = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
}

// -----

// Nested graphs get their own schedule.
// CHECK-LABEL: graph @nested
// CHECK-NEXT: order: input, rnn, output
// CHECK-NEXT: delayed: none
// CHECK-NEXT: subgraph "rnn"
// CHECK-NEXT: order: in, lif, rec, out
// CHECK-NEXT: delayed: rec -> lif
nir.graph @nested {
  %input = nir.input "input" : tensor<2xf32>
  %rnn = nir.subgraph "rnn"(%input) : tensor<2xf32> {
    %in = nir.input "in" : tensor<2xf32>
    %lif = nir.i "lif"(%in, %rec) {r = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
    %rec = nir.linear "rec"(%lif) {weight = dense<0.1> : tensor<2x2xf32>} : tensor<2xf32>
    %out = nir.output "out"(%lif) : tensor<2xf32>
  }
  %output = nir.output "output"(%rnn) : tensor<2xf32>
}
