// RUN: nir-opt %s --nir-check-target=target=xylo-audio2 -split-input-file -verify-diagnostics | FileCheck %s

// nir-check-target with the built-in XyloAudio 2 target (targets/xylo-audio2.json): a
// graph that passes, and for each design rule of the Xylo family a graph that
// breaks it, with the rule's diagnostic. Unless a test says otherwise the
// graph has dt = 1e-3 and tau = 1e-2 (log2(tau / dt) = 3.3).

// A recurrent SRNN with a time step, as Rockpool maps it: passes.

// CHECK-LABEL: nir.graph @pass
// CHECK: nir.lif "lif1"
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

// The recurrent block as a nested graph (Rockpool's 4-node NIRGraph)
// passes: its edges are followed through the ports.
// 
// CHECK-LABEL: nir.graph @nested
nir.graph @nested attributes {dt = 1.000000e-03 : f64} {
  %input = nir.input "input" : tensor<4xf32>
  %fc1 = nir.linear "fc1"(%input) {weight = dense<0.5> : tensor<8x4xf32>} : tensor<4xf32> -> tensor<8xf32>
  %lif1 = nir.subgraph "lif1"(%fc1) : tensor<8xf32> {
    %sin = nir.input "input" : tensor<8xf32>
    %lif = nir.lif "lif"(%sin, %w_rec) {tau = dense<1.0e-2> : tensor<8xf32>, r = dense<1.0> : tensor<8xf32>, v_leak = dense<0.0> : tensor<8xf32>, v_threshold = dense<1.0> : tensor<8xf32>, v_reset = dense<0.0> : tensor<8xf32>} : tensor<8xf32>
    %w_rec = nir.linear "w_rec"(%lif) {weight = dense<0.5> : tensor<8x8xf32>} : tensor<8xf32> -> tensor<8xf32>
    %sout = nir.output "output"(%lif) : tensor<8xf32>
  }
  %fc2 = nir.linear "fc2"(%lif1) {weight = dense<0.5> : tensor<2x8xf32>} : tensor<8xf32> -> tensor<2xf32>
  %lif2 = nir.lif "lif2"(%fc2) {tau = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif2) : tensor<2xf32>
}

// -----

// An IF neuron: Rockpool reads LI, LIF and CubaLIF only.
nir.graph @node_types attributes {dt = 1.000000e-03 : f64} {
  %input = nir.input "input" : tensor<4xf32>
  %fc1 = nir.linear "fc1"(%input) {weight = dense<0.5> : tensor<8x4xf32>} : tensor<4xf32> -> tensor<8xf32>
  %lif1 = nir.lif "lif1"(%fc1) {tau = dense<1.0e-2> : tensor<8xf32>, r = dense<1.0> : tensor<8xf32>, v_leak = dense<0.0> : tensor<8xf32>, v_threshold = dense<1.0> : tensor<8xf32>, v_reset = dense<0.0> : tensor<8xf32>} : tensor<8xf32>
  %fc2 = nir.linear "fc2"(%lif1) {weight = dense<0.5> : tensor<2x8xf32>} : tensor<8xf32> -> tensor<2xf32>
  // expected-error@+1 {{design rule 'node_types' of target 'xylo-audio2': node 'if2': type IF is not one the target reads (Input, Output, Linear, Affine, LI, LIF, CubaLIF, NIRGraph)}}
  %if2 = nir.if "if2"(%fc2) {r = dense<1.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%if2) : tensor<2xf32>
}

// -----

// 17 input channels; Xylo has 16.
nir.graph @input_channels attributes {dt = 1.000000e-03 : f64} {
  // expected-error@+1 {{design rule 'input_channels' of target 'xylo-audio2': node 'input': input channels: 17 in all, counted up to this node; limit 16}}
  %input = nir.input "input" : tensor<17xf32>
  %fc1 = nir.linear "fc1"(%input) {weight = dense<0.0> : tensor<8x17xf32>} : tensor<17xf32> -> tensor<8xf32>
  %lif1 = nir.lif "lif1"(%fc1) {tau = dense<1.0e-2> : tensor<8xf32>, r = dense<1.0> : tensor<8xf32>, v_leak = dense<0.0> : tensor<8xf32>, v_threshold = dense<1.0> : tensor<8xf32>, v_reset = dense<0.0> : tensor<8xf32>} : tensor<8xf32>
  %fc2 = nir.linear "fc2"(%lif1) {weight = dense<0.5> : tensor<2x8xf32>} : tensor<8xf32> -> tensor<2xf32>
  %lif2 = nir.lif "lif2"(%fc2) {tau = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif2) : tensor<2xf32>
}

