// RUN: nir-opt %s -split-input-file -nir-inline-subgraphs -verify-diagnostics | FileCheck %s

// Inner nodes move out under "<subgraph>.<node>"; what fed the subgraph feeds
// the consumers of its Input, and what fed its Output feeds the subgraph's
// consumers (edges are summed, so a fan-in becomes several edges).
// CHECK-LABEL: nir.graph @recurrent
// CHECK: %[[FC:.+]] = nir.affine "fc"
// CHECK: %[[LIF:.+]] = nir.lif "rnn.lif"(%[[FC]], %[[FB:.+]], %[[REC:.+]]) {
// CHECK: %[[REC]] = nir.linear "rnn.w_rec"(%[[LIF]])
// CHECK: %[[FB]] = nir.scale "fb"(%[[LIF]], %[[REC]])
// CHECK: nir.output "output"(%[[LIF]], %[[REC]])
// CHECK-NOT: nir.subgraph
// CHECK-NOT: nir.input "input" : tensor<3xf32>
nir.graph @recurrent {
  %input = nir.input "input" : tensor<2xf32>
  %fc = nir.affine "fc"(%input) {weight = dense<1.0> : tensor<3x2xf32>, bias = dense<0.0> : tensor<3xf32>} : tensor<2xf32> -> tensor<3xf32>
  %rnn = nir.subgraph "rnn"(%fc, %fb) : tensor<3xf32> {
    %in = nir.input "input" : tensor<3xf32>
    %lif = nir.lif "lif"(%in, %rec) {tau = dense<0.01> : tensor<3xf32>, r = dense<1.0> : tensor<3xf32>, v_leak = dense<0.0> : tensor<3xf32>, v_threshold = dense<1.0> : tensor<3xf32>, v_reset = dense<0.0> : tensor<3xf32>} : tensor<3xf32>
    %rec = nir.linear "w_rec"(%lif) {weight = dense<0.1> : tensor<3x3xf32>} : tensor<3xf32>
    %out = nir.output "output"(%lif, %rec) : tensor<3xf32>
  }
  %fb = nir.scale "fb"(%rnn) {scale = dense<0.5> : tensor<3xf32>} : tensor<3xf32>
  %output = nir.output "output"(%rnn) : tensor<3xf32>
}

// -----

// Nested subgraphs flatten all the way, names joined level by level.
// CHECK-LABEL: nir.graph @deep
// CHECK: %[[IN:.+]] = nir.input "input"
// CHECK: %[[I:.+]] = nir.i "outer.inner.i"(%[[IN]])
// CHECK: nir.output "output"(%[[I]])
nir.graph @deep {
  %input = nir.input "input" : tensor<2xf32>
  %outer = nir.subgraph "outer"(%input) : tensor<2xf32> {
    %in = nir.input "in" : tensor<2xf32>
    %inner = nir.subgraph "inner"(%in) : tensor<2xf32> {
      %in2 = nir.input "in" : tensor<2xf32>
      %i = nir.i "i"(%in2) {r = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
      %out2 = nir.output "out"(%i) : tensor<2xf32>
    }
    %out = nir.output "out"(%inner) : tensor<2xf32>
  }
  %output = nir.output "output"(%outer) : tensor<2xf32>
}

// -----

// A subgraph that passes its input straight through disappears, and one
// without incoming edges leaves its inner consumers without that edge.
// CHECK-LABEL: nir.graph @wires
// CHECK: %[[IN:.+]] = nir.input "input"
// CHECK: nir.output "a"(%[[IN]])
// CHECK: %[[S:.+]] = nir.scale "src.s"() {
// CHECK: nir.output "b"(%[[S]])
nir.graph @wires {
  %input = nir.input "input" : tensor<2xf32>
  %wire = nir.subgraph "wire"(%input) : tensor<2xf32> {
    %in = nir.input "in" : tensor<2xf32>
    %out = nir.output "out"(%in) : tensor<2xf32>
  }
  %a = nir.output "a"(%wire) : tensor<2xf32>
  %src = nir.subgraph "src"() : tensor<2xf32> {
    %in = nir.input "in" : tensor<2xf32>
    %s = nir.scale "s"(%in) {scale = dense<2.0> : tensor<2xf32>} : tensor<2xf32>
    %out = nir.output "out"(%s) : tensor<2xf32>
  }
  %b = nir.output "b"(%src) : tensor<2xf32>
}

// -----

// An inlined name that is already taken is an error, not a silent rename.
nir.graph @clash {
  %input = nir.input "input" : tensor<2xf32>
  %taken = nir.scale "rnn.i"(%input) {scale = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  // expected-error @+1 {{'nir.subgraph' op cannot be inlined: inlined node name 'rnn.i' is already taken}}
  %rnn = nir.subgraph "rnn"(%input) : tensor<2xf32> {
    %in = nir.input "in" : tensor<2xf32>
    %i = nir.i "i"(%in) {r = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
    %out = nir.output "out"(%i) : tensor<2xf32>
  }
}

// -----

// A pass-through subgraph that feeds itself would leave a loop with no node.
nir.graph @self_wire {
  %input = nir.input "input" : tensor<2xf32>
  // expected-error @+1 {{'nir.subgraph' op cannot be inlined: its output feeds back unchanged}}
  %wire = nir.subgraph "wire"(%input, %wire) : tensor<2xf32> {
    %in = nir.input "in" : tensor<2xf32>
    %out = nir.output "out"(%in) : tensor<2xf32>
  }
}
