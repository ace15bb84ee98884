// RUN: nir-opt %s -split-input-file --nir-outline-subgraphs=recurrent=true -verify-diagnostics | FileCheck %s

// Recurrent mode: each cycle through a neuron becomes a subgraph named by the
// prefix its nodes share. Here the braille network's recurrent block: the
// recurrent weights come last in the file (as in the NIR paper's braille
// .nir) and move in after the neuron.
// CHECK-LABEL: nir.graph @braille
// CHECK: %[[FC1:.+]] = nir.affine "fc1"
// CHECK-NEXT: %[[LIF1:.+]] = nir.subgraph "lif1"(%[[FC1]]) : tensor<4xf32> {
// CHECK-NEXT: %[[IN:.+]] = nir.input "input" : tensor<4xf32>
// CHECK-NEXT: %[[LIF:.+]] = nir.cuba_lif "lif"(%[[REC:.+]], %[[IN]]) {metadata = {neurons = 4 : i64}
// CHECK-NEXT: %[[REC]] = nir.affine "w_rec"(%[[LIF]])
// CHECK-NEXT: nir.output "output"(%[[LIF]]) : tensor<4xf32>
// CHECK-NEXT: }
// CHECK-NEXT: %[[FC2:.+]] = nir.affine "fc2"(%[[LIF1]])
// CHECK-NEXT: %[[LIF2:.+]] = nir.cuba_lif "lif2"(%[[FC2]])
// CHECK-NEXT: nir.output "output"(%[[LIF2]])
// CHECK-NEXT: }
nir.graph @braille {
  %input = nir.input "input" : tensor<3xf32>
  %fc1 = nir.affine "fc1"(%input) {weight = dense<0.5> : tensor<4x3xf32>, bias = dense<0.0> : tensor<4xf32>} : tensor<3xf32> -> tensor<4xf32>
  %lif = nir.cuba_lif "lif1.lif"(%rec, %fc1) {tau_syn = dense<2.0e-4> : tensor<4xf64>, tau_mem = dense<1.0e-3> : tensor<4xf64>, r = dense<10.0> : tensor<4xf64>, v_leak = dense<0.0> : tensor<4xf64>, v_threshold = dense<1.0> : tensor<4xf64>, v_reset = dense<0.0> : tensor<4xf64>, w_in = dense<2.0> : tensor<4xf64>, metadata = {neurons = 4}} : tensor<4xf32>
  %fc2 = nir.affine "fc2"(%lif) {weight = dense<0.5> : tensor<2x4xf32>, bias = dense<0.0> : tensor<2xf32>} : tensor<4xf32> -> tensor<2xf32>
  %lif2 = nir.cuba_lif "lif2"(%fc2) {tau_syn = dense<2.0e-4> : tensor<2xf64>, tau_mem = dense<1.0e-3> : tensor<2xf64>, r = dense<10.0> : tensor<2xf64>, v_leak = dense<0.0> : tensor<2xf64>, v_threshold = dense<1.0> : tensor<2xf64>, v_reset = dense<0.0> : tensor<2xf64>, w_in = dense<2.0> : tensor<2xf64>} : tensor<2xf32>
  %output = nir.output "output"(%lif2) : tensor<2xf32>
  %rec = nir.affine "lif1.w_rec"(%lif) {weight = dense<0.1> : tensor<4x4xf32>, bias = dense<0.0> : tensor<4xf32>} : tensor<4xf32>
}

// -----

// A neuron that feeds itself is a cycle of one node; without a dotted prefix
// the subgraph is named after the neuron.
// CHECK-LABEL: nir.graph @self_loop
// CHECK: %[[IN:.+]] = nir.input "input"
// CHECK-NEXT: %[[REC:.+]] = nir.subgraph "lif_rec"(%[[IN]]) : tensor<2xf32> {
// CHECK-NEXT: %[[INNER:.+]] = nir.input "input" : tensor<2xf32>
// CHECK-NEXT: %[[LIF:.+]] = nir.lif "lif"(%[[INNER]], %[[LIF]])
// CHECK-NEXT: nir.output "output"(%[[LIF]])
// CHECK-NEXT: }
// CHECK-NEXT: nir.output "output"(%[[REC]])
nir.graph @self_loop {
  %input = nir.input "input" : tensor<2xf32>
  %lif = nir.lif "lif"(%input, %lif) {tau = dense<0.01> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif) : tensor<2xf32>
}