// -----

// 1001 hidden neurons; XyloAudio 2 has 1000 (zero weights out keep
// fan-in and fan-out low).
nir.graph @hidden_neurons attributes {dt = 1.000000e-03 : f64} {
  %input = nir.input "input" : tensor<4xf32>
  %fc1 = nir.linear "fc1"(%input) {weight = dense<0.5> : tensor<1001x4xf32>} : tensor<4xf32> -> tensor<1001xf32>
  // expected-error@+1 {{design rule 'hidden_neurons' of target 'xylo-audio2': node 'lif1': hidden neurons: 1001 in all, counted up to this node; limit 1000}}
  %lif1 = nir.lif "lif1"(%fc1) {tau = dense<1.0e-2> : tensor<1001xf32>, r = dense<1.0> : tensor<1001xf32>, v_leak = dense<0.0> : tensor<1001xf32>, v_threshold = dense<1.0> : tensor<1001xf32>, v_reset = dense<0.0> : tensor<1001xf32>} : tensor<1001xf32>
  %fc2 = nir.linear "fc2"(%lif1) {weight = dense<0.0> : tensor<2x1001xf32>} : tensor<1001xf32> -> tensor<2xf32>
  %lif2 = nir.lif "lif2"(%fc2) {tau = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif2) : tensor<2xf32>
}

// -----

// 9 output channels; XyloAudio 2 has 8.
nir.graph @output_neurons attributes {dt = 1.000000e-03 : f64} {
  %input = nir.input "input" : tensor<4xf32>
  %fc1 = nir.linear "fc1"(%input) {weight = dense<0.5> : tensor<8x4xf32>} : tensor<4xf32> -> tensor<8xf32>
  %lif1 = nir.lif "lif1"(%fc1) {tau = dense<1.0e-2> : tensor<8xf32>, r = dense<1.0> : tensor<8xf32>, v_leak = dense<0.0> : tensor<8xf32>, v_threshold = dense<1.0> : tensor<8xf32>, v_reset = dense<0.0> : tensor<8xf32>} : tensor<8xf32>
  %fc2 = nir.linear "fc2"(%lif1) {weight = dense<0.5> : tensor<9x8xf32>} : tensor<8xf32> -> tensor<9xf32>
  %lif2 = nir.lif "lif2"(%fc2) {tau = dense<1.0e-2> : tensor<9xf32>, r = dense<1.0> : tensor<9xf32>, v_leak = dense<0.0> : tensor<9xf32>, v_threshold = dense<1.0> : tensor<9xf32>, v_reset = dense<0.0> : tensor<9xf32>} : tensor<9xf32>
  // expected-error@+1 {{design rule 'output_neurons' of target 'xylo-audio2': node 'output': output channels: 9 in all, counted up to this node; limit 8}}
  %output = nir.output "output"(%lif2) : tensor<9xf32>
}

// -----

// An output neuron with 64 non-zero weights in; XyloAudio 2 allows 63.
nir.graph @fan_in attributes {dt = 1.000000e-03 : f64} {
  %input = nir.input "input" : tensor<4xf32>
  %fc1 = nir.linear "fc1"(%input) {weight = dense<0.5> : tensor<64x4xf32>} : tensor<4xf32> -> tensor<64xf32>
  %lif1 = nir.lif "lif1"(%fc1) {tau = dense<1.0e-2> : tensor<64xf32>, r = dense<1.0> : tensor<64xf32>, v_leak = dense<0.0> : tensor<64xf32>, v_threshold = dense<1.0> : tensor<64xf32>, v_reset = dense<0.0> : tensor<64xf32>} : tensor<64xf32>
  %fc2 = nir.linear "fc2"(%lif1) {weight = dense<0.5> : tensor<2x64xf32>} : tensor<64xf32> -> tensor<2xf32>
  // expected-error@+1 {{design rule 'fan_in' of target 'xylo-audio2': node 'lif2': neuron 0 receives 64 non-zero weights; limit 63}}
  %lif2 = nir.lif "lif2"(%fc2) {tau = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif2) : tensor<2xf32>
}

