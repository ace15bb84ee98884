// RUN: nir-opt %s -split-input-file -nir-schedule | FileCheck %s
// RUN: nir-opt %s -split-input-file -nir-schedule | nir-opt -split-input-file -nir-schedule | FileCheck %s

// A feed-forward chain: each node's step is its position in the order
// nir-print-execution-order prints; nothing is delayed.
// CHECK-LABEL: nir.graph @chain
// CHECK: %[[OUT:.*]] = nir.output "output"(%[[B:.*]]) {nir.step = 3 : i64}
// CHECK: %[[B]] = nir.scale "b"(%[[A:.*]]) {nir.step = 2 : i64
// CHECK: %[[A]] = nir.scale "a"(%[[IN:.*]]) {nir.step = 1 : i64
// CHECK: %[[IN]] = nir.input "input" {nir.step = 0 : i64}
// CHECK-NOT: nir.delayed
nir.graph @chain {
  %output = nir.output "output"(%b) : tensor<2xf32>
  %b = nir.scale "b"(%a) {scale = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %a = nir.scale "a"(%input) {scale = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %input = nir.input "input" : tensor<2xf32>
}

// -----

// The edge closing a cycle is delayed: operand 1 of lif (from w_rec), and
// w_rec runs after lif in the step.
// CHECK-LABEL: nir.graph @loop
// CHECK: %[[REC:.*]] = nir.linear "w_rec"(%[[LIF:.*]]) {nir.step = 2 : i64
// CHECK: %[[LIF]] = nir.i "lif"(%[[IN:.*]], %[[REC]]) {nir.delayed = array<i64: 1>, nir.step = 1 : i64
// CHECK: %[[IN]] = nir.input "input" {nir.step = 0 : i64}
// CHECK: nir.output "output"(%[[LIF]]) {nir.step = 3 : i64}
nir.graph @loop {
  %w_rec = nir.linear "w_rec"(%lif) {weight = dense<0.1> : tensor<2x2xf32>} : tensor<2xf32>
  %lif = nir.i "lif"(%input, %w_rec) {r = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %input = nir.input "input" : tensor<2xf32>
  %output = nir.output "output"(%lif) : tensor<2xf32>
}

// -----

// A self-loop reads the previous step; a schedule already recorded (a wrong
// delayed list here) is replaced.
// CHECK-LABEL: nir.graph @self_loop
// CHECK: %[[LI:.*]] = nir.li "li"(%[[IN:.*]], %[[LI]]) {nir.delayed = array<i64: 1>, nir.step = 1 : i64
nir.graph @self_loop {
  %input = nir.input "input" {nir.step = 0 : i64} : tensor<2xf32>
  %li = nir.li "li"(%input, %li) {nir.step = 1 : i64, nir.delayed = array<i64: 0, 1>, tau = dense<0.01> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%li) {nir.step = 2 : i64} : tensor<2xf32>
}
