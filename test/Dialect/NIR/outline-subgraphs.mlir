// RUN: nir-opt %s -split-input-file --nir-outline-subgraphs='nodes=rnn.*' -verify-diagnostics | FileCheck %s

// Pattern mode: every node named rnn.* moves into one subgraph named after
// the prefix they share. The entry's edges from outside (fc, fb) become the
// subgraph's, in their order; inside, the nested Input takes their place in
// the entry's operand list; the exit's consumers outside read the subgraph.
// Metadata stays on the moved node.
// CHECK-LABEL: nir.graph @pattern
// CHECK: %[[FC:.+]] = nir.affine "fc"
// CHECK-NEXT: %[[RNN:.+]] = nir.subgraph "rnn"(%[[FC]], %[[FB:.+]]) : tensor<3xf32> {
// CHECK-NEXT: %[[IN:.+]] = nir.input "input" : tensor<3xf32>
// CHECK-NEXT: %[[LIF:.+]] = nir.lif "lif"(%[[IN]], %[[REC:.+]]) {metadata = {origin = "snntorch"}, r = dense<1.000000e+00> : tensor<3xf32>, tau = dense<0.00999999977> : tensor<3xf32>
// CHECK-NEXT: %[[REC]] = nir.linear "w_rec"(%[[LIF]]) {weight = dense<1.000000e-01> : tensor<3x3xf32>} : tensor<3xf32>
// CHECK-NEXT: nir.output "output"(%[[LIF]]) : tensor<3xf32>
// CHECK-NEXT: }
// CHECK-NEXT: %[[FB]] = nir.scale "fb"(%[[RNN]])
// CHECK-NEXT: nir.output "output"(%[[RNN]]) : tensor<3xf32>
nir.graph @pattern {
  %input = nir.input "input" : tensor<2xf32>
  %fc = nir.affine "fc"(%input) {weight = dense<1.0> : tensor<3x2xf32>, bias = dense<0.0> : tensor<3xf32>} : tensor<2xf32> -> tensor<3xf32>
  %lif = nir.lif "rnn.lif"(%fc, %fb, %rec) {tau = dense<0.01> : tensor<3xf32>, r = dense<1.0> : tensor<3xf32>, v_leak = dense<0.0> : tensor<3xf32>, v_threshold = dense<1.0> : tensor<3xf32>, v_reset = dense<0.0> : tensor<3xf32>, metadata = {origin = "snntorch"}} : tensor<3xf32>
  %rec = nir.linear "rnn.w_rec"(%lif) {weight = dense<0.1> : tensor<3x3xf32>} : tensor<3xf32>
  %fb = nir.scale "fb"(%lif) {scale = dense<0.5> : tensor<3xf32>} : tensor<3xf32>
  %output = nir.output "output"(%lif) : tensor<3xf32>
}

// -----

// The selected nodes need not be adjacent: the subgraph goes where the first
// was, its nodes in their relative order. The entry's edges from outside
// gather at the place of the first (fc before w_rec, fb dropped after it),
// its edges from inside keep their order; the exit (w_rec here) differs from
// the entry.
// CHECK-LABEL: nir.graph @gathered
// CHECK: %[[FC:.+]] = nir.affine "fc"
// CHECK-NEXT: %[[RNN:.+]] = nir.subgraph "rnn"(%[[FC]], %[[FB:.+]]) : tensor<3xf32> {
// CHECK-NEXT: %[[IN:.+]] = nir.input "input" : tensor<3xf32>
// CHECK-NEXT: %[[LIF:.+]] = nir.lif "lif"(%[[IN]], %[[REC:[^)]+]])
// CHECK-NEXT: %[[REC]] = nir.linear "w_rec"(%[[LIF]])
// CHECK-NEXT: nir.output "output"(%[[REC]]) : tensor<3xf32>
// CHECK-NEXT: }
// CHECK-NEXT: %[[FB]] = nir.scale "fb"(%[[RNN]])
// CHECK-NEXT: nir.output "output"(%[[FB]])
nir.graph @gathered {
  %input = nir.input "input" : tensor<2xf32>
  %fc = nir.affine "fc"(%input) {weight = dense<1.0> : tensor<3x2xf32>, bias = dense<0.0> : tensor<3xf32>} : tensor<2xf32> -> tensor<3xf32>
  %lif = nir.lif "rnn.lif"(%fc, %rec, %fb) {tau = dense<0.01> : tensor<3xf32>, r = dense<1.0> : tensor<3xf32>, v_leak = dense<0.0> : tensor<3xf32>, v_threshold = dense<1.0> : tensor<3xf32>, v_reset = dense<0.0> : tensor<3xf32>} : tensor<3xf32>
  %fb = nir.scale "fb"(%rec) {scale = dense<0.5> : tensor<3xf32>} : tensor<3xf32>
  %output = nir.output "output"(%fb) : tensor<3xf32>
  %rec = nir.linear "rnn.w_rec"(%lif) {weight = dense<0.1> : tensor<3x3xf32>} : tensor<3xf32>
}

