// RUN: nir-opt %s --nir-check-target=target=xylo-imu -split-input-file -verify-diagnostics | FileCheck %s

// nir-check-target with the built-in XyloIMU target (targets/xylo-imu.json): a
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

// Two recurrent layers of 128 neurons: 32768 recurrent weights, more
// than XyloIMU's 31744.
nir.graph @recurrent_weights attributes {dt = 1.000000e-03 : f64} {
  %input = nir.input "input" : tensor<4xf32>
  %fc1 = nir.linear "fc1"(%input) {weight = dense<0.5> : tensor<100x4xf32>} : tensor<4xf32> -> tensor<100xf32>
  %lif1 = nir.lif "lif1"(%fc1) {tau = dense<1.0e-2> : tensor<100xf32>, r = dense<1.0> : tensor<100xf32>, v_leak = dense<0.0> : tensor<100xf32>, v_threshold = dense<1.0> : tensor<100xf32>, v_reset = dense<0.0> : tensor<100xf32>} : tensor<100xf32>
  %fc2 = nir.linear "fc2"(%lif1) {weight = dense<0.5> : tensor<128x100xf32>} : tensor<100xf32> -> tensor<128xf32>
  %lif2 = nir.lif "lif2"(%fc2, %rec2) {tau = dense<1.0e-2> : tensor<128xf32>, r = dense<1.0> : tensor<128xf32>, v_leak = dense<0.0> : tensor<128xf32>, v_threshold = dense<1.0> : tensor<128xf32>, v_reset = dense<0.0> : tensor<128xf32>} : tensor<128xf32>
  %fc3 = nir.linear "fc3"(%lif2) {weight = dense<0.5> : tensor<128x128xf32>} : tensor<128xf32> -> tensor<128xf32>
  %lif3 = nir.lif "lif3"(%fc3, %rec3) {tau = dense<1.0e-2> : tensor<128xf32>, r = dense<1.0> : tensor<128xf32>, v_leak = dense<0.0> : tensor<128xf32>, v_threshold = dense<1.0> : tensor<128xf32>, v_reset = dense<0.0> : tensor<128xf32>} : tensor<128xf32>
  %fc4 = nir.linear "fc4"(%lif3) {weight = dense<0.5> : tensor<2x128xf32>} : tensor<128xf32> -> tensor<2xf32>
  %lif4 = nir.lif "lif4"(%fc4) {tau = dense<1.0e-2> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%lif4) : tensor<2xf32>
  %rec2 = nir.linear "rec2"(%lif2) {weight = dense<0.5> : tensor<128x128xf32>} : tensor<128xf32> -> tensor<128xf32>
  // expected-error@+1 {{design rule 'recurrent_weights' of target 'xylo-imu': node 'rec3': non-zero weights on cycles: 32768 in all, counted up to this node; limit 31744}}
  %rec3 = nir.linear "rec3"(%lif3) {weight = dense<0.5> : tensor<128x128xf32>} : tensor<128xf32> -> tensor<128xf32>
}
