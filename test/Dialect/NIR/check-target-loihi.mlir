// RUN: nir-opt %s --nir-check-target=target=loihi -split-input-file -verify-diagnostics | FileCheck %s

// nir-check-target with the built-in Loihi-style target (targets/loihi.json):
// a graph that passes, and for each design rule a graph that breaks it, with
// the rule's diagnostic. Unless a test says otherwise dt = 1e-3, tau_syn =
// 5e-3 and tau_mem = 1e-2.

// A CubaLIF SRNN with its recurrent block, one value a layer, no leak
// and no bias (what nir_to_lava.py reads): passes.
// 
// CHECK-LABEL: nir.graph @pass
nir.graph @pass attributes {dt = 1.000000e-03 : f64} {
  %input = nir.input "input" : tensor<4xf32>
  %fc1 = nir.linear "fc1"(%input) {weight = dense<0.5> : tensor<8x4xf32>} : tensor<4xf32> -> tensor<8xf32>
  %lif1 = nir.cuba_lif "lif1"(%fc1, %rec) {tau_syn = dense<5.0e-3> : tensor<8xf32>, tau_mem = dense<1.0e-2> : tensor<8xf32>, r = dense<1.0> : tensor<8xf32>, v_leak = dense<0.0> : tensor<8xf32>, v_threshold = dense<1.0> : tensor<8xf32>, v_reset = dense<0.0> : tensor<8xf32>, w_in = dense<1.0> : tensor<8xf32>} : tensor<8xf32>
  %fc2 = nir.linear "fc2"(%lif1) {weight = dense<0.5> : tensor<2x8xf32>} : tensor<8xf32> -> tensor<2xf32>
  %lif2 = nir.cuba_lif "lif2"(%fc2) {tau_syn = dense<5.0e-3> : tensor<2xf32>, tau_mem = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>, w_in = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif2) : tensor<2xf32>
  %rec = nir.linear "rec"(%lif1) {weight = dense<0.5> : tensor<8x8xf32>} : tensor<8xf32> -> tensor<8xf32>
}

// -----

// An LI neuron: the Lava path reads IF, LIF and CubaLIF.
nir.graph @node_types attributes {dt = 1.000000e-03 : f64} {
  %input = nir.input "input" : tensor<4xf32>
  %fc1 = nir.linear "fc1"(%input) {weight = dense<0.5> : tensor<2x4xf32>} : tensor<4xf32> -> tensor<2xf32>
  // expected-error@+1 {{design rule 'node_types' of target 'loihi': node 'li': type LI is not one the target reads (Input, Output, Linear, Affine, Conv2d, LIF, CubaLIF, IF, Flatten, SumPool2d, NIRGraph)}}
  %li = nir.li "li"(%fc1) {tau = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%li) : tensor<2xf32>
}

// -----

// 1025 neurons in one layer; a Loihi core has 1024 compartments.
nir.graph @core_compartments attributes {dt = 1.000000e-03 : f64} {
  %input = nir.input "input" : tensor<4xf32>
  %fc1 = nir.linear "fc1"(%input) {weight = dense<0.5> : tensor<1025x4xf32>} : tensor<4xf32> -> tensor<1025xf32>
  // expected-error@+1 {{design rule 'core_compartments' of target 'loihi': node 'lif1': 1025 neurons in one layer; limit 1024 a core (nir-opt does not split layers across cores)}}
  %lif1 = nir.cuba_lif "lif1"(%fc1) {tau_syn = dense<5.0e-3> : tensor<1025xf32>, tau_mem = dense<1.0e-2> : tensor<1025xf32>, r = dense<1.0> : tensor<1025xf32>, v_leak = dense<0.0> : tensor<1025xf32>, v_threshold = dense<1.0> : tensor<1025xf32>, v_reset = dense<0.0> : tensor<1025xf32>, w_in = dense<1.0> : tensor<1025xf32>} : tensor<1025xf32>
  %output = nir.output "output"(%lif1) : tensor<1025xf32>
}

// -----