// -----

// One node that is entry and exit; an edge from outside read twice stays two
// edges into the subgraph. The shared prefix may have several components.
// CHECK-LABEL: nir.graph @single
// CHECK: %[[IN:.+]] = nir.input "input"
// CHECK-NEXT: %[[RNN:.+]] = nir.subgraph "rnn.block"(%[[IN]], %[[IN]]) : tensor<2xf32> {
// CHECK-NEXT: %[[INNER:.+]] = nir.input "input" : tensor<2xf32>
// CHECK-NEXT: %[[I:.+]] = nir.i "i"(%[[INNER]])
// CHECK-NEXT: nir.output "output"(%[[I]]) : tensor<2xf32>
// CHECK-NEXT: }
// CHECK-NEXT: nir.output "output"(%[[RNN]])
nir.graph @single {
  %input = nir.input "input" : tensor<2xf32>
  %i = nir.i "rnn.block.i"(%input, %input) {r = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%i) : tensor<2xf32>
}

// -----

// Inner nodes that would be called "input" and "output" keep their names;
// the ports take fresh ones.
// CHECK-LABEL: nir.graph @port_names
// CHECK: nir.subgraph "rnn"
// CHECK-NEXT: %[[IN:.+]] = nir.input "input_1" : tensor<2xf32>
// CHECK-NEXT: %[[A:.+]] = nir.scale "input"(%[[IN]])
// CHECK-NEXT: %[[B:.+]] = nir.scale "output"(%[[A]])
// CHECK-NEXT: nir.output "output_1"(%[[B]])
nir.graph @port_names {
  %input = nir.input "input" : tensor<2xf32>
  %a = nir.scale "rnn.input"(%input) {scale = dense<2.0> : tensor<2xf32>} : tensor<2xf32>
  %b = nir.scale "rnn.output"(%a) {scale = dense<3.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%b) : tensor<2xf32>
}

// -----

// Nothing enters the selection: the subgraph has no incoming edge and its
// Input, shaped by the first selected node's parameters, feeds nothing.
// CHECK-LABEL: nir.graph @source
// CHECK: %[[SRC:.+]] = nir.subgraph "rnn"() : tensor<2xf32> {
// CHECK-NEXT: nir.input "input" : tensor<2xf32>
// CHECK-NEXT: %[[S:.+]] = nir.scale "s"() {scale = dense<2.000000e+00> : tensor<2xf32>} : tensor<2xf32>
// CHECK-NEXT: nir.output "output"(%[[S]])
// CHECK-NEXT: }
// CHECK-NEXT: nir.output "output"(%[[SRC]])
nir.graph @source {
  %s = nir.scale "rnn.s"() {scale = dense<2.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%s) : tensor<2xf32>
}

// -----

// Ports cannot be selected.
nir.graph @select_input {
  // expected-error @+1 {{node 'rnn.in' is an Input node; the outlined graph gets ports of its own, so the selection cannot hold one}}
  %in = nir.input "rnn.in" : tensor<2xf32>
  %s = nir.scale "rnn.s"(%in) {scale = dense<2.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%s) : tensor<2xf32>
}

// -----

nir.graph @select_output {
  %input = nir.input "input" : tensor<2xf32>
  %s = nir.scale "rnn.s"(%input) {scale = dense<2.0> : tensor<2xf32>} : tensor<2xf32>
  // expected-error @+1 {{node 'rnn.out' is an Output node; the outlined graph gets ports of its own, so the selection cannot hold one}}
  %out = nir.output "rnn.out"(%s) : tensor<2xf32>
}

// -----

// Two nodes fed from outside would need two Inputs.
nir.graph @two_entries {
  %input = nir.input "input" : tensor<2xf32>
  %a = nir.scale "rnn.a"(%input) {scale = dense<2.0> : tensor<2xf32>} : tensor<2xf32>
  // expected-error @+1 {{node 'rnn.b' receives an edge from outside the selection but 'rnn.a' is already the entry; a nested graph has one Input}}
  %b = nir.scale "rnn.b"(%a, %input) {scale = dense<3.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%b) : tensor<2xf32>
}