// -----

// Hidden neurons that send 65 non-zero weights; XyloAudio 2 allows 64.
nir.graph @fan_out attributes {dt = 1.000000e-03 : f64} {
  %input = nir.input "input" : tensor<4xf32>
  %fc1 = nir.linear "fc1"(%input) {weight = dense<0.5> : tensor<8x4xf32>} : tensor<4xf32> -> tensor<8xf32>
  // expected-error@+1 {{design rule 'fan_out' of target 'xylo-audio2': node 'lif1': neuron 0 sends 65 non-zero weights; limit 64}}
  %lif1 = nir.lif "lif1"(%fc1) {tau = dense<1.0e-2> : tensor<8xf32>, r = dense<1.0> : tensor<8xf32>, v_leak = dense<0.0> : tensor<8xf32>, v_threshold = dense<1.0> : tensor<8xf32>, v_reset = dense<0.0> : tensor<8xf32>} : tensor<8xf32>
  %fc2 = nir.linear "fc2"(%lif1) {weight = dense<0.5> : tensor<65x8xf32>} : tensor<8xf32> -> tensor<65xf32>
  %lif2 = nir.lif "lif2"(%fc2) {tau = dense<1.0e-2> : tensor<65xf32>, r = dense<1.0> : tensor<65xf32>, v_leak = dense<0.0> : tensor<65xf32>, v_threshold = dense<1.0> : tensor<65xf32>, v_reset = dense<0.0> : tensor<65xf32>} : tensor<65xf32>
  %fc3 = nir.linear "fc3"(%lif2) {weight = dense<0.0> : tensor<2x65xf32>} : tensor<65xf32> -> tensor<2xf32>
  %lif3 = nir.lif "lif3"(%fc3) {tau = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif3) : tensor<2xf32>
}

// -----

// 90000 recurrent weights: more than the 64000 synaptic weights of
// XyloAudio 2 (with fan-in 63 and 1008 neurons the limit is only reached
// together with a fan-in and a fan-out violation).
nir.graph @total_weights attributes {dt = 1.000000e-03 : f64} {
  %input = nir.input "input" : tensor<4xf32>
  %fc1 = nir.linear "fc1"(%input) {weight = dense<0.5> : tensor<300x4xf32>} : tensor<4xf32> -> tensor<300xf32>
  // expected-error@+2 {{design rule 'fan_in' of target 'xylo-audio2': node 'lif1': neuron 0 receives 304 non-zero weights; limit 63}}
  // expected-error@+1 {{design rule 'fan_out' of target 'xylo-audio2': node 'lif1': neuron 0 sends 300 non-zero weights; limit 64}}
  %lif1 = nir.lif "lif1"(%fc1, %rec) {tau = dense<1.0e-2> : tensor<300xf32>, r = dense<1.0> : tensor<300xf32>, v_leak = dense<0.0> : tensor<300xf32>, v_threshold = dense<1.0> : tensor<300xf32>, v_reset = dense<0.0> : tensor<300xf32>} : tensor<300xf32>
  // expected-error@+1 {{design rule 'total_weights' of target 'xylo-audio2': node 'rec': non-zero weights: 91200 in all, counted up to this node; limit 64000}}
  %rec = nir.linear "rec"(%lif1) {weight = dense<0.5> : tensor<300x300xf32>} : tensor<300xf32> -> tensor<300xf32>
  %fc2 = nir.linear "fc2"(%lif1) {weight = dense<0.0> : tensor<2x300xf32>} : tensor<300xf32> -> tensor<2xf32>
  %lif2 = nir.lif "lif2"(%fc2) {tau = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif2) : tensor<2xf32>
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
  // expected-error@+1 {{design rule 'output_from_neurons' of target 'xylo-audio2': node 'output': reads 'fc3' (Linear), not a neuron}}
  %output = nir.output "output"(%fc3) : tensor<2xf32>
}

