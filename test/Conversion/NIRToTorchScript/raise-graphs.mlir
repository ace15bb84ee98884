// RUN: nir-opt %s -split-input-file -raise-nir-graphs -verify-diagnostics | FileCheck %s

// The stage follows the recorded schedule, not its own: here b runs before
// a (nir-schedule would put a first), so forward calls b's module first.
// CHECK-LABEL: ts.module @order
// CHECK: ts.module @b "__torch__.nirtorch.nodes.Scale"
// CHECK: ts.module @a "__torch__.nirtorch.nodes.Scale"
// CHECK: ts.method @forward(%[[SELF:.*]]: !order, %[[X:[a-z]+]]: !ts.tensor
// CHECK: %[[B:.*]] = ts.get_attr %[[SELF]]["b"]
// CHECK-NEXT: %[[YB:.*]] = ts.call_method %[[B]]["forward"](%[[X]])
// CHECK: %[[A:.*]] = ts.get_attr %[[SELF]]["a"]
// CHECK-NEXT: %[[YA:.*]] = ts.call_method %[[A]]["forward"](%[[X]])
// CHECK: ts.operator "aten::add.Tensor"(%[[YA]], %[[YB]]
nir.graph @order {
  %input = nir.input "input" {nir.step = 0 : i64} : tensor<2xf32>
  %a = nir.scale "a"(%input) {nir.step = 2 : i64, scale = dense<2.0> : tensor<2xf32>} : tensor<2xf32>
  %b = nir.scale "b"(%input) {nir.step = 1 : i64, scale = dense<3.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%a, %b) {nir.step = 3 : i64} : tensor<2xf32>
}

// -----

// A delayed edge recorded in nir.delayed reads the previous step's output
// from the state.
// CHECK-LABEL: ts.module @delayed
// CHECK: ts.method @forward(
// CHECK: %[[KEY:.*]] = ts.constant("w.out")
// CHECK: ts.operator "aten::__contains__.str"(%{{.*}}, %[[KEY]])
nir.graph @delayed {
  %input = nir.input "input" {nir.step = 0 : i64} : tensor<2xf32>
  %i = nir.i "i"(%input, %w) {nir.step = 1 : i64, nir.delayed = array<i64: 1>, r = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %w = nir.scale "w"(%i) {nir.step = 2 : i64, scale = dense<0.5> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%i) {nir.step = 3 : i64} : tensor<2xf32>
}

// -----

// Run alone on a graph that nir-schedule has not seen.
nir.graph @unscheduled {
  // expected-error @+1 {{node 'input' has no nir.step (the schedule of its graph is not recorded: run nir-schedule first)}}
  %input = nir.input "input" : tensor<2xf32>
  %output = nir.output "output"(%input) : tensor<2xf32>
}

// -----

// Two nodes at one step.
nir.graph @same_step {
  %input = nir.input "input" {nir.step = 0 : i64} : tensor<2xf32>
  %a = nir.scale "a"(%input) {nir.step = 1 : i64, scale = dense<2.0> : tensor<2xf32>} : tensor<2xf32>
  // expected-error @+1 {{node 'b' has the nir.step 1 of node 'a'}}
  %b = nir.scale "b"(%input) {nir.step = 1 : i64, scale = dense<3.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%a, %b) {nir.step = 2 : i64} : tensor<2xf32>
}

// -----

// A nested graph that was not inlined.
nir.graph @not_inlined {
  %input = nir.input "input" {nir.step = 0 : i64} : tensor<2xf32>
  // expected-error @+1 {{cannot raise node 'sub' of type NIRGraph to TorchScript: nested graphs are raised inlined: run nir-inline-subgraphs first}}
  %sub = nir.subgraph "sub"(%input) attributes {nir.step = 1 : i64} : tensor<2xf32> {
    %in = nir.input "in" : tensor<2xf32>
    %out = nir.output "out"(%in) : tensor<2xf32>
  }
  %output = nir.output "output"(%sub) {nir.step = 2 : i64} : tensor<2xf32>
}

// -----

// A nesting record that is not a dictionary.
// expected-error @+1 {{cannot raise graph 'bad_record': its nirtorch.nesting is not a dictionary}}
nir.graph @bad_record attributes {nirtorch.nesting = 1 : i64} {
  %input = nir.input "input" {nir.step = 0 : i64} : tensor<2xf32>
  %output = nir.output "output"(%input) {nir.step = 1 : i64} : tensor<2xf32>
}

// -----

// A nesting record without its lists.
// expected-error @+1 {{cannot raise graph 'incomplete': its nirtorch.nesting needs 'nodes', 'ports' and 'subgraphs' lists}}
nir.graph @incomplete attributes {nirtorch.nesting = {nodes = []}} {
  %input = nir.input "input" {nir.step = 0 : i64} : tensor<2xf32>
  %output = nir.output "output"(%input) {nir.step = 1 : i64} : tensor<2xf32>
}

// -----

// A record naming a node the graph no longer has (a pass between the stages
// removed "sub.s").
// expected-error @+1 {{cannot raise graph 'stale': its nirtorch.nesting names node 'sub.s', which the graph does not have (was it changed after raise-nir-record-nesting?)}}
nir.graph @stale attributes {nirtorch.nesting = {nodes = [["input"], ["sub", "input"], ["output", "sub"]], ports = [], subgraphs = [{input = "in", input_shape = array<i64: 2>, name = "sub", nodes = [["in"], ["s", "in"], ["out", "s"]], output = "out", output_shape = array<i64: 2>, ports = [], subgraphs = []}]}} {
  %input = nir.input "input" {nir.step = 0 : i64} : tensor<2xf32>
  %output = nir.output "output"(%input) {nir.step = 1 : i64} : tensor<2xf32>
}