// 4097 inputs into one layer; a core has 4096 input axons.
nir.graph @core_in_axons attributes {dt = 1.000000e-03 : f64} {
  %input = nir.input "input" : tensor<4097xf32>
  %fc1 = nir.linear "fc1"(%input) {weight = dense<0.5> : tensor<2x4097xf32>} : tensor<4097xf32> -> tensor<2xf32>
  // expected-error@+1 {{design rule 'core_in_axons' of target 'loihi': node 'lif1': 4097 input axons (the inputs of the weights into the layer); limit 4096}}
  %lif1 = nir.cuba_lif "lif1"(%fc1) {tau_syn = dense<5.0e-3> : tensor<2xf32>, tau_mem = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>, w_in = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif1) : tensor<2xf32>
}

// -----

// 1000 neurons sending to 5 weight nodes: 5000 output axons, more than
// a core's 4096 (the layer they join has 5000 input axons, and the split
// and the join break the chain rule).
nir.graph @core_out_axons attributes {dt = 1.000000e-03 : f64} {
  %input = nir.input "input" : tensor<4xf32>
  %fc1 = nir.linear "fc1"(%input) {weight = dense<0.5> : tensor<1000x4xf32>} : tensor<4xf32> -> tensor<1000xf32>
  // expected-error@+2 {{design rule 'core_out_axons' of target 'loihi': node 'lif1': 5000 output axons (1000 neurons x 5 weight nodes they feed); limit 4096}}
  // expected-error@+1 {{design rule 'branching' of target 'loihi': node 'lif1': splits to 5 nodes (w1, w2, w3, w4, w5); the target runs chains only}}
  %lif1 = nir.cuba_lif "lif1"(%fc1) {tau_syn = dense<5.0e-3> : tensor<1000xf32>, tau_mem = dense<1.0e-2> : tensor<1000xf32>, r = dense<1.0> : tensor<1000xf32>, v_leak = dense<0.0> : tensor<1000xf32>, v_threshold = dense<1.0> : tensor<1000xf32>, v_reset = dense<0.0> : tensor<1000xf32>, w_in = dense<1.0> : tensor<1000xf32>} : tensor<1000xf32>
  %w1 = nir.linear "w1"(%lif1) {weight = dense<0.0> : tensor<2x1000xf32>} : tensor<1000xf32> -> tensor<2xf32>
  %w2 = nir.linear "w2"(%lif1) {weight = dense<0.0> : tensor<2x1000xf32>} : tensor<1000xf32> -> tensor<2xf32>
  %w3 = nir.linear "w3"(%lif1) {weight = dense<0.0> : tensor<2x1000xf32>} : tensor<1000xf32> -> tensor<2xf32>
  %w4 = nir.linear "w4"(%lif1) {weight = dense<0.0> : tensor<2x1000xf32>} : tensor<1000xf32> -> tensor<2xf32>
  %w5 = nir.linear "w5"(%lif1) {weight = dense<0.0> : tensor<2x1000xf32>} : tensor<1000xf32> -> tensor<2xf32>
  // expected-error@+2 {{design rule 'core_in_axons' of target 'loihi': node 'lif2': 5000 input axons (the inputs of the weights into the layer); limit 4096}}
  // expected-error@+1 {{design rule 'branching' of target 'loihi': node 'lif2': joins 5 nodes (w1, w2, w3, w4, w5); the target runs chains only}}
  %lif2 = nir.cuba_lif "lif2"(%w1, %w2, %w3, %w4, %w5) {tau_syn = dense<5.0e-3> : tensor<2xf32>, tau_mem = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>, w_in = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif2) : tensor<2xf32>
}

// -----

// A dense 1024x120 weight: per input axon 16 blocks of 64 8-bit weights,
// each 64 * 8 + 10 bits rounded up to 576, so 120 * 9216 = 1105920 bits,
// more than a core's 1048576 (nengo-loihi's SynapseConfig.bits_per_axon).
nir.graph @core_synapse_bits attributes {dt = 1.000000e-03 : f64} {
  %input = nir.input "input" : tensor<120xf32>
  %fc1 = nir.linear "fc1"(%input) {weight = dense<0.5> : tensor<1024x120xf32>} : tensor<120xf32> -> tensor<1024xf32>
  // expected-error@+1 {{design rule 'core_synapse_bits' of target 'loihi': node 'lif1': 1105920 synapse bits (dense 8-bit weights into the layer); limit 1048576}}
  %lif1 = nir.cuba_lif "lif1"(%fc1) {tau_syn = dense<5.0e-3> : tensor<1024xf32>, tau_mem = dense<1.0e-2> : tensor<1024xf32>, r = dense<1.0> : tensor<1024xf32>, v_leak = dense<0.0> : tensor<1024xf32>, v_threshold = dense<1.0> : tensor<1024xf32>, v_reset = dense<0.0> : tensor<1024xf32>, w_in = dense<1.0> : tensor<1024xf32>} : tensor<1024xf32>
  %fc2 = nir.linear "fc2"(%lif1) {weight = dense<0.5> : tensor<2x1024xf32>} : tensor<1024xf32> -> tensor<2xf32>
  %lif2 = nir.cuba_lif "lif2"(%fc2) {tau_syn = dense<5.0e-3> : tensor<2xf32>, tau_mem = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>, w_in = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif2) : tensor<2xf32>
}