// -----

// Two nodes read from outside would need two Outputs.
nir.graph @two_exits {
  %input = nir.input "input" : tensor<2xf32>
  %a = nir.scale "rnn.a"(%input) {scale = dense<2.0> : tensor<2xf32>} : tensor<2xf32>
  // expected-error @+1 {{node 'rnn.b' has an edge leaving the selection but 'rnn.a' is already the exit; a nested graph has one Output}}
  %b = nir.scale "rnn.b"(%a) {scale = dense<3.0> : tensor<2xf32>} : tensor<2xf32>
  %out_a = nir.output "out_a"(%a) : tensor<2xf32>
  %out_b = nir.output "out_b"(%b) : tensor<2xf32>
}

// -----

// A selection nothing outside reads has nothing for the Output to read.
nir.graph @no_exit {
  %input = nir.input "input" : tensor<2xf32>
  // expected-error @+1 {{no node of the selection has an edge leaving it; a nested graph's Output reads one node}}
  %a = nir.scale "rnn.a"(%input) {scale = dense<2.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%input) : tensor<2xf32>
}

// -----

// The nested Input has one type; edges of two float types cannot share it.
nir.graph @mixed_types {
  %x = nir.input "x" : tensor<2xf32>
  %y = nir.input "y" : tensor<2xf64>
  // expected-error @+1 {{the edges from outside into 'rnn.a' carry 'tensor<2xf32>' and 'tensor<2xf64>'; a nested Input has one type}}
  %a = nir.scale "rnn.a"(%x, %y) {scale = dense<2.0> : tensor<2xf32>} : (tensor<2xf32>, tensor<2xf64>) -> tensor<2xf32>
  %output = nir.output "output"(%a) : tensor<2xf32>
}

// -----

// With no edge entering, the first node must fix the Input's shape.
nir.graph @no_input_shape {
  // expected-error @+1 {{no edge enters the selection and its first node 'rnn.p' fixes no input shape; the nested Input needs one}}
  %p = nir.sum_pool2d "rnn.p"() {kernel_size = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<1x32x32xf32>
  %output = nir.output "output"(%p) : tensor<1x32x32xf32>
}

// -----

// The subgraph's name must be free in the graph.
nir.graph @name_taken {
  %input = nir.input "input" : tensor<2xf32>
  // expected-error @+1 {{the subgraph name 'rnn' is taken by node 'rnn', which is not selected}}
  %rnn = nir.scale "rnn"(%input) {scale = dense<2.0> : tensor<2xf32>} : tensor<2xf32>
  %a = nir.scale "rnn.a"(%rnn) {scale = dense<2.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%a) : tensor<2xf32>
}

// -----

// Nodes no Input reaches are searched from in name order: here the search
// enters the cycle at rnn.x and delays rnn.y -> rnn.x, but the nested graph
// is entered at its Input, which feeds rnn.y, and would delay rnn.x -> rnn.y.
nir.graph @schedule_nested {
  %input = nir.input "input" : tensor<2xf32>
  %o1 = nir.output "o1"(%input) : tensor<2xf32>
  %z = nir.scale "z"() {scale = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  // expected-error @+1 {{outlining would change the time-step schedule: the edge 'rnn.y' -> 'rnn.x' is delayed in the graph as it is but not in the outlined graph}}
  %x = nir.scale "rnn.x"(%y) {scale = dense<0.5> : tensor<2xf32>} : tensor<2xf32>
  %y = nir.scale "rnn.y"(%z, %x) {scale = dense<0.5> : tensor<2xf32>} : tensor<2xf32>
  %o2 = nir.output "o2"(%y) : tensor<2xf32>
}

// -----

// Outlined and inlined again, rnn.b moves up next to rnn.a, before c: the
// search from input then reaches rnn.b before c and delays c -> rnn.b
// instead of rnn.b -> c.
nir.graph @schedule_inlined {
  %input = nir.input "input" : tensor<2xf32>
  %a = nir.scale "rnn.a"(%b) {scale = dense<0.5> : tensor<2xf32>} : tensor<2xf32>
  // expected-error @+1 {{outlining would change the time-step schedule: the edge 'rnn.b' -> 'c' is delayed in the graph as it is but not once it is inlined again}}
  %c = nir.scale "c"(%input, %b) {scale = dense<0.5> : tensor<2xf32>} : tensor<2xf32>
  %b = nir.scale "rnn.b"(%input, %c, %a) {scale = dense<0.5> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%b) : tensor<2xf32>
}
