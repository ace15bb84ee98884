// What the raising cannot handle is diagnosed, naming the node.
// RUN: nir-opt %s --split-input-file --convert-nir-to-torchscript -verify-diagnostics
// RUN: nir-opt %s --split-input-file --pass-pipeline='builtin.module(raise-nir-record-nesting,nir.graph(nir-inline-subgraphs,nir-schedule),raise-nir-graphs)' -verify-diagnostics

// expected-error @below {{cannot raise graph 'no_output': it needs at least one Input and one Output node}}
nir.graph @no_output {
  %a = nir.input "a" : tensor<2xf32>
  %s = nir.scale "s"(%a) {scale = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
}

// -----

nir.graph @long_delay {
  %a = nir.input "a" : tensor<2xf32>
  // expected-error @below {{cannot raise node 'd': its delays are not between 0 and 1e6 time steps of 1.000000e-04 s}}
  %d = nir.delay "d"(%a) {delay = dense<[1.0, 1000.0]> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%d) : tensor<2xf32>
}

// -----

nir.graph @unreached {
  %a = nir.input "a" : tensor<2xf32>
  // expected-error @below {{cannot raise node 'lonely' to TorchScript: it has no incoming edge}}
  %l = nir.scale "lonely"() {scale = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%a) : tensor<2xf32>
}

// -----

// expected-error @below {{cannot raise graph 'no_input': it needs at least one Input and one Output node}}
nir.graph @no_input {
  %s = nir.scale "s"(%s) {scale = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%s) : tensor<2xf32>
}
