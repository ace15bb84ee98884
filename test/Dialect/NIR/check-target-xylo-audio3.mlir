// RUN: nir-opt %s --nir-check-target=target=xylo-audio3 -split-input-file -verify-diagnostics | FileCheck %s

// nir-check-target with the built-in XyloAudio 3 target (targets/xylo-audio3.json): a
// graph that passes, and for each design rule of this target that the other Xylo files do not cover a graph that
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