// -----

// 129 layers of one neuron each; a Loihi 1 chip has 128 cores.
nir.graph @layers attributes {dt = 1.000000e-03 : f64} {
  %input = nir.input "input" : tensor<1xf32>
  %w1 = nir.linear "w1"(%input) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n1 = nir.cuba_lif "n1"(%w1) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w2 = nir.linear "w2"(%n1) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n2 = nir.cuba_lif "n2"(%w2) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w3 = nir.linear "w3"(%n2) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n3 = nir.cuba_lif "n3"(%w3) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w4 = nir.linear "w4"(%n3) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n4 = nir.cuba_lif "n4"(%w4) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w5 = nir.linear "w5"(%n4) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n5 = nir.cuba_lif "n5"(%w5) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w6 = nir.linear "w6"(%n5) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n6 = nir.cuba_lif "n6"(%w6) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w7 = nir.linear "w7"(%n6) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n7 = nir.cuba_lif "n7"(%w7) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w8 = nir.linear "w8"(%n7) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n8 = nir.cuba_lif "n8"(%w8) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w9 = nir.linear "w9"(%n8) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n9 = nir.cuba_lif "n9"(%w9) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w10 = nir.linear "w10"(%n9) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n10 = nir.cuba_lif "n10"(%w10) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w11 = nir.linear "w11"(%n10) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n11 = nir.cuba_lif "n11"(%w11) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w12 = nir.linear "w12"(%n11) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n12 = nir.cuba_lif "n12"(%w12) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w13 = nir.linear "w13"(%n12) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n13 = nir.cuba_lif "n13"(%w13) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w14 = nir.linear "w14"(%n13) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n14 = nir.cuba_lif "n14"(%w14) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w15 = nir.linear "w15"(%n14) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n15 = nir.cuba_lif "n15"(%w15) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w16 = nir.linear "w16"(%n15) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n16 = nir.cuba_lif "n16"(%w16) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w17 = nir.linear "w17"(%n16) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n17 = nir.cuba_lif "n17"(%w17) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w18 = nir.linear "w18"(%n17) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n18 = nir.cuba_lif "n18"(%w18) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w19 = nir.linear "w19"(%n18) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n19 = nir.cuba_lif "n19"(%w19) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w20 = nir.linear "w20"(%n19) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n20 = nir.cuba_lif "n20"(%w20) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w21 = nir.linear "w21"(%n20) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n21 = nir.cuba_lif "n21"(%w21) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w22 = nir.linear "w22"(%n21) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n22 = nir.cuba_lif "n22"(%w22) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w23 = nir.linear "w23"(%n22) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n23 = nir.cuba_lif "n23"(%w23) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w24 = nir.linear "w24"(%n23) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n24 = nir.cuba_lif "n24"(%w24) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w25 = nir.linear "w25"(%n24) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n25 = nir.cuba_lif "n25"(%w25) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w26 = nir.linear "w26"(%n25) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n26 = nir.cuba_lif "n26"(%w26) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w27 = nir.linear "w27"(%n26) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n27 = nir.cuba_lif "n27"(%w27) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w28 = nir.linear "w28"(%n27) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n28 = nir.cuba_lif "n28"(%w28) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w29 = nir.linear "w29"(%n28) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n29 = nir.cuba_lif "n29"(%w29) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w30 = nir.linear "w30"(%n29) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n30 = nir.cuba_lif "n30"(%w30) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w31 = nir.linear "w31"(%n30) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n31 = nir.cuba_lif "n31"(%w31) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w32 = nir.linear "w32"(%n31) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n32 = nir.cuba_lif "n32"(%w32) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w33 = nir.linear "w33"(%n32) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n33 = nir.cuba_lif "n33"(%w33) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w34 = nir.linear "w34"(%n33) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n34 = nir.cuba_lif "n34"(%w34) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w35 = nir.linear "w35"(%n34) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n35 = nir.cuba_lif "n35"(%w35) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w36 = nir.linear "w36"(%n35) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n36 = nir.cuba_lif "n36"(%w36) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w37 = nir.linear "w37"(%n36) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n37 = nir.cuba_lif "n37"(%w37) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w38 = nir.linear "w38"(%n37) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n38 = nir.cuba_lif "n38"(%w38) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w39 = nir.linear "w39"(%n38) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n39 = nir.cuba_lif "n39"(%w39) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w40 = nir.linear "w40"(%n39) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n40 = nir.cuba_lif "n40"(%w40) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w41 = nir.linear "w41"(%n40) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n41 = nir.cuba_lif "n41"(%w41) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w42 = nir.linear "w42"(%n41) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n42 = nir.cuba_lif "n42"(%w42) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w43 = nir.linear "w43"(%n42) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n43 = nir.cuba_lif "n43"(%w43) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w44 = nir.linear "w44"(%n43) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n44 = nir.cuba_lif "n44"(%w44) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w45 = nir.linear "w45"(%n44) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n45 = nir.cuba_lif "n45"(%w45) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w46 = nir.linear "w46"(%n45) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n46 = nir.cuba_lif "n46"(%w46) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w47 = nir.linear "w47"(%n46) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n47 = nir.cuba_lif "n47"(%w47) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w48 = nir.linear "w48"(%n47) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n48 = nir.cuba_lif "n48"(%w48) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w49 = nir.linear "w49"(%n48) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n49 = nir.cuba_lif "n49"(%w49) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w50 = nir.linear "w50"(%n49) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n50 = nir.cuba_lif "n50"(%w50) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w51 = nir.linear "w51"(%n50) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n51 = nir.cuba_lif "n51"(%w51) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w52 = nir.linear "w52"(%n51) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n52 = nir.cuba_lif "n52"(%w52) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w53 = nir.linear "w53"(%n52) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n53 = nir.cuba_lif "n53"(%w53) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w54 = nir.linear "w54"(%n53) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n54 = nir.cuba_lif "n54"(%w54) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w55 = nir.linear "w55"(%n54) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n55 = nir.cuba_lif "n55"(%w55) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w56 = nir.linear "w56"(%n55) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n56 = nir.cuba_lif "n56"(%w56) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w57 = nir.linear "w57"(%n56) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n57 = nir.cuba_lif "n57"(%w57) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w58 = nir.linear "w58"(%n57) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n58 = nir.cuba_lif "n58"(%w58) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w59 = nir.linear "w59"(%n58) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n59 = nir.cuba_lif "n59"(%w59) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w60 = nir.linear "w60"(%n59) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n60 = nir.cuba_lif "n60"(%w60) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w61 = nir.linear "w61"(%n60) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n61 = nir.cuba_lif "n61"(%w61) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w62 = nir.linear "w62"(%n61) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n62 = nir.cuba_lif "n62"(%w62) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w63 = nir.linear "w63"(%n62) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n63 = nir.cuba_lif "n63"(%w63) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w64 = nir.linear "w64"(%n63) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n64 = nir.cuba_lif "n64"(%w64) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w65 = nir.linear "w65"(%n64) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n65 = nir.cuba_lif "n65"(%w65) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w66 = nir.linear "w66"(%n65) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n66 = nir.cuba_lif "n66"(%w66) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w67 = nir.linear "w67"(%n66) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n67 = nir.cuba_lif "n67"(%w67) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w68 = nir.linear "w68"(%n67) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n68 = nir.cuba_lif "n68"(%w68) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w69 = nir.linear "w69"(%n68) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n69 = nir.cuba_lif "n69"(%w69) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w70 = nir.linear "w70"(%n69) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n70 = nir.cuba_lif "n70"(%w70) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w71 = nir.linear "w71"(%n70) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n71 = nir.cuba_lif "n71"(%w71) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w72 = nir.linear "w72"(%n71) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n72 = nir.cuba_lif "n72"(%w72) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w73 = nir.linear "w73"(%n72) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n73 = nir.cuba_lif "n73"(%w73) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w74 = nir.linear "w74"(%n73) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n74 = nir.cuba_lif "n74"(%w74) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w75 = nir.linear "w75"(%n74) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n75 = nir.cuba_lif "n75"(%w75) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w76 = nir.linear "w76"(%n75) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n76 = nir.cuba_lif "n76"(%w76) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w77 = nir.linear "w77"(%n76) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n77 = nir.cuba_lif "n77"(%w77) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w78 = nir.linear "w78"(%n77) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n78 = nir.cuba_lif "n78"(%w78) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w79 = nir.linear "w79"(%n78) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n79 = nir.cuba_lif "n79"(%w79) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w80 = nir.linear "w80"(%n79) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n80 = nir.cuba_lif "n80"(%w80) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w81 = nir.linear "w81"(%n80) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n81 = nir.cuba_lif "n81"(%w81) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w82 = nir.linear "w82"(%n81) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n82 = nir.cuba_lif "n82"(%w82) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w83 = nir.linear "w83"(%n82) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n83 = nir.cuba_lif "n83"(%w83) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w84 = nir.linear "w84"(%n83) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n84 = nir.cuba_lif "n84"(%w84) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w85 = nir.linear "w85"(%n84) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n85 = nir.cuba_lif "n85"(%w85) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w86 = nir.linear "w86"(%n85) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n86 = nir.cuba_lif "n86"(%w86) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w87 = nir.linear "w87"(%n86) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n87 = nir.cuba_lif "n87"(%w87) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w88 = nir.linear "w88"(%n87) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n88 = nir.cuba_lif "n88"(%w88) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w89 = nir.linear "w89"(%n88) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n89 = nir.cuba_lif "n89"(%w89) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w90 = nir.linear "w90"(%n89) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n90 = nir.cuba_lif "n90"(%w90) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w91 = nir.linear "w91"(%n90) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n91 = nir.cuba_lif "n91"(%w91) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w92 = nir.linear "w92"(%n91) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n92 = nir.cuba_lif "n92"(%w92) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w93 = nir.linear "w93"(%n92) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n93 = nir.cuba_lif "n93"(%w93) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w94 = nir.linear "w94"(%n93) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n94 = nir.cuba_lif "n94"(%w94) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w95 = nir.linear "w95"(%n94) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n95 = nir.cuba_lif "n95"(%w95) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w96 = nir.linear "w96"(%n95) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n96 = nir.cuba_lif "n96"(%w96) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w97 = nir.linear "w97"(%n96) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n97 = nir.cuba_lif "n97"(%w97) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w98 = nir.linear "w98"(%n97) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n98 = nir.cuba_lif "n98"(%w98) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w99 = nir.linear "w99"(%n98) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n99 = nir.cuba_lif "n99"(%w99) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w100 = nir.linear "w100"(%n99) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n100 = nir.cuba_lif "n100"(%w100) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w101 = nir.linear "w101"(%n100) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n101 = nir.cuba_lif "n101"(%w101) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w102 = nir.linear "w102"(%n101) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n102 = nir.cuba_lif "n102"(%w102) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w103 = nir.linear "w103"(%n102) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n103 = nir.cuba_lif "n103"(%w103) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w104 = nir.linear "w104"(%n103) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n104 = nir.cuba_lif "n104"(%w104) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w105 = nir.linear "w105"(%n104) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n105 = nir.cuba_lif "n105"(%w105) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w106 = nir.linear "w106"(%n105) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n106 = nir.cuba_lif "n106"(%w106) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w107 = nir.linear "w107"(%n106) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n107 = nir.cuba_lif "n107"(%w107) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w108 = nir.linear "w108"(%n107) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n108 = nir.cuba_lif "n108"(%w108) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w109 = nir.linear "w109"(%n108) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n109 = nir.cuba_lif "n109"(%w109) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w110 = nir.linear "w110"(%n109) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n110 = nir.cuba_lif "n110"(%w110) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w111 = nir.linear "w111"(%n110) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n111 = nir.cuba_lif "n111"(%w111) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w112 = nir.linear "w112"(%n111) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n112 = nir.cuba_lif "n112"(%w112) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w113 = nir.linear "w113"(%n112) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n113 = nir.cuba_lif "n113"(%w113) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w114 = nir.linear "w114"(%n113) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n114 = nir.cuba_lif "n114"(%w114) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w115 = nir.linear "w115"(%n114) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n115 = nir.cuba_lif "n115"(%w115) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w116 = nir.linear "w116"(%n115) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n116 = nir.cuba_lif "n116"(%w116) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w117 = nir.linear "w117"(%n116) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n117 = nir.cuba_lif "n117"(%w117) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w118 = nir.linear "w118"(%n117) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n118 = nir.cuba_lif "n118"(%w118) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w119 = nir.linear "w119"(%n118) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n119 = nir.cuba_lif "n119"(%w119) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w120 = nir.linear "w120"(%n119) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n120 = nir.cuba_lif "n120"(%w120) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w121 = nir.linear "w121"(%n120) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n121 = nir.cuba_lif "n121"(%w121) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w122 = nir.linear "w122"(%n121) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n122 = nir.cuba_lif "n122"(%w122) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w123 = nir.linear "w123"(%n122) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n123 = nir.cuba_lif "n123"(%w123) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w124 = nir.linear "w124"(%n123) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n124 = nir.cuba_lif "n124"(%w124) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w125 = nir.linear "w125"(%n124) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n125 = nir.cuba_lif "n125"(%w125) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w126 = nir.linear "w126"(%n125) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n126 = nir.cuba_lif "n126"(%w126) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w127 = nir.linear "w127"(%n126) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n127 = nir.cuba_lif "n127"(%w127) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w128 = nir.linear "w128"(%n127) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  %n128 = nir.cuba_lif "n128"(%w128) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %w129 = nir.linear "w129"(%n128) {weight = dense<0.5> : tensor<1x1xf32>} : tensor<1xf32> -> tensor<1xf32>
  // expected-error@+1 {{design rule 'layers' of target 'loihi': node 'n129': neuron layers: 129 in all, counted up to this node; limit 128}}
  %n129 = nir.cuba_lif "n129"(%w129) {tau_syn = dense<5.0e-3> : tensor<1xf32>, tau_mem = dense<1.0e-2> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<1.0> : tensor<1xf32>} : tensor<1xf32>
  %output = nir.output "output"(%n129) : tensor<1xf32>
}

