// RUN: nir-opt %s --nir-check-target=target=xylo-audio3 -split-input-file -verify-diagnostics | FileCheck %s

// nir-check-target with the built-in XyloAudio 3 target (targets/xylo-audio3.json): a
// graph that passes, and for each design rule of this target a graph that
// breaks it, with the rule's diagnostic. Unless a test says otherwise the
// graph has dt = 1e-3 and tau = 1e-2 (log2(tau / dt) = 3.3).

// The SRNN passes.

// CHECK-LABEL: nir.graph @pass
nir.graph @pass attributes {dt = 1.000000e-03 : f64} {
  %input = nir.input "input" : tensor<4xf32>
  %fc1 = nir.linear "fc1"(%input) {weight = dense<0.5> : tensor<8x4xf32>} : tensor<4xf32> -> tensor<8xf32>
  %lif1 = nir.lif "lif1"(%fc1, %rec) {tau = dense<1.0e-2> : tensor<8xf32>, r = dense<1.0> : tensor<8xf32>, v_leak = dense<0.0> : tensor<8xf32>, v_threshold = dense<1.0> : tensor<8xf32>, v_reset = dense<0.0> : tensor<8xf32>} : tensor<8xf32>
  %fc2 = nir.linear "fc2"(%lif1) {weight = dense<0.5> : tensor<2x8xf32>} : tensor<8xf32> -> tensor<2xf32>
  %lif2 = nir.lif "lif2"(%fc2) {tau = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif2) : tensor<2xf32>
  %rec = nir.linear "rec"(%lif1) {weight = dense<0.5> : tensor<8x8xf32>} : tensor<8xf32> -> tensor<8xf32>
}

// -----

// The input weights reach 129 neurons; XyloAudio 3 projects the input
// to the first 128 hidden neurons.
nir.graph @input_projection attributes {dt = 1.000000e-03 : f64} {
  %input = nir.input "input" : tensor<4xf32>
  %fc1 = nir.linear "fc1"(%input) {weight = dense<0.5> : tensor<129x4xf32>} : tensor<4xf32> -> tensor<129xf32>
  // expected-error@+1 {{design rule 'input_projection' of target 'xylo-audio3': node 'lif1': neurons the input weights reach: 129 in all, counted up to this node; limit 128}}
  %lif1 = nir.lif "lif1"(%fc1) {tau = dense<1.0e-2> : tensor<129xf32>, r = dense<1.0> : tensor<129xf32>, v_leak = dense<0.0> : tensor<129xf32>, v_threshold = dense<1.0> : tensor<129xf32>, v_reset = dense<0.0> : tensor<129xf32>} : tensor<129xf32>
  %fc2 = nir.linear "fc2"(%lif1) {weight = dense<0.5> : tensor<8x129xf32>} : tensor<129xf32> -> tensor<8xf32>
  %lif2 = nir.lif "lif2"(%fc2) {tau = dense<1.0e-2> : tensor<8xf32>, r = dense<1.0> : tensor<8xf32>, v_leak = dense<0.0> : tensor<8xf32>, v_threshold = dense<1.0> : tensor<8xf32>, v_reset = dense<0.0> : tensor<8xf32>} : tensor<8xf32>
  %fc3 = nir.linear "fc3"(%lif2) {weight = dense<0.5> : tensor<2x8xf32>} : tensor<8xf32> -> tensor<2xf32>
  %lif3 = nir.lif "lif3"(%fc3) {tau = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif3) : tensor<2xf32>
}

// -----

// 129 neurons feed the output weights; XyloAudio 3 reads the outputs
// from 128 hidden neurons.
nir.graph @output_projection attributes {dt = 1.000000e-03 : f64} {
  %input = nir.input "input" : tensor<4xf32>
  %fc1 = nir.linear "fc1"(%input) {weight = dense<0.5> : tensor<8x4xf32>} : tensor<4xf32> -> tensor<8xf32>
  %lif1 = nir.lif "lif1"(%fc1) {tau = dense<1.0e-2> : tensor<8xf32>, r = dense<1.0> : tensor<8xf32>, v_leak = dense<0.0> : tensor<8xf32>, v_threshold = dense<1.0> : tensor<8xf32>, v_reset = dense<0.0> : tensor<8xf32>} : tensor<8xf32>
  %fc2 = nir.linear "fc2"(%lif1) {weight = dense<0.5> : tensor<129x8xf32>} : tensor<8xf32> -> tensor<129xf32>
  // expected-error@+1 {{design rule 'output_projection' of target 'xylo-audio3': node 'lif2': neurons that feed the output weights: 129 in all, counted up to this node; limit 128}}
  %lif2 = nir.lif "lif2"(%fc2) {tau = dense<1.0e-2> : tensor<129xf32>, r = dense<1.0> : tensor<129xf32>, v_leak = dense<0.0> : tensor<129xf32>, v_threshold = dense<1.0> : tensor<129xf32>, v_reset = dense<0.0> : tensor<129xf32>} : tensor<129xf32>
  %fc3 = nir.linear "fc3"(%lif2) {weight = dense<0.5> : tensor<2x129xf32>} : tensor<129xf32> -> tensor<2xf32>
  %lif3 = nir.lif "lif3"(%fc3) {tau = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif3) : tensor<2xf32>
}

