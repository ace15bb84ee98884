// RUN: nir-opt %s --nir-discretize=dt=0.5 -split-input-file -verify-diagnostics | FileCheck %s

// Values are exact in binary so the factors can be checked exactly:
// k = dt / tau = 0.25, decay = 1 - k, gain = k * r.

// CHECK-LABEL: nir.graph @leaky attributes {dt = 5.000000e-01 : f64}
// CHECK: %[[IN:.*]] = nir.input "input"
// CHECK: nir.lif "lif"(%[[IN]]) {decay = dense<7.500000e-01> : tensor<2xf32>, gain = dense<1.000000e+00> : tensor<2xf32>, r = dense<4.000000e+00> : tensor<2xf32>, tau = dense<2.000000e+00> : tensor<2xf32>
// CHECK: nir.li "li"({{.*}}) {decay = dense<[5.000000e-01, 7.500000e-01]> : tensor<2xf32>, gain = dense<[5.000000e-01, 2.500000e-01]> : tensor<2xf32>
nir.graph @leaky {
  %input = nir.input "input" : tensor<2xf32>
  %lif = nir.lif "lif"(%input) {tau = dense<2.0> : tensor<2xf32>, r = dense<4.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>, v_threshold = dense<1.0> : tensor<2xf32>, v_reset = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %li = nir.li "li"(%lif) {tau = dense<[1.0, 2.0]> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%li) : tensor<2xf32>
}

// -----

// Integrators do not decay; their gain is dt * r.

// CHECK-LABEL: nir.graph @integrators
// CHECK: nir.i "i"({{.*}}) {decay = dense<1.000000e+00> : tensor<3xf32>, gain = dense<1.500000e+00> : tensor<3xf32>
// CHECK: nir.if "if"({{.*}}) {decay = dense<1.000000e+00> : tensor<3xf32>, gain = dense<[5.000000e-01, 1.000000e+00, 2.000000e+00]> : tensor<3xf32>
nir.graph @integrators {
  %input = nir.input "input" : tensor<3xf32>
  %i = nir.i "i"(%input) {r = dense<3.0> : tensor<3xf32>} : tensor<3xf32>
  %if = nir.if "if"(%i) {r = dense<[1.0, 2.0, 4.0]> : tensor<3xf32>, v_threshold = dense<1.0> : tensor<3xf32>, v_reset = dense<0.0> : tensor<3xf32>} : tensor<3xf32>
  %output = nir.output "output"(%if) : tensor<3xf32>
}

// -----

// Cuba neurons: k_syn = 0.5 / 4, k_mem = 0.5 / 1; syn_gain = k_syn * w_in,
// mem_gain = k_mem * r.

// CHECK-LABEL: nir.graph @cuba
// CHECK: nir.cuba_lif "c"({{.*}}) {mem_decay = dense<5.000000e-01> : tensor<1xf32>, mem_gain = dense<1.500000e+00> : tensor<1xf32>, r = {{.*}}, syn_decay = dense<8.750000e-01> : tensor<1xf32>, syn_gain = dense<2.500000e-01> : tensor<1xf32>
// CHECK: nir.cuba_li "d"({{.*}}) {mem_decay
nir.graph @cuba {
  %input = nir.input "input" : tensor<1xf32>
  %c = nir.cuba_lif "c"(%input) {tau_syn = dense<4.0> : tensor<1xf32>, tau_mem = dense<1.0> : tensor<1xf32>, r = dense<3.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, v_threshold = dense<1.0> : tensor<1xf32>, v_reset = dense<0.0> : tensor<1xf32>, w_in = dense<2.0> : tensor<1xf32>} : tensor<1xf32>
  %d = nir.cuba_li "d"(%c) {tau_syn = dense<4.0> : tensor<1xf32>, tau_mem = dense<1.0> : tensor<1xf32>, r = dense<3.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, w_in = dense<2.0> : tensor<1xf32>} : tensor<1xf32>
  %output = nir.output "output"(%d) : tensor<1xf32>
}

// -----

// Factors take the wider float type of the parameters they come from: an
// f64 tau with an f32 r gives f64 factors. Delays become step counts,
// rounded to even: 1.0 / 0.5 = 2, 1.25 / 0.5 = 2.5 -> 2, 0.75 / 0.5 = 1.5
// -> 2, 0.25 / 0.5 = 0.5 -> 0. Neurons inside nested graphs get factors too.

// CHECK-LABEL: nir.graph @types
// CHECK: nir.li "li"({{.*}}) {decay = dense<9.375000e-01> : tensor<1xf64>, gain = dense<1.250000e-01> : tensor<1xf64>
// CHECK: nir.delay "delay"({{.*}}) {delay = {{.*}}, steps = dense<[2, 2, 2, 0]> : tensor<4xi64>}
// CHECK: nir.subgraph "sub"
// CHECK:   nir.i "i"({{.*}}) {decay = dense<1.000000e+00> : tensor<4xf32>, gain = dense<5.000000e-01> : tensor<4xf32>
nir.graph @types {
  %input = nir.input "input" : tensor<1xf32>
  %li = nir.li "li"(%input) {tau = dense<8.0> : tensor<1xf64>, r = dense<2.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>} : tensor<1xf32>
  %x = nir.input "x" : tensor<4xf32>
  %delay = nir.delay "delay"(%x) {delay = dense<[1.0, 1.25, 0.75, 0.25]> : tensor<4xf32>} : tensor<4xf32>
  %sub = nir.subgraph "sub"(%delay) : tensor<4xf32> {
    %in = nir.input "input" : tensor<4xf32>
    %i = nir.i "i"(%in) {r = dense<1.0> : tensor<4xf32>} : tensor<4xf32>
    %out = nir.output "output"(%i) : tensor<4xf32>
  }
  %output = nir.output "output"(%li) : tensor<1xf32>
  %y = nir.output "y"(%sub) : tensor<4xf32>
}

// -----

// dt > tau: the Euler step overshoots; still written, with a warning.

// CHECK-LABEL: nir.graph @overshoot
// CHECK: decay = dense<-1.000000e+00>
nir.graph @overshoot {
  %input = nir.input "input" : tensor<1xf32>
  // expected-warning @+1 {{node 'li': dt / tau = 2 > 1 at index 0: the Euler step overshoots (negative decay)}}
  %li = nir.li "li"(%input) {tau = dense<0.25> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>} : tensor<1xf32>
  %output = nir.output "output"(%li) : tensor<1xf32>
}

// -----

nir.graph @zero_tau {
  %input = nir.input "input" : tensor<2xf32>
  // expected-error @+1 {{node 'li': the Euler step dt / tau is not finite at index 1 (tau = 0, dt = 0.5)}}
  %li = nir.li "li"(%input) {tau = dense<[1.0, 0.0]> : tensor<2xf32>, r = dense<1.0> : tensor<2xf32>, v_leak = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%li) : tensor<2xf32>
}

// -----

nir.graph @long_delay {
  %input = nir.input "input" : tensor<1xf32>
  // expected-error @+1 {{node 'delay': its delays are not between 0 and 1000000 time steps of 0.5 s}}
  %delay = nir.delay "delay"(%input) {delay = dense<1.0e7> : tensor<1xf32>} : tensor<1xf32>
  %output = nir.output "output"(%delay) : tensor<1xf32>
}