// -----

// A split and a join: the NIR-to-Lava importer runs chains only.
nir.graph @branching attributes {dt = 1.000000e-03 : f64} {
  %input = nir.input "input" : tensor<4xf32>
  %fc1 = nir.linear "fc1"(%input) {weight = dense<0.5> : tensor<4x4xf32>} : tensor<4xf32> -> tensor<4xf32>
  // expected-error@+1 {{design rule 'branching' of target 'loihi': node 'lif1': splits to 2 nodes (a, b); the target runs chains only}}
  %lif1 = nir.cuba_lif "lif1"(%fc1) {tau_syn = dense<5.0e-3> : tensor<4xf32>, tau_mem = dense<1.0e-2> : tensor<4xf32>, r = dense<1.0> : tensor<4xf32>, v_leak = dense<0.0> : tensor<4xf32>, v_threshold = dense<1.0> : tensor<4xf32>, v_reset = dense<0.0> : tensor<4xf32>, w_in = dense<1.0> : tensor<4xf32>} : tensor<4xf32>
  %a = nir.linear "a"(%lif1) {weight = dense<0.5> : tensor<2x4xf32>} : tensor<4xf32> -> tensor<2xf32>
  %b = nir.linear "b"(%lif1) {weight = dense<0.5> : tensor<2x4xf32>} : tensor<4xf32> -> tensor<2xf32>
  // expected-error@+1 {{design rule 'branching' of target 'loihi': node 'lif2': joins 2 nodes (a, b); the target runs chains only}}
  %lif2 = nir.cuba_lif "lif2"(%a, %b) {tau_syn = dense<5.0e-3> : tensor<2xf32>, tau_mem = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>, w_in = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif2) : tensor<2xf32>
}

