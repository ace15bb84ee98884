// RUN: nir-opt %s -split-input-file -nir-infer-shapes -verify-diagnostics | FileCheck %s
// Inferring again changes nothing.
// RUN: nir-opt %s -split-input-file -nir-infer-shapes -verify-diagnostics | nir-opt -split-input-file -nir-infer-shapes | FileCheck %s

// Unranked signals (not inferred yet) of an unchecked graph get the shapes
// that flow from the ports and from the nodes whose parameters fix their
// input shape; element types are kept.
// CHECK-LABEL: nir.graph @affine_chain attributes {unchecked}
// CHECK: %[[IN:.+]] = nir.input "in" : tensor<2xf32>
// CHECK: %[[FC1:.+]] = nir.affine "fc1"(%[[IN]]) {{.*}} : tensor<2xf32> -> tensor<3xf32>
// CHECK: %[[LIF:.+]] = nir.lif "lif"(%[[FC1]]) {{.*}} : tensor<3xf32> -> tensor<3xf64>
// CHECK: %[[FC2:.+]] = nir.linear "fc2"(%[[LIF]]) {{.*}} : tensor<3xf64> -> tensor<4xf32>
// CHECK: nir.output "out"(%[[FC2]]) : tensor<4xf32>
nir.graph @affine_chain attributes {unchecked} {
  %in = nir.input "in" : tensor<2xf32>
  %fc1 = nir.affine "fc1"(%in) {weight = dense<1.0> : tensor<3x2xf32>, bias = dense<0.0> : tensor<3xf32>} : tensor<2xf32> -> tensor<*xf32>
  %lif = nir.lif "lif"(%fc1) {tau = dense<0.01> : tensor<3xf32>, r = dense<1.0> : tensor<3xf32>, v_leak = dense<0.0> : tensor<3xf32>, v_threshold = dense<1.0> : tensor<3xf32>, v_reset = dense<0.0> : tensor<3xf32>} : tensor<*xf32> -> tensor<*xf64>
  %fc2 = nir.linear "fc2"(%lif) {weight = dense<1.0> : tensor<4x3xf32>} : tensor<*xf64> -> tensor<*xf32>
  %out = nir.output "out"(%fc2) : tensor<*xf32> -> tensor<4xf32>
}

// -----

// A Conv without `input_shape` takes its input from the edge and gets the
// attribute (the writer needs it); one with the attribute keeps its own.
// CHECK-LABEL: nir.graph @conv
// CHECK: %[[IN:.+]] = nir.input "in" : tensor<2x8xf32>
// CHECK: %[[C1:.+]] = nir.conv1d "c1"(%[[IN]]) {{{.*}}input_shape = 8 : i64{{.*}}} : tensor<2x8xf32> -> tensor<4x6xf32>
// CHECK: %[[IN2:.+]] = nir.input "in2" : tensor<2x5x5xf32>
// CHECK: %[[C2:.+]] = nir.conv2d "c2"(%[[IN2]]) {{{.*}}input_shape = array<i64: 5, 5>{{.*}}} : tensor<2x5x5xf32> -> tensor<4x5x5xf32>
// CHECK: %[[C3:.+]] = nir.conv2d "c3"(%[[C2]]) {{{.*}}input_shape = array<i64: 5, 5>{{.*}}} : tensor<4x5x5xf32> -> tensor<1x3x3xf32>
nir.graph @conv attributes {unchecked} {
  %in = nir.input "in" : tensor<2x8xf32>
  %c1 = nir.conv1d "c1"(%in) {weight = dense<1.0> : tensor<4x2x3xf32>, stride = 1, padding = 0, dilation = 1, groups = 1, bias = dense<0.0> : tensor<4xf32>} : tensor<2x8xf32> -> tensor<*xf32>
  %o1 = nir.output "o1"(%c1) : tensor<*xf32> -> tensor<4x6xf32>
  %in2 = nir.input "in2" : tensor<2x5x5xf32>
  %c2 = nir.conv2d "c2"(%in2) {weight = dense<1.0> : tensor<4x2x3x3xf32>, stride = array<i64: 1, 1>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<4xf32>} : tensor<2x5x5xf32> -> tensor<*xf32>
  %c3 = nir.conv2d "c3"(%c2) {input_shape = array<i64: 5, 5>, weight = dense<1.0> : tensor<1x4x3x3xf32>, stride = array<i64: 1, 1>, padding = "valid", dilation = array<i64: 1, 1>, groups = 1, bias = dense<0.0> : tensor<1xf32>} : tensor<*xf32>
  %o2 = nir.output "o2"(%c3) : tensor<*xf32> -> tensor<1x3x3xf32>
}

