// The time step comes from the option, else the graph's `dt`, else its
// metadata; without one the pass fails.
// RUN: nir-opt %s --nir-discretize -split-input-file -verify-diagnostics | FileCheck %s
// RUN: nir-opt %s --nir-discretize=dt=0.25 -split-input-file | FileCheck %s --check-prefix=OPTION

// CHECK-LABEL: nir.graph @from_metadata attributes {dt = 5.000000e-01 : f64, metadata = {dt = 5.000000e-01 : f64}}
// CHECK: decay = dense<7.500000e-01>
// OPTION-LABEL: nir.graph @from_metadata attributes {dt = 2.500000e-01 : f64
// OPTION: decay = dense<8.750000e-01>
nir.graph @from_metadata attributes {metadata = {dt = 0.5 : f64}} {
  %input = nir.input "input" : tensor<1xf32>
  %li = nir.li "li"(%input) {tau = dense<2.0> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>} : tensor<1xf32>
  %output = nir.output "output"(%li) : tensor<1xf32>
}

// -----

// A graph discretized before keeps its dt; the factors are recomputed (the
// stale decay below is replaced).

// CHECK-LABEL: nir.graph @again attributes {dt = 1.000000e+00 : f64}
// CHECK: decay = dense<5.000000e-01> : tensor<1xf32>, gain = dense<5.000000e-01> : tensor<1xf32>
// OPTION-LABEL: nir.graph @again attributes {dt = 2.500000e-01 : f64}
// OPTION: decay = dense<8.750000e-01> : tensor<1xf32>, gain = dense<1.250000e-01> : tensor<1xf32>
nir.graph @again attributes {dt = 1.0 : f64} {
  %input = nir.input "input" : tensor<1xf32>
  %li = nir.li "li"(%input) {tau = dense<2.0> : tensor<1xf32>, r = dense<1.0> : tensor<1xf32>, v_leak = dense<0.0> : tensor<1xf32>, decay = dense<0.0> : tensor<1xf32>, gain = dense<0.0> : tensor<1xf32>} : tensor<1xf32>
  %output = nir.output "output"(%li) : tensor<1xf32>
}

// -----

// expected-error @+1 {{graph @none declares no time step; give one with --nir-discretize=dt=SECONDS}}
nir.graph @none {
  %input = nir.input "input" : tensor<1xf32>
  %output = nir.output "output"(%input) : tensor<1xf32>
}

// -----

// expected-error @+1 {{the metadata 'dt' is not a number}}
nir.graph @bad_metadata attributes {metadata = {dt = "fast"}} {
  %input = nir.input "input" : tensor<1xf32>
  %output = nir.output "output"(%input) : tensor<1xf32>
}