// -----

// A neuron reads a neuron: on Xylo every neuron input is a weight.
nir.graph @neuron_input_from_weights attributes {dt = 1.000000e-03 : f64} {
  %input = nir.input "input" : tensor<4xf32>
  %fc1 = nir.linear "fc1"(%input) {weight = dense<0.5> : tensor<2x4xf32>} : tensor<4xf32> -> tensor<2xf32>
  %lif1 = nir.lif "lif1"(%fc1) {tau = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  // expected-error@+1 {{design rule 'neuron_input_from_weights' of target 'xylo-audio2': node 'lif2': reads 'lif1' (LIF), not a weight node}}
  %lif2 = nir.lif "lif2"(%lif1) {tau = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif2) : tensor<2xf32>
}

// -----

// The Input feeds a neuron: on Xylo inputs go through a weight first.
nir.graph @input_to_weights attributes {dt = 1.000000e-03 : f64} {
  // expected-error@+1 {{design rule 'input_to_weights' of target 'xylo-audio2': node 'input': feeds 'lif0' (LIF), not a weight node}}
  %input = nir.input "input" : tensor<4xf32>
  // expected-error@+1 {{design rule 'neuron_input_from_weights' of target 'xylo-audio2': node 'lif0': reads 'input' (Input), not a weight node}}
  %lif0 = nir.lif "lif0"(%input) {tau = dense<1.0e-2> : tensor<4xf32>, r = dense<1.0> : tensor<4xf32>, v_leak = dense<0.0> : tensor<4xf32>, v_threshold = dense<1.0> : tensor<4xf32>, v_reset = dense<0.0> : tensor<4xf32>} : tensor<4xf32>
  %fc1 = nir.linear "fc1"(%lif0) {weight = dense<0.5> : tensor<2x4xf32>} : tensor<4xf32> -> tensor<2xf32>
  %lif1 = nir.lif "lif1"(%fc1) {tau = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif1) : tensor<2xf32>
}

// -----

// Weight -> weight: Xylo alternates weights and neurons.
nir.graph @no_consecutive_weights attributes {dt = 1.000000e-03 : f64} {
  %input = nir.input "input" : tensor<4xf32>
  // expected-error@+1 {{design rule 'no_consecutive_weights' of target 'xylo-audio2': node 'fc1': feeds weight node 'fc1b' (Linear) with no neuron between them}}
  %fc1 = nir.linear "fc1"(%input) {weight = dense<0.5> : tensor<8x4xf32>} : tensor<4xf32> -> tensor<8xf32>
  %fc1b = nir.linear "fc1b"(%fc1) {weight = dense<0.5> : tensor<8x8xf32>} : tensor<8xf32> -> tensor<8xf32>
  %lif1 = nir.lif "lif1"(%fc1b) {tau = dense<1.0e-2> : tensor<8xf32>, r = dense<1.0> : tensor<8xf32>, v_leak = dense<0.0> : tensor<8xf32>, v_threshold = dense<1.0> : tensor<8xf32>, v_reset = dense<0.0> : tensor<8xf32>} : tensor<8xf32>
  %fc2 = nir.linear "fc2"(%lif1) {weight = dense<0.5> : tensor<2x8xf32>} : tensor<8xf32> -> tensor<2xf32>
  %lif2 = nir.lif "lif2"(%fc2) {tau = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif2) : tensor<2xf32>
}

// -----

// Weight -> weight across the Input port of a nested graph: the check
// follows edges through ports.
nir.graph @nested_weights attributes {dt = 1.000000e-03 : f64} {
  %input = nir.input "input" : tensor<4xf32>
  // expected-error@+1 {{design rule 'no_consecutive_weights' of target 'xylo-audio2': node 'fc1': feeds weight node 'lin' (Linear) with no neuron between them}}
  %fc1 = nir.linear "fc1"(%input) {weight = dense<0.5> : tensor<8x4xf32>} : tensor<4xf32> -> tensor<8xf32>
  %blk = nir.subgraph "blk"(%fc1) : tensor<8xf32> {
    %sin = nir.input "input" : tensor<8xf32>
    %lin = nir.linear "lin"(%sin) {weight = dense<0.5> : tensor<8x8xf32>} : tensor<8xf32> -> tensor<8xf32>
    %lif = nir.lif "lif"(%lin) {tau = dense<1.0e-2> : tensor<8xf32>, r = dense<1.0> : tensor<8xf32>, v_leak = dense<0.0> : tensor<8xf32>, v_threshold = dense<1.0> : tensor<8xf32>, v_reset = dense<0.0> : tensor<8xf32>} : tensor<8xf32>
    %sout = nir.output "output"(%lif) : tensor<8xf32>
  }
  %fc2 = nir.linear "fc2"(%blk) {weight = dense<0.5> : tensor<2x8xf32>} : tensor<8xf32> -> tensor<2xf32>
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
  // expected-error@+1 {{design rule 'output_neurons_not_recurrent' of target 'xylo-audio2': node 'lif2': is an output neuron on a cycle}}
  %lif2 = nir.lif "lif2"(%fc2, %rec) {tau = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif2) : tensor<2xf32>
  %rec = nir.linear "rec"(%lif2) {weight = dense<0.5> : tensor<2x2xf32>} : tensor<2xf32> -> tensor<2xf32>
}

// -----

// One neuron layer; Xylo needs hidden and output neurons.
// expected-error@+1 {{design rule 'neuron_layers' of target 'xylo-audio2': graph @neuron_layers: 1 neuron layer; at least 2 needed (hidden and output)}}
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
  // expected-warning@+1 {{design rule 'weight_bias' of target 'xylo-audio2': node 'fc1': 8 non-zero bias elements, which the target drops}}
  %fc1 = nir.affine "fc1"(%input) {weight = dense<0.5> : tensor<8x4xf32>, bias = dense<0.5> : tensor<8xf32>} : tensor<4xf32> -> tensor<8xf32>
  %lif1 = nir.lif "lif1"(%fc1) {tau = dense<1.0e-2> : tensor<8xf32>, r = dense<1.0> : tensor<8xf32>, v_leak = dense<0.0> : tensor<8xf32>, v_threshold = dense<1.0> : tensor<8xf32>, v_reset = dense<0.0> : tensor<8xf32>} : tensor<8xf32>
  %fc2 = nir.linear "fc2"(%lif1) {weight = dense<0.5> : tensor<2x8xf32>} : tensor<8xf32> -> tensor<2xf32>
  %lif2 = nir.lif "lif2"(%fc2) {tau = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif2) : tensor<2xf32>
}