// -----

// A cycle through two layers: Lava reads only a neuron with its own
// recurrent weight.
nir.graph @recurrence attributes {dt = 1.000000e-03 : f64} {
  %input = nir.input "input" : tensor<4xf32>
  %fc1 = nir.linear "fc1"(%input) {weight = dense<0.5> : tensor<4x4xf32>} : tensor<4xf32> -> tensor<4xf32>
  // expected-error@+1 {{design rule 'recurrence' of target 'loihi': node 'lif1': is on a cycle of 4 nodes (lif1, fwd, lif2, back); the target runs only a neuron with its recurrent Affine/Linear}}
  %lif1 = nir.cuba_lif "lif1"(%fc1, %back) {tau_syn = dense<5.0e-3> : tensor<4xf32>, tau_mem = dense<1.0e-2> : tensor<4xf32>, r = dense<1.0> : tensor<4xf32>, v_leak = dense<0.0> : tensor<4xf32>, v_threshold = dense<1.0> : tensor<4xf32>, v_reset = dense<0.0> : tensor<4xf32>, w_in = dense<1.0> : tensor<4xf32>} : tensor<4xf32>
  %fwd = nir.linear "fwd"(%lif1) {weight = dense<0.5> : tensor<4x4xf32>} : tensor<4xf32> -> tensor<4xf32>
  %lif2 = nir.cuba_lif "lif2"(%fwd) {tau_syn = dense<5.0e-3> : tensor<4xf32>, tau_mem = dense<1.0e-2> : tensor<4xf32>, r = dense<1.0> : tensor<4xf32>, v_leak = dense<0.0> : tensor<4xf32>, v_threshold = dense<1.0> : tensor<4xf32>, v_reset = dense<0.0> : tensor<4xf32>, w_in = dense<1.0> : tensor<4xf32>} : tensor<4xf32>
  %back = nir.linear "back"(%lif2) {weight = dense<0.5> : tensor<4x4xf32>} : tensor<4xf32> -> tensor<4xf32>
  %fc2 = nir.linear "fc2"(%lif2) {weight = dense<0.5> : tensor<2x4xf32>} : tensor<4xf32> -> tensor<2xf32>
  %lif3 = nir.cuba_lif "lif3"(%fc2) {tau_syn = dense<5.0e-3> : tensor<2xf32>, tau_mem = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>, w_in = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif3) : tensor<2xf32>
}

