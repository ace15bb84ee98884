// RUN: nir-opt %s -split-input-file -nir-dce=report -verify-diagnostics | FileCheck %s
// RUN: nir-opt %s -split-input-file -nir-dce --nir-dce-report -verify-diagnostics | FileCheck %s
// RUN: nir-opt %s -split-input-file -nir-dce 2>&1 | FileCheck %s --check-prefix=QUIET --implicit-check-not=remark

// Without the report the pass is silent but for the no-Output warning.
// QUIET: warning: graph has no Output node

// A chain that ends nowhere goes, its leaf and the node feeding only it; a
// node that also feeds the Output stays, and so does its edge to the Output.
// CHECK-LABEL: nir.graph @dead_chain
// CHECK-NEXT: %[[IN:.+]] = nir.input "input"
// CHECK-NEXT: %[[A:.+]] = nir.scale "a"(%[[IN]])
// CHECK-NEXT: nir.output "output"(%[[A]])
// CHECK-NEXT: }
// expected-remark @below {{removed 2 nodes}}
nir.graph @dead_chain {
  %input = nir.input "input" : tensor<2xf32>
  %a = nir.scale "a"(%input) {scale = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  // expected-remark @below {{removed node 'b' (Scale): no Output depends on it}}
  %b = nir.scale "b"(%a) {scale = dense<2.0> : tensor<2xf32>} : tensor<2xf32>
  // expected-remark @below {{removed node 'leaf' (Affine): no Output depends on it}}
  %leaf = nir.affine "leaf"(%b) {weight = dense<1.0> : tensor<3x2xf32>, bias = dense<0.0> : tensor<3xf32>} : tensor<2xf32> -> tensor<3xf32>
  %output = nir.output "output"(%a) : tensor<2xf32>
}

// -----

// A loop that only feeds itself is dead, even though each of its nodes is
// read by the other (and one by itself); the nodes are defined after their
// uses, so erasing them needs their edges cut first.
// CHECK-LABEL: nir.graph @dead_cycle
// CHECK-NEXT: %[[IN:.+]] = nir.input "input"
// CHECK-NEXT: nir.output "output"(%[[IN]])
// CHECK-NEXT: }
// expected-remark @below {{removed 3 nodes}}
nir.graph @dead_cycle {
  %input = nir.input "input" : tensor<2xf32>
  // expected-remark @below {{removed node 'lif' (LIF): no Output depends on it}}
  %lif = nir.lif "lif"(%input, %w_rec) {tau = dense<0.01> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  // expected-remark @below {{removed node 'w_rec' (Linear): no Output depends on it}}
  %w_rec = nir.linear "w_rec"(%lif) {weight = dense<0.5> : tensor<2x2xf32>} : tensor<2xf32>
  // expected-remark @below {{removed node 'self' (I): no Output depends on it}}
  %self = nir.i "self"(%self) {r = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%input) : tensor<2xf32>
}

// -----

// A loop that feeds the Output is live, the node only the loop reads too;
// a dead reader of the loop goes.
// CHECK-LABEL: nir.graph @live_cycle
// CHECK-NEXT: %[[IN:.+]] = nir.input "input"
// CHECK-NEXT: %[[LIF:.+]] = nir.lif "lif"(%[[IN]], %[[REC:.+]]) {
// CHECK-NEXT: %[[REC]] = nir.linear "w_rec"(%[[LIF]], %[[BIAS:.+]]) {
// CHECK-NEXT: %[[BIAS]] = nir.scale "bias"() {
// CHECK-NEXT: nir.output "output"(%[[LIF]])
// CHECK-NEXT: }
// expected-remark @below {{removed 1 node}}
nir.graph @live_cycle {
  %input = nir.input "input" : tensor<2xf32>
  %lif = nir.lif "lif"(%input, %w_rec) {tau = dense<0.01> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %w_rec = nir.linear "w_rec"(%lif, %bias) {weight = dense<0.5> : tensor<2x2xf32>} : tensor<2xf32>
  %bias = nir.scale "bias"() {scale = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  // expected-remark @below {{removed node 'probe' (Threshold): no Output depends on it}}
  %probe = nir.threshold "probe"(%w_rec) {threshold = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif) : tensor<2xf32>
}

// -----

// Input nodes are ports: one nothing reads stays, and one whose only reader
// goes stays too (without that edge).
// CHECK-LABEL: nir.graph @unused_input
// CHECK-NEXT: %[[A:.+]] = nir.input "a"
// CHECK-NEXT: %[[B:.+]] = nir.input "b"
// CHECK-NEXT: %[[C:.+]] = nir.input "c"
// CHECK-NEXT: nir.output "output"(%[[A]])
// CHECK-NEXT: }
// expected-remark @below {{removed 1 node}}
nir.graph @unused_input {
  %a = nir.input "a" : tensor<2xf32>
  %b = nir.input "b" : tensor<2xf32>
  %c = nir.input "c" : tensor<2xf32>
  // expected-remark @below {{removed node 'reads_c' (Scale): no Output depends on it}}
  %reads_c = nir.scale "reads_c"(%c) {scale = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%a) : tensor<2xf32>
}

// -----

// A subgraph nothing depends on goes whole (one node, one remark), with the
// loop inside it.
// CHECK-LABEL: nir.graph @dead_subgraph
// CHECK-NEXT: %[[IN:.+]] = nir.input "input"
// CHECK-NEXT: nir.output "output"(%[[IN]])
// CHECK-NEXT: }
// expected-remark @below {{removed 1 node}}
nir.graph @dead_subgraph {
  %input = nir.input "input" : tensor<2xf32>
  // expected-remark @below {{removed node 'rnn' (NIRGraph): no Output depends on it}}
  %rnn = nir.subgraph "rnn"(%input) : tensor<2xf32> {
    %in = nir.input "input" : tensor<2xf32>
    %i = nir.i "i"(%in, %i) {r = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
    %out = nir.output "output"(%i) : tensor<2xf32>
  }
  %output = nir.output "output"(%input) : tensor<2xf32>
}

// -----

// Inside a live subgraph its own Output is the root: the inner node only a
// dead one reads goes, the inner Input stays, and the nested subgraph that
// feeds nothing goes whole. The outer dead node is removed as well.
// CHECK-LABEL: nir.graph @live_subgraph
// CHECK-NEXT: %[[IN:.+]] = nir.input "input"
// CHECK-NEXT: %[[RNN:.+]] = nir.subgraph "rnn"(%[[IN]])
// CHECK-NEXT: %[[IIN:.+]] = nir.input "input"
// CHECK-NEXT: %[[I:.+]] = nir.i "i"(%[[IIN]]) {
// CHECK-NEXT: nir.output "output"(%[[I]])
// CHECK-NEXT: }
// CHECK-NEXT: nir.output "output"(%[[RNN]])
// CHECK-NEXT: }
// expected-remark @below {{removed 4 nodes}}
nir.graph @live_subgraph {
  %input = nir.input "input" : tensor<2xf32>
  %rnn = nir.subgraph "rnn"(%input) : tensor<2xf32> {
    %in = nir.input "input" : tensor<2xf32>
    %i = nir.i "i"(%in) {r = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
    // expected-remark @below {{removed node 'spy' (Scale): no Output depends on it}}
    %spy = nir.scale "spy"(%i, %spy2) {scale = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
    // expected-remark @below {{removed node 'spy2' (Scale): no Output depends on it}}
    %spy2 = nir.scale "spy2"(%spy) {scale = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
    // expected-remark @below {{removed node 'inner' (NIRGraph): no Output depends on it}}
    %inner = nir.subgraph "inner"(%in) : tensor<2xf32> {
      %in2 = nir.input "input" : tensor<2xf32>
      %out2 = nir.output "output"(%in2) : tensor<2xf32>
    }
    %out = nir.output "output"(%i) : tensor<2xf32>
  }
  // expected-remark @below {{removed node 'tap' (Scale): no Output depends on it}}
  %tap = nir.scale "tap"(%rnn) {scale = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%rnn) : tensor<2xf32>
}

// -----

// Without an Output every node would be dead: the pass warns and keeps all.
// CHECK-LABEL: nir.graph @no_output
// CHECK-NEXT: nir.input "input"
// CHECK-NEXT: nir.scale "a"
// expected-warning @below {{graph has no Output node: nir-dce removes nothing (every node would be dead)}}
nir.graph @no_output {
  %input = nir.input "input" : tensor<2xf32>
  %a = nir.scale "a"(%input) {scale = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
}

// -----

// Nothing to remove: the report still says so, and the IR is unchanged.
// CHECK-LABEL: nir.graph @all_live
// CHECK-NEXT: nir.input "input"
// CHECK-NEXT: nir.output "output"
// expected-remark @below {{removed 0 nodes}}
nir.graph @all_live {
  %input = nir.input "input" : tensor<2xf32>
  %output = nir.output "output"(%input) : tensor<2xf32>
}