// -----

// The rules of the Xylo family, as in check-target-xylo-audio2.mlir, with this
// chip's limits.
// An IF neuron: Rockpool reads LI, LIF and CubaLIF only.
nir.graph @node_types attributes {dt = 1.000000e-03 : f64} {
  %input = nir.input "input" : tensor<4xf32>
  %fc1 = nir.linear "fc1"(%input) {weight = dense<0.5> : tensor<8x4xf32>} : tensor<4xf32> -> tensor<8xf32>
  %lif1 = nir.lif "lif1"(%fc1) {tau = dense<1.0e-2> : tensor<8xf32>, r = dense<1.0> : tensor<8xf32>, v_leak = dense<0.0> : tensor<8xf32>, v_threshold = dense<1.0> : tensor<8xf32>, v_reset = dense<0.0> : tensor<8xf32>} : tensor<8xf32>
  %fc2 = nir.linear "fc2"(%lif1) {weight = dense<0.5> : tensor<2x8xf32>} : tensor<8xf32> -> tensor<2xf32>
  // expected-error@+1 {{design rule 'node_types' of target 'xylo-audio3': node 'if2': type IF is not one the target reads (Input, Output, Linear, Affine, LI, LIF, CubaLIF, NIRGraph)}}
  %if2 = nir.if "if2"(%fc2) {r = dense<1.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%if2) : tensor<2xf32>
}

// -----

// 17 input channels; Xylo has 16.
nir.graph @input_channels attributes {dt = 1.000000e-03 : f64} {
  // expected-error@+1 {{design rule 'input_channels' of target 'xylo-audio3': node 'input': input channels: 17 in all, counted up to this node; limit 16}}
  %input = nir.input "input" : tensor<17xf32>
  %fc1 = nir.linear "fc1"(%input) {weight = dense<0.0> : tensor<8x17xf32>} : tensor<17xf32> -> tensor<8xf32>
  %lif1 = nir.lif "lif1"(%fc1) {tau = dense<1.0e-2> : tensor<8xf32>, r = dense<1.0> : tensor<8xf32>, v_leak = dense<0.0> : tensor<8xf32>, v_threshold = dense<1.0> : tensor<8xf32>, v_reset = dense<0.0> : tensor<8xf32>} : tensor<8xf32>
  %fc2 = nir.linear "fc2"(%lif1) {weight = dense<0.5> : tensor<2x8xf32>} : tensor<8xf32> -> tensor<2xf32>
  %lif2 = nir.lif "lif2"(%fc2) {tau = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif2) : tensor<2xf32>
}

// -----