// -----

// Linear -> Linear: lava-dl's importer needs a CubaLIF after each weight.
nir.graph @no_consecutive_weights attributes {dt = 1.000000e-03 : f64} {
  %input = nir.input "input" : tensor<4xf32>
  // expected-error@+1 {{design rule 'no_consecutive_weights' of target 'loihi': node 'fc1': feeds weight node 'fc2' (Linear) with no neuron between them}}
  %fc1 = nir.linear "fc1"(%input) {weight = dense<0.5> : tensor<4x4xf32>} : tensor<4xf32> -> tensor<4xf32>
  %fc2 = nir.linear "fc2"(%fc1) {weight = dense<0.5> : tensor<2x4xf32>} : tensor<4xf32> -> tensor<2xf32>
  %lif1 = nir.cuba_lif "lif1"(%fc2) {tau_syn = dense<5.0e-3> : tensor<2xf32>, tau_mem = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>, w_in = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif1) : tensor<2xf32>
}

// -----

// A bias: 'Non-zero bias not supported by Lava'.
nir.graph @weight_bias attributes {dt = 1.000000e-03 : f64} {
  %input = nir.input "input" : tensor<4xf32>
  // expected-error@+1 {{design rule 'weight_bias' of target 'loihi': node 'fc1': 2 non-zero bias elements, which the target refuses}}
  %fc1 = nir.affine "fc1"(%input) {weight = dense<0.5> : tensor<2x4xf32>, bias = dense<0.5> : tensor<2xf32>} : tensor<4xf32> -> tensor<2xf32>
  %lif1 = nir.cuba_lif "lif1"(%fc1) {tau_syn = dense<5.0e-3> : tensor<2xf32>, tau_mem = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>, w_in = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif1) : tensor<2xf32>
}

