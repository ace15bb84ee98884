// RUN: nir-opt %s --split-input-file --verify-diagnostics --pass-pipeline='builtin.module(nir.graph(nir-schedule),raise-nir-forward)'

// Error paths of raise-nir-forward: a graph raise-nir-nodes has not built a
// root for, and records it did not leave.

// expected-error @below {{graph 'g' has no root module to build forward in: run raise-nir-nodes first}}
nir.graph @g {
  %input = nir.input "input" : tensor<2xf32>
  %output = nir.output "output"(%input) : tensor<2xf32>
}

// -----

!g = !ts.module<"__torch__.nirtorch.graphs.g">
ts.module @g "__torch__.nirtorch.graphs.g" {
}
nir.graph @g.nir attributes {nirtorch.compute_type = f32, nirtorch.raised_root = @g} {
  %input = nir.input "input" : tensor<2xf32>
  // expected-error @below {{cannot build the forward of node 's': no valid nirtorch.slot_path, nirtorch.step, nirtorch.states and nirtorch.state_shapes (raise-nir-nodes records it; run it first)}}
  %s = nir.scale "s"(%input) {scale = dense<2.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%s) : tensor<2xf32>
}

// -----

ts.module @g "__torch__.nirtorch.graphs.g" {
}
nir.graph @g.nir attributes {nirtorch.compute_type = f32, nirtorch.raised_root = @g} {
  %input = nir.input "input" : tensor<2xf32>
  // expected-error @below {{cannot build the forward of node 's': its slot path does not name a submodule of the root}}
  %s = nir.scale "s"(%input) {scale = dense<2.0> : tensor<2xf32>, nirtorch.slot_path = ["s"], nirtorch.step = "stateless", nirtorch.states = [], nirtorch.state_shapes = []} : tensor<2xf32>
  %output = nir.output "output"(%s) : tensor<2xf32>
}

// -----

ts.module @g "__torch__.nirtorch.graphs.g" {
}
nir.graph @g.nir attributes {nirtorch.compute_type = f32, nirtorch.raised_root = @g} {
  %input = nir.input "input" : tensor<2xf32>
  // expected-error @below {{cannot build the forward of node 's': unknown step convention 'dicts'}}
  %s = nir.scale "s"(%input) {scale = dense<2.0> : tensor<2xf32>, nirtorch.slot_path = ["s"], nirtorch.step = "dicts", nirtorch.states = [], nirtorch.state_shapes = []} : tensor<2xf32>
  %output = nir.output "output"(%s) : tensor<2xf32>
}

// -----

!S = !ts.module<"__torch__.nirtorch.nodes.Scale">
ts.module @g "__torch__.nirtorch.graphs.g" {
  ts.module @s "__torch__.nirtorch.nodes.Scale" {
  }
}
nir.graph @g.nir attributes {nirtorch.compute_type = f32, nirtorch.raised_root = @g} {
  %input = nir.input "input" : tensor<2xf32>
  // expected-error @below {{cannot build the forward of node 's': a state record that does not fit its step convention}}
  %s = nir.scale "s"(%input) {scale = dense<2.0> : tensor<2xf32>, nirtorch.slot_path = ["s"], nirtorch.step = "tensors", nirtorch.states = [], nirtorch.state_shapes = []} : tensor<2xf32>
  %output = nir.output "output"(%s) : tensor<2xf32>
}

// -----

ts.module @g "__torch__.nirtorch.graphs.g" {
}
// expected-error @below {{graph 'g.nir' has no valid nirtorch.compute_type}}
nir.graph @g.nir attributes {nirtorch.compute_type = i32, nirtorch.raised_root = @g} {
  %input = nir.input "input" : tensor<2xf32>
  %output = nir.output "output"(%input) : tensor<2xf32>
}