// 993 hidden neurons; the target has 992. The big layer sits between
// two small ones, so that the input and output projections stay at 8.
nir.graph @hidden_neurons attributes {dt = 1.000000e-03 : f64} {
  %input = nir.input "input" : tensor<4xf32>
  %fc1 = nir.linear "fc1"(%input) {weight = dense<0.5> : tensor<8x4xf32>} : tensor<4xf32> -> tensor<8xf32>
  %lif1 = nir.lif "lif1"(%fc1) {tau = dense<1.0e-2> : tensor<8xf32>, r = dense<1.0> : tensor<8xf32>, v_leak = dense<0.0> : tensor<8xf32>, v_threshold = dense<1.0> : tensor<8xf32>, v_reset = dense<0.0> : tensor<8xf32>} : tensor<8xf32>
  %fc2 = nir.linear "fc2"(%lif1) {weight = dense<0.5> : tensor<977x8xf32>} : tensor<8xf32> -> tensor<977xf32>
  %lif2 = nir.lif "lif2"(%fc2) {tau = dense<1.0e-2> : tensor<977xf32>, r = dense<1.0> : tensor<977xf32>, v_leak = dense<0.0> : tensor<977xf32>, v_threshold = dense<1.0> : tensor<977xf32>, v_reset = dense<0.0> : tensor<977xf32>} : tensor<977xf32>
  %fc3 = nir.linear "fc3"(%lif2) {weight = dense<0.0> : tensor<8x977xf32>} : tensor<977xf32> -> tensor<8xf32>
  // expected-error@+1 {{design rule 'hidden_neurons' of target 'xylo-audio3': node 'lif3': hidden neurons: 993 in all, counted up to this node; limit 992}}
  %lif3 = nir.lif "lif3"(%fc3) {tau = dense<1.0e-2> : tensor<8xf32>, r = dense<1.0> : tensor<8xf32>, v_leak = dense<0.0> : tensor<8xf32>, v_threshold = dense<1.0> : tensor<8xf32>, v_reset = dense<0.0> : tensor<8xf32>} : tensor<8xf32>
  %fc4 = nir.linear "fc4"(%lif3) {weight = dense<0.5> : tensor<2x8xf32>} : tensor<8xf32> -> tensor<2xf32>
  %lif4 = nir.lif "lif4"(%fc4) {tau = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif4) : tensor<2xf32>
}
// -----

// 33 output channels; the target has 32.
nir.graph @output_neurons attributes {dt = 1.000000e-03 : f64} {
  %input = nir.input "input" : tensor<4xf32>
  %fc1 = nir.linear "fc1"(%input) {weight = dense<0.5> : tensor<8x4xf32>} : tensor<4xf32> -> tensor<8xf32>
  %lif1 = nir.lif "lif1"(%fc1) {tau = dense<1.0e-2> : tensor<8xf32>, r = dense<1.0> : tensor<8xf32>, v_leak = dense<0.0> : tensor<8xf32>, v_threshold = dense<1.0> : tensor<8xf32>, v_reset = dense<0.0> : tensor<8xf32>} : tensor<8xf32>
  %fc2 = nir.linear "fc2"(%lif1) {weight = dense<0.5> : tensor<33x8xf32>} : tensor<8xf32> -> tensor<33xf32>
  %lif2 = nir.lif "lif2"(%fc2) {tau = dense<1.0e-2> : tensor<33xf32>, r = dense<1.0> : tensor<33xf32>, v_leak = dense<0.0> : tensor<33xf32>, v_threshold = dense<1.0> : tensor<33xf32>, v_reset = dense<0.0> : tensor<33xf32>} : tensor<33xf32>
  // expected-error@+1 {{design rule 'output_neurons' of target 'xylo-audio3': node 'output': output channels: 33 in all, counted up to this node; limit 32}}
  %output = nir.output "output"(%lif2) : tensor<33xf32>
}

// -----

// Each neuron of lif1 sends 1026 non-zero weights (two weight nodes into a
// layer of 513); the target allows 1024. The layer sits between two small
// ones, so that the neuron counts and projections stay within their limits.
nir.graph @fan_out attributes {dt = 1.000000e-03 : f64} {
  %input = nir.input "input" : tensor<4xf32>
  %fc1 = nir.linear "fc1"(%input) {weight = dense<0.5> : tensor<8x4xf32>} : tensor<4xf32> -> tensor<8xf32>
  // expected-error@+1 {{design rule 'fan_out' of target 'xylo-audio3': node 'lif1': neuron 0 sends 1026 non-zero weights; limit 1024}}
  %lif1 = nir.lif "lif1"(%fc1) {tau = dense<1.0e-2> : tensor<8xf32>, r = dense<1.0> : tensor<8xf32>, v_leak = dense<0.0> : tensor<8xf32>, v_threshold = dense<1.0> : tensor<8xf32>, v_reset = dense<0.0> : tensor<8xf32>} : tensor<8xf32>
  %fc2a = nir.linear "fc2a"(%lif1) {weight = dense<0.5> : tensor<513x8xf32>} : tensor<8xf32> -> tensor<513xf32>
  %fc2b = nir.linear "fc2b"(%lif1) {weight = dense<0.5> : tensor<513x8xf32>} : tensor<8xf32> -> tensor<513xf32>
  %lif2 = nir.lif "lif2"(%fc2a, %fc2b) {tau = dense<1.0e-2> : tensor<513xf32>, r = dense<1.0> : tensor<513xf32>, v_leak = dense<0.0> : tensor<513xf32>, v_threshold = dense<1.0> : tensor<513xf32>, v_reset = dense<0.0> : tensor<513xf32>} : tensor<513xf32>
  %fc3 = nir.linear "fc3"(%lif2) {weight = dense<0.0> : tensor<8x513xf32>} : tensor<513xf32> -> tensor<8xf32>
  %lif3 = nir.lif "lif3"(%fc3) {tau = dense<1.0e-2> : tensor<8xf32>, r = dense<1.0> : tensor<8xf32>, v_leak = dense<0.0> : tensor<8xf32>, v_threshold = dense<1.0> : tensor<8xf32>, v_reset = dense<0.0> : tensor<8xf32>} : tensor<8xf32>
  %fc4 = nir.linear "fc4"(%lif3) {weight = dense<0.5> : tensor<2x8xf32>} : tensor<8xf32> -> tensor<2xf32>
  %lif4 = nir.lif "lif4"(%fc4) {tau = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif4) : tensor<2xf32>
}
// -----