// -----

// Two membrane time constants in one layer; Lava's CUBA layer has one.
nir.graph @uniform_parameters attributes {dt = 1.000000e-03 : f64} {
  %input = nir.input "input" : tensor<4xf32>
  %fc1 = nir.linear "fc1"(%input) {weight = dense<0.5> : tensor<2x4xf32>} : tensor<4xf32> -> tensor<2xf32>
  // expected-error@+1 {{design rule 'uniform_parameters' of target 'loihi': node 'lif1': tau_mem ranges from 0.01 to 0.02; one value a layer}}
  %lif1 = nir.cuba_lif "lif1"(%fc1) {tau_syn = dense<5.0e-3> : tensor<2xf32>, tau_mem = dense<[1.0e-2, 2.0e-2]> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>, w_in = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif1) : tensor<2xf32>
}

// -----

// A leak potential: the importer needs v_leak = 0.
nir.graph @zero_parameters attributes {dt = 1.000000e-03 : f64} {
  %input = nir.input "input" : tensor<4xf32>
  %fc1 = nir.linear "fc1"(%input) {weight = dense<0.5> : tensor<2x4xf32>} : tensor<4xf32> -> tensor<2xf32>
  // expected-error@+1 {{design rule 'zero_parameters' of target 'loihi': node 'lif1': v_leak is 0.5 at index 0; must be 0}}
  %lif1 = nir.cuba_lif "lif1"(%fc1) {tau_syn = dense<5.0e-3> : tensor<2xf32>, tau_mem = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.5> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>, w_in = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif1) : tensor<2xf32>
}