// -----

// Pooling takes its input shape from the edge; a Flatten without
// `input_type` too, and gets the attribute.
// CHECK-LABEL: nir.graph @pool_flatten
// CHECK: %[[IN:.+]] = nir.input "in" : tensor<1x4x4xf32>
// CHECK: %[[P:.+]] = nir.sum_pool2d "p"(%[[IN]]) {{.*}} : tensor<1x4x4xf32> -> tensor<1x2x2xf32>
// CHECK: %[[F:.+]] = nir.flatten "f"(%[[P]]) {end_dim = -1 : i64, input_type = array<i64: 1, 2, 2>, start_dim = 0 : i64} : tensor<1x2x2xf32> -> tensor<4xf32>
// CHECK: nir.output "out"(%[[F]]) : tensor<4xf32>
nir.graph @pool_flatten attributes {unchecked} {
  %in = nir.input "in" : tensor<1x4x4xf32>
  %p = nir.sum_pool2d "p"(%in) {kernel_size = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<1x4x4xf32> -> tensor<*xf32>
  %f = nir.flatten "f"(%p) {start_dim = 0, end_dim = -1} : tensor<*xf32>
  %out = nir.output "out"(%f) : tensor<*xf32> -> tensor<4xf32>
}

// -----

// Shapes flow around cycles and along edges from nodes defined later: the
// pooling "a" is reached only through the recurrent edge from "s".
// CHECK-LABEL: nir.graph @recurrent
// CHECK: %[[IN:.+]] = nir.input "in" : tensor<1x4x4xf32>
// CHECK: %[[P:.+]] = nir.sum_pool2d "p"(%[[IN]], %[[REC:.+]]) {{.*}} : tensor<1x4x4xf32>
// CHECK: %[[REC]] = nir.scale "rec"(%[[P]]) {{.*}} : tensor<1x4x4xf32>
// CHECK: %[[A:.+]] = nir.avg_pool2d "a"(%[[S:.+]]) {{.*}} : tensor<1x4x4xf32> -> tensor<1x2x2xf32>
// CHECK: %[[S]] = nir.scale "s"(%[[A]]) {{.*}} : tensor<1x2x2xf32> -> tensor<1x4x4xf32>
nir.graph @recurrent attributes {unchecked} {
  %in = nir.input "in" : tensor<1x4x4xf32>
  %p = nir.sum_pool2d "p"(%in, %rec) {kernel_size = array<i64: 1, 1>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>} : (tensor<1x4x4xf32>, tensor<*xf32>) -> tensor<*xf32>
  %rec = nir.scale "rec"(%p) {scale = dense<0.5> : tensor<1x4x4xf32>} : tensor<*xf32>
  %out = nir.output "out"(%p) : tensor<*xf32> -> tensor<1x4x4xf32>
  %a = nir.avg_pool2d "a"(%s) {kernel_size = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<*xf32>
  %s = nir.scale "s"(%a) {scale = dense<1.0> : tensor<1x4x4xf32>} : tensor<*xf32>
}

// -----

// Nested graphs are inferred too; a nested graph's node takes its shapes
// from its Input and Output.
// CHECK-LABEL: nir.graph @nested
// CHECK: %[[FC:.+]] = nir.affine "fc"({{.*}}) {{.*}} : tensor<2xf32> -> tensor<3xf32>
// CHECK: %[[RNN:.+]] = nir.subgraph "rnn"(%[[FC]]) : tensor<3xf32> -> tensor<6xf32> {
// CHECK:   %[[I:.+]] = nir.input "input" : tensor<3xf32>
// CHECK:   %[[LIF:.+]] = nir.lif "lif"(%[[I]], %[[W:.+]]) {{.*}} : tensor<3xf32>
// CHECK:   %[[W]] = nir.linear "w_rec"(%[[LIF]]) {{.*}} : tensor<3xf32>
// CHECK:   %[[P:.+]] = nir.subgraph "pair"(%[[LIF]]) : tensor<3xf32> -> tensor<6xf32> {
// CHECK:     nir.flatten "f"({{.*}}) {{{.*}}input_type = array<i64: 2, 3>{{.*}}} : tensor<2x3xf32> -> tensor<6xf32>
// CHECK:   nir.output "output"(%[[P]]) : tensor<6xf32>
// CHECK: nir.output "out"(%[[RNN]]) : tensor<6xf32>
nir.graph @nested attributes {unchecked} {
  %in = nir.input "in" : tensor<2xf32>
  %fc = nir.affine "fc"(%in) {weight = dense<1.0> : tensor<3x2xf32>, bias = dense<0.0> : tensor<3xf32>} : tensor<2xf32> -> tensor<*xf32>
  %rnn = nir.subgraph "rnn"(%fc) : tensor<*xf32> {
    %i = nir.input "input" : tensor<3xf32>
    %lif = nir.lif "lif"(%i, %w) {tau = dense<0.01> : tensor<3xf32>, r = dense<1.0> : tensor<3xf32>, v_leak = dense<0.0> : tensor<3xf32>, v_threshold = dense<1.0> : tensor<3xf32>, v_reset = dense<0.0> : tensor<3xf32>} : (tensor<3xf32>, tensor<*xf32>) -> tensor<*xf32>
    %w = nir.linear "w_rec"(%lif) {weight = dense<0.5> : tensor<3x3xf32>} : tensor<*xf32>
    %pair = nir.subgraph "pair"(%lif) : tensor<*xf32> {
      %pi = nir.input "input" : tensor<3xf32>
      %two = nir.linear "two"(%pi) {weight = dense<1.0> : tensor<2x3x3xf32>} : tensor<3xf32> -> tensor<*xf32>
      %f = nir.flatten "f"(%two) {start_dim = 0, end_dim = 1} : tensor<*xf32>
      %po = nir.output "output"(%f) : tensor<*xf32> -> tensor<6xf32>
    }
    %o = nir.output "output"(%pair) : tensor<*xf32> -> tensor<6xf32>
  }
  %out = nir.output "out"(%rnn) : tensor<*xf32> -> tensor<6xf32>
}

// -----

// Shapes already known stay as they are, mismatches of an unchecked graph
// included (this Output declares [1, 1, 1] for a [1] signal, as
// lif_rockpool.nir does).
// CHECK-LABEL: nir.graph @known
// CHECK: %[[LIN:.+]] = nir.linear "lin"({{.*}}) {{.*}} : tensor<1xf32>
// CHECK: nir.output "output"(%[[LIN]]) : tensor<1xf32> -> tensor<1x1x1xf32>
nir.graph @known attributes {unchecked} {
  %input = nir.input "input" : tensor<1xf32>
  %lin = nir.linear "lin"(%input) {weight = dense<4.0e-02> : tensor<1x1xf32>} : tensor<1xf32>
  %output = nir.output "output"(%lin) : tensor<1xf32> -> tensor<1x1x1xf32>
}

// -----

// A checked graph is left alone: its shapes are verified, and a Conv
// without `input_shape` stays without it.
// CHECK-LABEL: nir.graph @checked {
// CHECK: nir.conv1d "c"(%{{.*}}) {bias = {{.*}}, dilation = 1 : i64, groups = 1 : i64, padding = 0 : i64, stride = 1 : i64, weight = {{.*}}} : tensor<2x8xf32> -> tensor<4x6xf32>
nir.graph @checked {
  %in = nir.input "in" : tensor<2x8xf32>
  %c = nir.conv1d "c"(%in) {weight = dense<1.0> : tensor<4x2x3xf32>, stride = 1, padding = 0, dilation = 1, groups = 1, bias = dense<0.0> : tensor<4xf32>} : tensor<2x8xf32> -> tensor<4x6xf32>
  %out = nir.output "out"(%c) : tensor<4x6xf32>
}

// -----

// Edges of different shapes cannot both be the input of a node whose
// parameters leave it open.
nir.graph @conflict attributes {unchecked} {
  %a = nir.input "a" : tensor<2xf32>
  %b = nir.input "b" : tensor<3xf32>
  // expected-error @+1 {{node 'f' receives conflicting shapes [2] from 'a' and [3] from 'b'; its parameters leave its input shape open, so its incoming edges must agree}}
  %f = nir.flatten "f"(%a, %b) {start_dim = 0, end_dim = -1} : (tensor<2xf32>, tensor<3xf32>) -> tensor<*xf32>
  %out = nir.output "out"(%f) : tensor<*xf32> -> tensor<2xf32>
}

// -----

// A recurrent edge that brings another shape conflicts the same way.
nir.graph @conflict_recurrent attributes {unchecked} {
  %in = nir.input "in" : tensor<1x4x4xf32>
  // expected-error @+1 {{node 'p' receives conflicting shapes [1, 4, 4] from 'in' and [1, 2, 2] from 'p'}}
  %p = nir.sum_pool2d "p"(%in, %p) {kernel_size = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : (tensor<1x4x4xf32>, tensor<*xf32>) -> tensor<*xf32>
  %out = nir.output "out"(%p) : tensor<*xf32> -> tensor<1x2x2xf32>
}

// -----

// The shape that reaches a node must fit it.
nir.graph @misfit attributes {unchecked} {
  %in = nir.input "in" : tensor<2x3xf32>
  // expected-error @+1 {{node 'p' with input shape [2, 3] (from 'in'): expects an input of rank 3 (C, H, W), got rank 2}}
  %p = nir.avg_pool2d "p"(%in) {kernel_size = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<2x3xf32> -> tensor<*xf32>
}

// -----

// A node that no known shape reaches: no incoming edge ...
nir.graph @unreached attributes {unchecked} {
  %in = nir.input "in" : tensor<2xf32>
  // expected-error @+1 {{cannot determine the output shape of node 'p': its parameters leave its input shape open and no edge of known shape reaches it}}
  %p = nir.sum_pool2d "p"() {kernel_size = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<*xf32>
}

// -----

// ... or only edges from a cycle of such nodes.
nir.graph @unreached_cycle attributes {unchecked} {
  // expected-error @+1 {{cannot determine the output shape of node 'f1'}}
  %f1 = nir.flatten "f1"(%f2) {start_dim = 0, end_dim = -1} : tensor<*xf32>
  %f2 = nir.flatten "f2"(%f1) {start_dim = 0, end_dim = -1} : tensor<*xf32>
}

// -----

// Errors in nested graphs name the inner node.
nir.graph @nested_error attributes {unchecked} {
  %in = nir.input "in" : tensor<2xf32>
  %sub = nir.subgraph "sub"(%in) : tensor<2xf32> -> tensor<*xf32> {
    %i = nir.input "input" : tensor<2xf32>
    // expected-error @+1 {{node 'f' with input shape [2] (from 'input'): start_dim 1 is out of range for an input of rank 1}}
    %f = nir.flatten "f"(%i) {start_dim = 1, end_dim = -1} : tensor<2xf32> -> tensor<*xf32>
    %o = nir.output "output"(%f) : tensor<*xf32> -> tensor<2xf32>
  }
}