// The Output reads a weight node: Xylo's outputs are neurons.
nir.graph @output_from_neurons attributes {dt = 1.000000e-03 : f64} {
  %input = nir.input "input" : tensor<4xf32>
  %fc1 = nir.linear "fc1"(%input) {weight = dense<0.5> : tensor<8x4xf32>} : tensor<4xf32> -> tensor<8xf32>
  %lif1 = nir.lif "lif1"(%fc1) {tau = dense<1.0e-2> : tensor<8xf32>, r = dense<1.0> : tensor<8xf32>, v_leak = dense<0.0> : tensor<8xf32>, v_threshold = dense<1.0> : tensor<8xf32>, v_reset = dense<0.0> : tensor<8xf32>} : tensor<8xf32>
  %fc2 = nir.linear "fc2"(%lif1) {weight = dense<0.5> : tensor<2x8xf32>} : tensor<8xf32> -> tensor<2xf32>
  %lif2 = nir.lif "lif2"(%fc2) {tau = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %fc3 = nir.linear "fc3"(%lif2) {weight = dense<0.5> : tensor<2x2xf32>} : tensor<2xf32> -> tensor<2xf32>
  // expected-error@+1 {{design rule 'output_from_neurons' of target 'xylo-audio3': node 'output': reads 'fc3' (Linear), not a neuron}}
  %output = nir.output "output"(%fc3) : tensor<2xf32>
}

// -----

// A neuron reads a neuron: on Xylo every neuron input is a weight.
nir.graph @neuron_input_from_weights attributes {dt = 1.000000e-03 : f64} {
  %input = nir.input "input" : tensor<4xf32>
  %fc1 = nir.linear "fc1"(%input) {weight = dense<0.5> : tensor<2x4xf32>} : tensor<4xf32> -> tensor<2xf32>
  %lif1 = nir.lif "lif1"(%fc1) {tau = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  // expected-error@+1 {{design rule 'neuron_input_from_weights' of target 'xylo-audio3': node 'lif2': reads 'lif1' (LIF), not a weight node}}
  %lif2 = nir.lif "lif2"(%lif1) {tau = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif2) : tensor<2xf32>
}

// -----

// The Input feeds a neuron: on Xylo inputs go through a weight first.
nir.graph @input_to_weights attributes {dt = 1.000000e-03 : f64} {
  // expected-error@+1 {{design rule 'input_to_weights' of target 'xylo-audio3': node 'input': feeds 'lif0' (LIF), not a weight node}}
  %input = nir.input "input" : tensor<4xf32>
  // expected-error@+1 {{design rule 'neuron_input_from_weights' of target 'xylo-audio3': node 'lif0': reads 'input' (Input), not a weight node}}
  %lif0 = nir.lif "lif0"(%input) {tau = dense<1.0e-2> : tensor<4xf32>, r = dense<1.0> : tensor<4xf32>, v_leak = dense<0.0> : tensor<4xf32>, v_threshold = dense<1.0> : tensor<4xf32>, v_reset = dense<0.0> : tensor<4xf32>} : tensor<4xf32>
  %fc1 = nir.linear "fc1"(%lif0) {weight = dense<0.5> : tensor<2x4xf32>} : tensor<4xf32> -> tensor<2xf32>
  %lif1 = nir.lif "lif1"(%fc1) {tau = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif1) : tensor<2xf32>
}

// -----

// Weight -> weight: Xylo alternates weights and neurons.
nir.graph @no_consecutive_weights attributes {dt = 1.000000e-03 : f64} {
  %input = nir.input "input" : tensor<4xf32>
  // expected-error@+1 {{design rule 'no_consecutive_weights' of target 'xylo-audio3': node 'fc1': feeds weight node 'fc1b' (Linear) with no neuron between them}}
  %fc1 = nir.linear "fc1"(%input) {weight = dense<0.5> : tensor<8x4xf32>} : tensor<4xf32> -> tensor<8xf32>
  %fc1b = nir.linear "fc1b"(%fc1) {weight = dense<0.5> : tensor<8x8xf32>} : tensor<8xf32> -> tensor<8xf32>
  %lif1 = nir.lif "lif1"(%fc1b) {tau = dense<1.0e-2> : tensor<8xf32>, r = dense<1.0> : tensor<8xf32>, v_leak = dense<0.0> : tensor<8xf32>, v_threshold = dense<1.0> : tensor<8xf32>, v_reset = dense<0.0> : tensor<8xf32>} : tensor<8xf32>
  %fc2 = nir.linear "fc2"(%lif1) {weight = dense<0.5> : tensor<2x8xf32>} : tensor<8xf32> -> tensor<2xf32>
  %lif2 = nir.lif "lif2"(%fc2) {tau = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif2) : tensor<2xf32>
}

// -----

// An output neuron with a recurrent weight.
nir.graph @output_neurons_not_recurrent attributes {dt = 1.000000e-03 : f64} {
  %input = nir.input "input" : tensor<4xf32>
  %fc1 = nir.linear "fc1"(%input) {weight = dense<0.5> : tensor<8x4xf32>} : tensor<4xf32> -> tensor<8xf32>
  %lif1 = nir.lif "lif1"(%fc1) {tau = dense<1.0e-2> : tensor<8xf32>, r = dense<1.0> : tensor<8xf32>, v_leak = dense<0.0> : tensor<8xf32>, v_threshold = dense<1.0> : tensor<8xf32>, v_reset = dense<0.0> : tensor<8xf32>} : tensor<8xf32>
  %fc2 = nir.linear "fc2"(%lif1) {weight = dense<0.5> : tensor<2x8xf32>} : tensor<8xf32> -> tensor<2xf32>
  // expected-error@+1 {{design rule 'output_neurons_not_recurrent' of target 'xylo-audio3': node 'lif2': is an output neuron on a cycle}}
  %lif2 = nir.lif "lif2"(%fc2, %rec) {tau = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif2) : tensor<2xf32>
  %rec = nir.linear "rec"(%lif2) {weight = dense<0.5> : tensor<2x2xf32>} : tensor<2xf32> -> tensor<2xf32>
}

// -----

// One neuron layer; Xylo needs hidden and output neurons.
// expected-error@+1 {{design rule 'neuron_layers' of target 'xylo-audio3': graph @neuron_layers: 1 neuron layer; at least 2 needed (hidden and output)}}
nir.graph @neuron_layers attributes {dt = 1.000000e-03 : f64} {
  %input = nir.input "input" : tensor<4xf32>
  %fc1 = nir.linear "fc1"(%input) {weight = dense<0.5> : tensor<2x4xf32>} : tensor<4xf32> -> tensor<2xf32>
  %lif1 = nir.lif "lif1"(%fc1) {tau = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif1) : tensor<2xf32>
}

// -----

// A bias: Rockpool drops it with a warning, so the check warns.
// 
// CHECK-LABEL: nir.graph @weight_bias
nir.graph @weight_bias attributes {dt = 1.000000e-03 : f64} {
  %input = nir.input "input" : tensor<4xf32>
  // expected-warning@+1 {{design rule 'weight_bias' of target 'xylo-audio3': node 'fc1': 8 non-zero bias elements, which the target drops}}
  %fc1 = nir.affine "fc1"(%input) {weight = dense<0.5> : tensor<8x4xf32>, bias = dense<0.5> : tensor<8xf32>} : tensor<4xf32> -> tensor<8xf32>
  %lif1 = nir.lif "lif1"(%fc1) {tau = dense<1.0e-2> : tensor<8xf32>, r = dense<1.0> : tensor<8xf32>, v_leak = dense<0.0> : tensor<8xf32>, v_threshold = dense<1.0> : tensor<8xf32>, v_reset = dense<0.0> : tensor<8xf32>} : tensor<8xf32>
  %fc2 = nir.linear "fc2"(%lif1) {weight = dense<0.5> : tensor<2x8xf32>} : tensor<8xf32> -> tensor<2xf32>
  %lif2 = nir.lif "lif2"(%fc2) {tau = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif2) : tensor<2xf32>
}

// -----

// No time step: Xylo needs one global dt.
// expected-error@+1 {{design rule 'time_step' of target 'xylo-audio3': graph @time_step: declares no time step; give one with nir-discretize{dt=...} or a numeric 'dt' in the graph's metadata}}
nir.graph @time_step {
  %input = nir.input "input" : tensor<4xf32>
  %fc1 = nir.linear "fc1"(%input) {weight = dense<0.5> : tensor<8x4xf32>} : tensor<4xf32> -> tensor<8xf32>
  %lif1 = nir.lif "lif1"(%fc1, %rec) {tau = dense<1.0e-2> : tensor<8xf32>, r = dense<1.0> : tensor<8xf32>, v_leak = dense<0.0> : tensor<8xf32>, v_threshold = dense<1.0> : tensor<8xf32>, v_reset = dense<0.0> : tensor<8xf32>} : tensor<8xf32>
  %fc2 = nir.linear "fc2"(%lif1) {weight = dense<0.5> : tensor<2x8xf32>} : tensor<8xf32> -> tensor<2xf32>
  %lif2 = nir.lif "lif2"(%fc2) {tau = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif2) : tensor<2xf32>
  %rec = nir.linear "rec"(%lif1) {weight = dense<0.5> : tensor<8x8xf32>} : tensor<8xf32> -> tensor<8xf32>
}

// -----

// tau = dt (2^-10, exact in f32 and f64): Rockpool refuses tau <= dt.
nir.graph @tau_above_dt attributes {dt = 9.765625e-04 : f64} {
  %input = nir.input "input" : tensor<4xf32>
  %fc1 = nir.linear "fc1"(%input) {weight = dense<0.5> : tensor<8x4xf32>} : tensor<4xf32> -> tensor<8xf32>
  // expected-error@+1 {{design rule 'tau_above_dt' of target 'xylo-audio3': node 'lif1': tau is 0.000976562 at index 0, not above dt = 0.000976562}}
  %lif1 = nir.lif "lif1"(%fc1) {tau = dense<9.765625e-04> : tensor<8xf32>, r = dense<1.0> : tensor<8xf32>, v_leak = dense<0.0> : tensor<8xf32>, v_threshold = dense<1.0> : tensor<8xf32>, v_reset = dense<0.0> : tensor<8xf32>} : tensor<8xf32>
  %fc2 = nir.linear "fc2"(%lif1) {weight = dense<0.5> : tensor<2x8xf32>} : tensor<8xf32> -> tensor<2xf32>
  %lif2 = nir.lif "lif2"(%fc2) {tau = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif2) : tensor<2xf32>
}

// -----

// tau = 1e5 dt: log2(tau / dt) = 16.6 rounds to 17, past the 4-bit shift.
nir.graph @decay_shift attributes {dt = 1.000000e-03 : f64} {
  %input = nir.input "input" : tensor<4xf32>
  %fc1 = nir.linear "fc1"(%input) {weight = dense<0.5> : tensor<8x4xf32>} : tensor<4xf32> -> tensor<8xf32>
  // expected-error@+1 {{design rule 'decay_shift' of target 'xylo-audio3': node 'lif1': tau = 100 gives the decay shift round(log2(tau / dt)) = 17 at index 0; limit 0 to 15 (4 bits)}}
  %lif1 = nir.lif "lif1"(%fc1) {tau = dense<100.0> : tensor<8xf32>, r = dense<1.0> : tensor<8xf32>, v_leak = dense<0.0> : tensor<8xf32>, v_threshold = dense<1.0> : tensor<8xf32>, v_reset = dense<0.0> : tensor<8xf32>} : tensor<8xf32>
  %fc2 = nir.linear "fc2"(%lif1) {weight = dense<0.5> : tensor<2x8xf32>} : tensor<8xf32> -> tensor<2xf32>
  %lif2 = nir.lif "lif2"(%fc2) {tau = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif2) : tensor<2xf32>
}