// -----

// No time step (the importer fixes dt = 1e-4; the check asks the graph
// to declare it).
// expected-error@+1 {{design rule 'time_step' of target 'loihi': graph @time_step: declares no time step; give one with nir-discretize{dt=...} or a numeric 'dt' in the graph's metadata}}
nir.graph @time_step {
  %input = nir.input "input" : tensor<4xf32>
  %fc1 = nir.linear "fc1"(%input) {weight = dense<0.5> : tensor<8x4xf32>} : tensor<4xf32> -> tensor<8xf32>
  %lif1 = nir.cuba_lif "lif1"(%fc1, %rec) {tau_syn = dense<5.0e-3> : tensor<8xf32>, tau_mem = dense<1.0e-2> : tensor<8xf32>, r = dense<1.0> : tensor<8xf32>, v_leak = dense<0.0> : tensor<8xf32>, v_threshold = dense<1.0> : tensor<8xf32>, v_reset = dense<0.0> : tensor<8xf32>, w_in = dense<1.0> : tensor<8xf32>} : tensor<8xf32>
  %fc2 = nir.linear "fc2"(%lif1) {weight = dense<0.5> : tensor<2x8xf32>} : tensor<8xf32> -> tensor<2xf32>
  %lif2 = nir.cuba_lif "lif2"(%fc2) {tau_syn = dense<5.0e-3> : tensor<2xf32>, tau_mem = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>, w_in = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif2) : tensor<2xf32>
  %rec = nir.linear "rec"(%lif1) {weight = dense<0.5> : tensor<8x8xf32>} : tensor<8xf32> -> tensor<8xf32>
}

// -----

// tau_syn = dt (2^-10): the decay 4096 dt / tau = 4096 does not fit 12 bits
// either.
nir.graph @tau_above_dt attributes {dt = 9.765625e-04 : f64} {
  %input = nir.input "input" : tensor<4xf32>
  %fc1 = nir.linear "fc1"(%input) {weight = dense<0.5> : tensor<2x4xf32>} : tensor<4xf32> -> tensor<2xf32>
  // expected-error@+2 {{design rule 'tau_above_dt' of target 'loihi': node 'lif1': tau_syn is 0.000976562 at index 0, not above dt = 0.000976562}}
  // expected-error@+1 {{design rule 'decay_fixed_point' of target 'loihi': node 'lif1': tau_syn = 0.000976562 gives the decay round(4096 dt / tau) = 4096 at index 0; limit 1 to 4095 (12 bits)}}
  %lif1 = nir.cuba_lif "lif1"(%fc1) {tau_syn = dense<9.765625e-04> : tensor<2xf32>, tau_mem = dense<1.953125e-03> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>, w_in = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif1) : tensor<2xf32>
}

// -----

// tau_mem = 10 s: 4096 dt / tau = 0.41 rounds to 0, no decay at all.
nir.graph @decay_fixed_point attributes {dt = 1.000000e-03 : f64} {
  %input = nir.input "input" : tensor<4xf32>
  %fc1 = nir.linear "fc1"(%input) {weight = dense<0.5> : tensor<2x4xf32>} : tensor<4xf32> -> tensor<2xf32>
  // expected-error@+1 {{design rule 'decay_fixed_point' of target 'loihi': node 'lif1': tau_mem = 10 gives the decay round(4096 dt / tau) = 0 at index 0; limit 1 to 4095 (12 bits)}}
  %lif1 = nir.cuba_lif "lif1"(%fc1) {tau_syn = dense<5.0e-3> : tensor<2xf32>, tau_mem = dense<10.0> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>, w_in = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif1) : tensor<2xf32>
}