// -----

// Several recurrent blocks, one without a shared prefix (named after its
// neuron), and a cycle without a neuron, which stays.
// CHECK-LABEL: nir.graph @blocks
// CHECK: %[[IN:.+]] = nir.input "input"
// CHECK-NEXT: %[[A:.+]] = nir.subgraph "a"(%[[IN]]) : tensor<2xf32> {
// CHECK-NEXT: nir.input "input"
// CHECK-NEXT: nir.if "n"
// CHECK-NEXT: nir.scale "w"
// CHECK-NEXT: nir.output "output"
// CHECK-NEXT: }
// CHECK-NEXT: %[[B:.+]] = nir.subgraph "li_rec"(%[[A]]) : tensor<2xf32> {
// CHECK-NEXT: nir.input "input"
// CHECK-NEXT: nir.li "li"
// CHECK-NEXT: nir.scale "fb"
// CHECK-NEXT: nir.output "output"
// CHECK-NEXT: }
// CHECK-NEXT: %[[S:.+]] = nir.scale "s"(%[[B]], %[[T:.+]])
// CHECK-NEXT: %[[T]] = nir.scale "t"(%[[S]])
// CHECK-NEXT: nir.output "output"(%[[T]])
// CHECK-NOT: nir.subgraph
nir.graph @blocks {
  %input = nir.input "input" : tensor<2xf32>
  %n = nir.if "a.n"(%input, %w) {r = dense<1.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %w = nir.scale "a.w"(%n) {scale = dense<0.5> : tensor<2xf32>} : tensor<2xf32>
  %li = nir.li "li"(%n, %fb) {tau = dense<0.01> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %fb = nir.scale "fb"(%li) {scale = dense<0.5> : tensor<2xf32>} : tensor<2xf32>
  %s = nir.scale "s"(%li, %t) {scale = dense<0.5> : tensor<2xf32>} : tensor<2xf32>
  %t = nir.scale "t"(%s) {scale = dense<0.5> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%t) : tensor<2xf32>
}

// -----

// A feed-forward graph has no cycle: nothing changes.
// CHECK-LABEL: nir.graph @feed_forward
// CHECK-NEXT: %[[IN:.+]] = nir.input "input"
// CHECK-NEXT: %[[FC:.+]] = nir.affine "fc"(%[[IN]])
// CHECK-NEXT: %[[LIF:.+]] = nir.lif "lif"(%[[FC]])
// CHECK-NEXT: nir.output "output"(%[[LIF]])
// CHECK-NEXT: }
nir.graph @feed_forward {
  %input = nir.input "input" : tensor<2xf32>
  %fc = nir.affine "fc"(%input) {weight = dense<1.0> : tensor<2x2xf32>, bias = dense<0.0> : tensor<2xf32>} : tensor<2xf32> -> tensor<2xf32>
  %lif = nir.lif "lif"(%fc) {tau = dense<0.01> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif) : tensor<2xf32>
}

// -----

// Cycles without the form of a nested graph stay, with a remark; the others
// in the same graph are still outlined.
// CHECK-LABEL: nir.graph @skipped
// CHECK: nir.li "two_in.n"
// CHECK: nir.li "two_out.n"
// CHECK: nir.subgraph "ok"
// CHECK-NOT: nir.subgraph
nir.graph @skipped {
  %input = nir.input "input" : tensor<2xf32>
  %a = nir.li "two_in.n"(%input, %b) {tau = dense<0.01> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  // expected-remark @+1 {{cycle through 'two_in.n' not outlined: node 'two_in.w' receives an edge from outside the selection but 'two_in.n' is already the entry; a nested graph has one Input}}
  %b = nir.scale "two_in.w"(%a, %input) {scale = dense<0.5> : tensor<2xf32>} : tensor<2xf32>
  %c = nir.li "two_out.n"(%b, %d) {tau = dense<0.01> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  // expected-remark @+1 {{cycle through 'two_out.n' not outlined: node 'two_out.w' has an edge leaving the selection but 'two_out.n' is already the exit; a nested graph has one Output}}
  %d = nir.scale "two_out.w"(%c) {scale = dense<0.5> : tensor<2xf32>} : tensor<2xf32>
  %e = nir.li "ok.n"(%c, %f) {tau = dense<0.01> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %f = nir.scale "ok.w"(%e) {scale = dense<0.5> : tensor<2xf32>} : tensor<2xf32>
  %out_c = nir.output "out_c"(%c) : tensor<2xf32>
  %out_d = nir.output "out_d"(%d) : tensor<2xf32>
  %out_e = nir.output "out_e"(%e) : tensor<2xf32>
}

// -----

// A name taken outside the cycle, and a cycle whose nested graph would be
// scheduled differently, are skipped with a remark too; the cycle that keeps
// the schedule is outlined.
// CHECK-LABEL: nir.graph @skipped_names
// CHECK: nir.li "lif1.n"
// CHECK: nir.li "rnn.y"
// CHECK: nir.subgraph "ok"
// CHECK-NOT: nir.subgraph
nir.graph @skipped_names {
  %input = nir.input "input" : tensor<2xf32>
  // expected-remark @+1 {{cycle through 'lif1.n' not outlined: the subgraph name 'lif1' is taken by node 'lif1', which is not selected}}
  %lif1 = nir.scale "lif1"(%input) {scale = dense<0.5> : tensor<2xf32>} : tensor<2xf32>
  %n = nir.li "lif1.n"(%lif1, %w) {tau = dense<0.01> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %w = nir.scale "lif1.w"(%n) {scale = dense<0.5> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%n) : tensor<2xf32>
  %z = nir.scale "z"() {scale = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  // expected-remark @+1 {{cycle through 'rnn.y' not outlined: outlining would change the time-step schedule: the edge 'rnn.y' -> 'rnn.x' is delayed in the graph as it is but not in the outlined graph}}
  %x = nir.scale "rnn.x"(%y) {scale = dense<0.5> : tensor<2xf32>} : tensor<2xf32>
  %y = nir.li "rnn.y"(%z, %x) {tau = dense<0.01> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %o2 = nir.output "o2"(%y) : tensor<2xf32>
  %ok_n = nir.li "ok.n"(%input, %ok_w) {tau = dense<0.01> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %ok_w = nir.scale "ok.w"(%ok_n) {scale = dense<0.5> : tensor<2xf32>} : tensor<2xf32>
  %o3 = nir.output "o3"(%ok_n) : tensor<2xf32>
}

// -----

// Two cycles that share the prefix "a": the first takes the name.
// CHECK-LABEL: nir.graph @same_prefix
// CHECK: nir.subgraph "a"(
// CHECK: nir.li "a.n2"
// CHECK-NOT: nir.subgraph
nir.graph @same_prefix {
  %input = nir.input "input" : tensor<2xf32>
  %n1 = nir.li "a.n1"(%input, %w1) {tau = dense<0.01> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %w1 = nir.scale "a.w1"(%n1) {scale = dense<0.5> : tensor<2xf32>} : tensor<2xf32>
  // expected-remark @+1 {{cycle through 'a.n2' not outlined: the subgraph name 'a' is taken by the subgraph of another cycle}}
  %n2 = nir.li "a.n2"(%n1, %w2) {tau = dense<0.01> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %w2 = nir.scale "a.w2"(%n2) {scale = dense<0.5> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%n2) : tensor<2xf32>
}
