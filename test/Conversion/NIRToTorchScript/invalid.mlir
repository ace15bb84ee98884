// What the raising cannot handle yet is diagnosed, naming the node.
// RUN: nir-opt %s --split-input-file --convert-nir-to-torchscript -verify-diagnostics

nir.graph @two_inputs {
  %a = nir.input "a" : tensor<2xf32>
  // expected-error @below {{cannot raise graph 'two_inputs' with several Input nodes yet (node 'b')}}
  %b = nir.input "b" : tensor<2xf32>
  %s = nir.scale "s"(%a, %b) {scale = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %output = nir.output "output"(%s) : tensor<2xf32>
}

// -----

nir.graph @two_outputs {
  %a = nir.input "a" : tensor<2xf32>
  %o1 = nir.output "o1"(%a) : tensor<2xf32>
  // expected-error @below {{cannot raise graph 'two_outputs' with several Output nodes yet (node 'o2')}}
  %o2 = nir.output "o2"(%a) : tensor<2xf32>
}

// -----

// expected-error @below {{cannot raise graph 'no_output': it needs exactly one Input and one Output node}}
nir.graph @no_output {
  %a = nir.input "a" : tensor<2xf32>
  %s = nir.scale "s"(%a) {scale = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
}

// -----

nir.graph @batched_weight {
  %a = nir.input "a" : tensor<3x2xf32>
  // expected-error @below {{cannot raise node 'fc' of type Linear to TorchScript: only 2-d weights are supported yet}}
  %fc = nir.linear "fc"(%a) {weight = dense<1.0> : tensor<3x4x2xf32>} : tensor<3x2xf32> -> tensor<3x4xf32>
  %output = nir.output "output"(%fc) : tensor<3x4xf32>
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