// -----

// No time step: Xylo needs one global dt.
// expected-error@+1 {{design rule 'time_step' of target 'xylo-audio2': graph @time_step: declares no time step; give one with nir-discretize{dt=...} or a numeric 'dt' in the graph's metadata}}
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
  // expected-error@+1 {{design rule 'tau_above_dt' of target 'xylo-audio2': node 'lif1': tau is 0.000976562 at index 0, not above dt = 0.000976562}}
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
  // expected-error@+1 {{design rule 'decay_shift' of target 'xylo-audio2': node 'lif1': tau = 100 gives the decay shift round(log2(tau / dt)) = 17 at index 0; limit 0 to 15 (4 bits)}}
  %lif1 = nir.lif "lif1"(%fc1) {tau = dense<100.0> : tensor<8xf32>, r = dense<1.0> : tensor<8xf32>, v_leak = dense<0.0> : tensor<8xf32>, v_threshold = dense<1.0> : tensor<8xf32>, v_reset = dense<0.0> : tensor<8xf32>} : tensor<8xf32>
  %fc2 = nir.linear "fc2"(%lif1) {weight = dense<0.5> : tensor<2x8xf32>} : tensor<8xf32> -> tensor<2xf32>
  %lif2 = nir.lif "lif2"(%fc2) {tau = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif2) : tensor<2xf32>
}
