// RUN: nir-opt %s --split-input-file --pass-pipeline='builtin.module(nir.graph(nir-schedule),raise-nir-nodes)' | FileCheck %s

// Stage 4 alone: the root with its records and one submodule per node, no
// methods yet; the graph moves to @<name>.nir, names its root and compute
// type, and each node records how raise-nir-forward calls it.

// CHECK-LABEL: ts.module @net "__torch__.nirtorch.graphs.net" {
// CHECK:         ts.attribute @nir_inputs : !ts.list<!ts.str> = ["input"]
// CHECK:         ts.module @fc "__torch__.nirtorch.nodes.Linear"
// CHECK:         ts.module @lif "__torch__.nirtorch.nodes.LIF"
// CHECK:           ts.method @coefficients
// CHECK:           ts.method @step
// CHECK:         ts.module @d "__torch__.nirtorch.nodes.Delay"
// CHECK-NOT:     ts.method @forward_sequence
// CHECK:       nir.graph @net.nir attributes {nirtorch.compute_type = f32, nirtorch.raised_root = @net} {
// CHECK:         nir.linear "fc"(%{{.*}}) {{{.*}}nirtorch.slot_path = ["fc"], nirtorch.state_shapes = [], nirtorch.states = [], nirtorch.step = "stateless"
// CHECK:         nir.lif "lif"(%{{.*}}) {{{.*}}nirtorch.coefficients = 1 : i64, nirtorch.slot_path = ["lif"], nirtorch.state_shapes = [array<i64: 2>], nirtorch.states = ["v"], nirtorch.step = "tensors"
// A Delay's history holds the longest delay in steps (2e-4 s at dt 1e-4).
// CHECK:         nir.delay "d"(%{{.*}}) {{{.*}}nirtorch.slot_path = ["d"], nirtorch.state_shapes = [array<i64: 2, 2>], nirtorch.states = ["history"], nirtorch.step = "tensors"
nir.graph @net {
  %input = nir.input "input" : tensor<2xf32>
  %fc = nir.linear "fc"(%input) {weight = dense<[[1.0, 0.5], [0.25, 1.0]]> : tensor<2x2xf32>} : tensor<2xf32> -> tensor<2xf32>
  %lif = nir.lif "lif"(%fc, %lif) {tau = dense<0.5> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %d = nir.delay "d"(%lif) {delay = dense<[2.0e-4, 1.0e-4]> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%d) : tensor<2xf32>
}

// -----

// The graph's new name avoids the symbols already there.
// CHECK-LABEL: ts.module @g "__torch__.nirtorch.graphs.g"
// CHECK:       nir.graph @g.nir1 attributes {nirtorch.compute_type = f32, nirtorch.raised_root = @g}
// CHECK:       ts.module @g.nir "__torch__.nirtorch.graphs.g_nir"
// CHECK:       nir.graph @g.nir.nir attributes {nirtorch.compute_type = f32, nirtorch.raised_root = @g.nir}
nir.graph @g {
  %input = nir.input "input" : tensor<2xf32>
  %s = nir.scale "s"(%input) {scale = dense<2.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%s) : tensor<2xf32>
}
// A graph already named like that is raised too: its root is @g.nir, and it
// moves to @g.nir.nir.
nir.graph @g.nir {
  %input = nir.input "input" : tensor<2xf32>
  %output = nir.output "output"(%input) : tensor<2xf32>
}
